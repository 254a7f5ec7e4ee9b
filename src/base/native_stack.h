// How much native (C++) stack the calling thread has left.
//
// Fixed depth limits (parser nesting, host re-entries) are chosen for the
// default 8 MiB main-thread stack of a release build. An embedder calling
// witt from a thread with a smaller stack, or a sanitizer build whose frames
// are several times larger, can run out before those limits are reached; the
// recursive paths therefore also ask how much stack is left and stop with a
// clean error instead of overflowing it.
#pragma once

#include <cstddef>

namespace witt {

// Stack the recursive paths keep free for the work after their check (a
// host function's own frames, error reporting).
inline constexpr size_t kNativeStackReserve = 256 * 1024;

// Bytes between the caller's frame and the end of its thread's stack; a very
// large number when the thread's stack bounds cannot be read.
size_t nativeStackRemaining();

inline bool nativeStackLow(size_t reserve = kNativeStackReserve) {
  return nativeStackRemaining() < reserve;
}

}  // namespace witt
