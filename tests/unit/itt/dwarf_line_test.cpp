// The DWARF line-number program reader: hand-assembled programs for every
// opcode kind, and the clang-built fixtures (DWARF 4 and 5) checked against
// what llvm-dwarfdump --debug-line prints for them.
#include "itt/dwarf_line.h"

#include <gtest/gtest.h>

#include "itt/sections.h"
#include "itt_test_util.h"

namespace witt::itt {
namespace {

using namespace witt::itt::test;

Bytes le(uint64_t v, int n) {
  Bytes out;
  for (int i = 0; i < n; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return out;
}

Bytes str(std::string_view s) {
  Bytes out(s.begin(), s.end());
  out.push_back(0);
  return out;
}

// A DWARF 4 unit (32- or 64-bit format) with opcode_base 14: opcode 13 is a
// standard opcode this reader does not know, taking one operand.
Bytes unitV4(const Bytes& program, bool dwarf64 = false) {
  Bytes header =
      cat({{0x01, 0x01, 0x01, 0xFB, 0x0E, 0x0E},     // min_inst, max_ops, is_stmt, -5, 14, 14
           {0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1},  // standard_opcode_lengths[1..13]
           str("inc"),
           {0x00},  // include_directories
           str("a.c"),
           {0x01, 0x00, 0x00},  // file 1: inc/a.c
           str("b.c"),
           {0x00, 0x00, 0x00},  // file 2: b.c (compilation dir)
           {0x00}});
  const int offsetSize = dwarf64 ? 8 : 4;
  Bytes rest = cat({{0x04, 0x00}, le(header.size(), offsetSize), header, program});
  return dwarf64 ? cat({{0xFF, 0xFF, 0xFF, 0xFF}, le(rest.size(), 8), rest})
                 : cat({le(rest.size(), 4), rest});
}

const Bytes kProgram = {
    0x00, 0x05, 0x02, 0x10, 0x00, 0x00, 0x00,  // DW_LNE_set_address 0x10
    20,                                        // special: address +0, line +1 -> row (0x10, 2)
    0x03, 0x08,                                // advance_line +8 -> 10
    47,                                        // special: address +2, line +0 -> row (0x12, 10)
    0x0D, 0x07,                                // opcode 13 (unknown), one operand: skipped
    0x08,                                      // const_add_pc: +17 -> 0x23
    0x09, 0x00, 0x01,                          // fixed_advance_pc 0x100 -> 0x123
    0x04, 0x02,                                // set_file 2
    0x06,                                      // negate_stmt
    0x03, 0x7D,                                // advance_line -3 -> 7
    0x05, 0x09,                                // set_column 9
    0x01,                                      // copy -> row (0x123, 7, b.c, not stmt)
    0x00, 0x08, 0x03, 'c',  '.',  'c',  0x00, 0x00, 0x00, 0x00,  // DW_LNE_define_file c.c
    0x04, 0x03,                                                  // set_file 3
    0x02, 0x05,                                                  // advance_pc 5 -> 0x128
    0x00, 0x02, 0x04, 0x05,  // DW_LNE_set_discriminator 5 (skipped)
    0x01,                    // copy -> row (0x128, 7, c.c)
    0x00, 0x01, 0x01,        // DW_LNE_end_sequence at 0x128
};

void expectProgramRows(const LineTable& t) {
  ASSERT_EQ(t.files, (std::vector<std::string>{"inc/a.c", "b.c", "c.c"}));
  ASSERT_EQ(t.rows.size(), 5u);
  EXPECT_EQ(t.rows[0].address, 0x10u);
  EXPECT_EQ(t.rows[0].line, 2u);
  EXPECT_EQ(t.rows[0].file, 0u);
  EXPECT_TRUE(t.rows[0].isStmt);
  EXPECT_EQ(t.rows[1].address, 0x12u);
  EXPECT_EQ(t.rows[1].line, 10u);
  EXPECT_EQ(t.rows[2].address, 0x123u);
  EXPECT_EQ(t.rows[2].line, 7u);
  EXPECT_EQ(t.rows[2].column, 9u);
  EXPECT_EQ(t.rows[2].file, 1u);
  EXPECT_FALSE(t.rows[2].isStmt);
  EXPECT_EQ(t.rows[3].address, 0x128u);
  EXPECT_EQ(t.rows[3].file, 2u);
  EXPECT_FALSE(t.rows[3].endSequence);
  EXPECT_TRUE(t.rows[4].endSequence);
  EXPECT_EQ(t.rows[4].address, 0x128u);
}

TEST(DwarfLine, EveryOpcodeKind) {
  auto t = parseDebugLine(unitV4(kProgram));
  ASSERT_TRUE(t.ok()) << t.error().describe();
  expectProgramRows(*t);
}

TEST(DwarfLine, Dwarf64Format) {
  auto t = parseDebugLine(unitV4(kProgram, /*dwarf64=*/true));
  ASSERT_TRUE(t.ok()) << t.error().describe();
  expectProgramRows(*t);
}

TEST(DwarfLine, SeveralUnitsAndStateReset) {
  // The second unit starts with the registers reset (line 1, address 0).
  Bytes second = {0x01, 0x00, 0x01, 0x01};  // copy -> (0, 1); end_sequence
  auto t = parseDebugLine(cat({unitV4(kProgram), unitV4(second)}));
  ASSERT_TRUE(t.ok()) << t.error().describe();
  ASSERT_EQ(t->rows.size(), 7u);
  EXPECT_EQ(t->rows[5].address, 0u);
  EXPECT_EQ(t->rows[5].line, 1u);
  EXPECT_EQ(t->files.size(), 5u);  // each unit brings its own file table
  EXPECT_EQ(t->rows[5].file, 3u);
}

TEST(DwarfLine, Malformed) {
  Bytes unit = unitV4(kProgram);
  EXPECT_FALSE(parseDebugLine(Bytes(unit.begin(), unit.end() - 3)).ok());  // unit length too big
  Bytes v7 = unit;
  v7[4] = 0x07;  // version 7
  auto r = parseDebugLine(v7);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unsupported version 7"), std::string::npos);
  EXPECT_EQ(r.error().offset, 0u);
}

TEST(DwarfLine, SourceFileMatching) {
  EXPECT_TRUE(sameSourceFile("/src/lines.c", "lines.c"));
  EXPECT_TRUE(sameSourceFile("/src/lines.c", "src/lines.c"));
  EXPECT_TRUE(sameSourceFile("/src/lines.c", "/src/lines.c"));
  EXPECT_FALSE(sameSourceFile("/src/lines.c", "ines.c"));
  EXPECT_FALSE(sameSourceFile("lines.c", "x/lines.c"));
  EXPECT_FALSE(sameSourceFile("lines.c", ""));
}

// Rows of lines.c as llvm-dwarfdump prints them for both fixtures (clang 14,
// -O1): (address, line, is_stmt, end_sequence).
struct Expected {
  uint64_t address;
  uint32_t line;
  bool isStmt;
  bool end;
};
const Expected kLinesRows[] = {
    {0x05, 1, true, false},  {0x06, 2, true, false},  {0x0b, 3, true, false},
    {0x0c, 3, true, true},   {0x0d, 6, true, false},  {0x16, 8, true, false},
    {0x17, 8, false, false}, {0x19, 0, false, false}, {0x1b, 11, true, false},
    {0x1c, 0, false, false}, {0x21, 8, true, false},  {0x4e, 11, true, false},
    {0x4f, 11, true, true},
};

void expectLinesFixture(const std::string& file, const std::string& path) {
  Bytes wasm = witt::test::readFileBytes(fixture(file));
  ASSERT_FALSE(wasm.empty()) << "missing fixture " << fixture(file);
  spec::Module m = decodeOk(wasm);
  auto t = readLineTable(m);
  ASSERT_TRUE(t.ok()) << t.error().describe();
  ASSERT_EQ(t->rows.size(), std::size(kLinesRows));
  for (size_t i = 0; i < t->rows.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(t->rows[i].address, kLinesRows[i].address);
    EXPECT_EQ(t->rows[i].line, kLinesRows[i].line);
    EXPECT_EQ(t->rows[i].isStmt, kLinesRows[i].isStmt);
    EXPECT_EQ(t->rows[i].endSequence, kLinesRows[i].end);
    ASSERT_LT(t->rows[i].file, t->files.size());
    EXPECT_EQ(t->files[t->rows[i].file], path);
  }
  // Line 8 (the loop condition) has three rows; `square` starts at 0x05, its
  // low_pc: the first byte of its local declarations, code-section-relative.
  EXPECT_EQ(rowsForLine(*t, "lines.c", 8).size(), 3u);
  auto code = codeContentOffset(m);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code + 0x05, m.code[1].localsOffset);
}

TEST(DwarfLine, ClangFixtureDwarf4) { expectLinesFixture("lines_dwarf4.wasm", "lines.c"); }

TEST(DwarfLine, ClangFixtureDwarf5) {
  // DWARF 5: file 0 with directory 0 given (-fdebug-prefix-map made it /src),
  // names in .debug_line_str (DW_FORM_line_strp).
  expectLinesFixture("lines_dwarf5.wasm", "/src/lines.c");
}

// Every truncation and many single-byte changes of real line programs: an
// error or a table, never a crash (run under the sanitizers).
TEST(DwarfLine, MutatedPrograms) {
  for (const char* file : {"lines_dwarf4.wasm", "lines_dwarf5.wasm"}) {
    spec::Module m = decodeOk(witt::test::readFileBytes(fixture(file)));
    const spec::CustomSection *line = nullptr, *lineStr = nullptr;
    for (const auto& c : m.customs) {
      if (c.name == ".debug_line") line = &c;
      if (c.name == ".debug_line_str") lineStr = &c;
    }
    ASSERT_NE(line, nullptr);
    auto content = m.span(line->content);
    auto strs = lineStr ? m.span(lineStr->content) : std::span<const uint8_t>{};
    Bytes base(content.begin(), content.end());
    for (size_t n = 0; n < base.size(); ++n)
      (void)parseDebugLine(Bytes(base.begin(), base.begin() + n), strs);
    for (size_t i = 0; i < base.size(); ++i)
      for (uint8_t v : {0x00, 0x01, 0x7F, 0x80, 0xFF}) {
        Bytes b = base;
        b[i] = v;
        (void)parseDebugLine(b, strs);
      }
  }
}

TEST(DwarfLine, NoDebugLine) {
  auto t = readLineTable(decodeOk(sampleModule()));
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("no .debug_line"), std::string::npos);
}

}  // namespace
}  // namespace witt::itt
