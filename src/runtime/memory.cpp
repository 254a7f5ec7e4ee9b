#include "runtime/memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>

namespace witt::runtime {

namespace {

uint64_t hostPageSize() {
  static const uint64_t size = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return size;
}

uint64_t roundUpToHostPages(uint64_t bytes) {
  uint64_t p = hostPageSize();
  return (bytes + p - 1) / p * p;
}

}  // namespace

bool MemoryBudget::take(uint64_t bytes) {
  uint64_t used = used_.load(std::memory_order_relaxed);
  do {
    if (bytes > limit_ - used) return false;
  } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
  return true;
}

Result<std::shared_ptr<Memory>> Memory::create(const MemoryType& type, std::shared_ptr<MemoryBudget> budget) {
  if (type.pageSizeLog2 != 0 && type.pageSizeLog2 != 16)
    return Error(ErrorKind::Invalid, "invalid custom page size");
  std::shared_ptr<Memory> m(new Memory());
  m->type_ = type;
  uint64_t limitBytes = type.limits.is64 ? kMaxMemory64Bytes : (uint64_t{1} << 32);
  // At most 2^32 - 1 pages for a 32-bit memory (matters for 1-byte pages):
  // memory.size must not be confused with a failed memory.grow.
  uint64_t limitPages = std::min<uint64_t>(limitBytes >> type.pageSizeLog2,
                                           type.limits.is64 ? ~uint64_t{0} : 0xFFFFFFFFull);
  m->maxPages_ = std::min<uint64_t>(type.limits.max.value_or(limitPages), limitPages);
  if (type.limits.min > m->maxPages_)
    return Error(ErrorKind::Limit, "memory of " + std::to_string(type.limits.min) +
                                       " pages exceeds witt's limit");
  // Reserved and committed in host pages; with 1-byte wasm pages the size
  // may end inside a host page (bounds checks are in bytes, so the committed
  // tail past size() is never reachable).
  m->reserved_ = roundUpToHostPages(m->maxPages_ << type.pageSizeLog2);
  if (m->reserved_ > 0) {
    void* p = mmap(nullptr, m->reserved_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return Error(ErrorKind::Limit, "cannot reserve address space for a memory");
    m->base_ = static_cast<uint8_t*>(p);
  }
  m->budget_ = std::move(budget);
  if (m->grow(type.limits.min) < 0) {
    if (m->budget_ && (type.limits.min << type.pageSizeLog2) > m->budget_->limit() - m->budget_->used())
      return Error(ErrorKind::Limit, "memory of " + std::to_string(type.limits.min << type.pageSizeLog2) +
                                         " bytes exceeds the instance's memory limit (" +
                                         std::to_string(m->budget_->limit() - m->budget_->used()) + " of " +
                                         std::to_string(m->budget_->limit()) + " bytes left)");
    return Error(ErrorKind::Limit, "cannot allocate the initial memory");
  }
  return m;
}

Memory::~Memory() {
  if (budget_) budget_->giveBack(size_);
  if (base_) munmap(base_, reserved_);
}

int64_t Memory::grow(uint64_t delta) {
  uint64_t old = size_ >> type_.pageSizeLog2;
  if (delta > maxPages_ - old) return -1;
  if (delta == 0) return static_cast<int64_t>(old);
  uint64_t newSize = (old + delta) << type_.pageSizeLog2;
  if (budget_ && !budget_->take(newSize - size_)) return -1;
  if (newSize > committed_) {
    uint64_t commit = roundUpToHostPages(newSize);
    if (mprotect(base_ + committed_, commit - committed_, PROT_READ | PROT_WRITE) != 0) {
      if (budget_) budget_->giveBack(newSize - size_);
      return -1;
    }
    committed_ = commit;
  }
  size_ = newSize;
  return static_cast<int64_t>(old);
}

}  // namespace witt::runtime
