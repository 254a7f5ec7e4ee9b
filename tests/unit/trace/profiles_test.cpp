// The bundled profiles (witt/profiles.h): opcode histogram, per-function
// profile and call tree, with exact numbers worked out by hand on small
// modules, and their totals checked against the Counting tracer on compiled
// benchmark programs.
//
// Instruction counting follows the Tracer contract (docs/tracing.md): every
// dispatched instruction counts once; `end` counts when reached by
// fallthrough (a branch out of a block skips it), a branch back to a loop
// does not re-dispatch `loop`, `else` counts at the end of the then branch
// (and the if's `end` then does not run).
#include <gtest/gtest.h>

#include "support/wat_module.h"

#include <filesystem>
#include <optional>
#include <sstream>

#include "support/test_support.h"
#include "witt/engine.h"
#include "witt/profiles.h"
#include "witt/tracers.h"

namespace witt {
namespace {

using witt::test::load;

Instance instantiate(const Module& m, const Imports& imports = {}) {
  auto i = Instance::create(m, imports);
  EXPECT_TRUE(i.ok()) << (i.ok() ? "" : i.error().describe());
  return *i;
}

const OpcodeHistogram::Row* find(const std::vector<OpcodeHistogram::Row>& rows,
                                 std::string_view name) {
  for (const auto& r : rows)
    if (r.name == name) return &r;
  return nullptr;
}

const CallProfiler::FunctionRow* findFunc(const std::vector<CallProfiler::FunctionRow>& rows,
                                          uint32_t func, bool host = false) {
  for (const auto& r : rows)
    if (r.func == func && r.host == host) return &r;
  return nullptr;
}

// A countdown loop: f(n) sums n + (n-1) + ... + 1.
const char* kLoop = R"((module
  (func (export "f") (param i32) (result i32) (local i32)
    (block $out
      (loop $l
        (br_if $out (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
    (local.get 1))))";

TEST(OpcodeHistogram, CountsEachOpcodeExecutedAndPresent) {
  Module m = load(kLoop);
  Instance inst = instantiate(m);
  OpcodeHistogram h;
  EXPECT_EQ(h.events(), uint32_t(kTraceInstrRuns));
  ASSERT_TRUE(h.addStatic(m).ok());
  auto res = inst.invoke("f", {Value::fromI32(3)}, h);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ((*res)[0].i32, 6u);
  // Flat body: block loop | local.get i32.eqz br_if | local.get local.get
  // i32.add local.set | local.get i32.const i32.sub local.set | br | end end |
  // local.get end: 18 instructions.
  EXPECT_EQ(h.staticTotal(), 18u);
  // Dynamic, n = 3: block, loop (once: `br $l` does not re-dispatch it);
  // three iterations of 12 (local.get i32.eqz br_if, local.get local.get
  // i32.add local.set, local.get i32.const i32.sub local.set, br); the exit
  // test local.get i32.eqz br_if (taken: both `end`s are skipped); then
  // local.get and the function's end. 2 + 36 + 3 + 2 = 43.
  EXPECT_EQ(h.dynamicTotal(), 43u);
  auto rows = h.rows();
  struct Expect {
    const char* name;
    uint64_t dynamic, inModule;
  };
  for (Expect e : {Expect{"local.get", 14, 5},
                   {"local.set", 6, 2},
                   {"i32.eqz", 4, 1},
                   {"br_if", 4, 1},
                   {"i32.add", 3, 1},
                   {"i32.sub", 3, 1},
                   {"i32.const", 3, 1},
                   {"br", 3, 1},
                   {"block", 1, 1},
                   {"loop", 1, 1},
                   {"end", 1, 3}}) {
    const auto* r = find(rows, e.name);
    ASSERT_NE(r, nullptr) << e.name;
    EXPECT_EQ(r->dynamic, e.dynamic) << e.name;
    EXPECT_EQ(r->inModule, e.inModule) << e.name;
  }
  EXPECT_EQ(rows.size(), 11u);
  // Sorted by executed count, then static count, then encoding: br_if (0x0d)
  // and i32.eqz (0x45) tie at (4, 1); br 0x0c, i32.const 0x41, i32.add 0x6a,
  // i32.sub 0x6b at (3, 1); end (1, 3) before block 0x02 and loop 0x03 (1, 1).
  EXPECT_EQ(rows[0].name, "local.get");
  EXPECT_EQ(rows[1].name, "local.set");
  EXPECT_EQ(rows[2].name, "br_if");
  EXPECT_EQ(rows[3].name, "i32.eqz");
  EXPECT_EQ(rows[4].name, "br");
  EXPECT_EQ(rows[5].name, "i32.const");
  EXPECT_EQ(rows[6].name, "i32.add");
  EXPECT_EQ(rows[7].name, "i32.sub");
  EXPECT_EQ(rows[8].name, "end");
  EXPECT_EQ(rows[9].name, "block");
  EXPECT_EQ(rows[10].name, "loop");
}

TEST(OpcodeHistogram, PrefixedOpcodesAreCountedByFullOpcode) {
  Module m = load(R"((module
    (func (export "g") (result i32)
      (i32.add
        (i32x4.extract_lane 1 (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8)))
        (i32.trunc_sat_f32_s (f32.const 2.5))))))");
  Instance inst = instantiate(m);
  OpcodeHistogram h;
  ASSERT_TRUE(h.addStatic(m).ok());
  auto res = inst.invoke("g", {}, h);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ((*res)[0].i32, 10u);  // (2 + 6) + 2
  // v128.const x2, i32x4.add, i32x4.extract_lane, f32.const, i32.trunc_sat_f32_s, i32.add, end
  EXPECT_EQ(h.dynamicTotal(), 8u);
  auto rows = h.rows();
  const auto* add = find(rows, "i32x4.add");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->prefix, 0xFD);
  EXPECT_EQ(add->code, 174u);  // 0xFD 0xAE 0x01
  EXPECT_EQ(add->dynamic, 1u);
  const auto* vconst = find(rows, "v128.const");
  ASSERT_NE(vconst, nullptr);
  EXPECT_EQ(vconst->code, 12u);
  EXPECT_EQ(vconst->dynamic, 2u);
  EXPECT_EQ(vconst->inModule, 2u);
  const auto* sat = find(rows, "i32.trunc_sat_f32_s");
  ASSERT_NE(sat, nullptr);
  EXPECT_EQ(sat->prefix, 0xFC);
  EXPECT_EQ(sat->code, 0u);
  EXPECT_EQ(rows[0].name, "v128.const");  // the only opcode executed twice
}

// fib(n) = n < 2 ? n : fib(n-1) + fib(n-2). Flat body of $fib:
//   local.get i32.const i32.lt_u if | local.get | else | local.get i32.const
//   i32.sub call local.get i32.const i32.sub call i32.add | end | end
// A leaf call (n < 2) runs 4 + local.get + else + the function's end = 7
// instructions; an inner call runs 4 + 9 (else branch) + the if's end + the
// function's end = 15.
const char* kFib = R"((module
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $leaf (result i32) (i32.const 1))
  (func (export "main") (result i32)
    (drop (call $leaf))
    (call $fib (i32.const 5)))))";

