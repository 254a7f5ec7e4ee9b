// The WASI clocks on the host's clocks (shared by clock_* and poll_oneoff).
#pragma once

#include <time.h>

#include <cstdint>

#include "wasi/abi.h"

namespace witt::wasi {

// The host clock for a WASI $clockid, or false for an unknown id.
bool hostClock(uint32_t id, clockid_t& out);
// Now on `clock`, in nanoseconds.
uint64_t nowNanos(clockid_t clock);

}  // namespace witt::wasi
