// The witt command-line tool: a thin client of the public API.
// Subcommands live one per file (cmd_*.cpp); main.cpp dispatches.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "witt/engine.h"

namespace witt::cli {

// Exit codes (docs/cli.md).
enum Exit : int {
  kOk = 0,
  kFailure = 1,        // a wasm-level failure: trap, uncaught exception, assertion failures
  kUsage = 2,          // bad command line
  kLoadError = 3,      // the module could not be read, decoded, validated or linked
  kTrapExit = 134,     // a WASI command trapped (128 + SIGABRT, as wasmtime exits)
};

using Args = std::vector<std::string>;

int runCommand(const Args& args);
int validateCommand(const Args& args);
int wastCommand(const Args& args);
int dumpCodeCommand(const Args& args);
int marksCommand(const Args& args);
int printCommand(const Args& args);
int wat2wasmCommand(const Args& args);

// Prints "witt: <message>" to stderr; returns code.
int fail(int code, const std::string& message);
// Prints an Error with its file, position and backtrace.
void printError(const Error& e);

// Parses a command-line argument as a value of type t ("42", "-1", "0x10",
// "1.5", "nan", "inf"); empty on a malformed argument.
std::optional<Value> parseArgument(const std::string& text, ValType t);
// Prints a value as wasmtime's --invoke does (integers signed decimal, floats
// in shortest round-trip form).
std::string formatResult(const Value& v);

}  // namespace witt::cli
