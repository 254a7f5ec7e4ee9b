// clock_res_get, clock_time_get.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-clock_time_getid-clockid-precision-timestamp---resulttimestamp-errno
// realtime, monotonic, and the process's and thread's CPU time, each on the
// host clock of the same name. The precision argument is a hint; the host
// clocks are read at their full resolution.
#include "wasi/clocks.h"

#include "wasi/errno_map.h"
#include "wasi/host_call.h"

namespace witt::wasi {

bool hostClock(uint32_t id, clockid_t& out) {
  switch (static_cast<ClockId>(id)) {
    case ClockId::Realtime: out = CLOCK_REALTIME; return true;
    case ClockId::Monotonic: out = CLOCK_MONOTONIC; return true;
    case ClockId::ProcessCputime: out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case ClockId::ThreadCputime: out = CLOCK_THREAD_CPUTIME_ID; return true;
  }
  return false;
}

uint64_t nowNanos(clockid_t clock) {
  struct timespec ts {};
  clock_gettime(clock, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

namespace {

Errno clockResGet(Call& c, uint32_t id, uint32_t resultPtr) {
  clockid_t clock;
  if (!hostClock(id, clock)) return Errno::Inval;
  if (!c.mem.inBounds(resultPtr, 8)) return Errno::Fault;
  struct timespec ts {};
  if (clock_getres(clock, &ts) != 0) return lastHostError();
  uint64_t res = uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
  c.mem.store<uint64_t>(resultPtr, res ? res : 1);
  return Errno::Success;
}

Errno clockTimeGet(Call& c, uint32_t id, uint64_t /*precision*/, uint32_t resultPtr) {
  clockid_t clock;
  if (!hostClock(id, clock)) return Errno::Inval;
  if (!c.mem.inBounds(resultPtr, 8)) return Errno::Fault;
  c.mem.store<uint64_t>(resultPtr, nowNanos(clock));
  return Errno::Success;
}

}  // namespace

void registerClocks(Registry& r) {
  r.add("clock_res_get", &clockResGet);
  r.add("clock_time_get", &clockTimeGet);
}

}  // namespace witt::wasi
