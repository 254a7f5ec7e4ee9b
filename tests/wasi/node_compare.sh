#!/bin/sh
# Runs each program of tests/wasi/programs under witt and under node's
# node:wasi with the same arguments, environment, preopened directory (a
# fresh copy of programs/fixture for each run) and standard input, and
# compares their standard output and exit codes.
#   node_compare.sh WITT
# Ends with "N passed, N failed"; exits 77 (skipped) when node is absent.
set -u
witt=$1
here=$(cd "$(dirname "$0")" && pwd)
programs=$here/programs
if ! command -v node >/dev/null 2>&1; then
  echo "skipped: node is not installed (the comparison needs node's node:wasi)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# run HOST PROGRAM INPUT [ARGS...]: runs PROGRAM on HOST (witt or node) in a
# fresh copy of the fixture, its stdout and exit code in $tmp/HOST.out.
run() {
  host=$1 program=$2 input=$3
  shift 3
  rm -rf "$tmp/$host"
  cp -r "$programs/fixture" "$tmp/$host"
  if [ "$host" = witt ]; then
    printf '%s' "$input" | "$witt" run --dir "$tmp/$host::/" --env GREETING=hello \
      --env EMPTY= "$program" -- "$@" > "$tmp/$host.out" 2> "$tmp/$host.err"
  else
    printf '%s' "$input" | node --no-warnings "$here/node_run.mjs" "$program" \
      --dir "$tmp/$host::/" --env GREETING=hello --env EMPTY= -- "$@" \
      > "$tmp/$host.out" 2> "$tmp/$host.err"
  fi
  echo "exit $?" >> "$tmp/$host.out"
}

# case_ NAME "$p/PROGRAM.wasm" INPUT [ARGS...]: one comparison.
case_() {
  name=$1
  shift
  run witt "$@"
  run node "$@"
  if cmp -s "$tmp/witt.out" "$tmp/node.out"; then
    passed=$((passed + 1))
    echo "PASS $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name: witt and node differ (< witt, > node)"
    diff "$tmp/witt.out" "$tmp/node.out" | sed 's/^/    /'
    sed 's/^/    witt stderr: /' "$tmp/witt.err"
  fi
}

p=$programs
case_ args_env "$p/args_env.wasm" "" one "two words" "" 'quote"d'
case_ args_none "$p/args_env.wasm" ""
case_ files "$p/files.wasm" ""
case_ dirs "$p/dirs.wasm" ""
case_ clocks "$p/clocks.wasm" ""
case_ stdin "$p/stdin.wasm" "$(printf 'hello wasi\nsecond line here\nthird')"
case_ stdin_empty "$p/stdin.wasm" ""
case_ sandbox "$p/sandbox.wasm" ""
case_ hello "$here/../../examples/hello_wasi.wasm" "" a b
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
