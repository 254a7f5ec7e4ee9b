// Lowering: the BodyValidator consumer that turns a function body into
// internal code (code.h) in the same pass that validates it.
//
// The operand stack is simulated at lowering time. Every stack position has a
// home slot (locals area + the position's slot offset). A value computed by an
// instruction is written to its home slot; `local.get` and scalar constants
// are kept lazy (the entry remembers the local or the constant) and become
// operand fields of the instruction that consumes them, so
//   local.get 0; local.get 1; i32.add; local.set 2
// lowers to one instruction `I32Add d=2 a=0 b=1` (the add's destination is
// retargeted to the local: "result fusion"). Lazy entries are made concrete
// ("materialized") when their local is about to be overwritten, at block
// boundaries, and where control flow merges. Branches copy their values to
// the target's home slots, so no stack height is ever searched at run time.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "interp/code.h"
#include "validate/body_validator.h"
#include "witt/tracer.h"

namespace witt::interp {

struct LowerValue {
  enum Kind : uint8_t { InSlot = 0, Local = 1, Const = 2 };
  Kind kind = InSlot;
  // An i32 InSlot or Local value may carry a pending `+ plus` (wrapping): the
  // result of `i32.add x C`, kept lazy so a memory access can fold it into
  // its address computation.
  bool hasPlus = false;
  uint32_t plus = 0;
  uint32_t local = 0;
  uint64_t bits = 0;

  static LowerValue constant(uint64_t b) {
    LowerValue v;
    v.kind = Const;
    v.bits = b;
    return v;
  }
  static LowerValue ofLocal(uint32_t idx) {
    LowerValue v;
    v.kind = Local;
    v.local = idx;
    return v;
  }
};

struct Fixup {
  uint32_t instr;   // word index of the branching instruction
  uint32_t u32pos;  // index (in u32 units) of its offset field
};

struct LowerLabel {
  int64_t loopStart = -1;  // word index of a loop's head
  std::vector<Fixup> fixups;
  bool hasElse = false;
  Fixup elseFixup{0, 0};
  int32_t region = -1;      // try_table / legacy try: its handler region
  int32_t exnHidden = -1;   // legacy try: hidden slot keeping the caught exception (rethrow)
  bool regionOpen = false;  // the try body is still being lowered
  int32_t merged = -1;      // a loop head that is a merged label (Lowerer::mergeLabel)
};

struct LowerOptions {
  // Handler addresses to write into the code, indexed by IOp; null writes the
  // IOp numbers (for tests and the disassembler).
  const void* const* handlers = nullptr;
  // Memory 0 is a 32-bit memory: use the fast load/store instructions.
  bool memory0Is32 = true;
  // Fold constants and local reads into operands and retarget results. Off
  // for the traced code, where every wasm instruction keeps its own
  // internal instruction.
  bool fuse = true;
  // A Meter instruction at the start of each basic block, counting its wasm
  // instructions (instruction counts, fuel, timeouts).
  bool meter = false;
  // With meter: the Meter instructions check the fuel and timeout limit.
  // Without it they are CountBlock instructions, which only count: a tracer
  // counting instructions (CountingTracer) pays no limit check per block.
  bool meterChecksLimit = true;
  // The Counting tracer's code, which fires no call or return event:
  // functions start with EnterCountingCall (the loop counts the calls
  // itself; run_loop.inc) and call and return through the quiet twins.
  bool countCalls = false;
  // Trace events to emit instructions for (witt::TraceEvent bits: ops,
  // blocks, branches, memory, enter, marks).
  uint32_t events = 0;
  // Trace marks of this function: (absolute offset of the instruction, id),
  // sorted by offset (with kTraceMarks).
  const std::vector<std::pair<uint32_t, uint32_t>>* marks = nullptr;
};

class Lowerer {
 public:
  using Value = LowerValue;
  using Label = LowerLabel;
  using V = validate::BodyValidator<Lowerer>;
  using Entry = validate::StackEntry<Value>;
  using Ctrl = validate::CtrlFrame<Label>;

  explicit Lowerer(const LowerOptions& options) : opt_(options) {}

  CompiledFunc take() { return std::move(out_); }

