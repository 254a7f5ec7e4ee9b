#include "itt/perf_counters.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#if defined(__linux__)
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#define WITT_HAVE_PERF 1
#else
#define WITT_HAVE_PERF 0
#endif

namespace witt::itt {

const char* toString(Counter c) {
  switch (c) {
    case Counter::Cycles: return "cycles";
    case Counter::Instructions: return "instructions";
    case Counter::CacheReferences: return "cache-references";
    case Counter::CacheMisses: return "cache-misses";
    case Counter::BranchMisses: return "branch-misses";
  }
  return "?";
}

std::string CounterValues::describe() const {
  std::string s;
  for (Counter c : kAllCounters) {
    if (!(*this)[c]) continue;
    if (!s.empty()) s += ' ';
    s += std::string(toString(c)) + "=" + std::to_string(*(*this)[c]);
  }
  if (scaled) s += " (scaled: multiplexed)";
  return s;
}

namespace {

std::optional<int> paranoidLevel() {
  std::ifstream in("/proc/sys/kernel/perf_event_paranoid");
  int v;
  if (in >> v) return v;
  return std::nullopt;
}

}  // namespace

std::string perfUnavailableReason(int err) {
  std::string s = "perf_event_open: ";
  switch (err) {
    case EACCES:
    case EPERM: {
      std::optional<int> level = paranoidLevel();
      s += "permission denied (";
      if (level) {
        s += "kernel.perf_event_paranoid = " + std::to_string(*level);
        // Counting one's own user-space events is allowed up to level 2;
        // Debian and Android add a level 3 that forbids everything.
        if (*level > 2)
          s += "; counting needs <= 2, or CAP_PERFMON";
        else
          s += " would allow it: blocked by a seccomp filter or a container?";
      } else {
        s += "no /proc/sys/kernel/perf_event_paranoid";
      }
      return s + ")";
    }
    case ENOENT:
    case ENODEV:
    case EOPNOTSUPP:
      return s +
             "no such hardware counter (no PMU: a virtual machine or container without "
             "perf support?)";
    case ENOSYS: return s + "not implemented by this kernel";
    case EMFILE: return s + "too many open files";
    case EINVAL: return s + "invalid event attributes for this kernel or CPU";
    default: return s + std::strerror(err);
  }
}

#if WITT_HAVE_PERF

namespace {

uint64_t hwConfig(Counter c) {
  switch (c) {
    case Counter::Cycles: return PERF_COUNT_HW_CPU_CYCLES;
    case Counter::Instructions: return PERF_COUNT_HW_INSTRUCTIONS;
    case Counter::CacheReferences: return PERF_COUNT_HW_CACHE_REFERENCES;
    case Counter::CacheMisses: return PERF_COUNT_HW_CACHE_MISSES;
    case Counter::BranchMisses: return PERF_COUNT_HW_BRANCH_MISSES;
  }
  return 0;
}

int openEvent(Counter c, int groupFd) {
  perf_event_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = hwConfig(c);
  // The leader starts disabled and enables the whole group; members follow it.
  attr.disabled = groupFd == -1 ? 1 : 0;
  // User space only: what perf_event_paranoid <= 2 allows without privileges,
  // and what wasm code runs in anyway.
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  attr.read_format =
      PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  long fd = syscall(SYS_perf_event_open, &attr, 0 /* this thread */, -1 /* any cpu */, groupFd,
                    PERF_FLAG_FD_CLOEXEC);
  return static_cast<int>(fd);
}

}  // namespace

Result<PerfCounters> PerfCounters::open(std::span<const Counter> counters) {
  PerfCounters pc;
  std::optional<int> firstErr;
  for (Counter c : counters) {
    int fd = openEvent(c, pc.leader_);
    if (fd < 0) {
      int err = errno;
      if (!firstErr) firstErr = err;
      pc.missing_.emplace_back(c, perfUnavailableReason(err));
      continue;
    }
    if (pc.leader_ == -1) pc.leader_ = fd;
    pc.fds_.emplace_back(c, fd);
  }
  if (pc.leader_ == -1)
    return Error(ErrorKind::Usage, firstErr ? perfUnavailableReason(*firstErr)
                                            : std::string("perf_event_open: no counter asked for"));
  return pc;
}

void PerfCounters::reset() {
  if (leader_ >= 0) ioctl(leader_, PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP);
}
void PerfCounters::start() {
  if (leader_ >= 0) ioctl(leader_, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
}
void PerfCounters::stop() {
  if (leader_ >= 0) ioctl(leader_, PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
}

Result<CounterValues> PerfCounters::read() const {
  // PERF_FORMAT_GROUP: nr, time_enabled, time_running, then one value per member.
  std::vector<uint64_t> buf(3 + fds_.size());
  ssize_t n = ::read(leader_, buf.data(), buf.size() * sizeof(uint64_t));
  if (n < 0)
    return Error(ErrorKind::Io, std::string("perf counters: read failed: ") + std::strerror(errno));
  if (static_cast<size_t>(n) < 3 * sizeof(uint64_t) || buf[0] != fds_.size())
    return Error(ErrorKind::Io, "perf counters: short read");
  CounterValues v;
  v.timeEnabled = buf[1];
  v.timeRunning = buf[2];
  // A group that was enabled but never got onto the PMU counted nothing real.
  if (v.timeEnabled > 0 && v.timeRunning == 0)
    return Error(ErrorKind::Usage,
                 "perf counters: the group never ran on the PMU (too many counters in use?)");
  v.scaled = v.timeRunning > 0 && v.timeRunning < v.timeEnabled;
  for (size_t i = 0; i < fds_.size(); ++i) {
    uint64_t raw = buf[3 + i];
    if (v.scaled)
      raw = static_cast<uint64_t>(static_cast<long double>(raw) * v.timeEnabled / v.timeRunning);
    v.values[static_cast<size_t>(fds_[i].first)] = raw;
  }
  return v;
}

void PerfCounters::close() {
  for (auto& [c, fd] : fds_) ::close(fd);
  fds_.clear();
  leader_ = -1;
}

#else  // no perf_event_open

Result<PerfCounters> PerfCounters::open(std::span<const Counter>) {
  return Error(ErrorKind::Usage, "perf_event_open: hardware counters need Linux");
}
void PerfCounters::reset() {}
void PerfCounters::start() {}
void PerfCounters::stop() {}
Result<CounterValues> PerfCounters::read() const {
  return Error(ErrorKind::Usage, "perf_event_open: hardware counters need Linux");
}
void PerfCounters::close() {}

#endif

PerfCounters::PerfCounters(PerfCounters&& other) noexcept
    : leader_(other.leader_), fds_(std::move(other.fds_)), missing_(std::move(other.missing_)) {
  other.leader_ = -1;
  other.fds_.clear();
}

PerfCounters& PerfCounters::operator=(PerfCounters&& other) noexcept {
  if (this != &other) {
    close();
    leader_ = other.leader_;
    fds_ = std::move(other.fds_);
    missing_ = std::move(other.missing_);
    other.leader_ = -1;
    other.fds_.clear();
  }
  return *this;
}

PerfCounters::~PerfCounters() { close(); }

}  // namespace witt::itt
