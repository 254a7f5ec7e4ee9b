#include "interp/lowering.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace witt::interp {
namespace {

constexpr std::array<IOp, kOpCount> makePureMap() {
  std::array<IOp, kOpCount> m{};
  for (auto& x : m) x = IOp::Count;
#define WITT_OP(...)
#define WITT_PURE(ident, prefix, code, name, imm, sig, align) \
  m[static_cast<size_t>(Op::ident)] = IOp::Pure##ident;
#include "spec/opcodes.def"
#undef WITT_PURE
#undef WITT_OP
  return m;
}
constexpr std::array<IOp, kOpCount> kPureIOp = makePureMap();

// Internal instructions that compute on frame slots only: no trap, no event,
// no memory, global or table, no control flow. A run of trace records extends
// over them (Lowerer::traceBefore).
bool quietForTracers(IOp op) {
  static const std::array<bool, kIOpCount> quiet = [] {
    std::array<bool, kIOpCount> q{};
    for (IOp o : {IOp::Copy, IOp::Copy128, IOp::Const32, IOp::Const64, IOp::Const128, IOp::Select,
                  IOp::Select128})
      q[static_cast<size_t>(o)] = true;
    // Integer division and remainder trap on zero (and overflow), float to
    // integer truncation on NaN and range; everything else pure is quiet.
    auto traps = [](std::string_view name) {
      return (name.starts_with("i32.") || name.starts_with("i64.")) &&
             (name.find(".div_") != std::string_view::npos ||
              name.find(".rem_") != std::string_view::npos ||
              name.find(".trunc_f") != std::string_view::npos);
    };
#define WITT_OP(...)
#define WITT_PURE(ident, prefix, code, name, imm, sig, align) \
  q[static_cast<size_t>(IOp::Pure##ident)] = !traps(name);
#include "spec/opcodes.def"
#undef WITT_PURE
#undef WITT_OP
#define WITT_IMM_BINOP(ident, letter, comm) \
  q[static_cast<size_t>(IOp::ident##I)] = !traps(info(Op::ident).name);
#include "interp/imm_binops.def"
#undef WITT_IMM_BINOP
    return q;
  }();
  return quiet[static_cast<size_t>(op)];
}

// The form of a binary operator with a constant right operand, if any
// (imm_binops.def), and whether the operator is commutative.
IOp immVariant(Op op, bool& commutative) {
  switch (op) {
#define WITT_IMM_BINOP(ident, letter, comm) \
  case Op::ident:                           \
    commutative = comm;                     \
    return IOp::ident##I;
#include "interp/imm_binops.def"
#undef WITT_IMM_BINOP
    default: return IOp::Count;
  }
}

// The fast instruction of a scalar load or store on a 32-bit memory 0.
IOp fastMemoryIOp(Op op) {
  // clang-format off
  switch (op) {
#define V(x) \
  case Op::x: return IOp::x;
    V(I32Load) V(I64Load) V(F32Load) V(F64Load) V(I32Load8S) V(I32Load8U) V(I32Load16S)
    V(I32Load16U) V(I64Load8S) V(I64Load8U) V(I64Load16S) V(I64Load16U) V(I64Load32S)
    V(I64Load32U) V(I32Store) V(I64Store) V(F32Store) V(F64Store) V(I32Store8) V(I32Store16)
    V(I64Store8) V(I64Store16) V(I64Store32)
#undef V
    default: return IOp::Count;
  }
  // clang-format on
}

// The traced twin of a fast access (iops.def lists them in the same order).
IOp tracedMemoryIOp(IOp fast) {
  static_assert(static_cast<int>(IOp::TracedI64Store32) - static_cast<int>(IOp::TracedI32Load) ==
                static_cast<int>(IOp::I64Store32) - static_cast<int>(IOp::I32Load));
  return static_cast<IOp>(static_cast<int>(fast) - static_cast<int>(IOp::I32Load) +
                          static_cast<int>(IOp::TracedI32Load));
}

}  // namespace

uint32_t CompiledFunc::wasmOffsetAt(uint32_t wordIndex) const {
  // Last recorded instruction at or before wordIndex.
  size_t lo = 0, hi = offsets.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (offsets[mid].first <= wordIndex)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo == 0 ? 0 : offsets[lo - 1].second;
}

uint32_t CompiledFunc::unexecutedOps(uint32_t word) const {
  auto byWord = [](const std::pair<uint32_t, uint32_t>& a, uint32_t w) { return a.first <= w; };
  auto it = std::partition_point(meters.begin(), meters.end(),
                                 [&](const auto& m) { return byWord(m, word); });
  if (it == meters.begin()) return 0;
  --it;
  uint32_t meterWord = it->first, n = it->second;
  auto jt = std::partition_point(opsInBlock.begin(), opsInBlock.end(),
                                 [&](const auto& m) { return byWord(m, word); });
  uint32_t executed = 0;
  if (jt != opsInBlock.begin()) {
    --jt;
    if (jt->first >= meterWord) executed = jt->second;
  }
  return n > executed ? n - executed : 0;
}

// ---------------------------------------------------------------- emission

const void* Lowerer::handlerOf(IOp op) const {
  return opt_.handlers ? opt_.handlers[static_cast<size_t>(op)]
                       : reinterpret_cast<const void*>(static_cast<uintptr_t>(op));
}

uint32_t Lowerer::emit(IOp op, std::initializer_list<uint32_t> us,
                       std::initializer_list<uint64_t> qs) {
  return emit(op, std::span<const uint32_t>(us.begin(), us.size()),
              std::span<const uint64_t>(qs.begin(), qs.size()));
}

uint32_t Lowerer::emit(IOp op, std::span<const uint32_t> us, std::span<const uint64_t> qs) {
  // Only traced code has records pending.
  if (!pendingOps_.empty() && !quietForTracers(op)) traceBefore();
  uint32_t start = here();
  uint32_t nU = static_cast<uint32_t>(us.size());
  uint32_t words = instrWords(nU, static_cast<uint32_t>(qs.size()));
  out_.code.resize(start + words);
  Word* w = out_.code.data() + start;
  w[0].handler = handlerOf(op);
  uint32_t* u = reinterpret_cast<uint32_t*>(w + 1);
  uint32_t i = 0;
  for (uint32_t x : us) u[i++] = x;
  if (nU & 1) u[nU] = 0;
  Word* q = w + 1 + (nU + 1) / 2;
  for (uint64_t x : qs) (q++)->u64 = x;
  lastOp_ = op;
  lastAt_ = start;
  if (opt_.meter && meterAt_ >= 0) out_.opsInBlock.emplace_back(start, meterCount_);
  uint32_t off = v_ ? v_->instrOffset() : 0;
  if (off != lastOffset_) {
    out_.offsets.emplace_back(start, off);
    lastOffset_ = off;
  }
  return start;
}

namespace {

// The counted twin of a branch (iops.def), or IOp::Count if it has none.
IOp countedTwin(IOp op) {
  switch (op) {
    case IOp::Br: return IOp::BrCounted;
    case IOp::BrIf: return IOp::BrIfCounted;
    case IOp::BrIfNot: return IOp::BrIfNotCounted;
#define C(name)                                                \
  case IOp::BrI32##name: return IOp::BrI32##name##Counted;     \
  case IOp::BrI32##name##I: return IOp::BrI32##name##ICounted; \
  case IOp::BrI64##name: return IOp::BrI64##name##Counted;     \
  case IOp::BrI64##name##I: return IOp::BrI64##name##ICounted;
      WITT_BR_COMPARISONS(C)
#undef C
    default: return IOp::Count;
  }
}

}  // namespace

Fixup Lowerer::emitBranch(IOp op, std::initializer_list<uint32_t> us, uint32_t field,
                          std::initializer_list<uint64_t> qs) {
  IOp twin = countsBranches() ? countedTwin(op) : IOp::Count;
  uint32_t at;
  if (twin == IOp::Count) {
    at = emit(op, us, qs);
  } else {
    // T (and F, S) after the branch's own operands: 0 until known.
    bool conditional = op != IOp::Br;
    std::vector<uint32_t> u(us);
    u.insert(u.end(), conditional ? 3 : 1, 0u);
    at = emit(twin, u, std::span<const uint64_t>(qs.begin(), qs.size()));
    countedAt_[at] = countedBranches_.size();
    countedBranches_.push_back(
        CountedBranch{at, here(), twin, field, static_cast<uint32_t>(us.size()), conditional});
  }
  startBlock();
  return Fixup{at, (at + 1) * 2 + field};
}

const Lowerer::CountedBranch* Lowerer::fallthroughCounter() const {
  if (countedBranches_.empty()) return nullptr;
  const CountedBranch& b = countedBranches_.back();
  bool onlyByFallthrough =
      b.conditional && lastAt_ == b.at && b.end == here() && labelAt_ != here();
  return onlyByFallthrough ? &b : nullptr;
}

Lowerer::CountedBranch* Lowerer::countedBranchOf(const Fixup& f) {
  auto it = countedAt_.find(f.instr);
  if (it == countedAt_.end()) return nullptr;
  CountedBranch& b = countedBranches_[it->second];
  bool live = out_.code[b.at].handler == handlerOf(b.op) && f.u32pos == (b.at + 1) * 2 + b.label;
  return live ? &b : nullptr;
}

int32_t Lowerer::mergeLabel(std::span<const Fixup> entries) {
  // needMeter_ false: the code before is a block still open, falling in.
  if (!countsBranches() || needMeter_ || meterAt_ < 0) return -1;
  std::vector<CountedBranch*> branches;
  for (const Fixup& f : entries) {
    CountedBranch* b = countedBranchOf(f);
    if (!b) return -1;
    branches.push_back(b);
  }
  int32_t m = static_cast<int32_t>(mergedLabels_.size());
  mergedLabels_.push_back(MergedLabel{here(), meterCount_});
  for (CountedBranch* b : branches) b->merged = m;
  return m;
}

void Lowerer::emitLabelStubs() {
  for (const LabelStub& s : labelStubs_) {
    const MergedLabel& m = mergedLabels_[static_cast<size_t>(s.merged)];
    uint32_t at = here();
    out_.code.resize(at + instrWords(2, 0));
    out_.code[at].handler = handlerOf(IOp::CountBlocks);
    uint32_t* u = out_.code[at + 1].u32;
    u[0] = m.count;
    u[1] = static_cast<uint32_t>(static_cast<int32_t>(m.word) - static_cast<int32_t>(at));
    bind(s.entry, at);
  }
}

void Lowerer::resolveCountedBranches() {
  // The count of the block whose CountBlock (or CountBlocks) is at `word`,
  // and how far past `word` its code starts: what running it would do.
  auto countAt = [&](uint32_t word, uint32_t& n, uint32_t& skip) {
    if (word + 1 >= here()) return false;
    const void* h = out_.code[word].handler;
    const uint32_t* u = out_.code[word + 1].u32;
    if (h == handlerOf(IOp::CountBlock)) {
      n = u[0];
      skip = instrWords(1, 0);
      return true;
    }
    if (h == handlerOf(IOp::CountBlocks)) {
      n = u[0];
      skip = u[1];
      return true;
    }
    return false;
  };
  for (const CountedBranch& b : countedBranches_) {
    if (b.end > here() || out_.code[b.at].handler != handlerOf(b.op)) continue;  // truncated
    uint32_t* u = out_.code[b.at + 1].u32;
    uint32_t n = 0, skip = 0;
    int32_t offset = static_cast<int32_t>(u[b.label]);
    if (b.merged >= 0) {
      u[b.counts] = mergedLabels_[static_cast<size_t>(b.merged)].count;
    } else if (countAt(static_cast<uint32_t>(static_cast<int32_t>(b.at) + offset), n, skip)) {
      u[b.label] = static_cast<uint32_t>(offset + static_cast<int32_t>(skip));
      u[b.counts] = n;
    }
    // Falling through: the block right after may have its own CountBlock
    // (a label there), which F then includes. (A merged label where it
    // falls through is counted by the block it merged into.)
    if (b.conditional && countAt(b.end, n, skip)) {
      u[b.counts + 1] += n;
      u[b.counts + 2] = skip;
    }
  }
}

// Per-instruction events (kTraceOps, kTraceInstrs, kTraceInstrRuns). The
// records of the wasm instructions lowered since the last run was delivered
// wait in pendingOps_ while the internal instructions emitted are quiet: they
// compute on frame slots only, cannot trap, and no tracer can see them
// (quietForTracers). Before any other internal instruction, and at every
// label, the records form a run delivered there: by the event instruction
// being emitted, which carries the run (emitWithSite), or by a TraceOps.
// So the records reach the tracer in order, after everything before them
// happened and before anything they stand for is observable: between two
// records nothing observable happens, which is what firing each onOp just
// before its instruction guarantees, while the code keeps its folding of
// locals and constants and its fused instructions.
Lowerer::Run Lowerer::takeRun() {
  Run r{static_cast<uint32_t>(pendingOps_.size()), static_cast<uint32_t>(out_.traceRecords.size())};
  out_.traceRecords.insert(out_.traceRecords.end(), pendingOps_.begin(), pendingOps_.end());
  pendingOps_.clear();
  return r;
}

void Lowerer::traceBefore() {
  if (pendingOps_.empty()) return;
  Run r = takeRun();
  uint32_t at = here();
  out_.code.resize(at + instrWords(1, 1));
  Word* w = out_.code.data() + at;
  // TraceRun when the tracer takes runs only, through onInstrs: one call.
  bool runsOnly = (opt_.events & (kTraceOps | kTraceInstrs | kTraceBatches)) == 0;
  w[0].handler = handlerOf(runsOnly ? IOp::TraceRun : IOp::TraceOps);
  w[1].u32[0] = r.count;
  w[1].u32[1] = 0;
  sitePatches_.push_back(SitePatch{at + 2, SiteKind::Instrs, r.first});
}

uint32_t Lowerer::labelHere() {
  traceBefore();  // a jump may land here: what follows is a new run
  labelAt_ = here();
  return here();
}

void Lowerer::bindLabelHere(Label& l, const Fixup* elseEntry) {
  if (elseEntry) l.fixups.push_back(*elseEntry);
  // With no branch to it (and it is no loop's: loops bind their label where
  // they start), only falling through reaches this end: the code goes
  // straight on, so no new run starts here.
  if (!l.fixups.empty()) {
    uint32_t target = labelHere();
    for (const Fixup& f : l.fixups) bind(f, target);
  }
  last_.valid = false;
  if (mergeLabel(l.fixups) < 0) startBlock();
  l.fixups.clear();
}

void Lowerer::truncateTo(uint32_t word) {
  out_.code.resize(word);
  while (!out_.offsets.empty() && out_.offsets.back().first >= word) out_.offsets.pop_back();
  while (!out_.opsInBlock.empty() && out_.opsInBlock.back().first >= word)
    out_.opsInBlock.pop_back();
  lastOffset_ = out_.offsets.empty() ? UINT32_MAX : out_.offsets.back().second;
  last_.valid = false;
}

void Lowerer::closeMeter() {
  if (meterAt_ < 0) return;
  for (size_t i = openMerged_; i < mergedLabels_.size(); ++i)
    mergedLabels_[i].count = meterCount_ - mergedLabels_[i].startCount;
  openMerged_ = mergedLabels_.size();
  // A counted branch's F counts each empty block it falls through too.
  uint32_t* count = u32At(meterU32_);
  *count = meterAdds_ ? *count + meterCount_ : meterCount_;
  out_.meters.back().second = meterCount_;
  // The empty blocks falling into this one count its instructions too.
  for (uint32_t at : emptyChain_) out_.code[at + 1].u32[0] += meterCount_;
}

void Lowerer::onInstr(const binary::Instr& in) {
  if (needMeter_) {
    // The run so far goes before the new block's count (which a CountBlocks
    // chain jumps past), not between them.
    traceBefore();
    closeMeter();
    needMeter_ = false;
    meterAt_ = -1;  // the Meter itself is not part of a block's instructions
    meterAdds_ = false;
    if (!opt_.meterChecksLimit && out_.meters.empty() && here() == afterEnter_) {
      // The function's first block (no label can precede it) is counted by
      // its Enter (U(3)): one dispatch fewer per call. (A Meter's limit
      // check stays its own.)
      meterAt_ = enterAt_;
      meterU32_ = (enterAt_ + 1) * 2 + 3;
    } else if (const CountedBranch* b = fallthroughCounter()) {
      // Only falling through the branch before it enters this block: the
      // branch counts it (F), one dispatch fewer.
      emptyChain_.clear();
      meterAt_ = here();
      meterU32_ = (b->at + 1) * 2 + b->counts + 1;
      meterAdds_ = true;
    } else {
      // A CountBlock right after the previous block's CountBlock: that
      // block has no code and falls into this one. It becomes a CountBlocks
      // counting both (and any empty blocks before it, the chain) and
      // jumping past this one's count; the chain grows while blocks stay empty.
      bool prevEmpty = !opt_.meterChecksLimit && lastAt_ + instrWords(1, 0) == here() &&
                       (lastOp_ == IOp::CountBlock || lastOp_ == IOp::CountBlocks);
      if (!prevEmpty) emptyChain_.clear();
      if (prevEmpty && lastOp_ == IOp::CountBlock) {
        out_.code[lastAt_].handler = handlerOf(IOp::CountBlocks);
        emptyChain_.push_back(lastAt_);
      }
      meterAt_ = emit(opt_.meterChecksLimit ? IOp::Meter : IOp::CountBlock, {0});
      meterU32_ = (static_cast<uint32_t>(meterAt_) + 1) * 2;
      uint32_t body = here();
      for (uint32_t at : emptyChain_)
        out_.code[at + 1].u32[1] = static_cast<uint32_t>(static_cast<int32_t>(body) - static_cast<int32_t>(at));
    }
    out_.meters.emplace_back(static_cast<uint32_t>(meterAt_), 0);
    meterCount_ = 0;
  }
  if (opt_.marks) {
    const auto& marks = *opt_.marks;
    while (markCursor_ < marks.size() && marks[markCursor_].first < in.offset) ++markCursor_;
    while (markCursor_ < marks.size() && marks[markCursor_].first == in.offset) {
      out_.markSites.push_back(MarkEvent{marks[markCursor_].second, v_->funcIndex(), in.offset});
      emitWithSite(IOp::Mark, {}, {}, SiteKind::Mark, out_.markSites.size() - 1);
      ++markCursor_;
    }
  }
  if (opt_.meter) ++meterCount_;
  if (opt_.events & kTraceInstrEvents) {
    const OpInfo& oi = info(in.op);
    pendingOps_.push_back(InstrEvent{v_->funcIndex(), in.offset, oi.prefix,
                                     static_cast<uint8_t>(oi.prefix ? oi.prefix : oi.code), oi.code,
                                     oi.name.data()});
  }
}

IOp Lowerer::eventIOp(IOp op) const {
  uint32_t ev = opt_.events;
  if (!(ev & kTraceRunsWithEvents) || !(ev & kTraceInstrRuns) ||
      (ev & (kTraceOps | kTraceInstrs | kTraceBatches)))
    return op;
  static_assert(static_cast<int>(IOp::RunAndI64Store32) - static_cast<int>(IOp::RunAndI32Load) ==
                static_cast<int>(IOp::TracedI64Store32) - static_cast<int>(IOp::TracedI32Load));
  if (op >= IOp::TracedI32Load && op <= IOp::TracedI64Store32)
    return static_cast<IOp>(static_cast<int>(op) - static_cast<int>(IOp::TracedI32Load) +
                            static_cast<int>(IOp::RunAndI32Load));
  switch (op) {
    // A group of blocks has a joint hook; single blocks (without
    // kTraceBlockRuns) keep TraceBlock.
    case IOp::TraceBlock: return ev & kTraceBlockRuns ? IOp::RunAndBlocks : op;
    case IOp::TraceBranch: return IOp::RunAndBranch;
    case IOp::TraceCond: return IOp::RunAndCond;
    case IOp::TraceBrIf: return IOp::RunAndBrIf;
    case IOp::TraceIf: return IOp::RunAndIf;
    case IOp::TraceBrTable: return IOp::RunAndBrTable;
    case IOp::TraceMem: return IOp::RunAndMem;
    default: return op;  // marks: rare, delivered apart
  }
}

uint32_t Lowerer::emitWithSite(IOp op, std::initializer_list<uint32_t> us,
                               std::initializer_list<uint64_t> qs, SiteKind kind, size_t index) {
  op = eventIOp(op);
  // The run this instruction closes rides in it: operands (us..., run
  // length) and (qs..., run records, site).
  Run r = takeRun();
  std::vector<uint32_t> u(us);
  u.push_back(r.count);
  std::vector<uint64_t> q(qs);
  q.push_back(0);
  q.push_back(0);
  uint32_t at = emit(op, u, q);
  uint32_t last = at + instrWords(static_cast<uint32_t>(u.size()), static_cast<uint32_t>(q.size())) - 1;
  sitePatches_.push_back(SitePatch{last - 1, SiteKind::Instrs, r.first});
  sitePatches_.push_back(SitePatch{last, kind, static_cast<uint32_t>(index)});
  return at;
}

size_t Lowerer::pushCondSites(BranchKind kind, const Ctrl& target, uint32_t depth) {
  out_.branchSites.push_back(branchSite(kind, target, depth, false));
  out_.branchSites.push_back(branchSite(kind, target, depth, true));
  return out_.branchSites.size() - 2;
}

void Lowerer::traceCond(uint32_t slot, BranchKind kind, const Ctrl& target, uint32_t depth) {
  emitWithSite(IOp::TraceCond, {slot}, {}, SiteKind::Branch, pushCondSites(kind, target, depth));
}

// One dispatch fewer per traced conditional branch than TraceCond and the
// branch, where the branch needs no value moves.
Fixup Lowerer::emitTracedCondBranch(IOp op, uint32_t slot, BranchKind kind, const Ctrl& target,
                                    uint32_t depth) {
  uint32_t at =
      emitWithSite(op, {slot, 0}, {}, SiteKind::Branch, pushCondSites(kind, target, depth));
  startBlock();
  return Fixup{at, (at + 1) * 2 + 1};
}

// Blocks entered one right after another (a C switch opens dozens) share
// one TraceBlock: k entries, whose sites follow each other in blockSites and
// whose runs, after the first, are each the next block's own record. (Not
// in the unfolded reference code of the tests, which these are checked by.)
void Lowerer::traceBlock(BlockKind kind, const Ctrl& c) {
  if (!(opt_.events & (kTraceBlocks | kTraceBlockRuns))) return;
  out_.blockSites.push_back(BlockEvent{v_->funcIndex(), c.offset, kind});
  bool perInstr = opt_.events & kTraceInstrEvents;
  if (opt_.fuse && lastOp_ == eventIOp(IOp::TraceBlock) && lastAt_ + instrWords(2, 2) == here() &&
      labelAt_ != here() && pendingOps_.size() == (perInstr ? 1u : 0u)) {
    ++out_.code[lastAt_ + 1].u32[0];
    takeRun();
    return;
  }
  emitWithSite(IOp::TraceBlock, {1}, {}, SiteKind::Block, out_.blockSites.size() - 1);
}

void Lowerer::jumpTo(Ctrl& target, Fixup f) {
  if (target.kind != validate::CtrlKind::Loop) {
    target.label.fixups.push_back(f);
    return;
  }
  bind(f, static_cast<uint32_t>(target.label.loopStart));
  if (target.label.merged < 0) return;
  if (CountedBranch* b = countedBranchOf(f))
    b->merged = target.label.merged;
  else
    labelStubs_.push_back(LabelStub{f, target.label.merged});  // rebound in finish()
}

void Lowerer::markResult(uint32_t instr, uint32_t dstField, uint32_t slot) {
  last_.valid = opt_.fuse;
  last_.codeEnd = here();
  last_.dstU32 = (instr + 1) * 2 + dstField;
  last_.slot = slot;
}

// ---------------------------------------------------------------- operands

void Lowerer::materialize(Entry& e) {
  if (e.v.kind == Value::InSlot && !e.v.hasPlus) return;
  moveTo(home(e), e);
  if (e.v.kind == Value::Local && lazyLocals_) --lazyLocals_;
  e.v = Value{};
}

uint32_t Lowerer::use(Entry& e) {
  if (e.v.hasPlus) {
    materialize(e);
    return home(e);
  }
  switch (e.v.kind) {
    case Value::InSlot: return home(e);
    case Value::Local: return localSlot_[e.v.local];
    case Value::Const: materialize(e); return home(e);
  }
  return home(e);
}

void Lowerer::moveTo(uint32_t dst, Entry& e) {
  if (e.v.hasPlus) {
    emit(IOp::I32AddI, {dst, baseSlot(e)}, {e.v.plus});
    last_.valid = false;
    return;
  }
  switch (e.v.kind) {
    case Value::InSlot:
      if (home(e) != dst)
        emit(e.type.kind == ValType::V128 ? IOp::Copy128 : IOp::Copy, {dst, home(e)});
      break;
    case Value::Local:
      if (localSlot_[e.v.local] != dst)
        emit(e.type.kind == ValType::V128 ? IOp::Copy128 : IOp::Copy, {dst, localSlot_[e.v.local]});
      break;
    case Value::Const:
      if (e.type.kind == ValType::I32 || e.type.kind == ValType::F32)
        emit(IOp::Const32, {dst, static_cast<uint32_t>(e.v.bits)});
      else
        emit(IOp::Const64, {dst}, {e.v.bits});
      break;
  }
  last_.valid = false;
}

void Lowerer::flushLocal(uint32_t idx) {
  if (!lazyLocals_) return;
  auto& st = v_->stack();
  // Lazy entries only exist above the innermost frame (flushAll at block entry).
  for (size_t i = v_->ctrls().back().height; i < st.size(); ++i)
    if (st[i].v.kind == Value::Local && st[i].v.local == idx) materialize(st[i]);
}

void Lowerer::flushAll(Ctrl& c) {
  auto& st = v_->stack();
  // Lazy local reads of the enclosing frame: a local may be written inside the
  // block, on some paths only, so read it now, before the block.
  if (lazyLocals_) {
    for (size_t i = 0; i < c.height; ++i)
      if (st[i].v.kind == Value::Local) materialize(st[i]);
    lazyLocals_ = 0;
  }
  // The block's parameters must be in their home slots: branches to a loop
  // write them there, and an else branch reads them from there.
  for (size_t i = c.height; i < st.size(); ++i) materialize(st[i]);
  last_.valid = false;
}

bool Lowerer::needsFlush(Ctrl& c) {
  auto& st = v_->stack();
  if (lazyLocals_)
    for (size_t i = 0; i < c.height; ++i)
      if (st[i].v.kind == Value::Local) return true;
  for (size_t i = c.height; i < st.size(); ++i)
    if (st[i].v.kind != Value::InSlot || st[i].v.hasPlus) return true;
  return false;
}

void Lowerer::materializeTop(std::span<const ValType> types) {
  auto& st = v_->stack();
  for (size_t i = st.size() - types.size(); i < st.size(); ++i) materialize(st[i]);
}

bool Lowerer::branchNeedsMoves(Ctrl& target) {
  auto types = v_->labelTypes(target);
  auto& st = v_->stack();
  uint32_t dst = labelSlot(target);
  for (size_t i = 0; i < types.size(); ++i) {
    Entry& e = st[st.size() - types.size() + i];
    if (e.v.kind != Value::InSlot || e.v.hasPlus || home(e) != dst) return true;
    dst += types[i].slots();
  }
  return false;
}

void Lowerer::emitBranchMoves(Ctrl& target) {
  // Values move down to the label's home slots; copying in stack order never
  // overwrites a value not yet read (each destination is at or below its source).
  auto types = v_->labelTypes(target);
  auto& st = v_->stack();
  uint32_t dst = labelSlot(target);
  for (size_t i = 0; i < types.size(); ++i) {
    Entry& e = st[st.size() - types.size() + i];
    moveTo(dst, e);
    dst += types[i].slots();
  }
}

void Lowerer::emitBranchTo(Ctrl& target) {
  if (isFunction(target)) {
    emitReturn();
    return;
  }
  emitBranchMoves(target);
  jumpTo(target, emitBranch(IOp::Br, {0}, 0));
}

void Lowerer::emitReturn() {
  // A return may sit on a conditional path (a br_if or br_table stub), so it
  // writes values to their home slots without marking the entries as moved.
  const auto& results = v_->funcType().results;
  auto& st = v_->stack();
  bool quiet = opt_.countCalls;  // no return event (iops.def)
  if (results.empty()) {
    emit(quiet ? IOp::Ret0Quiet : IOp::Ret0, {});
  } else if (results.size() == 1 && results[0].slots() == 1) {
    Entry& e = st.back();
    if (e.v.kind == Value::Const || e.v.hasPlus) moveTo(home(e), e);
    emit(quiet ? IOp::Ret1Quiet : IOp::Ret1,
         {e.v.kind == Value::Local && !e.v.hasPlus ? localSlot_[e.v.local] : home(e)});
  } else {
    // Several results: put them in their home slots (above every local), then
    // one forward copy moves them down to slot 0.
    for (size_t i = st.size() - results.size(); i < st.size(); ++i) moveTo(home(st[i]), st[i]);
    uint32_t total = 0;
    for (ValType t : results) total += t.slots();
    Entry& first = st[st.size() - results.size()];
    emit(quiet ? IOp::RetNQuiet : IOp::RetN, {home(first), total});
  }
  last_.valid = false;
  startBlock();
}

namespace {

// A comparison the branch fusion understands: which one, on which type, and
// whether its right operand is an immediate.
struct CmpInfo {
  int cmp = -1;  // index in kCmpNames order: Eq Ne LtS LtU GtS GtU LeS LeU GeS GeU
  bool is64 = false;
  bool imm = false;
};

CmpInfo cmpInfo(IOp op) {
  // clang-format off
  switch (op) {
#define C(i, name)                                   \
  case IOp::PureI32##name: return {i, false, false}; \
  case IOp::I32##name##I: return {i, false, true};   \
  case IOp::PureI64##name: return {i, true, false};  \
  case IOp::I64##name##I: return {i, true, true};
    C(0, Eq) C(1, Ne) C(2, LtS) C(3, LtU) C(4, GtS) C(5, GtU) C(6, LeS) C(7, LeU) C(8, GeS) C(9, GeU)
#undef C
    default: return {};
  }
  // clang-format on
}

// The comparison with the opposite outcome (for branching when false).
constexpr int kNegated[] = {1, 0, 8, 9, 6, 7, 4, 5, 2, 3};

IOp brCmpOp(int cmp, bool is64, bool imm) {
  static constexpr IOp kOps[10][4] = {
#define C(name) {IOp::BrI32##name, IOp::BrI32##name##I, IOp::BrI64##name, IOp::BrI64##name##I},
      WITT_BR_COMPARISONS(C)
#undef C
  };
  return kOps[cmp][(is64 ? 2 : 0) + (imm ? 1 : 0)];
}

}  // namespace

Fixup Lowerer::emitCondBranch(Entry& cond, bool whenTrue) {
  bool fusable = opt_.fuse && last_.valid && last_.codeEnd == here() &&
                 cond.v.kind == Value::InSlot && !cond.v.hasPlus && last_.slot == home(cond) &&
                 lastAt_ + 1 == (last_.dstU32 / 2);
  if (fusable) {
    const Word* w = out_.code.data() + lastAt_;
    const uint32_t* u = reinterpret_cast<const uint32_t*>(w + 1);
    if (lastOp_ == IOp::PureI32Eqz || lastOp_ == IOp::PureI64Eqz) {
      if (lastOp_ == IOp::PureI32Eqz) {
        uint32_t a = u[1];
        truncateTo(lastAt_);
        return emitBranch(whenTrue ? IOp::BrIfNot : IOp::BrIf, {a, 0}, 1);
      }
    } else if (CmpInfo c = cmpInfo(lastOp_); c.cmp >= 0) {
      int cmp = whenTrue ? c.cmp : kNegated[c.cmp];
      IOp op = brCmpOp(cmp, c.is64, c.imm);
      uint32_t a = u[1];
      uint32_t b = c.imm ? 0 : u[2];
      uint64_t imm = c.imm ? w[2].u64 : 0;
      truncateTo(lastAt_);
      if (!c.imm) return emitBranch(op, {a, b, 0}, 2);
      if (!c.is64) return emitBranch(op, {a, static_cast<uint32_t>(imm), 0}, 2);
      return emitBranch(op, {a, 0}, 1, {imm});
    }
  }
  return emitBranch(whenTrue ? IOp::BrIf : IOp::BrIfNot, {use(cond), 0}, 1);
}

// ---------------------------------------------------------------- hooks

void Lowerer::begin(V& v) {
  v_ = &v;
  localTypes_ = v.locals();
  localSlot_.resize(localTypes_.size());
  uint32_t s = 0;
  for (size_t i = 0; i < localTypes_.size(); ++i) {
    localSlot_[i] = s;
    s += localTypes_[i].slots();
    if (i + 1 == v.numParams()) out_.numParamSlots = s;
  }
  numLocalSlots_ = s;
  out_.numLocalSlots = s;
  for (ValType t : v.funcType().results) out_.numResultSlots += t.slots();
  enterAt_ = emit(opt_.countCalls ? IOp::EnterCountingCall : IOp::Enter,
                  {out_.numParamSlots, numLocalSlots_, 0, 0});
  if (opt_.events & kTraceEnter) emit(IOp::TraceEnter, {});
  afterEnter_ = here();
  startBlock();
}

void Lowerer::finish() {
  closeMeter();
  emitLabelStubs();
  resolveCountedBranches();
  traceBefore();
  // The records and sites are complete: point the instructions at them.
  for (const SitePatch& p : sitePatches_) {
    const void* site = p.kind == SiteKind::Instrs ? static_cast<const void*>(out_.traceRecords.data() + p.index)
                       : p.kind == SiteKind::Block    ? static_cast<const void*>(&out_.blockSites[p.index])
                       : p.kind == SiteKind::Branch ? static_cast<const void*>(&out_.branchSites[p.index])
                       : p.kind == SiteKind::Memory ? static_cast<const void*>(&out_.memorySites[p.index])
                                                    : static_cast<const void*>(&out_.markSites[p.index]);
    out_.code[p.word].u64 = reinterpret_cast<uintptr_t>(site);
  }
  // Hidden slots (caught exceptions of legacy try) live above the operand stack.
  uint32_t hiddenBase = numLocalSlots_ + v_->maxSlots() + 2;
  for (uint32_t pos : hiddenOperandFixups_) *u32At(pos) += hiddenBase;
  for (auto [r, k] : hiddenEntryFixups_) out_.tryRegions[r].catches[k].exnSlot += hiddenBase;
  out_.frameSlots = hiddenBase + numHidden_;
  if (out_.frameSlots < out_.numResultSlots) out_.frameSlots = out_.numResultSlots;
  out_.code[enterAt_ + 1].u32[0] = out_.numParamSlots;
  out_.code[enterAt_ + 2].u32[0] = out_.frameSlots;
}

void Lowerer::onUnreachable() {
  emit(IOp::Unreachable, {});
  last_.valid = false;
  startBlock();
}

void Lowerer::onConst(const binary::Instr& in, Entry& out) {
  if (in.op == Op::V128Const) {
    uint64_t lo, hi;
    std::memcpy(&lo, in.v128.bytes, 8);
    std::memcpy(&hi, in.v128.bytes + 8, 8);
    uint32_t at = emit(IOp::Const128, {home(out)}, {lo, hi});
    markResult(at, 0, home(out));
    return;
  }
  if (!opt_.fuse) {
    Entry tmp = out;
    tmp.v = Value::constant(in.bits);
    moveTo(home(out), tmp);
    return;
  }
  uint64_t bits = in.bits;
  if (in.op == Op::I32Const) bits &= 0xFFFFFFFFu;
  out.v = Value::constant(bits);
}

void Lowerer::onLocalGet(uint32_t idx, Entry& out) {
  if (!opt_.fuse) {
    uint32_t at = emit(out.type.kind == ValType::V128 ? IOp::Copy128 : IOp::Copy,
                       {home(out), localSlot_[idx]});
    markResult(at, 0, home(out));
    return;
  }
  out.v = Value::ofLocal(idx);
  ++lazyLocals_;
}

void Lowerer::onLocalSet(uint32_t idx, Entry& v) {
  flushLocal(idx);
  uint32_t dst = localSlot_[idx];
  if (last_.valid && last_.codeEnd == here() && v.v.kind == Value::InSlot && !v.v.hasPlus &&
      last_.slot == home(v)) {
    *u32At(last_.dstU32) = dst;  // retarget the producer to the local
    last_.valid = false;
    return;
  }
  moveTo(dst, v);
}

void Lowerer::onLocalTee(uint32_t idx, Entry& v, Entry& out) {
  onLocalSet(idx, v);
  if (opt_.fuse) {
    out.v = Value::ofLocal(idx);
    ++lazyLocals_;
  } else {
    uint32_t at = emit(out.type.kind == ValType::V128 ? IOp::Copy128 : IOp::Copy,
                       {home(out), localSlot_[idx]});
    markResult(at, 0, home(out));
  }
}

void Lowerer::onGlobalGet(uint32_t idx, Entry& out) {
  uint32_t at =
      emit(out.type.kind == ValType::V128 ? IOp::GlobalGet128 : IOp::GlobalGet, {home(out), idx});
  markResult(at, 0, home(out));
}

void Lowerer::onGlobalSet(uint32_t idx, Entry& v) {
  emit(v.type.kind == ValType::V128 ? IOp::GlobalSet128 : IOp::GlobalSet, {use(v), idx});
  last_.valid = false;
}

void Lowerer::onSelect(Entry& a, Entry& b, Entry& cond, Entry& out) {
  uint32_t sa = use(a), sb = use(b), sc = use(cond);
  uint32_t at =
      emit(out.type.kind == ValType::V128 ? IOp::Select128 : IOp::Select, {home(out), sa, sb, sc});
  markResult(at, 0, home(out));
}

void Lowerer::memoryOp(const binary::Instr& in, Entry* args, uint32_t n, Entry* outs, uint32_t m) {
  Op op = in.op;
  IOp fast = fastMemoryIOp(op);
  bool isFast =
      fast != IOp::Count && in.mem.memory == 0 && opt_.memory0Is32 && in.mem.offset <= 0xFFFFFFFFu;
  bool isStore = m == 0;
  bool traced = (opt_.events & kTraceMemory) && info(op).alignLog2 >= 0;
  if (traced) {
    uint32_t size = 1u << info(op).alignLog2;
    out_.memorySites.push_back(
        MemoryEvent{v_->funcIndex(), in.offset, in.mem.memory, 0, size, isStore});
  }
  if (traced && !isFast) {
    bool is64 = v_->module().memoryType(in.mem.memory).limits.is64;
    emitWithSite(IOp::TraceMem, {use(args[0]), is64 ? 1u : 0u}, {in.mem.offset}, SiteKind::Memory,
                 out_.memorySites.size() - 1);
  }
  if (op == Op::MemorySize) {
    uint32_t at = emit(IOp::MemorySize, {home(outs[0]), in.a});
    markResult(at, 0, home(outs[0]));
    return;
  }
  if (op == Op::MemoryGrow) {
    uint32_t at = emit(IOp::MemoryGrow, {home(outs[0]), use(args[0]), in.a});
    markResult(at, 0, home(outs[0]));
    return;
  }
  if (isFast) {
    uint32_t off = static_cast<uint32_t>(in.mem.offset);
    // A pending `+ C` on the address folds into the access.
    Entry& addr = args[0];
    uint32_t pre = addr.v.hasPlus ? addr.v.plus : 0;
    uint32_t a = addr.v.hasPlus ? baseSlot(addr) : use(addr);
    uint32_t first = isStore ? a : home(outs[0]);
    uint32_t second = isStore ? use(args[1]) : a;
    uint32_t at = traced ? emitWithSite(tracedMemoryIOp(fast), {first, second, pre, off}, {},
                                        SiteKind::Memory, out_.memorySites.size() - 1)
                         : emit(fast, {first, second, pre, off});
    if (isStore)
      last_.valid = false;
    else
      markResult(at, 0, home(outs[0]));
    return;
  }
  uint32_t a = use(args[0]);
  uint32_t b = n > 1 ? use(args[1]) : 0;
  uint32_t d = m ? home(outs[0]) : 0;
  uint32_t at =
      emit(IOp::MemAccess, {d, a, b, static_cast<uint32_t>(op), in.mem.memory}, {in.mem.offset});
  // The lane index rides in the kind field's upper half.
  *u32At((at + 1) * 2 + 3) |= static_cast<uint32_t>(in.lane) << 16;
  if (m)
    markResult(at, 0, d);
  else
    last_.valid = false;
}

void Lowerer::onOp(const binary::Instr& in, Entry* args, uint32_t n, Entry* outs, uint32_t m) {
  Op op = in.op;
  const OpInfo& oi = info(op);
  if (hasSignature(op)) {
    if (oi.imm == Imm::MemArg || oi.imm == Imm::MemArgLane || oi.imm == Imm::Memory) {
      memoryOp(in, args, n, outs, m);
      return;
    }
    IOp iop = kPureIOp[static_cast<size_t>(op)];
    if (opt_.fuse && n == 2 && binaryWithImm(in, args, outs)) return;
    if (opt_.fuse && op == Op::I32WrapI64) {
      // i32 consumers read the low 32 bits of a slot, so wrapping moves nothing.
      outs[0].v = args[0].v;
      if (outs[0].v.kind == Value::Const) outs[0].v.bits &= 0xFFFFFFFFu;
      return;
    }
    uint32_t ops[6];
    uint32_t k = 0;
    uint32_t d = home(outs[0]);
    for (uint32_t i = 0; i < n; ++i) ops[1 + i] = use(args[i]);
    ops[0] = d;
    k = 1 + n;
    if (oi.imm == Imm::Lane) ops[k++] = in.lane;
    uint32_t at;
    if (oi.imm == Imm::Shuffle) {
      uint64_t lo, hi;
      std::memcpy(&lo, in.v128.bytes, 8);
      std::memcpy(&hi, in.v128.bytes + 8, 8);
      at = emit(iop, {ops[0], ops[1], ops[2]}, {lo, hi});
    } else {
      switch (k) {
        case 1: at = emit(iop, {ops[0]}); break;
        case 2: at = emit(iop, {ops[0], ops[1]}); break;
        case 3: at = emit(iop, {ops[0], ops[1], ops[2]}); break;
        case 4: at = emit(iop, {ops[0], ops[1], ops[2], ops[3]}); break;
        default: at = emit(iop, {ops[0], ops[1], ops[2], ops[3], ops[4]}); break;
      }
    }
    if (m == 1)
      markResult(at, 0, d);
    else
      last_.valid = false;
    return;
  }

  uint32_t d = m ? home(outs[0]) : 0;
  uint32_t at = 0;
  switch (op) {
    case Op::RefNull: {
      Entry tmp = outs[0];
      tmp.v = Value::constant(0);
      if (opt_.fuse) {
        outs[0].v = tmp.v;
        return;
      }
      moveTo(d, tmp);
      return;
    }
    case Op::RefIsNull: at = emit(IOp::RefIsNull, {d, use(args[0])}); break;
    case Op::RefAsNonNull: at = emit(IOp::RefAsNonNull, {d, use(args[0])}); break;
    case Op::RefEq: at = emit(IOp::RefEq, {d, use(args[0]), use(args[1])}); break;
    case Op::RefFunc: at = emit(IOp::RefFunc, {d, in.a}); break;
    case Op::TableGet: at = emit(IOp::TableGet, {d, use(args[0]), in.a}); break;
    case Op::TableSet: emit(IOp::TableSet, {use(args[0]), use(args[1]), in.a}); break;
    case Op::TableSize: at = emit(IOp::TableSize, {d, in.a}); break;
    case Op::TableGrow: at = emit(IOp::TableGrow, {d, use(args[0]), use(args[1]), in.a}); break;
    case Op::TableFill:
      emit(IOp::TableFill, {use(args[0]), use(args[1]), use(args[2]), in.a});
      break;
    case Op::TableCopy:
      emit(IOp::TableCopy, {use(args[0]), use(args[1]), use(args[2]), in.a, in.b});
      break;
    case Op::TableInit:
      // table.init elem table: in.a = element segment, in.b = table
      emit(IOp::TableInit, {use(args[0]), use(args[1]), use(args[2]), in.a, in.b});
      break;
    case Op::ElemDrop: emit(IOp::ElemDrop, {in.a}); break;
    case Op::MemoryInit:
      emit(IOp::MemoryInit, {use(args[0]), use(args[1]), use(args[2]), in.a, in.b});
      break;
    case Op::MemoryCopy:
      emit(IOp::MemoryCopy, {use(args[0]), use(args[1]), use(args[2]), in.a, in.b});
      break;
    case Op::MemoryFill:
      emit(IOp::MemoryFill, {use(args[0]), use(args[1]), use(args[2]), in.a});
      break;
    case Op::DataDrop: emit(IOp::DataDrop, {in.a}); break;
    default: emit(IOp::Trap, {static_cast<uint32_t>(TrapKind::HostError)}); break;
  }
  if (m)
    markResult(at, 0, d);
  else
    last_.valid = false;
}

// `x op C` (and `C op x` for commutative operators) as one instruction; an
// i32.add of a constant stays lazy (a pending +C) so that memory accesses can
// fold it. Returns false when the operands have no constant to use.
bool Lowerer::binaryWithImm(const binary::Instr& in, Entry* args, Entry* outs) {
  bool commutative = false;
  IOp fused = immVariant(in.op, commutative);
  if (fused == IOp::Count) return false;
  int k =
      args[1].v.kind == Value::Const ? 1 : (commutative && args[0].v.kind == Value::Const ? 0 : -1);
  if (k < 0) return false;
  Entry& x = args[1 - k];
  uint64_t c = args[k].v.bits;
  if (in.op == Op::I32Add) {
    if (x.v.kind == Value::Const) {
      outs[0].v = Value::constant(static_cast<uint32_t>(x.v.bits + c));
      return true;
    }
    // Keep x (a local, or its value in the result's own slot) and the addend.
    Value v = x.v;
    bool xInOwnSlot = v.kind == Value::Local || home(x) == home(outs[0]);
    if (!xInOwnSlot) {
      uint32_t at = emit(fused, {home(outs[0]), use(x)}, {c});
      markResult(at, 0, home(outs[0]));
      return true;
    }
    v.plus = static_cast<uint32_t>((v.hasPlus ? v.plus : 0) + c);
    v.hasPlus = true;
    if (v.kind == Value::Local) ++lazyLocals_;
    outs[0].v = v;
    return true;
  }
  uint32_t at = emit(fused, {home(outs[0]), use(x)}, {c});
  markResult(at, 0, home(outs[0]));
  return true;
}

void Lowerer::onBlock(Ctrl& c) {
  if (!c.reachableAtEntry) return;
  traceBlock(BlockKind::Block, c);
  flushAll(c);
}

void Lowerer::onLoop(Ctrl& c) {
  if (c.reachableAtEntry) {
    traceBlock(BlockKind::Loop, c);
    flushAll(c);
  }
  c.label.loopStart = labelHere();
  last_.valid = false;
  c.label.merged = c.reachableAtEntry ? mergeLabel({}) : -1;
  if (c.label.merged < 0) startBlock();
}

void Lowerer::onIf(Ctrl& c, Entry& cond) {
  if (!c.reachableAtEntry) return;
  traceBlock(BlockKind::If, c);
  bool traced = opt_.events & kTraceBranches;
  if (traced && !needsFlush(c)) {
    c.label.elseFixup = emitTracedCondBranch(IOp::TraceIf, use(cond), BranchKind::If, c, 0);
    c.label.hasElse = true;
    return;
  }
  if (traced) traceCond(use(cond), BranchKind::If, c, 0);
  // The condition is the operand just above the parameters: fuse before
  // flushing (flushing emits copies, which would break the fusion).
  if (!needsFlush(c)) {
    c.label.elseFixup = emitCondBranch(cond, false);
  } else {
    flushAll(c);
    c.label.elseFixup = emitBranch(IOp::BrIfNot, {use(cond), 0}, 1);
  }
  c.label.hasElse = true;
}

void Lowerer::onElse(Ctrl& c) {
  if (c.reachableAtEntry && !c.unreachable) {
    materializeTop(v_->results(c));
    c.label.fixups.push_back(emitBranch(IOp::Br, {0}, 0));
  }
  if (c.label.hasElse) {
    bind(c.label.elseFixup, labelHere());
    c.label.hasElse = false;
  }
  last_.valid = false;
  startBlock();
}

void Lowerer::onEnd(Ctrl& c) {
  if (c.label.regionOpen) closeRegion(c);  // try_table, or a legacy try without catch
  endBlock(c);
}

void Lowerer::endBlock(Ctrl& c) {
  if (c.reachableAtEntry && !c.unreachable) materializeTop(v_->results(c));
  bool hasElse = c.label.hasElse;  // an if without else: the false path lands here
  c.label.hasElse = false;
  bindLabelHere(c.label, hasElse ? &c.label.elseFixup : nullptr);
}

void Lowerer::onFunctionEnd(Ctrl& c) {
  if (c.reachableAtEntry && !c.unreachable) emitReturn();
}

void Lowerer::onBr(uint32_t depth) {
  Ctrl& target = v_->ctrlAt(depth);
  if (opt_.events & kTraceBranches) {
    out_.branchSites.push_back(branchSite(BranchKind::Br, target, depth, true));
    emitWithSite(IOp::TraceBranch, {}, {}, SiteKind::Branch, out_.branchSites.size() - 1);
  }
  emitBranchTo(target);
}

void Lowerer::onBrIf(uint32_t depth, Entry& cond) {
  Ctrl& target = v_->ctrlAt(depth);
  bool simple = !isFunction(target) && !branchNeedsMoves(target);
  if ((opt_.events & kTraceBranches) && simple) {
    jumpTo(target,
           emitTracedCondBranch(IOp::TraceBrIf, use(cond), BranchKind::BrIf, target, depth));
    last_.valid = false;
    return;
  }
  if (opt_.events & kTraceBranches) traceCond(use(cond), BranchKind::BrIf, target, depth);
  if (!simple) {
    Fixup skip = emitCondBranch(cond, false);
    emitBranchTo(target);
    bind(skip, labelHere());
    last_.valid = false;
    startBlock();
    return;
  }
  jumpTo(target, emitCondBranch(cond, true));
  last_.valid = false;
}

void Lowerer::onBrTable(const std::vector<uint32_t>& targets, Entry& idx) {
  uint32_t n = static_cast<uint32_t>(targets.size()) - 1;
  if (opt_.events & kTraceBranches) {
    size_t first = out_.branchSites.size();
    for (uint32_t i = 0; i <= n; ++i)
      out_.branchSites.push_back(
          branchSite(BranchKind::BrTable, v_->ctrlAt(targets[i]), targets[i], true));
    emitWithSite(IOp::TraceBrTable, {use(idx), n}, {}, SiteKind::Branch, first);
  }
  uint32_t at = emit(IOp::BrTable, {use(idx), n});
  // n+1 offsets follow, two per word.
  uint32_t tableU32 = here() * 2;
  out_.code.resize(here() + (n + 2) / 2);
  // Targets that need value moves (or a return) get a stub after the table.
  std::vector<int64_t> stubOf(v_->ctrls().size(), -1);
  std::vector<uint32_t> needStub;
  for (uint32_t i = 0; i <= n; ++i) {
    Ctrl& t = v_->ctrlAt(targets[i]);
    Fixup f{at, tableU32 + i};
    if (!isFunction(t) && !branchNeedsMoves(t)) {
      jumpTo(t, f);
    } else {
      needStub.push_back(i);
    }
  }
  for (uint32_t i : needStub) {
    uint32_t depth = targets[i];
    if (stubOf[depth] < 0) {
      stubOf[depth] = labelHere();
      emitBranchTo(v_->ctrlAt(depth));
    }
    bind(Fixup{at, tableU32 + i}, static_cast<uint32_t>(stubOf[depth]));
  }
  last_.valid = false;
  startBlock();
}

void Lowerer::onReturn() { emitReturn(); }

void Lowerer::onBrOnNull(uint32_t depth, Entry& ref, Entry& out) {
  Ctrl& target = v_->ctrlAt(depth);
  uint32_t r = use(ref);
  if (opt_.events & kTraceBranches) traceCond(r, BranchKind::BrOnNull, target, depth);
  // The branch carries the values under the reference: take the (already
  // pushed) non-null result off the stack while the moves are made.
  auto& st = v_->stack();
  Entry saved = st.back();
  st.pop_back();
  if (isFunction(target) || branchNeedsMoves(target)) {
    Fixup skip = emitBranch(IOp::BrOnNonNull, {r, 0}, 1);
    emitBranchTo(target);
    bind(skip, labelHere());
  } else {
    jumpTo(target, emitBranch(IOp::BrOnNull, {r, 0}, 1));
  }
  st.push_back(saved);
  out.v = ref.v;
  last_.valid = false;
  startBlock();
}

void Lowerer::onBrOnNonNull(uint32_t depth, Entry& ref) {
  Ctrl& target = v_->ctrlAt(depth);
  // The reference travels as the label's last value: push it back for the moves.
  auto& st = v_->stack();
  st.push_back(ref);
  uint32_t r = use(st.back());
  if (opt_.events & kTraceBranches) traceCond(r, BranchKind::BrOnNonNull, target, depth);
  if (isFunction(target) || branchNeedsMoves(target)) {
    Fixup skip = emitBranch(IOp::BrOnNull, {r, 0}, 1);
    emitBranchTo(target);
    bind(skip, labelHere());
  } else {
    jumpTo(target, emitBranch(IOp::BrOnNonNull, {r, 0}, 1));
  }
  st.pop_back();
  last_.valid = false;
  startBlock();
}

void Lowerer::onCall(const binary::Instr& in, const FuncType& ft, Entry* args, uint32_t n,
                     Entry* outs, uint32_t m) {
  uint32_t nParams = static_cast<uint32_t>(ft.params.size());
  for (uint32_t i = 0; i < nParams; ++i) materialize(args[i]);
  // The callee's frame starts at its first argument; with no arguments, where
  // its results go (or the stack top when it has none).
  auto& st = v_->stack();
  uint32_t argBase = nParams ? home(args[0])
                     : m     ? home(outs[0])
                             : numLocalSlots_ + (st.empty() ? 0 : st.back().endSlot());
  switch (in.op) {
    case Op::Call: emit(opt_.countCalls ? IOp::CallQuiet : IOp::Call, {in.a, argBase}); break;
    case Op::CallIndirect: {
      uint32_t canon = v_->types().canonicalId(in.a);
      emit(IOp::CallIndirect, {canon, in.b, argBase, use(args[n - 1])});
      break;
    }
    case Op::CallRef: emit(IOp::CallRef, {argBase, use(args[n - 1])}); break;
    default: break;
  }
  last_.valid = false;
  // Counts exact at calls and returns: the call is the last instruction its
  // block counts, so at the call (and after the return) nothing counted is
  // still to run in the caller.
  if (opt_.events & kTraceOpCountsAtCalls) startBlock();
}

void Lowerer::onReturnCall(const binary::Instr& in, const FuncType& ft, Entry* args, uint32_t n) {
  uint32_t nParams = static_cast<uint32_t>(ft.params.size());
  for (uint32_t i = 0; i < nParams; ++i) materialize(args[i]);
  uint32_t argSlots = 0;
  for (ValType t : ft.params) argSlots += t.slots();
  auto& st = v_->stack();
  uint32_t argBase =
      nParams ? home(args[0]) : numLocalSlots_ + (st.empty() ? 0 : st.back().endSlot());
  switch (in.op) {
    case Op::ReturnCall: emit(IOp::ReturnCall, {in.a, argBase, argSlots}); break;
    case Op::ReturnCallIndirect: {
      uint32_t canon = v_->types().canonicalId(in.a);
      emit(IOp::ReturnCallIndirect, {canon, in.b, argBase, use(args[n - 1]), argSlots});
      break;
    }
    case Op::ReturnCallRef: emit(IOp::ReturnCallRef, {argBase, use(args[n - 1]), argSlots}); break;
    default: break;
  }
  last_.valid = false;
  startBlock();
}

// ---------------------------------------------------------------- exceptions

int32_t Lowerer::openRegion(Ctrl& c) {
  TryRegion r;
  r.start = labelHere();
  r.parent = innermostOpenRegion();
  out_.tryRegions.push_back(std::move(r));
  int32_t idx = static_cast<int32_t>(out_.tryRegions.size()) - 1;
  openRegions_.emplace_back(idx, static_cast<uint32_t>(v_->ctrls().size() - 1));
  c.label.region = idx;
  c.label.regionOpen = true;
  last_.valid = false;
  return idx;
}

void Lowerer::closeRegion(Ctrl& c) {
  out_.tryRegions[c.label.region].end = labelHere();
  if (!openRegions_.empty() && openRegions_.back().first == c.label.region) openRegions_.pop_back();
  c.label.regionOpen = false;
}

uint32_t Lowerer::hiddenSlot(Ctrl& c) {
  if (c.label.exnHidden < 0) {
    c.label.exnHidden = static_cast<int32_t>(numHidden_++);
    // Every clause of this try keeps the exception from now on.
    auto& catches = out_.tryRegions[c.label.region].catches;
    for (uint32_t k = 0; k < catches.size(); ++k) {
      catches[k].exnSlot = static_cast<uint32_t>(c.label.exnHidden);
      hiddenEntryFixups_.emplace_back(c.label.region, k);
    }
  }
  return static_cast<uint32_t>(c.label.exnHidden);
}

void Lowerer::onTryTable(Ctrl& c, const std::vector<binary::CatchClause>& catches) {
  if (!c.reachableAtEntry) return;
  flushAll(c);
  // Landing pads sit before the body: the unwinder writes a clause's values
  // at the try_table's base slot; its pad moves them to the target label's
  // slots and branches there.
  Fixup skip = emitBranch(IOp::Br, {0}, 0);
  std::vector<CatchEntry> entries;
  uint32_t base = numLocalSlots_ + c.slotHeight;
  for (const binary::CatchClause& cc : catches) {
    Ctrl& target = v_->ctrlAt(cc.label + 1);  // labels count from outside the try_table
    CatchEntry e;
    e.kind = static_cast<CatchEntry::Kind>(cc.kind);
    e.tag = cc.tag;
    e.slot = base;
    e.target = labelHere();
    auto types = v_->labelTypes(target);
    if (isFunction(target)) {
      uint32_t total = 0;
      for (ValType t : types) total += t.slots();
      if (total == 0)
        emit(IOp::Ret0, {});
      else
        emit(IOp::RetN, {base, total});
    } else {
      uint32_t dst = labelSlot(target), src = base;
      for (ValType t : types) {
        if (dst != src) emit(t.kind == ValType::V128 ? IOp::Copy128 : IOp::Copy, {dst, src});
        dst += t.slots();
        src += t.slots();
      }
      jumpTo(target, emitBranch(IOp::Br, {0}, 0));
    }
    entries.push_back(e);
  }
  bind(skip, labelHere());
  startBlock();
  traceBlock(BlockKind::TryTable, c);
  int32_t r = openRegion(c);
  out_.tryRegions[r].catches = std::move(entries);
}

void Lowerer::onTry(Ctrl& c) {
  if (!c.reachableAtEntry) return;
  traceBlock(BlockKind::Try, c);
  flushAll(c);
  openRegion(c);
}

void Lowerer::onCatch(Ctrl& c, bool isCatch, uint32_t tag) {
  if (c.label.region < 0) return;
  if (c.label.regionOpen) closeRegion(c);
  // The previous clause (the body or a handler) ends: go to the end.
  if (c.reachableAtEntry && !c.unreachable) {
    materializeTop(v_->results(c));
    c.label.fixups.push_back(emitBranch(IOp::Br, {0}, 0));
  }
  CatchEntry e;
  e.kind = isCatch ? CatchEntry::Catch : CatchEntry::CatchAll;
  e.tag = tag;
  e.target = labelHere();
  e.slot = numLocalSlots_ + c.slotHeight;
  auto& catches = out_.tryRegions[c.label.region].catches;
  if (c.label.exnHidden >= 0) {
    e.exnSlot = static_cast<uint32_t>(c.label.exnHidden);
    hiddenEntryFixups_.emplace_back(c.label.region, static_cast<uint32_t>(catches.size()));
  }
  catches.push_back(e);
  last_.valid = false;
  startBlock();
}

void Lowerer::onDelegate(Ctrl& c, uint32_t depth) {
  if (c.label.region >= 0) {
    if (c.label.regionOpen) closeRegion(c);
    // The exception continues in the region of the try at (or around) the
    // block `depth` labels out of this try.
    uint32_t targetCtrl = static_cast<uint32_t>(v_->ctrls().size() - 1) - (depth + 1);
    CatchEntry e;
    e.kind = CatchEntry::Delegate;
    e.delegateTo = -1;
    for (auto it = openRegions_.rbegin(); it != openRegions_.rend(); ++it)
      if (it->second <= targetCtrl) {
        e.delegateTo = it->first;
        break;
      }
    if (targetCtrl == 0) e.delegateTo = -1;  // the function's own label: to the caller
    out_.tryRegions[c.label.region].catches.push_back(e);
  }
  endBlock(c);
}

void Lowerer::onThrow(uint32_t tag, Entry* args, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) materialize(args[i]);
  auto& st = v_->stack();
  uint32_t base = n ? home(args[0]) : numLocalSlots_ + (st.empty() ? 0 : st.back().endSlot());
  emit(IOp::Throw, {tag, base});
  last_.valid = false;
  startBlock();
}

void Lowerer::onThrowRef(Entry& e) {
  emit(IOp::ThrowRef, {use(e)});
  last_.valid = false;
  startBlock();
}

void Lowerer::onRethrow(uint32_t depth) {
  Ctrl& c = v_->ctrlAt(depth);
  uint32_t k = hiddenSlot(c);
  uint32_t at = emit(IOp::ThrowRef, {k});
  hiddenOperandFixups_.push_back((at + 1) * 2);
  last_.valid = false;
  startBlock();
}

Result<CompiledFunc> lowerFunction(const validate::ModuleEnv& env, uint32_t funcIndex,
                                   const LowerOptions& options) {
  Lowerer lowerer(options);
  validate::BodyValidator<Lowerer> v(env, funcIndex, lowerer);
  WITT_CHECK(v.run());
  return lowerer.take();
}

}  // namespace witt::interp
