// Instructions: the encoding of every immediate kind, folded and flat forms,
// labels, block types, and the decoding of the result with binary::readInstr.
#include <gtest/gtest.h>

#include "binary/instruction.h"
#include "text/parser.h"

namespace witt::text {
namespace {

using Bytes = std::vector<uint8_t>;

// The body bytes (without the final `end`) of the last function of `module`.
Bytes code(const std::string& module) {
  auto m = parseModule(module);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().describe()) << "\n" << module;
  if (!m.ok() || m->code.empty()) return {};
  auto s = m->span(m->code.back().code());
  return Bytes(s.begin(), s.end() - 1);
}

// The body of `(func <text>)` after the given module prefix.
Bytes body(const std::string& text, const std::string& prefix = "") {
  return code("(module " + prefix + " (func " + text + "))");
}

std::string error(const std::string& text, const std::string& prefix = "") {
  auto m = parseModule("(module " + prefix + " (func " + text + "))");
  EXPECT_FALSE(m.ok()) << text;
  return m.ok() ? "" : m.error().message;
}

TEST(Instructions, NumericConstants) {
  EXPECT_EQ(body("i32.const -1 drop"), (Bytes{0x41, 0x7F, 0x1A}));
  EXPECT_EQ(body("i32.const 0xFFFFFFFF drop"), (Bytes{0x41, 0x7F, 0x1A}));
  EXPECT_EQ(body("i64.const 128 drop"), (Bytes{0x42, 0x80, 0x01, 0x1A}));
  EXPECT_EQ(body("f32.const 1 drop"), (Bytes{0x43, 0x00, 0x00, 0x80, 0x3F, 0x1A}));
  EXPECT_EQ(body("f64.const -0 drop"), (Bytes{0x44, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x1A}));
  EXPECT_EQ(body("f32.const nan:0x200000 drop"), (Bytes{0x43, 0x00, 0x00, 0xA0, 0x7F, 0x1A}));
  EXPECT_EQ(error("i32.const 4294967296 drop"), "constant out of range");
  EXPECT_EQ(error("f32.const 1e39 drop"), "constant out of range");
  EXPECT_EQ(error("(drop (f32.const nan:1))"), "unknown operator nan:1");
  EXPECT_EQ(error("(drop (f32.const nan:canonical))"), "unexpected token");
  EXPECT_EQ(error("(drop (i32.const 1.5))"), "unexpected token");
  EXPECT_EQ(error("(drop (i32.const))"), "unexpected token");
}

TEST(Instructions, FoldedEqualsFlat) {
  Bytes flat = body("local.get 0 i32.const 1 i32.add drop", "(type (func (param i32)))");
  Bytes folded = body("(param i32) (drop (i32.add (local.get 0) (i32.const 1)))");
  EXPECT_EQ(flat, folded);
  EXPECT_EQ(folded, (Bytes{0x20, 0x00, 0x41, 0x01, 0x6A, 0x1A}));
}

TEST(Instructions, BlocksAndLabels) {
  EXPECT_EQ(body("(block $a (block $b (br $a) (br $b) (br 0)))"),
            (Bytes{0x02, 0x40, 0x02, 0x40, 0x0C, 0x01, 0x0C, 0x00, 0x0C, 0x00, 0x0B, 0x0B}));
  EXPECT_EQ(body("block $l (result i32) i32.const 1 end $l drop"),
            (Bytes{0x02, 0x7F, 0x41, 0x01, 0x0B, 0x1A}));
  EXPECT_EQ(body("loop $l br $l end"), (Bytes{0x03, 0x40, 0x0C, 0x00, 0x0B}));
  EXPECT_EQ(error("block $a end $b"), "mismatching label");
  EXPECT_EQ(error("block end $b"), "mismatching label");
  EXPECT_EQ(error("(br $nowhere)"), "unknown label $nowhere");
  // Labels shadow: the innermost $l wins.
  EXPECT_EQ(body("(block $l (block $l (br $l)))"),
            (Bytes{0x02, 0x40, 0x02, 0x40, 0x0C, 0x00, 0x0B, 0x0B}));
}

TEST(Instructions, BlockTypes) {
  // [] -> [i32 i32] needs a type index: an implicit type is appended.
  auto m = parseModule("(func (block (result i32 i32) (i32.const 1) (i32.const 2)) drop drop)");
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->types.size(), 2u);
  auto s = m->span(m->code[0].code());
  EXPECT_EQ(s[0], 0x02);
  EXPECT_EQ(s[1], 0x01);
  EXPECT_EQ(body("(block (type $t) (i32.const 1)) drop", "(type $t (func (result i32)))"),
            (Bytes{0x02, 0x00, 0x41, 0x01, 0x0B, 0x1A}));
  EXPECT_EQ(body("(i32.const 1) (block (param i32) (drop))", "(type (func (param i32)))"),
            (Bytes{0x41, 0x01, 0x02, 0x00, 0x1A, 0x0B}));
}

