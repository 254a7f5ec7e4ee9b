// Counting's per-block instruction counts equal per-instruction counting on
// real compiled code: the benchmark modules (bench/wasm/small, built from C
// by clang), whose control flow exercises every block shape clang emits.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"
#include "witt/engine.h"
#include "witt/tracer.h"

namespace witt {
namespace {

class PerOp : public Tracer {
 public:
  uint64_t ops = 0, calls = 0;
  uint32_t events() const override { return kTraceOps | kTraceCalls; }
  void onOp(uint32_t) override { ++ops; }
  void onCall(uint32_t) override { ++calls; }
};

TEST(CountingOnBenchmarks, BlockCountsEqualPerOpCounts) {
  std::filesystem::path dir = std::filesystem::path(test::sourceDir()) / "bench" / "wasm" / "small";
  int checked = 0;
  for (const char* name : {"sort", "vm", "json", "recursion", "lz"}) {
    auto path = dir / (std::string(name) + ".wasm");
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    auto m = Module::fromFile(path.string());
    ASSERT_TRUE(m.ok()) << m.error().describe();
    auto inst = Instance::create(*m);
    ASSERT_TRUE(inst.ok());
    auto plain = inst->invoke("run");
    PerOp ref;
    auto a = inst->invoke("run", {}, ref);
    CountingTracer c;
    auto b = inst->invoke("run", {}, c);
    ASSERT_TRUE(plain.ok() && a.ok() && b.ok()) << name;
    EXPECT_EQ((*plain)[0].i64, (*a)[0].i64) << name;
    EXPECT_EQ((*plain)[0].i64, (*b)[0].i64) << name;
    EXPECT_EQ(ref.ops, c.ops) << name;
    EXPECT_EQ(ref.calls, c.calls) << name;
    EXPECT_GT(c.ops, 1000000u) << name;
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

}  // namespace
}  // namespace witt
