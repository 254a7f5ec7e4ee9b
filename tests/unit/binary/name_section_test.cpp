// The `name` custom section: every subsection, the checks against the
// module's index spaces, and the rule that a malformed name section is dropped
// (no names at all) without making the module malformed.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "binary/module_decoder.h"
#include "unit/binary/wasm_bytes.h"

namespace witt {
namespace {

using namespace test;

using NameList = std::vector<std::pair<uint32_t, std::string>>;

// namemap ::= vec(idx name)
Bytes nameMap(const NameList& names) {
  Bytes out = leb(names.size());
  for (const auto& [index, n] : names) out = cat({out, leb(index), name(n)});
  return out;
}

// indirectnamemap ::= vec(idx namemap)
Bytes indirectNameMap(const std::vector<std::pair<uint32_t, NameList>>& maps) {
  Bytes out = leb(maps.size());
  for (const auto& [index, names] : maps) out = cat({out, leb(index), nameMap(names)});
  return out;
}

Bytes subsection(uint8_t id, const Bytes& content) {
  return cat({Bytes{id}, leb(content.size()), content});
}

// (module
//   (type (func (param i32)))
//   (import "m" "f" (func (type 0)))              ;; function 0
//   (table 1 funcref) (memory 1)
//   (tag (type 0))
//   (global i32 (i32.const 0))
//   (elem declare func 1)
//   (func (type 0) (local i64))                   ;; function 1, locals 0 and 1
//   (data "")
//   <custom sections>)
Bytes moduleWithNames(std::initializer_list<Bytes> customs) {
  Bytes m = module({
      section(1, {0x01, 0x60, 0x01, 0x7F, 0x00}),
      section(2, cat({{0x01}, name("m"), name("f"), {0x00, 0x00}})),
      section(3, {0x01, 0x00}),
      section(4, {0x01, 0x70, 0x00, 0x01}),
      section(5, {0x01, 0x00, 0x01}),
      section(13, {0x01, 0x00, 0x00}),
      section(6, {0x01, 0x7F, 0x00, 0x41, 0x00, 0x0B}),
      section(9, {0x01, 0x03, 0x00, 0x01, 0x01}),
      section(10, {0x01, 0x04, 0x01, 0x01, 0x7E, 0x0B}),
      section(11, {0x01, 0x01, 0x00}),
  });
  for (const Bytes& c : customs) m = cat({m, c});
  return m;
}

Bytes nameSection(std::initializer_list<Bytes> subsections) {
  Bytes content;
  for (const Bytes& s : subsections) content = cat({content, s});
  return customSection("name", content);
}

TEST(NameSection, AllSubsections) {
  spec::Module m = decodeOk(moduleWithNames({nameSection({
      subsection(0, name("mod")),
      subsection(1, nameMap({{0, "imp"}, {1, "fn"}})),
      subsection(2, indirectNameMap({{1, {{0, "x"}, {1, "y"}}}})),
      subsection(3, indirectNameMap({{1, {{0, "blk"}}}})),
      subsection(4, nameMap({{0, "t"}})),
      subsection(5, nameMap({{0, "tab"}})),
      subsection(6, nameMap({{0, "mem"}})),
      subsection(7, nameMap({{0, "g"}})),
      subsection(8, nameMap({{0, "e"}})),
      subsection(9, nameMap({{0, "d"}})),
      subsection(10, indirectNameMap({{0, {{0, "f0"}}}})),
      subsection(11, nameMap({{0, "tag"}})),
  })}));
  const spec::Names& n = m.names;
  EXPECT_EQ(n.module, "mod");
  EXPECT_EQ(n.functions, (std::map<uint32_t, std::string>{{0, "imp"}, {1, "fn"}}));
  EXPECT_EQ(m.funcName(1), "fn");
  EXPECT_EQ(n.locals.at(1), (std::map<uint32_t, std::string>{{0, "x"}, {1, "y"}}));
  EXPECT_EQ(n.labels.at(1).at(0), "blk");
  EXPECT_EQ(n.others.at(4).at(0), "t");
  EXPECT_EQ(n.others.at(5).at(0), "tab");
  EXPECT_EQ(n.others.at(6).at(0), "mem");
  EXPECT_EQ(n.others.at(7).at(0), "g");
  EXPECT_EQ(n.others.at(8).at(0), "e");
  EXPECT_EQ(n.others.at(9).at(0), "d");
  EXPECT_EQ(n.fields.at(0).at(0), "f0");
  EXPECT_EQ(n.others.at(11).at(0), "tag");
  ASSERT_EQ(m.customs.size(), 1u);
  EXPECT_EQ(m.customs[0].afterSection, static_cast<uint8_t>(spec::SectionId::Data));
}

TEST(NameSection, EmptyIsFine) {
  spec::Module m = decodeOk(moduleWithNames({nameSection({})}));
  EXPECT_TRUE(m.names.functions.empty());
  EXPECT_EQ(m.customs.size(), 1u);
}

// Each of these name sections breaks a rule of the appendix: the module
// decodes, keeps the raw custom section, and has no names at all.
TEST(NameSection, MalformedSectionsAreDropped) {
  const Bytes moduleName = subsection(0, name("mod"));
  const std::vector<std::pair<const char*, Bytes>> cases = {
      {"subsections out of order", nameSection({subsection(1, nameMap({{0, "a"}})), moduleName})},
      {"repeated subsection", nameSection({moduleName, moduleName})},
      {"function index out of bounds",
       nameSection({moduleName, subsection(1, nameMap({{2, "a"}}))})},
      {"local index out of bounds",
       nameSection({moduleName, subsection(2, indirectNameMap({{1, {{2, "z"}}}}))})},
      {"locals of an unknown function",
       nameSection({moduleName, subsection(2, indirectNameMap({{5, {}}}))})},
      {"indices not increasing",
       nameSection({moduleName, subsection(1, nameMap({{1, "b"}, {0, "a"}}))})},
      {"repeated index", nameSection({moduleName, subsection(1, nameMap({{0, "a"}, {0, "b"}}))})},
      {"global index out of bounds", nameSection({moduleName, subsection(7, nameMap({{1, "g"}}))})},
      {"invalid UTF-8", nameSection({subsection(0, {0x01, 0xFF})})},
      {"content shorter than the subsection",
       nameSection({subsection(0, cat({name("mod"), {0x00}}))})},
      {"subsection beyond the section", customSection("name", {0x00, 0x09, 0x03})},
      {"truncated name map", nameSection({subsection(1, {0x02, 0x00, 0x01, 'a'})})},
  };
  for (const auto& [what, custom] : cases) {
    SCOPED_TRACE(what);
    spec::Module m = decodeOk(moduleWithNames({custom}));
    EXPECT_TRUE(m.names.module.empty());
    EXPECT_TRUE(m.names.functions.empty());
    EXPECT_TRUE(m.names.locals.empty());
    EXPECT_TRUE(m.names.others.empty());
    ASSERT_EQ(m.customs.size(), 1u);
    EXPECT_EQ(m.customs[0].name, "name");
  }
}

TEST(NameSection, UnknownSubsectionsAreSkipped) {
  spec::Module m = decodeOk(moduleWithNames({nameSection({
      subsection(1, nameMap({{1, "fn"}})),
      subsection(20, {0xFF, 0xFF, 0xFF}),
  })}));
  EXPECT_EQ(m.names.functions.at(1), "fn");
}

TEST(NameSection, OnlyTheFirstNameSectionCounts) {
  spec::Module m = decodeOk(moduleWithNames({
      nameSection({subsection(0, name("first"))}),
      nameSection({subsection(0, name("second"))}),
  }));
  EXPECT_EQ(m.names.module, "first");
  EXPECT_EQ(m.customs.size(), 2u);
}

TEST(NameSection, WabtTagNamesInSubsection10) {
  // wabt 1.0.32 writes tag names as a plain name map in subsection 10.
  spec::Module m = decodeOk(moduleWithNames({nameSection({
      subsection(1, nameMap({{0, "imp"}})),
      subsection(10, nameMap({{0, "e"}})),
  })}));
  EXPECT_EQ(m.names.functions.at(0), "imp");
  EXPECT_TRUE(m.names.fields.empty());
  EXPECT_EQ(m.names.others.at(11).at(0), "e");
}

TEST(NameSection, DecodeReportsTheFault) {
  spec::Module m = decodeOk(moduleWithNames({}));
  // Put a name section's content at the end of the pool and decode it alone.
  Bytes content = subsection(1, nameMap({{0, "a"}, {7, "b"}}));
  uint32_t offset = static_cast<uint32_t>(m.bytes.size());
  m.bytes.insert(m.bytes.end(), content.begin(), content.end());
  auto r =
      binary::decodeNameSection(m, spec::ByteSpan{offset, static_cast<uint32_t>(content.size())});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "name index out of bounds");
  EXPECT_EQ(*r.error().offset, offset + 6u);  // id, size, count, 0 "a", then 7
  auto outside = binary::decodeNameSection(m, spec::ByteSpan{offset, 1000});
  EXPECT_FALSE(outside.ok());
}

}  // namespace
}  // namespace witt
