// witt's limits (docs/architecture.md, "Limits"; docs/robustness.md): each is
// reached with a clear error, and reaching it leaves the host able to go on
// (the same thread runs the next call normally).
#include <gtest/gtest.h>

#include "support/wat_module.h"

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "support/small_stack.h"
#include "binary/module_decoder.h"
#include "witt/engine.h"

namespace witt {
namespace {

using witt::test::load;

Instance instantiate(std::string_view wat, const Imports& imports = {}) {
  auto inst = Instance::create(load(wat), imports);
  EXPECT_TRUE(inst.ok()) << (inst.ok() ? "" : inst.error().describe());
  return *inst;
}

// The thread that hit a limit runs an ordinary call afterwards.
void expectHostIntact() {
  Instance ok = instantiate(R"((module (func (export "f") (param i32) (result i32)
                                  (i32.add (local.get 0) (i32.const 1)))))");
  auto r = ok.invoke("f", {Value::fromI32(41)});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ((*r)[0].i32, 42u);
}

void expectTrap(const Result<std::vector<Value>>& r, TrapKind kind, std::string_view message) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap) << r.error().describe();
  EXPECT_EQ(r.error().trap, kind) << r.error().describe();
  EXPECT_EQ(r.error().message, message);
}

// A binary module: magic, version and the given sections.
std::vector<uint8_t> binaryModule(std::initializer_list<std::vector<uint8_t>> sections) {
  std::vector<uint8_t> out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const auto& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

void appendLeb(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
}

std::vector<uint8_t> section(uint8_t id, const std::vector<uint8_t>& content) {
  std::vector<uint8_t> s = {id};
  appendLeb(s, content.size());
  s.insert(s.end(), content.begin(), content.end());
  return s;
}

// ---- Linear memory -----------------------------------------------------------

TEST(MemoryLimit, FourGiBIsDeclarableAndCommittedLazily) {
  Instance inst = instantiate(R"((module (memory (export "m") 65536)
      (func (export "poke") (i32.store (i32.const -4) (i32.const 7)))
      (func (export "peek") (result i32) (i32.load (i32.const -4)))))");
  ASSERT_TRUE(inst.invoke("poke").ok());
  auto r = inst.invoke("peek");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i32, 7u);
  EXPECT_EQ(inst.memory("m")->size(), uint64_t{1} << 32);
}

TEST(MemoryLimit, MoreThanFourGiBIsInvalid) {
  auto m = Module::fromText("(module (memory 65537))");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Invalid);
  EXPECT_NE(m.error().message.find("65536"), std::string::npos) << m.error().message;
}

TEST(MemoryLimit, InstanceCapCoversAllItsMemoriesAndTheirGrowth) {
  Module m = load(R"((module (memory (export "a") 2) (memory (export "b") 3)
      (func (export "growA") (param i32) (result i32) (memory.grow 0 (local.get 0)))
      (func (export "growB") (param i32) (result i32) (memory.grow 1 (local.get 0)))))");
  InstanceOptions io;
  io.maxMemoryBytes = 300 * 1024;  // below the 5 pages (320 KiB) the memories start with
  auto refused = Instance::create(m, {}, io);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Limit);
  EXPECT_NE(refused.error().message.find("exceeds the instance's memory limit"), std::string::npos)
      << refused.error().message;

  io.maxMemoryBytes = 8 * 65536;  // 3 pages to grow, shared by both memories
  auto inst = Instance::create(m, {}, io);
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  auto grow = [&](const char* f, int32_t n) { return static_cast<int32_t>((*inst->invoke(f, {Value::fromI32(n)}))[0].i32); };
  EXPECT_EQ(grow("growA", 2), 2);   // a: 4 pages; 7 in all
  EXPECT_EQ(grow("growB", 2), -1);  // 9 > 8
  EXPECT_EQ(grow("growB", 1), 3);   // 8 in all
  EXPECT_EQ(grow("growA", 1), -1);
  EXPECT_EQ(grow("growA", 0), 4);
  EXPECT_EQ(inst->memory("a")->pages(), 4u);
  // Another instance has a budget of its own.
  auto other = Instance::create(m, {}, io);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(static_cast<int32_t>((*other->invoke("growA", {Value::fromI32(3)}))[0].i32), 2);
}

