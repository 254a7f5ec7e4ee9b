// Linear memory (https://webassembly.github.io/spec/core/exec/runtime.html#memory-instances).
//
// The whole range a memory may ever grow to is reserved up front as
// inaccessible virtual memory and committed page by page as it grows, so the
// base address never moves while the memory lives: the interpreter caches it
// across calls. A 32-bit memory reserves at most 4 GiB; a 64-bit memory at
// most kMaxMemory64Bytes (an implementation limit: growing past it fails, as
// the spec allows). Sizes are in pages of the memory type's page size (64 KiB,
// or 1 byte with the custom-page-sizes proposal); bounds are in bytes.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "witt/result.h"
#include "witt/types.h"

namespace witt::runtime {

inline constexpr uint64_t kMaxMemory64Bytes = 16ull << 30;

// A cap on the bytes several memories may hold together (an instance's
// InstanceOptions::maxMemoryBytes): each memory made under it charges its
// initial size and every growth, and gives its size back when freed.
class MemoryBudget {
 public:
  explicit MemoryBudget(uint64_t limitBytes) : limit_(limitBytes) {}
  uint64_t limit() const { return limit_; }
  uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  // Takes `bytes` from the budget; false (and nothing taken) if they do not fit.
  bool take(uint64_t bytes);
  void giveBack(uint64_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }

 private:
  uint64_t limit_;
  std::atomic<uint64_t> used_{0};
};

class Memory {
 public:
  // `budget`, if given, must admit the initial size and every growth.
  static Result<std::shared_ptr<Memory>> create(const MemoryType& type,
                                                std::shared_ptr<MemoryBudget> budget = nullptr);
  ~Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  uint8_t* base() const { return base_; }
  uint64_t size() const { return size_; }  // bytes
  uint64_t pages() const { return size_ >> type_.pageSizeLog2; }
  uint64_t pageSize() const { return uint64_t{1} << type_.pageSizeLog2; }  // bytes
  const MemoryType& type() const { return type_; }

  // Grows by `delta` pages; returns the old size in pages, or -1 on failure.
  int64_t grow(uint64_t delta);

  // Bounds check of [addr, addr + len).
  bool inBounds(uint64_t addr, uint64_t len) const { return addr <= size_ && len <= size_ - addr; }

 private:
  Memory() = default;
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
  uint64_t reserved_ = 0;   // bytes, a multiple of the host page size
  uint64_t committed_ = 0;  // bytes readable and writable, a multiple of the host page size
  uint64_t maxPages_ = 0;
  MemoryType type_;
  std::shared_ptr<MemoryBudget> budget_;
};

}  // namespace witt::runtime
