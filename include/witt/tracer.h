// Tracer: the execution hooks of seed 001 (onOp, onCall, onHostCall,
// onReturn, onThrow, onTrap), fired in execution order during one invocation,
// and the hooks witt adds beyond the seed's "what the tracer does NOT see".
//
// Contract (docs/tracing.md):
// - onOp(op) fires just before an instruction dispatches, with its opcode
//   byte; a prefixed opcode reports its prefix byte (0xFC, 0xFD), as in the
//   seed. onInstr gives the full opcode, the function and the byte offset;
//   onInstrs the same records a run of instructions at a time.
// - onCall(funcIdx) fires after a wasm frame is pushed; onReturn(funcIdx)
//   after it is popped (also when an exception or trap unwinds it). A tail
//   call fires onReturn(caller), then onCall(callee).
// - onHostCall(funcIdx) fires when an imported host function is dispatched;
//   no frame is pushed, so host calls never change the depth.
// - onThrow(tagIdx) fires when an exception is raised (throw, throw_ref,
//   rethrow, or a host function throwing); onTrap(error) when a runtime error
//   other than an exception ends execution.
// A tracer is bound to one invocation; the runtime never resets its state and
// never calls it concurrently. Passing no tracer (Tracer::none()) selects the
// untraced execution loop, which contains no hooks at all.
//
// Cost: witt runs code lowered for what a tracer declares in events(); an
// event the tracer does not declare costs nothing.
#pragma once

#include <cstdint>
#include <span>

#include "witt/result.h"
#include "witt/value.h"

