// Regions of interest delimited by executed trace marks (instrument-tracing
// proposal, https://github.com/WebAssembly/instrument-tracing): pure logic,
// fed with the id of every mark as it executes, telling when regions start
// and stop. The consumers (tracer scoping, hardware counters, perf control
// fifo) act on the events.
//
// Default (no configuration): every id toggles its own region; its 1st, 3rd,
// 5th... occurrence starts the region, its 2nd, 4th... stops it. This is the
// proposal's "the first occurrence starts the trace and the second stops it".
//
// Configured: start and stop triggers as on the proposal's tooling page and
// in Intel SDE's -control option:
//     start:17,stop:17:count2            (ids decimal, proposal style)
//     -start:18:count2 -stop:19:count2   (same, with dashes and spaces)
//     -control start:ssc:12:count2,stop:ssc:13:count2   (SDE: ids in hex)
//     start:18:2,stop:19:2               (the occurrence without "count")
// A trigger `ID[:countN]` acts on the N-th occurrence of mark ID (N = 1 by
// default) counted from the beginning of the run, including the occurrences
// that come while the region is inactive: that is what the tooling page's
// table says ("start 18 (2nd occurrence), stop 17 (3rd occurrence)" holds
// points 4-7, counting the 17 that came before the start). It acts once: if
// at that occurrence the region is already in the state the trigger sets (or
// the region changed on this very mark), the trigger is spent and nothing
// happens. With `:repeat` it re-arms instead and acts again on every N-th
// occurrence that arrives while the region is in the other state
// (occurrences while the region is already in the trigger's state do not
// count). A region changes at most once per mark.
// Triggers pair up in order: each `start` opens a region, the next `stop`
// closes it. A region without a start is active from the beginning; without
// a stop it runs to the end. Several regions may be active at once.
// Unbalanced marks are tolerated: a stop for an inactive region and a start
// for an active one change nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/id_table.h"
#include "witt/result.h"

namespace witt::itt {

struct RegionTrigger {
  uint32_t id = 0;
  uint64_t count = 1;  // which occurrence, 1-based
  bool repeat = false;
  bool operator==(const RegionTrigger&) const = default;
};

struct RegionSpec {
  std::optional<RegionTrigger> start, stop;
  bool operator==(const RegionSpec&) const = default;
};

struct RegionConfig {
  std::vector<RegionSpec> regions;  // empty: every id toggles its own region
  bool toggle() const { return regions.empty(); }
};

// Parses a --regions value (see the header comment). "" and "toggle" give
// the default configuration.
Result<RegionConfig> parseRegionSpec(std::string_view spec);

// One region as witt spells it, ids in decimal: "start:18:count2,stop:19:count2";
// "stop:19" for a region active from the beginning, "start:18" for one that
// runs to the end.
std::string describe(const RegionSpec& region);

// The configuration as an Intel SDE -control value (ids in hex), e.g.
// "start:ssc:12:count2,stop:ssc:13:count2"; empty for the toggle default.
std::string toSdeControl(const RegionConfig& config);

struct RegionEvent {
  enum class Kind : uint8_t { Start, Stop };
  Kind kind = Kind::Start;
  uint32_t region = 0;      // index in RegionConfig::regions; in toggle mode, regions are
                            // numbered in the order their ids first occur
  uint32_t id = 0;          // the mark that caused it
  uint64_t occurrence = 0;  // which occurrence of that id (1-based)
  bool operator==(const RegionEvent&) const = default;
};

class RegionTracker {
 public:
  explicit RegionTracker(RegionConfig config = {});

  // Feeds one executed mark; returns what it changed, stops before starts.
  // The span stays valid until the next call.
  std::span<const RegionEvent> onMark(uint32_t id);

  // Whether any region is active (for scoping a tracer), or region `region`.
  bool isActive() const { return numActive_ > 0; }
  bool isActive(uint32_t region) const;
  uint32_t numRegions() const { return static_cast<uint32_t>(regions_.size()); }
  // In toggle mode, the mark id of region `region`.
  std::optional<uint32_t> toggleId(uint32_t region) const;

  uint64_t occurrences(uint32_t id) const;
  void reset();

 private:
  struct State {
    RegionSpec spec;
    bool active = false;
    bool startDone = false, stopDone = false;  // one-shot triggers that fired
    uint64_t startSeen = 0, stopSeen = 0;      // repeat: occurrences counted since it last fired
  };
  bool tryFire(const RegionTrigger& t, bool& done, uint64_t& seen, uint64_t occurrence);

  RegionConfig config_;
  std::vector<State> regions_;
  // Per-id state: occurrences and (toggle mode) the region.
  struct IdState {
    uint64_t count = 0;
    uint32_t toggleRegion = UINT32_MAX;
  };
  IdTable<IdState> ids_;
  std::vector<uint32_t> toggleIds_;
  std::vector<RegionEvent> events_;
  std::vector<bool> changed_;
  uint32_t numActive_ = 0;
};

}  // namespace witt::itt
