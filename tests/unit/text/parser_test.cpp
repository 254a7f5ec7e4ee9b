// The module parser: fields, abbreviations, index spaces, names and errors.
#include "text/parser.h"

#include <gtest/gtest.h>

#include "support/small_stack.h"
#include "binary/writer.h"

namespace witt::text {
namespace {

using Bytes = std::vector<uint8_t>;

spec::Module parse(std::string_view text) {
  auto m = parseModule(text, "test.wat");
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().describe());
  return m.ok() ? std::move(m).value() : spec::Module{};
}

Error parseError(std::string_view text) {
  auto m = parseModule(text, "test.wat");
  EXPECT_FALSE(m.ok()) << text;
  return m.ok() ? Error{} : m.error();
}

Bytes span(const spec::Module& m, spec::ByteSpan s) {
  auto b = m.span(s);
  return Bytes(b.begin(), b.end());
}

Bytes body(const spec::Module& m, size_t i) { return span(m, m.code.at(i).code()); }

TEST(Parser, EmptyModuleAndBareFields) {
  EXPECT_EQ(binary::writeModule(parse("(module)")).size(), 8u);
  EXPECT_EQ(binary::writeModule(parse("")).size(), 8u);
  spec::Module m = parse("(func) (memory 1)");
  EXPECT_EQ(m.funcs.size(), 1u);
  EXPECT_EQ(m.memories.size(), 1u);
}

TEST(Parser, ExactBinaryOfASmallModule) {
  spec::Module m = parse(R"((module
    (func $add (export "add") (param $a i32) (param $b i32) (result i32)
      local.get $a
      local.get $b
      i32.add)))");
  // The name section is written after the code section.
  Bytes out = binary::writeModule(m);
  Bytes expected = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01,
                    0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F,                    // type
                    0x03, 0x02, 0x01, 0x00,                                // function
                    0x07, 0x07, 0x01, 0x03, 'a',  'd',  'd',  0x00, 0x00,  // export
                    0x0A, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B};
  ASSERT_GE(out.size(), expected.size());
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<long>(expected.size())), expected);
  EXPECT_EQ(m.names.functions.at(0), "add");
  EXPECT_EQ(m.names.locals.at(0).at(0), "a");
  EXPECT_EQ(m.names.locals.at(0).at(1), "b");
}

TEST(Parser, ImplicitTypesAreAppendedAndReused) {
  spec::Module m = parse(R"((module
    (func $f (result f64) (f64.const 0))
    (func $g (param i32))
    (func $h (result f64) (f64.const 1))
    (type $t (func (param i32)))))");
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.funcs, (std::vector<uint32_t>{1, 0, 1}));
  EXPECT_EQ(m.types[1].func.results, std::vector<ValType>{ValType::F64});
}

TEST(Parser, TypeUseMustMatchInlineSignature) {
  parse("(type $t (func (param i32))) (func (type $t) (param i32))");
  EXPECT_EQ(parseError("(type $t (func (param i32))) (func (type $t) (param i64))").message,
            "inline function type");
  EXPECT_EQ(parseError("(func (type $nope))").message, "unknown type $nope");
}

TEST(Parser, ImportsComeFirst) {
  spec::Module m = parse(R"(
    (import "m" "f" (func $f (param i32)))
    (func $g (import "m" "g"))
    (global (import "m" "g") i32)
    (func (call $f (i32.const 1)) (call $g)))");
  EXPECT_EQ(m.numImportedFuncs, 2u);
  EXPECT_EQ(m.numImportedGlobals, 1u);
  EXPECT_EQ(body(m, 0), (Bytes{0x41, 0x01, 0x10, 0x00, 0x10, 0x01, 0x0B}));
  EXPECT_EQ(parseError("(func) (import \"\" \"\" (memory 0))").message, "import after function");
  EXPECT_EQ(parseError("(global i32 (i32.const 0)) (func (import \"\" \"\"))").message,
            "import after global");
}

