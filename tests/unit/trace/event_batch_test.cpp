// Batched delivery (kTraceBatches, Tracer::onEvents; docs/tracing.md,
// "Batches"): the same events as the hooks, in the same order, across host
// calls that re-enter wasm, batch boundaries, traps and a fanout; and a
// tracer overriding onEvents alone sees what Counting counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/event_log.h"
#include "witt/engine.h"
#include "witt/tracer.h"
#include "witt/tracers.h"

namespace witt {
namespace {

using Log = std::vector<std::string>;

// Every hook as text (support/event_log.h), with runs as "run N", and the
// batches received.
class HookLog : public test::EventLog {
 public:
  using EventLog::EventLog;
  size_t batches = 0;
  void onEvents(std::span<const Event> batch) override {
    ++batches;
    dispatch(batch);
  }
  void onInstrs(std::span<const InstrEvent> run) override {
    log.push_back("run " + std::to_string(run.size()));
  }
};

// $outer calls the host, which re-enters $inner with the caller's tracer;
// $spin makes many events (a batch holds 4096); $trap stores then traps.
constexpr std::string_view kModule = R"((module
  (import "env" "back" (func $back (param i32) (result i32)))
  (memory 1)
  (func $inner (export "inner") (param i32) (result i32)
    (i32.store (i32.const 8) (local.get 0))
    (i32.add (i32.load (i32.const 8)) (i32.const 1)))
  (func (export "outer") (param i32) (result i32)
    (i32.store (i32.const 16) (local.get 0))
    (call $back (i32.load (i32.const 16))))
  (func (export "spin") (param $n i32) (result i32) (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load (i32.and (local.get $n) (i32.const 0xfc)))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $s))
  (func (export "trap") (param i32) (result i32)
    (i32.store (i32.const 0) (local.get 0))
    (i32.div_u (i32.const 1) (local.get 0))))
)";

// Runs outer(41), spin(3000), trap(0), trap(2) under `t`: their results.
// The host function re-enters with `nested` if given, else the caller's tracer.
Log runAll(Tracer& t, Tracer* nested = nullptr) {
  static Instance* self = nullptr;
  static Tracer* inner = nullptr;
  inner = nested;
  Imports imports;
  imports.addFunction("env", "back", FuncType{{ValType::I32}, {ValType::I32}},
                      [](Caller& c, std::span<const Value> args, std::span<Value> results) {
                        auto r = self->invoke("inner", {args[0]}, inner ? *inner : c.tracer());
                        if (!r.ok()) return Result<void>(r.error());
                        results[0] = (*r)[0];
                        return Result<void>();
                      });
  auto m = Module::fromText(kModule);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().describe());
  auto inst = Instance::create(*m, imports);
  EXPECT_TRUE(inst.ok()) << (inst.ok() ? "" : inst.error().describe());
  self = &*inst;
  Log results;
  for (auto [name, arg] : {std::pair{"outer", 41}, {"spin", 3000}, {"trap", 0}, {"trap", 2}}) {
    auto r = inst->invoke(name, {Value::fromI32(arg)}, t);
    results.push_back(r.ok() ? toString((*r)[0]) : r.error().message);
  }
  self = nullptr;
  return results;
}

constexpr uint32_t kEvery = kTraceAll | kTraceInstrRuns | kTraceOpCounts | kTraceOpCountsAtCalls;

TEST(EventBatch, SameEventsInTheSameOrderAsTheHooks) {
  for (uint32_t mask :
       {kEvery, uint32_t(kTraceSeed), uint32_t(kTraceCalls | kTraceMemory | kTraceTraps),
        uint32_t(kTraceInstrRuns | kTraceBranches)}) {
    HookLog hooks(mask), batched(mask | kTraceBatches);
    Log a = runAll(hooks), b = runAll(batched);
    EXPECT_EQ(a, b);
    ASSERT_GT(hooks.log.size(), 20u) << mask;
    ASSERT_EQ(hooks.log.size(), batched.log.size()) << mask;
    for (size_t i = 0; i < hooks.log.size(); ++i)
      ASSERT_EQ(hooks.log[i], batched.log[i]) << "mask " << mask << " event " << i;
    EXPECT_EQ(hooks.batches, 0u);
    EXPECT_GT(batched.batches, 0u);
  }
}

