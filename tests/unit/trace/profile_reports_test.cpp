// The profile reports: JSON parses back (json_check.h) with the numbers of
// the profile, folded stacks are well formed and exact, the Chrome trace
// nests, the SVG is one self-contained document. The numbers come from the
// hand-worked fib module of profiles_test.cpp.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "unit/trace/json_check.h"
#include "witt/engine.h"
#include "witt/profiles.h"

namespace witt {
namespace {

// main calls leaf once, then fib(5): fib 15 calls / 161 instructions, main 5,
// leaf 2, 168 in all (profiles_test.cpp works them out).
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

struct Profiled {
  Module module;
  FunctionNames names;
  OpcodeHistogram histogram;
  CallProfiler profiler;
};

void profile(Profiled& p) {
  auto m = Module::fromText(kFib);
  ASSERT_TRUE(m.ok());
  p.module = *m;
  p.names = FunctionNames(p.module);
  auto inst = Instance::create(p.module);
  ASSERT_TRUE(inst.ok());
  ASSERT_TRUE(inst->invoke("main", {}, p.profiler).ok());
  ASSERT_TRUE(inst->invoke("main", {}, p.histogram).ok());
  ASSERT_TRUE(p.histogram.addStatic(p.module).ok());
}

test::json::Value parseJson(const std::string& text) {
  test::json::Value v;
  test::json::Parser parser(text);
  EXPECT_TRUE(parser.parse(v)) << parser.error() << "\n" << text.substr(0, 2000);
  return v;
}

TEST(ProfileReports, HistogramJson) {
  Profiled p;
  profile(p);
  std::ostringstream s;
  writeHistogramJson(s, p.histogram);
  auto v = parseJson(s.str());
  EXPECT_EQ(v["instructions"].u64(), 168u);
  // fib 17 + leaf 2 + main 5 in the module
  EXPECT_EQ(v["inModule"].u64(), 24u);
  const auto& ops = v["opcodes"];
  ASSERT_EQ(ops.kind, test::json::Value::Array);
  uint64_t sum = 0;
  for (const auto& o : ops.items) sum += o["executed"].u64();
  EXPECT_EQ(sum, 168u);
  // local.get: fib runs 1 (inner: 1 + 2 in the else branch = 3; leaf: 2) per
  // call: 7 inner x 3 + 8 leaves x 2 = 37.
  EXPECT_EQ(ops[0]["name"].text, "local.get");
  EXPECT_EQ(ops[0]["code"].u64(), 0x20u);
  EXPECT_EQ(ops[0]["executed"].u64(), 37u);
  EXPECT_EQ(ops[0]["inModule"].u64(), 4u);
}

TEST(ProfileReports, FunctionsAndCallTreeJson) {
  Profiled p;
  profile(p);
  std::ostringstream f, t;
  writeFunctionsJson(f, p.profiler, p.names);
  writeCallTreeJson(t, p.profiler, p.names);
  auto fv = parseJson(f.str());
  EXPECT_EQ(fv["instructions"].u64(), 168u);
  EXPECT_EQ(fv["calls"].u64(), 17u);
  EXPECT_TRUE(fv["instructionsCounted"].boolean);
  const auto& funcs = fv["functions"];
  ASSERT_EQ(funcs.size(), 3u);
  EXPECT_EQ(funcs[0]["name"].text, "fib");
  EXPECT_EQ(funcs[0]["calls"].u64(), 15u);
  EXPECT_EQ(funcs[0]["selfInstructions"].u64(), 161u);
  EXPECT_EQ(funcs[1]["name"].text, "main");
  EXPECT_EQ(funcs[1]["inclusiveInstructions"].u64(), 168u);
  EXPECT_GE(funcs[1]["inclusiveNs"].u64(), funcs[1]["selfNs"].u64());

  auto tv = parseJson(t.str());
  const auto& nodes = tv["nodes"];
  ASSERT_EQ(nodes.size(), 8u);  // the root and 7 call paths
  EXPECT_EQ(nodes[0]["parent"].kind, test::json::Value::Null);
  // Depth first, callees by inclusive instructions: main, fib x5, leaf.
  const char* order[] = {"(root)", "main", "fib", "fib", "fib", "fib", "fib", "leaf"};
  const uint64_t self[] = {0, 5, 15, 30, 52, 50, 14, 2};
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(nodes[i]["id"].u64(), i);
    EXPECT_EQ(nodes[i]["name"].text, order[i]) << i;
    if (i > 0) {
      EXPECT_EQ(nodes[i]["selfInstructions"].u64(), self[i]) << i;
      // Each node's parent is listed before it.
      EXPECT_LT(nodes[i]["parent"].u64(), i);
    }
  }
  EXPECT_EQ(nodes[7]["parent"].u64(), 1u);  // leaf under main
}

TEST(ProfileReports, FoldedStacks) {
  Profiled p;
  profile(p);
  std::ostringstream s;
  writeFolded(s, p.profiler, p.names);
  // One line per call path with its self instructions, sorted.
  EXPECT_EQ(s.str(),
            "main 5\n"
            "main;fib 15\n"
            "main;fib;fib 30\n"
            "main;fib;fib;fib 52\n"
            "main;fib;fib;fib;fib 50\n"
            "main;fib;fib;fib;fib;fib 14\n"
            "main;leaf 2\n");
  std::ostringstream t;
  writeFolded(t, p.profiler, p.names, ProfileWeight::Time);
  std::regex line("^[^; ]+(;[^; ]+)* [1-9][0-9]*$");
  std::istringstream in(t.str());
  std::string l;
  int n = 0;
  while (std::getline(in, l)) {
    EXPECT_TRUE(std::regex_match(l, line)) << l;
    ++n;
  }
  EXPECT_GE(n, 1);
  EXPECT_LE(n, 7);  // a path whose self time rounds to 0 ns is left out
}

TEST(ProfileReports, ChromeTraceNests) {
  ProfileOptions o;
  o.timeline = true;
  Profiled p{Module(), FunctionNames(), OpcodeHistogram(), CallProfiler(o)};
  profile(p);
  std::ostringstream s;
  writeChromeTrace(s, p.profiler, p.names, "test");
  auto v = parseJson(s.str());
  const auto& events = v["traceEvents"];
  struct Span {
    double ts, end;
    uint64_t depth;
  };
  std::vector<Span> spans;
  uint64_t fibCalls = 0;
  for (const auto& e : events.items) {
    if (e["ph"].text == "M") continue;
    ASSERT_EQ(e["ph"].text, "X");
    ASSERT_TRUE(e.has("ts") && e.has("dur") && e.has("pid") && e.has("tid"));
    spans.push_back(
        {e["ts"].number(), e["ts"].number() + e["dur"].number(), e["args"]["depth"].u64()});
    if (e["name"].text == "fib") ++fibCalls;
    if (e["name"].text == "main") {
      EXPECT_EQ(e["args"]["instructions"].u64(), 168u);
    }
  }
  ASSERT_EQ(spans.size(), 17u);
  EXPECT_EQ(fibCalls, 15u);
  EXPECT_EQ(v["otherData"]["droppedCalls"].u64(), 0u);
  // In call order, each call lies within the latest call one level up.
  std::vector<Span> open;
  for (const Span& sp : spans) {
    while (open.size() > sp.depth) open.pop_back();
    ASSERT_EQ(open.size(), sp.depth);
    if (!open.empty()) {
      EXPECT_GE(sp.ts, open.back().ts);
      EXPECT_LE(sp.end, open.back().end + 0.0005);  // printed to the nanosecond
    }
    open.push_back(sp);
  }
}

TEST(ProfileReports, FlameGraphIsOneSelfContainedSvg) {
  Profiled p;
  profile(p);
  std::ostringstream s;
  writeFlameGraph(s, p.profiler, p.names, ProfileWeight::Instructions, "fib <test> & co");
  std::string svg = s.str();
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_NE(svg.find("fib &lt;test&gt; &amp; co"), std::string::npos);
  EXPECT_EQ(svg.find("src="), std::string::npos);   // no external script
  EXPECT_EQ(svg.find("href="), std::string::npos);  // nor any other resource
  // A box for the root and each of the 7 paths (the narrowest, leaf, is 2/168 of 1180 px).
  size_t boxes = 0;
  for (size_t at = 0; (at = svg.find("<g class=\"f\"", at)) != std::string::npos; ++at) ++boxes;
  EXPECT_EQ(boxes, 8u);
  EXPECT_NE(svg.find("<title>main (168 instructions, 100.0%)</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>leaf (2 instructions, 1.2%)</title>"), std::string::npos);
}

TEST(ProfileReports, TextReportsShowTheNumbers) {
  Profiled p;
  profile(p);
  std::ostringstream h, f, t;
  writeHistogramText(h, p.histogram);
  writeFunctionsText(f, p.profiler, p.names);
  writeCallTreeText(t, p.profiler, p.names);
  EXPECT_EQ(h.str().substr(0, h.str().find('\n')),
            "opcode histogram: 168 instructions executed, 24 in the module, 10 opcodes");
  EXPECT_NE(h.str().find("            37   22.0%          4  local.get              0x20\n"),
            std::string::npos)
      << h.str();
  // function rows: calls, self, self%, incl, incl%, then times, then the name
  std::regex fib(R"(\n +15 +161 +95\.8% +161 +95\.8% +\S+ +\S+  fib \[0\]\n)");
  EXPECT_TRUE(std::regex_search(f.str(), fib)) << f.str();
  std::regex deep(R"(\n +2 +14 +14 +\S+ +\S+ {12}fib \[0\]\n)");  // depth 6: 2 + 2 * 5 spaces
  EXPECT_TRUE(std::regex_search(t.str(), deep)) << t.str();
}

}  // namespace
}  // namespace witt
