#include <cstdio>

#include "cli.h"

namespace witt::cli {

int validateCommand(const Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs("usage: witt validate FILE...\n  decodes and validates each module; exits 3 if any is invalid\n",
               args.empty() ? stderr : stdout);
    return args.empty() ? kUsage : kOk;
  }
  int rc = kOk;
  for (const std::string& path : args) {
    auto m = Module::fromFile(path);
    if (!m.ok()) {
      printError(m.error());
      rc = kLoadError;
      continue;
    }
    std::printf("%s: valid\n", path.c_str());
  }
  return rc;
}

}  // namespace witt::cli
