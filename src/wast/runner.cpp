#include "wast/runner.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "binary/writer.h"
#include "wast/spectest.h"
#include "witt/engine.h"

namespace witt::wast {
namespace {

using text::ExpectedValue;
using text::ScriptAction;
using text::ScriptCommand;
using text::ScriptModule;

bool notSupported(const Error& e) { return e.message.find("not supported") != std::string::npos; }

std::string hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
  return buf;
}

// A value in the script's own syntax, with bit patterns for floats.
std::string describe(const Value& v) {
  char buf[96];
  switch (v.type.kind) {
    case ValType::I32:
      std::snprintf(buf, sizeof buf, "(i32.const %" PRId32 ")", static_cast<int32_t>(v.i32));
      return buf;
    case ValType::I64:
      std::snprintf(buf, sizeof buf, "(i64.const %" PRId64 ")", static_cast<int64_t>(v.i64));
      return buf;
    case ValType::F32:
      std::snprintf(buf, sizeof buf, "(f32.const %.9g [0x%08" PRIx32 "])",
                    static_cast<double>(v.f32), v.f32Bits());
      return buf;
    case ValType::F64:
      std::snprintf(buf, sizeof buf, "(f64.const %.17g [0x%016" PRIx64 "])", v.f64, v.f64Bits());
      return buf;
    case ValType::V128: {
      std::string s = "(v128.const i32x4";
      for (unsigned i = 0; i < 4; ++i) s += " " + hex(v.v128.lane<uint32_t>(i));
      return s + ")";
    }
    case ValType::Ref: {
      if (v.ref.isNull()) return "(ref.null " + toString(v.type.heap) + ")";
      if (v.type.heap == HeapType(AbsHeap::Extern))
        return "(ref.extern " + std::to_string(v.externHostValue()) + ")";
      return "(ref " + toString(v.type.heap) + ")";
    }
    case ValType::Bottom: break;
  }
  return "?";
}

std::string describe(const std::vector<Value>& vs) {
  if (vs.empty()) return "()";
  std::string s;
  for (const Value& v : vs) s += (s.empty() ? "" : " ") + describe(v);
  return s;
}

std::string describe(const Error& e) {
  return std::string(toString(e.kind)) + " \"" + e.message + "\"";
}

bool isCanonicalNan32(uint32_t b) { return (b & 0x7FFFFFFFu) == 0x7FC00000u; }
bool isArithmeticNan32(uint32_t b) { return (b & 0x7FC00000u) == 0x7FC00000u; }
bool isCanonicalNan64(uint64_t b) { return (b & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull; }
bool isArithmeticNan64(uint64_t b) { return (b & 0x7FF8000000000000ull) == 0x7FF8000000000000ull; }

bool isFuncRef(ValType t) {
  return t.isRef() && (t.heap.isIndex() || t.heap == HeapType(AbsHeap::Func) ||
                       t.heap == HeapType(AbsHeap::NoFunc));
}

// Whether `actual` matches `expected`; `unsupported` is set for patterns
// witt cannot check.
bool matches(const ExpectedValue& expected, const Value& actual, bool& unsupported) {
  using K = ExpectedValue::Kind;
  const Value& ev = expected.value;
  switch (expected.kind) {
    case K::Exact:
      if (ev.type.kind != actual.type.kind) return false;
      switch (ev.type.kind) {
        case ValType::I32: return ev.i32 == actual.i32;
        case ValType::I64: return ev.i64 == actual.i64;
        case ValType::F32: return ev.f32Bits() == actual.f32Bits();
        case ValType::F64: return ev.f64Bits() == actual.f64Bits();
        case ValType::V128: return ev.v128 == actual.v128;
        case ValType::Ref: return ev.ref == actual.ref;
        case ValType::Bottom: return false;
      }
      return false;
    case K::CanonicalNan:
    case K::ArithmeticNan: {
      bool canonical = expected.kind == K::CanonicalNan;
      if (ev.type.kind == ValType::F32)
        return actual.type.kind == ValType::F32 &&
               (canonical ? isCanonicalNan32(actual.f32Bits())
                          : isArithmeticNan32(actual.f32Bits()));
      if (ev.type.kind == ValType::F64)
        return actual.type.kind == ValType::F64 &&
               (canonical ? isCanonicalNan64(actual.f64Bits())
                          : isArithmeticNan64(actual.f64Bits()));
      return false;
    }
    case K::V128: {
      if (actual.type.kind != ValType::V128) return false;
      size_t lanes = expected.laneBits.size();
      if (lanes == 0) return false;
      size_t width = 16 / lanes;
      bool isFloat = expected.shape[0] == 'f';
      for (size_t i = 0; i < lanes; ++i) {
        uint64_t bits = 0;
        std::memcpy(&bits, actual.v128.bytes + i * width, width);
        uint8_t p = expected.lanePattern[i];
        if (p == 0) {
          uint64_t mask = width == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * width)) - 1;
          if ((bits & mask) != (expected.laneBits[i] & mask)) return false;
        } else if (isFloat && width == 4) {
          uint32_t b = static_cast<uint32_t>(bits);
          if (!(p == 1 ? isCanonicalNan32(b) : isArithmeticNan32(b))) return false;
        } else if (isFloat) {
          if (!(p == 1 ? isCanonicalNan64(bits) : isArithmeticNan64(bits))) return false;
        } else {
          return false;
        }
      }
      return true;
    }
    case K::RefNull: return actual.type.isRef() && actual.ref.isNull();
    case K::RefExtern:
      if (!actual.type.isRef() || actual.ref.isNull()) return false;
      if (!(actual.type.heap == HeapType(AbsHeap::Extern))) return false;
      return !expected.hostValue || actual.externHostValue() == *expected.hostValue;
    case K::RefFunc: return isFuncRef(actual.type) && !actual.ref.isNull();
    case K::RefExn:
      return actual.type.isRef() && !actual.ref.isNull() &&
             (actual.type.heap == HeapType(AbsHeap::Exn));
    case K::RefHost:
    case K::Unsupported: unsupported = true; return false;
    case K::Either:
      for (const auto& alt : expected.alternatives) {
        bool u = false;
        if (matches(alt, actual, u)) return true;
        unsupported |= u;
      }
      return false;
  }
  return false;
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

class Runner {
 public:
  Runner(const text::Script& script, const WastOptions& options) : s_(script), opt_(options) {
    addSpectest(imports_, options.printOutput);
  }

