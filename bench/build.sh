#!/usr/bin/env bash
# bench/build.sh - build the benchmark workloads.
#
# For every bench/src/NAME.c (except bench.h) this produces
#   bench/wasm/NAME.wasm          clang --target=wasm32 -O2 -nostdlib (committed)
#   bench/wasm/small/NAME.wasm    the same with -DBENCH_SMALL (~1/40 of the work)
#   bench/native/NAME             gcc -O2 + bench/native_main.c (not committed)
#   bench/native/small/NAME       the same with -DBENCH_SMALL
#
# Usage: bench/build.sh [--wasm-only | --native-only] [NAME ...]
# Re-running is safe: outputs are overwritten with identical results.
# Without clang/wasm-ld, the committed .wasm files are kept and only the
# native executables are built.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

CLANG="${CLANG:-clang}"
WASM_LD="${WASM_LD:-wasm-ld}"
CC_NATIVE="${CC_NATIVE:-gcc}"
do_wasm=1
do_native=1
names=()
for arg in "$@"; do
  case "$arg" in
    --wasm-only) do_native=0 ;;
    --native-only) do_wasm=0 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
    *) names+=("$arg") ;;
  esac
done
if [ ${#names[@]} -eq 0 ]; then
  for f in src/*.c; do names+=("$(basename "$f" .c)"); done
fi

# Flags. The wasm module imports nothing and exports `run` and `memory`.
# Compiling and linking are two steps (clang -c, then wasm-ld): the clang
# driver, when it links with -O2, also runs binaryen's wasm-opt -O2 if one is
# on PATH, which would make the output depend on what is installed (and
# wasm-opt inlines the kernels that are deliberately kept out of line).
# The link flags are those of `clang --target=wasm32 -O2 -nostdlib
# -Wl,--no-entry -Wl,--export=run`, plus: --stack-first puts the 1 MiB
# shadow stack below the data, so an overflow traps instead of silently
# corrupting static buffers.
WASM_CFLAGS=(--target=wasm32 -O2 -nostdlib -Wall -Wextra)
WASM_LDFLAGS=(--no-entry --export=run --stack-first -z stack-size=1048576)
# -ffp-contract=off: no fused multiply-add on targets that have it (wasm has
# none), so floating-point checksums match everywhere. -fno-math-errno: wasm's
# f64.sqrt sets no errno, so native sqrt should not pay for it either (the
# clang wasm32 build does not set errno).
NATIVE_FLAGS=(-O2 -ffp-contract=off -fno-math-errno -Wall -Wextra)

if [ $do_wasm -eq 1 ]; then
  if ! command -v "$CLANG" >/dev/null 2>&1 || ! command -v "$WASM_LD" >/dev/null 2>&1; then
    echo "build.sh: $CLANG or $WASM_LD not found; keeping the committed bench/wasm/*.wasm" >&2
    do_wasm=0
  fi
fi
if [ $do_native -eq 1 ] && ! command -v "$CC_NATIVE" >/dev/null 2>&1; then
  echo "build.sh: $CC_NATIVE not found; cannot build the native executables" >&2
  exit 1
fi

mkdir -p wasm/small native/small
objdir="$(mktemp -d)"
trap 'rm -rf "$objdir"' EXIT

result_bits() {
  # The checksum width, from the workload's definition of run().
  if grep -Eq '^(BENCH_RUN +)?uint64_t +run *\( *void *\)' "src/$1.c"; then echo 64
  elif grep -Eq '^(BENCH_RUN +)?uint32_t +run *\( *void *\)' "src/$1.c"; then echo 32
  else echo "build.sh: src/$1.c must define 'uint32_t run(void)' or 'uint64_t run(void)'" >&2; return 1
  fi
}

for name in "${names[@]}"; do
  src="src/$name.c"
  [ -f "$src" ] || { echo "build.sh: no such workload: $src" >&2; exit 1; }
  bits="$(result_bits "$name")"
  if [ $do_wasm -eq 1 ]; then
    echo "wasm    $name -> bench/wasm/$name.wasm, bench/wasm/small/$name.wasm"
    "$CLANG" "${WASM_CFLAGS[@]}" -c "$src" -o "$objdir/$name.o"
    "$WASM_LD" "${WASM_LDFLAGS[@]}" "$objdir/$name.o" -o "wasm/$name.wasm"
    "$CLANG" "${WASM_CFLAGS[@]}" -DBENCH_SMALL -c "$src" -o "$objdir/$name.small.o"
    "$WASM_LD" "${WASM_LDFLAGS[@]}" "$objdir/$name.small.o" -o "wasm/small/$name.wasm"
    chmod 644 "wasm/$name.wasm" "wasm/small/$name.wasm"
  fi
  if [ $do_native -eq 1 ]; then
    echo "native  $name -> bench/native/$name, bench/native/small/$name (i$bits result)"
    "$CC_NATIVE" "${NATIVE_FLAGS[@]}" -DBENCH_RESULT_BITS="$bits" "$src" native_main.c -o "native/$name" -lm
    "$CC_NATIVE" "${NATIVE_FLAGS[@]}" -DBENCH_RESULT_BITS="$bits" -DBENCH_SMALL "$src" native_main.c -o "native/small/$name" -lm
  fi
done
echo "build.sh: done (${#names[@]} workloads)"
