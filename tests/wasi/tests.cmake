# WASI tests beyond the unit tests (tests/unit/wasi):
#  - wasi_testsuite: the WASI testsuite gate (tests/wasi/wasi_gate.cpp) runs
#    every wasm32-wasip1 test of $WITT_SHARED/wasi-testsuite (or
#    ../shared/wasi-testsuite) through `witt run` and compares the failures
#    with tests/wasi/expected_failures.txt. Skipped (exit code 77) when the
#    testsuite is absent.
#    wasi_testsuite_traced: the same under profiles (tracers attached).
#  - wasi_cli: `witt run` as a WASI host (tests/wasi/cli_test.sh).
#  - wasi_node_compare: tests/wasi/programs/*.wasm under witt and under node's
#    node:wasi, outputs compared (tests/wasi/node_compare.sh); skipped when
#    node is absent.
add_executable(witt_wasi_gate ${CMAKE_CURRENT_SOURCE_DIR}/wasi/wasi_gate.cpp)
target_compile_definitions(witt_wasi_gate PRIVATE WITT_SHARED_DEFAULT="${WITT_SHARED_DEFAULT}")
add_dependencies(witt_wasi_gate witt_cli)
add_test(NAME wasi_testsuite
         COMMAND witt_wasi_gate --witt $<TARGET_FILE:witt_cli>
                 --expected ${CMAKE_CURRENT_SOURCE_DIR}/wasi/expected_failures.txt)
set_tests_properties(wasi_testsuite PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1800)
# The same tests traced: the opcode histogram (instruction runs) and the call
# tree (call events, metered counts) attached, reports thrown away; outputs
# and exit codes must not change.
add_test(NAME wasi_testsuite_traced
         COMMAND witt_wasi_gate --witt $<TARGET_FILE:witt_cli>
                 --witt-arg --profile=histogram,calltree --witt-arg --profile-out=/dev/null
                 --expected ${CMAKE_CURRENT_SOURCE_DIR}/wasi/expected_failures.txt)
set_tests_properties(wasi_testsuite_traced PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1800)

add_test(NAME wasi_cli
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/wasi/cli_test.sh $<TARGET_FILE:witt_cli>)
set_tests_properties(wasi_cli PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)

add_test(NAME wasi_node_compare
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/wasi/node_compare.sh $<TARGET_FILE:witt_cli>)
set_tests_properties(wasi_node_compare PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)

# The unit tests' guest harness (tests/unit/wasi/wasi_harness.h) builds its
# guest modules from WAT, which needs the text frontend.
if(TARGET witt_wasi_tests)
  target_sources(witt_wasi_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/wasi/wasi_harness.cpp)
  target_link_libraries(witt_wasi_tests PRIVATE witt_frontend)
endif()