// The call tree of main -> fib(5), by depth (main is depth 1):
//   depth 2: fib(5)                                  1 call,  inner         self 15
//   depth 3: fib(4) fib(3)                           2 calls, inner x2      self 30
//   depth 4: fib(3) fib(2) fib(2) fib(1)             4 calls, 3 inner, leaf self 52
//   depth 5: fib(2) fib(1) fib(1) fib(0) fib(1) fib(0)  6 calls, 1 inner   self 50
//   depth 6: fib(1) fib(0)                           2 calls, leaves        self 14
// fib: 15 calls, 7 inner and 8 leaves: 7*15 + 8*7 = 161 instructions.
// main: call drop i32.const call end = 5; leaf: i32.const end = 2. Total 168.
TEST(CallProfiler, PerFunctionCallsAndInstructions) {
  Module m = load(kFib);
  Instance inst = instantiate(m);
  CallProfiler p;
  // Instructions in bulk, exact at each call and return (no per-instruction events).
  EXPECT_EQ(p.events(), uint32_t(kTraceCalls | kTraceOpCounts | kTraceOpCountsAtCalls));
  auto res = inst.invoke("main", {}, p);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ((*res)[0].i32, 5u);
  EXPECT_EQ(p.totalInstrs(), 168u);
  EXPECT_EQ(p.totalCalls(), 17u);
  auto rows = p.functions(ProfileWeight::Instructions);
  ASSERT_EQ(rows.size(), 3u);
  // Sorted by self instructions: fib 161, main 5, leaf 2.
  EXPECT_EQ(rows[0].func, 0u);
  EXPECT_EQ(rows[0].calls, 15u);
  EXPECT_EQ(rows[0].selfInstrs, 161u);
  EXPECT_EQ(rows[0].inclInstrs, 161u);  // outermost activation only, not 161 + 146 + ...
  EXPECT_EQ(rows[1].func, 2u);
  EXPECT_EQ(rows[1].calls, 1u);
  EXPECT_EQ(rows[1].selfInstrs, 5u);
  EXPECT_EQ(rows[1].inclInstrs, 168u);
  EXPECT_EQ(rows[2].func, 1u);
  EXPECT_EQ(rows[2].selfInstrs, 2u);
  EXPECT_EQ(rows[2].inclInstrs, 2u);
  // Times: inclusive covers self; the callers' cover their callees'.
  EXPECT_GE(rows[1].inclNs, rows[1].selfNs);
  EXPECT_GE(rows[1].inclNs, rows[0].inclNs + rows[2].inclNs);
  EXPECT_EQ(p.totalNs(), rows[1].inclNs);
}

