# Regression inputs (tests/regress/inputs/<target>/) and the committed fuzz
# seeds (tests/fuzz/seeds/<target>/), replayed through the fuzz targets'
# harness: each must give a result or a clean error, never a crash or a hang.
add_executable(witt_regress ${CMAKE_CURRENT_SOURCE_DIR}/regress/regress_main.cpp
                            ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/harness.cpp)
target_link_libraries(witt_regress PRIVATE witt)
target_include_directories(witt_regress PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
add_test(NAME regress_inputs
         COMMAND witt_regress ${CMAKE_CURRENT_SOURCE_DIR}/regress/inputs ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/seeds)
set_tests_properties(regress_inputs PROPERTIES TIMEOUT 600)
