// BatchOfOne: hook calls turned into one-event batches for a tracer that
// takes kTraceBatches (docs/tracing.md, "Batches").
#include "witt/tracers.h"

namespace witt {

// The target's events as hooks: its per-instruction events come as runs
// (an Instrs event stands for all three), and no batches.
uint32_t BatchOfOne::events() const {
  uint32_t e = target_.events() & ~kTraceBatches;
  return e & kTraceInstrEvents ? (e & ~kTraceInstrEvents) | kTraceInstrRuns : e;
}

void BatchOfOne::onInstrs(std::span<const InstrEvent> run) {
  one(Event{EventKind::Instrs, false, static_cast<uint32_t>(run.size()), 0, run.data()});
}
void BatchOfOne::onOps(uint64_t n) { one(Event{EventKind::Ops, false, 0, n, nullptr}); }
void BatchOfOne::onCall(uint32_t f) { one(Event{EventKind::Call, false, f, 0, nullptr}); }
void BatchOfOne::onHostCall(uint32_t f) { one(Event{EventKind::HostCall, false, f, 0, nullptr}); }
void BatchOfOne::onReturn(uint32_t f) { one(Event{EventKind::Return, false, f, 0, nullptr}); }
void BatchOfOne::onThrow(uint32_t tag) { one(Event{EventKind::Throw, false, tag, 0, nullptr}); }
void BatchOfOne::onTrap(const Error& e) { target_.onTrap(e); }  // a hook with batches too
void BatchOfOne::onBlock(uint32_t f, uint32_t o, BlockKind k) {
  BlockEvent b{f, o, k};
  one(Event{EventKind::Block, false, 0, 0, &b});
}
void BatchOfOne::onBlocks(std::span<const BlockEvent> blocks) {
  one(Event{EventKind::Blocks, false, static_cast<uint32_t>(blocks.size()), 0, blocks.data()});
}
void BatchOfOne::onBranch(const BranchEvent& e) {
  one(Event{EventKind::Branch, e.taken, 0, 0, &e});
}
void BatchOfOne::onMemory(const MemoryEvent& e) {
  one(Event{EventKind::Memory, false, 0, e.address, &e});
}
void BatchOfOne::onEnter(uint32_t f, std::span<const Value> a) {
  one(Event{EventKind::Enter, false, f, a.size(), a.data()});
}
void BatchOfOne::onMark(uint32_t id, uint32_t f, uint32_t o, uint64_t n) {
  MarkEvent m{id, f, o};
  one(Event{EventKind::Mark, false, 0, n, &m});
}

}  // namespace witt
