// Element segments (all eight flag encodings), data segments (the three
// encodings) and the data count section, on hand-written binaries. Indices are
// not checked by the decoder, so the modules need no tables or memories.
#include <gtest/gtest.h>

#include "binary/module_decoder.h"
#include "unit/binary/wasm_bytes.h"

namespace witt {
namespace {

using namespace test;

void expectSpan(spec::ByteSpan span, uint32_t offset, uint32_t size) {
  EXPECT_EQ(span.offset, offset);
  EXPECT_EQ(span.size, size);
}

TEST(ElementSegments, AllEightEncodings) {
  spec::Module m = decodeOk(
      module({section(9, {0x08,
                          // 0: (elem (i32.const 0) func 0 1)                       at 11
                          0x00, 0x41, 0x00, 0x0B, 0x02, 0x00, 0x01,
                          // 1: (elem func 0)                                       at 18
                          0x01, 0x00, 0x01, 0x00,
                          // 2: (elem (table 1) (i32.const 0) func 3)               at 22
                          0x02, 0x01, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x03,
                          // 3: (elem declare func 2)                               at 30
                          0x03, 0x00, 0x01, 0x02,
                          // 4: (elem (i32.const 0) funcref (ref.func 0) (ref.null func))  at 34
                          0x04, 0x41, 0x00, 0x0B, 0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B,
                          // 5: (elem externref (ref.null extern))                  at 45
                          0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B,
                          // 6: (elem (table 2) (i32.const 0) (ref func) (ref.func 0))  at 51
                          0x06, 0x02, 0x41, 0x00, 0x0B, 0x64, 0x70, 0x01, 0xD2, 0x00, 0x0B,
                          // 7: (elem declare funcref (ref.func 1))                 at 62
                          0x07, 0x70, 0x01, 0xD2, 0x01, 0x0B})}));
  ASSERT_EQ(m.elems.size(), 8u);
  const ValType refFunc = ValType::ref(AbsHeap::Func, false);

  const spec::ElemSegment& e0 = m.elems[0];
  EXPECT_EQ(e0.mode, spec::SegmentMode::Active);
  EXPECT_EQ(e0.table, 0u);
  expectSpan(e0.offset.code, 12, 3);
  EXPECT_FALSE(e0.usesExprs);
  EXPECT_EQ(e0.type, refFunc);  // Wasm 3.0: function-index segments are (ref func)
  EXPECT_EQ(e0.funcIndices, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(e0.size(), 2u);

  EXPECT_EQ(m.elems[1].mode, spec::SegmentMode::Passive);
  EXPECT_EQ(m.elems[1].type, refFunc);
  EXPECT_EQ(m.elems[1].funcIndices, std::vector<uint32_t>{0});

  const spec::ElemSegment& e2 = m.elems[2];
  EXPECT_EQ(e2.mode, spec::SegmentMode::Active);
  EXPECT_EQ(e2.table, 1u);
  expectSpan(e2.offset.code, 24, 3);
  EXPECT_EQ(e2.funcIndices, std::vector<uint32_t>{3});

  EXPECT_EQ(m.elems[3].mode, spec::SegmentMode::Declarative);
  EXPECT_EQ(m.elems[3].funcIndices, std::vector<uint32_t>{2});

  const spec::ElemSegment& e4 = m.elems[4];
  EXPECT_EQ(e4.mode, spec::SegmentMode::Active);
  EXPECT_EQ(e4.table, 0u);
  EXPECT_TRUE(e4.usesExprs);
  EXPECT_EQ(e4.type, ValType::funcref());
  expectSpan(e4.offset.code, 35, 3);
  ASSERT_EQ(e4.exprs.size(), 2u);
  expectSpan(e4.exprs[0].code, 39, 3);
  expectSpan(e4.exprs[1].code, 42, 3);
  EXPECT_EQ(e4.size(), 2u);

  const spec::ElemSegment& e5 = m.elems[5];
  EXPECT_EQ(e5.mode, spec::SegmentMode::Passive);
  EXPECT_EQ(e5.type, ValType::externref());
  ASSERT_EQ(e5.exprs.size(), 1u);
  expectSpan(e5.exprs[0].code, 48, 3);

  const spec::ElemSegment& e6 = m.elems[6];
  EXPECT_EQ(e6.mode, spec::SegmentMode::Active);
  EXPECT_EQ(e6.table, 2u);
  EXPECT_EQ(e6.type, refFunc);
  expectSpan(e6.exprs[0].code, 59, 3);

  const spec::ElemSegment& e7 = m.elems[7];
  EXPECT_EQ(e7.mode, spec::SegmentMode::Declarative);
  EXPECT_EQ(e7.type, ValType::funcref());
  expectSpan(e7.exprs[0].code, 65, 3);
}

TEST(ElementSegments, FlagsAndIndicesMayBePadded) {
  // Flags 2 and table index 0, each encoded in 2 bytes.
  spec::Module m =
      decodeOk(module({section(9, {0x01, 0x82, 0x00, 0x80, 0x00, 0x41, 0x00, 0x0B, 0x00, 0x00})}));
  ASSERT_EQ(m.elems.size(), 1u);
  EXPECT_EQ(m.elems[0].mode, spec::SegmentMode::Active);
  EXPECT_TRUE(m.elems[0].funcIndices.empty());
}

TEST(ElementSegments, MalformedFlags) {
  expectMalformed(module({section(9, {0x01, 0x08})}), "malformed elements segment kind", 11);
}

TEST(ElementSegments, MalformedElementKind) {
  // (elem <elemkind 1> func 0)
  expectMalformed(module({section(9, {0x01, 0x01, 0x01, 0x00})}), "malformed element kind", 12);
}

TEST(ElementSegments, ExpressionsNeedAReferenceType) {
  // (elem i32 (ref.func 0))
  expectMalformed(module({section(9, {0x01, 0x05, 0x7F, 0x01, 0xD2, 0x00, 0x0B})}),
                  "malformed reference type", 12);
}

TEST(ElementSegments, IllegalOpcodeInAnExpression) {
  // (elem funcref (<0xF3> 0 end))
  expectMalformed(module({section(9, {0x01, 0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B})}),
                  "illegal opcode", 14);
}

TEST(ElementSegments, TruncatedSegment) {
  // 2 segments declared, the second cut after its offset expression.
  expectMalformed(
      module({section(9, {0x02, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x00, 0x00, 0x41, 0x00})}),
      "unexpected end of section or function", 20);
}

TEST(ElementSegments, EntryLimit) {
  // (elem (i32.const 0) func <10000001 indices>), rejected at its count. The
  // section size takes 4 bytes: the content is at 13, the count at 18.
  Bytes content = cat({{0x01, 0x00, 0x41, 0x00, 0x0B},
                       leb(binary::limits::kElemEntries + 1),
                       Bytes(binary::limits::kElemEntries + 1, 0x00)});
  expectMalformed(module({section(9, content)}),
                  "too many element segment entries (10000001, implementation limit 10000000)", 18);
}

TEST(DataSegments, AllThreeEncodings) {
  spec::Module m = decodeOk(module({section(11, {0x03,
                                                 // (data (i32.const 0) "hi")                at 11
                                                 0x00, 0x41, 0x00, 0x0B, 0x02, 'h', 'i',
                                                 // (data "x")                               at 18
                                                 0x01, 0x01, 'x',
                                                 // (data (memory 1) (i32.const 0) "")       at 21
                                                 0x02, 0x01, 0x41, 0x00, 0x0B, 0x00})}));
  ASSERT_EQ(m.datas.size(), 3u);
  EXPECT_EQ(m.datas[0].mode, spec::SegmentMode::Active);
  EXPECT_EQ(m.datas[0].memory, 0u);
  expectSpan(m.datas[0].offset.code, 12, 3);
  expectSpan(m.datas[0].init, 16, 2);
  EXPECT_EQ(m.span(m.datas[0].init)[1], 'i');
  EXPECT_EQ(m.datas[1].mode, spec::SegmentMode::Passive);
  expectSpan(m.datas[1].init, 20, 1);
  EXPECT_EQ(m.datas[2].mode, spec::SegmentMode::Active);
  EXPECT_EQ(m.datas[2].memory, 1u);
  expectSpan(m.datas[2].offset.code, 23, 3);
  expectSpan(m.datas[2].init, 27, 0);
}

TEST(DataSegments, FlagsMayBePadded) {
  spec::Module m = decodeOk(module({section(11, {0x01, 0x80, 0x00, 0x41, 0x00, 0x0B, 0x00})}));
  EXPECT_EQ(m.datas[0].mode, spec::SegmentMode::Active);
}

TEST(DataSegments, MalformedFlags) {
  expectMalformed(module({section(11, {0x01, 0x03, 0x00})}), "malformed data segment kind", 11);
}

TEST(DataSegments, Truncated) {
  // 7 bytes declared, 6 given, at the end of the file.
  expectMalformed(
      module({section(11, {0x01, 0x00, 0x41, 0x03, 0x0B, 0x07, 'a', 'b', 'c', 'd', 'e', 'f'})}),
      "unexpected end of section or function", 16);
  // 5 bytes declared, 6 given.
  expectMalformed(
      module({section(11, {0x01, 0x00, 0x41, 0x00, 0x0B, 0x05, 'a', 'b', 'c', 'd', 'e', 'f'})}),
      "section size mismatch", 10);
  // A length beyond the end of the file.
  expectMalformed(module({section(11, {0x01, 0x01, 0x09, 'a'})}), "length out of bounds", 12);
}

TEST(DataSegments, Limit) {
  Bytes content = cat({leb(binary::limits::kDataSegments + 1), Bytes(100001, 0x00)});
  expectMalformed(module({section(11, content)}),
                  "too many data segments (100001, implementation limit 100000)", 12);
}

TEST(DataCount, MatchesTheDataSection) {
  // (data "") (data "") with a data count section.
  spec::Module m =
      decodeOk(module({section(12, {0x02}), section(11, {0x02, 0x01, 0x00, 0x01, 0x00})}));
  EXPECT_EQ(m.dataCount, 2u);
  EXPECT_EQ(m.datas.size(), 2u);
  // A count of 0 needs no data section.
  EXPECT_EQ(decodeOk(module({section(12, {0x00})})).dataCount, 0u);
}

TEST(DataCount, InconsistentWithTheDataSection) {
  // Reported at the data section's count.
  expectMalformed(module({section(12, {0x03}), section(11, {0x02, 0x01, 0x00, 0x01, 0x00})}),
                  "data count and data section have inconsistent lengths", 13);
  expectMalformed(module({section(12, {0x01}), section(11, {0x02, 0x01, 0x00, 0x01, 0x00})}),
                  "data count and data section have inconsistent lengths", 13);
  // Without a data section: reported at the end of the file.
  expectMalformed(module({section(5, {0x01, 0x00, 0x01}), section(12, {0x01})}),
                  "data count and data section have inconsistent lengths", 16);
}

}  // namespace
}  // namespace witt
