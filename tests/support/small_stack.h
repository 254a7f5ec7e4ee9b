// Runs a callable on a thread with a small native stack, as an embedder's
// worker thread might have, to check that recursive paths stop cleanly.
#pragma once

#include <pthread.h>
#include <sys/mman.h>

#include <cstddef>
#include <functional>
#include <stdexcept>

namespace witt::test {

// The stack is mapped here (with a PROT_NONE guard page below it, so an
// overflow is a clean SIGSEGV) rather than left to pthread_create, which may
// hand the thread a larger cached stack than asked for.
inline void runOnSmallStack(size_t stackBytes, const std::function<void()>& body) {
  const size_t guard = 4096;
  void* map = mmap(nullptr, stackBytes + guard, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (map == MAP_FAILED) throw std::runtime_error("mmap failed");
  mprotect(map, guard, PROT_NONE);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstack(&attr, static_cast<char*>(map) + guard, stackBytes);
  pthread_t thread;
  auto trampoline = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  int rc = pthread_create(&thread, &attr, trampoline, const_cast<std::function<void()>*>(&body));
  pthread_attr_destroy(&attr);
  if (rc == 0) pthread_join(thread, nullptr);
  munmap(map, stackBytes + guard);
  if (rc != 0) throw std::runtime_error("pthread_create failed");
}

}  // namespace witt::test