TEST(Instructions, IfFoldedAndFlat) {
  Bytes folded =
      body("(if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3))) drop");
  Bytes flat = body("i32.const 1 if (result i32) i32.const 2 else i32.const 3 end drop");
  EXPECT_EQ(folded, flat);
  EXPECT_EQ(flat, (Bytes{0x41, 0x01, 0x04, 0x7F, 0x41, 0x02, 0x05, 0x41, 0x03, 0x0B, 0x1A}));
  EXPECT_EQ(body("(if $l (i32.const 0) (then (br $l)))"),
            (Bytes{0x41, 0x00, 0x04, 0x40, 0x0C, 0x00, 0x0B}));
  EXPECT_EQ(error("if $a else $b end"), "mismatching label");
}

TEST(Instructions, BrTableAndSelect) {
  EXPECT_EQ(body("(block $a (block $b (br_table $a $b 0 (i32.const 0))))"),
            (Bytes{0x02, 0x40, 0x02, 0x40, 0x41, 0x00, 0x0E, 0x02, 0x01, 0x00, 0x00, 0x0B, 0x0B}));
  EXPECT_EQ(body("(drop (select (i32.const 1) (i32.const 2) (i32.const 3)))"),
            (Bytes{0x41, 0x01, 0x41, 0x02, 0x41, 0x03, 0x1B, 0x1A}));
  EXPECT_EQ(body("(drop (select (result i64) (i64.const 1) (i64.const 2) (i32.const 3)))"),
            (Bytes{0x42, 0x01, 0x42, 0x02, 0x41, 0x03, 0x1C, 0x01, 0x7E, 0x1A}));
}

TEST(Instructions, CallsAndIndirectCalls) {
  const std::string prefix = "(type $v (func)) (table $t 1 funcref) (table $u 1 funcref) (func $f)";
  EXPECT_EQ(body("(call $f) (return_call $f)", prefix), (Bytes{0x10, 0x00, 0x12, 0x00}));
  EXPECT_EQ(body("(call_indirect (type $v) (i32.const 0))", prefix),
            (Bytes{0x41, 0x00, 0x11, 0x00, 0x00}));
  EXPECT_EQ(body("(call_indirect $u (type $v) (i32.const 0))", prefix),
            (Bytes{0x41, 0x00, 0x11, 0x00, 0x01}));
  EXPECT_EQ(body("(return_call_indirect (i32.const 0))", prefix),
            (Bytes{0x41, 0x00, 0x13, 0x00, 0x00}));
  EXPECT_EQ(body("(call_ref $v (ref.func $f)) (return_call_ref $v (ref.func $f))",
                 prefix + " (elem declare func $f)"),
            (Bytes{0xD2, 0x00, 0x14, 0x00, 0xD2, 0x00, 0x15, 0x00}));
}

