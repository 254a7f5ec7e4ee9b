// The mark tool over real executions: the proposal's four test vectors
// (docs/trace-marks.md section 7) measured on a module, native marks firing
// once per executed mark, instruction counts, calls, counters or the reason
// they are missing.
//
// The vector module executes marks 17, 18, 19, 18, 19, 17, 20, 17 and puts
// 2^(k-1) `nop`s at "point k" (right after the k-th mark), so the number of
// nops a region counted is a bit set naming exactly the points it holds.
#include "itt/mark_tool.h"

#include <gtest/gtest.h>

#include "support/wat_module.h"

#include "itt/sections.h"

#include <string>
#include <vector>

#include "witt/engine.h"

namespace witt::itt {
namespace {

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

using witt::test::load;

std::unique_ptr<MarkTool> makeTool(const Module& m, std::string_view regions,
                                   NativeMarkMode native = NativeMarkMode::None,
                                   bool measure = true) {
  MarkToolOptions o;
  auto config = parseRegionSpec(regions);
  EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
  if (config.ok()) o.regions = *config;
  o.nativeMarks = native;
  o.measure = measure;
  auto read = readMarks(m.ir());
  EXPECT_TRUE(read.ok());
  std::vector<uint32_t> ids = read.ok() ? read->marks.ids() : std::vector<uint32_t>{};
  auto tool = MarkTool::create(o, ids, &m.ir());
  EXPECT_TRUE(tool.ok()) << (tool.ok() ? "" : tool.error().message);
  return tool.ok() ? std::move(tool).value() : nullptr;
}

void run(const Module& m, Tracer& t, const char* func = "f", std::vector<Value> args = {}) {
  auto inst = Instance::create(m, {});
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  auto r = inst->invoke(func, args, t);
  ASSERT_TRUE(r.ok()) << r.error().describe();
}

// The points a nop count stands for: bit k-1 is point k.
std::vector<int> points(uint64_t nops) {
  std::vector<int> p;
  for (int k = 1; k <= 7; ++k)
    if (nops & (uint64_t{1} << (k - 1))) p.push_back(k);
  EXPECT_LT(nops, 128u) << "more nops than the seven points hold";
  return p;
}

uint64_t count(const RegionStats& r, std::string_view op) {
  for (const OpcodeCount& c : r.opcodes)
    if (c.name == op) return c.count;
  return 0;
}

// The one region of `spec`, measured over one run of the vector module.
RegionStats measureVector(std::string_view spec) {
  Module m = load(kVectorWat);
  auto tool = makeTool(m, spec);
  if (!tool) return {};
  run(m, *tool);
  tool->finish();
  RegionReport rep = tool->report();
  EXPECT_EQ(rep.marksExecuted, 8u);
  EXPECT_EQ(rep.regions.size(), 1u);
  return rep.regions.empty() ? RegionStats{} : rep.regions[0];
}

TEST(MarkToolVectors, Start17Stop17Second) {
  RegionStats r = measureVector("start:17,stop:17:count2");
  EXPECT_EQ(points(count(r, "nop")), (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(r.instructions, 31u);  // nothing but the points' nops
  EXPECT_EQ(r.entries, 1u);
  EXPECT_FALSE(r.openAtEnd);
}

TEST(MarkToolVectors, Start18Stop19) {
  RegionStats r = measureVector("start:18,stop:19");
  EXPECT_EQ(points(count(r, "nop")), (std::vector<int>{2}));
  EXPECT_EQ(r.instructions, 2u);
}

TEST(MarkToolVectors, Start18SecondStop19Second) {
  RegionStats r = measureVector("start:18:count2,stop:19:count2");
  EXPECT_EQ(points(count(r, "nop")), (std::vector<int>{4}));
  EXPECT_EQ(r.instructions, 8u);
}

TEST(MarkToolVectors, Start18SecondStop17Third) {
  RegionStats r = measureVector("start:18:count2,stop:17:count3");
  EXPECT_EQ(points(count(r, "nop")), (std::vector<int>{4, 5, 6, 7}));
  EXPECT_EQ(r.instructions, 120u);  // the 8th mark stops it before the final end
  EXPECT_EQ(r.opcodes.size(), 1u);
}

TEST(MarkToolVectors, FourRegionsAtOnceMatchEachAlone) {
  // The four configurations in one --regions value: regions are independent.
  Module m = load(kVectorWat);
  auto tool = makeTool(m,
                       "start:17,stop:17:count2 start:18,stop:19 start:18:count2,stop:19:count2 "
                       "start:18:count2,stop:17:count3");
  ASSERT_TRUE(tool);
  run(m, *tool);
  tool->finish();
  RegionReport rep = tool->report();
  ASSERT_EQ(rep.regions.size(), 4u);
  EXPECT_EQ(points(count(rep.regions[0], "nop")), (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(points(count(rep.regions[1], "nop")), (std::vector<int>{2}));
  EXPECT_EQ(points(count(rep.regions[2], "nop")), (std::vector<int>{4}));
  EXPECT_EQ(points(count(rep.regions[3], "nop")), (std::vector<int>{4, 5, 6, 7}));
  EXPECT_EQ(rep.regions[2].trigger, "start:18:count2,stop:19:count2");
  EXPECT_EQ(rep.regions[2].sdeControl, "start:ssc:12:count2,stop:ssc:13:count2");
  EXPECT_EQ(rep.regions[3].ids, (std::vector<uint32_t>{18, 17}));
}

TEST(MarkToolVectors, ToggleDefaultGivesEachIdItsRegion) {
  Module m = load(kVectorWat);
  auto tool = makeTool(m, "");
  ASSERT_TRUE(tool);
  run(m, *tool);
  tool->finish();
  RegionReport rep = tool->report();
  EXPECT_EQ(rep.configuration, "toggle");
  ASSERT_EQ(rep.regions.size(), 4u);  // in the order the ids first occur
  const RegionStats &r17 = rep.regions[0], &r18 = rep.regions[1], &r19 = rep.regions[2],
                    &r20 = rep.regions[3];
  EXPECT_EQ(r17.ids, (std::vector<uint32_t>{17}));
  // 17: 1st mark starts, 6th stops, 8th starts again before the final end.
  EXPECT_EQ(points(count(r17, "nop")), (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(count(r17, "end"), 1u);
  EXPECT_EQ(r17.entries, 2u);
  EXPECT_TRUE(r17.openAtEnd);
  EXPECT_EQ(points(count(r18, "nop")), (std::vector<int>{2, 3}));
  EXPECT_EQ(points(count(r19, "nop")), (std::vector<int>{3, 4}));
  EXPECT_EQ(points(count(r20, "nop")), (std::vector<int>{7}));
  EXPECT_TRUE(r20.openAtEnd);
  EXPECT_EQ(r20.instructions, 65u);  // 64 nops and the final end
}

TEST(MarkTool, SitesNameTheMarksThatStartAndStop) {
  RegionStats r = measureVector("start:18,stop:19");
  ASSERT_EQ(r.sites.size(), 2u);
  EXPECT_TRUE(r.sites[0].start);
  EXPECT_EQ(r.sites[0].id, 18u);
  EXPECT_EQ(r.sites[0].funcIndex, 0u);
  EXPECT_EQ(r.sites[0].offset, 2u);  // no locals (1 byte), then one nop: offset 2
  EXPECT_EQ(r.sites[0].count, 1u);
  EXPECT_FALSE(r.sites[1].start);
  EXPECT_EQ(r.sites[1].id, 19u);
  EXPECT_EQ(r.sites[1].offset, 4u);
}

TEST(MarkTool, RegionsCountOverTheWholeRunNotPerInvocation) {
  // The engine restarts its occurrence count each invocation; regions must
  // not: with stop:17:count3 the region of the first run ends in the second.
  Module m = load(R"((module (func (export "f") (trace_instruction 17) nop)))");
  auto tool = makeTool(m, "start:17,stop:17:count3");
  ASSERT_TRUE(tool);
  for (int i = 0; i < 3; ++i) run(m, *tool);
  tool->finish();
  RegionStats r = tool->report().regions.at(0);
  EXPECT_EQ(r.entries, 1u);
  // Runs 1 and 2 entirely (nop, end each), none of run 3.
  EXPECT_EQ(r.instructions, 4u);
}

constexpr const char* kLoopWat = R"((module
  (func $leaf (result i32) i32.const 1)
  (func (export "loop") (param $n i32) (result i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (trace_instruction 7)
        (local.set $s (i32.add (local.get $s) (call $leaf)))
        (trace_instruction 7)
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $s))))";

TEST(MarkTool, LoopRegionCountsEntriesInstructionsAndCalls) {
  Module m = load(kLoopWat);
  auto tool = makeTool(m, "");
  ASSERT_TRUE(tool);
  run(m, *tool, "loop", {Value::fromI32(100)});
  tool->finish();
  RegionReport rep = tool->report();
  ASSERT_EQ(rep.regions.size(), 1u);
  const RegionStats& r = rep.regions[0];
  EXPECT_EQ(r.entries, 100u);
  EXPECT_EQ(r.calls, 100u);
  // Per entry: local.get $s, call, [$leaf: i32.const, end], i32.add, local.set.
  EXPECT_EQ(r.instructions, 600u);
  EXPECT_EQ(count(r, "call"), 100u);
  EXPECT_EQ(count(r, "i32.const"), 100u);
  EXPECT_EQ(count(r, "end"), 100u);
  EXPECT_GT(r.wallNs, 0u);
  EXPECT_EQ(rep.marksExecuted, 200u);
  // Most frequent first, ties by name.
  for (size_t i = 1; i < r.opcodes.size(); ++i)
    EXPECT_GE(r.opcodes[i - 1].count, r.opcodes[i].count);
}

TEST(MarkTool, LightModeAsksOnlyForMarksAndCalls) {
  Module m = load(kLoopWat);
  MarkToolOptions o;
  o.measure = true;
  o.countInstructions = false;
  auto tool = MarkTool::create(o, {}, &m.ir());
  ASSERT_TRUE(tool.ok());
  EXPECT_EQ((*tool)->events(), uint32_t{kTraceMarks | kTraceCalls});
  run(m, **tool, "loop", {Value::fromI32(10)});
  (*tool)->finish();
  RegionReport rep = (*tool)->report();
  EXPECT_FALSE(rep.instructionsCounted);
  ASSERT_EQ(rep.regions.size(), 1u);
  EXPECT_FALSE(rep.regions[0].instructions.has_value());
  EXPECT_EQ(rep.regions[0].entries, 10u);
  EXPECT_EQ(rep.regions[0].calls, 10u);
}

TEST(MarkTool, WithoutMeasuringItAsksOnlyForMarks) {
  MarkToolOptions o;
  auto tool = MarkTool::create(o);
  ASSERT_TRUE(tool.ok());
  EXPECT_EQ((*tool)->events(), uint32_t{kTraceMarks});
}

TEST(MarkTool, IdsThatNeverFireAreReported) {
  Module m = load(R"((module (func (export "f") (param i32)
      (if (local.get 0) (then (trace_instruction 5) nop))
      (trace_instruction 6))))");
  auto tool = makeTool(m, "");
  ASSERT_TRUE(tool);
  run(m, *tool, "f", {Value::fromI32(0)});
  tool->finish();
  EXPECT_EQ(tool->report().idsNeverExecuted, (std::vector<uint32_t>{5}));
}

TEST(MarkTool, CountersOrTheReasonTheyAreUnavailable) {
  Module m = load(kLoopWat);
  auto tool = makeTool(m, "");
  ASSERT_TRUE(tool);
  run(m, *tool, "loop", {Value::fromI32(1000)});
  tool->finish();
  RegionReport rep = tool->report();
  ASSERT_EQ(rep.regions.size(), 1u);
  auto probe = PerfCounters::open();
  if (!probe.ok()) {
    // This host has no counters (a VM without a PMU, perf_event_paranoid,
    // seccomp): the report gives the one-line reason and no value.
    EXPECT_EQ(rep.countersUnavailable, probe.error().message);
    EXPECT_EQ(rep.countersUnavailable.find('\n'), std::string::npos);
    EXPECT_FALSE(rep.regions[0].counters.has_value());
    std::string text = formatRegionReportText(rep);
    EXPECT_NE(text.find("  hw counters:     unavailable: perf_event_open: "), std::string::npos)
        << text;
    std::string json = formatRegionReportJson(rep);
    EXPECT_NE(json.find("\"counters\": null"), std::string::npos) << json;
    EXPECT_NE(json.find("\"counters_unavailable\": \"perf_event_open: "), std::string::npos);
    return;
  }
  EXPECT_TRUE(rep.countersUnavailable.empty()) << rep.countersUnavailable;
  ASSERT_TRUE(rep.regions[0].counters.has_value());
  size_t present = 0;
  for (Counter c : kAllCounters) present += (*rep.regions[0].counters)[c].has_value();
  EXPECT_GT(present, 0u);
}

TEST(MarkTool, RegionActiveFromTheBeginningIsMeasuredFromCreation) {
  Module m = load(kVectorWat);
  auto tool = makeTool(m, "stop:19");
  ASSERT_TRUE(tool);
  run(m, *tool);
  tool->finish();
  RegionStats r = tool->report().regions.at(0);
  EXPECT_EQ(r.entries, 1u);
  EXPECT_EQ(points(count(r, "nop")), (std::vector<int>{1, 2}));
}

// ---- native marks: one stub call per executed mark

void expectNativeFires(NativeMarkMode mode) {
  if (!nativeMarksSupported()) GTEST_SKIP() << "native marks need x86-64 Linux";
  Module m = load(kVectorWat);
  auto tool = makeTool(m, "", mode, /*measure=*/false);
  ASSERT_TRUE(tool);
  ASSERT_NE(tool->nativeMarks(), nullptr);
  // The module's ids had their stubs generated when the tool was created.
  for (uint32_t id : {17u, 18u, 19u, 20u}) EXPECT_NE(tool->nativeMarks()->stub(id), nullptr);
  run(m, *tool);
  EXPECT_EQ(tool->nativeMarks()->fired(), 8u);
  run(m, *tool);
  EXPECT_EQ(tool->nativeMarks()->fired(), 16u);

  Module loop = load(kLoopWat);
  auto loopTool = makeTool(loop, "", mode, /*measure=*/true);
  ASSERT_TRUE(loopTool);
  run(loop, *loopTool, "loop", {Value::fromI32(250)});
  EXPECT_EQ(loopTool->nativeMarks()->fired(), 500u);
  EXPECT_EQ(loopTool->marksExecuted(), 500u);
}

TEST(MarkToolNative, SscFiresOncePerExecutedMark) { expectNativeFires(NativeMarkMode::Ssc); }
TEST(MarkToolNative, CpuidFiresOncePerExecutedMark) { expectNativeFires(NativeMarkMode::Cpuid); }

TEST(MarkToolNative, NoneFiresNothing) {
  Module m = load(kVectorWat);
  auto tool = makeTool(m, "", NativeMarkMode::None, false);
  ASSERT_TRUE(tool);
  run(m, *tool);
  EXPECT_EQ(tool->nativeMarks()->fired(), 0u);
  EXPECT_EQ(tool->marksExecuted(), 8u);
}

TEST(MarkToolNative, UnsupportedHostIsAnErrorAtCreation) {
  if (nativeMarksSupported()) GTEST_SKIP() << "this host supports native marks";
  MarkToolOptions o;
  o.nativeMarks = NativeMarkMode::Ssc;
  auto tool = MarkTool::create(o);
  ASSERT_FALSE(tool.ok());
  EXPECT_NE(tool.error().message.find("unsupported on this host"), std::string::npos);
}

TEST(MarkTool, OpKeysAreDistinct) {
  EXPECT_EQ(MarkTool::opKey(0, 0x6a), 0x6au);
  EXPECT_NE(MarkTool::opKey(0xFC, 0), MarkTool::opKey(0xFD, 0));
  EXPECT_NE(MarkTool::opKey(0xFD, 0x113), MarkTool::opKey(0xFE, 0x113));
  EXPECT_LT(MarkTool::opKey(0xFE, 511), MarkTool::kOpKeys - 1);
  EXPECT_EQ(MarkTool::opKey(0xFD, 4096), MarkTool::kOpKeys - 1);
}

}  // namespace
}  // namespace witt::itt