namespace witt {

// Which hooks a tracer needs (Tracer::events()).
enum TraceEvent : uint32_t {
  kTraceOps = 1u << 0,       // onOp, per instruction
  kTraceOpCounts = 1u << 1,  // onOps(n): instruction counts in bulk (per basic block)
  kTraceCalls = 1u << 2,     // onCall, onReturn, onHostCall
  kTraceThrows = 1u << 3,    // onThrow
  kTraceTraps = 1u << 4,     // onTrap
  kTraceBlocks = 1u << 5,    // onBlock
  kTraceBranches = 1u << 6,  // onBranch
  kTraceMemory = 1u << 7,    // onMemory
  kTraceEnter = 1u << 8,     // onEnter (arguments of wasm functions)
  kTraceMarks = 1u << 9,     // onMark (trace marks)
  // With kTraceOpCounts and kTraceCalls: onOps also fires before every
  // onCall, onReturn and onHostCall, so the counts received so far are exact
  // at each of them (per-function instruction counts without kTraceOps).
  kTraceOpCountsAtCalls = 1u << 10,
  kTraceInstrs = 1u << 11,     // onInstr, per instruction (full opcode, function, offset, name)
  kTraceInstrRuns = 1u << 12,  // onInstrs: the same records, a run of instructions per call
  // Every other declared event is delivered through onEvents, in execution
  // order, a batch at a time, instead of through its hook (onTrap excepted).
  kTraceBatches = 1u << 13,
  // onBlocks: blocks entered back to back (a C switch opens dozens), a group
  // per call, their opening instructions included (instead of onBlock and
  // the per-instruction events of those instructions; see onBlocks).
  kTraceBlockRuns = 1u << 14,
  // For a tracer taking runs alone (kTraceInstrRuns; no onOp, onInstr or
  // batches): a branch, a memory access or a group of blocks arrives in one
  // call with the run it ends (onInstrsThenBranch, onInstrsThenMemory,
  // onInstrsThenBlocks) instead of two. Declare it when overriding those
  // hooks; InlinedHooks does.
  kTraceRunsWithEvents = 1u << 15,
  // The seed's six hooks.
  kTraceSeed = kTraceOps | kTraceCalls | kTraceThrows | kTraceTraps,
  // Every per-event hook (not the bulk counts, not the runs).
  kTraceAll = ((1u << 10) - 1 - kTraceOpCounts) | kTraceInstrs,
  // Any of the per-instruction events (onOp, onInstr, onInstrs).
  kTraceInstrEvents = kTraceOps | kTraceInstrs | kTraceInstrRuns,
};

// A full instruction: opcode with its sub-opcode, where it is.
struct InstrEvent {
  uint32_t funcIdx;  // function index in its module
  uint32_t offset;   // byte offset of the instruction in the module binary
  uint8_t prefix;    // 0, or 0xFB/0xFC/0xFD/0xFE
  uint8_t op;        // what onOp reports: the prefix, or the opcode byte if none
  uint32_t code;     // the opcode byte, or the sub-opcode after the prefix
  const char* name;  // text name ("i32.add", "v128.load")
};

enum class BlockKind : uint8_t { Block, Loop, If, Try, TryTable };
enum class BranchKind : uint8_t { Br, BrIf, BrTable, BrOnNull, BrOnNonNull, If };

struct BlockEvent {
  uint32_t funcIdx;
  uint32_t offset;  // the block, loop, if, try or try_table instruction
  BlockKind kind;
};

// The opcode and name of each BlockKind's opening instruction, in BlockKind
// order (block 0x02, loop 0x03, if 0x04, try 0x06, try_table 0x1F: none is
// prefixed). Inline because a tracer expanding a group of blocks looks one
// up per block (a C switch opens dozens); a test pins it to the opcode table.
struct OpeningOpcode {
  uint32_t code;
  const char* name;
};
inline constexpr OpeningOpcode kOpeningOpcodes[] = {
    {0x02, "block"}, {0x03, "loop"}, {0x04, "if"}, {0x06, "try"}, {0x1F, "try_table"}};

// The record of a block's opening instruction (what onInstr receives for it).
inline InstrEvent openingInstr(const BlockEvent& b) {
  const OpeningOpcode& o = kOpeningOpcodes[static_cast<size_t>(b.kind)];
  return InstrEvent{b.funcIdx, b.offset, 0, static_cast<uint8_t>(o.code), o.code, o.name};
}

struct BranchEvent {
  uint32_t funcIdx;
  uint32_t offset;        // the branch instruction
  uint32_t targetOffset;  // the opening instruction of the target block (function: its body)
  BranchKind kind;
  bool taken;      // If: the condition was true (the then branch runs)
  uint32_t depth;  // label depth of the target (br_table: the one chosen)
};

struct MemoryEvent {
  uint32_t funcIdx;
  uint32_t offset;   // the instruction
  uint32_t memory;   // memory index
  uint64_t address;  // effective address (base + offset)
  uint32_t size;     // bytes accessed
  bool store;
};

struct MarkEvent {
  uint32_t id;  // the trace mark's id
  uint32_t funcIdx;
  uint32_t offset;  // the instruction the mark is placed at
};

// One event of a batch (kTraceBatches, Tracer::onEvents). What an event does
// not change from one execution to the next (where it is, its kind, a
// branch's target...) is a record built when the code was lowered (`site`);
// the event adds what happened (a direction, an address, a count), so
// writing one costs the engine a few stores and no call.
enum class EventKind : uint8_t {
  Instrs,    // a run of instructions (onInstrs, and onOp/onInstr for each): instrs()
  Ops,       // instructions counted in bulk (onOps): value
  Call,      // onCall: index is the function
  Return,    // onReturn: index
  HostCall,  // onHostCall: index
  Enter,     // onEnter: index, args()
  Throw,     // onThrow: index is the tag
  Block,     // onBlock: block()
  Branch,    // onBranch: branch()
  Memory,    // onMemory: memory()
  Mark,      // onMark: mark(), value is the occurrence
  Blocks,    // onBlocks: blocks() (kTraceBlockRuns)
};

struct Event {
  EventKind kind;
  bool taken;        // Branch: its direction
  uint32_t index;    // Instrs: records; Blocks: blocks; Call...Enter: function; Throw: tag
  uint64_t value;    // Memory: effective address; Ops: count; Mark: occurrence; Enter: arguments
  const void* site;  // the static record (see the accessors); Enter: the arguments