TEST(Instructions, MemoryAccesses) {
  const std::string mem = "(memory 1) (memory $b 1)";
  EXPECT_EQ(body("(drop (i32.load (i32.const 0)))", mem),
            (Bytes{0x41, 0x00, 0x28, 0x02, 0x00, 0x1A}));
  EXPECT_EQ(body("(drop (i64.load8_u offset=16 align=1 (i32.const 0)))", mem),
            (Bytes{0x41, 0x00, 0x31, 0x00, 0x10, 0x1A}));
  // A memory index sets bit 6 of the flags and follows them.
  EXPECT_EQ(body("(drop (i32.load $b offset=0x10 (i32.const 0)))", mem),
            (Bytes{0x41, 0x00, 0x28, 0x42, 0x01, 0x10, 0x1A}));
  EXPECT_EQ(body("(drop (memory.size $b)) (drop (memory.grow (i32.const 1)))", mem),
            (Bytes{0x3F, 0x01, 0x1A, 0x41, 0x01, 0x40, 0x00, 0x1A}));
  EXPECT_EQ(error("(drop (i32.load align=3 (i32.const 0)))", mem),
            "alignment must be a power of two");
  // offsets up to 2^64-1 parse (memory64); the validator checks the range.
  EXPECT_EQ(
      body("(drop (i64.load offset=0xFFFFFFFFFFFFFFFF (i64.const 0)))", "(memory i64 1)").size(),
      15u);
}

TEST(Instructions, BulkMemoryAndTables) {
  const std::string pre =
      "(memory $m 1) (memory $n 1) (data $d \"x\") (table $t 1 funcref) (table $u 1 funcref) (elem "
      "$e func)";
  EXPECT_EQ(body("(memory.init $d (i32.const 0) (i32.const 0) (i32.const 0))", pre).back(), 0x00);
  EXPECT_EQ(body("memory.init $n $d", pre), (Bytes{0xFC, 0x08, 0x00, 0x01}));
  EXPECT_EQ(body("data.drop $d", pre), (Bytes{0xFC, 0x09, 0x00}));
  EXPECT_EQ(body("memory.copy $n $m", pre), (Bytes{0xFC, 0x0A, 0x01, 0x00}));
  EXPECT_EQ(body("memory.copy", pre), (Bytes{0xFC, 0x0A, 0x00, 0x00}));
  EXPECT_EQ(body("memory.fill $n", pre), (Bytes{0xFC, 0x0B, 0x01}));
  EXPECT_EQ(body("table.init $u $e", pre), (Bytes{0xFC, 0x0C, 0x00, 0x01}));
  EXPECT_EQ(body("table.init $e", pre), (Bytes{0xFC, 0x0C, 0x00, 0x00}));
  EXPECT_EQ(body("elem.drop $e", pre), (Bytes{0xFC, 0x0D, 0x00}));
  EXPECT_EQ(body("table.copy $u $t", pre), (Bytes{0xFC, 0x0E, 0x01, 0x00}));
  EXPECT_EQ(body("table.size $u drop", pre), (Bytes{0xFC, 0x10, 0x01, 0x1A}));
  EXPECT_EQ(body("table.get $u drop", pre), (Bytes{0x25, 0x01, 0x1A}));
}

TEST(Instructions, References) {
  EXPECT_EQ(body("(drop (ref.null func)) (drop (ref.null extern)) (drop (ref.null exn))"),
            (Bytes{0xD0, 0x70, 0x1A, 0xD0, 0x6F, 0x1A, 0xD0, 0x69, 0x1A}));
  EXPECT_EQ(body("(drop (ref.null $t))", "(type $t (func))"), (Bytes{0xD0, 0x00, 0x1A}));
  EXPECT_EQ(body("(drop (ref.is_null (ref.as_non_null (ref.func 0))))", "(elem declare func 0)"),
            (Bytes{0xD2, 0x00, 0xD4, 0xD1, 0x1A}));
  EXPECT_EQ(
      body("(block $l (result (ref func)) (br_on_null $l (ref.func 0)) (br_on_non_null $l "
           "(ref.func 0)) unreachable) drop",
           "(elem declare func 0)"),
      (Bytes{0x02, 0x64, 0x70, 0xD2, 0x00, 0xD5, 0x00, 0xD2, 0x00, 0xD6, 0x00, 0x00, 0x0B, 0x1A}));
}

TEST(Instructions, LocalsByName) {
  EXPECT_EQ(body("(param $p i32) (param f32) (local $x i64) (local i32 i32) (local $y f64) "
                 "local.get $p local.set $y local.get $x local.tee 4 drop"),
            (Bytes{0x20, 0x00, 0x21, 0x05, 0x20, 0x02, 0x22, 0x04, 0x1A}));
}

