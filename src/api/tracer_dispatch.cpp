// Tracer::dispatch: a batch of events (kTraceBatches) handed to the hooks one
// by one, in the order and with the arguments unbatched delivery uses, so a
// batch delivered to a hook-based tracer is indistinguishable from hooks
// fired by the engine (docs/tracing.md, "Batches").
#include <string_view>

#include "spec/opcode.h"
#include "witt/tracer.h"

namespace witt {

namespace {

// The engine's order for a run: onInstrs, then onOp and onInstr for each
// instruction, as `declared`.
void deliverRun(Tracer& t, uint32_t declared, std::span<const InstrEvent> run) {
  if (declared & kTraceInstrRuns) t.onInstrs(run);
  if (declared & (kTraceOps | kTraceInstrs))
    for (const InstrEvent& i : run) {
      if (declared & kTraceOps) t.onOp(i.op);
      if (declared & kTraceInstrs) t.onInstr(i);
    }
}

// tracer.h's table of opening instructions, pinned to the opcode table.
constexpr bool opensWith(BlockKind kind, Op op) {
  const OpeningOpcode& o = kOpeningOpcodes[static_cast<size_t>(kind)];
  const OpInfo& i = info(op);
  return i.prefix == 0 && i.code == o.code && i.name == std::string_view(o.name);
}
static_assert(opensWith(BlockKind::Block, Op::Block) && opensWith(BlockKind::Loop, Op::Loop) &&
              opensWith(BlockKind::If, Op::If) && opensWith(BlockKind::Try, Op::Try) &&
              opensWith(BlockKind::TryTable, Op::TryTable) && std::size(kOpeningOpcodes) == 5);

}  // namespace

void Tracer::expandBlocks(std::span<const BlockEvent> blocks) {
  uint32_t declared = events();
  for (size_t i = 0; i < blocks.size(); ++i) {
    const BlockEvent& b = blocks[i];
    if (i > 0 && (declared & kTraceInstrEvents)) {
      InstrEvent opening = openingInstr(b);
      deliverRun(*this, declared, {&opening, 1});
    }
    if (declared & kTraceBlocks) onBlock(b.funcIdx, b.offset, b.kind);
  }
}

void Tracer::onInstrsThenBranch(std::span<const InstrEvent> run, const BranchEvent& branch) {
  if (!run.empty()) onInstrs(run);
  onBranch(branch);
}

void Tracer::onInstrsThenMemory(std::span<const InstrEvent> run, const MemoryEvent& access,
                                uint64_t address) {
  if (!run.empty()) onInstrs(run);
  MemoryEvent e = access;
  e.address = address;
  onMemory(e);
}

void Tracer::onInstrsThenBlocks(std::span<const InstrEvent> run,
                                std::span<const BlockEvent> blocks) {
  if (!run.empty()) onInstrs(run);
  onBlocks(blocks);
}

void Tracer::dispatch(std::span<const Event> batch) {
  uint32_t declared = events();
  for (const Event& e : batch) {
    switch (e.kind) {
      case EventKind::Instrs: deliverRun(*this, declared, e.instrs()); break;
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
      case EventKind::Blocks: onBlocks(e.blocks()); break;
      case EventKind::Mark: {
        const MarkEvent& m = e.mark();
        onMark(m.id, m.funcIdx, m.offset, e.value);
        break;
      }
    }
  }
}

}  // namespace witt