TEST(Parser, InlineExports) {
  spec::Module m = parse(R"((func (export "a") (export "b")) (memory (export "m") 1))");
  ASSERT_EQ(m.exports.size(), 3u);
  EXPECT_EQ(m.exports[1].name, "b");
  EXPECT_EQ(m.exports[2].kind, ExternKind::Memory);
}

TEST(Parser, InlineElemAndData) {
  spec::Module m = parse(R"((table $t funcref (elem $f $f)) (func $f)
                            (memory (data "ab" "c")))");
  ASSERT_EQ(m.tables.size(), 1u);
  EXPECT_EQ(m.tables[0].type.limits.min, 2u);
  EXPECT_EQ(m.tables[0].type.limits.max, 2u);
  ASSERT_EQ(m.elems.size(), 1u);
  EXPECT_EQ(m.elems[0].funcIndices, (std::vector<uint32_t>{0, 0}));
  EXPECT_EQ(span(m, m.elems[0].offset.code), (Bytes{0x41, 0x00, 0x0B}));
  EXPECT_EQ(m.memories[0].limits.min, 1u);
  EXPECT_EQ(span(m, m.datas[0].init), (Bytes{'a', 'b', 'c'}));
  spec::Module m64 = parse("(memory i64 (data \"x\")) (table i64 funcref (elem))");
  EXPECT_TRUE(m64.memories[0].limits.is64);
  EXPECT_EQ(span(m64, m64.datas[0].offset.code), (Bytes{0x42, 0x00, 0x0B}));
  EXPECT_EQ(span(m64, m64.elems[0].offset.code), (Bytes{0x42, 0x00, 0x0B}));
}

TEST(Parser, ElementSegmentForms) {
  spec::Module m = parse(R"((table $t 1 funcref) (func $f)
    (elem (i32.const 0) $f)
    (elem $p funcref (ref.func $f) (ref.null func))
    (elem declare func $f)
    (elem (table $t) (offset (i32.const 0)) func $f)
    (elem (i32.const 0) funcref (item ref.func $f))
    (elem 0 (i32.const 0) $f))");
  ASSERT_EQ(m.elems.size(), 6u);
  EXPECT_EQ(m.elems[0].mode, spec::SegmentMode::Active);
  EXPECT_FALSE(m.elems[0].usesExprs);
  EXPECT_EQ(m.elems[1].mode, spec::SegmentMode::Passive);
  ASSERT_EQ(m.elems[1].exprs.size(), 2u);
  EXPECT_EQ(span(m, m.elems[1].exprs[1].code), (Bytes{0xD0, 0x70, 0x0B}));
  EXPECT_EQ(m.elems[2].mode, spec::SegmentMode::Declarative);
  EXPECT_EQ(m.elems[3].table, 0u);
  EXPECT_EQ(span(m, m.elems[4].exprs[0].code), (Bytes{0xD2, 0x00, 0x0B}));
}

TEST(Parser, DataSegmentForms) {
  spec::Module m = parse(R"((memory $m 1) (memory $n 1)
    (data (i32.const 1) "a") (data $d "b") (data (memory $n) (offset (i32.const 2)) "c" "d"))");
  ASSERT_EQ(m.datas.size(), 3u);
  EXPECT_EQ(m.datas[1].mode, spec::SegmentMode::Passive);
  EXPECT_EQ(m.datas[2].memory, 1u);
  EXPECT_EQ(span(m, m.datas[2].init), (Bytes{'c', 'd'}));
}