TEST(Instructions, Exceptions) {
  const std::string pre = "(tag $e (param i32)) (tag $f)";
  EXPECT_EQ(body("(block $h (result i32 exnref) (try_table (catch $e 0) (catch_ref $f $h) "
                 "(catch_all 0) (catch_all_ref $h) (throw $f))) unreachable",
                 pre),
            (Bytes{0x02, 0x02, 0x1F, 0x40, 0x04, 0x00, 0x00, 0x00, 0x01, 0x01,
                   0x00, 0x02, 0x00, 0x03, 0x00, 0x08, 0x01, 0x0B, 0x0B, 0x00}));
  EXPECT_EQ(body("(throw_ref (ref.null exn))"), (Bytes{0xD0, 0x69, 0x0A}));
  // Legacy exception handling.
  EXPECT_EQ(body("(try (do (throw $f)) (catch $e drop) (catch_all (rethrow 0)))", pre),
            (Bytes{0x06, 0x40, 0x08, 0x01, 0x07, 0x00, 0x1A, 0x19, 0x09, 0x00, 0x0B}));
  EXPECT_EQ(body("try $l nop catch $f catch_all end $l", pre),
            (Bytes{0x06, 0x40, 0x01, 0x07, 0x01, 0x19, 0x0B}));
  EXPECT_EQ(body("(block $out (try (do (nop)) (delegate $out)))", pre),
            (Bytes{0x02, 0x40, 0x06, 0x40, 0x01, 0x18, 0x00, 0x0B}));
  EXPECT_EQ(body("block $out try nop delegate $out end", pre),
            (Bytes{0x02, 0x40, 0x06, 0x40, 0x01, 0x18, 0x00, 0x0B}));
  EXPECT_EQ(error("(try (do) (catch $e) (delegate 0))", pre), "unexpected token");
}

TEST(Instructions, Simd) {
  Bytes b = body("(drop (v128.const i32x4 1 2 3 -1))");
  ASSERT_EQ(b.size(), 19u);  // FD 0C, 16 bytes, drop
  EXPECT_EQ(Bytes(b.begin(), b.begin() + 6), (Bytes{0xFD, 0x0C, 0x01, 0x00, 0x00, 0x00}));
  EXPECT_EQ(Bytes(b.end() - 5, b.end()), (Bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x1A}));
  for (auto shape : {"i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -128", "i16x8 0 1 2 3 4 5 6 65535",
                     "i64x2 -1 0x7fffffffffffffff", "f32x4 nan inf -0 0x1p3", "f64x2 -nan:0x1 1.5"})
    EXPECT_EQ(body(std::string("(drop (v128.const ") + shape + "))").size(), 19u) << shape;
  EXPECT_EQ(error("(drop (v128.const i32x4 1 2 3))"), "wrong number of lane literals");
  EXPECT_EQ(error("(drop (v128.const i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0))"),
            "constant out of range");
  Bytes shuffle = body(
      "(drop (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (v128.const i64x2 0 0) "
      "(v128.const i64x2 0 0)))");
  EXPECT_EQ(Bytes(shuffle.end() - 19, shuffle.end() - 15), (Bytes{0xFD, 0x0D, 0x00, 0x01}));
  EXPECT_EQ(error("(drop (i8x16.shuffle 0 1 2 (v128.const i64x2 0 0) (v128.const i64x2 0 0)))"),
            "invalid lane length");
  EXPECT_EQ(body("(drop (i32x4.extract_lane 3 (v128.const i64x2 0 0)))").size(), 22u);
  EXPECT_EQ(error("(drop (i32x4.extract_lane 256 (v128.const i64x2 0 0)))"),
            "i8 constant out of range");
  // v128.load8_lane memidx? memarg lane: a lone number is the lane.
  EXPECT_EQ(
      body("(drop (v128.load8_lane 1 (i32.const 0) (v128.const i64x2 0 0)))", "(memory 1)").size(),
      26u);
  Bytes lane = body("(drop (v128.load8_lane $b 1 (i32.const 0) (v128.const i64x2 0 0)))",
                    "(memory 1) (memory $b 1)");
  EXPECT_EQ(Bytes(lane.end() - 6, lane.end()), (Bytes{0x54, 0x40, 0x01, 0x00, 0x01, 0x1A}));
  EXPECT_EQ(
      body("(drop (i8x16.relaxed_swizzle (v128.const i64x2 0 0) (v128.const i64x2 0 0)))").size(),
      40u);
}

