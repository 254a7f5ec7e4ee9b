#include "witt/tracers.h"

namespace witt {

namespace {
constexpr uint32_t kPerInstr = kTraceOps | kTraceInstrs | kTraceInstrRuns;
}

// A child taking batches (kTraceBatches) gets each event as a batch of one,
// its instructions as runs: the fanout itself takes hooks.
uint32_t FanoutTracer::events() const {
  uint32_t e = 0;
  for (Tracer* t : tracers_) {
    uint32_t c = t->events();
    if ((c & kTraceBatches) && (c & kPerInstr)) c = (c & ~kPerInstr) | kTraceInstrRuns;
    e |= c & ~kTraceBatches;
  }
  return e;
}

// clang-format off
#define FORWARD(bit, call, ...)                                  \
  for (Tracer* t : tracers_) {                                   \
    uint32_t e_ = t->events();                                   \
    if (!(e_ & (bit))) continue;                                 \
    if (e_ & kTraceBatches) {                                    \
      Event one_ = __VA_ARGS__;                                  \
      t->onEvents({&one_, 1});                                   \
    } else {                                                     \
      t->call;                                                   \
    }                                                            \
  }
#define FORWARD_HOOKED(bit, call)                                \
  for (Tracer* t : tracers_)                                     \
    if ((t->events() & (bit)) && !(t->events() & kTraceBatches)) t->call;
// clang-format on

void FanoutTracer::onOp(uint32_t op) { FORWARD_HOOKED(kTraceOps, onOp(op)) }
void FanoutTracer::onInstr(const InstrEvent& e) { FORWARD_HOOKED(kTraceInstrs, onInstr(e)) }
void FanoutTracer::onInstrs(std::span<const InstrEvent> run) {
  for (Tracer* t : tracers_) {
    uint32_t e = t->events();
    if (e & kTraceBatches) {
      if (!(e & kPerInstr)) continue;
      Event one{EventKind::Instrs, false, static_cast<uint32_t>(run.size()), 0, run.data()};
      t->onEvents({&one, 1});
    } else if (e & kTraceInstrRuns) {
      t->onInstrs(run);
    }
  }
}
void FanoutTracer::onOps(uint64_t n) {
  FORWARD(kTraceOpCounts, onOps(n), Event{EventKind::Ops, false, 0, n, nullptr})
}
void FanoutTracer::onCall(uint32_t f) {
  FORWARD(kTraceCalls, onCall(f), Event{EventKind::Call, false, f, 0, nullptr})
}
void FanoutTracer::onHostCall(uint32_t f) {
  FORWARD(kTraceCalls, onHostCall(f), Event{EventKind::HostCall, false, f, 0, nullptr})
}
void FanoutTracer::onReturn(uint32_t f) {
  FORWARD(kTraceCalls, onReturn(f), Event{EventKind::Return, false, f, 0, nullptr})
}
void FanoutTracer::onThrow(uint32_t tag) {
  FORWARD(kTraceThrows, onThrow(tag), Event{EventKind::Throw, false, tag, 0, nullptr})
}
void FanoutTracer::onTrap(const Error& e) {  // a hook with or without batches
  for (Tracer* t : tracers_)
    if (t->events() & kTraceTraps) t->onTrap(e);
}
void FanoutTracer::onBlock(uint32_t f, uint32_t o, BlockKind k) {
  BlockEvent b{f, o, k};
  FORWARD(kTraceBlocks, onBlock(f, o, k), Event{EventKind::Block, false, 0, 0, &b})
}
void FanoutTracer::onBranch(const BranchEvent& e) {
  FORWARD(kTraceBranches, onBranch(e), Event{EventKind::Branch, e.taken, 0, 0, &e})
}
void FanoutTracer::onMemory(const MemoryEvent& e) {
  FORWARD(kTraceMemory, onMemory(e), Event{EventKind::Memory, false, 0, e.address, &e})
}
void FanoutTracer::onEnter(uint32_t f, std::span<const Value> a) {
  FORWARD(kTraceEnter, onEnter(f, a), Event{EventKind::Enter, false, f, a.size(), a.data()})
}
void FanoutTracer::onMark(uint32_t id, uint32_t f, uint32_t o, uint64_t n) {
  MarkEvent m{id, f, o};
  FORWARD(kTraceMarks, onMark(id, f, o, n), Event{EventKind::Mark, false, 0, n, &m})
}

#undef FORWARD
#undef FORWARD_HOOKED

}  // namespace witt