TEST(Parser, TablesMemoriesGlobalsTags) {
  spec::Module m = parse(R"(
    (type $ft (func (param i32)))
    (table 1 10 externref)
    (table i64 2 (ref null $ft))
    (table 1 (ref func) (ref.func 0))
    (memory i64 1 2)
    (memory 1 (pagesize 1))
    (memory 1 2 shared)
    (global $g (mut i64) (i64.const -1))
    (tag $e (param i32))
    (func))");
  EXPECT_EQ(m.tables[0].type.elem, ValType::externref());
  EXPECT_EQ(*m.tables[0].type.limits.max, 10u);
  EXPECT_TRUE(m.tables[1].type.limits.is64);
  EXPECT_EQ(m.tables[1].type.elem, ValType::ref(HeapType::index(0), true));
  ASSERT_TRUE(m.tables[2].init.has_value());
  EXPECT_TRUE(m.memories[0].limits.is64);
  EXPECT_EQ(m.memories[1].pageSizeLog2, 0u);
  EXPECT_TRUE(m.memories[2].limits.shared);
  EXPECT_TRUE(m.globals[0].type.mut);
  EXPECT_EQ(span(m, m.globals[0].init.code), (Bytes{0x42, 0x7F, 0x0B}));
  EXPECT_EQ(m.tags[0].typeIndex, 0u);
  EXPECT_EQ(parseError("(memory 1 (pagesize 3))").message, "invalid custom page size");
}

TEST(Parser, StartAndDuplicates) {
  spec::Module m = parse("(func $main) (start $main)");
  EXPECT_EQ(*m.start, 0u);
  EXPECT_EQ(parseError("(func $f) (start $f) (start $f)").message, "multiple start sections");
  EXPECT_EQ(parseError("(func $f) (func $f)").message, "duplicate func $f");
  EXPECT_EQ(parseError("(memory $m 1) (memory $m 1)").message, "duplicate memory $m");
  EXPECT_EQ(parseError("(func (param $x i32) (local $x i32))").message, "duplicate local $x");
}

TEST(Parser, ForwardReferences) {
  spec::Module m =
      parse(R"((func (call $later) (global.get $g)) (func $later) (global $g i32 (i32.const 0)))");
  EXPECT_EQ(body(m, 0), (Bytes{0x10, 0x01, 0x23, 0x00, 0x0B}));
}

TEST(Parser, DataCountWhenBulkMemoryUsesDataIndices) {
  EXPECT_FALSE(parse("(memory 1) (data \"x\")").dataCount.has_value());
  spec::Module m = parse("(memory 1) (data $d \"x\") (func (data.drop $d))");
  EXPECT_EQ(m.dataCount, 1u);
}

TEST(Parser, RecursionGroupsAndSubtypes) {
  spec::Module m =
      parse(R"((rec (type $a (func)) (type $b (sub $a (func)))) (type $c (sub final (func))))");
  ASSERT_EQ(m.types.size(), 3u);
  EXPECT_EQ(m.types[0].recGroupSize, 2u);
  EXPECT_FALSE(m.types[1].isFinal);
  EXPECT_EQ(m.types[1].supertypes, std::vector<uint32_t>{0});
  EXPECT_TRUE(m.types[2].isFinal);
  EXPECT_NE(parseError("(type (struct))").message.find("not supported"), std::string::npos);
}

TEST(Parser, NamesGoToTheNameSection) {
  spec::Module m = parse(
      R"((module $mod (func $f (param $x i32) (local $y i64)) (global $g i32 (i32.const 0)) (memory $mem 1)))");
  EXPECT_EQ(m.names.module, "mod");
  EXPECT_EQ(m.names.functions.at(0), "f");
  EXPECT_EQ(m.names.locals.at(0).at(1), "y");
  EXPECT_EQ(m.names.others.at(7).at(0), "g");
  EXPECT_EQ(m.names.others.at(6).at(0), "mem");
}

