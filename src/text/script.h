// WAST scripts: the spec testsuite's format
// (https://github.com/WebAssembly/spec/tree/main/interpreter#scripts).
//
// This is the syntax only: a script is parsed into a list of commands whose
// modules are already parsed (text), collected (binary) or parsed from their
// quoted text. Running the commands against the engine is src/wast's job, so
// the parser can be tested without an engine.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/module.h"
#include "witt/result.h"
#include "witt/value.h"

namespace witt::text {

// A module as a script writes it.
struct ScriptModule {
  enum class Form : uint8_t { Text, Binary, Quote } form = Form::Text;
  std::string id;             // `$name`, without `$`; empty if none
  bool isDefinition = false;  // (module definition ...): compiled, not instantiated
  uint32_t line = 0;
  std::vector<uint8_t> binary;         // Binary: the concatenated strings
  std::string quote;                   // Quote: the concatenated strings
  std::optional<spec::Module> parsed;  // Text, Quote: the parsed module
  std::optional<Error> parseError;     // Text, Quote: why it did not parse
};

// A value a script passes as an argument.
struct ScriptAction {
  enum class Kind : uint8_t { Invoke, Get } kind = Kind::Invoke;
  std::string moduleId;  // empty: the current module
  std::string name;
  std::vector<Value> args;
  bool unsupportedArg = false;  // an argument witt cannot represent (GC references)
};

// An expected result of assert_return.
struct ExpectedValue {
  enum class Kind : uint8_t {
    Exact,         // `value`, compared bitwise (NaN payloads included)
    CanonicalNan,  // f32/f64 (type in value.type)
    ArithmeticNan,
    V128,         // lanes of `shape` with per-lane patterns
    RefNull,      // any null reference
    RefExtern,    // an externref; with `hostValue` if given, else any non-null
    RefFunc,      // any non-null funcref
    RefHost,      // (ref.host N): a host reference (GC's any.convert_extern)
    RefExn,       // any non-null exnref
    Either,       // one of `alternatives`
    Unsupported,  // a GC reference pattern witt cannot check
  };
  Kind kind = Kind::Exact;
  Value value;
  std::optional<uint64_t> hostValue;
  // V128: the lane shape ("i8x16", ..., "f64x2") and per lane: 0 exact,
  // 1 canonical NaN, 2 arithmetic NaN, with the exact lane bits in laneBits.
  std::string shape;
  std::vector<uint8_t> lanePattern;
  std::vector<uint64_t> laneBits;
  std::vector<ExpectedValue> alternatives;
  std::string text;  // the source spelling, for messages
};

struct ScriptCommand {
  enum class Kind : uint8_t {
    Module,          // (module ...): compile, instantiate unless definition, make current
    ModuleInstance,  // (module instance $I? $M)
    Register,        // (register "name" $id?)
    Action,          // (invoke ...) / (get ...)
    AssertReturn,
    AssertTrap,  // action or module
    AssertExhaustion,
    AssertException,
    AssertInvalid,
    AssertMalformed,
    AssertUnlinkable,
    AssertUninstantiable,
    AssertMalformedCustom,  // custom annotations: the module must not parse
    AssertInvalidCustom,
    Unsupported,  // a command of a proposal witt does not run (thread, wait, ...)
  };
  Kind kind = Kind::Module;
  uint32_t line = 0;
  std::shared_ptr<ScriptModule> module;  // Module, module assertions, assert_trap on a module
  std::optional<ScriptAction> action;
  std::vector<ExpectedValue> expected;
  std::string message;   // assertion message
  std::string name;      // Register: the name; ModuleInstance: the instance id
  std::string moduleId;  // Register: the module's id; ModuleInstance: the definition id
  std::string text;      // short spelling: "assert_return (invoke \"f\")"
};

struct Script {
  std::string file;
  std::vector<ScriptCommand> commands;
};

// Parses a script. A syntax error outside module bodies fails the whole
// script; a module that does not parse is kept with its parseError.
Result<Script> parseScript(std::string_view text, const std::string& fileName = "");

}  // namespace witt::text
