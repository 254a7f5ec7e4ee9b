#include "runtime/memory.h"

#include <sys/mman.h>

#include <algorithm>

namespace witt::runtime {

Result<std::shared_ptr<Memory>> Memory::create(const MemoryType& type) {
  std::shared_ptr<Memory> m(new Memory());
  m->type_ = type;
  uint64_t pageSize = uint64_t{1} << type.pageSizeLog2;
  uint64_t limitBytes = type.limits.is64 ? kMaxMemory64Bytes : (uint64_t{1} << 32);
  uint64_t limitPages = limitBytes / pageSize;
  m->maxPages_ = std::min<uint64_t>(type.limits.max.value_or(limitPages), limitPages);
  if (type.limits.min > m->maxPages_)
    return Error(ErrorKind::Limit, "memory of " + std::to_string(type.limits.min) +
                                       " pages exceeds witt's limit");
  m->reserved_ = m->maxPages_ * pageSize;
  if (m->reserved_ > 0) {
    void* p = mmap(nullptr, m->reserved_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return Error(ErrorKind::Limit, "cannot reserve address space for a memory");
    m->base_ = static_cast<uint8_t*>(p);
  }
  if (m->grow(type.limits.min) < 0)
    return Error(ErrorKind::Limit, "cannot allocate the initial memory");
  return m;
}

Memory::~Memory() {
  if (base_) munmap(base_, reserved_);
}

int64_t Memory::grow(uint64_t delta) {
  uint64_t pageSize = uint64_t{1} << type_.pageSizeLog2;
  uint64_t old = size_ / pageSize;
  if (delta > maxPages_ - old) return -1;
  if (delta == 0) return static_cast<int64_t>(old);
  uint64_t newSize = (old + delta) * pageSize;
  if (mprotect(base_ + size_, newSize - size_, PROT_READ | PROT_WRITE) != 0) return -1;
  size_ = newSize;
  return static_cast<int64_t>(old);
}

}  // namespace witt::runtime
