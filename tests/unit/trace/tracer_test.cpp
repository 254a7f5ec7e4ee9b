// The Tracer contract of seed 001: hooks fire in execution order with the
// seed's semantics, Counting counts exactly, and witt's extra events report
// what they promise. Expected numbers are worked out by hand in comments.
#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "witt/engine.h"
#include "witt/tracer.h"

namespace witt {
namespace {

Instance instantiate(std::string_view wat, const Imports& imports = {}) {
  auto m = Module::fromText(wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().describe());
  auto i = Instance::create(*m, imports);
  EXPECT_TRUE(i.ok()) << (i.ok() ? "" : i.error().describe());
  return *i;
}

// Records every seed hook as text, in order.
class Recorder : public Tracer {
 public:
  std::vector<std::string> log;
  uint32_t mask = kTraceSeed;
  uint32_t events() const override { return mask; }
  void onOp(uint32_t op) override { log.push_back("op " + hex(op)); }
  void onCall(uint32_t f) override { log.push_back("call " + std::to_string(f)); }
  void onHostCall(uint32_t f) override { log.push_back("host " + std::to_string(f)); }
  void onReturn(uint32_t f) override { log.push_back("return " + std::to_string(f)); }
  void onThrow(uint32_t t) override { log.push_back("throw " + std::to_string(t)); }
  void onTrap(const Error& e) override { log.push_back("trap " + e.message); }
  static std::string hex(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "%02x", v);
    return b;
  }
};

// Counts onOp calls one by one: the reference for Counting's block counts.
class PerOpCounter : public Tracer {
 public:
  uint64_t ops = 0;
  uint32_t events() const override { return kTraceOps; }
  void onOp(uint32_t) override { ++ops; }
};

struct CountingCase {
  const char* fn;
  int64_t x, result;  // result -1: traps
};

// Each case run untraced, under per-op counting and under Counting: the same
// result (or a trap, which Counting counts), the same instruction count.
void expectCountingEqualsPerOp(Instance& inst, std::span<const CountingCase> cases) {
  for (const CountingCase& k : cases) {
    std::string what = std::string(k.fn) + "(" + std::to_string(k.x) + ")";
    PerOpCounter ref;
    CountingTracer c;
    auto plain = inst.invoke(k.fn, {Value::fromI64(k.x)});
    auto a = inst.invoke(k.fn, {Value::fromI64(k.x)}, ref);
    auto b = inst.invoke(k.fn, {Value::fromI64(k.x)}, c);
    ASSERT_EQ(plain.ok(), k.result >= 0) << what;
    ASSERT_EQ(a.ok(), plain.ok()) << what;
    ASSERT_EQ(b.ok(), plain.ok()) << what;
    if (plain.ok()) {
      EXPECT_EQ((*plain)[0].i64, static_cast<uint64_t>(k.result)) << what;
      EXPECT_EQ((*b)[0].i64, (*plain)[0].i64) << what;
    } else {
      EXPECT_EQ(c.traps, 1u) << what;
    }
    EXPECT_EQ(c.ops, ref.ops) << what;
    EXPECT_GT(c.ops, 3u) << what;
  }
}

using Log = std::vector<std::string>;

TEST(Tracer, OpsFireBeforeEachInstructionIncludingEnd) {
  // i32.const 1; i32.const 2; i32.add; end  -> four dispatches
  Instance inst = instantiate(R"((module (func (export "f") (result i32)
      i32.const 1 i32.const 2 i32.add)))");
  Recorder r;
  auto res = inst.invoke("f", {}, r);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(r.log, (Log{"call 0", "op 41", "op 41", "op 6a", "op 0b", "return 0"}));
}

TEST(Tracer, PrefixedOpcodesReportTheirPrefix) {
  // i32.const; i32.trunc_sat_f32_s is 0xFC 0x00: onOp sees 0xfc
  Instance inst = instantiate(R"((module (func (export "f") (result i32)
      f32.const 1.5 i32.trunc_sat_f32_s)))");
  Recorder r;
  ASSERT_TRUE(inst.invoke("f", {}, r).ok());
  EXPECT_EQ(r.log, (Log{"call 0", "op 43", "op fc", "op 0b", "return 0"}));
}

