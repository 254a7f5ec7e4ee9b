// The embedding API (include/witt/engine.h): loading errors as values,
// linking by name with type checks, host functions, exported entities,
// exceptions across the host boundary, re-entrancy.
#include <gtest/gtest.h>

#include "support/wat_module.h"

#include "witt/engine.h"

namespace witt {
namespace {

using witt::test::load;

TEST(ModuleLoading, MalformedBinaryIsAnErrorWithOffset) {
  const uint8_t bytes[] = {0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00};
  auto m = Module::fromBinary(bytes);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(m.error().message, "unknown binary version");
  ASSERT_TRUE(m.error().offset.has_value());
  EXPECT_EQ(*m.error().offset, 4u);
}

TEST(ModuleLoading, InvalidModuleNamesTheFunction) {
  // (func $bad (result i32) i64.const 1)
  auto m = Module::fromText("(module (func $bad (result i32) i64.const 1))");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Invalid);
  EXPECT_NE(m.error().message.find("type mismatch"), std::string::npos);
  EXPECT_NE(m.error().message.find("bad"), std::string::npos) << m.error().message;
  EXPECT_TRUE(m.error().offset.has_value());
}

TEST(ModuleLoading, TextErrorsHaveLineAndColumn) {
  auto m = Module::fromText("(module\n  (func (result i32) i32.bogus))");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(m.error().line, 2u);
  EXPECT_GT(m.error().column, 0u);
}

TEST(ModuleLoading, MissingFileIsAnIoError) {
  auto m = Module::fromFile("/nonexistent/witt/file.wasm");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Io);
  EXPECT_EQ(m.error().file, "/nonexistent/witt/file.wasm");
}

TEST(ModuleLoading, ImportsAndExportsAreListed) {
  Module m = load(R"((module
      (import "env" "f" (func (param i32) (result i64)))
      (import "env" "m" (memory 1 2))
      (func (export "g") (param f32) (result f32) local.get 0)
      (global (export "gl") (mut i32) (i32.const 3))))");
  auto imports = m.imports();
  ASSERT_EQ(imports.size(), 2u);
  EXPECT_EQ(imports[0].name, "f");
  EXPECT_EQ(imports[0].funcType, (FuncType{{ValType::I32}, {ValType::I64}}));
  EXPECT_EQ(imports[1].kind, ExternKind::Memory);
  EXPECT_EQ(imports[1].memoryType.limits.min, 1u);
  auto g = m.exportNamed("g");
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->funcType, (FuncType{{ValType::F32}, {ValType::F32}}));
  EXPECT_FALSE(m.exportNamed("nope").has_value());
}

TEST(Linking, MissingImportIsUnlinkable) {
  Module m = load(R"((module (import "env" "f" (func))))");
  auto inst = Instance::create(m);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Unlinkable);
  EXPECT_NE(inst.error().message.find("\"env\" \"f\""), std::string::npos);
}

TEST(Linking, FunctionTypeMismatchIsUnlinkable) {
  Module m = load(R"((module (import "env" "f" (func (param i32)))))");
  Imports imports;
  imports.addFunction("env", "f", FuncType{{ValType::I64}, {}},
                      [](Caller&, std::span<const Value>, std::span<Value>) { return Result<void>(); });
  auto inst = Instance::create(m, imports);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Unlinkable);
}

TEST(HostFunctions, ReceiveArgumentsAndReturnResults) {
  Module m = load(R"((module
      (import "env" "mul" (func $mul (param i32 i64) (result i64)))
      (func (export "f") (result i64) (call $mul (i32.const 6) (i64.const 7)))))");
  Imports imports;
  imports.addFunction("env", "mul", FuncType{{ValType::I32, ValType::I64}, {ValType::I64}},
                      [](Caller&, std::span<const Value> a, std::span<Value> r) {
                        r[0] = Value::fromI64(a[0].i32 * a[1].i64);
                        return Result<void>();
                      });
  auto inst = Instance::create(m, imports);
  ASSERT_TRUE(inst.ok());
  auto r = inst->invoke("f");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i64, 42u);
}