  std::span<const InstrEvent> instrs() const {
    return {static_cast<const InstrEvent*>(site), index};
  }
  const BlockEvent& block() const { return *static_cast<const BlockEvent*>(site); }
  std::span<const BlockEvent> blocks() const {
    return {static_cast<const BlockEvent*>(site), index};
  }
  BranchEvent branch() const {
    BranchEvent e = *static_cast<const BranchEvent*>(site);
    e.taken = taken;
    return e;
  }
  MemoryEvent memory() const {
    MemoryEvent e = *static_cast<const MemoryEvent*>(site);
    e.address = value;
    return e;
  }
  const MarkEvent& mark() const { return *static_cast<const MarkEvent*>(site); }
  std::span<const Value> args() const {
    return {static_cast<const Value*>(site), static_cast<size_t>(value)};
  }
};

class Tracer {
 public:
  virtual ~Tracer() = default;

  // The hooks this tracer needs. The default is the seed's six hooks.
  virtual uint32_t events() const { return kTraceSeed; }

  // --- the seed's hooks
  virtual void onOp(uint32_t op) { (void)op; }
  virtual void onCall(uint32_t funcIdx) { (void)funcIdx; }
  virtual void onHostCall(uint32_t funcIdx) { (void)funcIdx; }
  virtual void onReturn(uint32_t funcIdx) { (void)funcIdx; }
  virtual void onThrow(uint32_t tagIdx) { (void)tagIdx; }
  virtual void onTrap(const Error& err) { (void)err; }

  // --- beyond the seed
  // Every instruction with its full opcode (with kTraceInstrs; fires right
  // after onOp when both are declared). `e` lives in the code: valid only
  // during the call.
  virtual void onInstr(const InstrEvent& e) { (void)e; }
  // The instructions about to execute, in order, as the records onInstr
  // would receive one by one (with kTraceInstrRuns): the wasm instructions up
  // to the next one that does anything observable (a memory access, branch,
  // call, trap, mark...). No other event fires between the records of a run,
  // so a tracer that processes them in a loop sees what per-instruction
  // hooks see, at a call per run instead of per instruction. Fires before
  // the run's onOp and onInstr when those are declared too. The records
  // live in the code: valid only during the call.
  virtual void onInstrs(std::span<const InstrEvent> run) { (void)run; }
  // Instructions counted in bulk: the total over an invocation equals the
  // number of onOp calls the same run would make (with kTraceOpCounts).
  // Fires at the end of the outermost invocation, and with
  // kTraceOpCountsAtCalls also before each call, return and host call.
  virtual void onOps(uint64_t count) { (void)count; }
  // Entry into block, loop, if, try, try_table (after its opcode's onOp).
  virtual void onBlock(uint32_t funcIdx, uint32_t offset, BlockKind kind) {
    (void)funcIdx, (void)offset, (void)kind;
  }
  // Blocks entered one right after another with nothing executed between
  // them but their own opening instructions, in one call (with
  // kTraceBlockRuns; a block entered alone is a group of one). It stands for
  // onBlock of each block and for the per-instruction events (onInstrs,
  // onOp, onInstr) of the opening instructions of blocks[1..]: the engine
  // fires none of those for the group (blocks[0]'s opening instruction ends
  // the run before it, as without kTraceBlockRuns). The default does what
  // the engine would have done without it (expandBlocks).
  virtual void onBlocks(std::span<const BlockEvent> blocks) { expandBlocks(blocks); }
  // Every branch and if, with its direction.
  virtual void onBranch(const BranchEvent& e) { (void)e; }
  // Every load and store (including SIMD, bulk memory is not reported per byte).
  virtual void onMemory(const MemoryEvent& e) { (void)e; }
  // With kTraceRunsWithEvents: the run an event ends and the event, in one
  // call where the engine would otherwise call onInstrs(run) (unless the run
  // is empty) and then the event's hook. The defaults make exactly those two
  // calls, so overriding them changes the number of calls and nothing else.
  // A memory access comes as its site (`access` with address 0) and its
  // effective address, which is what the engine holds: building the event
  // is left to the tracer, which may need only part of it.
  virtual void onInstrsThenBranch(std::span<const InstrEvent> run, const BranchEvent& branch);
  virtual void onInstrsThenMemory(std::span<const InstrEvent> run, const MemoryEvent& access,
                                  uint64_t address);
  virtual void onInstrsThenBlocks(std::span<const InstrEvent> run,
                                  std::span<const BlockEvent> blocks);
  // A wasm function starts, with its arguments (after onCall).
  virtual void onEnter(uint32_t funcIdx, std::span<const Value> args) { (void)funcIdx, (void)args; }
  // A trace mark executed: its id, where it is, and how many times this id
  // has fired in this invocation (1 for the first).
  virtual void onMark(uint32_t id, uint32_t funcIdx, uint32_t offset, uint64_t occurrence) {
    (void)id, (void)funcIdx, (void)offset, (void)occurrence;
  }

