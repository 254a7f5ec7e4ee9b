// Reading and writing `metadata.code.trace_inst` and `instTrace`: exact bytes,
// the function-index conventions, malformed sections, strict mode.
#include "itt/sections.h"

#include <gtest/gtest.h>

#include "binary/writer.h"
#include "itt_test_util.h"
#include "text/parser.h"

namespace witt::itt {
namespace {

using namespace witt::itt::test;
using Sev = MarkDiagnostic::Severity;

// $loop (function 2 with the import) marks: 17 before `block` (@3), 18
// before `local.get 1` (@30), func_idx in the full index space.
const Bytes kV8Full = {0x01,                                 // 1 function
                       0x02,                                 // func_idx 2
                       0x02,                                 // 2 marks
                       0x03, 0x04, 0x11, 0x00, 0x00, 0x00,   // @3, 4 bytes, id 17
                       0x1E, 0x04, 0x12, 0x00, 0x00, 0x00};  // @30, 4 bytes, id 18

MarkReadResult readOk(const Bytes& wasm, ReadOptions o = {}) {
  spec::Module m = decodeOk(wasm);
  auto r = readMarks(m, o);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  return r.ok() ? std::move(r).value() : MarkReadResult{};
}

size_t count(const MarkReadResult& r, Sev s) {
  size_t n = 0;
  for (const auto& d : r.diagnostics) n += d.severity == s;
  return n;
}

// The diagnostic whose message contains `text`, or nullptr.
const MarkDiagnostic* find(const MarkReadResult& r, std::string_view text) {
  for (const auto& d : r.diagnostics)
    if (d.message.find(text) != std::string::npos) return &d;
  return nullptr;
}

std::string all(const MarkReadResult& r) {
  std::string s;
  for (const auto& d : r.diagnostics) s += d.describe() + "\n";
  return s;
}

TEST(MarkSectionV8, ReadsFullIndices) {
  auto r = readOk(sampleModule(custom(kV8SectionName, kV8Full)));
  EXPECT_EQ(r.source, "metadata.code.trace_inst");
  EXPECT_EQ(r.funcIndex, FuncIndexMode::Full);
  EXPECT_EQ(r.marks, MarkSet({{2, 3, 17}, {2, 30, 18}}));
  EXPECT_EQ(count(r, Sev::Warning), 0u) << all(r);
}

TEST(MarkSectionV8, AutoDetectsV8DefinedOrdinals) {
  // What V8 expects: func_idx 1 = the second body of the code section. Read
  // as a full index it would name $add, where @30 is past the end.
  Bytes v8 = kV8Full;
  v8[1] = 0x01;
  auto r = readOk(sampleModule(custom(kV8SectionName, v8)));
  EXPECT_EQ(r.funcIndex, FuncIndexMode::Defined);
  EXPECT_EQ(r.marks, MarkSet({{2, 3, 17}, {2, 30, 18}}));
  ASSERT_EQ(count(r, Sev::Note), 1u) << all(r);
  EXPECT_NE(r.diagnostics[0].message.find("code-section ordinals"), std::string::npos);
}

TEST(MarkSectionV8, ExplicitConventionWins) {
  Bytes v8 = kV8Full;
  v8[1] = 0x01;
  ReadOptions o;
  o.funcIndex = FuncIndexMode::Full;  // function 1 is $add: @3 fits, @30 does not
  auto r = readOk(sampleModule(custom(kV8SectionName, v8)), o);
  EXPECT_EQ(r.marks, MarkSet({{1, 3, 17}}));
  ASSERT_EQ(count(r, Sev::Warning), 1u) << all(r);
  EXPECT_EQ(r.diagnostics[0].entry, 1u);
  EXPECT_NE(r.diagnostics[0].message.find("past the end"), std::string::npos);
}

TEST(MarkSectionV8, NoImportsMeansOneReading) {
  Bytes v8 = kV8Full;
  v8[1] = 0x01;  // function 1 is $loop in the module without the import
  auto r = readOk(sampleNoImport(custom(kV8SectionName, v8)));
  EXPECT_EQ(r.marks, MarkSet({{1, 3, 17}, {1, 30, 18}}));
  EXPECT_TRUE(r.diagnostics.empty()) << all(r);
}

TEST(MarkSectionV8, BadOffsetDropsOnlyThatMark) {
  Bytes v8 = {0x01, 0x02, 0x03, 0x03, 0x04, 0x11, 0x00, 0x00, 0x00,  // @3 block: fine
              0x04, 0x04, 0x12, 0x00, 0x00, 0x00,                    // @4 is block's type byte
              0x07, 0x04, 0x13, 0x00, 0x00, 0x00};                   // @7 local.get 0: fine
  Bytes wasm = sampleModule(custom(kV8SectionName, v8));
  auto r = readOk(wasm);
  EXPECT_EQ(r.marks, MarkSet({{2, 3, 17}, {2, 7, 19}}));
  ASSERT_EQ(count(r, Sev::Warning), 1u) << all(r);
  const MarkDiagnostic& d = r.diagnostics.back();
  EXPECT_EQ(d.section, "metadata.code.trace_inst");
  EXPECT_EQ(d.entry, 1u);
  // The entry starts 9 bytes into the content (after 01 02 03 and 6 bytes).
  spec::Module m = decodeOk(wasm);
  EXPECT_EQ(d.fileOffset, m.customs[0].content.offset + 9);
  EXPECT_NE(d.message.find("not an instruction start"), std::string::npos) << d.describe();
  EXPECT_NE(d.describe().find("entry 1 at 0x"), std::string::npos) << d.describe();

  ReadOptions strict;
  strict.strict = true;
  auto s = readMarks(m, strict);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Malformed);
  EXPECT_NE(s.error().message.find("not an instruction start"), std::string::npos);
  EXPECT_EQ(s.error().offset, d.fileOffset);
}

TEST(MarkSectionV8, OffsetInLocalsOrImportedFunction) {
  Bytes v8 = {0x02, 0x00, 0x01, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00,  // func 0: imported
              0x02, 0x01, 0x01, 0x04, 0x02, 0x00, 0x00, 0x00};  // @1: in the local declarations
  ReadOptions o;
  o.funcIndex = FuncIndexMode::Full;
  auto r = readOk(sampleModule(custom(kV8SectionName, v8)), o);
  EXPECT_TRUE(r.marks.empty());
  ASSERT_EQ(count(r, Sev::Warning), 2u) << all(r);
  EXPECT_NE(r.diagnostics[0].message.find("imported"), std::string::npos);
  EXPECT_NE(r.diagnostics[1].message.find("local declarations"), std::string::npos);
}

TEST(MarkSectionV8, StructuralErrorsDropEveryMark) {
  struct Case {
    const char* what;
    Bytes content;
    const char* message;
  };
  const Case cases[] = {
      {"truncated", {0x01, 0x02, 0x02, 0x03, 0x04, 0x11, 0x00}, "unexpected end"},
      {"functions not increasing",
       {0x02, 0x02, 0x01, 0x03, 0x04, 0x11, 0x00, 0x00, 0x00, 0x01, 0x01, 0x03, 0x04, 0x11, 0x00,
        0x00, 0x00},
       "not greater than the previous one"},
      {"offsets decreasing",
       {0x01, 0x02, 0x02, 0x07, 0x04, 0x11, 0x00, 0x00, 0x00, 0x03, 0x04, 0x11, 0x00, 0x00, 0x00},
       "smaller than the previous offset"},
      {"extra bytes", cat({kV8Full, {0x00}}), "unexpected bytes"},
      {"overlong LEB",
       {0x01, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00},
       "integer representation too long"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Bytes wasm = sampleModule(custom(kV8SectionName, c.content));
    auto r = readOk(wasm);
    EXPECT_TRUE(r.marks.empty());
    ASSERT_EQ(r.diagnostics.size(), 1u) << all(r);
    EXPECT_EQ(r.diagnostics[0].severity, Sev::Warning);
    EXPECT_FALSE(r.diagnostics[0].entry.has_value());
    EXPECT_TRUE(r.diagnostics[0].fileOffset.has_value());
    EXPECT_NE(r.diagnostics[0].message.find(c.message), std::string::npos) << all(r);
    EXPECT_NE(r.diagnostics[0].message.find("every mark of the section is dropped"),
              std::string::npos);
    // The module itself still decodes: custom sections never make it malformed.
    ReadOptions strict;
    strict.strict = true;
    EXPECT_FALSE(readMarks(decodeOk(wasm), strict).ok());
  }
}

TEST(MarkSectionV8, SeveralIdsAtOneOffsetFireInSectionOrder) {
  Bytes v8 = {0x01, 0x02, 0x03, 0x07, 0x04, 0x05, 0x00, 0x00, 0x00,  // @7 id 5
              0x07, 0x04, 0x03, 0x00, 0x00, 0x00,                    // @7 id 3
              0x07, 0x04, 0x04, 0x00, 0x00, 0x00};                   // @7 id 4
  auto r = readOk(sampleModule(custom(kV8SectionName, v8)));
  ASSERT_EQ(r.marks.size(), 3u);
  EXPECT_EQ(r.marks[0].id, 5u);
  EXPECT_EQ(r.marks[1].id, 3u);
  EXPECT_EQ(r.marks[2].id, 4u);
  EXPECT_EQ(count(r, Sev::Warning), 0u);
  size_t equalOffsetNotes = 0;  // V8 would reject the section
  for (const auto& d : r.diagnostics)
    equalOffsetNotes +=
        d.severity == Sev::Note && d.message.find("several marks") != std::string::npos;
  EXPECT_EQ(equalOffsetNotes, 2u) << all(r);
  ReadOptions strict;
  strict.strict = true;  // notes do not fail strict mode
  EXPECT_TRUE(readMarks(decodeOk(sampleModule(custom(kV8SectionName, v8))), strict).ok());
}

TEST(MarkSectionV8, IdSizes) {
  Bytes v8 = {0x01, 0x02, 0x04, 0x03, 0x00,                                // size 0: id 0
              0x07, 0x01, 0xFF,                                            // size 1: id 255
              0x0C, 0x08, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // size 8, high bytes 0
              0x0E, 0x05, 0x01, 0x00, 0x00, 0x00, 0x01};                   // size 5: does not fit
  auto r = readOk(sampleModule(custom(kV8SectionName, v8)));
  EXPECT_EQ(r.marks, MarkSet({{2, 3, 0}, {2, 7, 255}, {2, 12, 0x0201}}));
  ASSERT_EQ(count(r, Sev::Warning), 1u) << all(r);
  EXPECT_EQ(r.diagnostics.back().entry, 3u);
  EXPECT_NE(r.diagnostics.back().message.find("32 bits"), std::string::npos);
}

TEST(MarkSectionV8, AfterTheCodeSectionIsReadWithANote) {
  Bytes wasm = module({sampleTypes(), sampleImports(), sampleFuncs(), sampleExports(), sampleCode(),
                       custom(kV8SectionName, kV8Full)});
  auto r = readOk(wasm);
  EXPECT_EQ(r.marks, MarkSet({{2, 3, 17}, {2, 30, 18}}));
  EXPECT_EQ(count(r, Sev::Warning), 0u) << all(r);
  ASSERT_NE(find(r, "V8 ignores it"), nullptr) << all(r);
  EXPECT_EQ(find(r, "V8 ignores it")->severity, Sev::Note);
}

TEST(MarkSectionV8, SecondSectionIsIgnored) {
  Bytes other = {0x01, 0x02, 0x01, 0x07, 0x04, 0x63, 0x00, 0x00, 0x00};
  auto r =
      readOk(sampleModule(cat({custom(kV8SectionName, kV8Full), custom(kV8SectionName, other)})));
  EXPECT_EQ(r.marks, MarkSet({{2, 3, 17}, {2, 30, 18}}));
  ASSERT_EQ(count(r, Sev::Warning), 1u) << all(r);
  ASSERT_NE(find(r, "second"), nullptr) << all(r);
  EXPECT_EQ(find(r, "second")->severity, Sev::Warning);
}

TEST(MarkSectionV8, EncodesExactBytes) {
  spec::Module m = decodeOk(sampleModule());
  MarkSet marks({{2, 30, 18}, {2, 3, 17}});
  EXPECT_EQ(encodeV8Section(m, marks, FuncIndexMode::Full), kV8Full);
  Bytes defined = kV8Full;
  defined[1] = 0x01;
  EXPECT_EQ(encodeV8Section(m, marks, FuncIndexMode::Defined), defined);
  EXPECT_EQ(encodeV8Section(m, MarkSet{}), Bytes{0x00});
  EXPECT_EQ(customSection("ab", Bytes{0x07}), (Bytes{0x00, 0x04, 0x02, 'a', 'b', 0x07}));
}

TEST(MarkSectionV8, RoundTripsInBothConventions) {
  spec::Module m = decodeOk(sampleModule());
  MarkSet marks({{1, 1, 1}, {1, 6, 0xFFFFFFFF}, {2, 3, 7}, {2, 3, 8}, {2, 33, 9}});
  for (FuncIndexMode mode : {FuncIndexMode::Full, FuncIndexMode::Defined}) {
    SCOPED_TRACE(toString(mode));
    Bytes wasm = sampleModule(custom(kV8SectionName, encodeV8Section(m, marks, mode)));
    ReadOptions o;
    o.funcIndex = mode;
    EXPECT_EQ(readOk(wasm, o).marks, marks);
    // Auto finds the convention too here: @33 fits only in function 2.
    EXPECT_EQ(readOk(wasm).marks, marks);
  }
}

// ---- instTrace

// Code section content: 02 | 07 [$add: 00 20 00 20 01 6a 0b] | 22 [$loop ...]
// $add's local.get 1 is at code offset 2 + 3 = 5; $loop's locals start at
// code offset 10, its local.get 0 (@7) is at 17.
TEST(MarkSectionInstTrace, ReadsLebOffsetsFromTheCodeContent) {
  Bytes inst = {0x02, 0x11, 0xAC, 0x02,  // code offset 17, id 300
                0x05, 0x11};             // code offset 5, id 17 (entries in any order)
  auto r = readOk(sampleModule(custom(kInstTraceSectionName, inst)));
  EXPECT_EQ(r.source, "instTrace");
  EXPECT_EQ(r.marks, MarkSet({{1, 3, 17}, {2, 7, 300}}));
  EXPECT_TRUE(r.diagnostics.empty()) << all(r);
}

TEST(MarkSectionInstTrace, BadEntriesAndStructure) {
  Bytes inst = {0x03, 0x00, 0x01,  // code offset 0: the function count, no function
                0x06, 0x02,        // code offset 6: inside local.get 1's immediate
                0x03, 0x03};       // code offset 3: $add local.get 0, fine
  auto r = readOk(sampleModule(custom(kInstTraceSectionName, inst)));
  EXPECT_EQ(r.marks, MarkSet({{1, 1, 3}}));
  ASSERT_EQ(count(r, Sev::Warning), 2u) << all(r);
  EXPECT_EQ(r.diagnostics[0].entry, 0u);
  EXPECT_NE(r.diagnostics[0].message.find("not inside a function body"), std::string::npos);
  EXPECT_EQ(r.diagnostics[1].entry, 1u);
  EXPECT_NE(r.diagnostics[1].message.find("not an instruction start"), std::string::npos);

  auto bad = readOk(sampleModule(custom(kInstTraceSectionName, {0x02, 0x03, 0x03})));
  EXPECT_TRUE(bad.marks.empty());
  ASSERT_EQ(bad.diagnostics.size(), 1u);
  EXPECT_NE(bad.diagnostics[0].message.find("malformed section"), std::string::npos);
}

TEST(MarkSectionInstTrace, RoundTrips) {
  spec::Module m = decodeOk(sampleModule());
  MarkSet marks({{1, 1, 1}, {1, 6, 0xFFFFFFFF}, {2, 3, 7}, {2, 3, 8}, {2, 33, 9}});
  auto content = encodeInstTraceSection(m, marks);
  ASSERT_TRUE(content.ok());
  EXPECT_EQ(readOk(sampleModule(custom(kInstTraceSectionName, *content))).marks, marks);
  // Exact bytes for one mark: count 1, code offset 3 ($add @1), id 1.
  auto one = encodeInstTraceSection(m, MarkSet({{1, 1, 1}}));
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(*one, (Bytes{0x01, 0x03, 0x01}));
}

TEST(MarkSectionInstTrace, TraceInstTakesPrecedence) {
  Bytes inst = {0x01, 0x03, 0x03};
  auto r = readOk(
      sampleModule(cat({custom(kInstTraceSectionName, inst), custom(kV8SectionName, kV8Full)})));
  EXPECT_EQ(r.source, "metadata.code.trace_inst");
  EXPECT_EQ(r.marks, MarkSet({{2, 3, 17}, {2, 30, 18}}));
  EXPECT_EQ(count(r, Sev::Warning), 0u) << all(r);
  ASSERT_NE(find(r, "precedence"), nullptr) << all(r);
  EXPECT_EQ(find(r, "precedence")->severity, Sev::Note);
}

TEST(MarkSectionScan, Sections) {
  Bytes wasm = sampleModule(custom(kV8SectionName, kV8Full));
  auto s = scanSections(wasm);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 6u);
  EXPECT_EQ((*s)[4].id, 0);
  EXPECT_EQ((*s)[4].name, "metadata.code.trace_inst");
  EXPECT_EQ((*s)[4].end - (*s)[4].payloadOffset, kV8Full.size());
  EXPECT_EQ((*s)[5].id, 10);
  spec::Module m = decodeOk(wasm);
  EXPECT_EQ(codeContentOffset(m), (*s)[5].contentOffset);
  EXPECT_FALSE(
      scanSections(Bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05}).ok());
}