  // --- BodyValidator hooks
  void begin(V& v);
  void onInstr(const binary::Instr& in);
  void finish();
  void onUnreachable();
  void onConst(const binary::Instr& in, Entry& out);
  void onOp(const binary::Instr& in, Entry* args, uint32_t n, Entry* outs, uint32_t m);
  void onLocalGet(uint32_t idx, Entry& out);
  void onLocalSet(uint32_t idx, Entry& v);
  void onLocalTee(uint32_t idx, Entry& v, Entry& out);
  void onGlobalGet(uint32_t idx, Entry& out);
  void onGlobalSet(uint32_t idx, Entry& v);
  void onDrop(Entry&) {}
  void onSelect(Entry& a, Entry& b, Entry& cond, Entry& out);
  void onBlock(Ctrl& c);
  void onLoop(Ctrl& c);
  void onIf(Ctrl& c, Entry& cond);
  void onElse(Ctrl& c);
  void onEnd(Ctrl& c);
  void onFunctionEnd(Ctrl& c);
  void onBr(uint32_t depth);
  void onBrIf(uint32_t depth, Entry& cond);
  void onBrTable(const std::vector<uint32_t>& targets, Entry& idx);
  void onReturn();
  void onBrOnNull(uint32_t depth, Entry& ref, Entry& out);
  void onBrOnNonNull(uint32_t depth, Entry& ref);
  void onCall(const binary::Instr& in, const FuncType& ft, Entry* args, uint32_t n, Entry* outs,
              uint32_t m);
  void onReturnCall(const binary::Instr& in, const FuncType& ft, Entry* args, uint32_t n);
  void onTryTable(Ctrl& c, const std::vector<binary::CatchClause>& catches);
  void onTry(Ctrl& c);
  void onCatch(Ctrl& c, bool isCatch, uint32_t tag);
  void onDelegate(Ctrl& c, uint32_t depth);
  void onThrow(uint32_t tag, Entry* args, uint32_t n);
  void onThrowRef(Entry& e);
  void onRethrow(uint32_t depth);

 private:
  // --- emission
  // An instruction's first word: its handler (or its IOp number, LowerOptions::handlers).
  const void* handlerOf(IOp op) const;
  uint32_t emit(IOp op, std::initializer_list<uint32_t> us,
                std::initializer_list<uint64_t> qs = {});
  uint32_t emit(IOp op, std::span<const uint32_t> us, std::span<const uint64_t> qs);
  uint32_t* u32At(uint32_t u32pos) {
    return reinterpret_cast<uint32_t*>(out_.code.data()) + u32pos;
  }
  uint32_t here() const { return static_cast<uint32_t>(out_.code.size()); }
  void bind(const Fixup& f, uint32_t target) {
    *u32At(f.u32pos) =
        static_cast<uint32_t>(static_cast<int32_t>(target) - static_cast<int32_t>(f.instr));
  }
  // Binds the label's branches (and an if's false path, `elseEntry`) here,
  // where a new block starts unless mergeLabel lets the block before go on.
  void bindLabelHere(Label& l, const Fixup* elseEntry = nullptr);
  // Per-instruction trace records: the pending ones as a run delivered here
  // (a TraceOps), before an internal instruction that is not quiet or a label.
  void traceBefore();
  struct Run {
    uint32_t count;  // records
    uint32_t first;  // index in traceRecords
  };
  Run takeRun();  // the pending records, moved to traceRecords
  // here() as a jump target (or region bound): pending records and the open
  // run end first.
  uint32_t labelHere();
  void truncateTo(uint32_t word);  // drop the instructions from `word` on
  // Emits a branch-like instruction whose offset field is operand `field`
  // (its counted twin in code counting blocks: countsBranches).
  Fixup emitBranch(IOp op, std::initializer_list<uint32_t> us, uint32_t field,
                   std::initializer_list<uint64_t> qs = {});
  void jumpTo(Ctrl& target, Fixup f);
  void markResult(uint32_t instr, uint32_t dstField, uint32_t slot);

