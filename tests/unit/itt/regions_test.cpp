// Region tracking: the four test vectors of the proposal's tooling page
// (docs/trace-marks.md), the spec strings, the toggle default, repeat.
#include "itt/regions.h"

#include <gtest/gtest.h>

namespace witt::itt {
namespace {

using Kind = RegionEvent::Kind;

// The proposal's example: a function executes marks 17, 18, 19, 18, 19, 17,
// 20, 17; "point k" is right after the k-th mark (k = 1..7).
const uint32_t kSequence[] = {17, 18, 19, 18, 19, 17, 20, 17};

std::vector<int> tracedPoints(RegionTracker& t) {
  std::vector<int> points;
  for (int k = 1; k <= 8; ++k) {
    t.onMark(kSequence[k - 1]);
    if (k <= 7 && t.isActive()) points.push_back(k);
  }
  return points;
}

std::vector<int> tracedPoints(std::string_view spec) {
  auto config = parseRegionSpec(spec);
  EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
  if (!config.ok()) return {};
  RegionTracker t(*config);
  return tracedPoints(t);
}

TEST(RegionVectors, Start17Stop17Second) {
  EXPECT_EQ(tracedPoints("start:17,stop:17:count2"), (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST(RegionVectors, Start18Stop19) {
  EXPECT_EQ(tracedPoints("start:18,stop:19"), (std::vector<int>{2}));
}

TEST(RegionVectors, Start18SecondStop19Second) {
  EXPECT_EQ(tracedPoints("start:18:count2,stop:19:count2"), (std::vector<int>{4}));
}

TEST(RegionVectors, Start18SecondStop17Third) {
  EXPECT_EQ(tracedPoints("start:18:count2,stop:17:count3"), (std::vector<int>{4, 5, 6, 7}));
}

TEST(RegionVectors, SameAnswersFromSdeAndDashSpellings) {
  // SDE reads the SSC ids in hex: 0x11 = 17, 0x12 = 18, 0x13 = 19.
  EXPECT_EQ(tracedPoints("-control start:ssc:11,stop:ssc:11:count2"),
            (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(tracedPoints("start:ssc:12,stop:ssc:13"), (std::vector<int>{2}));
  EXPECT_EQ(tracedPoints("-control start:ssc:12:count2,stop:ssc:13:count2"), (std::vector<int>{4}));
  EXPECT_EQ(tracedPoints("-start:18:count2 -stop:17:count3"), (std::vector<int>{4, 5, 6, 7}));
  EXPECT_EQ(tracedPoints("start:0x12:count2, stop:0x11:count3"), (std::vector<int>{4, 5, 6, 7}));
  EXPECT_EQ(tracedPoints("start:18:2,stop:19:2"), (std::vector<int>{4}));
}

TEST(RegionEvents, ReportedInOrderWithOccurrences) {
  auto config = parseRegionSpec("start:18:count2,stop:17:count3");
  ASSERT_TRUE(config.ok());
  RegionTracker t(*config);
  std::vector<RegionEvent> events;
  for (uint32_t id : kSequence)
    for (const RegionEvent& e : t.onMark(id)) events.push_back(e);
  EXPECT_EQ(events, (std::vector<RegionEvent>{{Kind::Start, 0, 18, 2}, {Kind::Stop, 0, 17, 3}}));
  EXPECT_EQ(t.occurrences(17), 3u);
  EXPECT_EQ(t.occurrences(99), 0u);
}

TEST(RegionToggle, EveryIdTogglesItsOwnRegion) {
  RegionTracker t;  // default configuration
  std::vector<RegionEvent> events;
  std::vector<bool> active;
  for (uint32_t id : kSequence) {
    for (const RegionEvent& e : t.onMark(id)) events.push_back(e);
    active.push_back(t.isActive());
  }
  EXPECT_EQ(events, (std::vector<RegionEvent>{{Kind::Start, 0, 17, 1},
                                              {Kind::Start, 1, 18, 1},
                                              {Kind::Start, 2, 19, 1},
                                              {Kind::Stop, 1, 18, 2},
                                              {Kind::Stop, 2, 19, 2},
                                              {Kind::Stop, 0, 17, 2},
                                              {Kind::Start, 3, 20, 1},
                                              {Kind::Start, 0, 17, 3}}));
  // Unbalanced at the end: 17 and 20 are still open, and that is fine.
  EXPECT_TRUE(t.isActive(0));
  EXPECT_FALSE(t.isActive(1));
  EXPECT_TRUE(t.isActive(3));
  EXPECT_EQ(t.toggleId(3), 20u);
  EXPECT_EQ(active, (std::vector<bool>{true, true, true, true, true, false, true, true}));
  auto toggle = parseRegionSpec("toggle");
  ASSERT_TRUE(toggle.ok());
  EXPECT_TRUE(toggle->toggle());
  EXPECT_TRUE(parseRegionSpec("")->toggle());
}

TEST(RegionConfigured, SeveralRegionsAtOnce) {
  auto config = parseRegionSpec("start:17,stop:17:count2,start:18,stop:19");
  ASSERT_TRUE(config.ok());
  ASSERT_EQ(config->regions.size(), 2u);
  RegionTracker t(*config);
  std::vector<std::pair<bool, bool>> states;
  for (uint32_t id : kSequence) {
    t.onMark(id);
    states.emplace_back(t.isActive(0), t.isActive(1));
  }
  EXPECT_EQ(states, (std::vector<std::pair<bool, bool>>{{true, false},
                                                        {true, true},
                                                        {true, false},
                                                        {true, false},
                                                        {true, false},
                                                        {false, false},
                                                        {false, false},
                                                        {false, false}}));
}

TEST(RegionConfigured, StopOnlyAndStartOnly) {
  // A stop without a start: active from the beginning.
  auto stopOnly = parseRegionSpec("stop:19");
  ASSERT_TRUE(stopOnly.ok());
  RegionTracker t(*stopOnly);
  EXPECT_TRUE(t.isActive());
  EXPECT_EQ(tracedPoints(t), (std::vector<int>{1, 2}));
  // Two starts in a row: the first region has no stop and runs to the end.
  auto starts = parseRegionSpec("start:20,start:18,stop:19");
  ASSERT_TRUE(starts.ok());
  ASSERT_EQ(starts->regions.size(), 2u);
  EXPECT_FALSE(starts->regions[0].stop.has_value());
  EXPECT_EQ(tracedPoints("start:20"), (std::vector<int>{7}));
}

TEST(RegionConfigured, StopBeforeStartIsSpent) {
  // 19's first occurrence comes while the region is inactive: the one-shot
  // stop is spent and the region, once started by the second 18, stays on.
  EXPECT_EQ(tracedPoints("start:18:count2,stop:19"), (std::vector<int>{4, 5, 6, 7}));
}

TEST(RegionConfigured, Repeat) {
  // Between every 18 and the next 19.
  EXPECT_EQ(tracedPoints("start:18:repeat,stop:19:repeat"), (std::vector<int>{2, 4}));
  // One id toggling with repeat: like the default for that id alone.
  EXPECT_EQ(tracedPoints("start:17:repeat,stop:17:repeat"), (std::vector<int>{1, 2, 3, 4, 5}));
  // Every second 17 that arrives while inactive starts.
  EXPECT_EQ(tracedPoints("start:17:count2:repeat,stop:20:repeat"), (std::vector<int>{6}));
}

TEST(RegionSpecParse, Errors) {
  for (const char* bad : {"begin:1", "start", "start:x", "start:1:count0", "start:1:county",
                          "start:1:global", "start:ssc:zz", "start:99999999999"}) {
    auto r = parseRegionSpec(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().message.rfind("--regions: ", 0), 0u) << r.error().message;
    }
  }
  auto same = parseRegionSpec("start:17,stop:17");
  ASSERT_FALSE(same.ok());
  EXPECT_NE(same.error().message.find("did you mean stop:17:count2"), std::string::npos)
      << same.error().message;
}

TEST(RegionSpecParse, ToSdeControl) {
  auto config = parseRegionSpec("start:18:count2,stop:19:count2,start:255:repeat");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(toSdeControl(*config), "start:ssc:12:count2,stop:ssc:13:count2,start:ssc:ff:repeat");
  auto back = parseRegionSpec("-control " + toSdeControl(*config));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->regions, config->regions);
}

}  // namespace
}  // namespace witt::itt
