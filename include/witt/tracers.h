// Tracers that ship with witt, beyond CountingTracer (tracer.h).
#pragma once

#include <memory>
#include <vector>

#include "witt/tracer.h"

namespace witt {

// Forwards every event to several tracers, each receiving only the events it
// declared (so a CountingTracer next to a per-instruction tracer still counts
// each instruction once). Its events() is the union of theirs.
class FanoutTracer : public Tracer {
 public:
  void add(Tracer& t) { tracers_.push_back(&t); }
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
  void onBranch(const BranchEvent& e) override;
  void onMemory(const MemoryEvent& e) override;
  void onEnter(uint32_t funcIdx, std::span<const Value> args) override;
  void onMark(uint32_t id, uint32_t funcIdx, uint32_t offset, uint64_t occurrence) override;

 private:
  std::vector<Tracer*> tracers_;
};

}  // namespace witt