TEST(MarkSectionText, MarksFromTheTextFormatAgreeWithTheWriter) {
  const char* wat = R"((module
    (import "env" "f" (func (param i32)))
    (func (export "f") (param i32) (result i32) (local i64 i64)
      (trace_instruction 17)
      local.get 0
      (trace_instruction 18)
      (trace_instruction 19)
      i32.const 1
      i32.add
      i32.itt 20)))";
  auto parsed = text::parseModule(wat);
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  // From the IR: offsets from the local declarations (01 02 7e = 3 bytes
  // when the two i64 are one declaration, as the writer encodes them).
  ASSERT_EQ(parsed->code.size(), 1u);
  const uint32_t base = localsSize(parsed->code[0]);
  auto fromIr = readMarks(*parsed);
  ASSERT_TRUE(fromIr.ok());
  EXPECT_EQ(fromIr->source, "text");
  EXPECT_EQ(fromIr->marks,
            MarkSet({{1, base, 17}, {1, base + 2, 18}, {1, base + 2, 19}, {1, base + 5, 20}}));
  // The binary writer's section, read back, gives the same marks.
  spec::Module m = decodeOk(binary::writeModule(*parsed));
  auto fromBinary = readMarks(m);
  ASSERT_TRUE(fromBinary.ok());
  EXPECT_EQ(fromBinary->source, "metadata.code.trace_inst");
  EXPECT_EQ(fromBinary->marks, fromIr->marks);
  EXPECT_FALSE(hasWarnings(fromBinary->diagnostics));
}

