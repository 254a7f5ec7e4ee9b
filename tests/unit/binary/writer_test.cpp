// The binary writer and encoder: exact bytes for hand-built modules.
#include "binary/writer.h"

#include <gtest/gtest.h>

#include "binary/encoder.h"
#include "binary/module_decoder.h"

namespace witt::binary {
namespace {

using Bytes = std::vector<uint8_t>;

const Bytes kHeader = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

Bytes withHeader(Bytes rest) {
  Bytes b = kHeader;
  for (uint8_t x : rest) b.push_back(x);
  return b;
}

// A section: id, size, content (sizes below 128 only).
Bytes sec(uint8_t id, Bytes content) {
  Bytes b;
  b.push_back(id);
  b.push_back(static_cast<uint8_t>(content.size()));
  for (uint8_t x : content) b.push_back(x);
  return b;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes b;
  for (const Bytes& p : parts)
    for (uint8_t x : p) b.push_back(x);
  return b;
}

// Appends bytes to the pool and returns their span.
spec::ByteSpan addToPool(spec::Module& m, const Bytes& b) {
  spec::ByteSpan s{static_cast<uint32_t>(m.bytes.size()), static_cast<uint32_t>(b.size())};
  m.bytes.insert(m.bytes.end(), b.begin(), b.end());
  return s;
}

spec::FunctionBody addBody(spec::Module& m, const Bytes& code,
                           std::vector<spec::LocalDecl> locals = {}) {
  spec::FunctionBody body;
  spec::ByteSpan s = addToPool(m, code);
  body.codeOffset = s.offset;
  body.end = s.end();
  body.locals = std::move(locals);
  return body;
}

TEST(Encoder, UnsignedLeb) {
  Bytes out;
  Encoder e(out);
  e.u32(0);
  e.u32(127);
  e.u32(128);
  e.u32(624485);
  e.u64(~uint64_t{0});
  EXPECT_EQ(out, (Bytes{0x00, 0x7F, 0x80, 0x01, 0xE5, 0x8E, 0x26, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x01}));
  EXPECT_EQ(sizeOfU64(0), 1u);
  EXPECT_EQ(sizeOfU64(128), 2u);
}

TEST(Encoder, SignedLeb) {
  Bytes out;
  Encoder e(out);
  e.s32(0);
  e.s32(-1);
  e.s32(63);
  e.s32(64);
  e.s32(-64);
  e.s32(-65);
  e.s64(INT64_MIN);
  EXPECT_EQ(out, (Bytes{0x00, 0x7F, 0x3F, 0xC0, 0x00, 0x40, 0xBF, 0x7F, 0x80, 0x80, 0x80, 0x80,
                        0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}));
}

TEST(Encoder, TypesAndOpcodes) {
  Bytes out;
  Encoder e(out);
  e.valType(ValType::funcref());
  e.valType(ValType::ref(AbsHeap::Func, false));
  e.valType(ValType::ref(HeapType::index(3), true));
  e.opcode(Op::I32Add);
  e.opcode(Op::MemoryFill);
  e.opcode(Op::I8x16RelaxedSwizzle);
  EXPECT_EQ(out, (Bytes{0x70, 0x64, 0x70, 0x63, 0x03, 0x6A, 0xFC, 0x0B, 0xFD, 0x80, 0x02}));
}

TEST(Encoder, Limits) {
  Bytes out;
  Encoder e(out);
  MemoryType m;
  m.limits.min = 1;
  m.limits.max = 2;
  e.memoryType(m);
  m.limits.is64 = true;
  m.limits.max.reset();
  m.pageSizeLog2 = 0;
  e.memoryType(m);
  EXPECT_EQ(out, (Bytes{0x01, 0x01, 0x02, 0x0C, 0x01, 0x00}));
}

TEST(Encoder, ExplicitDefaultPageSizeIsKept) {
  // (memory 1 (pagesize 65536)) keeps its flag 0x08 and exponent 16, so that
  // such a binary writes back byte for byte; (memory 1) has neither.
  Bytes out;
  Encoder e(out);
  MemoryType m;
  m.limits.min = 1;
  m.explicitPageSize = true;
  e.memoryType(m);
  m.explicitPageSize = false;
  e.memoryType(m);
  EXPECT_EQ(out, (Bytes{0x08, 0x01, 0x10, 0x00, 0x01}));
}

TEST(Writer, CustomPageSizesRoundTrip) {
  // (memory 1 (pagesize 1)) (memory 0 2 (pagesize 65536)) (memory 3)
  Bytes bytes = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x05, 0x0A, 0x03,
                 0x08, 0x01, 0x00, 0x09, 0x00, 0x02, 0x10, 0x00, 0x03};
  auto m = decodeModule(bytes);
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(writeModule(*m), bytes);
}

TEST(Writer, EmptyModule) {
  spec::Module m;
  EXPECT_EQ(writeModule(m), kHeader);
}

TEST(Writer, FunctionWithLocalsAndExport) {
  spec::Module m;
  spec::SubType t;
  t.func.params = {ValType::I32};
  t.func.results = {ValType::I32};
  m.types.push_back(t);
  m.funcs.push_back(0);
  m.code.push_back(addBody(m, {0x20, 0x00, 0x0B}, {{2, ValType::I64}}));
  m.exports.push_back({"f", ExternKind::Func, 0});
  Bytes expected = withHeader({
      0x01, 0x06, 0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F,              // type
      0x03, 0x02, 0x01, 0x00,                                      // function
      0x07, 0x05, 0x01, 0x01, 'f',  0x00, 0x00,                    // export
      0x0A, 0x08, 0x01, 0x06, 0x01, 0x02, 0x7E, 0x20, 0x00, 0x0B,  // code
  });
  EXPECT_EQ(writeModule(m), expected);
}

TEST(Writer, ImportsTablesMemoriesGlobalsTags) {
  spec::Module m;
  m.types.push_back(spec::SubType{});
  spec::Import f;
  f.module = "m";
  f.field = "f";
  f.kind = ExternKind::Func;
  m.imports.push_back(f);
  spec::Import tag = f;
  tag.field = "t";
  tag.kind = ExternKind::Tag;
  m.imports.push_back(tag);
  m.numImportedFuncs = 1;
  m.numImportedTags = 1;
  spec::Table table;
  table.type.limits.min = 1;
  m.tables.push_back(table);
  spec::Table typed;
  typed.type.elem = ValType::ref(AbsHeap::Func, false);
  typed.type.limits.min = 2;
  typed.init = spec::ConstExpr{addToPool(m, {0xD2, 0x00, 0x0B})};
  m.tables.push_back(typed);
  MemoryType mem;
  mem.limits.min = 1;
  m.memories.push_back(mem);
  m.tags.push_back(TagType{0});
  spec::Global g;
  g.type.type = ValType::I32;
  g.type.mut = true;
  g.init = spec::ConstExpr{addToPool(m, {0x41, 0x07, 0x0B})};
  m.globals.push_back(g);
  Bytes expected = withHeader(cat({
      sec(1, {0x01, 0x60, 0x00, 0x00}),
      sec(2, {0x02, 0x01, 'm', 0x01, 'f', 0x00, 0x00,                  // func
              0x01, 'm', 0x01, 't', 0x04, 0x00, 0x00}),                // tag
      sec(4, {0x02, 0x70, 0x00, 0x01,                                  // funcref 1
              0x40, 0x00, 0x64, 0x70, 0x00, 0x02, 0xD2, 0x00, 0x0B}),  // typed, with init
      sec(5, {0x01, 0x00, 0x01}),
      sec(13, {0x01, 0x00, 0x00}),
      sec(6, {0x01, 0x7F, 0x01, 0x41, 0x07, 0x0B}),
  }));
  EXPECT_EQ(writeModule(m), expected);
}

TEST(Writer, ElementSegmentFlags) {
  spec::Module m;
  spec::ConstExpr off{addToPool(m, {0x41, 0x00, 0x0B})};
  spec::ConstExpr item{addToPool(m, {0xD0, 0x70, 0x0B})};
  auto seg = [&](spec::SegmentMode mode, uint32_t table, bool exprs, ValType type) {
    spec::ElemSegment s;
    s.mode = mode;
    s.table = table;
    s.offset = off;
    s.usesExprs = exprs;
    s.type = type;
    if (exprs)
      s.exprs = {item};
    else
      s.funcIndices = {5};
    return s;
  };
  using M = spec::SegmentMode;
  m.elems.push_back(seg(M::Active, 0, false, ValType::funcref()));       // 0
  m.elems.push_back(seg(M::Passive, 0, false, ValType::funcref()));      // 1
  m.elems.push_back(seg(M::Active, 1, false, ValType::funcref()));       // 2
  m.elems.push_back(seg(M::Declarative, 0, false, ValType::funcref()));  // 3
  m.elems.push_back(seg(M::Active, 0, true, ValType::funcref()));        // 4
  m.elems.push_back(seg(M::Passive, 0, true, ValType::externref()));     // 5
  m.elems.push_back(seg(M::Active, 0, true, ValType::externref()));      // 6
  m.elems.push_back(seg(M::Declarative, 0, true, ValType::funcref()));   // 7
  Bytes expected =
      withHeader(sec(9, {
                            0x08,                                                        //
                            0x00, 0x41, 0x00, 0x0B, 0x01, 0x05,                          // flags 0
                            0x01, 0x00, 0x01, 0x05,                                      // flags 1
                            0x02, 0x01, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x05,              // flags 2
                            0x03, 0x00, 0x01, 0x05,                                      // flags 3
                            0x04, 0x41, 0x00, 0x0B, 0x01, 0xD0, 0x70, 0x0B,              // flags 4
                            0x05, 0x6F, 0x01, 0xD0, 0x70, 0x0B,                          // flags 5
                            0x06, 0x00, 0x41, 0x00, 0x0B, 0x6F, 0x01, 0xD0, 0x70, 0x0B,  // flags 6
                            0x07, 0x70, 0x01, 0xD0, 0x70, 0x0B,                          // flags 7
                        }));
  EXPECT_EQ(writeModule(m), expected);
}

TEST(Writer, DataSegmentsAndDataCount) {
  spec::Module m;
  spec::DataSegment a;
  a.offset = spec::ConstExpr{addToPool(m, {0x41, 0x01, 0x0B})};
  a.init = addToPool(m, {'h', 'i'});
  spec::DataSegment p;
  p.mode = spec::SegmentMode::Passive;
  p.init = addToPool(m, {'x'});
  spec::DataSegment b = a;
  b.memory = 1;
  m.datas = {a, p, b};
  m.dataCount = 3;
  Bytes expected = withHeader(cat({
      sec(12, {0x03}),
      sec(11, {0x03,                                            //
               0x00, 0x41, 0x01, 0x0B, 0x02, 'h', 'i',          // active, memory 0
               0x01, 0x01, 'x',                                 // passive
               0x02, 0x01, 0x41, 0x01, 0x0B, 0x02, 'h', 'i'}),  // active, memory 1
  }));
  EXPECT_EQ(writeModule(m), expected);
}

TEST(Writer, RecursionGroupsAndSubtypes) {
  spec::Module m;
  spec::SubType a;
  a.recGroupStart = 0;
  a.recGroupSize = 2;
  spec::SubType b = a;
  b.isFinal = false;
  b.supertypes = {0};
  m.types = {a, b};
  Bytes expected =
      withHeader(sec(1, {0x01, 0x4E, 0x02, 0x60, 0x00, 0x00, 0x50, 0x01, 0x00, 0x60, 0x00, 0x00}));
  EXPECT_EQ(writeModule(m), expected);
}

TEST(Writer, CustomSectionsKeepTheirPlace) {
  spec::Module m;
  m.types.push_back(spec::SubType{});
  spec::CustomSection first{"a", addToPool(m, {1}), 0, 0};
  spec::CustomSection afterType{"b", addToPool(m, {2}), 0, 1};
  spec::CustomSection afterData{"c", addToPool(m, {}), 0, 11};
  m.customs = {afterData, first, afterType};
  Bytes expected = withHeader({
      0x00, 0x03, 0x01, 'a',  0x01,        //
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00,  //
      0x00, 0x03, 0x01, 'b',  0x02,        //
      0x00, 0x02, 0x01, 'c',               //
  });
  EXPECT_EQ(writeModule(m), expected);
}

TEST(Writer, NameSectionFromNames) {
  spec::Module m;
  m.names.module = "m";
  m.names.functions[0] = "f";
  m.names.locals[0][1] = "x";
  m.names.others[7][0] = "g";
  Bytes expected = withHeader(sec(0, cat({
                                         {0x04, 'n', 'a', 'm', 'e'},
                                         sec(0, {0x01, 'm'}),                          // module
                                         sec(1, {0x01, 0x00, 0x01, 'f'}),              // functions
                                         sec(2, {0x01, 0x00, 0x01, 0x01, 0x01, 'x'}),  // locals
                                         sec(7, {0x01, 0x00, 0x01, 'g'}),              // globals
                                     })));
  EXPECT_EQ(writeModule(m), expected);

  // A raw name section wins over the structure.
  m.customs.push_back({"name", addToPool(m, {}), 0, 11});
  EXPECT_EQ(writeModule(m), withHeader({0x00, 0x05, 0x04, 'n', 'a', 'm', 'e'}));
}

TEST(Writer, TraceMarksBeforeCode) {
  spec::Module m;
  m.types.push_back(spec::SubType{});
  spec::Import im;
  im.module = "m";
  im.field = "f";
  m.imports.push_back(im);
  m.numImportedFuncs = 1;
  m.funcs.push_back(0);
  // nop nop end; one local declaration group (2 bytes) plus its count (1 byte).
  m.code.push_back(addBody(m, {0x01, 0x01, 0x0B}, {{1, ValType::I32}}));
  uint32_t code = m.code[0].codeOffset;
  m.traceMarks.push_back({1, code + 1, 0x11223344});
  m.traceMarks.push_back({1, code, 7});
  Bytes out = writeModule(m);
  std::string name = kTraceMarkSectionName;
  // func 1, two marks: offset 3 (count byte + one local group) id 7, offset 4.
  Bytes content = {0x01, 0x01, 0x02, 0x03, 0x04, 0x07, 0x00, 0x00,
                   0x00, 0x04, 0x04, 0x44, 0x33, 0x22, 0x11};
  Bytes section =
      sec(0, cat({{static_cast<uint8_t>(name.size())}, Bytes(name.begin(), name.end()), content}));
  Bytes codeSection = {0x0A, 0x08, 0x01, 0x06, 0x01, 0x01, 0x7F, 0x01, 0x01, 0x0B};
  // The marks section sits right before the code section; the body is unchanged.
  auto at = std::search(out.begin(), out.end(), section.begin(), section.end());
  ASSERT_NE(at, out.end());
  EXPECT_TRUE(std::equal(codeSection.begin(), codeSection.end(), at + section.size()));
  EXPECT_EQ(encodeTraceMarkSection(m), content);
}

}  // namespace
}  // namespace witt::binary
