# The spec conformance gate (tests/spec/spec_gate.cpp): runs every .wast of
# $WITT_SHARED/spec-testsuite (or ../shared/spec-testsuite) and compares the
# failures with tests/spec/expected_failures.txt. Skipped (exit code 77) when
# the testsuite is absent.
add_executable(witt_spec_gate ${CMAKE_CURRENT_SOURCE_DIR}/spec/spec_gate.cpp)
target_link_libraries(witt_spec_gate PRIVATE witt_wast)
target_compile_definitions(witt_spec_gate PRIVATE WITT_SHARED_DEFAULT="${WITT_SHARED_DEFAULT}")
add_test(NAME spec_conformance
         COMMAND witt_spec_gate --expected ${CMAKE_CURRENT_SOURCE_DIR}/spec/expected_failures.txt)
set_tests_properties(spec_conformance PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 3600)
# The same gate with every action traced (--trace, cross_check_tracer.h):
# every event through hooks, then through batches, blocks one by one and in
# groups (kTraceBlockRuns), checked against each other; the Counting tracer against per-instruction counting; and the same
# outcomes as untraced.
foreach(mode hooks batches groups groups-batches counting)
  add_test(NAME spec_conformance_traced_${mode}
           COMMAND witt_spec_gate --trace ${mode}
                   --expected ${CMAKE_CURRENT_SOURCE_DIR}/spec/expected_failures.txt)
  set_tests_properties(spec_conformance_traced_${mode} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 3600)
endforeach()
