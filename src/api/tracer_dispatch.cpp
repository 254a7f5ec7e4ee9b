// Tracer::dispatch: a batch of events (kTraceBatches) handed to the hooks one
// by one, in the order and with the arguments unbatched delivery uses, so a
// batch delivered to a hook-based tracer is indistinguishable from hooks
// fired by the engine (docs/tracing.md, "Batches").
#include "witt/tracer.h"

namespace witt {

void Tracer::dispatch(std::span<const Event> batch) {
  uint32_t declared = events();
  for (const Event& e : batch) {
    switch (e.kind) {
      case EventKind::Instrs: {
        // The engine's order for a run: onInstrs, then onOp and onInstr
        // for each instruction.
        std::span<const InstrEvent> run = e.instrs();
        if (declared & kTraceInstrRuns) onInstrs(run);
        if (declared & (kTraceOps | kTraceInstrs))
          for (const InstrEvent& i : run) {
            if (declared & kTraceOps) onOp(i.prefix ? i.prefix : i.code);
            if (declared & kTraceInstrs) onInstr(i);
          }
        break;
      }
      case EventKind::Ops: onOps(e.value); break;
      case EventKind::Call: onCall(e.index); break;
      case EventKind::Return: onReturn(e.index); break;
      case EventKind::HostCall: onHostCall(e.index); break;
      case EventKind::Enter: onEnter(e.index, e.args()); break;
      case EventKind::Throw: onThrow(e.index); break;
      case EventKind::Block: {
        const BlockEvent& b = e.block();
        onBlock(b.funcIdx, b.offset, b.kind);
        break;
      }
      case EventKind::Branch: onBranch(e.branch()); break;
      case EventKind::Memory: onMemory(e.memory()); break;
      case EventKind::Mark: {
        const MarkEvent& m = e.mark();
        onMark(m.id, m.funcIdx, m.offset, e.value);
        break;
      }
    }
  }
}

}  // namespace witt