TEST(CallProfiler, CallTreeAggregatesByPath) {
  Module m = load(kFib);
  Instance inst = instantiate(m);
  CallProfiler p;
  ASSERT_TRUE(inst.invoke("main", {}, p).ok());
  // Root, main, leaf, and fib at depths 2..6: 8 nodes.
  ASSERT_EQ(p.nodes().size(), 8u);
  auto top = p.children(0, ProfileWeight::Instructions);
  ASSERT_EQ(top.size(), 1u);
  uint32_t main = top[0];
  EXPECT_EQ(p.nodes()[main].func, 2u);
  EXPECT_EQ(p.nodes()[main].instrs, 168u);
  EXPECT_EQ(p.selfInstrs(main), 5u);
  auto kids = p.children(main, ProfileWeight::Instructions);
  ASSERT_EQ(kids.size(), 2u);  // fib (161) before leaf (2)
  EXPECT_EQ(p.nodes()[kids[1]].func, 1u);
  EXPECT_EQ(p.nodes()[kids[1]].instrs, 2u);
  struct Level {
    uint64_t calls, incl, self;
  };
  // Inclusive = self + the deeper levels: 14, 50+14, 52+64, 30+116, 15+146.
  const Level levels[] = {{1, 161, 15}, {2, 146, 30}, {4, 116, 52}, {6, 64, 50}, {2, 14, 14}};
  uint32_t n = kids[0];
  for (int depth = 2; depth <= 6; ++depth) {
    const Level& l = levels[depth - 2];
    const CallProfiler::Node& node = p.nodes()[n];
    EXPECT_EQ(node.func, 0u);
    EXPECT_EQ(node.depth, uint32_t(depth));
    EXPECT_EQ(node.calls, l.calls) << "depth " << depth;
    EXPECT_EQ(node.instrs, l.incl) << "depth " << depth;
    EXPECT_EQ(p.selfInstrs(n), l.self) << "depth " << depth;
    EXPECT_GE(node.ns, p.selfNs(n));
    auto next = p.children(n, ProfileWeight::Instructions);
    ASSERT_EQ(next.size(), depth < 6 ? 1u : 0u);
    if (!next.empty()) n = next[0];
  }
}

TEST(CallProfiler, HostCallsAreCountedWithoutFrames) {
  Imports imports;
  imports.addFunction(
      "env", "tick", FuncType{{ValType::I32}, {}},
      [](Caller&, std::span<const Value>, std::span<Value>) { return Result<void>(); });
  Module m = load(R"((module
    (import "env" "tick" (func $tick (param i32)))
    (func $work (param i32) (call $tick (local.get 0)) (call $tick (i32.const 0)))
    (func (export "main") (call $work (i32.const 1)) (call $work (i32.const 2)))))");
  Instance inst = instantiate(m, imports);
  CallProfiler p;
  ASSERT_TRUE(inst.invoke("main", {}, p).ok());
  // main: i32.const call i32.const call end = 5; work: local.get call
  // i32.const call end = 5, twice. tick: 4 host calls, no instructions.
  EXPECT_EQ(p.totalInstrs(), 15u);
  EXPECT_EQ(p.totalCalls(), 7u);  // main, work x2, tick x4
  auto rows = p.functions(ProfileWeight::Instructions);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].func, 1u);  // work, self 10
  EXPECT_EQ(rows[0].selfInstrs, 10u);
  EXPECT_EQ(rows[0].calls, 2u);
  EXPECT_EQ(rows[1].func, 2u);  // main, self 5
  EXPECT_EQ(rows[1].inclInstrs, 15u);
  EXPECT_TRUE(rows[2].host);
  EXPECT_EQ(rows[2].func, 0u);
  EXPECT_EQ(rows[2].calls, 4u);
  EXPECT_EQ(rows[2].selfInstrs, 0u);
  FunctionNames names(m);
  EXPECT_EQ(names(0), "tick");  // the text format's $tick (name section)
  EXPECT_EQ(names(1), "work");
  EXPECT_EQ(names(7), "func[7]");
}

