// The module decoder on hand-written binaries: the header, section framing and
// order, custom sections, and every known section but element and data
// (element_segment_test.cpp) and the name section (name_section_test.cpp).
// Each case shows the equivalent WAT; offsets are file offsets (the header is
// bytes 0..7, so a first section's id is at 8, its size at 9, its content at 10
// when the size fits one byte).
#include "binary/module_decoder.h"

#include <gtest/gtest.h>

#include "unit/binary/wasm_bytes.h"

namespace witt {
namespace {

using namespace test;

// ---- header (spec 5.5.16)

TEST(ModuleDecoder, EmptyModule) {
  // (module)
  Bytes bytes = module({});
  spec::Module m = decodeOk(bytes);
  EXPECT_EQ(m.bytes, bytes);
  EXPECT_TRUE(m.types.empty());
  EXPECT_TRUE(m.customs.empty());
  EXPECT_FALSE(m.start.has_value());
  EXPECT_FALSE(m.dataCount.has_value());
}

TEST(ModuleDecoder, TruncatedHeader) {
  expectMalformed({}, "unexpected end", 0);
  expectMalformed({0x00, 0x61, 0x73}, "unexpected end", 0);
  expectMalformed({0x00, 0x61, 0x73, 0x6D}, "unexpected end", 4);
  expectMalformed({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00}, "unexpected end", 4);
}

TEST(ModuleDecoder, BadMagic) {
  expectMalformed({0x61, 0x73, 0x6D, 0x00}, "magic header not detected", 0);
  expectMalformed({0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00}, "magic header not detected", 0);
}

TEST(ModuleDecoder, BadVersion) {
  expectMalformed({0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00}, "unknown binary version", 4);
  expectMalformed({0x00, 0x61, 0x73, 0x6D, 0x00, 0x00, 0x00, 0x01}, "unknown binary version", 4);
}

TEST(ModuleDecoder, ErrorsNameTheFile) {
  auto r = binary::decodeModule({0x01}, {"broken.wasm"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, "broken.wasm");
}

// ---- section framing (spec 5.5.2)

TEST(ModuleDecoder, MalformedSectionId) {
  expectMalformed(module({{0x0E, 0x01, 0x00}}), "malformed section id", 8);
  expectMalformed(module({{0x80, 0x01, 0x00}}), "malformed section id", 8);
}

TEST(ModuleDecoder, SectionSizeBeyondTheFile) {
  // A type section claiming 5 bytes with 1 left: checked like the reference
  // interpreter's len32, against the bytes left from the size itself.
  expectMalformed(module({{0x01, 0x05, 0x00}}), "length out of bounds", 9);
}

TEST(ModuleDecoder, TruncatedSectionSize) {
  expectMalformed(module({{0x01}}), "unexpected end of section or function", 9);
  expectMalformed(module({{0x01, 0x80}}), "unexpected end of section or function", 10);
}

TEST(ModuleDecoder, SectionSizeMismatch) {
  // A type section of 2 bytes whose content (an empty vector) takes 1.
  expectMalformed(module({section(1, {0x00, 0x00})}), "section size mismatch", 10);
  // A type section of 1 byte whose content takes 3: (type (func)).
  expectMalformed(module({{0x01, 0x01, 0x01, 0x60, 0x00, 0x00}}), "section size mismatch", 10);
}

TEST(ModuleDecoder, TruncatedSectionContent) {
  // (type (func)) with the result count missing, at the end of the file.
  expectMalformed(module({section(1, {0x01, 0x60, 0x00})}), "unexpected end of section or function",
                  13);
}

TEST(ModuleDecoder, DuplicateSection) {
  expectMalformed(module({section(1, {0x00}), section(1, {0x00})}),
                  "unexpected content after last section", 11);
  expectMalformed(module({section(8, {0x00}), section(8, {0x00})}),
                  "unexpected content after last section", 11);
}

TEST(ModuleDecoder, SectionsOutOfOrder) {
  // The tag section (13) comes before the global section (6).
  expectMalformed(module({section(6, {0x00}), section(13, {0x00})}),
                  "unexpected content after last section", 11);
  // The data count section (12) comes before the code section (10).
  expectMalformed(module({section(10, {0x00}), section(12, {0x00})}),
                  "unexpected content after last section", 11);
  // Import after function.
  expectMalformed(module({section(3, {0x00}), section(2, {0x00})}),
                  "unexpected content after last section", 11);
}

TEST(ModuleDecoder, AllSectionsInOrder) {
  // Every known section, empty, in the Wasm 3.0 order: type, import, function,
  // table, memory, tag, global, export, start, element, datacount, code, data.
  spec::Module m = decodeOk(module({
      section(1, {0x00}),
      section(2, {0x00}),
      section(3, {0x00}),
      section(4, {0x00}),
      section(5, {0x00}),
      section(13, {0x00}),
      section(6, {0x00}),
      section(7, {0x00}),
      section(8, {0x00}),
      section(9, {0x00}),
      section(12, {0x00}),
      section(10, {0x00}),
      section(11, {0x00}),
  }));
  EXPECT_EQ(m.start, 0u);
  EXPECT_EQ(m.dataCount, 0u);
}

// ---- custom sections (spec 5.5.3)

TEST(ModuleDecoder, CustomSectionsAnywhere) {
  // A custom section before any other, one after the type section.
  spec::Module m = decodeOk(module({
      customSection("hello", {0x01, 0x02, 0x03}),  // at 8: id, size, name "hello", 3 bytes
      section(1, {0x00}),                          // at 19
      customSection("x", {}),                      // at 22
  }));
  ASSERT_EQ(m.customs.size(), 2u);
  EXPECT_EQ(m.customs[0].name, "hello");
  EXPECT_EQ(m.customs[0].sectionOffset, 8u);
  EXPECT_EQ(m.customs[0].content.offset, 16u);
  EXPECT_EQ(m.customs[0].content.size, 3u);
  EXPECT_EQ(m.customs[0].afterSection, 0);
  EXPECT_EQ(m.span(m.customs[0].content)[2], 0x03);
  EXPECT_EQ(m.customs[1].name, "x");
  EXPECT_EQ(m.customs[1].sectionOffset, 22u);
  EXPECT_EQ(m.customs[1].content.offset, 26u);
  EXPECT_EQ(m.customs[1].content.size, 0u);
  EXPECT_EQ(m.customs[1].afterSection, static_cast<uint8_t>(spec::SectionId::Type));
}

TEST(ModuleDecoder, CustomSectionAfterSectionIsTheLastKnownOne) {
  spec::Module m = decodeOk(module(
      {section(13, {0x00}), customSection("a", {}), section(12, {0x00}), customSection("b", {})}));
  ASSERT_EQ(m.customs.size(), 2u);
  EXPECT_EQ(m.customs[0].afterSection, static_cast<uint8_t>(spec::SectionId::Tag));
  EXPECT_EQ(m.customs[1].afterSection, static_cast<uint8_t>(spec::SectionId::DataCount));
}

TEST(ModuleDecoder, CustomSectionNameMustBeUtf8) {
  // An overlong encoding of NUL as the name.
  expectMalformed(module({section(0, {0x02, 0xC0, 0x80})}), "malformed UTF-8 encoding", 11);
}

TEST(ModuleDecoder, CustomSectionNameBeyondTheSection) {
  // A 3-byte custom section whose name claims 5 bytes, taking 3 of the type
  // section that follows: the name runs past its section.
  expectMalformed(module({{0x00, 0x03, 0x05, 'a', 'b'}, section(1, {0x00})}),
                  "unexpected end of section or function", 13);
  // A name longer than the whole rest of the file.
  expectMalformed(module({{0x00, 0x02, 0x09, 'a'}}), "length out of bounds", 10);
  // An empty custom section has no room for its name.
  expectMalformed(module({{0x00, 0x00}}), "unexpected end of section or function", 10);
}

// ---- type section (spec 5.5.4)

TEST(ModuleDecoder, FunctionTypes) {
  // (type (func (param i32 i64) (result f32)))
  // (type (func (param (ref null func) (ref 0)) (result v128 f64)))
  spec::Module m = decodeOk(module({section(1, {0x02, 0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7D, 0x60,
                                                0x02, 0x63, 0x70, 0x64, 0x00, 0x02, 0x7B, 0x7C})}));
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[0].func.params, (std::vector<ValType>{ValType::I32, ValType::I64}));
  EXPECT_EQ(m.types[0].func.results, std::vector<ValType>{ValType::F32});
  EXPECT_TRUE(m.types[0].isFinal);
  EXPECT_TRUE(m.types[0].supertypes.empty());
  EXPECT_EQ(m.types[0].recGroupStart, 0u);
  EXPECT_EQ(m.types[0].recGroupSize, 1u);
  EXPECT_EQ(m.types[1].func.params,
            (std::vector<ValType>{ValType::funcref(), ValType::ref(HeapType::index(0), false)}));
  EXPECT_EQ(m.types[1].func.results, (std::vector<ValType>{ValType::V128, ValType::F64}));
  EXPECT_EQ(m.types[1].recGroupStart, 1u);
}

TEST(ModuleDecoder, RecursionGroupsAndSubtypes) {
  // (rec (type $a (sub (func))) (type $b (sub final $a (func (param i32)))))
  // (type (func))
  spec::Module m = decodeOk(module({section(1, {0x02,                          // 2 recursion groups
                                                0x4E, 0x02,                    // rec, 2 types
                                                0x50, 0x00, 0x60, 0x00, 0x00,  // sub, no supertypes
                                                0x4F, 0x01, 0x00, 0x60, 0x01, 0x7F,
                                                0x00,  // sub final $a
                                                0x60, 0x00, 0x00})}));
  ASSERT_EQ(m.types.size(), 3u);
  EXPECT_FALSE(m.types[0].isFinal);
  EXPECT_TRUE(m.types[0].supertypes.empty());
  EXPECT_EQ(m.types[0].recGroupStart, 0u);
  EXPECT_EQ(m.types[0].recGroupSize, 2u);
  EXPECT_TRUE(m.types[1].isFinal);
  EXPECT_EQ(m.types[1].supertypes, std::vector<uint32_t>{0});
  EXPECT_EQ(m.types[1].func.params, std::vector<ValType>{ValType::I32});
  EXPECT_EQ(m.types[1].recGroupStart, 0u);
  EXPECT_EQ(m.types[1].recGroupSize, 2u);
  EXPECT_EQ(m.types[2].recGroupStart, 2u);
  EXPECT_EQ(m.types[2].recGroupSize, 1u);
}

TEST(ModuleDecoder, EmptyRecursionGroup) {
  // (rec)
  spec::Module m = decodeOk(module({section(1, {0x01, 0x4E, 0x00})}));
  EXPECT_TRUE(m.types.empty());
}

TEST(ModuleDecoder, GcCompositeTypesAreNotSupported) {
  // (type (struct (field i32)))
  expectMalformed(module({section(1, {0x01, 0x5F, 0x01, 0x7F, 0x00})}), "GC types not supported",
                  11);
  // (type (array (mut i8)))
  expectMalformed(module({section(1, {0x01, 0x5E, 0x78, 0x01})}), "GC types not supported", 11);
  // (rec (type (sub (array i16))))
  expectMalformed(module({section(1, {0x01, 0x4E, 0x01, 0x50, 0x00, 0x5E, 0x77, 0x00})}),
                  "GC types not supported", 15);
  // A malformed GC type is reported as such: an array field of mutability 2.
  expectMalformed(module({section(1, {0x01, 0x5E, 0x78, 0x02})}), "malformed mutability", 13);
}

TEST(ModuleDecoder, MalformedDefinitionType) {
  expectMalformed(module({section(1, {0x01, 0x40})}), "malformed definition type", 11);
  // -0x20 (func) written as a two-byte signed LEB128.
  expectMalformed(module({section(1, {0x01, 0xE0, 0x7F, 0x00, 0x00})}),
                  "integer representation too long", 12);
}

TEST(ModuleDecoder, MalformedValueType) {
  // (type (func (param <0x40>)))
  expectMalformed(module({section(1, {0x01, 0x60, 0x01, 0x40, 0x00})}), "malformed value type", 13);
}

TEST(ModuleDecoder, ParameterAndResultLimits) {
  Bytes params(1000, 0x7F);
  // (type (func (param i32 ... x1000))) is at the limit.
  spec::Module m = decodeOk(module({section(1, cat({{0x01, 0x60}, leb(1000), params, {0x00}}))}));
  EXPECT_EQ(m.types[0].func.params.size(), 1000u);
  params.push_back(0x7F);
  // The section size takes 2 bytes: the content starts at 11, the count at 13.
  expectMalformed(module({section(1, cat({{0x01, 0x60}, leb(1001), params, {0x00}}))}),
                  "too many parameters (1001, implementation limit 1000)", 13);
  expectMalformed(module({section(1, cat({{0x01, 0x60, 0x00}, leb(1001), params}))}),
                  "too many results (1001, implementation limit 1000)", 14);
}

TEST(ModuleDecoder, TypeLimit) {
  // (rec <1000001 types>): rejected at the group, before reading its types.
  Bytes content = cat({{0x01, 0x4E}, leb(binary::limits::kTypes + 1), Bytes(1000001, 0x00)});
  // The section size takes 3 bytes: content at 12, the group at 13.
  expectMalformed(module({section(1, content)}),
                  "too many types (1000001, implementation limit 1000000)", 13);
}

// ---- import section (spec 5.5.5)

TEST(ModuleDecoder, Imports) {
  // (import "m" "f" (func (type 0)))
  // (import "m" "t" (table 1 2 funcref))
  // (import "m" "mem" (memory i64 1))
  // (import "m" "g" (global (mut i32)))
  // (import "m" "e" (tag (type 0)))
  spec::Module m = decodeOk(module({section(2, cat({{0x05},
                                                    name("m"),
                                                    name("f"),
                                                    {0x00, 0x00},
                                                    name("m"),
                                                    name("t"),
                                                    {0x01, 0x70, 0x01, 0x01, 0x02},
                                                    name("m"),
                                                    name("mem"),
                                                    {0x02, 0x04, 0x01},
                                                    name("m"),
                                                    name("g"),
                                                    {0x03, 0x7F, 0x01},
                                                    name("m"),
                                                    name("e"),
                                                    {0x04, 0x00, 0x00}}))}));
  ASSERT_EQ(m.imports.size(), 5u);
  EXPECT_EQ(m.imports[0].module, "m");
  EXPECT_EQ(m.imports[0].field, "f");
  EXPECT_EQ(m.imports[0].kind, ExternKind::Func);
  EXPECT_EQ(m.imports[0].funcType, 0u);
  EXPECT_EQ(m.imports[1].kind, ExternKind::Table);
  EXPECT_EQ(m.imports[1].table.elem, ValType::funcref());
  EXPECT_EQ(m.imports[1].table.limits.min, 1u);
  EXPECT_EQ(m.imports[1].table.limits.max, 2u);
  EXPECT_EQ(m.imports[2].field, "mem");
  EXPECT_EQ(m.imports[2].kind, ExternKind::Memory);
  EXPECT_TRUE(m.imports[2].memory.limits.is64);
  EXPECT_EQ(m.imports[3].kind, ExternKind::Global);
  EXPECT_EQ(m.imports[3].global.type, ValType::I32);
  EXPECT_TRUE(m.imports[3].global.mut);
  EXPECT_EQ(m.imports[4].kind, ExternKind::Tag);
  EXPECT_EQ(m.imports[4].tag.typeIndex, 0u);
  EXPECT_EQ(m.numImportedFuncs, 1u);
  EXPECT_EQ(m.numImportedTables, 1u);
  EXPECT_EQ(m.numImportedMemories, 1u);
  EXPECT_EQ(m.numImportedGlobals, 1u);
  EXPECT_EQ(m.numImportedTags, 1u);
}

TEST(ModuleDecoder, MalformedImportKind) {
  // (import "" "" <kind 5>)
  expectMalformed(module({section(2, {0x01, 0x00, 0x00, 0x05})}), "malformed import kind", 13);
  expectMalformed(module({section(2, {0x01, 0x00, 0x00, 0x80, 0x00})}), "malformed import kind",
                  13);
}

TEST(ModuleDecoder, ImportedTagAttributeMustBeZero) {
  expectMalformed(module({section(2, {0x01, 0x00, 0x00, 0x04, 0x01, 0x00})}), "zero byte expected",
                  14);
}

TEST(ModuleDecoder, ImportNamesMustBeUtf8) {
  expectMalformed(module({section(2, {0x01, 0x01, 0xFF, 0x00, 0x00, 0x00})}),
                  "malformed UTF-8 encoding", 12);
  expectMalformed(module({section(2, {0x01, 0x00, 0x01, 0xFF, 0x00, 0x00})}),
                  "malformed UTF-8 encoding", 13);
}

TEST(ModuleDecoder, ImportCountBeyondTheSection) {
  // 2 imports declared, 1 given, at the end of the file.
  expectMalformed(module({section(2, {0x02, 0x00, 0x00, 0x00, 0x00})}),
                  "unexpected end of section or function", 15);
}

TEST(ModuleDecoder, ImportLimit) {
  Bytes content = cat({leb(binary::limits::kImports + 1), Bytes(100001, 0x00)});
  expectMalformed(module({section(2, content)}),
                  "too many imports (100001, implementation limit 100000)", 12);
}

// ---- function section (spec 5.5.6)

TEST(ModuleDecoder, FunctionSection) {
  // (func (type 0)) (func (type 1)), with their bodies.
  spec::Module m = decodeOk(module(
      {section(3, {0x02, 0x00, 0x01}), section(10, {0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B})}));
  EXPECT_EQ(m.funcs, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(m.numFuncs(), 2u);
}

TEST(ModuleDecoder, FunctionLimit) {
  Bytes content = cat({leb(binary::limits::kFunctions + 1), Bytes(1000001, 0x00)});
  expectMalformed(module({section(3, content)}),
                  "too many functions (1000001, implementation limit 1000000)", 12);
}

// ---- table section (spec 5.5.7)

TEST(ModuleDecoder, Tables) {
  // (table 1 funcref)
  // (table 0 10 externref)
  // (table i64 5 (ref null func))
  // (table 1 (ref func) (ref.func 0))
  spec::Module m =
      decodeOk(module({section(4, {0x04, 0x70, 0x00, 0x01, 0x6F, 0x01, 0x00, 0x0A, 0x63, 0x70, 0x04,
                                   0x05, 0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xD2, 0x00, 0x0B})}));
  ASSERT_EQ(m.tables.size(), 4u);
  EXPECT_EQ(m.tables[0].type.elem, ValType::funcref());
  EXPECT_EQ(m.tables[0].type.limits.min, 1u);
  EXPECT_FALSE(m.tables[0].type.limits.max.has_value());
  EXPECT_FALSE(m.tables[0].init.has_value());
  EXPECT_EQ(m.tables[1].type.elem, ValType::externref());
  EXPECT_EQ(m.tables[1].type.limits.max, 10u);
  EXPECT_EQ(m.tables[2].type.elem, ValType::funcref());
  EXPECT_TRUE(m.tables[2].type.limits.is64);
  EXPECT_EQ(m.tables[2].type.limits.min, 5u);
  EXPECT_EQ(m.tables[3].type.elem, ValType::ref(AbsHeap::Func, false));
  ASSERT_TRUE(m.tables[3].init.has_value());
  EXPECT_EQ(m.tables[3].init->code.offset, 28u);  // ref.func 0, end
  EXPECT_EQ(m.tables[3].init->code.size, 3u);
}

TEST(ModuleDecoder, TableInitializerNeedsZeroByte) {
  expectMalformed(module({section(4, {0x01, 0x40, 0x01, 0x70, 0x00, 0x01, 0xD0, 0x70, 0x0B})}),
                  "zero byte expected", 12);
}

TEST(ModuleDecoder, TableTypeErrors) {
  // An i32 table.
  expectMalformed(module({section(4, {0x01, 0x7F, 0x00, 0x00})}), "malformed reference type", 11);
  // Limits flags with bit 3 set, or bits as a LEB128.
  expectMalformed(module({section(4, {0x01, 0x70, 0x08, 0x00})}), "malformed limits flags", 12);
  expectMalformed(module({section(4, {0x01, 0x70, 0x81, 0x00, 0x00})}), "malformed limits flags",
                  12);
  // Tables cannot be shared.
  expectMalformed(module({section(4, {0x01, 0x70, 0x03, 0x01, 0x02})}), "malformed limits flags",
                  12);
}

// ---- memory section (spec 5.5.8)

TEST(ModuleDecoder, Memories) {
  // (memory 1) (memory 1 2) (memory 1 2 shared) (memory i64 0x1_0000_0000) (memory i64 1 2)
  spec::Module m =
      decodeOk(module({section(5, cat({{0x05, 0x00, 0x01, 0x01, 0x01, 0x02, 0x03, 0x01, 0x02, 0x04},
                                       leb(uint64_t{1} << 32),
                                       {0x05, 0x01, 0x02}}))}));
  ASSERT_EQ(m.memories.size(), 5u);
  EXPECT_EQ(m.memories[0].limits.min, 1u);
  EXPECT_FALSE(m.memories[0].limits.max.has_value());
  EXPECT_EQ(m.memories[0].pageSizeLog2, 16u);
  EXPECT_EQ(m.memories[1].limits.max, 2u);
  EXPECT_FALSE(m.memories[1].limits.shared);
  EXPECT_TRUE(m.memories[2].limits.shared);
  EXPECT_TRUE(m.memories[3].limits.is64);
  EXPECT_EQ(m.memories[3].limits.min, uint64_t{1} << 32);
  EXPECT_TRUE(m.memories[4].limits.is64);
  EXPECT_EQ(m.memories[4].limits.max, 2u);
}

TEST(ModuleDecoder, MemoryLimitsAreU64) {
  // Wasm 3.0 encodes limits as u64 whatever the address type: a 32-bit memory
  // of 2^32 pages decodes, and the validator rejects it.
  spec::Module m = decodeOk(module({section(5, cat({{0x01, 0x00}, leb(uint64_t{1} << 32)}))}));
  EXPECT_FALSE(m.memories[0].limits.is64);
  EXPECT_EQ(m.memories[0].limits.min, uint64_t{1} << 32);
  // Unused bits of the tenth byte: "integer too large".
  expectMalformed(module({section(5, {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                      0x80, 0x70})}),
                  "integer too large", 21);
}

TEST(ModuleDecoder, MemoryLimitsFlags) {
  expectMalformed(module({section(5, {0x01, 0x10, 0x00})}), "malformed limits flags", 11);
  expectMalformed(module({section(5, {0x01, 0x81, 0x00, 0x00})}), "malformed limits flags", 11);
  // Flag 0x08 (custom page size) without the page size: the end of the section.
  expectMalformed(module({section(5, {0x01, 0x08, 0x00})}), "unexpected end of section or function",
                  13);
}

// ---- custom page sizes (flag 0x08: a u32 page-size exponent follows the limits)

TEST(ModuleDecoder, CustomPageSizes) {
  // (memory 1 (pagesize 1)) (memory 1 2 (pagesize 65536)) (memory i64 3 (pagesize 1))
  // (memory 1 2 shared (pagesize 1)) (memory 5)
  spec::Module m = decodeOk(module({section(
      5, {0x05, 0x08, 0x01, 0x00, 0x09, 0x01, 0x02, 0x10, 0x0C, 0x03, 0x00, 0x0B, 0x01, 0x02, 0x00,
          0x00, 0x05})}));
  ASSERT_EQ(m.memories.size(), 5u);
  EXPECT_EQ(m.memories[0].limits.min, 1u);
  EXPECT_FALSE(m.memories[0].limits.max.has_value());
  EXPECT_EQ(m.memories[0].pageSizeLog2, 0u);
  EXPECT_EQ(m.memories[0].pageSize(), 1u);
  EXPECT_TRUE(m.memories[0].explicitPageSize);
  EXPECT_EQ(m.memories[1].limits.max, 2u);
  EXPECT_EQ(m.memories[1].pageSizeLog2, 16u);
  EXPECT_TRUE(m.memories[1].explicitPageSize);  // the default, written out
  EXPECT_TRUE(m.memories[2].limits.is64);
  EXPECT_EQ(m.memories[2].limits.min, 3u);
  EXPECT_EQ(m.memories[2].pageSizeLog2, 0u);
  EXPECT_TRUE(m.memories[3].limits.shared);
  EXPECT_EQ(m.memories[3].limits.max, 2u);
  EXPECT_EQ(m.memories[3].pageSizeLog2, 0u);
  EXPECT_EQ(m.memories[4].pageSizeLog2, 16u);
  EXPECT_FALSE(m.memories[4].explicitPageSize);
  // Imported memories too: (import "a" "b" (memory 0 (pagesize 1)))
  spec::Module im = decodeOk(
      module({section(2, cat({{0x01}, name("a"), name("b"), {0x02, 0x08, 0x00, 0x00}}))}));
  ASSERT_EQ(im.imports.size(), 1u);
  EXPECT_EQ(im.imports[0].memory.pageSizeLog2, 0u);
}

TEST(ModuleDecoder, CustomPageSizeExponents) {
  // Exponents up to 64 (page sizes up to 2^64 bytes) are well-formed; only
  // 0 and 16 are valid, which is the validator's to say.
  for (uint8_t p : {1, 2, 15, 17, 63, 64})
    EXPECT_EQ(decodeOk(module({section(5, {0x01, 0x08, 0x00, p})})).memories[0].pageSizeLog2, p);
  expectMalformed(module({section(5, {0x01, 0x08, 0x00, 0x41})}), "invalid custom page size", 13);
  expectMalformed(module({section(5, cat({{0x01, 0x08, 0x00}, leb(uint64_t{1} << 32)}))}),
                  "integer too large", 17);
  // Tables have no page size.
  expectMalformed(module({section(4, {0x01, 0x70, 0x08, 0x00, 0x00})}), "malformed limits flags", 12);
}

TEST(ModuleDecoder, MemoryCountBeyondTheSection) {
  // 2 memories declared, 1 given, at the end of the file.
  expectMalformed(module({section(5, {0x02, 0x00, 0x00})}), "unexpected end of section or function",
                  13);
}

// ---- tag section (exception handling, spec 5.5.9)

TEST(ModuleDecoder, Tags) {
  // (tag (type 0)) (tag (type 1))
  spec::Module m = decodeOk(module({section(13, {0x02, 0x00, 0x00, 0x00, 0x01})}));
  ASSERT_EQ(m.tags.size(), 2u);
  EXPECT_EQ(m.tags[0].typeIndex, 0u);
  EXPECT_EQ(m.tags[1].typeIndex, 1u);
  EXPECT_EQ(m.numTags(), 2u);
}

TEST(ModuleDecoder, TagAttributeMustBeZero) {
  expectMalformed(module({section(13, {0x01, 0x01, 0x00})}), "zero byte expected", 11);
}

// ---- global section (spec 5.5.10)

TEST(ModuleDecoder, Globals) {
  // (global i32 (i32.const 42))
  // (global (mut f32) (f32.const 0))
  // (global i64 (block (result i64) (i64.const 1)))  ;; invalid, but decodes
  spec::Module m = decodeOk(
      module({section(6, {0x03, 0x7F, 0x00, 0x41, 0x2A, 0x0B, 0x7D, 0x01, 0x43, 0x00, 0x00,
                          0x00, 0x00, 0x0B, 0x7E, 0x00, 0x02, 0x7E, 0x42, 0x01, 0x0B, 0x0B})}));
  ASSERT_EQ(m.globals.size(), 3u);
  EXPECT_EQ(m.globals[0].type.type, ValType::I32);
  EXPECT_FALSE(m.globals[0].type.mut);
  EXPECT_EQ(m.globals[0].init.code.offset, 13u);
  EXPECT_EQ(m.globals[0].init.code.size, 3u);
  EXPECT_EQ(m.globals[1].type.type, ValType::F32);
  EXPECT_TRUE(m.globals[1].type.mut);
  EXPECT_EQ(m.globals[1].init.code.offset, 18u);
  EXPECT_EQ(m.globals[1].init.code.size, 6u);
  // The block's `end` does not end the expression.
  EXPECT_EQ(m.globals[2].init.code.offset, 26u);
  EXPECT_EQ(m.globals[2].init.code.size, 6u);
  EXPECT_EQ(m.span(m.globals[2].init.code).back(), 0x0B);
}

TEST(ModuleDecoder, GlobalErrors) {
  expectMalformed(module({section(6, {0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B})}),
                  "malformed mutability", 12);
  // (global i32 (i32.const 0) with the `end` missing, at the end of the file.
  expectMalformed(module({section(6, {0x01, 0x7F, 0x00, 0x41, 0x00})}),
                  "unexpected end of section or function", 15);
  // The reserved opcode 0xFF in the initializer.
  expectMalformed(module({section(6, {0x01, 0x7F, 0x00, 0xFF, 0x0B})}), "illegal opcode", 13);
  // An overlong i32.const immediate.
  expectMalformed(
      module({section(6, {0x01, 0x7F, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0B})}),
      "integer representation too long", 18);
}

TEST(ModuleDecoder, GlobalLimit) {
  Bytes content = cat({leb(binary::limits::kGlobals + 1), Bytes(1000001, 0x00)});
  expectMalformed(module({section(6, content)}),
                  "too many globals (1000001, implementation limit 1000000)", 12);
}

// ---- export section (spec 5.5.11)

TEST(ModuleDecoder, Exports) {
  // (export "f" (func 0)) (export "t" (table 1)) (export "m" (memory 2))
  // (export "g" (global 3)) (export "e" (tag 4))
  spec::Module m = decodeOk(module({section(7, cat({{0x05},
                                                    name("f"),
                                                    {0x00, 0x00},
                                                    name("t"),
                                                    {0x01, 0x01},
                                                    name("m"),
                                                    {0x02, 0x02},
                                                    name("g"),
                                                    {0x03, 0x03},
                                                    name("e"),
                                                    {0x04, 0x04}}))}));
  ASSERT_EQ(m.exports.size(), 5u);
  const ExternKind kinds[] = {ExternKind::Func, ExternKind::Table, ExternKind::Memory,
                              ExternKind::Global, ExternKind::Tag};
  for (uint32_t i = 0; i < 5; ++i) {
    EXPECT_EQ(m.exports[i].kind, kinds[i]);
    EXPECT_EQ(m.exports[i].index, i);
  }
  EXPECT_EQ(m.exports[0].name, "f");
  EXPECT_EQ(m.exports[4].name, "e");
}

TEST(ModuleDecoder, MalformedExportKind) {
  expectMalformed(module({section(7, {0x01, 0x00, 0x05, 0x00})}), "malformed export kind", 12);
}

TEST(ModuleDecoder, ExportNameBeyondTheFile) {
  // 2 exports declared, 1 given: the second name's length is the id of the
  // code section that follows (10), more than the 9 bytes left.
  expectMalformed(module({section(7, cat({{0x02}, name("f1"), {0x00, 0x00}})),
                          section(10, {0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B})}),
                  "length out of bounds", 16);
}

TEST(ModuleDecoder, ExportLimit) {
  Bytes content = cat({leb(binary::limits::kExports + 1), Bytes(100001, 0x00)});
  expectMalformed(module({section(7, content)}),
                  "too many exports (100001, implementation limit 100000)", 12);
}

// ---- start section (spec 5.5.12)

TEST(ModuleDecoder, Start) {
  // (start 5)
  spec::Module m = decodeOk(module({section(8, {0x05})}));
  EXPECT_EQ(m.start, 5u);
  expectMalformed(module({section(8, {0x05, 0x00})}), "section size mismatch", 10);
}

// ---- code section (spec 5.5.13)

// (type (func (param i32))) (func (type 0) (local i64 i64) (local f32) nop)
Bytes moduleWithOneFunction(const Bytes& code) {
  return module(
      {section(1, {0x01, 0x60, 0x01, 0x7F, 0x00}), section(3, {0x01, 0x00}), section(10, code)});
}

TEST(ModuleDecoder, FunctionBodies) {
  // The code section's content is at 21: count, then the body size at 22.
  spec::Module m =
      decodeOk(moduleWithOneFunction({0x01, 0x07, 0x02, 0x02, 0x7E, 0x01, 0x7D, 0x01, 0x0B}));
  ASSERT_EQ(m.code.size(), 1u);
  const spec::FunctionBody& body = m.code[0];
  EXPECT_EQ(body.sizeOffset, 22u);
  EXPECT_EQ(body.localsOffset, 23u);
  EXPECT_EQ(body.codeOffset, 28u);
  EXPECT_EQ(body.end, 30u);
  EXPECT_EQ(body.code().offset, 28u);
  EXPECT_EQ(body.code().size, 2u);
  ASSERT_EQ(body.locals.size(), 2u);
  EXPECT_EQ(body.locals[0].count, 2u);
  EXPECT_EQ(body.locals[0].type, ValType::I64);
  EXPECT_EQ(body.locals[1].count, 1u);
  EXPECT_EQ(body.locals[1].type, ValType::F32);
  EXPECT_EQ(body.numLocals, 3u);
}

TEST(ModuleDecoder, InstructionsAreLeftToTheValidator) {
  // A body without its final `end` and with the reserved opcode 0xFF decodes:
  // reading instructions is the validator's job.
  spec::Module m = decodeOk(moduleWithOneFunction({0x01, 0x03, 0x00, 0x00, 0xFF}));
  EXPECT_EQ(m.code[0].code().size, 2u);
}

TEST(ModuleDecoder, LocalCountsMayBeZero) {
  // (func (local) (local) (local f32 f32)) as three declarations.
  spec::Module m =
      decodeOk(moduleWithOneFunction({0x01, 0x08, 0x03, 0x00, 0x7F, 0x00, 0x7E, 0x02, 0x7D, 0x0B}));
  EXPECT_EQ(m.code[0].numLocals, 2u);
}

TEST(ModuleDecoder, TooManyLocals) {
  // 0xFFFFFFFF i32 and 2 i64: more than 2^32-1 locals (spec).
  expectMalformed(moduleWithOneFunction(
                      {0x01, 0x0A, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B}),
                  "too many locals", 23);
  // 4 x 0x40000000 locals: exactly 2^32.
  expectMalformed(moduleWithOneFunction({0x01, 0x1A, 0x04, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7F, 0x80,
                                         0x80, 0x80, 0x80, 0x04, 0x7E, 0x80, 0x80, 0x80, 0x80, 0x04,
                                         0x7D, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7C, 0x0B}),
                  "too many locals", 23);
}

TEST(ModuleDecoder, LocalLimitCountsParameters) {
  // (func (param i32) (local i32 x 49999)) is at the limit, one more is not.
  spec::Module m =
      decodeOk(moduleWithOneFunction(cat({{0x01, 0x06, 0x01}, leb(49999), {0x7F, 0x0B}})));
  EXPECT_EQ(m.code[0].numLocals, 49999u);
  expectMalformedPrefix(moduleWithOneFunction(cat({{0x01, 0x06, 0x01}, leb(50000), {0x7F, 0x0B}})),
                        "too many locals (50001, implementation limit 50000)", 23);
}

TEST(ModuleDecoder, LocalCountTooLarge) {
  // A local count of 2^32 in five bytes.
  expectMalformed(moduleWithOneFunction(
                      {0x01, 0x0A, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x7F, 0x02, 0x7E, 0x0B}),
                  "integer too large", 28);
}

TEST(ModuleDecoder, BodyShorterThanItsLocals) {
  // A body of 2 bytes: 1 declaration of 5 locals whose type is cut off.
  expectMalformed(moduleWithOneFunction({0x01, 0x02, 0x01, 0x05, 0x7F, 0x0B}),
                  "unexpected end of section or function", 25);
  // An empty body has no room for the locals vector.
  expectMalformed(moduleWithOneFunction({0x01, 0x00}), "unexpected end of section or function", 23);
}

TEST(ModuleDecoder, BodySizeBeyondTheFile) {
  expectMalformed(moduleWithOneFunction({0x01, 0x09, 0x00, 0x0B}), "length out of bounds", 22);
}

TEST(ModuleDecoder, BodySizeLimit) {
  uint32_t size = binary::limits::kFunctionBodyBytes + 1;
  Bytes code = cat({{0x01}, leb(size), Bytes(size, 0x00)});
  // The code section's size takes 4 bytes: its content is at 24, the body size at 25.
  expectMalformed(moduleWithOneFunction(code),
                  "too many bytes in a function body (7654322, implementation limit 7654321)", 25);
}

TEST(ModuleDecoder, FunctionAndCodeCountsMustMatch) {
  // Two functions, one body: reported at the code section's count.
  expectMalformed(module({section(1, {0x01, 0x60, 0x00, 0x00}), section(3, {0x02, 0x00, 0x00}),
                          section(10, {0x01, 0x02, 0x00, 0x0B})}),
                  "function and code section have inconsistent lengths", 21);
  // One function, two bodies.
  expectMalformed(module({section(1, {0x01, 0x60, 0x00, 0x00}), section(3, {0x01, 0x00}),
                          section(10, {0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B})}),
                  "function and code section have inconsistent lengths", 20);
  // Bodies without a function section.
  expectMalformed(module({section(10, {0x01, 0x02, 0x00, 0x0B})}),
                  "function and code section have inconsistent lengths", 10);
  // Functions without a code section: reported at the end of the file.
  expectMalformed(module({section(1, {0x01, 0x60, 0x00, 0x00}), section(3, {0x02, 0x00, 0x00})}),
                  "function and code section have inconsistent lengths", 19);
  // Empty function and code sections alone are fine.
  decodeOk(module({section(3, {0x00})}));
  decodeOk(module({section(10, {0x00})}));
}

}  // namespace
}  // namespace witt
