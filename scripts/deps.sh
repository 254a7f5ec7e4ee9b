#!/usr/bin/env bash
# Installs what building and testing witt needs on Debian bookworm, with apt.
# Idempotent and quiet when everything is present; uses sudo when not root.
set -euo pipefail
# binaryen and nodejs: the differential test against V8 (tests/differential;
# Debian's node 18 runs it), which skips without them.
need=(cmake ninja-build g++ libgtest-dev python3 binaryen nodejs)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps.sh: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
