// witt wast FILE...: runs WebAssembly spec test scripts and reports each
// failure as file:line, then the plain closing line "N passed, N failed, N skipped".
#include <cstdio>
#include <iostream>

#include "cli.h"
#include "wast/runner.h"

namespace witt::cli {

int wastCommand(const Args& args) {
  wast::WastOptions opt;
  std::vector<std::string> files;
  bool quiet = false;
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::fputs(
          "usage: witt wast [-v] [-q] FILE...\n"
          "  runs WebAssembly script files (.wast); prints each failure as\n"
          "  file:line: command: expected ..., got ...; ends with 'N passed, N failed, N skipped'.\n"
          "  -v  print each command as it runs    -q  print only the totals\n",
          stdout);
      return kOk;
    }
    if (a == "-v" || a == "--verbose") opt.verbose = true;
    else if (a == "-q" || a == "--quiet") quiet = true;
    else if (!a.empty() && a[0] == '-') return fail(kUsage, "wast: unknown option '" + a + "'");
    else files.push_back(a);
  }
  if (files.empty()) return fail(kUsage, "wast: no script given (witt wast FILE...)");
  uint64_t passed = 0, failed = 0, skipped = 0;
  bool loadError = false;
  for (const std::string& f : files) {
    auto r = wast::runScript(f, opt);
    if (!r.ok()) {
      printError(r.error());
      loadError = true;
      continue;
    }
    if (!quiet)
      for (const wast::WastFailure& x : r->failures) std::printf("%s\n", wast::formatFailure(x).c_str());
    if (files.size() > 1 && !quiet) std::printf("%s\n", wast::formatSummary(f, *r).c_str());
    passed += r->passed;
    failed += r->failed;
    skipped += r->skipped;
  }
  std::printf("%llu passed, %llu failed, %llu skipped\n", static_cast<unsigned long long>(passed),
              static_cast<unsigned long long>(failed), static_cast<unsigned long long>(skipped));
  if (loadError) return kLoadError;
  return failed ? kFailure : kOk;
}

}  // namespace witt::cli