TEST(CallProfiler, HostReentryNestsUnderTheCaller) {
  // main calls the host function, which calls the export `leaf` back with
  // the invocation's tracer: leaf's frame is a child of main's.
  std::optional<Instance> self;
  Imports imports;
  imports.addFunction("env", "back", FuncType{{}, {}},
                      [&](Caller& c, std::span<const Value>, std::span<Value>) {
                        auto r = self->function("leaf")->call({}, c.tracer());
                        if (!r.ok()) return Result<void>(r.error());
                        return Result<void>();
                      });
  Module m = load(R"((module
    (import "env" "back" (func $back))
    (func $leaf (export "leaf") (result i32) (i32.const 3))
    (func (export "main") (call $back) (call $back))))");
  self = instantiate(m, imports);
  CallProfiler p;
  ASSERT_TRUE(self->invoke("main", {}, p).ok());
  // main: call call end = 3; leaf: i32.const end = 2, twice. Total 7.
  EXPECT_EQ(p.totalInstrs(), 7u);
  auto top = p.children(0, ProfileWeight::Instructions);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(p.nodes()[top[0]].func, 2u);
  auto kids = p.children(top[0], ProfileWeight::Instructions);
  ASSERT_EQ(kids.size(), 2u);
  EXPECT_EQ(p.nodes()[kids[0]].func, 1u);  // leaf: 4 instructions
  EXPECT_FALSE(p.nodes()[kids[0]].host);
  EXPECT_EQ(p.nodes()[kids[0]].calls, 2u);
  EXPECT_EQ(p.nodes()[kids[0]].instrs, 4u);
  EXPECT_TRUE(p.nodes()[kids[1]].host);  // back: 2 calls, no instructions
  EXPECT_EQ(p.nodes()[kids[1]].calls, 2u);
  EXPECT_EQ(p.selfInstrs(top[0]), 3u);
}

TEST(CallProfiler, TrapUnwindsEveryFrame) {
  Module m = load(R"((module
    (func $g (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
    (func (export "f") (result i32) (call $g (i32.const 0)))))");
  Instance inst = instantiate(m);
  CallProfiler p;
  ASSERT_FALSE(inst.invoke("f", {}, p).ok());
  // f: i32.const call = 2; g: i32.const local.get i32.div_u (dispatched, trapped) = 3.
  EXPECT_EQ(p.totalInstrs(), 5u);
  auto rows = p.functions(ProfileWeight::Instructions);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].func, 0u);
  EXPECT_EQ(rows[0].selfInstrs, 3u);
  EXPECT_EQ(rows[1].func, 1u);
  EXPECT_EQ(rows[1].selfInstrs, 2u);
  EXPECT_EQ(rows[1].inclInstrs, 5u);
  // The profiler is usable again: a second call adds to the same paths.
  ASSERT_FALSE(inst.invoke("f", {}, p).ok());
  EXPECT_EQ(p.totalInstrs(), 10u);
  EXPECT_EQ(p.nodes().size(), 3u);
}