  WastResult run() {
    for (const ScriptCommand& c : s_.commands) {
      if (opt_.verbose) std::cerr << s_.file << ":" << c.line << ": " << c.text << "\n";
      command(c);
    }
    return std::move(r_);
  }

 private:
  // ---- outcomes
  void pass(const ScriptCommand& c) {
    ++r_.passed;
    r_.outcomes.emplace_back(c.line, 'p');
  }
  void fail(const ScriptCommand& c, std::string expected, std::string actual) {
    ++r_.failed;
    r_.outcomes.emplace_back(c.line, 'f');
    r_.failures.push_back({s_.file, c.line, c.text, std::move(expected), std::move(actual)});
  }
  void skip(const ScriptCommand& c, std::string reason) {
    ++r_.skipped;
    r_.outcomes.emplace_back(c.line, 's');
    r_.skips.push_back({c.line, std::move(reason)});
  }
  // An error assertion whose kind matched: compare the messages too.
  void passWithMessage(const ScriptCommand& c, const Error& e) {
    pass(c);
    if (!startsWith(e.message, c.message))
      r_.messageMismatches.push_back(
          {s_.file, c.line, c.text, "\"" + c.message + "\"", "\"" + e.message + "\""});
  }

  // ---- modules
  Result<Module> load(const ScriptModule& m) {
    LoadOptions lo;
    lo.fileName = s_.file;
    if (m.form == ScriptModule::Form::Binary) return Module::fromBinary(m.binary, lo);
    if (m.parseError) return *m.parseError;
    std::vector<uint8_t> bytes = binary::writeModule(*m.parsed);
    return Module::fromBinary(bytes, lo);
  }

