#!/bin/sh
# Rebuilds the WASI test programs (tests/wasi/programs/*.c) and the example
# (examples/hello_wasi.c) into the .wasm files committed next to them.
# Needs clang with the wasm32-wasi target, wasm-ld and wasi-libc; on Debian:
#   apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
CC=${CC:-clang}
# -O2 and no debug info (wasi-libc's archive carries DWARF): small, and the
# name section stays for backtraces.
build() {
  echo "  $1 -> $2"
  "$CC" --target=wasm32-wasi -O2 -Wall -Wextra -Werror -Wl,--strip-debug -o "$2" "$1"
}
for c in "$here"/*.c; do
  build "$c" "${c%.c}.wasm"
done
build "$root/examples/hello_wasi.c" "$root/examples/hello_wasi.wasm"