TEST(Tracer, CallsNestInExecutionOrder) {
  Instance inst = instantiate(R"((module
      (func $g (result i32) i32.const 7)
      (func (export "f") (result i32) call $g)))");
  Recorder r;
  ASSERT_TRUE(inst.invoke("f", {}, r).ok());
  // f: call (0x10) -> g pushed: i32.const, end -> g popped -> f: end
  EXPECT_EQ(r.log, (Log{"call 1", "op 10", "call 0", "op 41", "op 0b", "return 0", "op 0b", "return 1"}));
}

TEST(Tracer, TailCallReturnsCallerThenCallsCallee) {
  Instance inst = instantiate(R"((module
      (func $g (result i32) i32.const 7)
      (func (export "f") (result i32) return_call $g)))");
  Recorder r;
  ASSERT_TRUE(inst.invoke("f", {}, r).ok());
  EXPECT_EQ(r.log, (Log{"call 1", "op 12", "return 1", "call 0", "op 41", "op 0b", "return 0"}));
}

TEST(Tracer, TailRecursionRunsAtConstantDepth) {
  // count(n) = n == 0 ? 0 : return_call count(n - 1)
  Instance inst = instantiate(R"((module
      (func $count (export "count") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0))
          (then (i32.const 0))
          (else (return_call $count (i32.sub (local.get 0) (i32.const 1))))))))");
  CountingTracer c;
  ASSERT_TRUE(inst.invoke("count", {Value::fromI32(100000)}, c).ok());
  EXPECT_EQ(c.maxDepth, 1u);
  EXPECT_EQ(c.calls, 100001u);  // each return_call pushes the callee's frame
  EXPECT_EQ(c.depth, 0u);
}

TEST(Tracer, RecursionDepthIsCounted) {
  Instance inst = instantiate(R"((module
      (func $rec (export "rec") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0))
          (then (i32.const 0))
          (else (call $rec (i32.sub (local.get 0) (i32.const 1))))))))");
  CountingTracer c;
  ASSERT_TRUE(inst.invoke("rec", {Value::fromI32(10)}, c).ok());
  EXPECT_EQ(c.maxDepth, 11u);
  EXPECT_EQ(c.calls, 11u);
}

TEST(Tracer, HostCallsPushNoFrame) {
  Imports imports;
  imports.addFunction("env", "h", FuncType{{ValType::I32}, {}},
                      [](Caller&, std::span<const Value>, std::span<Value>) { return Result<void>(); });
  Instance inst = instantiate(R"((module
      (import "env" "h" (func $h (param i32)))
      (func (export "f") (call $h (i32.const 1)))))",
                              imports);
  Recorder r;
  ASSERT_TRUE(inst.invoke("f", {}, r).ok());
  EXPECT_EQ(r.log, (Log{"call 1", "op 41", "op 10", "host 0", "op 0b", "return 1"}));
  CountingTracer c;
  ASSERT_TRUE(inst.invoke("f", {}, c).ok());
  EXPECT_EQ(c.hostCalls, 1u);
  EXPECT_EQ(c.maxDepth, 1u);
  EXPECT_EQ(c.ops, 3u);
}

