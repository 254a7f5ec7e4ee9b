# Differential testing against V8 (tests/differential/diff.py, docs/robustness.md):
# a small deterministic run of 30 binaryen-generated modules. Skipped (77)
# when wasm-opt (binaryen) or node is not installed. The long run is
# tests/differential/run.sh --count N.
add_executable(witt_diff_runner ${CMAKE_CURRENT_SOURCE_DIR}/differential/diff_runner.cpp)
target_link_libraries(witt_diff_runner PRIVATE witt)
find_program(WITT_PYTHON3 python3 REQUIRED)
add_test(NAME differential_v8
         COMMAND ${WITT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/differential/diff.py run
                 --runner $<TARGET_FILE:witt_diff_runner> --count 30 --seed 1
                 --out ${CMAKE_CURRENT_BINARY_DIR}/differential-out)
set_tests_properties(differential_v8 PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
