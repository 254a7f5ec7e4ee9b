#!/usr/bin/env bash
# Runs one of witt's fuzz targets for a given time (docs/robustness.md):
#
#   tests/fuzz/run.sh TARGET SECONDS [libFuzzer options...]
#
# TARGET is decode (Module::fromBinary), text (Module::fromText), exec
# (instantiate and call every export with fuel) or wasi_path (WASI path
# resolution). Builds the targets with clang, libFuzzer, ASan and UBSan in
# ./build-fuzz (once), builds the corpus from the spec testsuite
# ($WITT_SHARED/spec-testsuite, else ../shared/spec-testsuite) plus the
# committed seeds (tests/fuzz/seeds/TARGET) and regression inputs
# (tests/regress/inputs/TARGET), then fuzzes at the lowest CPU priority.
# New corpus entries go to build-fuzz/corpus/TARGET (never committed);
# crashes, leaks, timeouts and out-of-memory inputs to
# build-fuzz/artifacts/TARGET/; the log to build-fuzz/logs/. Exits non-zero
# when the fuzzer found something.
set -euo pipefail
cd "$(dirname "$0")/../.."
if (($# < 2)); then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
target=$1 seconds=$2
shift 2
case $target in decode | text | exec | wasi_path) ;; *) echo "run.sh: unknown target '$target'" >&2; exit 2 ;; esac

build=build-fuzz
if ! command -v clang++ >/dev/null; then echo "run.sh: clang++ is needed (apt install clang)" >&2; exit 2; fi
mkdir -p $build/logs
if [ ! -f $build/build.ninja ]; then
  cmake -S tests/fuzz -B $build -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
    >$build/logs/configure.log 2>&1 || { cat $build/logs/configure.log >&2; exit 1; }
fi
nice -n 19 cmake --build $build --target fuzz_$target witt_extract_corpus >$build/logs/build.log 2>&1 ||
  { tail -50 $build/logs/build.log >&2; exit 1; }

shared=${WITT_SHARED:-../shared}
if [ ! -d $build/corpus/$target ]; then
  if [ ! -d "$shared/spec-testsuite" ]; then
    echo "run.sh: no spec testsuite in $shared: starting from the committed seeds only" >&2
    mkdir -p $build/corpus/$target
    cp tests/fuzz/seeds/$target/* tests/regress/inputs/$target/* $build/corpus/$target/ 2>/dev/null || true
  else
    python3 tests/fuzz/make_corpus.py $build "$shared/spec-testsuite"
  fi
fi

mkdir -p $build/artifacts/$target
log=$build/logs/$target-$(date +%Y%m%d-%H%M%S).log
dict=()
if [ -f tests/fuzz/$target.dict ]; then dict=(-dict=tests/fuzz/$target.dict); fi
echo "run.sh: fuzzing $target for ${seconds}s; log: $log" >&2
# -timeout: an input running longer than 10 s is a hang; -rss_limit_mb: a
# process above 2.5 GiB is an out-of-memory finding.
set +e
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
  nice -n 19 $build/fuzz_$target "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 \
  -print_final_stats=1 -artifact_prefix=$build/artifacts/$target/ "$@" $build/corpus/$target >"$log" 2>&1
status=$?
set -e
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" >&2 || true
grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*invariant violated|.*ALARM|.*out-of-memory)' "$log" | head -5 >&2 || true
ls $build/artifacts/$target >&2
exit $status
