// The region report's two formats, pinned on a report built by hand
// (docs/trace-marks.md, "Region report").
#include "itt/region_report.h"

#include <gtest/gtest.h>

namespace witt::itt {
namespace {

RegionReport sample() {
  RegionReport rep;
  rep.module = "app.wasm";
  rep.configuration = "start:18:count2,stop:19:count2";
  rep.instructionsCounted = true;
  rep.nativeMarks = "ssc";
  rep.marksExecuted = 8;
  rep.idsNeverExecuted = {99};
  rep.countersUnavailable = "perf_event_open: no such hardware counter";
  RegionStats r;
  r.index = 0;
  r.ids = {18, 19};
  r.trigger = "start:18:count2,stop:19:count2";
  r.sdeControl = "start:ssc:12:count2,stop:ssc:13:count2";
  r.entries = 2;
  r.sites = {{true, 18, 1, "main", 5, 0x40, 2}, {false, 19, 1, "main", 9, 0x44, 2}};
  r.instructions = 40;
  r.opcodes = {{"nop", 30}, {"i32.add", 6}, {"local.get", 4}};
  r.calls = 3;
  r.hostCalls = 1;
  r.wallNs = 1234567;
  rep.regions.push_back(r);
  RegionStats never;
  never.index = 1;
  never.ids = {20};
  never.trigger = "start:20";
  never.sdeControl = "start:ssc:14";
  never.instructions = 0;
  rep.regions.push_back(never);
  return rep;
}

TEST(RegionReportText, Format) {
  EXPECT_EQ(formatRegionReportText(sample(), 2),
            "region report: app.wasm\n"
            "  regions:         start:18:count2,stop:19:count2\n"
            "  instructions:    exact (traced per instruction: wall time and counters include "
            "witt's tracing)\n"
            "  native marks:    ssc\n"
            "  marks executed:  8\n"
            "  never executed:  marks 99 (0x63)\n"
            "\n"
            "region 0: marks 18 (0x12), 19 (0x13)\n"
            "  trigger:         start:18:count2,stop:19:count2  (SDE: -control "
            "start:ssc:12:count2,stop:ssc:13:count2)\n"
            "  started by:      mark 18 at $main (func 1) offset 5 (binary 0x40), 2 times\n"
            "  stopped by:      mark 19 at $main (func 1) offset 9 (binary 0x44), 2 times\n"
            "  entries:         2\n"
            "  instructions:    40 (20.0 per entry)\n"
            "  calls:           3 wasm, 1 host\n"
            "  wall time:       1.235 ms\n"
            "  top opcodes:     nop      75.00%  30\n"
            "                   i32.add  15.00%  6\n"
            "                   ... 1 more opcodes\n"
            "  hw counters:     unavailable: perf_event_open: no such hardware counter\n"
            "\n"
            "region 1: mark 20 (0x14)\n"
            "  trigger:         start:20  (SDE: -control start:ssc:14)\n"
            "  entries:         0 (never active)\n");
}

TEST(RegionReportText, CountersWhenRead) {
  RegionReport rep = sample();
  rep.countersUnavailable.clear();
  CounterValues v;
  v.values[static_cast<size_t>(Counter::Cycles)] = 1000;
  v.values[static_cast<size_t>(Counter::Instructions)] = 2500;
  rep.regions[0].counters = v;
  std::string text = formatRegionReportText(rep);
  EXPECT_NE(text.find("  hw counters:     cycles=1000 instructions=2500\n"), std::string::npos)
      << text;
}

TEST(RegionReportText, ToggleAndOpenAtEnd) {
  RegionReport rep;
  rep.configuration = "toggle";
  RegionStats r;
  r.ids = {1};
  r.trigger = "toggle";
  r.entries = 1;
  r.openAtEnd = true;
  rep.regions.push_back(r);
  std::string text = formatRegionReportText(rep);
  EXPECT_NE(text.find("  regions:         toggle (each mark id starts and stops its own region)\n"),
            std::string::npos);
  EXPECT_NE(text.find("region 0: mark 1 (0x1)\n  entries:         1 (still active when the run "
                      "ended)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  instructions:    not counted (--region-light)\n"), std::string::npos);
  EXPECT_NE(formatRegionReportText(RegionReport{}).find("\nno region: no mark executed\n"),
            std::string::npos);
}

TEST(RegionReportJson, Format) {
  EXPECT_EQ(formatRegionReportJson(sample()),
            R"({
  "module": "app.wasm",
  "configuration": "start:18:count2,stop:19:count2",
  "instructions_counted": true,
  "native_marks": "ssc",
  "marks_executed": 8,
  "ids_never_executed": [99],
  "counters_unavailable": "perf_event_open: no such hardware counter",
  "counters_missing": [],
  "perf_control": null,
  "regions": [
    {
      "index": 0,
      "ids": [18, 19],
      "trigger": "start:18:count2,stop:19:count2",
      "sde_control": "start:ssc:12:count2,stop:ssc:13:count2",
      "entries": 2,
      "open_at_end": false,
      "sites": [{"kind": "start", "id": 18, "func": 1, "func_name": "main", "offset": 5, "binary_offset": 64, "count": 2}, {"kind": "stop", "id": 19, "func": 1, "func_name": "main", "offset": 9, "binary_offset": 68, "count": 2}],
      "instructions": 40,
      "calls": 3,
      "host_calls": 1,
      "wall_ns": 1234567,
      "opcodes": [{"name": "nop", "count": 30}, {"name": "i32.add", "count": 6}, {"name": "local.get", "count": 4}],
      "counters": null,
      "counters_unavailable": "perf_event_open: no such hardware counter"
    },
    {
      "index": 1,
      "ids": [20],
      "trigger": "start:20",
      "sde_control": "start:ssc:14",
      "entries": 0,
      "open_at_end": false,
      "sites": [],
      "instructions": 0,
      "calls": 0,
      "host_calls": 0,
      "wall_ns": 0,
      "opcodes": [],
      "counters": null,
      "counters_unavailable": null
    }
  ]
}
)");
}

TEST(RegionReportJson, EscapesStringsAndReportsCounters) {
  RegionReport rep;
  rep.module = "dir\\a \"b\".wasm";
  RegionStats r;
  r.entries = 1;
  CounterValues v;
  v.values[static_cast<size_t>(Counter::BranchMisses)] = 7;
  v.timeEnabled = 10;
  v.timeRunning = 5;
  v.scaled = true;
  r.counters = v;
  rep.regions.push_back(r);
  std::string json = formatRegionReportJson(rep);
  EXPECT_NE(json.find(R"("module": "dir\\a \"b\".wasm")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("counters": {"branch-misses": 7, "time_enabled_ns": 10, )"
                      R"("time_running_ns": 5, "scaled": true})"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("instructions": null)"), std::string::npos);
  std::string empty = formatRegionReportJson(RegionReport{});
  EXPECT_TRUE(empty.ends_with("  \"regions\": []\n}\n")) << empty;
}

}  // namespace
}  // namespace witt::itt