TEST(CallProfiler, ExceptionUnwindsToTheCatchingFrame) {
  Module m = load(R"((module
    (tag $e)
    (func $thrower (throw $e))
    (func $mid (call $thrower) (nop))
    (func (export "main") (result i32)
      (block $h
        (try_table (catch $e $h) (call $mid))
        (return (i32.const 0)))
      (i32.const 1))))");
  Instance inst = instantiate(m);
  CallProfiler p;
  auto res = inst.invoke("main", {}, p);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ((*res)[0].i32, 1u);
  // main: block try_table call, then (caught, branch to $h) i32.const end = 5;
  // mid: call = 1 (the nop never runs); thrower: throw = 1.
  CountingTracer c;
  ASSERT_TRUE(inst.invoke("main", {}, c).ok());
  EXPECT_EQ(c.ops, 7u);
  EXPECT_EQ(p.totalInstrs(), 7u);
  auto rows = p.functions(ProfileWeight::Instructions);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].func, 2u);
  EXPECT_EQ(rows[0].selfInstrs, 5u);
  const auto* mid = findFunc(rows, 1);
  ASSERT_NE(mid, nullptr);
  EXPECT_EQ(mid->selfInstrs, 1u);
  EXPECT_EQ(mid->inclInstrs, 2u);
}

TEST(CallProfiler, TailCallReplacesTheCallersPath) {
  Module m = load(R"((module
    (func $g (result i32) (i32.const 7))
    (func (export "f") (result i32) (return_call $g))))");
  Instance inst = instantiate(m);
  CallProfiler p;
  ASSERT_TRUE(inst.invoke("f", {}, p).ok());
  // onReturn(f), onCall(g): g runs at f's depth, so it is a root too.
  // f: return_call = 1; g: i32.const end = 2.
  auto top = p.children(0, ProfileWeight::Instructions);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(p.nodes()[top[0]].func, 0u);
  EXPECT_EQ(p.nodes()[top[0]].instrs, 2u);
  EXPECT_EQ(p.nodes()[top[1]].func, 1u);
  EXPECT_EQ(p.nodes()[top[1]].instrs, 1u);
  EXPECT_EQ(p.totalInstrs(), 3u);
}

TEST(CallProfiler, TimeOnlyProfileTracesCallsOnly) {
  Module m = load(kFib);
  Instance inst = instantiate(m);
  ProfileOptions o;
  o.instructions = false;
  CallProfiler p(o);
  EXPECT_EQ(p.events(), uint32_t(kTraceCalls));
  ASSERT_TRUE(inst.invoke("main", {}, p).ok());
  EXPECT_EQ(p.totalInstrs(), 0u);
  EXPECT_EQ(p.totalCalls(), 17u);
  EXPECT_GT(p.totalNs(), 0u);
  for (uint32_t i = 0; i < p.nodes().size(); ++i) {
    uint64_t kids = 0;
    for (uint32_t c : p.children(i, ProfileWeight::Time)) kids += p.nodes()[c].ns;
    EXPECT_GE(p.nodes()[i].ns, kids) << "node " << i;
  }
  auto rows = p.functions(ProfileWeight::Time);
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_GE(rows[i - 1].selfNs, rows[i].selfNs);
}

TEST(CallProfiler, LimitsKeepTotalsExact) {
  Module m = load(kFib);
  Instance inst = instantiate(m);
  ProfileOptions o;
  o.maxNodes = 4;  // root, main, leaf, fib at depth 2 (in call order)
  o.timeline = true;
  o.maxTimelineCalls = 5;  // main, leaf, fib(5), fib(4), fib(3)
  CallProfiler p(o);
  ASSERT_TRUE(inst.invoke("main", {}, p).ok());
  EXPECT_EQ(p.nodes().size(), 4u);
  EXPECT_EQ(p.totalInstrs(), 168u);
  EXPECT_EQ(p.totalCalls(), 17u);
  // Every fib deeper than depth 2 (2 + 4 + 6 + 2 calls) is merged into it.
  EXPECT_EQ(p.mergedCalls(), 14u);
  auto kids =
      p.children(p.children(0, ProfileWeight::Instructions)[0], ProfileWeight::Instructions);
  ASSERT_EQ(kids.size(), 2u);
  EXPECT_EQ(p.nodes()[kids[0]].instrs, 161u);
  EXPECT_EQ(p.selfInstrs(kids[0]), 161u);
  ASSERT_EQ(p.timeline().size(), 5u);
  EXPECT_EQ(p.droppedCalls(), 12u);
  EXPECT_EQ(p.timeline()[0].func, 2u);
  EXPECT_EQ(p.timeline()[0].instrs, 168u);
  EXPECT_EQ(p.timeline()[1].func, 1u);
  EXPECT_EQ(p.timeline()[2].instrs, 161u);
}

