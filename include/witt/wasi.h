// WASI preview1 (wasi_snapshot_preview1): runs WebAssembly programs compiled
// for WASI, with a sandboxed view of the host's files.
//
//   witt::WasiConfig config;
//   config.args = {"app.wasm", "--verbose"};
//   config.env = {"HOME=/"};
//   config.preopens = {{"/srv/data", "/data"}};   // host dir -> guest path
//   auto wasi = witt::Wasi::create(config);
//   if (!wasi) { report(wasi.error()); return; }
//   auto module = witt::Module::fromFile("app.wasm");
//   auto code = wasi->run(*module);   // the exit code, or an Error (trap)
//
// Embedders that instantiate themselves (reactor modules exporting
// `_initialize`, or several modules linked together) call addTo(imports)
// instead and invoke the exports they want; a guest's proc_exit then arrives
// as an Error of kind Exit with its exitCode.
//
// The guest reaches no file outside the preopened directories: paths are
// resolved component by component beneath them, and `..`, absolute paths and
// symbolic links pointing outside are refused (docs/wasi.md).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "witt/engine.h"
#include "witt/result.h"
#include "witt/tracer.h"

namespace witt {

namespace wasi {
struct Context;
}

// A host directory the guest may use, and the path it sees it at ("/",
// "/data", "."). wasi-libc resolves the guest's absolute and relative paths
// against these names.
struct WasiPreopen {
  std::string hostPath;
  std::string guestPath;
};

struct WasiConfig {
  // The guest's argv, program name first.
  std::vector<std::string> args;
  // The guest's environment, "KEY=VALUE" each. With inheritEnv, the host's
  // environment comes first and these entries override it key by key.
  std::vector<std::string> env;
  bool inheritEnv = false;
  // Preopened directories: guest fds 3, 4, ... in this order.
  std::vector<WasiPreopen> preopens;
  // Host fds behind guest fds 0, 1 and 2; witt writes to them directly, with
  // no buffering, and never closes them. -1 leaves that guest fd closed.
  int stdinFd = 0;
  int stdoutFd = 1;
  int stderrFd = 2;
  // Host sockets (already bound and listening, or connected) given to the
  // guest for sock_accept/sock_recv/sock_send/sock_shutdown; they get the fds
  // after the preopened directories. Borrowed: witt does not close them.
  std::vector<int> sockets;
};

class Wasi {
 public:
  // Opens the preopened directories. An Io error names a directory that
  // cannot be opened.
  static Result<Wasi> create(WasiConfig config);

  // Adds every wasi_snapshot_preview1 function to `imports`. The functions
  // share this Wasi's state (its fd table): one Wasi is one guest process.
  void addTo(Imports& imports) const;

  // Instantiates `module` with the WASI imports and calls its `_start`.
  // Returns the exit code: 0 when `_start` returns, the proc_exit code
  // otherwise. A trap (or a link error, or a missing `_start`) is an Error.
  // `tracer` observes the start function and `_start`; `maxMemoryBytes`
  // caps the module's memories (InstanceOptions::maxMemoryBytes).
  Result<int> run(const Module& module, Tracer& tracer = Tracer::none(),
                  const CallOptions& limits = {}, uint64_t maxMemoryBytes = 0) const;

  // Converts the outcome of invoking a guest export into an exit code the way
  // run() does: success is 0, an Exit error its code, other errors stay errors.
  static Result<int> exitCodeOf(const Result<std::vector<Value>>& outcome);

  // True when the module imports anything from wasi_snapshot_preview1.
  static bool isWasiModule(const Module& module);

  const WasiConfig& config() const { return config_; }

 private:
  Wasi() = default;
  WasiConfig config_;
  std::shared_ptr<wasi::Context> ctx_;
};

}  // namespace witt
