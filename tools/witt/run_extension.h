// Features that add options to `witt run` and observe its run: limits
// (--fuel, --timeout), tracing (--trace, --profile), trace-mark tools
// (--regions, --native-marks). Each lives in its own file (run_*.cpp) and is
// listed once in run_extensions.cpp; cmd_run.cpp knows only this interface.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli.h"

namespace witt::cli {

class RunExtension {
 public:
  virtual ~RunExtension() = default;
  // If args[i] is one of this extension's options, consumes it (advancing i
  // past its value) and returns true; sets `error` when it is malformed.
  virtual bool parseOption(const Args& args, size_t& i, std::string& error) = 0;
  // Its lines for `witt run --help`.
  virtual std::string usage() const = 0;
  // Before the module is loaded: options that change how it loads.
  virtual void loadOptions(LoadOptions& options) { (void)options; }
  // The module is loaded: check the options against it. False (with
  // `error`) rejects the run.
  virtual bool prepare(const Module& module, const std::string& file, std::string& error) {
    (void)module, (void)file, (void)error;
    return true;
  }
  // The tracer this extension needs during the run, or null.
  virtual Tracer* tracer() { return nullptr; }
  // Limits for the run, and for the instance (its start function, memory).
  virtual void limits(CallOptions& options) { (void)options; }
  virtual void instanceOptions(InstanceOptions& options) { (void)options; }
  // After the run, whatever its outcome (`error` null when it succeeded):
  // print or write reports. Returns false if a report could not be made.
  virtual bool finish(const Error* error) {
    (void)error;
    return true;
  }
};

std::vector<std::unique_ptr<RunExtension>> makeRunExtensions();

// The extensions (one factory per file).
std::unique_ptr<RunExtension> makeLimitsExtension();
std::unique_ptr<RunExtension> makeTraceExtension();
std::unique_ptr<RunExtension> makeMarksExtension();  // run_marks.cpp
// With --scope-regions, a tracer that forwards `tracer`'s events only inside
// mark regions (owned by the marks extension); else `tracer` itself.
Tracer* scopeToRegions(Tracer* tracer);

// `--name VALUE` or `--name=VALUE` at args[i], advancing i past the value.
// Empty when args[i] is not that option; `missing` when the value is.
std::optional<std::string> optionValue(const Args& args, size_t& i, const char* name, bool& missing);

}  // namespace witt::cli