  Result<Instance> instantiate(const Module& m) {
    InstanceOptions io;
    return Instance::create(m, imports_, io);
  }

  void markUnsupported(const ScriptModule& m) {
    current_.reset();
    currentUnsupported_ = true;
    if (!m.id.empty()) unsupportedIds_.insert(m.id);
  }

  void moduleCommand(const ScriptCommand& c) {
    const ScriptModule& m = *c.module;
    auto mod = load(m);
    if (!mod) {
      if (notSupported(mod.error())) {
        skip(c, mod.error().message);
        markUnsupported(m);
        if (m.isDefinition) unsupportedDefs_.insert(m.id);
        return;
      }
      fail(c, "module to load", describe(mod.error()));
      current_.reset();
      currentUnsupported_ = false;
      return;
    }
    if (m.isDefinition) {
      if (!m.id.empty()) definitions_.insert_or_assign(m.id, *mod);
      pass(c);
      return;
    }
    auto inst = instantiate(*mod);
    if (!inst) {
      if (importsUnsupported(*mod, inst.error())) {
        skip(c, "imports from a module that is not supported");
        markUnsupported(m);
        return;
      }
      fail(c, "module to instantiate", describe(inst.error()));
      current_.reset();
      currentUnsupported_ = false;
      return;
    }
    setCurrent(m.id, *inst);
    pass(c);
  }

  // Whether a link error comes from importing a module registered while it
  // was skipped as not supported.
  bool importsUnsupported(const Module& m, const Error& e) const {
    if (e.kind != ErrorKind::Unlinkable || unsupportedNames_.empty()) return false;
    for (const auto& im : m.imports())
      if (unsupportedNames_.count(im.module)) return true;
    return false;
  }

  void setCurrent(const std::string& id, const Instance& inst) {
    current_ = inst;
    currentUnsupported_ = false;
    if (!id.empty()) {
      named_.insert_or_assign(id, inst);
      unsupportedIds_.erase(id);
    }
  }

  void moduleInstance(const ScriptCommand& c) {
    if (unsupportedDefs_.count(c.moduleId)) {
      skip(c, "module definition not supported");
      currentUnsupported_ = true;
      current_.reset();
      if (!c.name.empty()) unsupportedIds_.insert(c.name);
      return;
    }
    auto it = definitions_.find(c.moduleId);
    if (it == definitions_.end()) {
      fail(c, "a module definition $" + c.moduleId, "none");
      return;
    }
    auto inst = instantiate(it->second);
    if (!inst) {
      fail(c, "module to instantiate", describe(inst.error()));
      return;
    }
    setCurrent(c.name, *inst);
    pass(c);
  }

  // The instance an action or register names; nullptr if none. `unsupported`
  // tells that it is a module witt skipped.
  const Instance* target(const std::string& id, bool& unsupported) {
    unsupported = false;
    if (!id.empty()) {
      if (unsupportedIds_.count(id)) {
        unsupported = true;
        return nullptr;
      }
      auto it = named_.find(id);
      return it == named_.end() ? nullptr : &it->second;
    }
    if (currentUnsupported_) {
      unsupported = true;
      return nullptr;
    }
    return current_ ? &*current_ : nullptr;
  }

