// Bounds-checked access to the guest's linear memory. Every pointer a WASI
// call receives goes through here: an out-of-bounds pointer or length makes
// the call fail with `fault` and never touches host memory outside the guest's
// (https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md).
#pragma once

#include <sys/uio.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "wasi/abi.h"

static_assert(std::endian::native == std::endian::little,
              "WASI records are little-endian; a big-endian host would need byte swaps");

namespace witt {
class Caller;
}

namespace witt::wasi {

class GuestMemory {
 public:
  GuestMemory() = default;
  GuestMemory(uint8_t* base, uint64_t size) : base_(base), size_(size) {}
  // The memory of the calling instance (index 0), or an empty memory.
  static GuestMemory of(Caller& caller);

  uint64_t size() const { return size_; }
  bool inBounds(uint32_t ptr, uint64_t len) const { return uint64_t(ptr) + len <= size_; }

  // A pointer to [ptr, ptr+len) or nullptr when that range is out of bounds.
  uint8_t* range(uint32_t ptr, uint64_t len) const {
    if (!inBounds(ptr, len)) return nullptr;
    return base_ ? base_ + ptr : dummy();
  }

  template <class T>
  bool load(uint32_t ptr, T& out) const {
    uint8_t* p = range(ptr, sizeof(T));
    if (!p) return false;
    std::memcpy(&out, p, sizeof(T));
    return true;
  }
  template <class T>
  bool store(uint32_t ptr, T v) const {
    uint8_t* p = range(ptr, sizeof(T));
    if (!p) return false;
    std::memcpy(p, &v, sizeof(T));
    return true;
  }
  bool storeBytes(uint32_t ptr, const void* data, uint64_t len) const {
    uint8_t* p = range(ptr, len);
    if (!p) return false;
    if (len) std::memcpy(p, data, len);
    return true;
  }

  // Reads a path or other string argument: `fault` when out of bounds,
  // `ilseq` when not UTF-8 (WASI strings are UTF-8), `inval` when it holds a
  // NUL byte (no host call could name it).
  Errno string(uint32_t ptr, uint32_t len, std::string_view& out) const;

  // Gathers an iovec/ciovec array into host iovecs (at most IOV_MAX of them:
  // a partial read or write is a valid result). `fault` when the array or any
  // buffer is out of bounds.
  Errno iovecs(uint32_t ptr, uint32_t count, std::vector<struct iovec>& out) const;

 private:
  // A valid address for zero-length ranges of an empty memory.
  static uint8_t* dummy() {
    static uint8_t byte;
    return &byte;
  }
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace witt::wasi
