// The untraced loop: run_loop.inc's Untraced instantiation, which runs the
// base code and contains no tracer hook, flag test or variant lookup.
#include "interp/run_loop.inc"

namespace witt::interp {

const void* const* untracedHandlers() {
  static const void* const* t = handlersOf<Untraced>();
  return t;
}

Result<void> runUntraced(ExecContext& ctx, runtime::Function* entry, Slot* fp) {
  return runMode<Untraced>(ctx, entry, fp, nullptr, 0);
}

}  // namespace witt::interp
