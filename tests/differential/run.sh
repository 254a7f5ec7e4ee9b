#!/usr/bin/env bash
# The long differential run against V8 (docs/robustness.md):
#
#   tests/differential/run.sh [--count N] [--seed S] [--reduce] [--keep] [--verbose] [--simd]
#
# Builds witt_diff_runner (Release) in ./build-robust, generates N modules
# with binaryen's wasm-opt -ttf from seeds S, S+1, ... (default: 1000 modules
# from seed 100000, so they differ from the CTest run's seeds 1-30), runs
# every export in witt and in node, and compares them. Divergences are saved
# in build-robust/differential-out/ (with --reduce, minimized by wasm-reduce
# too). Needs binaryen and nodejs (apt install binaryen nodejs).
set -euo pipefail
cd "$(dirname "$0")/../.."
count=1000 seed=100000 extra=()
while (($#)); do
  case $1 in
    --count) count=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --reduce | --keep | --verbose | --simd) extra+=("$1"); shift ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
build=build-robust
mkdir -p $build
if [ ! -f $build/build.ninja ]; then
  cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release >$build/configure.log 2>&1 ||
    { cat $build/configure.log >&2; exit 1; }
fi
nice cmake --build $build --target witt_diff_runner >$build/build-diff.log 2>&1 || { tail -40 $build/build-diff.log >&2; exit 1; }
exec nice python3 tests/differential/diff.py run --runner $build/tests/witt_diff_runner --count "$count" \
  --seed "$seed" --out $build/differential-out "${extra[@]}"
