// Test helpers: a temporary directory tree, and a guest module that calls any
// WASI function with arguments chosen by the test.
//
// The guest module is generated WAT: it imports every wasi_snapshot_preview1
// function and exports a wasm function of the same name that forwards its
// arguments (a host function sees its caller's memory only when called from
// wasm), plus its memory. A test writes arguments into that memory, calls,
// and reads the results back.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/abi.h"
#include "witt/engine.h"
#include "witt/wasi.h"

namespace witt::test {

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // Creates a file with `content` (parent directories too).
  void file(const std::string& rel, const std::string& content = "") const;
  void dir(const std::string& rel) const;
  void symlink(const std::string& rel, const std::string& target) const;
  std::string read(const std::string& rel) const;
  bool exists(const std::string& rel) const;

 private:
  std::filesystem::path path_;
};

// The WAT of a module importing all WASI functions and re-exporting each
// through a wasm forwarder; `extra` is spliced into the module (more funcs).
std::string wasiForwarderWat(std::string_view extra = "");

// Reads a whole host fd (a pipe's read end, after its writer is closed).
std::string drain(int fd);

class WasiHarness {
 public:
  // Instantiates the forwarder module with a Wasi made from `config`.
  explicit WasiHarness(WasiConfig config);

  // Calls WASI function `name` with i32/i64 arguments given as uint64_t and
  // typed by the function's signature; returns its errno.
  wasi::Errno call(const std::string& name, std::initializer_list<uint64_t> args);
  // The raw outcome (for proc_exit).
  Result<std::vector<Value>> invoke(const std::string& name, std::initializer_list<uint64_t> args);

  // Guest memory.
  uint8_t* mem();
  uint64_t memSize();
  void put(uint32_t addr, std::string_view bytes);
  uint32_t putStr(uint32_t addr, std::string_view s) {
    put(addr, s);
    return static_cast<uint32_t>(s.size());
  }
  void putU32(uint32_t addr, uint32_t v) { std::memcpy(mem() + addr, &v, 4); }
  void putU64(uint32_t addr, uint64_t v) { std::memcpy(mem() + addr, &v, 8); }
  std::string get(uint32_t addr, uint32_t len) {
    return std::string(reinterpret_cast<char*>(mem()) + addr, len);
  }
  uint32_t u32(uint32_t addr) {
    uint32_t v;
    std::memcpy(&v, mem() + addr, 4);
    return v;
  }
  uint64_t u64(uint32_t addr) {
    uint64_t v;
    std::memcpy(&v, mem() + addr, 8);
    return v;
  }
  uint16_t u16(uint32_t addr) {
    uint16_t v;
    std::memcpy(&v, mem() + addr, 2);
    return v;
  }
  uint8_t u8(uint32_t addr) { return mem()[addr]; }

  // Conveniences over path_open / fd_write / fd_read with scratch memory at
  // 0x8000 and up. `fd` receives the new descriptor.
  wasi::Errno open(uint32_t dirFd, const std::string& path, uint32_t& fd, uint32_t oflags = 0,
                   uint64_t rights = wasi::rights::All, uint32_t fdflags = 0,
                   uint32_t lookupFlags = wasi::kLookupSymlinkFollow,
                   uint64_t inheriting = wasi::rights::All);
  wasi::Errno write(uint32_t fd, std::string_view data, uint32_t* written = nullptr);
  wasi::Errno read(uint32_t fd, uint32_t len, std::string& out);
  // A path_* call taking (fd, path, path_len) only.
  wasi::Errno pathCall(const std::string& name, uint32_t fd, const std::string& path);

  Instance& instance() { return *instance_; }
  const Wasi& wasi() { return *wasi_; }

 private:
  std::optional<Wasi> wasi_;
  std::optional<Instance> instance_;
};

// The first preopen's fd.
inline constexpr uint32_t kPreopenFd = 3;
// Rights to ask for when opening a directory: everything but writing, which a
// directory refuses with `isdir`.
inline constexpr uint64_t kDirRights =
    wasi::rights::All &
    ~(wasi::rights::FdWrite | wasi::rights::FdAllocate | wasi::rights::FdFilestatSetSize);

}  // namespace witt::test