  // Performs an action. Returns false (after recording a skip or failure)
  // when it cannot be performed at all.
  bool act(const ScriptCommand& c, const ScriptAction& a,
           std::optional<Result<std::vector<Value>>>& out) {
    bool unsupported = false;
    const Instance* inst = target(a.moduleId, unsupported);
    if (unsupported) {
      skip(c, "module not supported");
      return false;
    }
    if (!inst) {
      fail(c, "a module instance",
           a.moduleId.empty() ? "no current module" : "no module $" + a.moduleId);
      return false;
    }
    if (a.unsupportedArg) {
      skip(c, "argument not supported");
      return false;
    }
    if (a.kind == ScriptAction::Kind::Get) {
      auto g = inst->global(a.name);
      if (!g) {
        fail(c, "an exported global \"" + a.name + "\"", "none");
        return false;
      }
      out.emplace(std::vector<Value>{g->get()});
      return true;
    }
    out.emplace(inst->invoke(a.name, a.args, opt_.tracer ? *opt_.tracer : Tracer::none()));
    if (opt_.checkTrace) {
      std::string problem = opt_.checkTrace();
      if (!problem.empty()) {
        fail(c, "a consistent trace", problem);
        return false;
      }
    }
    return true;
  }

  void assertReturn(const ScriptCommand& c) {
    std::optional<Result<std::vector<Value>>> res;
    if (!act(c, *c.action, res)) return;
    std::string expected;
    for (const auto& e : c.expected) expected += (expected.empty() ? "" : " ") + e.text;
    if (expected.empty()) expected = "()";
    if (!res->ok()) {
      fail(c, expected, describe(res->error()));
      return;
    }
    const std::vector<Value>& vals = res->value();
    if (vals.size() != c.expected.size()) {
      fail(c, expected, describe(vals));
      return;
    }
    bool unsupported = false, ok = true;
    for (size_t i = 0; i < vals.size(); ++i) ok &= matches(c.expected[i], vals[i], unsupported);
    if (ok) {
      pass(c);
    } else if (unsupported) {
      skip(c, "expected value not supported");
    } else {
      fail(c, expected, describe(vals));
    }
  }

  // assert_trap / assert_exhaustion / assert_exception on an action.
  void assertActionError(const ScriptCommand& c, ErrorKind kind) {
    std::optional<Result<std::vector<Value>>> res;
    if (!act(c, *c.action, res)) return;
    std::string want = kind == ErrorKind::Exception ? "an exception" : "trap \"" + c.message + "\"";
    if (res->ok()) {
      fail(c, want, describe(res->value()));
      return;
    }
    const Error& e = res->error();
    if (e.kind != kind) {
      fail(c, want, describe(e));
      return;
    }
    if (kind == ErrorKind::Exception)
      pass(c);
    else
      passWithMessage(c, e);
  }

  // assert_trap on a module: it must load, and instantiating it must trap.
  void assertModuleTrap(const ScriptCommand& c) {
    auto mod = load(*c.module);
    if (!mod) {
      if (notSupported(mod.error())) return skip(c, mod.error().message);
      return fail(c, "trap \"" + c.message + "\"", describe(mod.error()));
    }
    auto inst = instantiate(*mod);
    if (inst) return fail(c, "trap \"" + c.message + "\"", "module instantiated");
    const Error& e = inst.error();
    if (e.kind != ErrorKind::Trap && e.kind != ErrorKind::Uninstantiable)
      return fail(c, "trap \"" + c.message + "\"", describe(e));
    passWithMessage(c, e);
  }

  // assert_invalid / assert_malformed and the custom-annotation variants.
  void assertLoadError(const ScriptCommand& c, ErrorKind kind, const char* what) {
    auto mod = load(*c.module);
    if (mod) return fail(c, std::string(what) + " \"" + c.message + "\"", "module loaded");
    const Error& e = mod.error();
    if (notSupported(e)) return skip(c, e.message);
    if (e.kind != kind) return fail(c, std::string(what) + " \"" + c.message + "\"", describe(e));
    passWithMessage(c, e);
  }

