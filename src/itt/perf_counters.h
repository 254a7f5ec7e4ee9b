// Hardware counters around a region of marks: a small wrapper over Linux
// perf_event_open(2) (https://man7.org/linux/man-pages/man2/perf_event_open.2.html)
// that opens cycles, instructions, cache references, cache misses and branch
// misses as one group for the calling thread, user space only, and reads them
// together. This is the "plain counting" consumer of trace marks that the
// instrument-tracing proposal's users asked for, next to perf's control fifo.
//
// Counters are often unavailable (containers, VMs without a virtual PMU,
// perf_event_paranoid, seccomp). Then open() fails with a one-line reason;
// nothing is ever faked.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "witt/result.h"

namespace witt::itt {

enum class Counter : uint8_t { Cycles, Instructions, CacheReferences, CacheMisses, BranchMisses };
inline constexpr size_t kNumCounters = 5;
inline constexpr std::array<Counter, kNumCounters> kAllCounters = {
    Counter::Cycles, Counter::Instructions, Counter::CacheReferences, Counter::CacheMisses,
    Counter::BranchMisses};
const char* toString(Counter c);  // "cycles", "instructions", ... (perf's event names)

struct CounterValues {
  // A value for each counter that opened; nullopt for one the host lacks.
  std::array<std::optional<uint64_t>, kNumCounters> values{};
  uint64_t timeEnabled = 0;  // ns the group was enabled
  uint64_t timeRunning = 0;  // ns it was on the PMU; less than enabled when multiplexed
  // The values are scaled by enabled/running when the group was multiplexed.
  bool scaled = false;
  std::optional<uint64_t> operator[](Counter c) const { return values[static_cast<size_t>(c)]; }
  // "cycles=1234 instructions=5678 ... " (counters that opened only)
  std::string describe() const;
};

class PerfCounters {
 public:
  // Opens the group, disabled. The first counter that opens leads the group;
  // a later one the host does not support is left out (see missing()). Fails
  // when none opens, with the reason for the first one, e.g.
  //   "perf_event_open: permission denied (kernel.perf_event_paranoid = 3; counting
  //    needs <= 2, or CAP_PERFMON)"
  //   "perf_event_open: no hardware counters (no PMU: a virtual machine or container?)"
  static Result<PerfCounters> open(std::span<const Counter> counters = kAllCounters);

  PerfCounters(PerfCounters&& other) noexcept;
  PerfCounters& operator=(PerfCounters&& other) noexcept;
  PerfCounters(const PerfCounters&) = delete;
  PerfCounters& operator=(const PerfCounters&) = delete;
  ~PerfCounters();

  void reset();  // zero the counters
  void start();  // enable the group
  void stop();   // disable it
  // Reads the group (running or stopped).
  Result<CounterValues> read() const;

  // Counters that were asked for but could not be opened, with the reasons.
  const std::vector<std::pair<Counter, std::string>>& missing() const { return missing_; }

 private:
  PerfCounters() = default;
  void close();

  int leader_ = -1;
  std::vector<std::pair<Counter, int>> fds_;  // group members in read order (leader first)
  std::vector<std::pair<Counter, std::string>> missing_;
};

// The one-line reason perf_event_open failed with errno `err` (exposed for
// tests and for the CLI).
std::string perfUnavailableReason(int err);

}  // namespace witt::itt
