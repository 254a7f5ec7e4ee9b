# Golden outputs of `witt run --trace` and the --profile text reports, and
# checks of every report format (check_golden.py).
find_program(WITT_PYTHON3 python3)
if(WITT_PYTHON3)
  add_test(NAME trace.golden
           COMMAND ${WITT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/golden/check_golden.py
                   --witt $<TARGET_FILE:witt_cli> --bench ${CMAKE_SOURCE_DIR}/bench/wasm/small/recursion.wasm)
  set_tests_properties(trace.golden PROPERTIES TIMEOUT 600)
endif()