TEST(Instructions, WideArithmeticAndTailCalls) {
  EXPECT_EQ(body("(drop (drop (i64.mul_wide_s (i64.const 1) (i64.const 2))))"),
            (Bytes{0x42, 0x01, 0x42, 0x02, 0xFC, 0x15, 0x1A, 0x1A}));
}

TEST(Instructions, ExtendedConstInGlobals) {
  auto m =
      parseModule("(global i32 (i32.add (i32.const 1) (i32.mul (i32.const 2) (i32.const 3))))");
  ASSERT_TRUE(m.ok());
  auto s = m->span(m->globals[0].init.code);
  EXPECT_EQ(Bytes(s.begin(), s.end()),
            (Bytes{0x41, 0x01, 0x41, 0x02, 0x41, 0x03, 0x6C, 0x6A, 0x0B}));
}

TEST(Instructions, TraceMarksDoNotChangeTheBody) {
  auto with = parseModule(
      "(func $a) (func $f (param i32) (trace_instruction 17) (drop (local.get 0)) i32.itt 18 nop "
      "(i32.itt 19))");
  auto without = parseModule("(func $a) (func $f (param i32) (drop (local.get 0)) nop)");
  ASSERT_TRUE(with.ok() && without.ok());
  auto a = with->span(with->code[1].code());
  auto b = without->span(without->code[1].code());
  EXPECT_EQ(Bytes(a.begin(), a.end()), Bytes(b.begin(), b.end()));
  ASSERT_EQ(with->traceMarks.size(), 3u);
  uint32_t start = with->code[1].codeOffset;
  EXPECT_EQ(with->traceMarks[0].funcIndex, 1u);
  EXPECT_EQ(with->traceMarks[0].id, 17u);
  EXPECT_EQ(with->traceMarks[0].offset, start);      // before local.get
  EXPECT_EQ(with->traceMarks[1].offset, start + 3);  // before nop
  EXPECT_EQ(with->traceMarks[2].offset, start + 4);  // before end
  EXPECT_FALSE(parseModule("(global i32 (trace_instruction 1) (i32.const 0))").ok());
}

TEST(Instructions, DecodedByReadInstr) {
  Bytes b = body(
      "(block $l (br_table $l 0 (i32.const 7))) (drop (i64.load offset=3 (i32.const 0))) (drop "
      "(f64.const 2.5))",
      "(memory 1)");
  b.push_back(0x0B);
  Reader r(b);
  binary::Instr in;
  std::vector<Op> ops;
  while (!r.atEnd() && binary::readInstr(r, in)) {
    ops.push_back(in.op);
    if (in.op == Op::BrTable) {
      EXPECT_EQ(in.targets, (std::vector<uint32_t>{0, 0}));
    }
    if (in.op == Op::I64Load) {
      EXPECT_EQ(in.mem.offset, 3u);
      EXPECT_EQ(in.mem.alignLog2, 3u);
    }
    if (in.op == Op::F64Const) {
      EXPECT_EQ(in.bits, 0x4004000000000000u);
    }
  }
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(ops, (std::vector<Op>{Op::Block, Op::I32Const, Op::BrTable, Op::End, Op::I32Const,
                                  Op::I64Load, Op::Drop, Op::F64Const, Op::Drop, Op::End}));
}

TEST(Instructions, Errors) {
  EXPECT_EQ(error("(foo)"), "unknown operator foo");
  EXPECT_EQ(error("(local.get $x)"), "unknown local $x");
  EXPECT_EQ(error("(param $p i32) (local $x i64) (local i32 $y)"), "unexpected token");
  EXPECT_EQ(error("(i32.add (i32.const 1) i32.const 2)"), "unexpected token");
  EXPECT_EQ(error("(if (i32.const 0) (nop))"), "unexpected token");
  EXPECT_EQ(error("(block"), "unexpected end");
  EXPECT_EQ(error("end"), "unexpected token");
}

}  // namespace
}  // namespace witt::text
