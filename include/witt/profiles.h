// Profiles built on the Tracer hooks, and their reports (docs/tracing.md):
//
//   OpcodeHistogram  dynamic counts per full opcode (kTraceInstrRuns), and static
//                    counts of the instructions present in a module
//   CallProfiler     calls, instructions and wall time aggregated by call path
//                    (the call tree), from which the per-function profile,
//                    folded stacks and the flame graph are derived; optionally
//                    every call on a timeline (Chrome trace events)
//
// Each profile declares the fewest events it needs: the histogram needs every
// instruction; the call profiler needs calls, plus every instruction only when
// it counts instructions (kTraceOpCounts reports one bulk total per
// invocation, which cannot be split between functions).
//
//   witt::CallProfiler profiler;
//   inst.invoke("run", {}, profiler);
//   witt::FunctionNames names(module);
//   witt::writeFunctionsText(std::cout, profiler, names);
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "witt/engine.h"
#include "witt/tracer.h"

namespace witt {

// Names of a module's functions for reports: the name section's name, else an
// export name, else "module.field" for an import, else "func[N]". Indices are
// in the module's function index space (imports first), which is the index
// space the tracer hooks report for a module's own functions.
class FunctionNames {
 public:
  FunctionNames() = default;
  explicit FunctionNames(const Module& module);
  std::string operator()(uint32_t funcIdx) const;

 private:
  std::vector<std::string> names_;
};

// ---------------------------------------------------------------- histogram

class OpcodeHistogram : public Tracer {
 public:
  struct Row {
    std::string name;   // "i32.add", "i32x4.add"
    uint8_t prefix;     // 0, or 0xFB..0xFE
    uint32_t code;      // the opcode byte, or the sub-opcode after the prefix
    uint64_t dynamic;   // times executed
    uint64_t inModule;  // times present in the module's function bodies
  };

  uint32_t events() const override { return kTraceInstrRuns; }
  void onInstr(const InstrEvent& e) override { count(e); }
  void onInstrs(std::span<const InstrEvent> run) override {
    for (const InstrEvent& e : run) count(e);
  }

  // Adds the instructions present in `module`'s function bodies (decoded with
  // the binary decoder; trace marks are not instructions).
  Result<void> addStatic(const Module& module);

  // Every opcode executed or present, by dynamic count, then static count
  // (both descending), then encoding.
  std::vector<Row> rows() const;
  uint64_t dynamicTotal() const;
  uint64_t staticTotal() const;
  void reset();

 private:
  // Counters by encoding: a flat array for sub-opcodes below kCodes (every
  // opcode witt knows), a map for the rest.
  static constexpr uint32_t kCodes = 512;
  // Prefix bytes 0xFB..0xFE follow the single-byte opcodes in the flat arrays.
  static size_t prefixSlot(uint8_t prefix) { return prefix ? prefix - 0xFAu : 0u; }
  void count(const InstrEvent& e) {
    if (e.code < kCodes && (e.prefix == 0 || e.prefix >= 0xFB)) [[likely]]
      ++dynamic_[prefixSlot(e.prefix) * kCodes + e.code];
    else
      ++rare_[{e.prefix, e.code}].first;
  }
  std::vector<uint64_t> dynamic_ = std::vector<uint64_t>(5 * kCodes);
  std::vector<uint64_t> static_ = std::vector<uint64_t>(5 * kCodes);
  std::map<std::pair<uint8_t, uint32_t>, std::pair<uint64_t, uint64_t>> rare_;
};

// ---------------------------------------------------------------- call profile

// What a profile measures and sorts by.
enum class ProfileWeight : uint8_t {
  Instructions,  // instructions executed (exact, reproducible; counted per basic block)
  Time,          // wall time (steady_clock)
};

struct ProfileOptions {
  // Count instructions per call path (kTraceOpCounts with
  // kTraceOpCountsAtCalls: bulk counts, exact at every call and return);
  // without it the profiler traces calls only.
  bool instructions = true;
  // Record every call (start, duration, instructions) for the Chrome trace.
  bool timeline = false;
  // Later calls are counted in droppedCalls(). A call is ~130 bytes of
  // Chrome trace JSON: the default keeps files around 25 MB.
  size_t maxTimelineCalls = 200000;
  size_t maxNodes = 1u << 20;  // call paths; later new paths merge into their caller
};

// Calls, instructions and wall time aggregated by call path. Times are read
// with steady_clock at every call and return (tens of nanoseconds each,
// see docs/tracing.md), so a frame's time includes the profiler's own cost of
// its callees' calls and returns.
class CallProfiler : public Tracer {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // One call path. nodes()[0] is the root (the invocations); a node's parent
  // comes before it. Instructions and times are inclusive.
  struct Node {
    uint32_t func = 0;
    uint32_t parent = kNone;
    uint32_t firstChild = kNone, nextSibling = kNone;
    uint32_t depth = 0;  // root 0, invoked functions 1
    bool host = false;   // a host function (calls only: no frame, no time)
    uint64_t calls = 0;
    uint64_t instrs = 0;
    uint64_t ns = 0;
  };
  // One call on the timeline (ProfileOptions::timeline), in call order.
  struct Call {
    uint32_t func;
    uint32_t depth;
    bool host;
    uint64_t startNs;  // since the profiler's first event
    uint64_t endNs;    // equal to startNs for host calls
    uint64_t instrs;   // inclusive
  };
  // A function over all its call paths. Inclusive values count a recursive
  // function's outermost activations only.
  struct FunctionRow {
    uint32_t func;
    bool host;
    uint64_t calls;
    uint64_t selfInstrs, inclInstrs;
    uint64_t selfNs, inclNs;
  };