TEST(EventBatch, HostCallsReenteringWasmSeeTheOuterEventsFirst) {
  HookLog t(kTraceCalls | kTraceMemory | kTraceBatches);
  runAll(t);
  // outer(41) (function 2): its store and load, the host call (import 0),
  // then inner (function 1) invoked from the host with the same tracer: its
  // store and load; the returns. The outer batch is delivered before the
  // host function runs, so the nested invocation's events come after it.
  ASSERT_GE(t.log.size(), 9u);
  auto is = [&](size_t i, const char* kind, const char* end) {
    return t.log[i].starts_with(kind) && t.log[i].ends_with(end);
  };
  EXPECT_EQ(t.log[0], "call 2");
  EXPECT_TRUE(is(1, "mem @", "16+4 st") && is(2, "mem @", "16+4 ld")) << t.log[1] << t.log[2];
  EXPECT_EQ(t.log[3], "host 0");
  EXPECT_EQ(t.log[4], "call 1");
  EXPECT_TRUE(is(5, "mem @", "8+4 st") && is(6, "mem @", "8+4 ld")) << t.log[5] << t.log[6];
  EXPECT_EQ(t.log[7], "return 1");
  EXPECT_EQ(t.log[8], "return 2");
}

TEST(EventBatch, ANestedInvocationWithAnotherTracerKeepsItsEventsApart) {
  HookLog outer(kTraceCalls | kTraceMemory | kTraceBatches),
      inner(kTraceCalls | kTraceMemory | kTraceBatches);
  runAll(outer, &inner);
  ASSERT_GE(outer.log.size(), 5u);
  EXPECT_EQ(outer.log[3], "host 0");
  EXPECT_EQ(outer.log[4], "return 2");
  // inner saw only its own invocation: call, store, load, return.
  ASSERT_EQ(inner.log.size(), 4u);
  EXPECT_EQ(inner.log[0], "call 1");
  EXPECT_EQ(inner.log[3], "return 1");
}

TEST(EventBatch, ManyBatchesForALongRun) {
  HookLog t(kEvery | kTraceBatches);
  runAll(t);
  // spin(3000) alone makes over 3000 * 6 events: several batches.
  EXPECT_GT(t.log.size(), 3u * 4096u);
  EXPECT_GT(t.batches, 3u);
}

TEST(EventBatch, TrapArrivesAfterTheEventsBeforeIt) {
  HookLog t(kTraceMemory | kTraceTraps | kTraceBatches);
  runAll(t);
  auto trap = std::find_if(t.log.begin(), t.log.end(),
                           [](const std::string& s) { return s.starts_with("trap "); });
  ASSERT_NE(trap, t.log.end());
  ASSERT_NE(trap, t.log.begin());
  EXPECT_EQ(*(trap - 1), "mem @" + (trap - 1)->substr(5));
  EXPECT_TRUE((trap - 1)->ends_with(" st"));  // trap(0)'s store, then the division traps
}

// Counts per kind from onEvents alone, against Counting and per-op counts.
class KindCounter : public Tracer {
 public:
  uint64_t instrs = 0, calls = 0, returns = 0, hostCalls = 0, memory = 0;
  uint32_t events() const override {
    return kTraceInstrRuns | kTraceCalls | kTraceMemory | kTraceBatches;
  }
  void onEvents(std::span<const Event> batch) override {
    for (const Event& e : batch) {
      switch (e.kind) {
        case EventKind::Instrs: instrs += e.instrs().size(); break;
        case EventKind::Call: ++calls; break;
        case EventKind::Return: ++returns; break;
        case EventKind::HostCall: ++hostCalls; break;
        case EventKind::Memory: memory += e.memory().size != 0; break;
        default: ADD_FAILURE() << "undeclared event " << static_cast<int>(e.kind);
      }
    }
  }
};

