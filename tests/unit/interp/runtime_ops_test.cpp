// memory.size, memory.grow, loads, stores and bulk memory on memories with
// 1-byte pages (custom page sizes), in each code variant of the interpreter
// (plain, metered for fuel and the Counting tracer, traced), through the
// embedding API; and linking memories by page size.
#include <gtest/gtest.h>

#include "support/wat_module.h"

#include "witt/engine.h"
#include "witt/tracer.h"

namespace witt {
namespace {

using witt::test::load;

constexpr std::string_view kBytePages = R"((module
  (memory (export "mem") 0 (pagesize 1))
  (memory $big 1)
  (func (export "size") (result i32) memory.size)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy-in") (param i32 i32 i32)
    (memory.copy 0 $big (local.get 0) (local.get 1) (local.get 2)))
  (func (export "big-size") (result i32) (memory.size $big)))
)";

// Every variant of the interpreter's code runs the same script.
struct AllEvents : Tracer {
  uint64_t memoryEvents = 0;
  uint32_t events() const override { return kTraceAll; }
  void onMemory(const MemoryEvent&) override { ++memoryEvents; }
};

class BytePages : public ::testing::TestWithParam<int> {
 protected:
  Result<std::vector<Value>> call(const Instance& inst, std::string_view name,
                                  std::initializer_list<Value> args) {
    switch (GetParam()) {
      case 1: return inst.invoke(name, args, counting_);
      case 2: return inst.invoke(name, args, traced_);
      case 3: {
        CallOptions o;
        o.fuel = 100000;  // memory.grow costs one unit per 4 MiB requested
        return inst.invoke(name, args, Tracer::none(), o);
      }
      default: return inst.invoke(name, args);
    }
  }
  uint32_t i32(const Instance& inst, std::string_view name, std::initializer_list<Value> args = {}) {
    auto r = call(inst, name, args);
    EXPECT_TRUE(r.ok()) << name << ": " << r.error().describe();
    return r.ok() && !r->empty() ? (*r)[0].i32 : 0xDEADBEEF;
  }
  void expectTrap(const Instance& inst, std::string_view name, std::initializer_list<Value> args) {
    auto r = call(inst, name, args);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.error().trap, TrapKind::OutOfBoundsMemory) << r.error().describe();
  }
  CountingTracer counting_;
  AllEvents traced_;
};

