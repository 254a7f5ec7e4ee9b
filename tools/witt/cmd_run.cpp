// witt run FILE [--invoke NAME [ARGS...]]
#include <cstdio>
#include <cstring>

#include "cli.h"

namespace witt::cli {

namespace {
const char* kRunUsage =
    "usage: witt run [options] FILE [--invoke NAME [ARGS...]]\n"
    "  Runs a module (.wasm or .wat). With --invoke, calls the exported function\n"
    "  NAME with ARGS parsed by its parameter types and prints each result on its\n"
    "  own line; otherwise runs its _start function.\n";
}  // namespace

int runCommand(const Args& args) {
  std::string file, invoke;
  bool hasInvoke = false;
  std::vector<std::string> invokeArgs;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (hasInvoke) {
      invokeArgs.push_back(a);
    } else if (a == "--help" || a == "-h") {
      std::fputs(kRunUsage, stdout);
      return kOk;
    } else if (a == "--invoke") {
      if (i + 1 >= args.size()) return fail(kUsage, "--invoke needs a function name");
      invoke = args[++i];
      hasInvoke = true;
    } else if (!a.empty() && a[0] == '-' && file.empty()) {
      return fail(kUsage, "unknown option '" + a + "'");
    } else if (file.empty()) {
      file = a;
    } else {
      return fail(kUsage, "unexpected argument '" + a + "' (arguments for the function go after --invoke NAME)");
    }
  }
  if (file.empty()) {
    std::fputs(kRunUsage, stderr);
    return kUsage;
  }
  auto module = Module::fromFile(file);
  if (!module.ok()) {
    printError(module.error());
    return kLoadError;
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
  auto inst = Instance::create(*module);
  if (!inst.ok()) {
    printError(inst.error());
    return inst.error().kind == ErrorKind::Trap ? kFailure : kLoadError;
  }
  auto results = inst->invoke(target, values);
  if (!results.ok()) {
    printError(results.error());
    return kFailure;
  }
  for (const Value& v : *results) std::printf("%s\n", formatResult(v).c_str());
  return kOk;
}

}  // namespace witt::cli