  explicit CallProfiler(const ProfileOptions& options = {});

  uint32_t events() const override;
  void onOp(uint32_t) override { ++ops_; }
  void onOps(uint64_t n) override { ops_ += n; }
  void onCall(uint32_t funcIdx) override;
  void onReturn(uint32_t funcIdx) override;
  void onHostCall(uint32_t funcIdx) override;

  const ProfileOptions& options() const { return options_; }
  bool countsInstructions() const { return options_.instructions; }
  const std::vector<Node>& nodes() const { return nodes_; }
  // Exclusive values of a node: inclusive minus its children's.
  uint64_t selfInstrs(uint32_t node) const;
  uint64_t selfNs(uint32_t node) const;
  // A node's children, by descending weight, then function index.
  std::vector<uint32_t> children(uint32_t node, ProfileWeight weight) const;
  // Every function called, sorted by descending self weight, then inclusive
  // weight, then calls, then index.
  std::vector<FunctionRow> functions(ProfileWeight sortBy) const;
  const std::vector<Call>& timeline() const { return timeline_; }
  uint64_t totalInstrs() const { return nodes_[0].instrs; }
  uint64_t totalNs() const { return nodes_[0].ns; }
  uint64_t totalCalls() const;  // wasm and host calls
  uint64_t droppedCalls() const { return dropped_; }
  uint64_t mergedCalls() const { return merged_; }
  void reset();

 private:
  struct Frame {
    uint32_t node;  // kNone: merged into the caller (maxNodes reached)
    uint32_t call;  // timeline index, or kNone
    uint64_t startNs;
    uint64_t startOps;
  };
  uint32_t child(uint32_t parent, uint32_t func, bool host);
  uint32_t enter(uint32_t funcIdx, bool host, uint64_t t, uint32_t& call);
  uint64_t now() const;

  ProfileOptions options_;
  std::vector<Node> nodes_;
  std::vector<Frame> stack_;
  std::vector<Call> timeline_;
  uint64_t ops_ = 0;
  uint64_t origin_ = 0;  // steady_clock at the first event
  bool started_ = false;
  uint64_t dropped_ = 0, merged_ = 0;
};

// ---------------------------------------------------------------- reports

// Text and JSON reports (docs/tracing.md gives their shapes). JSON reports
// are single objects; numbers are integers (times in nanoseconds).
void writeHistogramText(std::ostream& out, const OpcodeHistogram& h);
void writeHistogramJson(std::ostream& out, const OpcodeHistogram& h);
void writeFunctionsText(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                        ProfileWeight sortBy = ProfileWeight::Instructions);
void writeFunctionsJson(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                        ProfileWeight sortBy = ProfileWeight::Instructions);
void writeCallTreeText(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                       ProfileWeight sortBy = ProfileWeight::Instructions);
// Flat: nodes in depth-first order with their parent's id (a nested object
// would be as deep as the recursion, beyond many JSON parsers' limits).
void writeCallTreeJson(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                       ProfileWeight sortBy = ProfileWeight::Instructions);

// Folded stacks ("a;b;c N" per call path with a non-zero self weight, sorted),
// the input of flamegraph.pl and speedscope. N is self instructions, or self
// nanoseconds for ProfileWeight::Time.
void writeFolded(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                 ProfileWeight weight = ProfileWeight::Instructions);
// Chrome trace-event JSON: a complete event ("X", ts/dur in microseconds) per
// recorded call, an instant event per host call (needs ProfileOptions::timeline).
void writeChromeTrace(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                      std::string_view processName = "witt");
// A self-contained SVG flame graph (inline script for click-to-zoom, no
// external resources): one box per call path, width proportional to its
// inclusive weight, callers below callees.
void writeFlameGraph(std::ostream& out, const CallProfiler& p, const FunctionNames& names,
                     ProfileWeight weight = ProfileWeight::Instructions,
                     std::string_view title = "witt");

}  // namespace witt