TEST(MemoryLimit, GrowBeyondTheMaximumFails) {
  Instance inst = instantiate(R"((module (memory (export "m") 1 3)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))");
  auto r = inst.invoke("grow", {Value::fromI32(3)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(static_cast<int32_t>((*r)[0].i32), -1);
  r = inst.invoke("grow", {Value::fromI32(2)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i32, 1u);
  r = inst.invoke("grow", {Value::fromI32(0xFFFFFFFF)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(static_cast<int32_t>((*r)[0].i32), -1);
  // The embedder's grow says why.
  auto g = inst.memory("m")->grow(1);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().kind, ErrorKind::Limit);
}

TEST(MemoryLimit, GrowWithoutAMaximumStopsAtFourGiB) {
  Instance inst = instantiate(R"((module (memory 65535)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))");
  auto r = inst.invoke("grow", {Value::fromI32(2)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(static_cast<int32_t>((*r)[0].i32), -1);
  r = inst.invoke("grow", {Value::fromI32(1)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i32, 65535u);
}

TEST(MemoryLimit, Memory64BeyondWittsLimitIsALimitErrorAtInstantiation) {
  // 2^20 pages of 64 KiB = 64 GiB > 16 GiB (runtime::kMaxMemory64Bytes).
  Module m = load("(module (memory i64 1048576))");
  auto inst = Instance::create(m);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Limit);
  EXPECT_NE(inst.error().message.find("limit"), std::string::npos) << inst.error().message;
  expectHostIntact();
}

TEST(MemoryLimit, Memory64GrowStopsAtWittsLimit) {
  Instance inst = instantiate(R"((module (memory i64 0)
      (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))))");
  auto r = inst.invoke("grow", {Value::fromI64(uint64_t{1} << 20)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(static_cast<int64_t>((*r)[0].i64), -1);
  r = inst.invoke("grow", {Value::fromI64(1)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i64, 0u);
}

// ---- Tables --------------------------------------------------------------------

TEST(TableLimit, TenMillionElementsInstantiate) {
  Instance inst = instantiate(R"((module (table (export "t") 10000000 funcref)))");
  EXPECT_EQ(inst.table("t")->size(), 10'000'000u);
}

TEST(TableLimit, MoreThanTenMillionIsALimitError) {
  auto inst = Instance::create(load("(module (table 10000001 funcref))"));
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Limit);
  EXPECT_NE(inst.error().message.find("10000001"), std::string::npos) << inst.error().message;
}

TEST(TableLimit, GrowStopsAtTenMillion) {
  Instance inst = instantiate(R"((module (table (export "t") 0 externref)
      (func (export "grow") (param i32) (result i32) (table.grow (ref.null extern) (local.get 0)))))");
  auto r = inst.invoke("grow", {Value::fromI32(10'000'001)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(static_cast<int32_t>((*r)[0].i32), -1);
  r = inst.invoke("grow", {Value::fromI32(0xFFFFFFFF)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(static_cast<int32_t>((*r)[0].i32), -1);
  r = inst.invoke("grow", {Value::fromI32(10'000'000)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i32, 0u);
  auto g = inst.table("t")->grow(1, Value::nullRef(ValType::externref()));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().kind, ErrorKind::Limit);
}

// ---- Call depth and value stack ------------------------------------------------

TEST(StackLimit, InfiniteRecursionTraps) {
  Instance inst = instantiate(R"((module (func $f (export "f") (call $f))))");
  expectTrap(inst.invoke("f"), TrapKind::CallStackExhausted, "call stack exhausted");
  // Twice: the context was reset by the first trap.
  expectTrap(inst.invoke("f"), TrapKind::CallStackExhausted, "call stack exhausted");
  expectHostIntact();
}

TEST(StackLimit, DeepButFiniteRecursionRuns) {
  // 100,000 frames: half the depth limit (200,000).
  Instance inst = instantiate(R"((module (func $down (export "down") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))))");
  auto r = inst.invoke("down", {Value::fromI32(100'000)});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ((*r)[0].i32, 100'000u);
}

TEST(StackLimit, TheDepthLimitIsAboutTwoHundredThousandFrames) {
  Instance inst = instantiate(R"((module (func $down (export "down") (param i32)
      (if (local.get 0) (then (call $down (i32.sub (local.get 0) (i32.const 1))))))))");
  EXPECT_TRUE(inst.invoke("down", {Value::fromI32(190'000)}).ok());
  expectTrap(inst.invoke("down", {Value::fromI32(210'000)}), TrapKind::CallStackExhausted,
             "call stack exhausted");
}

TEST(StackLimit, FatFramesExhaustTheValueStack) {
  // 40,000 locals a frame: the 16 Mi-slot value stack holds ~400 frames.
  std::string wat = "(module (func $f (export \"f\") (param i32) (local";
  for (int i = 0; i < 40'000; ++i) wat += " i64";
  wat += ") (if (local.get 0) (then (call $f (i32.sub (local.get 0) (i32.const 1)))))))";
  Instance fat = instantiate(wat);
  EXPECT_TRUE(fat.invoke("f", {Value::fromI32(100)}).ok());
  expectTrap(fat.invoke("f", {Value::fromI32(1'000'000)}), TrapKind::CallStackExhausted,
             "call stack exhausted");
  expectHostIntact();
}

TEST(StackLimit, RecursionThroughCallIndirectTraps) {
  Instance inst = instantiate(R"((module (type $t (func)) (table 1 funcref) (elem (i32.const 0) $f)
      (func $f (export "f") (call_indirect (type $t) (i32.const 0)))))");
  expectTrap(inst.invoke("f"), TrapKind::CallStackExhausted, "call stack exhausted");
}

// wasm -> host -> wasm -> host ...: each level recurses on the native stack
// too. Runs the recursion to its end and returns its outcome and the deepest
// host level reached.
struct Reentry {
  Result<std::vector<Value>> outcome;
  int maxDepth = 0;
};
Reentry reenterUntilStopped() {
  Imports imports;
  std::optional<Function> g;
  int depth = 0, maxDepth = 0;
  imports.addFunction("env", "reenter", FuncType{},
                      [&](Caller&, std::span<const Value>, std::span<Value>) -> Result<void> {
                        ++depth;
                        maxDepth = std::max(maxDepth, depth);
                        auto r = g->call({});
                        --depth;
                        if (!r.ok()) return std::move(r).error();
                        return Result<void>();
                      });
  Instance inst = instantiate(R"((module (import "env" "reenter" (func $h))
      (func (export "g") (call $h))))",
                              imports);
  g = inst.function("g");
  auto r = inst.invoke("g");
  return Reentry{std::move(r), maxDepth};
}

TEST(StackLimit, HostReentryIsBounded) {
  // witt stops at 1,000 host re-entries, long before the native stack could
  // overflow.
  Reentry r = reenterUntilStopped();
  ASSERT_FALSE(r.outcome.ok());
  EXPECT_EQ(r.outcome.error().trap, TrapKind::CallStackExhausted) << r.outcome.error().describe();
  EXPECT_LE(r.maxDepth, 1001);
  EXPECT_GE(r.maxDepth, 100);
  expectHostIntact();
}

TEST(StackLimit, HostReentryOnASmallThreadStackTrapsBeforeOverflowing) {
  // An embedder's worker thread with 1 MiB of stack cannot hold 1,000
  // re-entries; witt traps when the stack runs short instead.
  std::string outcome;
  int maxDepth = 0;
  witt::test::runOnSmallStack(1 << 20, [&] {
    Reentry r = reenterUntilStopped();
    outcome = r.outcome.ok() ? "returned" : r.outcome.error().describe();
    maxDepth = r.maxDepth;
  });
  EXPECT_NE(outcome.find("call stack exhausted"), std::string::npos) << outcome;
  EXPECT_GE(maxDepth, 1);
  EXPECT_LT(maxDepth, 1000);
  expectHostIntact();
}

TEST(StackLimit, RecursionInTheStartFunctionFailsInstantiation) {
  auto inst = Instance::create(load(R"((module (func $f (call $f)) (start $f)))"));
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Trap);
  EXPECT_EQ(inst.error().message, "call stack exhausted");
  expectHostIntact();
}

// ---- Fuel ------------------------------------------------------------------------

TEST(FuelLimit, StopsLoopsRecursionAndTailCalls) {
  Instance inst = instantiate(R"((module
      (func (export "loop") (loop $l (br $l)))
      (func $r (export "tail") (return_call $r))
      (func (export "throw") (local i32) (loop $l (block $b (try_table (catch_all $b) (throw $e)))
        (br $l)))
      (tag $e)))");
  CallOptions o;
  o.fuel = 1'000'000;
  for (const char* f : {"loop", "tail", "throw"}) {
    SCOPED_TRACE(f);
    expectTrap(inst.invoke(f, {}, Tracer::none(), o), TrapKind::OutOfFuel, "all fuel consumed");
  }
  expectHostIntact();
}

TEST(FuelLimit, IsPerCall) {
  Instance inst = instantiate(R"((module (func (export "count") (param i32) (result i32)
      (loop $l (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if $l (local.get 0)))
      (local.get 0))))");
  CallOptions o;
  o.fuel = 10'000;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(inst.invoke("count", {Value::fromI32(1000)}, Tracer::none(), o).ok());
  expectTrap(inst.invoke("count", {Value::fromI32(100'000)}, Tracer::none(), o), TrapKind::OutOfFuel,
             "all fuel consumed");
}

TEST(FuelLimit, BoundsWasmReenteredFromAHostFunction) {
  // The host function calls back into an endless loop without limits of its
  // own: the outer call's fuel still stops it (it once ran unmetered).
  Imports imports;
  std::optional<Function> spin;
  imports.addFunction("env", "callback", FuncType{},
                      [&](Caller&, std::span<const Value>, std::span<Value>) -> Result<void> {
                        auto r = spin->call({});
                        if (!r.ok()) return std::move(r).error();
                        return Result<void>();
                      });
  Instance inst = instantiate(R"((module (import "env" "callback" (func $cb))
      (func (export "spin") (loop $l (br $l)))
      (func (export "outer") (call $cb))))",
                              imports);
  spin = inst.function("spin");
  CallOptions o;
  o.fuel = 100'000;
  expectTrap(inst.invoke("outer", {}, Tracer::none(), o), TrapKind::OutOfFuel, "all fuel consumed");
  CountingTracer counting;
  expectTrap(inst.invoke("outer", {}, counting, o), TrapKind::OutOfFuel, "all fuel consumed");
  EXPECT_LE(counting.ops, 100'000u);
  EXPECT_GE(counting.ops, 99'000u);
}

TEST(FuelLimit, AppliesToTheStartFunction) {
  InstanceOptions io;
  io.limits.fuel = 1000;
  auto inst = Instance::create(load("(module (func $s (loop $l (br $l))) (start $s))"), {}, io);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().trap, TrapKind::OutOfFuel);
}

TEST(FuelLimit, CountsAcrossHostCalls) {
  Imports imports;
  imports.addFunction("env", "nop", FuncType{}, [](Caller&, std::span<const Value>, std::span<Value>) {
    return Result<void>();
  });
  Instance inst = instantiate(R"((module (import "env" "nop" (func $n))
      (func (export "f") (loop $l (call $n) (br $l)))))",
                              imports);
  CallOptions o;
  o.fuel = 100'000;
  expectTrap(inst.invoke("f", {}, Tracer::none(), o), TrapKind::OutOfFuel, "all fuel consumed");
}

// ---- Wall-clock timeout ----------------------------------------------------------

TEST(TimeoutLimit, StopsAnInfiniteLoopOnTime) {
  Instance inst = instantiate(R"((module (func (export "spin") (loop $l (br $l)))))");
  CallOptions o;
  o.timeoutMs = 200;
  auto t0 = std::chrono::steady_clock::now();
  auto r = inst.invoke("spin", {}, Tracer::none(), o);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  expectTrap(r, TrapKind::Timeout, "timeout");
  EXPECT_GE(ms, 150);
  EXPECT_LT(ms, 5000);
  expectHostIntact();
}

TEST(TimeoutLimit, StopsDeepRecursionThatNeverExhaustsTheStack) {
  // Each frame returns before the next call: a loop of calls, 20 deep.
  Instance inst = instantiate(R"((module
      (func $d (param i32) (if (local.get 0) (then (call $d (i32.sub (local.get 0) (i32.const 1))))))
      (func (export "spin") (loop $l (call $d (i32.const 20)) (br $l)))))");
  CallOptions o;
  o.timeoutMs = 100;
  expectTrap(inst.invoke("spin", {}, Tracer::none(), o), TrapKind::Timeout, "timeout");
}

TEST(TimeoutLimit, ManyShortTimeoutsLeaveNothingBehind) {
  // Timers of calls that finished are disarmed: none fires into a later call.
  Instance inst = instantiate(R"((module (func (export "f") (result i32) (i32.const 1))
      (func (export "spin") (loop $l (br $l)))))");
  CallOptions o;
  o.timeoutMs = 20;
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(inst.invoke("f", {}, Tracer::none(), o).ok());
  expectTrap(inst.invoke("spin", {}, Tracer::none(), o), TrapKind::Timeout, "timeout");
  // An unlimited call after a timed-out one is not stopped by a stale timer.
  Instance slow = instantiate(R"((module (func (export "count") (param i32) (result i32)
      (loop $l (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if $l (local.get 0)))
      (local.get 0))))");
  EXPECT_TRUE(slow.invoke("count", {Value::fromI32(50'000'000)}).ok());
}

TEST(TimeoutLimit, AppliesToTheStartFunction) {
  InstanceOptions io;
  io.limits.timeoutMs = 100;
  auto inst = Instance::create(load("(module (func $s (loop $l (br $l))) (start $s))"), {}, io);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().trap, TrapKind::Timeout);
}

// ---- Module size and counts (src/binary/module_decoder.h) --------------------------

TEST(ModuleLimit, MoreThanAMillionFunctionsIsMalformed) {
  std::vector<uint8_t> types = {0x01, 0x60, 0x00, 0x00};
  std::vector<uint8_t> funcs;
  appendLeb(funcs, binary::limits::kFunctions + 1);
  funcs.resize(funcs.size() + binary::limits::kFunctions + 1, 0x00);
  auto m = Module::fromBinary(binaryModule({section(1, types), section(3, funcs)}));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
  EXPECT_NE(m.error().message.find("too many functions"), std::string::npos) << m.error().message;
}

TEST(ModuleLimit, ImportedAndDefinedFunctionsCountTogether) {
  // 100,000 imports (the import limit) + 900,001 defined functions.
  std::vector<uint8_t> types = {0x01, 0x60, 0x00, 0x00};
  std::vector<uint8_t> imports;
  appendLeb(imports, binary::limits::kImports);
  for (uint32_t i = 0; i < binary::limits::kImports; ++i) {
    std::string name = std::to_string(i);
    imports.insert(imports.end(), {0x01, 'm'});
    imports.push_back(static_cast<uint8_t>(name.size()));
    imports.insert(imports.end(), name.begin(), name.end());
    imports.insert(imports.end(), {0x00, 0x00});
  }
  std::vector<uint8_t> funcs;
  uint32_t defined = binary::limits::kFunctions - binary::limits::kImports + 1;
  appendLeb(funcs, defined);
  funcs.resize(funcs.size() + defined, 0x00);
  auto m = Module::fromBinary(binaryModule({section(1, types), section(2, imports), section(3, funcs)}));
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("too many functions"), std::string::npos) << m.error().message;
}

TEST(ModuleLimit, TooManyLocalsIsMalformedAndTheSumCannotWrap) {
  for (std::vector<uint8_t> locals : {std::vector<uint8_t>{0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F},
                                      // 2^31 + 2^31 i32s: 0 if summed in 32 bits
                                      std::vector<uint8_t>{0x02, 0x80, 0x80, 0x80, 0x80, 0x08, 0x7F, 0x80, 0x80,
                                                           0x80, 0x80, 0x08, 0x7F},
                                      // 50,001 in one declaration
                                      std::vector<uint8_t>{0x01, 0xD1, 0x86, 0x03, 0x7F}}) {
    std::vector<uint8_t> body = locals;
    body.push_back(0x0B);
    std::vector<uint8_t> code = {0x01};
    appendLeb(code, body.size());
    code.insert(code.end(), body.begin(), body.end());
    auto m = Module::fromBinary(
        binaryModule({section(1, {0x01, 0x60, 0x00, 0x00}), section(3, {0x01, 0x00}), section(10, code)}));
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().message.find("too many locals"), std::string::npos) << m.error().message;
  }
}

TEST(ModuleLimit, TooManyParamsIsMalformed) {
  std::vector<uint8_t> types = {0x01, 0x60};
  appendLeb(types, binary::limits::kFunctionParams + 1);
  types.resize(types.size() + binary::limits::kFunctionParams + 1, 0x7F);
  types.push_back(0x00);
  auto m = Module::fromBinary(binaryModule({section(1, types)}));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
}

TEST(ModuleLimit, AFunctionBodyBeyondTheLimitIsMalformed) {
  uint32_t size = binary::limits::kFunctionBodyBytes + 1;
  std::vector<uint8_t> code = {0x01};
  appendLeb(code, size);
  code.push_back(0x00);                          // no locals
  code.resize(code.size() + size - 2, 0x01);     // nops
  code.push_back(0x0B);
  auto m = Module::fromBinary(
      binaryModule({section(1, {0x01, 0x60, 0x00, 0x00}), section(3, {0x01, 0x00}), section(10, code)}));
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("too many bytes in a function body"), std::string::npos) << m.error().message;
}

TEST(ModuleLimit, DeclaredCountsBeyondTheInputFailWithoutAllocating) {
  // Each section declares 2^32-1 entries and holds none: rejected at once.
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 13}) {
    SCOPED_TRACE(int(id));
    auto m = Module::fromBinary(binaryModule({section(id, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F})}));
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
    EXPECT_FALSE(m.error().message.empty());
  }
}

TEST(ModuleLimit, ModuleOverOneGiBIsMalformed) {
  // Needs 2 GiB of memory (the input and witt's copy): run with WITT_HEAVY_TESTS=1.
  if (!std::getenv("WITT_HEAVY_TESTS")) GTEST_SKIP() << "set WITT_HEAVY_TESTS=1 to allocate 2 GiB for this test";
  std::vector<uint8_t> bytes = binaryModule({});
  std::vector<uint8_t> custom = {0x01, 'x'};
  uint64_t payload = binary::limits::kModuleBytes;
  std::vector<uint8_t> head = {0x00};
  appendLeb(head, payload + custom.size());
  bytes.insert(bytes.end(), head.begin(), head.end());
  bytes.insert(bytes.end(), custom.begin(), custom.end());
  bytes.resize(bytes.size() + payload, 0);
  auto m = Module::fromBinary(bytes);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
}

}  // namespace
}  // namespace witt
