# Trace-mark tests beyond the unit tests (tests/unit/itt), see docs/trace-marks.md:
#  - itt_cli: `witt marks` and the run options (--region-report, --regions,
#    --native-marks, --perf-control, ...) against golden files
#    (tests/itt/cli_test.sh; `sh tests/itt/cli_test.sh build/witt --update`
#    rewrites them); drives a real `perf stat --control` when perf is there.
#  - itt_node_interop: a module marked by `witt marks add --format=v8
#    --mark-func-index=defined` runs under node's instruction tracing with the
#    same results as without marks, and V8 places the marks
#    (tests/itt/node_interop.sh); skipped when node is absent.
add_test(NAME itt_cli COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/itt/cli_test.sh $<TARGET_FILE:witt_cli>)
set_tests_properties(itt_cli PROPERTIES TIMEOUT 300)

add_test(NAME itt_node_interop
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/itt/node_interop.sh $<TARGET_FILE:witt_cli>)
set_tests_properties(itt_node_interop PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
