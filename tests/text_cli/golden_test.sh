#!/bin/sh
# Golden tests of the text commands of the CLI: `witt print` (flat and
# folded), `witt wat2wasm` (output and errors), and `witt run` / `witt
# validate` on .wat files. Expected outputs are in tests/golden/print/*.expected:
# the command's standard output and error, then a line `exit N`.
#
#   sh tests/text_cli/golden_test.sh WITT GOLDEN_DIR
#   WITT_UPDATE_GOLDEN=1 sh tests/text_cli/golden_test.sh WITT GOLDEN_DIR   (rewrite them)
set -u
WITT=$1
DIR=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$DIR" || exit 1
fails=0

# check NAME EXPECTED CMD...: CMD's output and exit code against EXPECTED.
check() {
  name=$1
  expected=$2
  shift 2
  "$@" > "$TMP/out" 2>&1
  echo "exit $?" >> "$TMP/out"
  if [ -n "${WITT_UPDATE_GOLDEN:-}" ]; then
    cp "$TMP/out" "$expected"
    echo "updated: $expected"
  elif cmp -s "$TMP/out" "$expected"; then
    echo "ok: $name"
  else
    echo "FAIL: $name"
    diff -u "$expected" "$TMP/out" | head -60
    fails=$((fails + 1))
  fi
}

# expect NAME CONDITION...: a shell condition that must hold.
expect() {
  name=$1
  shift
  if "$@"; then
    echo "ok: $name"
  else
    echo "FAIL: $name"
    fails=$((fails + 1))
  fi
}

check "print flat" module.flat.expected "$WITT" print module.wat
check "print folded" module.fold.expected "$WITT" print --fold module.wat
check "print without index comments" add.print.expected "$WITT" print --no-indices add.wat
check "print usage" print_usage.expected "$WITT" print
check "print unknown option" print_option.expected "$WITT" print --bogus module.wat
check "print missing file" print_missing.expected "$WITT" print nosuch.wat
check "print text error" print_error.expected "$WITT" print bad_syntax.wat
check "wat2wasm syntax error" bad_syntax.expected "$WITT" wat2wasm bad_syntax.wat -o "$TMP/x.wasm"
check "wat2wasm invalid module" bad_type.expected "$WITT" wat2wasm bad_type.wat -o "$TMP/x.wasm"
check "wat2wasm misplaced branch hint" bad_hint.expected "$WITT" wat2wasm bad_hint.wat -o "$TMP/x.wasm"
check "wat2wasm usage" wat2wasm_usage.expected "$WITT" wat2wasm
check "run .wat" run_add.expected "$WITT" run add.wat --invoke add 2 3
check "validate .wat" validate.expected "$WITT" validate add.wat module.wat
check "validate invalid .wat" validate_invalid.expected "$WITT" validate bad_type.wat

# wat2wasm writes nothing for an invalid module, unless told not to validate.
expect "no output for an invalid module" test ! -e "$TMP/x.wasm"
"$WITT" wat2wasm --no-validate bad_type.wat -o "$TMP/x.wasm" > /dev/null 2>&1
expect "--no-validate writes it" test -s "$TMP/x.wasm"

# Default output name: IN with the extension .wasm.
cp add.wat "$TMP/add.wat"
"$WITT" wat2wasm "$TMP/add.wat" > /dev/null 2>&1
expect "default output name" test -s "$TMP/add.wasm"

# text -> binary -> text -> binary is byte-identical, flat and folded; the
# printed text of the printed text is the same text.
"$WITT" wat2wasm module.wat -o "$TMP/a.wasm"
for fold in "" --fold; do
  "$WITT" print $fold "$TMP/a.wasm" -o "$TMP/a.wat"
  "$WITT" wat2wasm "$TMP/a.wat" -o "$TMP/b.wasm"
  expect "round trip $fold" cmp -s "$TMP/a.wasm" "$TMP/b.wasm"
  "$WITT" print $fold "$TMP/b.wasm" > "$TMP/b.wat"
  expect "text fixpoint $fold" cmp -s "$TMP/a.wat" "$TMP/b.wat"
done

if [ "$fails" -ne 0 ]; then
  echo "$fails failure(s)"
  exit 1
fi
exit 0
