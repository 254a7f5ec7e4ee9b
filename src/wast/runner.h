// Running WAST scripts (the spec testsuite's format) against witt's engine.
//
// Each command of a script is one check: a module that must load and
// instantiate, an action that must not trap, or an assertion. An assertion
// passes when the outcome has the expected kind (the result values of
// assert_return; a Trap for assert_trap; Invalid for assert_invalid;
// Malformed for assert_malformed, where a text parse error counts; Unlinkable;
// Uninstantiable; an uncaught exception for assert_exception). When the kind
// matches but the error message does not start with the expected one, the
// assertion still passes and the difference is listed in messageMismatches.
//
// Commands witt cannot run are skipped, and only when that is certain: a
// module whose loading fails with a "not supported" error (GC types and
// instructions, threads, ...) and the commands that use it, expected values
// witt cannot represent (GC references), and commands of other proposals
// (thread, wait). Everything else that does not behave is a failure.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "text/script.h"
#include "witt/result.h"
#include "witt/tracer.h"

namespace witt::wast {

struct WastOptions {
  bool verbose = false;                 // print each command as it runs (to stderr)
  std::ostream* printOutput = nullptr;  // where spectest's print_* write; none: silent
  // Attached to every invocation of the script's actions (not to start
  // functions); none: they run untraced.
  Tracer* tracer = nullptr;
  // Called after each such invocation: a non-empty answer (what the tracer
  // saw that it should not have) fails the command instead of its assertion.
  std::function<std::string()> checkTrace;
};

// One command that did not behave, or one message that differs.
struct WastFailure {
  std::string file;
  uint32_t line = 0;
  std::string command;  // the command's source, shortened
  std::string expected;
  std::string actual;
};

struct WastSkip {
  uint32_t line = 0;
  std::string reason;
};

struct WastResult {
  uint64_t passed = 0, failed = 0, skipped = 0;
  std::vector<WastFailure> failures;
  std::vector<WastFailure> messageMismatches;  // passed, with another error message
  std::vector<WastSkip> skips;
  // Per-command outcome in script order, for tools that compare runs:
  // 'p' passed, 'f' failed, 's' skipped, with the command's line.
  std::vector<std::pair<uint32_t, char>> outcomes;
};

// Runs the script in `path`. An error only if the file cannot be read or the
// script itself does not parse; failing commands are in the result.
Result<WastResult> runScript(const std::string& path, const WastOptions& options = {});

// Runs a script given as text (named `fileName` in messages).
Result<WastResult> runScriptText(std::string_view text, const std::string& fileName,
                                 const WastOptions& options = {});

// Runs an already parsed script.
WastResult runParsedScript(const text::Script& script, const WastOptions& options = {});

// "file:line: <command>: expected <expected>, got <actual>"
std::string formatFailure(const WastFailure& f);

// A summary line: "file: 12 passed, 1 failed, 3 skipped".
std::string formatSummary(const std::string& file, const WastResult& r);

}  // namespace witt::wast