  // With kTraceBatches: the declared events, in execution order, up to a few
  // thousand per call. A batch is delivered when it is full, before a host
  // function runs, before onTrap, and when the invocation ends, so a tracer
  // sees every event of an invocation by the time invoke returns, but not
  // at the moment it happens (time measurements belong in hooks). The
  // events and what they point to are valid only during the call. The
  // default passes each event to its hook (dispatch), so a tracer written
  // with hooks can take its events in batches by declaring the bit alone.
  virtual void onEvents(std::span<const Event> batch) { dispatch(batch); }
  // Calls the hooks for each event, as unbatched delivery would have.
  void dispatch(std::span<const Event> batch);
  // Calls the hooks a group of blocks stands for, as declared in events():
  // for each block, its opening instruction's per-instruction events (after
  // the first block), then onBlock.
  void expandBlocks(std::span<const BlockEvent> blocks);

  // The tracer that observes nothing: invocations given it run untraced.
  static Tracer& none();
};

// Counts what the seed's Tracer.Counting counts. Instructions are counted per
// basic block (kTraceOpCounts), with the same totals as counting each onOp.
// Counters are reset by the caller (reset()).
class CountingTracer : public Tracer {
 public:
  uint64_t ops = 0;
  uint64_t calls = 0;      // wasm frames pushed
  uint64_t hostCalls = 0;  // host functions dispatched
  uint64_t maxDepth = 0;   // peak wasm-frame depth
  uint64_t throws = 0;
  uint64_t traps = 0;
  uint64_t depth = 0;  // current wasm-frame depth

  void reset() { *this = CountingTracer(); }

  uint32_t events() const override {
    return kTraceOpCounts | kTraceCalls | kTraceThrows | kTraceTraps;
  }
  void onOp(uint32_t) override { ++ops; }
  void onOps(uint64_t n) override { ops += n; }
  void onCall(uint32_t) override { countCall(); }
  void onHostCall(uint32_t) override { countHostCall(); }
  void onReturn(uint32_t) override { countReturn(); }
  void onThrow(uint32_t) override { countThrow(); }
  void onTrap(const Error&) override { ++traps; }

  // What the hooks count, without a virtual call: the engine calls these
  // directly when the tracer is exactly a CountingTracer.
  void countCall() {
    ++calls;
    if (++depth > maxDepth) maxDepth = depth;
  }
  void countHostCall() { ++hostCalls; }
  void countReturn() {
    if (depth) --depth;
  }
  void countThrow() { ++throws; }
};

}  // namespace witt
