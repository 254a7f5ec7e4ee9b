// InlinedHooks: per-instruction hooks (onOp, onInstr) compiled into one loop
// per run of instructions instead of one virtual call per instruction.
//
// A tracer declaring kTraceOps or kTraceInstrs is called once per executed
// instruction: through a virtual call the engine cannot inline, which costs
// several times what an instruction does (docs/performance.md, "Tracing
// overhead": `perop`, `generic`). The engine already knows each run of
// instructions before it executes (onInstrs, kTraceInstrRuns). Deriving from
// InlinedHooks<Self> makes witt deliver runs, and InlinedHooks calls Self's
// onOp and onInstr for each record of a run by their qualified names, so the
// compiler sees their bodies and inlines them into the loop; blocks entered
// back to back arrive as groups (kTraceBlockRuns), expanded the same way.
//
//   class OpHistogram final : public witt::InlinedHooks<OpHistogram> {
//    public:
//     uint32_t hookEvents() const { return witt::kTraceOps | witt::kTraceCalls; }
//     void onOp(uint32_t op) override { ++count[op]; }
//     void onCall(uint32_t f) override { ... }  // other hooks as usual
//     uint64_t count[256] = {};
//   };
//
// What the tracer sees does not change: the same hooks with the same
// arguments in the same order (per record: onOp, then onInstr; a block's
// opening instruction before its onBlock), because no other event fires
// between the records of a run or the blocks of a group (docs/tracing.md,
// "Runs"). Only the moment does: a run's per-instruction hooks are called
// together just before the run executes, so hooks that read a clock see a
// run's instructions at one instant.
//
// Self declares what it would have returned from events() in hookEvents();
// events(), onInstrs, onBlocks and the onInstrsThen* hooks (a run with the
// event ending it, kTraceRunsWithEvents) belong to InlinedHooks (final).
// Every other hook, and batches (kTraceBatches, whose runs reach onInstrs
// through Tracer::dispatch), work as on any Tracer. Self's onOp, onInstr,
// onBlock, onBranch and onMemory are called by name, not through the
// vtable: make Self final, as a class deriving from it could not override
// them.
#pragma once

#include <cstdint>
#include <span>

#include "witt/tracer.h"

namespace witt {

template <class Self>
class InlinedHooks : public Tracer {
 public:
  // hookEvents() with onOp/onInstr turned into runs and onBlock into groups.
  uint32_t events() const final {
    uint32_t declared = self().hookEvents();
    uint32_t ev = declared;
    // Runs come with the branch, memory access or group of blocks ending
    // them, in one call and with Self's hooks inlined into it.
    if (declared & kPerInstruction)
      ev = (ev & ~kPerInstruction) | kTraceInstrRuns | kTraceRunsWithEvents;
    if (declared & kTraceBlocks) ev |= kTraceBlockRuns;
    return ev;
  }

  void onInstrs(std::span<const InstrEvent> run) final { eachOf(run); }

  // What Tracer::expandBlocks does, with Self's hooks inlined.
  void onBlocks(std::span<const BlockEvent> blocks) final {
    uint32_t declared = self().hookEvents();
    for (size_t i = 0; i < blocks.size(); ++i) {
      const BlockEvent& b = blocks[i];
      if (i > 0) each(declared, openingInstr(b));
      if (declared & kTraceBlocks) self().Self::onBlock(b.funcIdx, b.offset, b.kind);
    }
  }

  // A run and the event ending it (kTraceRunsWithEvents): what onInstrs and
  // the event's hook would do, in one call. What Self's hooks update stays
  // in registers from the run to the event.
  void onInstrsThenBranch(std::span<const InstrEvent> run, const BranchEvent& branch) final {
    eachOf(run);
    self().Self::onBranch(branch);
  }
  void onInstrsThenMemory(std::span<const InstrEvent> run, const MemoryEvent& access,
                          uint64_t address) final {
    eachOf(run);
    // Built here, where Self's onMemory is inlined: the compiler keeps only
    // the fields it reads.
    MemoryEvent e = access;
    e.address = address;
    self().Self::onMemory(e);
  }
  void onInstrsThenBlocks(std::span<const InstrEvent> run,
                          std::span<const BlockEvent> blocks) final {
    eachOf(run);
    InlinedHooks::onBlocks(blocks);
  }

 private:
  static constexpr uint32_t kPerInstruction = kTraceOps | kTraceInstrs;

  Self& self() { return static_cast<Self&>(*this); }
  const Self& self() const { return static_cast<const Self&>(*this); }

  // Each record's hooks, in order.
  void eachOf(std::span<const InstrEvent> run) {
    uint32_t declared = self().hookEvents();
    // The records are the engine's and nothing writes them while the hooks
    // run. Saying so (restrict) lets the compiler keep what the hooks update
    // in Self's members in registers across the run, instead of storing and
    // reloading it for every record in case a record shared its memory.
    const InstrEvent* __restrict records = run.data();
    for (size_t i = 0, n = run.size(); i < n; ++i) each(declared, records[i]);
  }

  // One instruction's hooks, in the engine's order.
  void each(uint32_t declared, const InstrEvent& e) {
    if (declared & kTraceOps) self().Self::onOp(e.op);
    if (declared & kTraceInstrs) self().Self::onInstr(e);
  }
};

}  // namespace witt
