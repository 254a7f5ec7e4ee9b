#include "wasi/guest_memory.h"

#include <climits>

#include "base/utf8.h"
#include "witt/engine.h"

namespace witt::wasi {

GuestMemory GuestMemory::of(Caller& caller) {
  Memory* m = caller.memory(0);
  if (!m || !m->impl) return GuestMemory();
  return GuestMemory(m->data(), m->size());
}

Errno GuestMemory::string(uint32_t ptr, uint32_t len, std::string_view& out) const {
  uint8_t* p = range(ptr, len);
  if (!p) return Errno::Fault;
  out = std::string_view(reinterpret_cast<const char*>(p), len);
  if (out.find('\0') != std::string_view::npos) return Errno::Inval;
  if (!isValidUtf8(out)) return Errno::Ilseq;
  return Errno::Success;
}

Errno GuestMemory::iovecs(uint32_t ptr, uint32_t count, std::vector<struct iovec>& out) const {
  out.clear();
  if (!range(ptr, uint64_t(count) * layout::kIovecSize)) return Errno::Fault;
  uint32_t n = count > IOV_MAX ? IOV_MAX : count;
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t buf = 0, len = 0;
    load(ptr + i * layout::kIovecSize, buf);
    load(ptr + i * layout::kIovecSize + 4, len);
    uint8_t* p = range(buf, len);
    if (!p) return Errno::Fault;
    out.push_back({p, len});
  }
  return Errno::Success;
}

}  // namespace witt::wasi
