// Scoping any tracer to the regions of trace marks: RegionScopedTracer
// forwards another tracer's events only while a region is active, so a
// profile, an instruction trace or the Counting totals cover exactly the code
// the marks delimit. This is the proposal's idea of marks starting and
// stopping "the trace" (https://github.com/WebAssembly/instrument-tracing),
// applied to witt's own tracers.
//
// What the inner tracer sees:
//  - every event it declared, while any region is active (after the mark that
//    starts one, until the mark that stops the last one);
//  - the marks that start or stop a region, and those inside one;
//  - kTraceOpCounts: the count of instructions executed inside regions, in
//    one onOps call per region exit and at the end of each invocation (the
//    wrapper counts them per instruction, since the engine's bulk count
//    cannot be split at a mark);
//  - calls and returns as they happen inside: a frame entered before a
//    region and left inside it shows only its return.
// The wrapper keeps its own RegionTracker with the same configuration as the
// mark tool, so the two agree without talking to each other.
#pragma once

#include <cstdint>
#include <memory>

#include "itt/regions.h"
#include "witt/tracers.h"
#include "witt/tracer.h"

namespace witt::itt {

class RegionScopedTracer final : public Tracer {
 public:
  RegionScopedTracer(Tracer& inner, RegionConfig config = {});

  Tracer& inner() { return batched_ ? batched_->target() : inner_; }
  const RegionTracker& regions() const { return tracker_; }

  uint32_t events() const override;
  void onOp(uint32_t op) override;
  void onCall(uint32_t funcIdx) override;
  void onHostCall(uint32_t funcIdx) override;
  void onReturn(uint32_t funcIdx) override;
  void onThrow(uint32_t tagIdx) override;
  void onTrap(const Error& err) override;
  void onInstr(const InstrEvent& e) override;
  void onInstrs(std::span<const InstrEvent> run) override;
  void onOps(uint64_t count) override;
  void onBlock(uint32_t funcIdx, uint32_t offset, BlockKind kind) override;
  void onBlocks(std::span<const BlockEvent> blocks) override;
  void onBranch(const BranchEvent& e) override;
  void onMemory(const MemoryEvent& e) override;
  void onEnter(uint32_t funcIdx, std::span<const Value> args) override;
  void onMark(uint32_t id, uint32_t funcIdx, uint32_t offset, uint64_t occurrence) override;

 private:
  bool wants(uint32_t event) const { return (innerEvents_ & event) != 0; }
  void flushOps();

  // A batched inner tracer is fed hooks through a BatchOfOne: this takes its
  // marks at the moment they execute, so it takes hooks itself.
  std::unique_ptr<BatchOfOne> batched_;
  Tracer& inner_;  // the inner tracer, or its BatchOfOne
  uint32_t innerEvents_;
  RegionTracker tracker_;
  uint64_t pendingOps_ = 0;  // instructions inside regions not yet given to onOps
};

}  // namespace witt::itt
