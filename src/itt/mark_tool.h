// The mark tool: the consumer of trace marks during a run, as a Tracer.
//
// The instrument-tracing proposal (https://github.com/WebAssembly/instrument-tracing)
// leaves what a mark does to "the implementation ... targeted for the
// platform"; in witt a mark does nothing unless a tracer asks for
// kTraceMarks, and then the engine calls onMark before the marked
// instruction. This tracer gives the marks their meaning:
//  1. regions: every executed mark feeds a RegionTracker (each id toggles its
//     own region by default, or the configurations of --regions);
//  2. native marks: the SSC or CPUID sequence for the id runs (NativeMarks),
//     so that Intel SDE, Pin or a hypervisor see the mark;
//  3. measurement per region (when a report is wanted): entries, exact wasm
//     instruction counts and an opcode histogram (kTraceOps), calls, wall
//     time, and hardware counters (PerfCounters), or the reason they are
//     unavailable;
//  4. an external perf, enabled and disabled through its control fifo
//     (PerfControl) when regions start and stop.
// On a mark, stops are handled first (measurement ends as early as possible),
// then the native sequence runs, then starts (measurement begins as late as
// possible), so the tool's own work stays outside the regions it measures.
//
// Instructions are counted exactly with kTraceInstrRuns: onInstrs reports
// every instruction after a start mark and before a stop mark, since runs
// end at marks. A mark fires before the instruction it is placed on, so that
// instruction belongs to the region a start opens and not to the region a
// stop closes. kTraceOpCounts would be
// cheaper but reports one total at the end of an invocation, which cannot be
// split between regions. With `countInstructions` off the tool asks only for
// kTraceMarks and kTraceCalls: the run stays close to untraced speed, which
// is what hardware counters and perf should see.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "itt/native_stubs.h"
#include "itt/perf_control.h"
#include "itt/perf_counters.h"
#include "itt/region_report.h"
#include "itt/regions.h"
#include "spec/module.h"
#include "witt/result.h"
#include "witt/tracer.h"

namespace witt::itt {

struct MarkToolOptions {
  RegionConfig regions;                               // default: every id toggles its region
  NativeMarkMode nativeMarks = NativeMarkMode::None;  // run the SSC or CPUID sequence per mark
  bool measure = false;                               // collect the statistics of the region report
  bool countInstructions = true;  // with measure: exact instruction counts and opcode histogram
  bool hardwareCounters = true;   // with measure: cycles, instructions, ... via perf_event_open
  std::string perfControl;        // "CTL[,ACK]": drive an external perf ("" for none)
};

class MarkTool final : public Tracer {
 public:
  // `ids` are the module's mark ids (their native stubs are generated now,
  // not while running). `module` (optional, must outlive the tool) names
  // functions and converts offsets in the report. Fails when native marks
  // are unsupported on this host or the perf control fifo cannot be opened;
  // unavailable hardware counters are not an error (the report says why).
  // Regions without a start trigger are active, and measured, from now on.
  static Result<std::unique_ptr<MarkTool>> create(MarkToolOptions options,
                                                  std::span<const uint32_t> ids = {},
                                                  const spec::Module* module = nullptr);
  ~MarkTool() override;

  uint32_t events() const override;
  void onMark(uint32_t id, uint32_t funcIdx, uint32_t offset, uint64_t occurrence) override;
  void onInstrs(std::span<const InstrEvent> run) override;
  void onCall(uint32_t funcIdx) override;
  void onHostCall(uint32_t funcIdx) override;

  // Ends the run: closes the regions still active (their wall time and
  // counters) and disables perf. Safe to call more than once; further marks
  // are still tracked but no longer measured.
  void finish();

  // The report (call finish() first for regions still open to be complete).
  RegionReport report() const;

  const RegionTracker& regions() const { return tracker_; }
  const NativeMarks* nativeMarks() const { return native_.get(); }
  uint64_t marksExecuted() const { return marksExecuted_; }
  // The first failure driving perf; the run went on without perf after it.
  const std::optional<Error>& perfControlError() const { return perfError_; }
  // Why hardware counters are not measured ("" when they are, or not asked).
  const std::string& countersUnavailable() const { return countersUnavailable_; }

  // Opcode histogram keys: one-byte opcodes, then 512 sub-opcodes for each of
  // the prefixes 0xFB, 0xFC, 0xFD, 0xFE (all of witt's fit), then one bucket
  // for anything else.
  static constexpr uint32_t kOpKeys = 256 + 4 * 512 + 1;
  static uint32_t opKey(uint8_t prefix, uint32_t code);

 private:
  using Clock = std::chrono::steady_clock;
  struct Region {
    bool active = false;
    uint64_t entries = 0;
    uint64_t instructions = 0;
    uint64_t calls = 0, hostCalls = 0;
    uint64_t wallNs = 0;
    Clock::time_point startedAt{};
    std::vector<uint64_t> histogram;  // kOpKeys counts, allocated on first entry
    std::optional<CounterValues> countersAtStart;
    CounterValues counters{};
    bool countersRead = false;
    std::vector<MarkSite> sites;
    size_t lastStartSite = SIZE_MAX, lastStopSite = SIZE_MAX;  // recordSite's guesses
  };

  explicit MarkTool(MarkToolOptions options, const spec::Module* module);
  Region& region(uint32_t index);
  void startRegion(uint32_t index, uint32_t id, uint32_t funcIdx, uint32_t offset);
  void stopRegion(uint32_t index, uint32_t id, uint32_t funcIdx, uint32_t offset);
  void recordSite(Region& r, bool start, uint32_t id, uint32_t funcIdx, uint32_t offset);
  void perfCommand(bool enable);
  std::optional<CounterValues> readCounters();

  MarkToolOptions options_;
  const spec::Module* module_;
  std::vector<uint32_t> moduleIds_;
  RegionTracker tracker_;
  std::unique_ptr<NativeMarks> native_;
  std::optional<PerfCounters> counters_;
  std::string countersUnavailable_;
  std::vector<std::string> countersMissing_;
  std::optional<PerfControl> perf_;
  std::optional<Error> perfError_;
  std::vector<Region> regions_;
  std::vector<uint32_t> active_;  // indices of active regions (measured ones)
  std::vector<const char*> opNames_;
  uint64_t marksExecuted_ = 0;
  bool finished_ = false;
};

}  // namespace witt::itt
