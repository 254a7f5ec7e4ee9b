#include "itt/region_scope.h"

namespace witt::itt {

RegionScopedTracer::RegionScopedTracer(Tracer& inner, RegionConfig config)
    : batched_(inner.events() & kTraceBatches ? std::make_unique<BatchOfOne>(inner) : nullptr),
      inner_(batched_ ? *batched_ : inner),
      innerEvents_(inner_.events()),
      tracker_(std::move(config)) {}

uint32_t RegionScopedTracer::events() const {
  uint32_t e = innerEvents_ | kTraceMarks;
  // Bulk counts cannot be cut at a mark: count the instructions of each run
  // instead (runs end at marks), and keep kTraceOpCounts for the engine's
  // end-of-invocation onOps, which flushes the count.
  if (wants(kTraceOpCounts)) e |= kTraceInstrRuns;
  return e;
}

void RegionScopedTracer::flushOps() {
  if (pendingOps_ == 0) return;
  inner_.onOps(pendingOps_);
  pendingOps_ = 0;
}

void RegionScopedTracer::onOp(uint32_t op) {
  if (tracker_.isActive() && wants(kTraceOps)) inner_.onOp(op);
}

void RegionScopedTracer::onInstrs(std::span<const InstrEvent> run) {
  if (!tracker_.isActive()) return;
  if (wants(kTraceOpCounts)) pendingOps_ += run.size();
  if (wants(kTraceInstrRuns)) inner_.onInstrs(run);
}

void RegionScopedTracer::onInstr(const InstrEvent& e) {
  if (tracker_.isActive() && wants(kTraceInstrs)) inner_.onInstr(e);
}

void RegionScopedTracer::onOps(uint64_t) {
  // The engine's total covers the whole invocation; what was inside regions
  // was counted one by one.
  flushOps();
}

void RegionScopedTracer::onCall(uint32_t f) {
  if (tracker_.isActive() && wants(kTraceCalls)) inner_.onCall(f);
}
void RegionScopedTracer::onHostCall(uint32_t f) {
  if (tracker_.isActive() && wants(kTraceCalls)) inner_.onHostCall(f);
}
void RegionScopedTracer::onReturn(uint32_t f) {
  if (tracker_.isActive() && wants(kTraceCalls)) inner_.onReturn(f);
}
void RegionScopedTracer::onThrow(uint32_t tag) {
  if (tracker_.isActive() && wants(kTraceThrows)) inner_.onThrow(tag);
}
void RegionScopedTracer::onTrap(const Error& err) {
  if (tracker_.isActive() && wants(kTraceTraps)) inner_.onTrap(err);
}
void RegionScopedTracer::onBlock(uint32_t f, uint32_t offset, BlockKind kind) {
  if (tracker_.isActive() && wants(kTraceBlocks)) inner_.onBlock(f, offset, kind);
}
// Declared only when the inner tracer declares kTraceBlockRuns. A group's
// opening instructions after the first are in no run: counted here.
void RegionScopedTracer::onBlocks(std::span<const BlockEvent> blocks) {
  if (!tracker_.isActive()) return;
  if (wants(kTraceOpCounts)) pendingOps_ += blocks.size() - 1;
  inner_.onBlocks(blocks);
}
void RegionScopedTracer::onBranch(const BranchEvent& e) {
  if (tracker_.isActive() && wants(kTraceBranches)) inner_.onBranch(e);
}
void RegionScopedTracer::onMemory(const MemoryEvent& e) {
  if (tracker_.isActive() && wants(kTraceMemory)) inner_.onMemory(e);
}
void RegionScopedTracer::onEnter(uint32_t f, std::span<const Value> args) {
  if (tracker_.isActive() && wants(kTraceEnter)) inner_.onEnter(f, args);
}

void RegionScopedTracer::onMark(uint32_t id, uint32_t f, uint32_t offset, uint64_t occurrence) {
  const bool wasActive = tracker_.isActive();
  tracker_.onMark(id);
  const bool nowActive = tracker_.isActive();
  if (wasActive && !nowActive) flushOps();
  // The inner tracer sees the marks that open and close its scope.
  if ((wasActive || nowActive) && wants(kTraceMarks)) inner_.onMark(id, f, offset, occurrence);
}

}  // namespace witt::itt
