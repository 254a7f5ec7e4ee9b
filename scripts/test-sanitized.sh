#!/usr/bin/env bash
# Builds witt with AddressSanitizer and UndefinedBehaviorSanitizer into
# ./build-asan and runs the whole test suite there (docs/robustness.md).
# Every sanitizer report stops the process that made it and fails its test.
#
#   scripts/test-sanitized.sh [ctest arguments...]
#
# The build uses -O1 (the sanitizers' recommended level; -O0 would make the
# spec testsuite run several times slower) with line tables for the reports.
# GCC's -Wmaybe-uninitialized is unreliable under -fsanitize=address (GCC
# documents false positives with the sanitizers; here in <regex> and
# <functional>), so it is off in this build only.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
flags="-O1 -g1 -Wno-maybe-uninitialized"
cmake -S . -B build-asan -G Ninja -DWITT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE="$flags" -DCMAKE_C_FLAGS_RELEASE="$flags" >/dev/null
cmake --build build-asan
# halt_on_error: the first report ends the process (UBSan also gets
# -fno-sanitize-recover at compile time); abort_on_error: with a core-style
# exit status ctest reports as a failure; detect_leaks: LeakSanitizer at exit.
# AddressSanitizer's redzones make frames several times larger, so the
# recursive paths (text nesting up to 5,000 levels, host re-entries) need
# more than the default 8 MiB stack to reach the same limits as a release
# build; without it they stop early with their clean "too deep" errors and the
# tests that expect the release limits fail. (Smaller stacks are tested on
# purpose: tests/unit/base/small_stack.h.)
ulimit -s 65536 2>/dev/null || echo "test-sanitized.sh: cannot raise the stack limit to 64 MiB (hard limit $(ulimit -Hs))" >&2
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=0:strict_string_checks=1:check_initialization_order=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
ctest --test-dir build-asan --output-on-failure -j2 --timeout 3600 "$@"
