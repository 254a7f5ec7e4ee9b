// A tracer for running the spec testsuite traced (witt_spec_gate --trace):
// it declares every event through every mechanism at once and checks, after
// each invocation, that they tell the same story:
// - the instructions counted by onOp, by onInstr, by the records of onInstrs
//   runs and by the metered bulk counts (onOps) are equal, at the end and
//   (kTraceOpCountsAtCalls) at every call, return and host call;
// - each run's records are the onInstr records that follow it, in order, and
//   each onInstr is the instruction its onOp reported;
// - calls and returns pair up (a tail call returns from the caller first),
//   onEnter names the function just called, and every instruction, block,
//   branch and memory event belongs to the function on top of that stack;
// - the stack is empty again when the invocation ends (traps and exceptions
//   unwind it with onReturn).
// `extra` adds kTraceBatches (the same events through batches and
// Tracer::dispatch) or kTraceBlockRuns (blocks in groups, expanded by the
// default onBlocks), or both.
// CountingCheck below checks `witt run --trace`'s counts the same way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "witt/tracer.h"

namespace witt::test {

class CrossCheckTracer : public Tracer {
 public:
  explicit CrossCheckTracer(uint32_t extra) : extra_(extra) {}

  uint32_t events() const override {
    return kTraceAll | kTraceOpCounts | kTraceOpCountsAtCalls | kTraceInstrRuns | extra_;
  }

  void onOp(uint32_t op) override {
    if (pendingOp_) problem("onOp without its onInstr");
    ++ops_;
    lastOp_ = op;
    pendingOp_ = true;
  }
  void onInstr(const InstrEvent& e) override {
    ++instrs_;
    if (!pendingOp_) return problem("onInstr without an onOp before it");
    pendingOp_ = false;
    if (lastOp_ != (e.prefix ? e.prefix : e.code))  // derived here, not read from e.op
      problem("onOp " + std::to_string(lastOp_) + " then onInstr of " + e.name);
    if (next_ == run_.size())
      return problem(std::string("onInstr of ") + e.name + " outside a run");
    const InstrEvent& r = run_[next_++];
    if (r.offset != e.offset || r.code != e.code || r.funcIdx != e.funcIdx)
      problem("run record at " + std::to_string(r.offset) + ", onInstr at " +
              std::to_string(e.offset));
    inFunction(e.funcIdx, "onInstr");
  }
  void onInstrs(std::span<const InstrEvent> run) override {
    if (next_ != run_.size()) problem("a run begins before the previous one was executed");
    if (run.empty()) problem("an empty run");
    records_ += run.size();
    run_.assign(run.begin(), run.end());
    next_ = 0;
  }
  void onOps(uint64_t n) override { bulk_ += n; }

  void onCall(uint32_t f) override {
    countsExact("onCall");
    stack_.push_back(f);
    justCalled_ = true;
    calledIdx_ = f;
  }
  void onReturn(uint32_t f) override {
    countsExact("onReturn");
    if (stack_.empty()) return problem("onReturn(" + std::to_string(f) + ") with no frame");
    if (stack_.back() != f)
      problem("onReturn(" + std::to_string(f) + ") from function " + std::to_string(stack_.back()));
    stack_.pop_back();
  }
  void onHostCall(uint32_t) override { countsExact("onHostCall"); }
  void onEnter(uint32_t f, std::span<const Value>) override {
    if (!justCalled_ || calledIdx_ != f)
      problem("onEnter(" + std::to_string(f) + ") not right after its onCall");
    justCalled_ = false;
  }
  void onBlock(uint32_t f, uint32_t, BlockKind) override { inFunction(f, "onBlock"); }
  void onBranch(const BranchEvent& e) override { inFunction(e.funcIdx, "onBranch"); }
  void onMemory(const MemoryEvent& e) override { inFunction(e.funcIdx, "onMemory"); }

  // After an invocation: what was wrong ("" if nothing); resets for the next.
  std::string check() {
    if (problem_.empty()) {
      if (!stack_.empty()) problem(std::to_string(stack_.size()) + " frames never returned");
      if (ops_ != instrs_ || ops_ != records_ || ops_ != bulk_)
        problem("instructions: onOp " + std::to_string(ops_) + ", onInstr " +
                std::to_string(instrs_) + ", runs " + std::to_string(records_) + ", onOps " +
                std::to_string(bulk_));
      if (next_ != run_.size())
        problem(std::to_string(run_.size() - next_) + " records of a run never executed");
    }
    std::string p = problem_;
    uint32_t extra = extra_;
    *this = CrossCheckTracer(extra);
    return p;
  }

 private:
  void problem(const std::string& what) {
    if (problem_.empty()) problem_ = what;  // the first is the one that explains
  }
  // kTraceOpCountsAtCalls: the bulk counts are exact at calls and returns.
  void countsExact(const char* event) {
    if (bulk_ != ops_)
      problem(std::string(event) + " after " + std::to_string(ops_) + " onOp but " +
              std::to_string(bulk_) + " counted in bulk");
  }
  void inFunction(uint32_t f, const char* event) {
    if (stack_.empty() || stack_.back() != f)
      problem(std::string(event) + " in function " + std::to_string(f) + ", which is not running");
  }

  uint32_t extra_;
  uint64_t ops_ = 0, instrs_ = 0, records_ = 0, bulk_ = 0;
  uint32_t lastOp_ = 0;
  bool pendingOp_ = false;
  std::vector<InstrEvent> run_;  // the current run's records
  size_t next_ = 0;              // the first of them not yet executed
  std::vector<uint32_t> stack_;  // functions called and not returned from
  bool justCalled_ = false;
  uint32_t calledIdx_ = 0;
  std::string problem_;
};

// The Counting tracer against per-instruction counting: a script runs twice,
// first under `reference` (the Counting tracer's counters fed by onOp and the
// call hooks: kTraceSeed, the traced code), then under `counting` itself
// (metered code: instructions counted per block); after each invocation of
// the second run, its counters must equal those of the same invocation in the
// first.
class CountingCheck {
 public:
  struct PerOpCounting : CountingTracer {
    uint32_t events() const override { return kTraceSeed; }
  };
  PerOpCounting reference;
  CountingTracer counting;

  // After each invocation of the first run.
  std::string record() {
    expected_.push_back(reference);
    reference.reset();
    return {};
  }
  // After each invocation of the second run.
  std::string check() {
    std::string p;
    if (next_ >= expected_.size()) {
      p = "more invocations than in the reference run";
    } else {
      const CountingTracer& e = expected_[next_++];
      const CountingTracer& c = counting;
      auto differs = [&p](const char* what, uint64_t got, uint64_t want) {
        if (got != want && p.empty())
          p = std::string(what) + " " + std::to_string(got) + ", counted per instruction " +
              std::to_string(want);
      };
      differs("ops", c.ops, e.ops);
      differs("calls", c.calls, e.calls);
      differs("hostCalls", c.hostCalls, e.hostCalls);
      differs("maxDepth", c.maxDepth, e.maxDepth);
      differs("throws", c.throws, e.throws);
      differs("traps", c.traps, e.traps);
    }
    counting.reset();
    return p;
  }

 private:
  std::vector<CountingTracer> expected_;
  size_t next_ = 0;
};

}  // namespace witt::test
