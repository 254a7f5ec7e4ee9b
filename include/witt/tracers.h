// Tracers that ship with witt, beyond CountingTracer (tracer.h).
#pragma once

#include <memory>
#include <vector>

#include "witt/tracer.h"

namespace witt {

// Feeds a tracer that takes its events in batches (kTraceBatches) from
// hooks: each hook call reaches the target's onEvents as a batch of one, and
// the target's per-instruction events come as runs. How a tracer that takes
// hooks itself (FanoutTracer, itt::RegionScopedTracer) hands events on to a
// batched one.
class BatchOfOne : public Tracer {
 public:
  explicit BatchOfOne(Tracer& target) : target_(target) {}
  Tracer& target() { return target_; }

  uint32_t events() const override;
  void onInstrs(std::span<const InstrEvent> run) override;
  void onOps(uint64_t count) override;
  void onCall(uint32_t funcIdx) override;
  void onHostCall(uint32_t funcIdx) override;
  void onReturn(uint32_t funcIdx) override;
  void onThrow(uint32_t tagIdx) override;
  void onTrap(const Error& err) override;
  void onBlock(uint32_t funcIdx, uint32_t offset, BlockKind kind) override;
  void onBlocks(std::span<const BlockEvent> blocks) override;
  void onBranch(const BranchEvent& e) override;
  void onMemory(const MemoryEvent& e) override;
  void onEnter(uint32_t funcIdx, std::span<const Value> args) override;
  void onMark(uint32_t id, uint32_t funcIdx, uint32_t offset, uint64_t occurrence) override;

 private:
  void one(const Event& e) { target_.onEvents({&e, 1}); }
  Tracer& target_;
};

// Forwards every event to several tracers, each receiving only the events it
// declared (so a CountingTracer next to a per-instruction tracer still counts
// each instruction once). Its events() is the union of theirs.
// A child taking batches is fed through a BatchOfOne.
class FanoutTracer : public Tracer {
 public:
  void add(Tracer& t);
  bool empty() const { return tracers_.empty(); }
  size_t size() const { return tracers_.size(); }
  Tracer& only() { return *tracers_.front(); }

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
  // To each tracer taking kTraceBlockRuns; the others receive what the group
  // stands for in their own hooks (expandBlocks).
  void onBlocks(std::span<const BlockEvent> blocks) override;
  void onBranch(const BranchEvent& e) override;
  void onMemory(const MemoryEvent& e) override;
  void onEnter(uint32_t funcIdx, std::span<const Value> args) override;
  void onMark(uint32_t id, uint32_t funcIdx, uint32_t offset, uint64_t occurrence) override;

 private:
  std::vector<Tracer*> tracers_;  // as added
  std::vector<Tracer*> hooked_;   // what the hooks go to: each, or its BatchOfOne
  std::vector<std::unique_ptr<BatchOfOne>> adapters_;
};

}  // namespace witt
