// The public API (include/witt/wasi.h): Wasi::create, addTo, run.
#include "witt/wasi.h"

#include <cstdio>
#include <cstdlib>

#include "wasi/abi.h"
#include "wasi/context.h"
#include "wasi/host_call.h"

namespace witt {

namespace wasi {

bool traceEnabled() {
  const char* v = std::getenv("WITT_WASI_TRACE");
  return v && *v && std::string_view(v) != "0";
}

void traceCall(const char* name, std::span<const Value> args, const Call& call, int errnoValue) {
  std::string line = "[wasi] ";
  line += name;
  line += '(';
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) line += ", ";
    line += args[i].type.kind == ValType::I64 ? std::to_string(static_cast<int64_t>(args[i].i64))
                                              : std::to_string(static_cast<int32_t>(args[i].i32));
  }
  line += ')';
  if (errnoValue >= 0) {
    line += " = ";
    line += errnoName(static_cast<Errno>(errnoValue));
  }
  if (call.outcome) line += " -> " + call.outcome->message;
  line += '\n';
  std::fputs(line.c_str(), stderr);
}

}  // namespace wasi

Result<Wasi> Wasi::create(WasiConfig config) {
  WITT_TRY(ctx, wasi::createContext(config));
  Wasi w;
  w.config_ = std::move(config);
  w.ctx_ = std::move(ctx);
  return w;
}

void Wasi::addTo(Imports& imports) const {
  wasi::Registry r(ctx_, imports);
  wasi::registerArgsEnv(r);
  wasi::registerClocks(r);
  wasi::registerRandom(r);
  wasi::registerFdIo(r);
  wasi::registerFdMeta(r);
  wasi::registerPath(r);
  wasi::registerPoll(r);
  wasi::registerProc(r);
  wasi::registerSock(r);
}

Result<int> Wasi::exitCodeOf(const Result<std::vector<Value>>& outcome) {
  if (outcome.ok()) return 0;
  if (outcome.error().kind == ErrorKind::Exit) return outcome.error().exitCode;
  return outcome.error();
}

bool Wasi::isWasiModule(const Module& module) {
  for (const Module::ImportInfo& i : module.imports())
    if (i.module == wasi::kModuleName) return true;
  return false;
}

// A command module: instantiate (running its start function, if any), then
// call `_start` (https://github.com/WebAssembly/WASI/blob/main/legacy/application-abi.md).
Result<int> Wasi::run(const Module& module, Tracer& tracer, const CallOptions& limits,
                      uint64_t maxMemoryBytes) const {
  auto start = module.exportNamed("_start");
  if (!start || start->kind != ExternKind::Func)
    return Error(ErrorKind::Usage,
                 "the module exports no _start function (a reactor is instantiated with "
                 "Wasi::addTo and its exports invoked)");
  if (!start->funcType.params.empty() || !start->funcType.results.empty())
    return Error(ErrorKind::Usage, "_start has type " + toString(start->funcType) +
                                       ", a WASI command's _start takes and returns nothing");
  Imports imports;
  addTo(imports);
  InstanceOptions options;
  options.tracer = &tracer == &Tracer::none() ? nullptr : &tracer;
  options.limits = limits;
  options.maxMemoryBytes = maxMemoryBytes;
  auto instance = Instance::create(module, imports, options);
  if (!instance.ok()) {
    if (instance.error().kind == ErrorKind::Exit) return instance.error().exitCode;
    return std::move(instance).error();
  }
  return exitCodeOf(instance->invoke("_start", {}, tracer, limits));
}

}  // namespace witt
