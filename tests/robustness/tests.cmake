# Robustness tests (docs/robustness.md): adversarial inputs measured for time
# and peak memory, and the CLI's limit options. Both drive the witt binary.
find_program(WITT_PYTHON3 python3 REQUIRED)
set(hostile_args)
if(WITT_SANITIZE)
  set(hostile_args --sanitized)
endif()
add_test(NAME hostile_inputs
         COMMAND ${WITT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/robustness/hostile/hostile.py
                 run $<TARGET_FILE:witt_cli> ${CMAKE_CURRENT_BINARY_DIR}/hostile ${hostile_args})
set_tests_properties(hostile_inputs PROPERTIES TIMEOUT 900 RUN_SERIAL ON)
add_test(NAME cli_limits
         COMMAND ${WITT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/robustness/cli_limits.py $<TARGET_FILE:witt_cli>)
set_tests_properties(cli_limits PROPERTIES TIMEOUT 300)
