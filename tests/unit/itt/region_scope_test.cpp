// Scoping tracers to mark regions: the inner tracer sees only what runs
// inside a region, bulk instruction counts are exact at the marks, and the
// proposal's test vectors hold for a scoped Counting tracer too.
#include "itt/region_scope.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "witt/engine.h"
#include "witt/tracers.h"

namespace witt::itt {
namespace {

// Marks 17, 18, 19, 18, 19, 17, 20, 17 with 2^(k-1) nops at point k (as in
// mark_tool_test.cpp): an exact op count inside a region names its points.
constexpr const char* kVectorWat = R"((module
  (func (export "f")
    (trace_instruction 17) nop
    (trace_instruction 18) nop nop
    (trace_instruction 19) nop nop nop nop
    (trace_instruction 18) nop nop nop nop nop nop nop nop
    (trace_instruction 19) nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
    (trace_instruction 17)
      nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
      nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
    (trace_instruction 20)
      nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
      nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
      nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
      nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop nop
    (trace_instruction 17))))";

Instance instantiate(std::string_view wat) {
  auto m = Module::fromText(wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().describe());
  auto i = Instance::create(*m, {});
  EXPECT_TRUE(i.ok()) << (i.ok() ? "" : i.error().describe());
  return *i;
}

RegionConfig config(std::string_view spec) {
  auto c = parseRegionSpec(spec);
  EXPECT_TRUE(c.ok());
  return c.ok() ? *c : RegionConfig{};
}

uint64_t scopedOps(std::string_view spec) {
  Instance inst = instantiate(kVectorWat);
  CountingTracer counting;
  RegionScopedTracer scoped(counting, config(spec));
  EXPECT_TRUE(inst.invoke("f", {}, scoped).ok());
  return counting.ops;
}

TEST(RegionScope, CountingTracerSeesTheTestVectorsPoints) {
  EXPECT_EQ(scopedOps("start:17,stop:17:count2"), 31u);          // points 1-5
  EXPECT_EQ(scopedOps("start:18,stop:19"), 2u);                  // point 2
  EXPECT_EQ(scopedOps("start:18:count2,stop:19:count2"), 8u);    // point 4
  EXPECT_EQ(scopedOps("start:18:count2,stop:17:count3"), 120u);  // points 4-7
}

// An inner tracer taking batches (kTraceBatches) is fed through a
// BatchOfOne: the scope still takes its marks as hooks, when they execute.
TEST(RegionScope, ABatchedInnerTracerGetsTheRegionsCounts) {
  class BatchedOps : public Tracer {
   public:
    uint64_t ops = 0, batches = 0;
    uint32_t events() const override { return kTraceOpCounts | kTraceBatches; }
    void onEvents(std::span<const Event> batch) override {
      ++batches;
      for (const Event& e : batch)
        if (e.kind == EventKind::Ops) ops += e.value;
    }
  };
  Instance inst = instantiate(kVectorWat);
  BatchedOps inner;
  RegionScopedTracer scoped(inner, config("start:18:count2,stop:17:count3"));
  EXPECT_FALSE(scoped.events() & kTraceBatches);
  EXPECT_EQ(&scoped.inner(), &inner);
  ASSERT_TRUE(inst.invoke("f", {}, scoped).ok());
  EXPECT_EQ(inner.ops, 120u);  // points 4-7, as for Counting above
  EXPECT_GT(inner.batches, 0u);
}

// Blocks in groups (kTraceBlockRuns): the opening instructions after a
// group's first are in no run, and the scope still counts them. Inside the
// region: block block block nop end end end, 7 instructions, one group of 3.
TEST(RegionScope, BlockGroupsKeepTheRegionsCountExact) {
  class GroupsAndOps : public Tracer {
   public:
    uint64_t ops = 0;
    std::vector<size_t> groups;
    uint32_t events() const override { return kTraceOpCounts | kTraceBlockRuns; }
    void onOps(uint64_t n) override { ops += n; }
    void onBlocks(std::span<const BlockEvent> blocks) override { groups.push_back(blocks.size()); }
  };
  Instance inst = instantiate(R"((module
    (func (export "g")
      nop
      (trace_instruction 1)
      (block (block (block nop)))
      (trace_instruction 1)
      nop)))");
  GroupsAndOps inner;
  RegionScopedTracer scoped(inner, config("toggle"));
  ASSERT_TRUE(inst.invoke("g", {}, scoped).ok());
  EXPECT_EQ(inner.ops, 7u);
  EXPECT_EQ(inner.groups, std::vector<size_t>{3});
}

