#!/usr/bin/env bash
# Builds witt and runs the whole test suite (unit tests, spec testsuite gate,
# WASI testsuite, CLI golden tests). The spec and WASI suites are read from
# $WITT_SHARED, else ../shared; when absent, those tests say so and skip.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
ctest --test-dir build --output-on-failure -j2