TEST_P(BytePages, SizeGrowLoadStore) {
  Module m = load(kBytePages);
  auto inst = Instance::create(m);
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  auto I = [](uint32_t v) { return Value::fromI32(v); };
  EXPECT_EQ(i32(*inst, "size"), 0u);
  expectTrap(*inst, "load", {I(0)});
  EXPECT_EQ(i32(*inst, "grow", {I(5)}), 0u);
  EXPECT_EQ(i32(*inst, "size"), 5u);
  EXPECT_EQ(i32(*inst, "big-size"), 1u);  // the other memory counts 64 KiB pages
  ASSERT_TRUE(call(*inst, "store", {I(4), I(0xAB)}).ok());
  EXPECT_EQ(i32(*inst, "load", {I(4)}), 0xABu);
  expectTrap(*inst, "load", {I(5)});
  expectTrap(*inst, "store", {I(5), I(1)});
  // A 4-byte access that ends exactly at the size, and one byte past it.
  EXPECT_EQ(i32(*inst, "load32", {I(1)}), 0xAB000000u);
  expectTrap(*inst, "load32", {I(2)});
  // Bulk memory is bounded in bytes too.
  ASSERT_TRUE(call(*inst, "fill", {I(0), I(0x11), I(5)}).ok());
  expectTrap(*inst, "fill", {I(1), I(0x11), I(5)});
  ASSERT_TRUE(call(*inst, "copy-in", {I(0), I(65531), I(5)}).ok());
  expectTrap(*inst, "copy-in", {I(1), I(0), I(5)});
  // Growing past 2^32 - 1 bytes fails; one page at a time works.
  EXPECT_EQ(i32(*inst, "grow", {I(0xFFFFFFFF)}), 0xFFFFFFFFu);
  EXPECT_EQ(i32(*inst, "grow", {I(1)}), 5u);
  EXPECT_EQ(i32(*inst, "size"), 6u);
  EXPECT_EQ(i32(*inst, "load", {I(5)}), 0u);
  auto mem = inst->memory("mem");
  ASSERT_TRUE(mem.has_value());
  EXPECT_EQ(mem->pageSize(), 1u);
  EXPECT_EQ(mem->pages(), 6u);
  EXPECT_EQ(mem->size(), 6u);
  EXPECT_EQ(mem->type().pageSizeLog2, 0u);
  ASSERT_TRUE(mem->grow(2).ok());
  EXPECT_EQ(i32(*inst, "size"), 8u);
  EXPECT_EQ(i32(*inst, "load", {I(7)}), 0u);
  if (GetParam() == 2) {
    EXPECT_GT(traced_.memoryEvents, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, BytePages, ::testing::Values(0, 1, 2, 3));

TEST(BytePagesMemory64, SizeAndGrowAreI64) {
  Module m = load(R"((module
    (memory i64 3 (pagesize 1))
    (func (export "size") (result i64) memory.size)
    (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
    (func (export "load") (param i64) (result i32) (i32.load8_u (local.get 0)))))");
  auto inst = Instance::create(m);
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  EXPECT_EQ((*inst->invoke("size"))[0].i64, 3u);
  EXPECT_EQ((*inst->invoke("grow", {Value::fromI64(70000)}))[0].i64, 3u);
  EXPECT_EQ((*inst->invoke("size"))[0].i64, 70003u);
  EXPECT_TRUE(inst->invoke("load", {Value::fromI64(70002)}).ok());
  EXPECT_FALSE(inst->invoke("load", {Value::fromI64(70003)}).ok());
}

TEST(BytePagesData, InlineDataSizesTheMemoryInBytes) {
  Module m = load(R"((module
    (memory (pagesize 1) (data "abc"))
    (func (export "size") (result i32) memory.size)))");
  auto inst = Instance::create(m);
  ASSERT_TRUE(inst.ok());
  EXPECT_EQ((*inst->invoke("size"))[0].i32, 3u);
  // An active segment one byte past the end traps at instantiation.
  Module bad = load(R"((module (memory 3 (pagesize 1)) (data (i32.const 1) "abc")))");
  auto r = Instance::create(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap, TrapKind::OutOfBoundsMemory) << r.error().describe();
}

TEST(BytePagesLinking, ImportsMatchOnlyTheSamePageSize) {
  MemoryType small;
  small.limits.min = 10;
  small.pageSizeLog2 = 0;
  Memory mem = createMemory(small);
  ASSERT_TRUE(mem.impl);
  EXPECT_EQ(mem.size(), 10u);
  Imports imports;
  imports.add("env", "mem", Extern::of(mem));
  Module same = load(R"((module (import "env" "mem" (memory 10 (pagesize 1)))
    (func (export "size") (result i32) memory.size)))");
  auto ok = Instance::create(same, imports);
  ASSERT_TRUE(ok.ok()) << ok.error().describe();
  EXPECT_EQ((*ok->invoke("size"))[0].i32, 10u);
  // 10 one-byte pages are not 10 pages of 64 KiB, nor a memory of 0 of them.
  for (std::string_view wat : {R"((module (import "env" "mem" (memory 0))))",
                               R"((module (import "env" "mem" (memory 0 (pagesize 65536)))))"}) {
    auto r = Instance::create(load(wat), imports);
    ASSERT_FALSE(r.ok()) << wat;
    EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable);
    EXPECT_NE(r.error().message.find("incompatible import type"), std::string::npos);
  }
  // The limits are compared in pages of the common page size.
  auto tooBig = Instance::create(load(R"((module (import "env" "mem" (memory 11 (pagesize 1)))))"),
                                 imports);
  EXPECT_FALSE(tooBig.ok());
  // createMemory refuses a page size that is not valid.
  MemoryType odd;
  odd.pageSizeLog2 = 4;
  EXPECT_FALSE(createMemory(odd).impl);
}

}  // namespace
}  // namespace witt
