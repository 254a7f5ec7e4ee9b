// random_get: bytes from the host's CSPRNG (getrandom(2)).
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-random_getbuf-pointeru8-buf_len-size---result-errno
#include <sys/random.h>

#include <cerrno>

#include "wasi/errno_map.h"
#include "wasi/host_call.h"

namespace witt::wasi {

namespace {

Errno randomGet(Call& c, uint32_t buf, uint32_t len) {
  uint8_t* p = c.mem.range(buf, len);
  if (!p) return Errno::Fault;
  size_t done = 0;
  while (done < len) {
    ssize_t n = getrandom(p + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return lastHostError();
    }
    done += static_cast<size_t>(n);
  }
  return Errno::Success;
}

}  // namespace

void registerRandom(Registry& r) { r.add("random_get", &randomGet); }

}  // namespace witt::wasi
