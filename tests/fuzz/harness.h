// The bodies of witt's fuzz targets, shared by the libFuzzer entry points
// (tests/fuzz/fuzz_*.cpp, built with clang by tests/fuzz/run.sh) and by the
// regression runner (tests/regress/regress_main.cpp, part of the normal
// build), so that a fuzzer finding kept in tests/regress/inputs/ is replayed
// by exactly the code that found it.
//
// Each function feeds one input to witt and checks what the runtime promises
// of any input (docs/robustness.md): a result or a clean error (a known kind
// and a non-empty message), never a crash, an exception or a hang. A broken
// promise calls `violation`, which prints the reason and aborts, so that
// libFuzzer records the input as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace witt::fuzz {

// What one input did, for the regression runner's report.
struct Outcome {
  std::string summary;  // "ok", "malformed: ...", "run: 3 exports, 1 trap", ...
};

// Decodes and validates a binary module (Module::fromBinary).
Outcome decodeBinary(std::span<const uint8_t> bytes);

// Parses a module in the text format (Module::fromText).
Outcome parseText(std::string_view text);

// Decodes a binary module, instantiates it with the spectest host module and
// stubs for every other import, and calls each exported function (at most
// kMaxCalls) with zero/null arguments under a fuel limit.
Outcome instantiateAndRun(std::span<const uint8_t> bytes);
inline constexpr uint64_t kFuelPerCall = 20000;
inline constexpr size_t kMaxCalls = 32;

// Resolves a guest path beneath a fixed sandbox directory (created on first
// use under $TMPDIR) with src/wasi/path_resolver.h, and checks that whatever
// it resolves to lies inside the sandbox. Input: one flag byte (bit 0:
// follow the final symlink; bits 1-2: how many of the following
// NUL-separated strings are targets of symlinks to create in the sandbox's
// scratch directory before resolving), then the strings, then the path.
Outcome resolveWasiPath(std::span<const uint8_t> bytes);

// Prints "witt fuzz: invariant violated: <what>" and aborts.
[[noreturn]] void violation(const std::string& what);

}  // namespace witt::fuzz
