// The metered and traced loops: run_loop.inc's Metered instantiation (fuel,
// timeouts) and Traced instantiation (tracer hooks). Compiled apart from the
// untraced loop, with its own register allocation options under g++
// (CMakeLists.txt; docs/architecture.md, "Dispatch").
#include "interp/run_loop.inc"

namespace witt::interp {

#ifdef WITT_TRACING_COMPILED_OUT
// The benchmark build with tracing compiled out (CMake WITT_TRACING_COMPILED_OUT):
// the Metered and Traced loops are not instantiated, so the untraced loop is
// compared with a binary that has no tracing code anywhere. Tracers, fuel and
// timeouts are ignored (execute() never calls runMetered or runTraced).
const void* const* meteredHandlers() { return untracedHandlers(); }
const void* const* tracedHandlers() { return untracedHandlers(); }
Result<void> runMetered(ExecContext& ctx, runtime::Function* entry, Slot* fp, uint32_t) {
  return runUntraced(ctx, entry, fp);
}
Result<void> runTraced(ExecContext& ctx, runtime::Function* entry, Slot* fp, Tracer*, uint32_t) {
  return runUntraced(ctx, entry, fp);
}
#else
const void* const* meteredHandlers() {
  static const void* const* t = handlersOf<Metered>();
  return t;
}

const void* const* tracedHandlers() {
  static const void* const* t = handlersOf<Traced>();
  return t;
}

Result<void> runMetered(ExecContext& ctx, runtime::Function* entry, Slot* fp, uint32_t key) {
  return runMode<Metered>(ctx, entry, fp, nullptr, key);
}

Result<void> runTraced(ExecContext& ctx, runtime::Function* entry, Slot* fp, Tracer* tracer,
                       uint32_t key) {
  return runMode<Traced>(ctx, entry, fp, tracer, key);
}
#endif

}  // namespace witt::interp
