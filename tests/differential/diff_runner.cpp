// witt's side of the differential test against V8 (tests/differential/diff.py):
//
//   witt_diff_runner MODULE.wasm PLAN [FUEL_PER_CALL] [TIMEOUT_MS_PER_CALL]
//
// Instantiates MODULE with binaryen's fuzzing-support imports (log-i32,
// log-i64, log-f32, log-f64, log-v128), then runs PLAN: one line per call,
//   call EXPORT [TYPE:BITS]...     (TYPE i32, i64, f32, f64, ref; BITS hex)
//   reset EXPORT                   (a call whose outcome is not reported:
//                                   binaryen's hangLimitInitializer)
// and prints what happened, in the same line format as node_runner.js:
//   instantiate ok | instantiate error KIND MESSAGE
//   call EXPORT ok V...  | call EXPORT trap|stack|limit|error MESSAGE
//   log INDEX V          (a fuzzing-support call during call INDEX)
//   memory NAME BYTES FNV1A32
//   global NAME V
// With WITT_DIFF_DUMP=PREFIX in the environment, each exported memory is also
// written to PREFIX.NAME (node_runner.js does the same), to compare with cmp.
// Values: i32:U, i64:U (unsigned decimal), f32:HEX / f64:HEX (bits) or
// f32:nan / f64:nan, ref:null / ref:nonnull, v128:HEX.
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "witt/engine.h"

namespace {

using namespace witt;

std::string fmt(const Value& v) {
  char buf[64];
  switch (v.type.kind) {
    case ValType::I32: std::snprintf(buf, sizeof buf, "i32:%" PRIu32, v.i32); break;
    case ValType::I64: std::snprintf(buf, sizeof buf, "i64:%" PRIu64, v.i64); break;
    case ValType::F32:
      if (std::isnan(v.f32)) return "f32:nan";
      std::snprintf(buf, sizeof buf, "f32:%08" PRIx32, v.f32Bits());
      break;
    case ValType::F64:
      if (std::isnan(v.f64)) return "f64:nan";
      std::snprintf(buf, sizeof buf, "f64:%016" PRIx64, v.f64Bits());
      break;
    case ValType::Ref: return v.ref.isNull() ? "ref:null" : "ref:nonnull";
    case ValType::V128: {
      std::string s = "v128:";
      for (int i = 15; i >= 0; --i) {
        std::snprintf(buf, sizeof buf, "%02x", v.v128.bytes[i]);
        s += buf;
      }
      return s;
    }
    default: return "?";
  }
  return buf;
}

bool parseValue(const std::string& tok, ValType t, Value& out) {
  size_t colon = tok.find(':');
  if (colon == std::string::npos) return false;
  std::string bits = tok.substr(colon + 1);
  uint64_t b = std::strtoull(bits.c_str(), nullptr, 16);
  switch (t.kind) {
    case ValType::I32: out = Value::fromI32(static_cast<uint32_t>(b)); return true;
    case ValType::I64: out = Value::fromI64(b); return true;
    case ValType::F32: out = Value::fromF32Bits(static_cast<uint32_t>(b)); return true;
    case ValType::F64: out = Value::fromF64Bits(b); return true;
    case ValType::Ref: out = Value::nullRef(t); return true;
    default: return false;
  }
}

uint32_t fnv1a(const uint8_t* p, uint64_t n) {
  uint32_t h = 2166136261u;
  for (uint64_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

// One line per error: no newlines in messages.
std::string oneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

const char* trapClass(const Error& e) {
  if (e.kind != ErrorKind::Trap) return e.kind == ErrorKind::Exception ? "trap" : "error";
  if (e.trap == TrapKind::CallStackExhausted) return "stack";
  if (e.trap == TrapKind::OutOfFuel || e.trap == TrapKind::Timeout) return "limit";
  return "trap";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: witt_diff_runner MODULE.wasm PLAN [FUEL_PER_CALL] [TIMEOUT_MS]\n");
    return 2;
  }
  CallOptions limits;
  limits.fuel = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 200'000'000;
  limits.timeoutMs = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 20'000;

  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto module = Module::fromBinary(bytes);
  if (!module.ok()) {
    std::printf("instantiate error %s %s\n", toString(module.error().kind), oneLine(module.error().message).c_str());
    return 0;
  }

  int callIndex = -1;
  Imports imports;
  auto logger = [&](ValType) {
    return [&callIndex](Caller&, std::span<const Value> args, std::span<Value>) -> Result<void> {
      std::printf("log %d %s\n", callIndex, fmt(args[0]).c_str());
      return Result<void>();
    };
  };
  for (auto [name, type] : {std::pair{"log-i32", ValType(ValType::I32)}, std::pair{"log-i64", ValType(ValType::I64)},
                            std::pair{"log-f32", ValType(ValType::F32)}, std::pair{"log-f64", ValType(ValType::F64)},
                            std::pair{"log-v128", ValType(ValType::V128)}})
    imports.addFunction("fuzzing-support", name, FuncType{{type}, {}}, logger(type));

  InstanceOptions io;
  io.limits = limits;
  auto inst = Instance::create(*module, imports, io);
  if (!inst.ok()) {
    std::printf("instantiate error %s %s\n", trapClass(inst.error()), oneLine(inst.error().message).c_str());
    return 0;
  }
  std::printf("instantiate ok\n");

  std::ifstream plan(argv[2]);
  std::string line;
  while (std::getline(plan, line)) {
    std::istringstream ls(line);
    std::string verb, name;
    ls >> verb >> name;
    if (verb != "call" && verb != "reset") continue;
    auto exp = module->exportNamed(name);
    if (!exp || exp->kind != ExternKind::Func) {
      if (verb == "call") std::printf("call %s error no such export\n", name.c_str());
      continue;
    }
    std::vector<Value> args;
    std::string tok;
    bool bad = false;
    for (size_t i = 0; ls >> tok; ++i) {
      Value v;
      if (i >= exp->funcType.params.size() || !parseValue(tok, exp->funcType.params[i], v)) bad = true;
      args.push_back(v);
    }
    if (bad || args.size() != exp->funcType.params.size()) {
      std::printf("call %s error bad arguments\n", name.c_str());
      continue;
    }
    if (verb == "call") ++callIndex;
    auto r = inst->invoke(name, args, Tracer::none(), limits);
    if (verb == "reset") continue;
    if (!r.ok()) {
      std::printf("call %s %s %s\n", name.c_str(), trapClass(r.error()), oneLine(r.error().message).c_str());
      continue;
    }
    std::string out = "call " + name + " ok";
    for (const Value& v : *r) out += " " + fmt(v);
    std::printf("%s\n", out.c_str());
  }

  for (const Module::ExportInfo& e : module->exports()) {
    if (e.kind == ExternKind::Memory) {
      auto m = inst->memory(e.name);
      std::printf("memory %s %" PRIu64 " %08" PRIx32 "\n", e.name.c_str(), m->size(), fnv1a(m->data(), m->size()));
      if (const char* dump = std::getenv("WITT_DIFF_DUMP")) {  // for investigating a divergence
        std::ofstream o(std::string(dump) + "." + e.name, std::ios::binary);
        o.write(reinterpret_cast<const char*>(m->data()), static_cast<std::streamsize>(m->size()));
      }
    } else if (e.kind == ExternKind::Global) {
      std::printf("global %s %s\n", e.name.c_str(), fmt(inst->global(e.name)->get()).c_str());
    }
  }
  return 0;
}