TEST(HostFunctions, SeeTheCallersMemory) {
  Module m = load(R"((module
      (import "env" "peek" (func $peek (param i32) (result i32)))
      (memory (export "mem") 1)
      (func (export "f") (result i32)
        (i32.store (i32.const 100) (i32.const 0x12345678))
        (call $peek (i32.const 100)))))");
  Imports imports;
  imports.addFunction("env", "peek", FuncType{{ValType::I32}, {ValType::I32}},
                      [](Caller& c, std::span<const Value> a, std::span<Value> r) {
                        Memory* mem = c.memory(0);
                        if (!mem) return Result<void>(Error(ErrorKind::Usage, "no memory"));
                        uint32_t v;
                        std::memcpy(&v, mem->data() + a[0].i32, 4);
                        r[0] = Value::fromI32(v);
                        return Result<void>();
                      });
  auto inst = Instance::create(m, imports);
  ASSERT_TRUE(inst.ok());
  auto r = inst->invoke("f");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ((*r)[0].i32, 0x12345678u);
}

TEST(HostFunctions, ErrorsTrapWithABacktrace) {
  Module m = load(R"((module
      (import "env" "fail" (func $fail))
      (func $inner (call $fail))
      (func (export "outer") (call $inner))))");
  Imports imports;
  imports.addFunction("env", "fail", FuncType{},
                      [](Caller&, std::span<const Value>, std::span<Value>) {
                        Error e = Error::makeTrap(TrapKind::HostError);
                        e.message = "host says no";
                        return Result<void>(e);
                      });
  auto inst = Instance::create(m, imports);
  ASSERT_TRUE(inst.ok());
  auto r = inst->invoke("outer");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "host says no");
  ASSERT_EQ(r.error().backtrace.size(), 2u);
  EXPECT_EQ(r.error().backtrace[0].funcName, "inner");
  EXPECT_EQ(r.error().backtrace[1].funcName, "outer");
}

TEST(HostFunctions, CanReenterWasm) {
  // wasm f -> host h -> wasm g (through an exported function handle)
  Module m = load(R"((module
      (import "env" "h" (func $h (param i32) (result i32)))
      (func (export "g") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 10)))
      (func (export "f") (param i32) (result i32) (i32.add (call $h (local.get 0)) (i32.const 1)))))");
  Imports imports;
  std::optional<Function> g;
  imports.addFunction("env", "h", FuncType{{ValType::I32}, {ValType::I32}},
                      [&g](Caller&, std::span<const Value> a, std::span<Value> r) -> Result<void> {
                        auto x = g->call(std::vector<Value>{a[0]});
                        if (!x.ok()) return x.error();
                        r[0] = (*x)[0];
                        return {};
                      });
  auto inst = Instance::create(m, imports);
  ASSERT_TRUE(inst.ok());
  g = inst->function("g");
  auto r = inst->invoke("f", {Value::fromI32(4)});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ((*r)[0].i32, 41u);
}

TEST(Exceptions, UncaughtExceptionReachesTheEmbedderWithPayload) {
  Module m = load(R"((module (tag $e (export "e") (param i32 i64))
      (func (export "f") (throw $e (i32.const 7) (i64.const -1)))))");
  auto inst = Instance::create(m);
  ASSERT_TRUE(inst.ok());
  auto r = inst->invoke("f");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exception);
  ASSERT_TRUE(r.error().exception);
  EXPECT_EQ(r.error().exception->tagName, "e");
  ASSERT_EQ(r.error().exception->payload.size(), 2u);
  EXPECT_EQ(r.error().exception->payload[0].i32, 7u);
  EXPECT_EQ(r.error().exception->payload[1].i64, ~uint64_t{0});
}

