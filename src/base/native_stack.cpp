#include "base/native_stack.h"

#include <cstdint>
#include <limits>

#if defined(__linux__)
#include <pthread.h>
#endif

namespace witt {

namespace {

// Lowest usable address of this thread's stack (stacks grow down on every
// host witt supports), or 0 when unknown. Read once per thread.
uintptr_t stackLowEnd() {
#if defined(__linux__)
  thread_local uintptr_t low = [] {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return uintptr_t{0};
    void* addr = nullptr;
    size_t size = 0;
    int rc = pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    if (rc != 0) return uintptr_t{0};
    // The guard page(s) sit below addr; addr itself is the first usable byte.
    return reinterpret_cast<uintptr_t>(addr);
  }();
  return low;
#else
  return 0;
#endif
}

}  // namespace

size_t nativeStackRemaining() {
  uintptr_t low = stackLowEnd();
  auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (low == 0 || here <= low) return low == 0 ? std::numeric_limits<size_t>::max() : 0;
  return here - low;
}

}  // namespace witt
