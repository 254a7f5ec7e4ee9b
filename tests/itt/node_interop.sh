#!/bin/sh
# Interop with V8's trace marks (docs/trace-marks.md, "V8 / node"): modules
# marked by `witt marks add --format=v8 --mark-func-index=defined` (and the
# marks of examples/saxpy.wat converted the same way) run under node with
# instruction tracing on and give the same results as the unmarked modules
# (and as witt), and V8 puts its native mark sequence where witt put the
# marks (checked in --print-wasm-code output when node can print code).
#
#   sh tests/itt/node_interop.sh path/to/witt
#
# Exit 77 (skipped) when node is absent or does not know the flags.
set -u
WITT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d /tmp/witt-itt-node.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
cd "$ROOT" || exit 1

# node 20 accepts all of these; --liftoff --no-wasm-tier-up keeps every
# function in Liftoff, the tier that emits the marks (TurboFan does not);
# --no-wasm-dynamic-tiering stops the budget-based tier-up as well.
TRACE_FLAGS="--experimental-wasm-instruction-tracing --liftoff --no-wasm-tier-up --no-wasm-dynamic-tiering"
if ! command -v node >/dev/null 2>&1; then
  echo "skipped: node is not installed"
  exit 77
fi
# shellcheck disable=SC2086
if ! node $TRACE_FLAGS -e 0 >/dev/null 2>&1; then
  echo "skipped: $(node --version) does not accept $TRACE_FLAGS"
  exit 77
fi
echo "node $(node --version), flags: $TRACE_FLAGS"

failures=0
checks=0
fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}
run() {  # run CMD...: runs, fails the test on a non-zero status
  if ! "$@"; then
    fail "command failed: $*"
  fi
}

# The modules: binaries without marks, then marked for V8.
run "$WITT" marks strip -o "$T/saxpy.wasm" examples/saxpy.wat
run "$WITT" marks add --format=v8 --mark-func-index=defined -o "$T/saxpy.marked.wasm" \
  "$T/saxpy.wasm" 'entry:saxpy=0x12' 'exit:saxpy=0x13'
run "$WITT" marks convert --to=v8 --mark-func-index=defined -o "$T/saxpy.text-marks.wasm" \
  examples/saxpy.wat
run "$WITT" marks strip -o "$T/interop.wasm" tests/itt/interop.wat
run "$WITT" marks add --format=v8 --mark-func-index=defined -o "$T/interop.marked.wasm" \
  "$T/interop.wasm" 'entry:dot=0x21' 'exit:dot=0x22' 'instr:main:0=0x23'

# node_results FILE FUNC ARG [FLAGS...]
node_results() {
  f=$1 fn=$2 arg=$3
  shift 3
  node "$@" "$HERE/node_run.mjs" "$f" "$fn" "$arg"
}

# ---- same results with and without marks (and as witt, for saxpy)
for case in "saxpy main 200" "interop main 5000"; do
  # shellcheck disable=SC2086
  set -- $case
  name=$1 fn=$2 arg=$3
  plain=$(node_results "$T/$name.wasm" "$fn" "$arg")
  for marked in "$T/$name.marked.wasm" "$T/$name.text-marks.wasm"; do
    [ -f "$marked" ] || continue
    checks=$((checks + 1))
    # shellcheck disable=SC2086
    got=$(node_results "$marked" "$fn" "$arg" $TRACE_FLAGS)
    # shellcheck disable=SC2086
    got_cpuid=$(node_results "$marked" "$fn" "$arg" $TRACE_FLAGS --wasm-trace-native=cpuid)
    if [ -z "$plain" ] || [ "$got" != "$plain" ] || [ "$got_cpuid" != "$plain" ]; then
      fail "$(basename "$marked"): node gives '$got' / '$got_cpuid' with marks, '$plain' without"
    else
      echo "ok   $(basename "$marked") $fn($arg) = $got under node, with and without marks"
    fi
  done
done
checks=$((checks + 1))
witt_saxpy=$("$WITT" run "$T/saxpy.marked.wasm" --invoke main 200)
node_saxpy=$(node_results "$T/saxpy.wasm" main 200)
if node -e "process.exit(Math.fround(Number('$witt_saxpy')) === Math.fround(Number('$node_saxpy')) ? 0 : 1)"; then
  echo "ok   witt gives the same f32 ($witt_saxpy) for the marked saxpy"
else
  fail "witt gives $witt_saxpy, node $node_saxpy"
fi

# ---- V8 places the marks: with --wasm-trace-native=cpuid each mark is
# `mov eax, 0x<id>4711; cpuid` in Liftoff's code.
# shellcheck disable=SC2086
node $TRACE_FLAGS --wasm-trace-native=cpuid --print-wasm-code "$HERE/node_run.mjs" \
  "$T/interop.marked.wasm" main 3 >"$T/code.txt" 2>&1
if ! grep -q "cpuid\|kind: wasm function" "$T/code.txt"; then
  echo "note: this node does not print wasm code: mark placement not checked"
else
  for id in 21 22 23; do
    checks=$((checks + 1))
    n=$(grep -ci "movl rax,0x00${id}4711\|movl rax,0x${id}4711" "$T/code.txt")
    if [ "$n" -ge 1 ]; then
      echo "ok   V8 emitted mark 0x$id ($n site(s))"
    else
      fail "V8 emitted no cpuid mark for id 0x$id (marks written with defined ordinals)"
    fi
  done
  # dot has one exit (its final end), one entry; main one mark.
  checks=$((checks + 1))
  total=$(grep -ci "movl rax,0x[0-9a-f]*4711" "$T/code.txt")
  if [ "$total" -eq 3 ]; then
    echo "ok   V8 emitted exactly the 3 marks witt wrote"
  else
    fail "V8 emitted $total cpuid marks, witt wrote 3"
  fi
  # The (trace_instruction 1) pair of examples/saxpy.wat, converted for V8.
  checks=$((checks + 1))
  # shellcheck disable=SC2086
  n=$(node $TRACE_FLAGS --wasm-trace-native=cpuid --print-wasm-code "$HERE/node_run.mjs" \
      "$T/saxpy.text-marks.wasm" main 1 2>&1 | grep -ci "movl rax,0x00014711\|movl rax,0x14711")
  if [ "$n" -eq 2 ]; then
    echo "ok   V8 emitted both marks of examples/saxpy.wat"
  else
    fail "V8 emitted $n of the 2 marks of examples/saxpy.wat"
  fi
  # For the record: the same marks in the full index space (the
  # code-metadata convention) do not reach dot in V8.
  run "$WITT" marks add --format=v8 --mark-func-index=full -o "$T/interop.full.wasm" \
    "$T/interop.wasm" 'entry:dot=0x21' 'exit:dot=0x22' 'instr:main:0=0x23' 2>/dev/null
  # shellcheck disable=SC2086
  n=$(node $TRACE_FLAGS --wasm-trace-native=cpuid --print-wasm-code "$HERE/node_run.mjs" \
      "$T/interop.full.wasm" main 3 2>&1 | grep -ci "movl rax,0x[0-9a-f]*4711")
  echo "note: with full-space function indices V8 emits $n of the 3 marks"
fi

echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ]
