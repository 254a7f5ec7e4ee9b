// Executing internal code: the interpreter loop and its execution context.
//
// The loop (run_loop.inc) is one function template instantiated three times:
// untraced, where no tracer hook exists in the code (loop_untraced.cpp), and
// metered and traced (loop_traced.cpp). Each instantiation has its own table
// of handler addresses; code lowered for one is run by that one only.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "base/id_table.h"
#include "interp/code.h"
#include "interp/event_batch.h"
#include "interp/lowering.h"
#include "witt/result.h"
#include "witt/tracer.h"

namespace witt::runtime {
class Function;
class InstanceData;
class Tag;
struct ExceptionObject;
}  // namespace witt::runtime

namespace witt::interp {

// A wasm frame: where to return to in the caller, and whom it runs.
struct Frame {
  const Word* retIp;  // null for the entry frame of an invocation
  Slot* callerFp;
  runtime::InstanceData* callerInst;
  runtime::Function* func;  // the function running in this frame
};

// The value stack and frame stack of one thread. Nested invocations (a host
// function calling back into wasm) continue above the current frame.
class ExecContext {
 public:
  ExecContext(size_t stackSlots, size_t maxFrames);

  Slot* stackBase() const { return stack_.get(); }
  Slot* stackEnd() const { return stack_.get() + stackSlots_; }
  Slot* top = nullptr;  // first slot free for a new invocation
  Frame* frameBase = nullptr;
  Frame* frameTop = nullptr;  // one past the innermost frame
  Frame* frameEnd = nullptr;
  // A call pushing its frame here or above takes the slow path: at
  // frameEnd it traps; below it, the Counting tracer's run has reached a
  // new deepest frame (RunState::peak). frameEnd in every other run.
  Frame* frameWatch = nullptr;
  size_t maxFrames() const { return static_cast<size_t>(frameEnd - frameBase); }

  // Set while a host function runs, so the Caller can reach its instance.
  runtime::InstanceData* hostCallerInstance = nullptr;
  Tracer* tracer = nullptr;
  EventBatch batch;  // events of a kTraceBatches tracer waiting for delivery
  int hostDepth = 0;  // nesting of host -> wasm re-entries

  // Exception objects. One consumed by a catch without _ref is recycled at
  // once; one an exnref points to (escaped) lives as long as the context.
  // Instruction counting (metered code): the count, and the limit at which a
  // Meter instruction stops execution (fuel, or 0 when a timeout fired).
  uint64_t opCount = 0;
  uint64_t opsReported = 0;  // opCount when the tracer last received onOps
  std::atomic<uint64_t> opLimit{UINT64_MAX};
  std::atomic<bool> timedOut{false};
  // Occurrences of each trace mark id in the current invocation.
  IdTable<uint64_t> markCounts;

  runtime::ExceptionObject* newException(runtime::Tag* tag, const Slot* payload, uint32_t slots);
  void recycle(runtime::ExceptionObject* e);
  size_t liveExceptions() const { return exceptions_.size() - free_.size(); }

 private:
  size_t stackSlots_;
  std::unique_ptr<Slot[]> stack_;
  std::unique_ptr<Frame[]> frames_;
  std::vector<std::unique_ptr<runtime::ExceptionObject>> exceptions_;
  std::vector<runtime::ExceptionObject*> free_;
};

// The handler for an exception raised at word `pc` of `code` in `inst`, or
// null if none of the function's regions catches it.
const CatchEntry* findHandler(const CompiledFunc& code, uint32_t pc,
                              const runtime::ExceptionObject* exn,
                              const runtime::InstanceData* inst);

// The calling thread's context (created on first use).
ExecContext& threadContext();

// Handler tables of the loop's instantiations, indexed by IOp.
const void* const* untracedHandlers();
const void* const* meteredHandlers();
const void* const* tracedHandlers();

// Runs wasm function `entry` in one loop, with its arguments in fp[0..), and
// returns the outcome (execute() chooses the loop and sets up the context).
// `key` names the code variant the loop runs (VariantKey).
Result<void> runUntraced(ExecContext& ctx, runtime::Function* entry, Slot* fp);
Result<void> runMetered(ExecContext& ctx, runtime::Function* entry, Slot* fp, uint32_t key);
Result<void> runTraced(ExecContext& ctx, runtime::Function* entry, Slot* fp, Tracer* tracer,
                       uint32_t key);

// A code variant: which loop runs it and what the lowering adds.
//   bits 0-1: loop (0 plain, 1 metered, 2 traced); bit 2: Meter instructions;
//   bits 8+: the witt::TraceEvent bits the code emits instructions for.
namespace VariantKey {
// kLimit: the metered code checks a fuel or timeout limit (Meter rather
// than CountBlock instructions).
// kCountCalls: traced code for the Counting tracer, whose calls and peak
// depth the loop counts itself (EnterCountingCall; no call events).
inline constexpr uint32_t kPlain = 0, kMetered = 1, kTraced = 2, kMeter = 4, kLimit = 8,
                          kCountCalls = 16;
inline constexpr uint32_t make(uint32_t loop, bool meter, uint32_t events, bool limit = true) {
  return loop | (meter ? kMeter : 0) | (meter && limit ? kLimit : 0) | (events << 8);
}
// Whether code run for `events` counts instructions (Meter or CountBlock):
// for the bulk counts, or to enforce a fuel or time limit.
inline constexpr bool meters(uint32_t events, bool limited) {
  return (events & kTraceOpCounts) || limited;
}
// The traced code execute() runs for a tracer declaring `events`: `limited`
// when a fuel or time limit applies, `countCalls` for the CountingTracer
// itself. Calls, throws and traps need no instructions of their own (the
// loop delivers them), so tracers differing only in those share code;
// instruction counts are the Meter's.
inline constexpr uint32_t traced(uint32_t events, bool limited, bool countCalls) {
  constexpr uint32_t kByTheLoop = kTraceOpCounts | kTraceCalls | kTraceThrows | kTraceTraps;
  return make(kTraced, meters(events, limited), events & ~kByTheLoop, limited) |
         (countCalls ? kCountCalls : 0);
}
}  // namespace VariantKey
LowerOptions variantOptions(uint32_t key);
// Tests only: traced code lowered without folding locals and constants (one
// internal instruction per wasm instruction), the reference the folded traced
// code's events are compared with. Holds for code lowered afterwards.
void setTracedFoldingForTesting(bool on);

// Limits of one invocation (fuel: instructions; timeout: wall clock).
struct ExecLimits {
  uint64_t fuel = 0;       // 0: unlimited
  uint64_t timeoutMs = 0;  // 0: none
};

// Runs `f` (wasm or host) with its arguments in fp[0..): on success its
// results are in fp[0..). fp must be at or above ctx.top. A trap, exit or
// uncaught exception is returned as an Error with a backtrace.
Result<void> execute(ExecContext& ctx, runtime::Function* f, Slot* fp, Tracer* tracer,
                     const ExecLimits& limits = {});

// Calls a host function with arguments in slots; writes result slots.
Result<void> callHost(ExecContext& ctx, runtime::Function* f, Slot* fp,
                      runtime::InstanceData* caller);

}  // namespace witt::interp
