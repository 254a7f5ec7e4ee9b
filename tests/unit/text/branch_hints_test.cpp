// Branch hint annotations in the text format (src/text/branch_hints.cpp):
// the custom section they make and the placements the testsuite rejects.
#include <gtest/gtest.h>

#include "binary/module_decoder.h"
#include "binary/writer.h"
#include "text/code_metadata.h"
#include "text/parser.h"

namespace witt::text {
namespace {

// The content of the module's branch hint section, or nothing.
std::optional<std::vector<uint8_t>> hintSection(std::string_view wat) {
  auto m = parseModule(wat, "hints.wat");
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().describe());
  if (!m.ok()) return std::nullopt;
  // Through the binary: the section must survive writing and decoding.
  auto d = binary::decodeModule(binary::writeModule(*m));
  EXPECT_TRUE(d.ok());
  for (const auto& c : d->customs) {
    if (c.name != kBranchHintSectionName) continue;
    auto s = d->span(c.content);
    return std::vector<uint8_t>(s.begin(), s.end());
  }
  return std::nullopt;
}

Error parseError(std::string_view wat) {
  auto m = parseModule(wat, "hints.wat");
  EXPECT_FALSE(m.ok());
  return m.ok() ? Error() : m.error();
}

TEST(BranchHints, PlainIfAndBrIf) {
  // Body offsets from the local declarations: locals 0, local.get 1-2,
  // if 3-4, local.get 5-6, br_if 7-8, end 9, end 10.
  auto s = hintSection(R"((module (func (param i32)
      local.get 0
      (@metadata.code.branch_hint "\01") if
        local.get 0
        (@metadata.code.branch_hint "\00") br_if 0
      end)))");
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (std::vector<uint8_t>{1, 0, 2, 3, 1, 1, 7, 1, 0}));
}

TEST(BranchHints, FoldedFormsHintTheirOpcode) {
  // The folded `if` and `br_if` are encoded after their operands: local.get
  // 1-2, if 3-4, local.get 5-6, br_if 7-8, end 9, end 10.
  auto s = hintSection(R"((module (func (param i32)
      (@metadata.code.branch_hint "\00")
      (if (local.get 0) (then
        (@metadata.code.branch_hint "\01")
        (br_if 0 (local.get 0)))))))");
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (std::vector<uint8_t>{1, 0, 2, 3, 1, 0, 7, 1, 1}));
}

TEST(BranchHints, FunctionIndexCountsImportsAndLocalsShiftOffsets) {
  auto s = hintSection(R"((module
      (import "m" "f" (func))
      (func (local i32 i64)
        (@metadata.code.branch_hint "\01") (br_if 0 (i32.const 1)))))");
  ASSERT_TRUE(s);
  // Function 1; locals `02 01 7f 01 7e` take 5 bytes, i32.const 5-6, br_if 7.
  EXPECT_EQ(*s, (std::vector<uint8_t>{1, 1, 1, 7, 1, 1}));
}

TEST(BranchHints, NoHintsNoSection) { EXPECT_FALSE(hintSection("(module (func nop))")); }

TEST(BranchHints, Errors) {
  struct Case {
    const char* wat;
    ErrorKind kind;
    const char* message;
  };
  const Case cases[] = {
      {R"((module (func (param i32) local.get 0
           (@metadata.code.branch_hint "\01") (@metadata.code.branch_hint "\01") if end)))",
       ErrorKind::Malformed, "@metadata.code.branch_hint annotation: duplicate annotation"},
      {R"((module (@metadata.code.branch_hint "\01") (func)))", ErrorKind::Malformed,
       "@metadata.code.branch_hint annotation: not in a function"},
      {R"((module (global i32 (@metadata.code.branch_hint "\01") (i32.const 0))))",
       ErrorKind::Malformed, "@metadata.code.branch_hint annotation: not in a function"},
      {R"((module (func (import "m" "f") (@metadata.code.branch_hint "\01"))))",
       ErrorKind::Malformed, "@metadata.code.branch_hint annotation: not in a function"},
      {R"((module (func nop (@metadata.code.branch_hint "\01"))))", ErrorKind::Malformed,
       "@metadata.code.branch_hint annotation: invalid placement"},
      {R"((module (func (@metadata.code.branch_hint "\02") (br_if 0 (i32.const 0)))))",
       ErrorKind::Malformed, "@metadata.code.branch_hint annotation: invalid hint value"},
      {R"((module (func (@metadata.code.branch_hint "\01\00") (br_if 0 (i32.const 0)))))",
       ErrorKind::Malformed, "@metadata.code.branch_hint annotation: invalid hint value"},
      {R"((module (func (@metadata.code.branch_hint 1) (br_if 0 (i32.const 0)))))",
       ErrorKind::Malformed, "@metadata.code.branch_hint annotation: unexpected token"},
      {R"((module (func (@metadata.code.branch_hint "\01") nop)))", ErrorKind::Invalid,
       "@metadata.code.branch_hint annotation: invalid target"},
      {R"((module (func (@metadata.code.branch_hint "\01") (block))))", ErrorKind::Invalid,
       "@metadata.code.branch_hint annotation: invalid target"},
  };
  for (const Case& c : cases) {
    Error e = parseError(c.wat);
    EXPECT_EQ(e.kind, c.kind) << c.wat;
    EXPECT_EQ(e.message, c.message) << c.wat;
    EXPECT_GT(e.line, 0u) << c.wat;
  }
}

TEST(BranchHints, SyntaxErrorsComeFirst) {
  // A hint error is reported only once the module parses.
  Error e = parseError(R"((module (func (@metadata.code.branch_hint "\01") nop) (func bogus)))");
  EXPECT_EQ(e.message, "unknown operator bogus");
}

}  // namespace
}  // namespace witt::text