  // --- operands
  uint32_t home(const Entry& e) const { return numLocalSlots_ + e.slot; }
  uint32_t use(Entry& e);                    // slot holding e's value (materializes constants)
  uint32_t baseSlot(const Entry& e) const {  // slot of e's value before any pending +plus
    return e.v.kind == Value::Local ? localSlot_[e.v.local] : home(e);
  }
  bool binaryWithImm(const binary::Instr& in, Entry* args, Entry* outs);
  void materialize(Entry& e);           // write e's value to its home slot
  void moveTo(uint32_t dst, Entry& e);  // copy e's value into slot dst
  void flushLocal(uint32_t idx);        // materialize lazy reads of local idx
  void flushAll(Ctrl& c);               // materialize every lazy entry (block entry)
  bool needsFlush(Ctrl& c);             // would flushAll emit anything?
  void materializeTop(std::span<const ValType> types);
  bool branchNeedsMoves(Ctrl& target);
  void emitBranchMoves(Ctrl& target);
  void emitBranchTo(Ctrl& target);  // moves + jump (or return)
  void emitReturn();
  uint32_t labelSlot(const Ctrl& target) const { return numLocalSlots_ + target.slotHeight; }
  bool isFunction(const Ctrl& c) const { return c.kind == validate::CtrlKind::Function; }
  void memoryOp(const binary::Instr& in, Entry* args, uint32_t n, Entry* outs, uint32_t m);
  // Exception handling.
  int32_t openRegion(Ctrl& c);
  void closeRegion(Ctrl& c);
  int32_t innermostOpenRegion() const {
    return openRegions_.empty() ? -1 : openRegions_.back().first;
  }
  uint32_t hiddenSlot(Ctrl& c);  // placeholder index, resolved in finish()
  void endBlock(Ctrl& c);        // shared by onEnd and onDelegate

