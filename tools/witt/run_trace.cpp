// witt run --trace: the seed's Counting tracer; its totals go to stderr after
// the run (docs/tracing.md gives the shape, which is stable).
#include <cinttypes>
#include <cstdio>

#include "run_extension.h"

namespace witt::cli {
namespace {

class TraceExtension : public RunExtension {
 public:
  bool parseOption(const Args& args, size_t& i, std::string& error) override {
    (void)error;
    if (args[i] == "--trace") {
      enabled_ = true;
      return true;
    }
    return false;
  }

  std::string usage() const override {
    return "  --trace               count instructions, calls, host calls, depth, throws and\n"
           "                        traps (the Counting tracer) and print the totals to stderr\n";
  }

  // With --scope-regions, only events inside trace-mark regions are counted.
  Tracer* tracer() override { return enabled_ ? scopeToRegions(&counting_) : nullptr; }

  bool finish(const Error*) override {
    if (!enabled_) return true;
    // One "name: value" line per counter, in the seed's order.
    std::fprintf(stderr,
                 "ops: %" PRIu64 "\ncalls: %" PRIu64 "\nhostCalls: %" PRIu64 "\nmaxDepth: %" PRIu64
                 "\nthrows: %" PRIu64 "\ntraps: %" PRIu64 "\n",
                 counting_.ops, counting_.calls, counting_.hostCalls, counting_.maxDepth, counting_.throws,
                 counting_.traps);
    return true;
  }

 private:
  bool enabled_ = false;
  CountingTracer counting_;
};

}  // namespace

std::unique_ptr<RunExtension> makeTraceExtension() { return std::make_unique<TraceExtension>(); }

}  // namespace witt::cli
