// Reproductions of the engine issues in src/trace/ENGINE_ISSUES.md that
// were bugs (issue 1, fixed), kept as regression tests.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "witt/engine.h"
#include "witt/tracer.h"

namespace witt {
namespace {

class PerOp : public Tracer {
 public:
  uint64_t ops = 0;
  uint32_t events() const override { return kTraceOps; }
  void onOp(uint32_t) override { ++ops; }
};

// Issue 1: when fuel runs out at a basic block's Meter, the block's count is
// taken back twice (by the Meter handler and by the trap's correction), so
// Counting reports one block too few, and the thread's instruction counter
// goes below zero (wraps) when fewer instructions than the block's size had
// run. A timeout bounds each call: with the counter wrapped, the next call's
// fuel limit is never reached.
const char* kSpin = R"((module (func (export "spin") (local i32)
    (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br $l)))))";

TEST(EngineIssues, CountingEqualsPerOpWhenFuelRunsOut) {
  auto m = Module::fromText(kSpin);
  ASSERT_TRUE(m.ok());
  auto inst = Instance::create(*m);
  ASSERT_TRUE(inst.ok());
  for (uint64_t fuel : {50u, 6u, 1u}) {
    CallOptions o;
    o.fuel = fuel;
    o.timeoutMs = 2000;
    PerOp ref;
    CountingTracer c;
    EXPECT_FALSE(inst->invoke("spin", {}, ref, o).ok());
    EXPECT_FALSE(inst->invoke("spin", {}, c, o).ok());
    // loop (1), then bodies of 5 (local.get i32.const i32.add local.set br)
    // while they fit: fuel 50 -> 46, 6 -> 6, 1 -> 1. Counting says 41, 1, 2^64-4.
    EXPECT_EQ(c.ops, ref.ops) << "fuel " << fuel;
    EXPECT_LE(c.ops, fuel);
  }
}

TEST(EngineIssues, FuelStillLimitsTheNextCall) {
  auto m = Module::fromText(kSpin);
  ASSERT_TRUE(m.ok());
  auto inst = Instance::create(*m);
  ASSERT_TRUE(inst.ok());
  // A new thread: a fresh execution context (its counter starts at 0).
  std::vector<std::string> outcomes;
  std::thread([&] {
    CallOptions o;
    o.fuel = 1;
    o.timeoutMs = 1000;
    for (int call = 1; call <= 2; ++call) {
      auto r = inst->invoke("spin", {}, Tracer::none(), o);
      outcomes.push_back(r.ok() ? "ok" : r.error().message);
    }
  }).join();
  // Without tracers: the first call leaves the counter at 2^64-4, and the
  // second runs until the timeout.
  EXPECT_EQ(outcomes, (std::vector<std::string>{"all fuel consumed", "all fuel consumed"}));
}

}  // namespace
}  // namespace witt