  LowerOptions opt_;
  V* v_ = nullptr;
  CompiledFunc out_;
  std::vector<uint32_t> localSlot_;
  std::vector<ValType> localTypes_;
  uint32_t numLocalSlots_ = 0;
  uint32_t enterAt_ = 0;
  uint32_t lazyLocals_ = 0;  // lazy local reads pushed since the last full flush
  uint32_t lastOffset_ = UINT32_MAX;
  // Metering: the pending Meter instruction and the instructions counted so far.
  bool needMeter_ = false;
  int64_t meterAt_ = -1;
  uint32_t meterU32_ = 0;  // where its count goes (u32 index in the code)
  bool meterAdds_ = false;  // it adds to what is there (a counted branch's F)
  uint32_t meterCount_ = 0;
  uint32_t afterEnter_ = 0;  // the first word after Enter (and TraceEnter)
  // CountBlocks of the empty blocks falling into the current one (closeMeter).
  std::vector<uint32_t> emptyChain_;
  void startBlock() { needMeter_ = opt_.meter; }
  void closeMeter();
  // Counted branches (iops.def): in code counting blocks without a limit, a
  // branch adds the count of the block it enters and skips its CountBlock,
  // so entering a block costs no dispatch of its own. The block after a
  // conditional one, when nothing else enters it, has no CountBlock at all:
  // the branch's F is its count (onInstr). The rest is resolved when the
  // function is complete, from the CountBlocks the branch would run.
  struct CountedBranch {
    uint32_t at;      // word of the branch
    uint32_t end;     // the word after it
    IOp op;           // its (counted) opcode
    uint32_t label;   // u32 operand holding the offset
    uint32_t counts;  // u32 operand holding T (then F and S when conditional)
    bool conditional;
    int32_t merged = -1;  // the merged label it goes to, if it does
  };
  std::vector<CountedBranch> countedBranches_;
  bool countsBranches() const { return opt_.meter && !opt_.meterChecksLimit; }
  // The counted branch whose fallthrough is the block starting here, if
  // only that fallthrough can enter it.
  const CountedBranch* fallthroughCounter() const;
  void resolveCountedBranches();
  std::unordered_map<uint32_t, size_t> countedAt_;  // word -> its countedBranches_ entry
  CountedBranch* countedBranchOf(const Fixup& f);   // when f is a counted branch's offset
  // Merged labels: in code counting blocks, a label that the code before it
  // falls into, and that otherwise only counted branches enter, starts no
  // block of its own. The block falling in counts on to its end (its meter
  // counts both), the branches add the count from the label on (`count`,
  // resolved when that meter closes), and no CountBlock runs there. A branch
  // that is not counted (br_table, br_on_null, ...) enters a merged loop head
  // through a CountBlocks stub after the function's code (finish). Trap and
  // exception corrections need nothing new: from any instruction after the
  // label, what its meter counted but did not run is the same whichever way
  // the label was entered. Labels of blocks ending together share a word
  // but not a count (the outer `end`s run after a branch to an inner one),
  // so each counted branch names its merged label.
  struct MergedLabel {
    uint32_t word;        // the label
    uint32_t startCount;  // the open meter's count there
    uint32_t count = 0;   // from the label to the meter's end
  };
  std::vector<MergedLabel> mergedLabels_;
  size_t openMerged_ = 0;  // the first one the open meter counts
  struct LabelStub {
    Fixup entry;
    int32_t merged;
  };
  std::vector<LabelStub> labelStubs_;
  // At here(), reached by falling through and by `entries` (already bound):
  // the merged label's index, or -1 when a block starts here.
  int32_t mergeLabel(std::span<const Fixup> entries);
  void emitLabelStubs();
  size_t markCursor_ = 0;
  std::vector<InstrEvent> pendingOps_;  // records of the run being built
  void traceCond(uint32_t slot, BranchKind kind, const Ctrl& target, uint32_t depth);
  // A traced br_if (TraceBrIf) or if (TraceIf) that is its event and its
  // branch in one instruction; the fixup of its offset.
  Fixup emitTracedCondBranch(IOp op, uint32_t slot, BranchKind kind, const Ctrl& target,
                             uint32_t depth);
  // Event sites: an event instruction's last operand points at its site's
  // record and the one before at its run's records, set in finish() (the
  // vectors grow while lowering).
  enum class SiteKind : uint8_t { Instrs, Block, Branch, Memory, Mark };
  struct SitePatch {
    uint32_t word;  // the operand
    SiteKind kind;
    uint32_t index;  // in the site vector of its kind
  };
  std::vector<SitePatch> sitePatches_;
  // Emits `op` with the pending run and its site as its last operands: U
  // (us..., run length), Q (qs..., run records, site).
  // Returns where it starts.
  uint32_t emitWithSite(IOp op, std::initializer_list<uint32_t> us,
                        std::initializer_list<uint64_t> qs, SiteKind kind, size_t index);
  // The instruction emitWithSite emits for event instruction `op`: its
  // RunAnd twin, delivering the run and the event in one call, when the
  // tracer takes them so (kTraceRunsWithEvents with runs alone: no onOp,
  // onInstr or batches); else `op`.
  IOp eventIOp(IOp op) const;
  // A branch's event as the hook receives it: a branch taken whatever its
  // operand (br, br_table) has one record, taken; a conditional one two,
  // not taken then taken, and its handler passes the one its condition
  // picks (no copy of the record per execution).
  BranchEvent branchSite(BranchKind kind, const Ctrl& target, uint32_t depth, bool taken) const {
    return BranchEvent{
        v_->funcIndex(), v_->instrOffset(), targetOffset(target), kind, taken, depth};
  }
  // Appends a conditional branch's two records; returns the first's index.
  size_t pushCondSites(BranchKind kind, const Ctrl& target, uint32_t depth);
  void traceBlock(BlockKind kind, const Ctrl& c);
  uint32_t labelAt_ = UINT32_MAX;  // the last label bound (labelHere)
  uint32_t targetOffset(const Ctrl& c) const { return c.offset; }
  std::vector<std::pair<int32_t, uint32_t>> openRegions_;  // (region, control depth index)
  uint32_t numHidden_ = 0;
  std::vector<uint32_t> hiddenOperandFixups_;  // u32 positions holding placeholders
  std::vector<std::pair<uint32_t, uint32_t>>
      hiddenEntryFixups_;  // (region, catch) with placeholders
  // Result fusion: the last instruction's destination field, if it wrote the
  // current top of stack and nothing was emitted or bound after it.
  struct LastWrite {
    bool valid = false;
    uint32_t codeEnd = 0;
    uint32_t dstU32 = 0;
    uint32_t slot = 0;
  } last_;
  IOp lastOp_ = IOp::Count;  // the last emitted instruction and where it starts
  uint32_t lastAt_ = 0;
  // Branch on `cond` (if `whenTrue`, else on its negation), fusing the
  // comparison that produced it when that is the instruction just emitted.
  Fixup emitCondBranch(Entry& cond, bool whenTrue);
};

// Validates and lowers function `funcIndex` of the module.
Result<CompiledFunc> lowerFunction(const validate::ModuleEnv& env, uint32_t funcIndex,
                                   const LowerOptions& options);

}  // namespace witt::interp
