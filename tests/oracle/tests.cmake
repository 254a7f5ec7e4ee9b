# The independent check of `witt run --trace`'s instruction count (ops_oracle.py:
# every instruction of a module bumps a counter, node runs it), and the helper
# tool it and bench/trace_overhead.py use (trace_tool.cpp).
add_executable(witt_trace_tool ${CMAKE_CURRENT_SOURCE_DIR}/oracle/trace_tool.cpp)
target_link_libraries(witt_trace_tool PRIVATE witt)

find_program(WITT_PYTHON3 python3)
if(WITT_PYTHON3)
  set(oracle_specs)
  file(GLOB oracle_bench CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/bench/wasm/small/*.wasm)
  list(SORT oracle_bench)
  list(APPEND oracle_specs ${oracle_bench}
       ${CMAKE_SOURCE_DIR}/examples/saxpy.wat:main:3
       ${CMAKE_SOURCE_DIR}/examples/hello_wasi.wasm:wasi:a,b
       ${CMAKE_CURRENT_SOURCE_DIR}/oracle/control.wat:run
       ${CMAKE_CURRENT_SOURCE_DIR}/oracle/control.wat:trap)
  add_test(NAME trace.ops_oracle
           COMMAND ${WITT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/oracle/ops_oracle.py
                   --witt $<TARGET_FILE:witt_cli> --tool $<TARGET_FILE:witt_trace_tool> ${oracle_specs})
  # The same with a counter per function, against --profile=functions (bulk
  # counts exact at each call and return) on every benchmark.
  add_test(NAME trace.functions_oracle
           COMMAND ${WITT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/oracle/ops_oracle.py --functions
                   --witt $<TARGET_FILE:witt_cli> --tool $<TARGET_FILE:witt_trace_tool>
                   ${oracle_bench}
                   ${CMAKE_SOURCE_DIR}/examples/saxpy.wat:main:3
                   ${CMAKE_SOURCE_DIR}/examples/hello_wasi.wasm:wasi:a,b
                   ${CMAKE_CURRENT_SOURCE_DIR}/oracle/control.wat:run
                   ${CMAKE_CURRENT_SOURCE_DIR}/oracle/control.wat:trap)
  # 77: node is not installed (the scripts say so).
  set_tests_properties(trace.ops_oracle trace.functions_oracle PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1800)
endif()