TEST(Parser, Annotations) {
  spec::Module m = parse(R"((module (@name "M") (type (func)) (@custom "c1" (after type) "x" "y")
                             (func (@name "λ")) (@custom "c2" "z")))");
  EXPECT_EQ(m.names.module, "M");
  EXPECT_EQ(m.names.functions.at(0), "λ");
  ASSERT_EQ(m.customs.size(), 2u);
  EXPECT_EQ(m.customs[0].afterSection, 1);
  EXPECT_EQ(span(m, m.customs[0].content), (Bytes{'x', 'y'}));
  EXPECT_EQ(m.customs[1].afterSection, 11);
  EXPECT_EQ(parseError("(func (@custom \"x\"))").message, "misplaced @custom annotation");
  EXPECT_EQ(parseError("(@custom 4)").message, "@custom annotation: missing section name");
  EXPECT_EQ(parseError("(@custom \"a\" (before types))").message,
            "@custom annotation: malformed section kind");
  EXPECT_EQ(parseError("(module (@name \"a\") (@name \"b\"))").message,
            "@name annotation: multiple module");
}

TEST(Parser, ErrorsCarryPositions) {
  Error e = parseError("(module\n  (func\n    (i32.add (nop) (foo))))");
  EXPECT_EQ(e.kind, ErrorKind::Malformed);
  EXPECT_EQ(e.message, "unknown operator foo");
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.column, 21u);
  EXPECT_EQ(e.file, "test.wat");
  EXPECT_EQ(parseError("(module").message, "unexpected end");
  EXPECT_EQ(parseError("(module))").message, "unexpected token");
  EXPECT_EQ(parseError("(module (foo))").message, "unknown operator foo");
  EXPECT_EQ(parseError("(module (func (nop) (local i32)))").message, "unexpected token");
  EXPECT_EQ(parseError("(global $g anyfunc (ref.null func))").message, "unknown operator anyfunc");
  EXPECT_EQ(parseError("(module (func (call $nope)))").message, "unknown function $nope");
  EXPECT_EQ(parseError("(export \"\\ff\" (func 0))").message, "malformed UTF-8 encoding");
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "(func ";
  for (int i = 0; i < 20000; ++i) deep += "(block ";
  for (int i = 0; i < 20000; ++i) deep += ")";
  deep += ")";
  EXPECT_EQ(parseError(deep).message, "nesting too deep");
  std::string plain = "(func ";
  for (int i = 0; i < 20000; ++i) plain += "block ";
  for (int i = 0; i < 20000; ++i) plain += "end ";
  plain += ")";
  EXPECT_EQ(parseError(plain).message, "nesting too deep");
  std::string fine = "(func ";
  for (int i = 0; i < 1000; ++i) fine += "(block ";
  for (int i = 0; i < 1000; ++i) fine += ")";
  fine += ")";
  parse(fine);
}

TEST(Parser, NestingWithinTheLimitOnASmallThreadStackIsAnErrorNotACrash) {
  // 4,000 levels is within kMaxNesting but needs more than a 1 MiB stack:
  // the parser notices the stack running short and says so.
  std::string plain = "(func ";
  for (int i = 0; i < 4000; ++i) plain += "block ";
  for (int i = 0; i < 4000; ++i) plain += "end ";
  plain += ")";
  std::string message;
  witt::test::runOnSmallStack(1 << 20, [&] {
    auto m = parseModule(plain, "test.wat");
    message = m.ok() ? "parsed" : m.error().message;
  });
  // "parsed" if this build's frames are small enough; never a crash.
  EXPECT_TRUE(message == "nesting too deep" || message == "parsed") << message;
  std::string tiny;
  witt::test::runOnSmallStack(256 * 1024 + 64 * 1024, [&] {
    auto m = parseModule(plain, "test.wat");
    tiny = m.ok() ? "parsed" : m.error().message;
  });
  EXPECT_EQ(tiny, "nesting too deep");
}

TEST(Parser, UnsupportedFeaturesSaySo) {
  EXPECT_NE(parseError("(func (struct.new 0))").message.find("not supported: GC"),
            std::string::npos);
  EXPECT_NE(parseError("(memory 1 1 shared) (func (drop (i32.atomic.load (i32.const 0))))")
                .message.find("not supported: threads"),
            std::string::npos);
}

}  // namespace
}  // namespace witt::text
