// What happened inside each region of trace marks during a run (the region
// report of `witt run --region-report`), and its text and JSON forms.
// The instrument-tracing proposal (https://github.com/WebAssembly/instrument-tracing)
// wants marks to "isolate a specific region of code" and measure it; this is
// the measurement, with the proposal's region semantics (src/itt/regions.h).
// docs/trace-marks.md section "Region report" gives both formats.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "itt/perf_counters.h"

namespace witt::itt {

struct OpcodeCount {
  std::string name;  // "i32.add"
  uint64_t count = 0;
};

// A mark that started or stopped a region, and how many times it did.
struct MarkSite {
  bool start = true;
  uint32_t id = 0;
  uint32_t funcIndex = 0;
  std::string funcName;  // "" when the module has none for it
  uint32_t offset = 0;   // from the function's local declarations (V8's origin, `witt marks list`)
  uint64_t fileOffset = 0;  // of the marked instruction in the module binary
  uint64_t count = 0;
};

struct RegionStats {
  uint32_t index = 0;
  std::vector<uint32_t> ids;    // the marks that delimit it
  std::string trigger;          // "toggle" or witt's spelling "start:18:count2,stop:19:count2"
  std::string sdeControl;       // the same as an SDE -control value ("" in toggle mode)
  uint64_t entries = 0;         // times it started
  bool openAtEnd = false;       // still active when the run ended
  std::vector<MarkSite> sites;  // starts, then stops, by position
  std::optional<uint64_t> instructions;   // wasm instructions executed inside (exact), if counted
  std::vector<OpcodeCount> opcodes;       // the histogram, most frequent first (ties by name)
  uint64_t calls = 0;                     // wasm functions called inside
  uint64_t hostCalls = 0;                 // host functions called inside
  uint64_t wallNs = 0;                    // wall-clock time inside
  std::optional<CounterValues> counters;  // hardware counters inside, when available
};

struct RegionReport {
  std::string module;         // file name, for the header
  std::string configuration;  // "toggle" or the --regions value as parsed
  bool instructionsCounted = false;
  std::string nativeMarks = "none";  // "ssc", "cpuid", "none"
  uint64_t marksExecuted = 0;
  std::vector<uint32_t> idsNeverExecuted;  // ids the module carries that never fired
  // Why there are no hardware counters ("" when they were read), one line.
  std::string countersUnavailable;
  std::vector<std::string> countersMissing;  // counters the host lacks (others were read)
  std::string perfControl;                   // "" or "CTL: N commands"
  std::vector<RegionStats> regions;
};

// The text report (for people): a header, then one block per region with its
// `top` most frequent opcodes.
std::string formatRegionReportText(const RegionReport& report, size_t top = 10);
// The JSON report (for tools): every field, the whole opcode histogram.
std::string formatRegionReportJson(const RegionReport& report);

}  // namespace witt::itt
