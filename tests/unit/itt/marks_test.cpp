// The mark model: ordering, several ids at one offset, validation against a
// module, marks from the text format.
#include "itt/marks.h"

#include <gtest/gtest.h>

#include "itt_test_util.h"
#include "text/parser.h"

namespace witt::itt {
namespace {

using namespace witt::itt::test;

TEST(MarkSet, SortedByFunctionThenOffsetKeepingInsertionOrder) {
  MarkSet s({{2, 7, 1}, {1, 3, 2}, {2, 3, 3}, {2, 7, 4}, {1, 3, 5}});
  EXPECT_EQ(s.marks(),
            (std::vector<TraceMark>{{1, 3, 2}, {1, 3, 5}, {2, 3, 3}, {2, 7, 1}, {2, 7, 4}}));
  s.add(TraceMark{2, 7, 0});  // after the marks already at (2, 7)
  s.add(TraceMark{0, 9, 9});
  EXPECT_EQ(s.marks(),
            (std::vector<TraceMark>{
                {0, 9, 9}, {1, 3, 2}, {1, 3, 5}, {2, 3, 3}, {2, 7, 1}, {2, 7, 4}, {2, 7, 0}}));
  auto f2 = s.forFunction(2);
  ASSERT_EQ(f2.size(), 4u);
  EXPECT_EQ(f2[0], (TraceMark{2, 3, 3}));
  EXPECT_TRUE(s.forFunction(5).empty());
  EXPECT_EQ(s.ids(), (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 9}));
}

TEST(MarkBodyMap, InstructionStarts) {
  spec::Module m = decodeOk(sampleModule());
  auto map = BodyMap::build(m, 2);
  ASSERT_TRUE(map.ok()) << map.error().describe();
  EXPECT_EQ(map->instrs().size(), 19u);
  EXPECT_EQ(map->firstOffset(), 3u);  // after 01 01 7f
  EXPECT_EQ(map->endOffset(), 34u);
  EXPECT_EQ(map->instrs().back().op, Op::End);
  EXPECT_EQ(map->instrs().back().offset, 33u);
  EXPECT_TRUE(map->isInstrStart(3));
  EXPECT_FALSE(map->isInstrStart(4));  // block's type byte
  EXPECT_EQ(map->indexOf(10), 4u);     // br_if 1
  EXPECT_EQ(map->firstAtOrAfter(4), 1u);
  EXPECT_FALSE(BodyMap::build(m, 0).ok());  // imported
  EXPECT_FALSE(BodyMap::build(m, 3).ok());  // no such function
}

TEST(MarkValidate, DropsWhatCannotFire) {
  spec::Module m = decodeOk(sampleModule());
  MarkSet s(
      {{0, 0, 1}, {1, 0, 2}, {1, 1, 3}, {1, 2, 4}, {1, 6, 5}, {1, 7, 6}, {2, 33, 7}, {9, 1, 8}});
  std::vector<MarkDiagnostic> d = validateMarks(m, s, "test");
  EXPECT_EQ(s, MarkSet({{1, 1, 3}, {1, 6, 5}, {2, 33, 7}}));
  ASSERT_EQ(d.size(), 5u);
  EXPECT_NE(d[0].message.find("imported"), std::string::npos) << d[0].describe();
  EXPECT_NE(d[1].message.find("local declarations"), std::string::npos) << d[1].describe();
  EXPECT_NE(d[2].message.find("not an instruction start"), std::string::npos) << d[2].describe();
  EXPECT_NE(d[3].message.find("past the end"), std::string::npos) << d[3].describe();
  EXPECT_NE(d[4].message.find("no function 9"), std::string::npos) << d[4].describe();
  EXPECT_EQ(d[0].describe().rfind("test: mark 1: ", 0), 0u) << d[0].describe();
  EXPECT_TRUE(hasWarnings(d));
}

TEST(MarkFromIr, TextOffsetsBecomeBodyOffsets) {
  auto m = text::parseModule(R"((module
    (func (param i32) (result i32) (local f32)
      local.get 0
      (trace_instruction 7)
      i32.const 2
      i32.mul)))");
  ASSERT_TRUE(m.ok()) << m.error().describe();
  // The text parser's pool holds only the instructions; the declarations
  // (01 01 7d) are counted as the writer will encode them.
  EXPECT_EQ(localsSize(m->code[0]), 3u);
  MarkSet s = marksFromIr(*m);
  EXPECT_EQ(s, MarkSet({{0, 5, 7}}));
  EXPECT_TRUE(validateMarks(*m, s).empty());
}

TEST(MarkDiagnostic, Describe) {
  MarkDiagnostic d;
  d.section = "instTrace";
  d.entry = 2;
  d.fileOffset = 0x1f;
  d.message = "bad";
  EXPECT_EQ(d.describe(), "instTrace: entry 2 at 0x1f: bad");
  d.severity = MarkDiagnostic::Severity::Note;
  d.entry.reset();
  EXPECT_EQ(d.describe(), "instTrace: at 0x1f: note: bad");
  EXPECT_FALSE(hasWarnings(std::vector<MarkDiagnostic>{d}));
}

}  // namespace
}  // namespace witt::itt