// The profiles on a compiled C program (11 million calls, recursion 3,000
// deep): their totals equal the Counting tracer's, and the per-function
// values add up. (tests/oracle checks each function's count independently.)
TEST(ProfilesOnBenchmarks, TotalsEqualCounting) {
  std::filesystem::path dir = std::filesystem::path(test::sourceDir()) / "bench" / "wasm" / "small";
  for (const char* name : {"recursion"}) {
    auto m = Module::fromFile((dir / (std::string(name) + ".wasm")).string());
    ASSERT_TRUE(m.ok()) << m.error().describe();
    Instance inst = instantiate(*m);
    CountingTracer c;
    ASSERT_TRUE(inst.invoke("run", {}, c).ok());
    OpcodeHistogram h;
    CallProfiler p;
    FanoutTracer both;
    both.add(h);
    both.add(p);
    ASSERT_TRUE(inst.invoke("run", {}, both).ok());
    EXPECT_EQ(h.dynamicTotal(), c.ops) << name;
    EXPECT_EQ(p.totalInstrs(), c.ops) << name;
    EXPECT_EQ(p.totalCalls(), c.calls + c.hostCalls) << name;
    uint64_t self = 0, calls = 0;
    for (const auto& r : p.functions(ProfileWeight::Instructions)) {
      self += r.selfInstrs;
      calls += r.calls;
      EXPECT_LE(r.selfInstrs, r.inclInstrs);
    }
    EXPECT_EQ(self, c.ops) << name;
    EXPECT_EQ(calls, c.calls + c.hostCalls) << name;
    ASSERT_TRUE(h.addStatic(*m).ok());
    EXPECT_GT(h.staticTotal(), 100u);
  }
}

// The same profile from per-instruction events (onOp), the way it was built
// before bulk counts were exact at calls: a reference for the bulk one.
class PerInstructionCallProfiler : public CallProfiler {
 public:
  uint32_t events() const override { return kTraceCalls | kTraceOps; }
};

// Node by node, the call tree from bulk counts equals the one from counting
// each instruction, on modules that leave frames every way there is.
TEST(CallProfiler, BulkCountsEqualPerInstructionCountsOnEveryPath) {
  std::vector<std::string> modules = {kFib, R"((module
      (tag $e (param i32))
      (func $thrower (param i32) (result i32)
        (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 7))))
        (i32.add (call $thrower (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
      (func $catcher (param i32) (result i32)
        (block $h (result i32)
          (try_table (catch $e $h) (return (call $thrower (local.get 0))))
          (unreachable)))
      (func $trapper (param i32) (result i32)
        (if (result i32) (local.get 0)
          (then (i32.add (call $trapper (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
          (else (i32.div_u (i32.const 1) (local.get 0)))))
      (func $tail (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 3))
          (else (return_call $tail (i32.sub (local.get 0) (i32.const 1))))))
      (func (export "main") (result i32)
        (drop (call $catcher (i32.const 5)))
        (drop (call $tail (i32.const 4)))
        (call $catcher (i32.const 2)))
      (func (export "trap") (result i32) (call $trapper (i32.const 3)))))"};
  // (tests/oracle compares the benchmarks' per-function counts with node's.)
  for (const std::string& text : modules) {
    Module m = load(text);
    Instance inst = instantiate(m);
    for (const char* entry : {"main", "trap"}) {
      if (!m.exportNamed(entry)) continue;
      CallProfiler bulk;
      PerInstructionCallProfiler each;
      auto a = inst.invoke(entry, {}, bulk);
      auto b = inst.invoke(entry, {}, each);
      ASSERT_EQ(a.ok(), b.ok()) << entry;
      ASSERT_EQ(bulk.nodes().size(), each.nodes().size()) << entry;
      for (size_t i = 0; i < bulk.nodes().size(); ++i) {
        EXPECT_EQ(bulk.nodes()[i].func, each.nodes()[i].func) << entry << " node " << i;
        EXPECT_EQ(bulk.nodes()[i].calls, each.nodes()[i].calls) << entry << " node " << i;
        EXPECT_EQ(bulk.nodes()[i].instrs, each.nodes()[i].instrs) << entry << " node " << i;
      }
      EXPECT_GT(bulk.totalInstrs(), 0u);
    }
  }
}

}  // namespace
}  // namespace witt