// The Counting tracer's calls and depth are counted by its code
// (EnterCountingCall), not by hooks; a subclass gets the hooks. Both agree
// through host calls re-entering wasm under the same tracer, a tail call to
// a host function (the caller's frame is gone while it runs) and a trap in
// a nested invocation. By hand: rec(3) holds 4 frames when it calls back,
// which runs inner(2) in 3 more: 7 calls, depth 7. tailHost(1) tail-calls
// back: inner(1) runs at depth 0 + 2. The peak stays the deepest, not the
// last, depth.
TEST(Tracer, CountingCountsCallsAsItsHooksWould) {
  static Instance* self = nullptr;
  Imports imports;
  imports.addFunction("env", "back", FuncType{{ValType::I32}, {ValType::I32}},
                      [](Caller& c, std::span<const Value> args, std::span<Value> results) {
                        const char* fn = args[0].i32 == 99 ? "boom" : "inner";
                        auto r = self->invoke(fn, {args[0]}, c.tracer());
                        if (!r.ok()) return Result<void>(r.error());
                        results[0] = (*r)[0];
                        return Result<void>();
                      });
  Instance inst = instantiate(R"((module
      (import "env" "back" (func $back (param i32) (result i32)))
      (func $rec (export "rec") (param $n i32) (param $k i32) (result i32)
        (if (result i32) (i32.eqz (local.get $n))
          (then (call $back (local.get $k)))
          (else (i32.add (call $rec (i32.sub (local.get $n) (i32.const 1)) (local.get $k))
                         (i32.const 1)))))
      (func $inner (export "inner") (param $n i32) (result i32)
        (if (result i32) (i32.eqz (local.get $n))
          (then (i32.const 100))
          (else (call $inner (i32.sub (local.get $n) (i32.const 1))))))
      (func $boom (export "boom") (param i32) (result i32) (call $fail))
      (func $fail (result i32) (unreachable))
      (func (export "tailHost") (param i32) (result i32) (return_call $back (local.get 0)))
      (func (export "deepThenShallow") (result i32)
        (drop (call $inner (i32.const 4)))
        (call $inner (i32.const 0)))))",
                              imports);
  self = &inst;
  struct HookCounting : CountingTracer {};  // not the class itself: its hooks run
  auto both = [&](const char* fn, std::vector<Value> args) {
    CountingTracer c;
    HookCounting h;
    auto a = inst.invoke(fn, args, c);
    auto b = inst.invoke(fn, args, h);
    EXPECT_EQ(a.ok(), b.ok()) << fn;
    EXPECT_EQ(c.calls, h.calls) << fn;
    EXPECT_EQ(c.hostCalls, h.hostCalls) << fn;
    EXPECT_EQ(c.maxDepth, h.maxDepth) << fn;
    EXPECT_EQ(c.depth, h.depth) << fn;
    EXPECT_EQ(c.ops, h.ops) << fn;
    EXPECT_EQ(c.traps, h.traps) << fn;
    return c;
  };
  CountingTracer rec = both("rec", {Value::fromI32(3), Value::fromI32(2)});
  EXPECT_EQ(rec.calls, 7u);
  EXPECT_EQ(rec.maxDepth, 7u);
  EXPECT_EQ(rec.hostCalls, 1u);
  EXPECT_EQ(rec.depth, 0u);
  CountingTracer tail = both("tailHost", {Value::fromI32(1)});
  EXPECT_EQ(tail.calls, 3u);
  EXPECT_EQ(tail.maxDepth, 2u);
  EXPECT_EQ(tail.hostCalls, 1u);
  CountingTracer peak = both("deepThenShallow", {});  // 1 + 5 frames, then 1 + 1
  EXPECT_EQ(peak.calls, 7u);
  EXPECT_EQ(peak.maxDepth, 6u);
  CountingTracer trap = both("rec", {Value::fromI32(2), Value::fromI32(99)});
  EXPECT_EQ(trap.calls, 5u);  // rec x3, boom, fail
  EXPECT_EQ(trap.maxDepth, 5u);
  EXPECT_GE(trap.traps, 1u);
  self = nullptr;
}

TEST(Tracer, TrapFiresAfterTheFaultingOpAndUnwindsFrames) {
  Instance inst = instantiate(R"((module
      (func $g (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
      (func (export "f") (result i32) (call $g (i32.const 0)))))");
  Recorder r;
  auto res = inst.invoke("f", {}, r);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().trap, TrapKind::IntegerDivideByZero);
  EXPECT_EQ(r.log, (Log{"call 1", "op 41", "op 10", "call 0", "op 41", "op 20", "op 6e",
                        "trap integer divide by zero", "return 0", "return 1"}));
  // Counting: f ran i32.const, call; g ran i32.const, local.get, i32.div_u (dispatched, then trapped)
  CountingTracer c;
  ASSERT_FALSE(inst.invoke("f", {}, c).ok());
  EXPECT_EQ(c.ops, 5u);
  EXPECT_EQ(c.traps, 1u);
  EXPECT_EQ(c.depth, 0u);
}

TEST(Tracer, ThrowReportsTheTagIndex) {
  Instance inst = instantiate(R"((module
      (tag $a) (tag $b (param i32))
      (func (export "f") (result i32)
        (block $h (result i32)
          (try_table (catch $b $h) (throw $b (i32.const 5)))
          (i32.const 0)))))");
  Recorder r;
  auto res = inst.invoke("f", {}, r);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ((*res)[0].i32, 5u);
  // block, try_table, i32.const, throw -> caught; the handler lands after the
  // block's results: end of the function
  EXPECT_EQ(r.log, (Log{"call 0", "op 02", "op 1f", "op 41", "op 08", "throw 1", "op 0b", "return 0"}));
  CountingTracer c;
  ASSERT_TRUE(inst.invoke("f", {}, c).ok());
  EXPECT_EQ(c.throws, 1u);
  EXPECT_EQ(c.ops, 5u);
}