TEST(EventBatch, OnEventsAloneCountsWhatCountingCounts) {
  KindCounter k;
  CountingTracer counting;
  HookLog memHooks(kTraceMemory);
  runAll(k);
  runAll(counting);
  runAll(memHooks);
  EXPECT_EQ(k.instrs, counting.ops);
  EXPECT_EQ(k.calls, counting.calls);
  EXPECT_EQ(k.hostCalls, counting.hostCalls);
  EXPECT_EQ(k.returns, k.calls);
  EXPECT_EQ(k.memory, memHooks.log.size());
  EXPECT_GT(counting.ops, 3000u * 8);
}

TEST(EventBatch, FanoutGivesABatchedChildItsEvents) {
  HookLog alone(kEvery), child(kEvery | kTraceBatches), sibling(kTraceSeed);
  runAll(alone);
  FanoutTracer fan;
  fan.add(child);
  fan.add(sibling);
  runAll(fan);
  // The fanout takes hooks; its batched child receives each event as a
  // batch of one and its instructions as runs, which dispatch turns back
  // into onInstrs, onOp and onInstr in the engine's order.
  EXPECT_EQ(child.log, alone.log);
  EXPECT_FALSE(sibling.log.empty());
}

// A fanout declaring kTraceBlockRuns for one child gives the others what
// a group stands for in their own hooks (expandBlocks), batched or not.
TEST(EventBatch, FanoutExpandsBlockGroupsForChildrenWithoutThem) {
  HookLog alone(kEvery), grouped(kEvery | kTraceBlockRuns), plain(kEvery),
      batched(kEvery | kTraceBatches), groupedBatched(kEvery | kTraceBlockRuns | kTraceBatches);
  runAll(alone);
  FanoutTracer fan;
  for (HookLog* t : {&grouped, &plain, &batched, &groupedBatched}) fan.add(*t);
  EXPECT_TRUE(fan.events() & kTraceBlockRuns);
  runAll(fan);
  for (HookLog* t : {&grouped, &plain, &batched, &groupedBatched}) EXPECT_EQ(t->log, alone.log);
  // spin's block and loop are entered back to back: a group of two.
  EXPECT_NE(std::find(alone.log.begin(), alone.log.end(), "run 1"), alone.log.end());
}

// A tracer may invoke wasm from onEvents: untraced, or traced with hooks;
// a batched trace of it is refused (the batch is being delivered).
TEST(EventBatch, OnEventsMayInvokeWasmButNotWithBatches) {
  auto m = Module::fromText(R"((module
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "loop") (param $n i32)
      (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))))");
  ASSERT_TRUE(m.ok());
  auto inst = Instance::create(*m);
  ASSERT_TRUE(inst.ok());
  class Reentrant : public Tracer {
   public:
    Instance* instance = nullptr;
    Tracer* nested = nullptr;
    std::vector<std::string> outcomes;
    uint64_t received = 0;
    uint32_t events() const override { return kTraceInstrRuns | kTraceCalls | kTraceBatches; }
    void onEvents(std::span<const Event> batch) override {
      received += batch.size();
      auto r = instance->invoke("add", {Value::fromI32(2), Value::fromI32(3)}, *nested);
      outcomes.push_back(r.ok() ? toString((*r)[0]) : r.error().message);
    }
  } t;
  CountingTracer counting;
  HookLog hooks(kTraceCalls);
  t.instance = &*inst;
  for (Tracer* nested :
       {&Tracer::none(), static_cast<Tracer*>(&counting), static_cast<Tracer*>(&hooks)}) {
    t.nested = nested;
    t.outcomes.clear();
    ASSERT_TRUE(inst->invoke("loop", {Value::fromI32(5000)}, t).ok());
    ASSERT_GT(t.outcomes.size(), 1u);  // 5000 runs: two batches or more
    for (const std::string& o : t.outcomes) EXPECT_EQ(o, "5");
  }
  EXPECT_EQ(counting.calls, hooks.log.size() / 2);
  // The same tracer again, from its own onEvents: refused, the loop still runs.
  t.nested = &t;
  t.outcomes.clear();
  ASSERT_TRUE(inst->invoke("loop", {Value::fromI32(5000)}, t).ok());
  ASSERT_FALSE(t.outcomes.empty());
  EXPECT_NE(t.outcomes[0].find("kTraceBatches"), std::string::npos) << t.outcomes[0];
}

}  // namespace
}  // namespace witt
