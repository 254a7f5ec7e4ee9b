// Traced code keeps the lowering's folding of locals and constants and its
// fused compare-and-branch instructions, and reports the wasm instructions in
// runs (delivered by TraceOps or by the event instruction that closes them)
// that extend over the quiet internal instructions (src/interp/lowering.cpp,
// Lowerer::traceBefore). These tests check that the events it fires are
// exactly those of the reference lowering with one internal instruction per
// wasm instruction, in the same order, for every event mask, on functions
// built around each folding, fusion and jump target the lowering makes; and
// that batched delivery (kTraceBatches, through Tracer::dispatch) gives the
// same events in the same order.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

#include "interp/executor.h"
#include "support/event_log.h"
#include "witt/engine.h"
#include "witt/tracer.h"

namespace witt {
namespace {

using test::EventLog;

// The same log from groups of blocks (kTraceBlockRuns), which it expands into
// the hooks after noting the group's size ("blocks k").
class GroupLog : public EventLog {
 public:
  using EventLog::EventLog;
  std::vector<size_t> groups;
  void onBlocks(std::span<const BlockEvent> blocks) override {
    groups.push_back(blocks.size());
    expandBlocks(blocks);
  }
};

// The same log from runs: each record of onInstrs as onInstr would log it.
class RunLog : public EventLog {
 public:
  using EventLog::EventLog;
  uint64_t runs = 0;
  void onInstrs(std::span<const InstrEvent> run) override {
    ++runs;
    for (const InstrEvent& e : run) onInstr(e);
  }
};

// Runs delivered with the branch, memory access or group of blocks ending
// them (kTraceRunsWithEvents), logged as the separate hooks log them, and
// the joint calls of each kind counted.
struct JointCalls {
  uint64_t branches = 0, accesses = 0, groups = 0;
};
class JointLog : public RunLog {
 public:
  explicit JointLog(uint32_t mask) : RunLog(mask | kTraceRunsWithEvents) {}
  JointCalls joint;
  void onInstrsThenBranch(std::span<const InstrEvent> run, const BranchEvent& b) override {
    ++joint.branches;
    if (!run.empty()) onInstrs(run);
    onBranch(b);
  }
  void onInstrsThenMemory(std::span<const InstrEvent> run, const MemoryEvent& access,
                          uint64_t address) override {
    ++joint.accesses;
    EXPECT_EQ(access.address, 0u);  // the site: the address comes apart
    if (!run.empty()) onInstrs(run);
    MemoryEvent e = access;
    e.address = address;
    onMemory(e);
  }
  void onInstrsThenBlocks(std::span<const InstrEvent> run,
                          std::span<const BlockEvent> blocks) override {
    ++joint.groups;
    if (!run.empty()) onInstrs(run);
    onBlocks(blocks);
  }
};

// A module with one export per folding or fusion the lowering performs.
constexpr std::string_view kModule = R"((module
  (type $ii (func (param i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $double $sum)
  (tag $e (param i32))
  (func $double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
  ;; a loop closed by a compare fused into br_if; locals and constants folded
  (func $sum (export "sum") (param i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (local.get 2)))
      (local.set 2 (i32.add (local.get 2) (i32.const 1)))
      (br_if $l (i32.lt_s (local.get 2) (local.get 0))))
    (local.get 1))
  ;; if/else on a comparison and on eqz, blocks with results, local.tee, select
  (func (export "branches") (param i32) (result i32) (local i32)
    (local.set 1
      (if (result i32) (i32.gt_u (local.get 0) (i32.const 10))
        (then (i32.mul (local.tee 1 (local.get 0)) (i32.const 3)))
        (else (block (result i32) (drop (br_if 0 (i32.const 5) (i32.eqz (local.get 0)))) (i32.const 9)))))
    (if (i64.ge_s (i64.extend_i32_s (local.get 0)) (i64.const 4)) (then (local.set 1 (i32.const 77))))
    (select (local.get 1) (i32.const -1) (local.get 0)))
  ;; br_table with values to carry (stubs after the table)
  (func (export "table") (param i32) (result i32)
    (block $a (result i32)
      (block $b (result i32)
        (block $c (result i32)
          (br_table $a $b $c (i32.const 100) (local.get 0)))
        (return (i32.const 3)))
      (i32.add (i32.const 1)))
    (i32.add (i32.const 2)))
  ;; loads and stores: constant offsets, an address + constant folded into the access
  (func (export "memory") (param i32) (result i32)
    (i32.store offset=4 (local.get 0) (i32.const 1234))
    (i64.store (i32.add (local.get 0) (i32.const 16)) (i64.const -7))
    (i32.store8 (i32.const 40) (local.get 0))
    (i32.add (i32.load offset=4 (local.get 0))
             (i32.add (i32.wrap_i64 (i64.load (i32.add (local.get 0) (i32.const 16))))
                      (i32.load8_u (i32.const 40)))))
  ;; direct, indirect and tail calls
  (func $countdown (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (return_call $countdown (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "calls") (param i32) (result i32)
    (i32.add (call $double (local.get 0))
      (i32.add (call_indirect (type $ii) (local.get 0) (i32.and (local.get 0) (i32.const 1)))
               (call $countdown (local.get 0)))))
  ;; exceptions: try_table catching a throw from a callee, legacy try/catch
  (func $thrower (param i32) (if (i32.gt_s (local.get 0) (i32.const 2)) (then (throw $e (local.get 0)))))
  (func (export "exceptions") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (call $thrower (local.get 0)))
      (i32.const -1))
    (try (result i32)
      (do (call $thrower (i32.add (local.get 0) (i32.const 1))) (i32.const 0))
      (catch $e (i32.add (i32.const 100))))
    i32.add)
  ;; a trap in the middle of a block, after folded operands
  (func (export "trap") (param i32) (result i32)
    (i32.add (i32.const 1) (i32.div_u (i32.const 10) (i32.sub (local.get 0) (i32.const 3)))))
  (func (export "oob") (param i32) (result i32) (i32.load (i32.add (local.get 0) (i32.const 65534))))
  ;; blocks entered one after another (one trace instruction for them in
  ;; the folded code), but not across the label of a loop
  (func (export "nested") (param i32) (result i32)
    (block $a (block $b (loop $l (block $c (block $d (br_if $d (i32.eqz (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))))
      (br_if $l (local.get 0)))))
    (local.get 0))
  ;; trace marks between folded instructions, and br_on_null
  (func (export "marks") (param i32) (result i32)
    (local.get 0)
    (trace_instruction 7)
    (i32.const 2)
    i32.mul
    (trace_instruction 8)
    (block $n (br_on_null $n (ref.null func)) (drop))
    (block $m (result funcref) (br_on_non_null $m (ref.func $double)) (ref.null func))
    drop)
)
)";

struct Call {
  const char* name;
  int32_t arg;
};
const Call kCalls[] = {{"sum", 0},        {"sum", 5},        {"branches", 0},   {"branches", 3},
                       {"branches", 42},  {"table", 0},      {"table", 1},      {"table", 2},
                       {"table", 9},      {"memory", 8},     {"calls", 4},      {"calls", 1},
                       {"exceptions", 1}, {"exceptions", 2}, {"exceptions", 5}, {"trap", 8},
                       {"trap", 3},       {"oob", 0},        {"oob", 4},        {"marks", 6},
                       {"nested", 0},     {"nested", 3}};

std::vector<size_t> lastGroups;  // of the last run<GroupLog>
JointCalls lastJoint;            // of the last run<JointLog>

// The events of every call above, in code lowered with or without folding.
template <class Log = EventLog>
std::vector<std::string> run(bool folding, uint32_t mask, uint64_t* opEvents = nullptr,
                             uint64_t* runs = nullptr) {
  interp::setTracedFoldingForTesting(folding);
  auto m = Module::fromText(kModule);
  interp::setTracedFoldingForTesting(true);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().describe());
  if (!m.ok()) return {};
  auto inst = Instance::create(*m);
  EXPECT_TRUE(inst.ok());
  if (!inst.ok()) return {};
  // Variants are lowered on first use: keep the setting while running.
  interp::setTracedFoldingForTesting(folding);
  Log t(mask);
  for (const Call& c : kCalls) {
    t.log.push_back(std::string("== ") + c.name + " " + std::to_string(c.arg));
    auto r = inst->invoke(c.name, {Value::fromI32(static_cast<uint32_t>(c.arg))}, t);
    t.log.push_back(r.ok() ? "ok " + toString((*r)[0]) : "error " + r.error().message);
  }
  interp::setTracedFoldingForTesting(true);
  if (opEvents) *opEvents = t.opEvents;
  if constexpr (std::is_same_v<Log, RunLog>)
    if (runs) *runs = t.runs;
  if constexpr (std::is_same_v<Log, GroupLog>) lastGroups = t.groups;
  if constexpr (std::is_same_v<Log, JointLog>) lastJoint = t.joint;
  return t.log;
}

class TracedFolding : public ::testing::TestWithParam<uint32_t> {};

TEST_P(TracedFolding, EventsEqualThoseOfOneInternalInstructionPerWasmInstruction) {
  uint32_t mask = GetParam();
  auto folded = run<>(true, mask);
  auto reference = run<>(false, mask);
  ASSERT_GT(reference.size(), 2 * std::size(kCalls));
  ASSERT_EQ(folded.size(), reference.size());
  for (size_t i = 0; i < folded.size(); ++i) ASSERT_EQ(folded[i], reference[i]) << "event " << i;
}

TEST_P(TracedFolding, BatchedEventsEqualThoseOfTheHooks) {
  uint32_t mask = GetParam();
  auto batched = run<>(true, mask | kTraceBatches);
  auto reference = run<>(false, mask);
  ASSERT_GT(reference.size(), 2 * std::size(kCalls));
  ASSERT_EQ(batched.size(), reference.size());
  for (size_t i = 0; i < batched.size(); ++i) ASSERT_EQ(batched[i], reference[i]) << "event " << i;
}

// Blocks in groups (kTraceBlockRuns), expanded by the default onBlocks,
// directly or from batches: the same events as one onBlock per block.
TEST_P(TracedFolding, BlockGroupsExpandToTheHooksEvents) {
  uint32_t mask = GetParam();
  auto reference = run<>(false, mask);
  ASSERT_GT(reference.size(), 2 * std::size(kCalls));
  for (uint32_t extra : {uint32_t(kTraceBlockRuns), uint32_t(kTraceBlockRuns | kTraceBatches)}) {
    auto grouped = run<>(true, mask | extra);
    ASSERT_EQ(grouped.size(), reference.size()) << "extra " << extra;
    for (size_t i = 0; i < grouped.size(); ++i)
      ASSERT_EQ(grouped[i], reference[i]) << "event " << i << " extra " << extra;
  }
}

// A tracer on InlinedHooks (per-instruction hooks called from a loop over
// each run, blocks expanded from groups) receives exactly what the same hooks
// on a plain Tracer do, with hooks or batches; witt delivers it runs instead
// of per-instruction events, and groups instead of single blocks.
void expectInlinedHooksSeeTheEventsOfTheHooks(uint32_t mask) {
  auto reference = run<>(false, mask);
  ASSERT_GT(reference.size(), 2 * std::size(kCalls));
  for (uint32_t extra : {0u, uint32_t(kTraceBatches)}) {
    auto inlined = run<test::InlinedEventLog>(true, mask | extra);
    ASSERT_EQ(inlined.size(), reference.size()) << "mask " << mask << " extra " << extra;
    for (size_t i = 0; i < inlined.size(); ++i)
      ASSERT_EQ(inlined[i], reference[i])
          << "event " << i << " mask " << mask << " extra " << extra;
  }
  uint32_t declared = test::InlinedEventLog(mask).events();
  EXPECT_EQ(declared & (kTraceOps | kTraceInstrs), 0u);
  EXPECT_EQ(bool(declared & kTraceInstrRuns), bool(mask & (kTraceOps | kTraceInstrs)));
  EXPECT_EQ(bool(declared & kTraceBlockRuns), bool(mask & kTraceBlocks));
  EXPECT_EQ(bool(declared & kTraceRunsWithEvents), bool(mask & (kTraceOps | kTraceInstrs)));
}

TEST_P(TracedFolding, InlinedHooksSeeTheEventsOfTheHooks) {
  expectInlinedHooksSeeTheEventsOfTheHooks(GetParam());
}

// Blocks without per-instruction hooks: groups too, onBlock inlined.
TEST(TracedFolding, InlinedBlockHooksSeeTheEventsOfTheHooks) {
  expectInlinedHooksSeeTheEventsOfTheHooks(kTraceBlocks | kTraceBranches);
}

INSTANTIATE_TEST_SUITE_P(Masks, TracedFolding,
                         ::testing::Values(kTraceAll, kTraceSeed, uint32_t(kTraceOps),
                                           uint32_t(kTraceInstrs | kTraceCalls),
                                           uint32_t(kTraceOps | kTraceBranches | kTraceThrows),
                                           uint32_t(kTraceInstrs | kTraceMemory | kTraceTraps),
                                           uint32_t(kTraceOps | kTraceBlocks | kTraceMarks),
                                           uint32_t(kTraceSeed | kTraceOpCounts)));

// The folded code's onOp events are as many as the instructions Counting
// counts per basic block (metered code, counted independently of TraceOps).
TEST(TracedFolding, OpEventsEqualCountingsTotal) {
  uint64_t opEvents = 0;
  run<>(true, kTraceOps, &opEvents);
  auto m = Module::fromText(kModule);
  ASSERT_TRUE(m.ok());
  auto inst = Instance::create(*m);
  ASSERT_TRUE(inst.ok());
  CountingTracer counting;
  for (const Call& c : kCalls)
    (void)inst->invoke(c.name, {Value::fromI32(static_cast<uint32_t>(c.arg))}, counting);
  EXPECT_GT(counting.ops, 100u);
  EXPECT_EQ(opEvents, counting.ops);
}

// onInstrs delivers the records onInstr would receive, in the same order
// relative to every other event, in fewer calls than instructions.
TEST(TracedFolding, RunsCarryTheRecordsOfEachInstructionInOrder) {
  for (uint32_t others : {uint32_t(kTraceCalls), uint32_t(kTraceAll & ~(kTraceOps | kTraceInstrs)),
                          uint32_t(kTraceMemory | kTraceTraps | kTraceMarks)}) {
    uint64_t runs = 0;
    auto fromRuns = run<RunLog>(true, others | kTraceInstrRuns, nullptr, &runs);
    auto reference = run<>(false, others | kTraceInstrs);
    ASSERT_EQ(fromRuns.size(), reference.size()) << "events " << others;
    for (size_t i = 0; i < fromRuns.size(); ++i)
      ASSERT_EQ(fromRuns[i], reference[i]) << "event " << i;
    size_t instrs = std::count_if(reference.begin(), reference.end(),
                                  [](const std::string& e) { return e.starts_with("instr "); });
    EXPECT_GT(instrs, 100u);
    EXPECT_LT(runs, instrs);
  }
}

// A tracer taking runs with the events ending them (kTraceRunsWithEvents)
// gets each branch, memory access and group of blocks in one call with the
// run before it, and sees the events per-instruction hooks see, in order.
// With per-instruction hooks or batches the bit is ignored: runs and events
// come apart, as before.
TEST(TracedFolding, RunsComeWithTheEventsEndingThem) {
  const uint32_t others = kTraceBranches | kTraceMemory | kTraceBlocks | kTraceCalls |
                          kTraceThrows | kTraceTraps | kTraceEnter | kTraceMarks;
  auto reference = run<>(false, others | kTraceInstrs);
  for (uint32_t groups : {0u, uint32_t(kTraceBlockRuns)}) {
    auto joint = run<JointLog>(true, others | groups | kTraceInstrRuns);
    EXPECT_EQ(joint, reference) << "groups " << groups;
    EXPECT_GT(lastJoint.branches, 20u);
    EXPECT_GT(lastJoint.accesses, 5u);
    // Single blocks (no kTraceBlockRuns) have no joint hook.
    if (groups)
      EXPECT_GT(lastJoint.groups, 10u);
    else
      EXPECT_EQ(lastJoint.groups, 0u);
  }
  auto batched = run<JointLog>(true, others | kTraceInstrRuns | kTraceBatches);
  EXPECT_EQ(batched, reference);
  EXPECT_EQ(lastJoint.branches + lastJoint.accesses + lastJoint.groups, 0u);
  auto perInstr = run<JointLog>(true, others | kTraceInstrRuns | kTraceInstrs);
  EXPECT_EQ(lastJoint.branches + lastJoint.accesses + lastJoint.groups, 0u);
  EXPECT_GT(perInstr.size(), reference.size());  // each record twice: run and onInstr
}

// One onBlocks call per group of blocks entered back to back: in "nested",
// $a, $b and the loop $l are entered one after another, then $c and $d after
// the loop's label (a branch to $l enters those two again). nested(0): the
// br_if to $d is taken and the loop not repeated: groups [3, 2]. nested(3):
// the loop runs 3 times: [3, 2, 2, 2]. A group's log (expanded) is that of
// one onBlock per block, with every instruction's record in between.
TEST(TracedFolding, BlocksEnteredBackToBackComeInOneCall) {
  for (uint32_t mask :
       {uint32_t(kTraceBlocks), uint32_t(kTraceBlocks | kTraceInstrs | kTraceOps)}) {
    auto grouped = run<GroupLog>(true, mask | kTraceBlockRuns);
    std::vector<size_t> groups = lastGroups;
    auto reference = run<>(false, mask);
    ASSERT_EQ(grouped, reference) << "mask " << mask;
    // The groups of the last two calls, nested(0) and nested(3).
    std::vector<size_t> expectedTail = {3, 2, 3, 2, 2, 2};
    ASSERT_GE(groups.size(), expectedTail.size());
    std::vector<size_t> tail(groups.end() - expectedTail.size(), groups.end());
    EXPECT_EQ(tail, expectedTail) << "mask " << mask;
    size_t blocks = std::count_if(reference.begin(), reference.end(),
                                  [](const std::string& e) { return e.starts_with("block "); });
    EXPECT_LT(groups.size(), blocks);
  }
}

}  // namespace
}  // namespace witt