// Metered code counts a function's first block in its Enter, before the
// frame check: when the value stack runs out there, the correction takes
// the count back, so Counting still equals per-op counting.
TEST(Tracer, CountingEqualsPerOpCountingWhenTheStackRunsOutAtEntry) {
  std::string locals;
  for (int i = 0; i < 3000; ++i) locals += " i64";
  Instance inst = instantiate("(module (func $f (export \"f\") (param i32) (result i32) (local" + locals +
                              ") (i32.add (call $f (i32.add (local.get 0) (i32.const 1))) (i32.const 1))))");
  PerOpCounter ref;
  CountingTracer c;
  auto a = inst.invoke("f", {Value::fromI32(0)}, ref);
  auto b = inst.invoke("f", {Value::fromI32(0)}, c);
  ASSERT_FALSE(a.ok());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message, "call stack exhausted");
  EXPECT_GT(c.calls, 100u);
  EXPECT_EQ(c.ops, ref.ops);
  // Each frame but the last ran local.get, i32.const, i32.add, call; the
  // last was pushed (onCall) and trapped in its Enter, before any instruction.
  EXPECT_EQ(c.ops, 4 * (c.calls - 1));
}

// Counting counts per basic block; the totals must equal per-op counting in
// every way a block can be left: branches, traps, exceptions, calls.
TEST(Tracer, CountingEqualsPerOpCounting) {
  const char* wat = R"((module
    (memory 1)
    (tag $e (param i32))
    (func $leaf (param i32) (result i32)
      (if (i32.gt_u (local.get 0) (i32.const 40)) (then (throw $e (local.get 0))))
      (i32.mul (local.get 0) (i32.const 3)))
    (func $loop (export "loop") (param $n i32) (result i32)
      (local $i i32) (local $acc i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (block $b2 (block $b1 (block $b0
            (br_table $b0 $b1 $b2 (i32.rem_u (local.get $i) (i32.const 3))))
            (local.set $acc (i32.add (local.get $acc) (i32.const 1))) (br $b2))
            (local.set $acc (i32.add (local.get $acc) (call $leaf (local.get $i)))))
          (i32.store (i32.const 0) (local.get $acc))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (local.get $acc))
    (func (export "catching") (param $n i32) (result i32)
      (block $h (result i32)
        (try_table (result i32) (catch $e $h)
          (call $loop (local.get $n))))
      (i32.add (i32.const 1000)))
    (func (export "trapping") (param $n i32) (result i32)
      (drop (call $loop (local.get $n)))
      (i32.div_s (i32.const 1) (i32.sub (local.get $n) (local.get $n))))))";
  Instance inst = instantiate(wat);
  for (const char* fn : {"loop", "catching", "trapping"}) {
    for (uint32_t n : {0u, 1u, 5u, 20u, 50u, 100u}) {
      PerOpCounter ref;
      CountingTracer c;
      auto a = inst.invoke(fn, {Value::fromI32(n)}, ref);
      auto b = inst.invoke(fn, {Value::fromI32(n)}, c);
      ASSERT_EQ(a.ok(), b.ok()) << fn << " " << n;
      EXPECT_EQ(ref.ops, c.ops) << fn << "(" << n << ")";
      EXPECT_GT(c.ops, 0u);
    }
  }
}

