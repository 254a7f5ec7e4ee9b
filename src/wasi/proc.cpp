// proc_exit, proc_raise, sched_yield.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-proc_exitrval-exitcode
#include <sched.h>

#include "wasi/host_call.h"

namespace witt::wasi {

namespace {

// Ends the guest: an Error of kind Exit unwinds every wasm frame up to the
// embedder, who reads the code from Error::exitCode (Wasi::run returns it).
void procExit(Call& c, uint32_t code) {
  Error e(ErrorKind::Exit, "exit code " + std::to_string(code));
  e.exitCode = static_cast<int>(code);
  c.outcome = std::move(e);
}

// Signals are not part of WASI's model and preview1 deprecates proc_raise; a
// guest asking for one is told the call is not supported (wasi-libc's
// raise() and abort() do not rely on it).
Errno procRaise(Call&, uint32_t /*signal*/) { return Errno::NoSys; }

Errno schedYield(Call&) {
  sched_yield();
  return Errno::Success;
}

}  // namespace

void registerProc(Registry& r) {
  r.addNoResult("proc_exit", &procExit);
  r.add("proc_raise", &procRaise);
  r.add("sched_yield", &schedYield);
}

}  // namespace witt::wasi
