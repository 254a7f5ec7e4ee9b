#include "witt/tracers.h"

namespace witt {

uint32_t FanoutTracer::events() const {
  uint32_t e = 0;
  for (Tracer* t : hooked_) e |= t->events();
  return e;
}

void FanoutTracer::add(Tracer& t) {
  tracers_.push_back(&t);
  if (t.events() & kTraceBatches) {
    adapters_.push_back(std::make_unique<BatchOfOne>(t));
    hooked_.push_back(adapters_.back().get());
  } else {
    hooked_.push_back(&t);
  }
}

// clang-format off
#define FORWARD(bit, call)  \
  for (Tracer* t : hooked_) \
    if (t->events() & (bit)) t->call;
// clang-format on

void FanoutTracer::onOp(uint32_t op) { FORWARD(kTraceOps, onOp(op)) }
void FanoutTracer::onInstr(const InstrEvent& e) { FORWARD(kTraceInstrs, onInstr(e)) }
void FanoutTracer::onInstrs(std::span<const InstrEvent> run) {
  FORWARD(kTraceInstrRuns, onInstrs(run))
}
void FanoutTracer::onOps(uint64_t n) { FORWARD(kTraceOpCounts, onOps(n)) }
void FanoutTracer::onCall(uint32_t f) { FORWARD(kTraceCalls, onCall(f)) }
void FanoutTracer::onHostCall(uint32_t f) { FORWARD(kTraceCalls, onHostCall(f)) }
void FanoutTracer::onReturn(uint32_t f) { FORWARD(kTraceCalls, onReturn(f)) }
void FanoutTracer::onThrow(uint32_t tag) { FORWARD(kTraceThrows, onThrow(tag)) }
void FanoutTracer::onTrap(const Error& e) { FORWARD(kTraceTraps, onTrap(e)) }
void FanoutTracer::onBlock(uint32_t f, uint32_t o, BlockKind k) {
  FORWARD(kTraceBlocks, onBlock(f, o, k))
}
void FanoutTracer::onBlocks(std::span<const BlockEvent> blocks) {
  for (Tracer* t : hooked_) {
    uint32_t e = t->events();
    if (e & kTraceBlockRuns)
      t->onBlocks(blocks);
    else if (e & (kTraceBlocks | kTraceInstrEvents))
      t->expandBlocks(blocks);
  }
}
void FanoutTracer::onBranch(const BranchEvent& e) { FORWARD(kTraceBranches, onBranch(e)) }
void FanoutTracer::onMemory(const MemoryEvent& e) { FORWARD(kTraceMemory, onMemory(e)) }
void FanoutTracer::onEnter(uint32_t f, std::span<const Value> a) {
  FORWARD(kTraceEnter, onEnter(f, a))
}
void FanoutTracer::onMark(uint32_t id, uint32_t f, uint32_t o, uint64_t n) {
  FORWARD(kTraceMarks, onMark(id, f, o, n))
}

#undef FORWARD

}  // namespace witt