// Every truncation and every single-byte change of a section: no crash, and
// whatever marks survive can fire.
TEST(MarkSectionRobustness, MutatedSections) {
  const Bytes inst = {0x03, 0x03, 0x01, 0x11, 0x02, 0x2B, 0x03};
  for (const auto& [sectionName, content] :
       {std::pair{kV8SectionName, kV8Full}, std::pair{kInstTraceSectionName, inst}}) {
    std::vector<Bytes> variants;
    for (size_t n = 0; n < content.size(); ++n)
      variants.emplace_back(content.begin(), content.begin() + n);
    for (size_t i = 0; i < content.size(); ++i)
      for (uint8_t v : {0x00, 0x01, 0x7F, 0x80, 0xFF}) {
        Bytes b = content;
        b[i] = v;
        variants.push_back(b);
      }
    for (const Bytes& b : variants) {
      spec::Module m = decodeOk(sampleModule(custom(sectionName, b)));
      auto r = readMarks(m);
      ASSERT_TRUE(r.ok());
      MarkSet copy = r->marks;
      EXPECT_TRUE(validateMarks(m, copy).empty());
    }
  }
}

TEST(MarkSectionOptions, Parse) {
  EXPECT_EQ(*parseFuncIndexMode("defined"), FuncIndexMode::Defined);
  EXPECT_EQ(*parseFuncIndexMode("full"), FuncIndexMode::Full);
  EXPECT_EQ(*parseFuncIndexMode("auto"), FuncIndexMode::Auto);
  EXPECT_FALSE(parseFuncIndexMode("x").ok());
  EXPECT_EQ(*parseMarkFormat("v8"), MarkFormat::V8);
  EXPECT_EQ(*parseMarkFormat("instTrace"), MarkFormat::InstTrace);
  EXPECT_FALSE(parseMarkFormat("y").ok());
}

}  // namespace
}  // namespace witt::itt
