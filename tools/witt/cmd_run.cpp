// witt run FILE [--invoke NAME [ARGS...]]
// witt run FILE [--dir HOST[::GUEST]]... [--env K=V]... [--inherit-env] [-- ARGS...]
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli.h"
#include "run_extension.h"
#include "witt/tracers.h"
#include "witt/wasi.h"

namespace witt::cli {

namespace {
const char* kRunUsage =
    "usage: witt run [options] FILE [--invoke NAME [ARGS...]]\n"
    "       witt run [options] FILE [WASI options] [-- ARGS...]\n"
    "  Runs a module (.wasm or .wat). With --invoke, calls the exported function\n"
    "  NAME with ARGS parsed by its parameter types and prints each result on its\n"
    "  own line; otherwise runs its _start function as a WASI command, with ARGS\n"
    "  as its arguments (the first being FILE), and exits with its exit code.\n"
    "\n"
    "WASI options:\n"
    "  --dir HOST[::GUEST]   give the guest the host directory HOST, seen at GUEST\n"
    "                        (default: HOST as written); nothing else is reachable\n"
    "  --env KEY=VALUE       set a guest environment variable (--env KEY: the host's)\n"
    "  --inherit-env         start from the host's environment\n"
    "  --                    the arguments after it are the guest's, options or not\n"
    "A trap exits with status 134 (as wasmtime does); see docs/cli.md.\n";

// The WASI options of `witt run` (docs/cli.md, docs/wasi.md).
struct WasiOptions {
  WasiConfig config;
  std::vector<std::string> guestArgs;
};

// Parses a WASI option at args[i]. Returns false when args[i] is none;
// `error` is set for a malformed one.
bool parseWasiOption(const Args& args, size_t& i, WasiOptions& o, std::string& error) {
  bool missing = false;
  if (auto dir = optionValue(args, i, "--dir", missing)) {
    WasiPreopen p;
    size_t sep = dir->find("::");
    p.hostPath = dir->substr(0, sep);
    p.guestPath = sep == std::string::npos ? p.hostPath : dir->substr(sep + 2);
    if (p.hostPath.empty() || p.guestPath.empty()) error = "--dir needs HOST[::GUEST]";
    o.config.preopens.push_back(std::move(p));
    return true;
  }
  if (auto env = optionValue(args, i, "--env", missing)) {
    if (env->empty() || env->front() == '=') {
      error = "--env needs KEY=VALUE";
    } else if (env->find('=') != std::string::npos) {
      o.config.env.push_back(*env);
    } else if (const char* v = std::getenv(env->c_str())) {
      o.config.env.push_back(*env + "=" + v);  // --env KEY: the host's value
    }
    return true;
  }
  if (missing) {
    error = args[i] + " needs a value";
    return true;
  }
  if (args[i] == "--inherit-env") {
    o.config.inheritEnv = true;
    return true;
  }
  return false;
}

// Runs a WASI command: its exit code is ours. Output reaches our stdout and
// stderr with no buffering in between, so nothing the guest wrote is lost
// when it traps.
int runWasiCommand(const std::string& file, const Module& module, WasiOptions& o,
                   Tracer& tracer, const CallOptions& limits, uint64_t maxMemoryBytes,
                   std::optional<Error>& failure) {
  o.config.args.clear();
  o.config.args.push_back(file);  // argv[0] is the file as given, like wasmtime
  o.config.args.insert(o.config.args.end(), o.guestArgs.begin(), o.guestArgs.end());
  // A guest writing to a closed pipe gets `pipe`, as a native program that
  // ignores SIGPIPE would, instead of killing witt.
  signal(SIGPIPE, SIG_IGN);
  auto wasi = Wasi::create(o.config);
  if (!wasi.ok()) return fail(kUsage, wasi.error().message);
  auto code = wasi->run(module, tracer, limits, maxMemoryBytes);
  if (code.ok()) return *code;
  failure = code.error();
  printError(code.error());
  switch (code.error().kind) {
    case ErrorKind::Trap:
    case ErrorKind::Exception: return kTrapExit;
    case ErrorKind::Unlinkable:
    case ErrorKind::Uninstantiable: return kLoadError;
    default: return kFailure;
  }
}

}  // namespace

namespace {

// The run with the extensions' tracers and limits; reports after it.
struct RunSession {
  std::vector<std::unique_ptr<RunExtension>> extensions = makeRunExtensions();
  FanoutTracer fanout;
  CallOptions limits;
  InstanceOptions instanceOptions;
  std::optional<Error> failure;

