# Golden tests of the CLI's text commands (`witt print`, `witt wat2wasm`, and
# `witt run` / `witt validate` on .wat files): tests/text_cli/golden_test.sh
# runs them over tests/golden/print/ and compares with the *.expected files
# there. To update those after an intended change:
#   WITT_UPDATE_GOLDEN=1 sh tests/text_cli/golden_test.sh build/witt tests/golden/print
add_test(NAME text_cli_golden
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/text_cli/golden_test.sh $<TARGET_FILE:witt_cli>
                 ${CMAKE_CURRENT_SOURCE_DIR}/golden/print)
set_tests_properties(text_cli_golden PROPERTIES TIMEOUT 120)
