// poll_oneoff: waits for clock timeouts and for fds to become readable or
// writable.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#-poll_oneoffin-constpointersubscription-out-pointerevent-nsubscriptions-size---resultsize-errno
//
// Regular files are always ready ("This event always triggers for regular
// files"), with nbytes the bytes left to read. Other fds are polled with the
// host's ppoll; clock subscriptions set its timeout. A subscription that
// cannot be waited on (a closed fd, missing rights, an unknown clock) is
// reported at once as an event carrying that error.
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <vector>

#include "wasi/clocks.h"
#include "wasi/errno_map.h"
#include "wasi/host_call.h"

namespace witt::wasi {

namespace {

struct Event {
  uint64_t userdata = 0;
  Errno error = Errno::Success;
  EventType type = EventType::Clock;
  uint64_t nbytes = 0;
  uint16_t flags = 0;
};

struct ClockSub {
  uint64_t userdata;
  clockid_t clock;
  uint64_t deadline;  // absolute, on `clock`
};

struct FdSub {
  uint64_t userdata;
  EventType type;
  int hostFd;
};

void storeEvent(const GuestMemory& mem, uint32_t ptr, const Event& e) {
  uint8_t* p = mem.range(ptr, layout::kEventSize);
  std::memset(p, 0, layout::kEventSize);
  mem.store<uint64_t>(ptr, e.userdata);
  mem.store<uint16_t>(ptr + 8, static_cast<uint16_t>(e.error));
  mem.store<uint8_t>(ptr + 10, static_cast<uint8_t>(e.type));
  mem.store<uint64_t>(ptr + 16, e.nbytes);
  mem.store<uint16_t>(ptr + 24, e.flags);
}

// Bytes waiting on a stream, when the host can tell.
uint64_t pendingBytes(int fd) {
  int n = 0;
  return ioctl(fd, FIONREAD, &n) == 0 && n > 0 ? static_cast<uint64_t>(n) : 0;
}

Errno pollOneoff(Call& c, uint32_t in, uint32_t out, uint32_t nsubs, uint32_t neventsPtr) {
  if (nsubs == 0) return Errno::Inval;  // would wait forever for nothing
  if (!c.mem.range(in, uint64_t(nsubs) * layout::kSubscriptionSize) ||
      !c.mem.range(out, uint64_t(nsubs) * layout::kEventSize) || !c.mem.inBounds(neventsPtr, 4))
    return Errno::Fault;

  std::vector<Event> events;  // ready without waiting
  std::vector<ClockSub> clocks;
  std::vector<FdSub> fdSubs;
  for (uint32_t i = 0; i < nsubs; ++i) {
    uint32_t s = in + i * layout::kSubscriptionSize;
    uint64_t userdata = 0;
    uint8_t tag = 0;
    c.mem.load(s, userdata);
    c.mem.load(s + 8, tag);
    switch (static_cast<EventType>(tag)) {
      case EventType::Clock: {
        uint32_t id = 0;
        uint64_t timeout = 0;
        uint16_t flags = 0;
        c.mem.load(s + 16, id);
        c.mem.load(s + 24, timeout);
        c.mem.load(s + 40, flags);
        clockid_t clock;
        if (!hostClock(id, clock)) {
          events.push_back({userdata, Errno::Inval, EventType::Clock, 0, 0});
          break;
        }
        uint64_t deadline = timeout;
        if (!(flags & kSubscriptionClockAbstime)) {
          uint64_t now = nowNanos(clock);
          deadline = timeout > UINT64_MAX - now ? UINT64_MAX : now + timeout;
        }
        if (clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID) {
          // CPU time does not pass while the guest waits: wait for the same
          // amount of monotonic time instead.
          uint64_t now = nowNanos(clock);
          uint64_t left = deadline > now ? deadline - now : 0;
          clock = CLOCK_MONOTONIC;
          now = nowNanos(clock);
          deadline = left > UINT64_MAX - now ? UINT64_MAX : now + left;
        }
        clocks.push_back({userdata, clock, deadline});
        break;
      }
      case EventType::FdRead:
      case EventType::FdWrite: {
        auto type = static_cast<EventType>(tag);
        uint32_t fd = 0;
        c.mem.load(s + 16, fd);
        FdEntry* e;
        Errno err =
            c.fds().lookup(fd, type == EventType::FdRead ? rights::FdRead : rights::FdWrite, e);
        if (err != Errno::Success) {
          events.push_back({userdata, err, type, 0, 0});
          break;
        }
        if (e->type == FileType::RegularFile) {
          uint64_t nbytes = 0;
          if (type == EventType::FdRead) {
            struct stat st;
            off_t pos = lseek(e->hostFd, 0, SEEK_CUR);
            if (fstat(e->hostFd, &st) == 0 && pos >= 0 && st.st_size > pos)
              nbytes = static_cast<uint64_t>(st.st_size - pos);
          }
          events.push_back({userdata, Errno::Success, type, nbytes, 0});
          break;
        }
        fdSubs.push_back({userdata, type, e->hostFd});
        break;
      }
      default: return Errno::Inval;
    }
  }

  std::vector<struct pollfd> pfds(fdSubs.size());
  for (size_t i = 0; i < fdSubs.size(); ++i)
    pfds[i] = {fdSubs[i].hostFd, short(fdSubs[i].type == EventType::FdRead ? POLLIN : POLLOUT), 0};

  for (;;) {
    // Wait until the earliest clock deadline, or not at all when events are
    // already there (then poll only collects the fds ready as well).
    std::optional<uint64_t> waitNs;
    if (!events.empty()) waitNs = 0;
    for (const ClockSub& cs : clocks) {
      uint64_t now = nowNanos(cs.clock);
      uint64_t left = cs.deadline > now ? cs.deadline - now : 0;
      waitNs = waitNs ? std::min(*waitNs, left) : left;
    }
    struct timespec ts {};
    if (waitNs) {
      ts.tv_sec = static_cast<time_t>(*waitNs / 1000000000ull);
      ts.tv_nsec = static_cast<long>(*waitNs % 1000000000ull);
    }
    int r = ppoll(pfds.data(), pfds.size(), waitNs ? &ts : nullptr, nullptr);
    if (r < 0) {
      if (errno == EINTR) continue;
      return lastHostError();
    }
    for (size_t i = 0; i < pfds.size(); ++i) {
      short rev = pfds[i].revents;
      if (!rev) continue;
      Event ev{fdSubs[i].userdata, Errno::Success, fdSubs[i].type, 0, 0};
      if (rev & POLLNVAL) ev.error = Errno::Badf;
      if (rev & POLLHUP) ev.flags |= kEventFdReadwriteHangup;
      if (ev.type == EventType::FdRead && ev.error == Errno::Success)
        ev.nbytes = pendingBytes(pfds[i].fd);
      events.push_back(ev);
    }
    for (const ClockSub& cs : clocks)
      if (nowNanos(cs.clock) >= cs.deadline)
        events.push_back({cs.userdata, Errno::Success, EventType::Clock, 0, 0});
    if (!events.empty()) break;
  }

  uint32_t n = static_cast<uint32_t>(std::min<size_t>(events.size(), nsubs));
  for (uint32_t i = 0; i < n; ++i) storeEvent(c.mem, out + i * layout::kEventSize, events[i]);
  c.mem.store<uint32_t>(neventsPtr, n);
  return Errno::Success;
}

}  // namespace

void registerPoll(Registry& r) { r.add("poll_oneoff", &pollOneoff); }

}  // namespace witt::wasi