  Tracer& tracer() {
    if (fanout.empty()) return Tracer::none();
    return fanout.size() == 1 ? fanout.only() : fanout;
  }
  bool parse(const Args& args, size_t& i, std::string& error) {
    for (auto& e : extensions)
      if (e->parseOption(args, i, error)) return true;
    return false;
  }
  bool prepare(const Module& m, const std::string& file, std::string& error) {
    for (auto& e : extensions) {
      if (!e->prepare(m, file, error)) return false;
      if (Tracer* t = e->tracer()) fanout.add(*t);
      e->limits(limits);
      e->instanceOptions(instanceOptions);
    }
    return true;
  }
  // The exit code after reports: `code`, or a failure if a report failed.
  int finish(int code) {
    bool ok = true;
    for (auto& e : extensions) ok = e->finish(failure ? &*failure : nullptr) && ok;
    return ok || code != kOk ? code : kFailure;
  }
};

std::string runUsage() {
  std::string u = kRunUsage;
  u += "\nRun options:\n";
  for (auto& e : makeRunExtensions()) u += e->usage();
  return u;
}

}  // namespace

int runCommand(const Args& args) {
  std::string file, invoke;
  bool hasInvoke = false;
  std::vector<std::string> invokeArgs;
  WasiOptions wasiOptions;
  RunSession session;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string wasiError;
    if (hasInvoke) {
      invokeArgs.push_back(a);
    } else if (session.parse(args, i, wasiError)) {
      if (!wasiError.empty()) return fail(kUsage, wasiError);
    } else if (a == "--" && !file.empty()) {
      wasiOptions.guestArgs.insert(wasiOptions.guestArgs.end(), args.begin() + i + 1, args.end());
      break;
    } else if (parseWasiOption(args, i, wasiOptions, wasiError)) {
      if (!wasiError.empty()) return fail(kUsage, wasiError);
    } else if (a == "--help" || a == "-h") {
      std::fputs(runUsage().c_str(), stdout);
      return kOk;
    } else if (a == "--invoke") {
      if (i + 1 >= args.size()) return fail(kUsage, "--invoke needs a function name");
      invoke = args[++i];
      hasInvoke = true;
    } else if (!a.empty() && a[0] == '-' && file.empty()) {
      return fail(kUsage, "unknown option '" + a + "'");
    } else if (file.empty()) {
      file = a;
    } else if (a[0] != '-') {
      wasiOptions.guestArgs.push_back(a);  // an argument for the WASI command
    } else {
      return fail(kUsage, "unexpected argument '" + a + "' (arguments for the function go after --invoke NAME)");
    }
  }
  if (file.empty()) {
    std::fputs(runUsage().c_str(), stderr);
    return kUsage;
  }
  LoadOptions loadOptions;
  for (auto& e : session.extensions) e->loadOptions(loadOptions);
  auto module = Module::fromFile(file, loadOptions);
  if (!module.ok()) {
    printError(module.error());
    return kLoadError;
  }
  for (const std::string& w : module->warnings()) std::fprintf(stderr, "witt: %s: warning: %s\n", file.c_str(), w.c_str());
  {
    std::string error;
    if (!session.prepare(*module, file, error)) return fail(kUsage, error);
  }
  // Without --invoke, a module exporting _start is a WASI command.
  if (!hasInvoke) {
    auto start = module->exportNamed("_start");
    if (start && start->kind == ExternKind::Func)
      return session.finish(
          runWasiCommand(file, *module, wasiOptions, session.tracer(), session.limits,
                         session.instanceOptions.maxMemoryBytes, session.failure));
  }
  std::string target = hasInvoke ? invoke : "_start";
  auto exp = module->exportNamed(target);
  if (!exp || exp->kind != ExternKind::Func)
    return fail(kUsage, file + ": no exported function named \"" + target + "\"");
  const FuncType& ft = exp->funcType;
  if (invokeArgs.size() != ft.params.size())
    return fail(kUsage, "\"" + target + "\" takes " + std::to_string(ft.params.size()) + " arguments " +
                            toString(ft) + ", got " + std::to_string(invokeArgs.size()));
  std::vector<Value> values;
  for (size_t i = 0; i < invokeArgs.size(); ++i) {
    auto v = parseArgument(invokeArgs[i], ft.params[i]);
    if (!v)
      return fail(kUsage, "argument " + std::to_string(i + 1) + " '" + invokeArgs[i] + "' is not a valid " +
                              toString(ft.params[i]));
    values.push_back(*v);
  }
  // A module importing WASI gets it for --invoke too (a reactor's exports).
  Imports imports;
  std::optional<Wasi> wasi;
  if (Wasi::isWasiModule(*module)) {
    wasiOptions.config.args = {file};
    wasiOptions.config.args.insert(wasiOptions.config.args.end(), wasiOptions.guestArgs.begin(),
                                   wasiOptions.guestArgs.end());
    auto created = Wasi::create(wasiOptions.config);
    if (!created.ok()) return fail(kUsage, created.error().message);
    wasi = std::move(created).value();
    wasi->addTo(imports);
  }
  InstanceOptions io = session.instanceOptions;
  Tracer& tracer = session.tracer();
  io.tracer = &tracer == &Tracer::none() ? nullptr : &tracer;
  io.limits = session.limits;
  auto inst = Instance::create(*module, imports, io);
  if (!inst.ok()) {
    session.failure = inst.error();
    if (inst.error().kind == ErrorKind::Exit) return session.finish(inst.error().exitCode);
    printError(inst.error());
    return session.finish(inst.error().kind == ErrorKind::Trap ? kFailure : kLoadError);
  }
  auto results = inst->invoke(target, values, tracer, session.limits);
  if (!results.ok()) {
    session.failure = results.error();
    if (results.error().kind == ErrorKind::Exit) return session.finish(results.error().exitCode);
    printError(results.error());
    return session.finish(kFailure);
  }
  for (const Value& v : *results) std::printf("%s\n", formatResult(v).c_str());
  std::fflush(stdout);
  return session.finish(kOk);
}

}  // namespace witt::cli