// Counting's branches count the blocks they enter (Lowerer::CountedBranch):
// each form of counted branch, both ways, a fallthrough over several empty
// blocks or into a block others branch to, a branch into the middle of
// blocks ending together, a trap in a
// block only a fallthrough enters. Results equal the untraced run's (the
// counted branches decide as the plain ones) and counts per-op counting's.
TEST(Tracer, CountingEqualsPerOpCountingThroughCountedBranches) {
  const char* wat = R"((module
    (func (export "chain") (param $x i64) (result i64) (local $r i32)
      (block $a
        (block $b
          (block $c
            (br_if $c (i32.eq (i32.wrap_i64 (local.get $x)) (i32.const 3)))
            (br_if $b (i32.eq (i32.wrap_i64 (local.get $x)) (i32.const 1)))
            (br_if $a (i32.eq (i32.wrap_i64 (local.get $x)) (i32.const 2))))
          (local.set $r (i32.const 10)))
        (local.set $r (i32.add (local.get $r) (i32.const 1))))
      (i64.extend_i32_u (local.get $r)))
    (func (export "trapAfterBrIf") (param $x i64) (result i64)
      (block $out
        (br_if $out (i64.eqz (local.get $x)))
        (drop (i64.div_u (i64.const 1) (i64.sub (local.get $x) (i64.const 1)))))
      (i64.const 7))
    (func (export "wide") (param $x i64) (result i64) (local $n i64)
      (loop $l
        (local.set $n (i64.add (local.get $n) (i64.const 1)))
        (local.set $x (i64.add (local.get $x) (i64.const 1000000000)))
        (br_if $l (i64.lt_s (local.get $x) (i64.const 5000000000))))
      (local.get $n))
    (func (export "compares") (param $x i64) (result i64) (local $y i32) (local $n i64)
      (local.set $y (i32.wrap_i64 (local.get $x)))
      (loop $l
        (local.set $n (i64.add (local.get $n) (i64.const 1)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $y) (i32.const 9))))
      (block $b
        (br_if $b (i32.gt_s (local.get $y) (i32.wrap_i64 (local.get $n))))
        (local.set $n (i64.add (local.get $n) (i64.const 100))))
      (block $b
        (br_if $b (i64.ne (i64.rem_u (local.get $x) (i64.const 2)) (local.get $n)))
        (local.set $n (i64.add (local.get $n) (i64.const 1000))))
      (local.get $n))
    (func (export "ifelse") (param $x i64) (result i64) (local $r i64)
      (if (i64.lt_s (local.get $x) (i64.const 3))
        (then (local.set $r (i64.const 1)))
        (else (local.set $r (i64.const 2))))
      (if (i32.wrap_i64 (local.get $x))
        (then (local.set $r (i64.add (local.get $r) (i64.const 10)))))
      (local.get $r))))";
  Instance inst = instantiate(wat);
  const CountingCase cases[] = {
      {"chain", 0, 11},          {"chain", 1, 1},          {"chain", 2, 0},
      {"chain", 3, 11},          {"trapAfterBrIf", 0, 7},  {"trapAfterBrIf", 1, -1},
      {"trapAfterBrIf", 3, 7},   {"wide", 0, 5},           {"wide", 4999999999, 1},
      {"wide", -5000000000, 10}, {"compares", 0, 109},     {"compares", 5, 4},
      {"compares", 8, 1},        {"compares", 1009, 1001}, {"ifelse", 0, 1},
      {"ifelse", 1, 11},         {"ifelse", 7, 12}};
  expectCountingEqualsPerOp(inst, cases);
}

