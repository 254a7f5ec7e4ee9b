// witt dump-code [--traced|--counting] FILE [FUNC]: prints witt's internal
// code for each function (or one, by index or name), for readers of the
// interpreter; --traced shows the code run for a tracer taking every event,
// --counting the code `witt run --trace` runs.
#include <cstdio>

#include "cli.h"
#include "interp/executor.h"
#include "runtime/compiled_module.h"
#include "spec/module.h"

namespace witt::cli {

int dumpCodeCommand(const Args& all) {
  bool traced = !all.empty() && all[0] == "--traced";
  bool counting = !all.empty() && all[0] == "--counting";
  Args args(all.begin() + (traced || counting ? 1 : 0), all.end());
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(
        "usage: witt dump-code [--traced|--counting] FILE [FUNC]\n"
        "  prints the internal code witt lowers each function to; --traced: the\n"
        "  code run for a tracer taking every event (kTraceAll); --counting: the\n"
        "  code the Counting tracer runs (witt run --trace)\n",
        args.empty() ? stderr : stdout);
    return args.empty() ? kUsage : kOk;
  }
  auto module = Module::fromFile(args[0]);
  if (!module.ok()) {
    printError(module.error());
    return kLoadError;
  }
  auto cm = module->compiled();
  const spec::Module& m = cm->ir;
  for (uint32_t i = 0; i < cm->funcs.size(); ++i) {
    uint32_t idx = m.numImportedFuncs + i;
    std::string name = m.funcName(idx);
    if (args.size() > 1 && args[1] != name && args[1] != std::to_string(idx)) continue;
    // The code execute() runs for these tracers, without fuel or a timeout
    // (--counting: the CountingTracer itself, whose calls the code counts).
    const uint32_t key = traced
                             ? interp::VariantKey::traced(kTraceAll, false, false)
                             : interp::VariantKey::traced(CountingTracer().events(), false, true);
    const interp::CompiledFunc& f =
        traced || counting ? *cm->variantFunc(key, i) : cm->funcs[i];
    std::printf("func %u %s  (locals %u slots, frame %u slots)\n", idx, name.c_str(), f.numLocalSlots,
                f.frameSlots);
    std::fputs(
        interp::disassemble(f, traced || counting ? interp::tracedHandlers()
                                                  : interp::untracedHandlers())
            .c_str(),
        stdout);
  }
  return kOk;
}

}  // namespace witt::cli