TEST(RegionScope, DeclaresMarksAndCountsPerInstructionForBulkCounters) {
  CountingTracer counting;
  RegionScopedTracer scoped(counting);
  EXPECT_TRUE(scoped.events() & kTraceMarks);
  EXPECT_TRUE(scoped.events() & kTraceInstrRuns);
  EXPECT_TRUE(scoped.events() & kTraceOpCounts);
  EXPECT_TRUE(scoped.events() & kTraceCalls);
}

// Records what it is given.
class Recorder : public Tracer {
 public:
  uint32_t mask;
  std::vector<std::string> log;
  explicit Recorder(uint32_t m) : mask(m) {}
  uint32_t events() const override { return mask; }
  void onInstr(const InstrEvent& e) override { log.push_back(e.name); }
  void onCall(uint32_t f) override { log.push_back("call " + std::to_string(f)); }
  void onReturn(uint32_t f) override { log.push_back("return " + std::to_string(f)); }
  void onMark(uint32_t id, uint32_t, uint32_t, uint64_t) override {
    log.push_back("mark " + std::to_string(id));
  }
  void onOps(uint64_t n) override { log.push_back("ops " + std::to_string(n)); }
};

TEST(RegionScope, ForwardsOnlyInsideRegionsWithTheBoundaryMarks) {
  Instance inst = instantiate(R"((module
    (func $g (result i32) i32.const 7)
    (func (export "f") (result i32)
      call $g drop
      (trace_instruction 1)
      call $g
      (trace_instruction 1)
      drop
      call $g)))");
  Recorder rec(kTraceInstrs | kTraceCalls | kTraceMarks);
  RegionScopedTracer scoped(rec);
  ASSERT_TRUE(inst.invoke("f", {}, scoped).ok());
  EXPECT_EQ(rec.log, (std::vector<std::string>{"mark 1", "call", "call 0", "i32.const", "end",
                                               "return 0", "mark 1"}));
}

TEST(RegionScope, EventsTheInnerDidNotDeclareAreNotForwarded) {
  Instance inst = instantiate(R"((module (func (export "f")
      (trace_instruction 1) nop (trace_instruction 1))))");
  Recorder rec(kTraceCalls);  // no ops, no marks
  RegionScopedTracer scoped(rec);
  ASSERT_TRUE(inst.invoke("f", {}, scoped).ok());
  EXPECT_TRUE(rec.log.empty());
}

TEST(RegionScope, BulkCountsAreFlushedAtEachRegionExit) {
  Instance inst = instantiate(R"((module (func (export "f")
      (trace_instruction 1) nop nop (trace_instruction 1)
      nop
      (trace_instruction 1) nop (trace_instruction 1))))");
  Recorder rec(kTraceOpCounts | kTraceMarks);
  RegionScopedTracer scoped(rec);
  ASSERT_TRUE(inst.invoke("f", {}, scoped).ok());
  EXPECT_EQ(rec.log,
            (std::vector<std::string>{"mark 1", "ops 2", "mark 1", "mark 1", "ops 1", "mark 1"}));
}

TEST(RegionScope, ARegionOpenAtTheEndIsFlushedByTheInvocationEnd) {
  Instance inst = instantiate(R"((module (func (export "f")
      nop (trace_instruction 1) nop nop)))");
  CountingTracer counting;
  RegionScopedTracer scoped(counting);
  ASSERT_TRUE(inst.invoke("f", {}, scoped).ok());
  EXPECT_EQ(counting.ops, 3u);  // nop, nop, end
}

TEST(RegionScope, WorksInsideAFanoutNextToTheUnscopedTracer) {
  Instance inst = instantiate(kVectorWat);
  CountingTracer inside, everything;
  RegionScopedTracer scoped(inside, config("start:18,stop:19"));
  FanoutTracer fan;
  fan.add(scoped);
  fan.add(everything);
  ASSERT_TRUE(inst.invoke("f", {}, fan).ok());
  EXPECT_EQ(inside.ops, 2u);
  EXPECT_EQ(everything.ops, 128u);  // 127 nops and the end
}

}  // namespace
}  // namespace witt::itt