// Merged labels (Lowerer::mergeLabel): a label the code before falls into,
// entered otherwise by counted branches only, has no CountBlock; the block
// falling in counts it. Loops entered by br_table and br_on_null (through a
// CountBlocks stub), an if's end, blocks ending together (each label its own
// count), a trap and an exception after a merged label entered both ways.
TEST(Tracer, CountingEqualsPerOpCountingThroughMergedLabels) {
  const char* wat = R"((module
    (tag $e (param i32))
    (func $f)
    (elem declare func $f)
    (func (export "tableLoop") (param $n i64) (result i64) (local $i i64)
      (block $out
        (loop $l
          (local.set $i (i64.add (local.get $i) (i64.const 1)))
          (br_table $out $l (i64.lt_u (local.get $i) (local.get $n)))))
      (local.get $i))
    (func (export "nullLoop") (param $n i64) (result i64) (local $i i64)
      (loop $l
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br_on_null $l (select (result funcref) (ref.null func) (ref.func $f)
                         (i64.lt_u (local.get $i) (local.get $n))))
        (drop))
      (local.get $i))
    (func (export "nested") (param $x i64) (result i64) (local $r i64)
      (local.set $r (i64.const 1))
      (block $a
        (block $b
          (block $c
            (local.set $r (i64.add (local.get $r) (i64.const 1)))
            (br_if $c (i64.eq (local.get $x) (i64.const 1)))
            (local.set $r (i64.add (local.get $r) (i64.const 2)))
            (br_if $b (i64.eq (local.get $x) (i64.const 2)))
            (local.set $r (i64.add (local.get $r) (i64.const 4)))
            (br_if $a (i64.eq (local.get $x) (i64.const 3)))
            (local.set $r (i64.add (local.get $r) (i64.const 8))))
          (local.set $r (i64.mul (local.get $r) (i64.const 10))))
        (local.set $r (i64.add (local.get $r) (i64.const 100))))
      (if (i64.gt_u (local.get $x) (i64.const 4))
        (then (local.set $r (i64.sub (local.get $r) (i64.const 1)))))
      (local.get $r))
    (func (export "trapAfter") (param $x i64) (result i64)
      (block $b
        (br_if $b (i64.ne (local.get $x) (i64.const 0)))
        (local.set $x (i64.const 3)))
      (i64.div_u (i64.const 10) (i64.sub (local.get $x) (i64.const 1))))
    (func $thrower (param i64)
      (if (i64.eq (local.get 0) (i64.const 1)) (then (throw $e (i32.const 1)))))
    (func (export "throwAfter") (param $x i64) (result i64)
      (block $h (result i32)
        (try_table (catch $e $h)
          (block $b
            (br_if $b (i64.ne (local.get $x) (i64.const 0)))
            (local.set $x (i64.const 5)))
          (call $thrower (local.get $x)))
        (i32.const 7))
      (i64.extend_i32_u))))";
  Instance inst = instantiate(wat);
  const CountingCase cases[] = {{"tableLoop", 0, 1},  {"tableLoop", 1, 1}, {"tableLoop", 7, 7},
                                {"nullLoop", 0, 1},   {"nullLoop", 1, 1},  {"nullLoop", 6, 6},
                                {"nested", 0, 260},   {"nested", 1, 120},  {"nested", 2, 104},
                                {"nested", 3, 8},     {"nested", 5, 259},  {"trapAfter", 0, 5},
                                {"trapAfter", 1, -1}, {"trapAfter", 3, 5}, {"throwAfter", 0, 7},
                                {"throwAfter", 1, 1}, {"throwAfter", 2, 7}};
  expectCountingEqualsPerOp(inst, cases);
}

TEST(Tracer, UntracedAndTracedRunsComputeTheSame) {
  const char* wat = R"((module
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2)))))))))";
  Instance inst = instantiate(wat);
  auto plain = inst.invoke("fib", {Value::fromI32(15)});
  CountingTracer c;
  auto counted = inst.invoke("fib", {Value::fromI32(15)}, c);
  Recorder r;
  r.mask = kTraceAll;
  auto traced = inst.invoke("fib", {Value::fromI32(15)}, r);
  ASSERT_TRUE(plain.ok() && counted.ok() && traced.ok());
  EXPECT_EQ((*plain)[0].i32, 610u);
  EXPECT_EQ((*counted)[0].i32, 610u);
  EXPECT_EQ((*traced)[0].i32, 610u);
  EXPECT_EQ(c.calls, 1973u);  // fib(15) makes 1973 calls including the first
}

// ---- events beyond the seed

class EventRecorder : public Tracer {
 public:
  std::vector<std::string> log;
  uint32_t events() const override { return kTraceBlocks | kTraceBranches | kTraceMemory | kTraceEnter; }
  void onBlock(uint32_t, uint32_t, BlockKind k) override { log.push_back("block " + std::to_string(int(k))); }
  void onBranch(const BranchEvent& e) override {
    log.push_back("branch " + std::to_string(int(e.kind)) + (e.taken ? " taken" : " not") + " depth " +
                  std::to_string(e.depth));
  }
  void onMemory(const MemoryEvent& e) override {
    log.push_back(std::string(e.store ? "store " : "load ") + std::to_string(e.address) + " size " +
                  std::to_string(e.size));
  }
  void onEnter(uint32_t f, std::span<const Value> args) override {
    std::string s = "enter " + std::to_string(f);
    for (const Value& v : args) s += " " + std::to_string(v.i32);
    log.push_back(s);
  }
};

TEST(Tracer, BlocksBranchesMemoryAndArguments) {
  Instance inst = instantiate(R"((module (memory 1)
      (func (export "f") (param i32 i32) (result i32)
        (block $out
          (loop $l
            (br_if $out (i32.eqz (local.get 0)))
            (i32.store offset=4 (i32.const 8) (local.get 0))
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (br $l)))
        (i32.load (i32.const 12)))))");
  EventRecorder r;
  auto res = inst.invoke("f", {Value::fromI32(2), Value::fromI32(9)}, r);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ((*res)[0].i32, 1u);
  // BranchKind: Br=0, BrIf=1; BlockKind: Block=0, Loop=1
  EXPECT_EQ(r.log, (Log{"enter 0 2 9", "block 0", "block 1",
                        "branch 1 not depth 1", "store 12 size 4", "branch 0 taken depth 0",
                        "branch 1 not depth 1", "store 12 size 4", "branch 0 taken depth 0",
                        "branch 1 taken depth 1", "load 12 size 4"}));
}