TEST(Exceptions, HostThrowIsCaughtByWasm) {
  Tag tag = createTag(FuncType{{ValType::I32}, {}});
  Module m = load(R"((module
      (import "env" "e" (tag $e (param i32)))
      (import "env" "thrower" (func $thrower))
      (func (export "f") (result i32)
        (block $h (result i32)
          (try_table (catch $e $h) (call $thrower))
          (i32.const -1)))))");
  Imports imports;
  imports.add("env", "e", Extern::of(tag));
  imports.addFunction("env", "thrower", FuncType{},
                      [&tag](Caller& c, std::span<const Value>, std::span<Value>) {
                        return Result<void>(c.throwException(tag, {Value::fromI32(99)}));
                      });
  auto inst = Instance::create(m, imports);
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  auto r = inst->invoke("f");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ((*r)[0].i32, 99u);
}

TEST(Exceptions, CrossAHostFrame) {
  // wasm f catches an exception thrown by wasm g, called through host h.
  Module m = load(R"((module
      (import "env" "h" (func $h))
      (tag $e (param i32))
      (func (export "g") (throw $e (i32.const 5)))
      (func (export "f") (result i32)
        (block $c (result i32)
          (try_table (catch $e $c) (call $h))
          (i32.const 0)))))");
  Imports imports;
  std::optional<Function> g;
  imports.addFunction("env", "h", FuncType{}, [&g](Caller&, std::span<const Value>, std::span<Value>) -> Result<void> {
    auto r = g->call({});
    if (!r.ok()) return r.error();
    return {};
  });
  auto inst = Instance::create(m, imports);
  ASSERT_TRUE(inst.ok());
  g = inst->function("g");
  auto r = inst->invoke("f");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ((*r)[0].i32, 5u);
}

TEST(Entities, GlobalsMemoriesAndTablesAreShared) {
  Module m = load(R"((module
      (global (export "g") (mut i32) (i32.const 1))
      (memory (export "mem") 1 3)
      (table (export "t") 2 funcref)
      (func (export "get") (result i32) global.get 0)
      (func (export "size") (result i32) memory.size)))");
  auto inst = Instance::create(m);
  ASSERT_TRUE(inst.ok());
  auto g = inst->global("g");
  ASSERT_TRUE(g.has_value());
  ASSERT_TRUE(g->set(Value::fromI32(77)).ok());
  EXPECT_EQ((*inst->invoke("get"))[0].i32, 77u);
  auto mem = inst->memory("mem");
  ASSERT_TRUE(mem.has_value());
  EXPECT_EQ(mem->size(), 65536u);
  auto old = mem->grow(2);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(*old, 1u);
  EXPECT_EQ((*inst->invoke("size"))[0].i32, 3u);
  EXPECT_FALSE(mem->grow(1).ok());  // max is 3 pages
  auto t = inst->table("t");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->size(), 2u);
  EXPECT_FALSE(t->get(2).ok());
}

TEST(Invoke, ChecksArguments) {
  Module m = load(R"((module (func (export "f") (param i32) (result i32) local.get 0)))");
  auto inst = Instance::create(m);
  ASSERT_TRUE(inst.ok());
  auto none = inst->invoke("f");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ErrorKind::Usage);
  auto wrong = inst->invoke("f", {Value::fromI64(1)});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::Usage);
  auto missing = inst->invoke("g");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::Usage);
}

TEST(Invoke, DeepRecursionTrapsInsteadOfCrashing) {
  Module m = load(R"((module (func $r (export "r") (param i32) (result i32)
      (i32.add (call $r (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))))");
  auto inst = Instance::create(m);
  ASSERT_TRUE(inst.ok());
  auto r = inst->invoke("r", {Value::fromI32(0)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap, TrapKind::CallStackExhausted);
  // The engine is usable afterwards.
  Module ok = load(R"((module (func (export "f") (result i32) i32.const 1)))");
  auto i2 = Instance::create(ok);
  EXPECT_TRUE(i2->invoke("f").ok());
}

TEST(Instances, KeepImportedInstancesAlive) {
  std::optional<Function> f;
  {
    Module a = load(R"((module (func (export "seven") (result i32) i32.const 7)))");
    auto ia = Instance::create(a);
    ASSERT_TRUE(ia.ok());
    f = ia->function("seven");
  }  // the instance handle is gone; the function handle keeps it alive
  auto r = f->call({});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i32, 7u);
}

}  // namespace
}  // namespace witt
