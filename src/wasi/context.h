// The state of one WASI guest process: its argv, environment and fd table.
// Every wasi_snapshot_preview1 host function of a Wasi shares one Context.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "wasi/fd_table.h"
#include "witt/result.h"
#include "witt/wasi.h"

namespace witt::wasi {

struct Context {
  std::vector<std::string> args;
  std::vector<std::string> env;  // "KEY=VALUE"
  FdTable fds;
};

// Builds the context of a WasiConfig: the environment (inherited and
// overridden), stdio at fds 0-2, the preopened directories from fd 3 on, then
// the embedder's sockets. An Io error names a directory that cannot be opened.
Result<std::shared_ptr<Context>> createContext(const WasiConfig& config);

}  // namespace witt::wasi