// An if and a br_if whose branches move no values are one instruction with
// their event (TraceIf, TraceBrIf): both directions of each, worked by hand.
TEST(Tracer, IfAndBrIfReportTheirDirection) {
  Instance inst = instantiate(R"((module
      (func (export "g") (param i32) (result i32) (local i32)
        (if (local.get 0) (then (local.set 1 (i32.const 10))) (else (local.set 1 (i32.const 20))))
        (block $b
          (br_if $b (i32.eqz (local.get 0)))
          (local.set 1 (i32.add (local.get 1) (i32.const 7))))
        (local.get 1))))");
  // BranchKind: BrIf=1, If=5; BlockKind: Block=0, If=2
  EventRecorder one;
  auto r1 = inst.invoke("g", {Value::fromI32(1)}, one);
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ((*r1)[0].i32, 17u);  // then: 10, the br_if falls through: + 7
  EXPECT_EQ(one.log, (Log{"enter 0 1", "block 2", "branch 5 taken depth 0", "block 0",
                          "branch 1 not depth 0"}));
  EventRecorder zero;
  auto r0 = inst.invoke("g", {Value::fromI32(0)}, zero);
  ASSERT_TRUE(r0.ok());
  EXPECT_EQ((*r0)[0].i32, 20u);  // else: 20, the br_if leaves the block
  EXPECT_EQ(zero.log, (Log{"enter 0 0", "block 2", "branch 5 not depth 0", "block 0",
                           "branch 1 taken depth 0"}));
}

// Occurrences are counted per id, small ids and large ones alike (they are
// kept apart: base/id_table.h).
TEST(Tracer, MarksFireWithOccurrence) {
  Instance inst = instantiate(R"((module
      (func (export "f") (param i32)
        (block $out (loop $l
          (trace_instruction 7)
          (br_if $out (i32.eqz (local.get 0)))
          (trace_instruction 4000000000)
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br $l))))))");
  class MarkLog : public Tracer {
   public:
    std::vector<std::string> log;
    uint32_t events() const override { return kTraceMarks; }
    void onMark(uint32_t id, uint32_t, uint32_t, uint64_t occ) override {
      log.push_back(std::to_string(id) + "#" + std::to_string(occ));
    }
  } t;
  ASSERT_TRUE(inst.invoke("f", {Value::fromI32(2)}, t).ok());
  EXPECT_EQ(t.log, (Log{"7#1", "4000000000#1", "7#2", "4000000000#2", "7#3"}));
}

// ---- limits

TEST(Limits, FuelStopsAnInfiniteLoop) {
  Instance inst = instantiate(R"((module (func (export "spin") (loop $l (br $l)))))");
  CallOptions o;
  o.fuel = 100000;
  auto r = inst.invoke("spin", {}, Tracer::none(), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap, TrapKind::OutOfFuel);
  EXPECT_EQ(r.error().message, "all fuel consumed");
}

TEST(Limits, FuelIsEnoughForAFiniteComputation) {
  Instance inst = instantiate(R"((module (func (export "f") (result i32) (i32.const 3))))");
  CallOptions o;
  o.fuel = 2;  // i32.const, end
  auto r = inst.invoke("f", {}, Tracer::none(), o);
  ASSERT_TRUE(r.ok());
  o.fuel = 1;
  EXPECT_FALSE(inst.invoke("f", {}, Tracer::none(), o).ok());
}

TEST(Limits, TimeoutStopsAnInfiniteLoop) {
  Instance inst = instantiate(R"((module (func (export "spin") (loop $l (br $l)))))");
  CallOptions o;
  o.timeoutMs = 50;
  auto r = inst.invoke("spin", {}, Tracer::none(), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap, TrapKind::Timeout);
  // The context is usable afterwards: an unlimited call runs normally.
  Instance inst2 = instantiate(R"((module (func (export "f") (result i32) (i32.const 3))))");
  EXPECT_TRUE(inst2.invoke("f").ok());
}

}  // namespace
}  // namespace witt
