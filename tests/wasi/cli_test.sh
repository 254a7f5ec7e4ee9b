#!/bin/sh
# `witt run` as a WASI host: arguments, environment, directories, exit codes,
# traps (with output kept), and --invoke unchanged.
#   cli_test.sh WITT
# Ends with "N passed, N failed".
set -u
witt=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# check NAME EXPECTED-EXIT EXPECTED-STDOUT-GREP [EXPECTED-STDERR-GREP] -- COMMAND...
check() {
  name=$1 code=$2 out=$3 err=$4
  shift 5
  "$@" < /dev/null > "$tmp/out" 2> "$tmp/err"
  got=$?
  ok=1
  [ "$got" -eq "$code" ] || ok=0
  if [ -n "$out" ] && ! grep -q -e "$out" "$tmp/out"; then ok=0; fi
  if [ -n "$err" ] && ! grep -q -e "$err" "$tmp/err"; then ok=0; fi
  if [ $ok = 1 ]; then
    passed=$((passed + 1))
    echo "PASS $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name: exit $got (expected $code)"
    sed 's/^/    stdout: /' "$tmp/out"
    sed 's/^/    stderr: /' "$tmp/err"
  fi
}

hello=$root/examples/hello_wasi.wasm
progs=$here/programs
check hello-args 0 "argument 2: b" "" -- "$witt" run "$hello" -- a b
check hello-argv0 0 "I am $hello" "" -- "$witt" run "$hello"
check hello-args-without-dashdash 0 "argument 1: x" "" -- "$witt" run "$hello" x
check dashdash-passes-options 0 "argument 1: --dir" "" -- "$witt" run "$hello" -- --dir
check exit-code 7 "" "" -- "$witt" run "$here/cli/exit_code.wat"
check exit-code-arg 3 "" "" -- "$witt" run "$here/cli/exit_code.wat" -- 3
check args-exit-code 2 'argv\[2\]="two words"' "" -- "$witt" run "$progs/args_env.wasm" -- one "two words"
check env 0 "GREETING=hi there" "" -- "$witt" run --env "GREETING=hi there" "$progs/args_env.wasm"
check env-equals-form 0 "GREETING=x=y" "" -- "$witt" run --env=GREETING=x=y "$progs/args_env.wasm"
check env-empty 0 "environ: 0" "" -- "$witt" run "$progs/args_env.wasm"
check inherit-env 0 "WITT_CLI_TEST_VAR=inherited" "" -- \
  env WITT_CLI_TEST_VAR=inherited "$witt" run --inherit-env "$progs/args_env.wasm"
check env-from-host 0 "WITT_CLI_TEST_VAR=fromhost" "" -- \
  env WITT_CLI_TEST_VAR=fromhost "$witt" run --env WITT_CLI_TEST_VAR "$progs/args_env.wasm"
mkdir -p "$tmp/box/data" && printf 'hello\n' > "$tmp/box/data/input.txt"
check dir-root 0 "cat data/input.txt: \[hello" "" -- "$witt" run --dir "$tmp/box::/" "$progs/files.wasm"
check dir-guest-path 0 "open /data/input.txt .* refused" "" -- "$witt" run --dir "$tmp/box::/elsewhere" "$progs/sandbox.wasm"
check dir-sandbox 0 "open ../outside.txt .* refused" "" -- "$witt" run --dir "$tmp/box::/" "$progs/sandbox.wasm"
check dir-missing 2 "" "cannot open directory" -- "$witt" run --dir "$tmp/nope::/" "$hello"
check dir-without-value 2 "" "needs a value" -- "$witt" run "$hello" --dir
check trap-keeps-output 134 "written before the trap" "unreachable" -- "$witt" run "$here/cli/trap_after_write.wat"
check trap-backtrace 134 "" "wasm backtrace" -- "$witt" run "$here/cli/trap_after_write.wat"
check invoke-unchanged 0 "^5$" "" -- "$witt" run "$here/cli/add.wat" --invoke add 2 3
check invoke-wasi-reactor 0 "^1$" "" -- "$witt" run "$here/cli/reactor.wat" --invoke argc
check invoke-wasi-exit 4 "" "" -- "$witt" run "$here/cli/reactor.wat" --invoke quit 4
check no-start 2 "" "no exported function" -- "$witt" run "$here/cli/add.wat"
check help 0 "--dir HOST" "" -- "$witt" run --help
# A closed stdout is `pipe` for the guest, not a SIGPIPE death of witt.
( "$witt" run "$progs/stdin.wasm" < "$root/tests/wasi/programs/stdin.c" 2> "$tmp/err"
  echo $? > "$tmp/code" ) | true
code=$(cat "$tmp/code")
if [ $code -eq 0 ]; then passed=$((passed + 1)); echo "PASS closed-stdout"; else failed=$((failed + 1)); echo "FAIL closed-stdout"; fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