  // assert_unlinkable / assert_uninstantiable: load, then instantiation fails.
  void assertInstantiateError(const ScriptCommand& c, bool unlinkable) {
    const char* what = unlinkable ? "unlinkable" : "uninstantiable";
    auto mod = load(*c.module);
    if (!mod) {
      if (notSupported(mod.error())) return skip(c, mod.error().message);
      return fail(c, std::string(what) + " \"" + c.message + "\"", describe(mod.error()));
    }
    auto inst = instantiate(*mod);
    if (inst) return fail(c, std::string(what) + " \"" + c.message + "\"", "module instantiated");
    const Error& e = inst.error();
    bool kindOk = unlinkable ? e.kind == ErrorKind::Unlinkable
                             : (e.kind == ErrorKind::Uninstantiable || e.kind == ErrorKind::Trap);
    if (!kindOk) return fail(c, std::string(what) + " \"" + c.message + "\"", describe(e));
    passWithMessage(c, e);
  }

  void command(const ScriptCommand& c) {
    using K = ScriptCommand::Kind;
    switch (c.kind) {
      case K::Module: return moduleCommand(c);
      case K::ModuleInstance: return moduleInstance(c);
      case K::Register: {
        bool unsupported = false;
        const Instance* inst = target(c.moduleId, unsupported);
        if (unsupported) {
          // Imports from the skipped module will fail to link: remember the
          // name so that modules importing it are recognised as skipped.
          unsupportedNames_.insert(c.name);
          return;
        }
        if (!inst) return fail(c, "a module to register", "none");
        imports_.addInstance(c.name, *inst);
        unsupportedNames_.erase(c.name);
        return;
      }
      case K::Action: {
        std::optional<Result<std::vector<Value>>> res;
        if (!act(c, *c.action, res)) return;
        if (res->ok()) return pass(c);
        return fail(c, "success", describe(res->error()));
      }
      case K::AssertReturn: return assertReturn(c);
      case K::AssertTrap:
        if (c.module) return assertModuleTrap(c);
        return assertActionError(c, ErrorKind::Trap);
      case K::AssertExhaustion: return assertActionError(c, ErrorKind::Trap);
      case K::AssertException: return assertActionError(c, ErrorKind::Exception);
      case K::AssertInvalid: return assertLoadError(c, ErrorKind::Invalid, "invalid");
      case K::AssertMalformed: return assertLoadError(c, ErrorKind::Malformed, "malformed");
      case K::AssertMalformedCustom: return assertLoadError(c, ErrorKind::Malformed, "malformed");
      case K::AssertInvalidCustom: return assertLoadError(c, ErrorKind::Invalid, "invalid");
      case K::AssertUnlinkable: return assertInstantiateError(c, true);
      case K::AssertUninstantiable: return assertInstantiateError(c, false);
      case K::Unsupported: return skip(c, "command not supported");
    }
  }

  const text::Script& s_;
  WastOptions opt_;
  WastResult r_;
  Imports imports_;
  std::optional<Instance> current_;
  bool currentUnsupported_ = false;
  std::map<std::string, Instance> named_;
  std::set<std::string> unsupportedIds_;
  std::map<std::string, Module> definitions_;
  std::set<std::string> unsupportedDefs_;
  std::set<std::string> unsupportedNames_;  // registered names of skipped modules
};

}  // namespace

WastResult runParsedScript(const text::Script& script, const WastOptions& options) {
  return Runner(script, options).run();
}

Result<WastResult> runScriptText(std::string_view text, const std::string& fileName,
                                 const WastOptions& options) {
  auto script = text::parseScript(text, fileName);
  if (!script) return std::move(script).error();
  return runParsedScript(*script, options);
}

Result<WastResult> runScript(const std::string& path, const WastOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error e(ErrorKind::Io, "cannot open file");
    e.file = path;
    return e;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  return runScriptText(text, path, options);
}

std::string formatFailure(const WastFailure& f) {
  return f.file + ":" + std::to_string(f.line) + ": " + f.command + ": expected " + f.expected +
         ", got " + f.actual;
}

std::string formatSummary(const std::string& file, const WastResult& r) {
  return file + ": " + std::to_string(r.passed) + " passed, " + std::to_string(r.failed) +
         " failed, " + std::to_string(r.skipped) + " skipped";
}

}  // namespace witt::wast
