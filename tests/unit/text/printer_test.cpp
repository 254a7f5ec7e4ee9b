// The text printer (src/text/printer.h): expected texts for each construct,
// and the round trip text -> binary -> text -> binary for each of them.
#include "text/printer.h"

#include <gtest/gtest.h>

#include <bit>
#include <random>

#include "binary/encoder.h"
#include "binary/module_decoder.h"
#include "binary/writer.h"
#include "text/literals.h"
#include "text/parser.h"

namespace witt::text {
namespace {

std::vector<uint8_t> encode(std::string_view wat) {
  auto m = parseModule(wat, "test.wat");
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().describe());
  return m.ok() ? binary::writeModule(*m) : std::vector<uint8_t>{};
}

std::string printBinary(const std::vector<uint8_t>& bytes, bool fold,
                        std::vector<std::string>* warnings = nullptr) {
  auto d = binary::decodeModule(bytes);
  EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().describe());
  if (!d.ok()) return "";
  PrintOptions o;
  o.fold = fold;
  return printModule(*d, o, warnings);
}

// Prints `wat` (through its binary) and checks that the printed text gives
// back the same binary.
std::string print(std::string_view wat, bool fold = false) {
  std::vector<uint8_t> bytes = encode(wat);
  std::string text = printBinary(bytes, fold);
  auto again = parseModule(text, "printed.wat");
  EXPECT_TRUE(again.ok()) << (again.ok() ? "" : again.error().describe()) << "\n" << text;
  if (again.ok()) {
    EXPECT_EQ(binary::writeModule(*again), bytes) << text;
  }
  return text;
}

TEST(Printer, EmptyModule) {
  EXPECT_EQ(print("(module)"), "(module)\n");
  EXPECT_EQ(print("(module $m)"), "(module $m)\n");
}

TEST(Printer, TypesAndRecursionGroups) {
  EXPECT_EQ(print(R"wat((module
    (type $v (func))
    (type (func (param i32 i64) (result f32 f64)))
    (rec (type $a (sub (func (param (ref null $b)))))
         (type $b (sub final $a (func (param (ref null $b))))))
    (type (func (param externref (ref func) exnref) (result (ref null 0))))))wat"),
            R"wat((module
  (type $v (func))
  (type (;1;) (func (param i32 i64) (result f32 f64)))
  (rec
    (type $a (sub (func (param (ref null $b)))))
    (type $b (sub final $a (func (param (ref null $b))))))
  (type (;4;) (func (param externref (ref func) exnref) (result (ref null $v)))))
)wat");
}

TEST(Printer, ImportsOfEveryKind) {
  EXPECT_EQ(print(R"wat((module
    (import "m" "f" (func $f (param i32) (result i32)))
    (import "m" "t" (table $t 1 10 funcref))
    (import "m" "t64" (table i64 2 externref))
    (import "m" "mem" (memory i64 1 2 shared))
    (import "m" "g" (global $g (mut f32)))
    (import "m" "e" (tag $e (param i64)))
    (import "m\u{e9}\01" "" (global i32))))wat"),
            R"wat((module
  (type (;0;) (func (param i32) (result i32)))
  (type (;1;) (func (param i64)))
  (import "m" "f" (func $f (type 0) (param i32) (result i32)))
  (import "m" "t" (table $t 1 10 funcref))
  (import "m" "t64" (table (;1;) i64 2 externref))
  (import "m" "mem" (memory (;0;) i64 1 2 shared))
  (import "m" "g" (global $g (mut f32)))
  (import "m" "e" (tag $e (type 1) (param i64)))
  (import "mé\01" "" (global (;1;) i32)))
)wat");
}

TEST(Printer, CustomPageSizes) {
  // A page size written out stays written out, the default included, so the
  // binary (flag 0x08) comes back byte for byte.
  EXPECT_EQ(print(R"wat((module
    (import "m" "mem" (memory 0 (pagesize 1)))
    (memory i64 1 2 (pagesize 1))
    (memory 1 2 shared (pagesize 65536))
    (memory 1)
    (memory (pagesize 1) (data "xyz"))))wat"),
            R"wat((module
  (import "m" "mem" (memory (;0;) 0 (pagesize 1)))
  (memory (;1;) i64 1 2 (pagesize 1))
  (memory (;2;) 1 2 shared (pagesize 65536))
  (memory (;3;) 1)
  (memory (;4;) 3 3 (pagesize 1))
  (data (;0;) (memory 4) (i32.const 0) "xyz"))
)wat");
}

TEST(Printer, FunctionsFlat) {
  EXPECT_EQ(print(R"wat((module
    (func $f (param $x i32) (param i64) (result i32) (local $y f32) (local i32 i32)
      (local.set 3 (local.get $x))
      (block $out (result i32)
        (loop $l
          (br_if $l (i32.const 0))
          (br_table $l $out $out (i32.const 7) (i32.const 1)))
        (i32.const 2))
      drop
      (if (i32.const 1) (then nop) (else unreachable))
      (select (local.get 0) (i32.const 1) (i32.const 2))
      (call $f (i32.const 1) (i64.const 2))
      drop
      return)))wat"),
            R"wat((module
  (type (;0;) (func (param i32 i64) (result i32)))
  (func $f (type 0) (param $x i32) (param i64) (result i32)
    (local $y f32)
    (local i32 i32)
    local.get $x
    local.set 3
    block (result i32)
      loop
        i32.const 0
        br_if 0
        i32.const 7
        i32.const 1
        br_table 0 1 1
      end
      i32.const 2
    end
    drop
    i32.const 1
    if
      nop
    else
      unreachable
    end
    local.get $x
    i32.const 1
    i32.const 2
    select
    i32.const 1
    i64.const 2
    call $f
    drop
    return))
)wat");
}

TEST(Printer, FoldsOnlyWhatTheStackAllows) {
  const char* wat = R"wat((module
    (func $two (result i32 i32) (i32.const 1) (i32.const 2))
    (func $f (param i32) (result i32) (local i32)
      ;; A value left by an earlier instruction: i32.add cannot fold it.
      i32.const 10
      local.get 0
      local.set 1
      local.get 1
      i32.add
      drop
      ;; Two values from one call: one operand list.
      call $two
      i32.sub
      ;; An operand consumed unfolded seals what comes before it.
      i32.const 3
      local.tee 1
      i32.mul
      ;; Block parameters are not folded.
      (block (param i32) (result i32) (i32.eqz)))))wat";
  EXPECT_EQ(print(wat, true), R"wat((module
  (type (;0;) (func (result i32 i32)))
  (type (;1;) (func (param i32) (result i32)))
  (func $two (type 0) (result i32 i32)
    (i32.const 1)
    (i32.const 2))
  (func $f (type 1) (param i32) (result i32)
    (local i32)
    (i32.const 10)
    (local.set 1 (local.get 0))
    (local.get 1)
    (drop (i32.add))
    (i32.mul (i32.sub (call $two)) (local.tee 1 (i32.const 3)))
    (block (type 1)
      (i32.eqz))))
)wat");
}

TEST(Printer, FoldedBlocks) {
  const char* wat = R"wat((module
    (tag $e (param i32))
    (func (param i32) (result i32)
      (block $b (result i32)
        (if (result i32) (local.get 0)
          (then (br $b (i32.const 1)))
          (else (i32.const 2))))
      (try_table (result i32) (catch $e 0) (i32.const 3))
      drop
      (try (do (throw $e (i32.const 4))) (catch $e drop) (catch_all))
      (try (do nop) (delegate 0))
      (loop (nop)))))wat";
  EXPECT_EQ(print(wat, true), R"wat((module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i32) (result i32)))
  (func (;0;) (type 1) (param i32) (result i32)
    (block (result i32)
      (if (result i32) (local.get 0)
        (then
          (br 1 (i32.const 1)))
        (else
          (i32.const 2))))
    (drop
      (try_table (result i32) (catch $e 0)
        (i32.const 3)))
    (try
      (do
        (throw $e (i32.const 4)))
      (catch $e
        (drop))
      (catch_all))
    (try
      (do
        (nop))
      (delegate 0))
    (loop
      (nop)))
  (tag $e (type 0) (param i32)))
)wat");
  print(wat, false);
}

TEST(Printer, Numbers) {
  EXPECT_EQ(print(R"wat((module (func
    i32.const -2147483648 drop
    i32.const 0xffffffff drop
    i64.const -9223372036854775808 drop
    f32.const -0 drop
    f32.const 0x1p-149 drop
    f32.const 3.4028234e38 drop
    f32.const -inf drop
    f32.const nan drop
    f32.const -nan:0x7fffff drop
    f64.const 0.1 drop
    f64.const 0x1.fffffffffffffp+1023 drop
    f64.const nan:0x8000000000001 drop
    v128.const f32x4 1 2 3 4 drop
    (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31
      (v128.const i64x2 -1 0) (v128.const i64x2 0 -1)) drop
    (i16x8.extract_lane_s 7 (v128.const i32x4 0 0 0 0)) drop)))wat",
                  true),
            R"wat((module
  (type (;0;) (func))
  (func (;0;) (type 0)
    (drop (i32.const -2147483648))
    (drop (i32.const -1))
    (drop (i64.const -9223372036854775808))
    (drop (f32.const -0))
    (drop (f32.const 1e-45))
    (drop (f32.const 3.4028235e+38))
    (drop (f32.const -inf))
    (drop (f32.const nan))
    (drop (f32.const -nan:0x7fffff))
    (drop (f64.const 0.1))
    (drop (f64.const 1.7976931348623157e+308))
    (drop (f64.const nan:0x8000000000001))
    (drop (v128.const i32x4 0x3f800000 0x40000000 0x40400000 0x40800000))
    (drop
      (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31
        (v128.const i32x4 0xffffffff 0xffffffff 0x00000000 0x00000000)
        (v128.const i32x4 0x00000000 0x00000000 0xffffffff 0xffffffff)))
    (drop (i16x8.extract_lane_s 7 (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)))))
)wat");
}

TEST(Printer, FloatsReadBackToTheSameBits) {
  std::mt19937_64 rng(42);
  std::vector<uint64_t> patterns = {0,
                                    1,
                                    0x7FF0000000000000,
                                    0xFFF0000000000000,
                                    0x7FF8000000000000,
                                    0x000FFFFFFFFFFFFF,
                                    0x8000000000000000};
  for (int i = 0; i < 200000; ++i) patterns.push_back(rng());
  for (uint64_t p : patterns) {
    uint64_t back = 0;
    ASSERT_EQ(parseF64(formatF64(p), back), LitStatus::Ok) << formatF64(p);
    ASSERT_EQ(back, p) << formatF64(p);
    uint32_t p32 = static_cast<uint32_t>(p >> 13), back32 = 0;
    ASSERT_EQ(parseF32(formatF32(p32), back32), LitStatus::Ok) << formatF32(p32);
    ASSERT_EQ(back32, p32) << formatF32(p32);
  }
  EXPECT_EQ(formatF32(0x80000000), "-0");
  EXPECT_EQ(formatF32(0x7FC00000), "nan");
  EXPECT_EQ(formatF32(0xFFC00001), "-nan:0x400001");
  EXPECT_EQ(formatF64(std::bit_cast<uint64_t>(1.5)), "1.5");
}

TEST(Printer, MemoryArguments) {
  EXPECT_EQ(print(R"wat((module
    (memory 1) (memory $m 1)
    (func (param i32)
      (drop (i32.load (local.get 0)))
      (drop (i64.load offset=8 align=4 (local.get 0)))
      (drop (i32.load8_u $m offset=0x10 (local.get 0)))
      (i64.store32 1 align=1 (local.get 0) (i64.const 1))
      (drop (v128.load32_lane $m offset=4 3 (local.get 0) (v128.const i64x2 0 0)))
      (drop (memory.size $m))
      (memory.copy 0 $m (i32.const 0) (i32.const 0) (i32.const 0))
      (memory.fill (i32.const 0) (i32.const 0) (i32.const 0)))))wat",
                  true),
            R"wat((module
  (type (;0;) (func (param i32)))
  (func (;0;) (type 0) (param i32)
    (drop (i32.load (local.get 0)))
    (drop (i64.load offset=8 align=4 (local.get 0)))
    (drop (i32.load8_u $m offset=16 (local.get 0)))
    (i64.store32 $m align=1 (local.get 0) (i64.const 1))
    (drop
      (v128.load32_lane $m offset=4 3
        (local.get 0)
        (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)))
    (drop (memory.size $m))
    (memory.copy 0 $m (i32.const 0) (i32.const 0) (i32.const 0))
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 0)))
  (memory (;0;) 1)
  (memory $m 1))
)wat");
}

TEST(Printer, Identifiers) {
  EXPECT_EQ(identifier("abc"), "$abc");
  EXPECT_EQ(identifier("a b"), "$\"a b\"");
  EXPECT_EQ(identifier("λ"), "$\"λ\"");
  EXPECT_EQ(identifier("q\"\\"), "$\"q\\\"\\\\\"");
  EXPECT_EQ(quoteString("\x01\x7f\xff\xce\xbb", false), "\"\\01\\7f\\ff\\ce\\bb\"");
  EXPECT_EQ(quoteString("\x01\x7f\xff\xce\xbb", true), "\"\\01\\7f\\ffλ\"");
  EXPECT_EQ(print(R"wat((module
    (func $"a b" (param $"x y" i32) (call $"a b" (local.get $"x y")))
    (func (@name "dup") (type 0))
    (func $dup2 (@name "dup") (type 0))
    (func (@name "") (type 0))
    (global $"g!" i32 (i32.const 0))))wat"),
            R"wat((module
  (type (;0;) (func (param i32)))
  (func $"a b" (type 0) (param $"x y" i32)
    local.get $"x y"
    call $"a b")
  (func (;1;) (@name "dup") (type 0) (param i32))
  (func (;2;) (@name "dup") (type 0) (param i32))
  (func (;3;) (@name "") (type 0) (param i32))
  (global $g! i32 (i32.const 0)))
)wat");
}

TEST(Printer, Segments) {
  const char* wat = R"wat((module
    (table $t 2 funcref) (table $u i64 2 externref)
    (memory 1) (memory $m i64 1)
    (func $f)
    (elem (i32.const 0) $f)
    (elem $p func $f $f)
    (elem declare func $f)
    (elem (table $u) (offset (i64.const 1)) externref (ref.null extern))
    (elem funcref (item ref.func $f) (item (ref.null func)))
    (elem (i32.const 1) (ref func) (ref.func $f))
    (data (i32.const 0) "a\00\n\t\"\\\7f\80")
    (data $d "passive")
    (data (memory $m) (offset (i64.add (i64.const 1) (i64.const 2))) "")))wat";
  EXPECT_EQ(print(wat), R"wat((module
  (type (;0;) (func))
  (func $f (type 0))
  (table $t 2 funcref)
  (table $u i64 2 externref)
  (memory (;0;) 1)
  (memory $m i64 1)
  (elem (;0;) (i32.const 0) func $f)
  (elem $p func $f $f)
  (elem (;2;) declare func $f)
  (elem (;3;) (table $u) (i64.const 1) externref (ref.null extern))
  (elem (;4;) funcref (ref.func $f) (ref.null func))
  (elem (;5;) (i32.const 1) (ref func) (ref.func $f))
  (data (;0;) (i32.const 0) "a\00\n\t\"\\\7f\80")
  (data $d "passive")
  (data (;2;) (memory $m) (offset (i64.const 1) (i64.const 2) (i64.add)) ""))
)wat");
  EXPECT_NE(
      print(wat, true).find("(data (;2;) (memory $m) (i64.add (i64.const 1) (i64.const 2)) \"\")"),
      std::string::npos);
}

TEST(Printer, TraceMarks) {
  const char* wat = R"wat((module
    (func (param i32) (result i32)
      (trace_instruction 1)
      (i32.add (local.get 0) (trace_instruction 2) (i32.const 1))
      (if (result i32) (then (i32.const 5) (trace_instruction 3)) (else (i32.const 6)))
      (trace_instruction 4)
      (trace_instruction 5))))wat";
  EXPECT_EQ(print(wat), R"wat((module
  (type (;0;) (func (param i32) (result i32)))
  (func (;0;) (type 0) (param i32) (result i32)
    (trace_instruction 1)
    local.get 0
    (trace_instruction 2)
    i32.const 1
    i32.add
    if (result i32)
      i32.const 5
      (trace_instruction 3)
    else
      i32.const 6
    end
    (trace_instruction 4)
    (trace_instruction 5)))
)wat");
  EXPECT_EQ(print(wat, true), R"wat((module
  (type (;0;) (func (param i32) (result i32)))
  (func (;0;) (type 0) (param i32) (result i32)
    (trace_instruction 1)
    (if (result i32)
      (i32.add
        (local.get 0)
        (trace_instruction 2)
        (i32.const 1))
      (then
        (i32.const 5)
        (trace_instruction 3))
      (else
        (i32.const 6)))
    (trace_instruction 4)
    (trace_instruction 5)))
)wat");
}

TEST(Printer, BranchHints) {
  const char* wat = R"wat((module
    (func (param i32)
      (block
        (@metadata.code.branch_hint "\01") (br_if 0 (local.get 0))
        local.get 0
        (@metadata.code.branch_hint "\00") if end))))wat";
  EXPECT_EQ(print(wat), R"wat((module
  (type (;0;) (func (param i32)))
  (func (;0;) (type 0) (param i32)
    block
      local.get 0
      (@metadata.code.branch_hint "\01")
      br_if 0
      local.get 0
      (@metadata.code.branch_hint "\00")
      if
      end
    end))
)wat");
  EXPECT_EQ(print(wat, true), R"wat((module
  (type (;0;) (func (param i32)))
  (func (;0;) (type 0) (param i32)
    (block
      (@metadata.code.branch_hint "\01")
      (br_if 0 (local.get 0))
      (@metadata.code.branch_hint "\00")
      (if (local.get 0)
        (then)))))
)wat");
}

TEST(Printer, CustomSectionsKeepTheirPlace) {
  const char* wat = R"wat((module
    (@custom "first" (before first) "1")
    (@custom "after-type" (after type) "2")
    (func)
    (@custom "before-code" (before code) "\00\ff")
    (@custom "last" "4")
    (memory 1)
    (data (i32.const 0) "x")))wat";
  EXPECT_EQ(print(wat), R"wat((module
  (type (;0;) (func))
  (func (;0;) (type 0))
  (memory (;0;) 1)
  (data (;0;) (i32.const 0) "x")
  (@custom "first" (before first) "1")
  (@custom "after-type" (after type) "2")
  (@custom "before-code" (after memory) "\00\ff")
  (@custom "last" (after data) "4"))
)wat");
}

// A trace-mark section with a mark inside an instruction and a branch hint
// on a `nop` have no text form: they come back as @custom sections, byte for
// byte, and no mark or hint is printed in the body.
TEST(Printer, SectionsTheTextCannotRegenerateStayRaw) {
  // Body offsets (from the local declarations): locals 0, i32.const 1000 at
  // 1..3, drop 4, nop 5, end 6.
  std::vector<uint8_t> bytes = encode("(module (func $f (drop (i32.const 1000)) nop))");
  auto custom = [&](std::string_view name, std::vector<uint8_t> content) {
    std::vector<uint8_t> body;
    binary::Encoder e(body);
    e.name(name);
    e.bytes(content);
    bytes.push_back(0);
    binary::Encoder(bytes).u32(static_cast<uint32_t>(body.size()));
    bytes.insert(bytes.end(), body.begin(), body.end());
  };
  custom("metadata.code.trace_inst", {1, 0, 1, 2, 4, 9, 0, 0, 0});  // inside the i32.const
  custom("metadata.code.branch_hint", {1, 0, 1, 5, 1, 1});          // on the nop
  std::vector<std::string> warnings;
  std::string text = printBinary(bytes, false, &warnings);
  EXPECT_TRUE(warnings.empty());
  // (after data): they follow the name section, which the parser writes
  // after the data section's place.
  EXPECT_NE(
      text.find(
          R"((@custom "metadata.code.trace_inst" (after data) "\01\00\01\02\04\t\00\00\00"))"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find(R"((@custom "metadata.code.branch_hint" (after data) "\01\00\01\05\01\01"))"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("(trace_instruction"), std::string::npos) << text;
  EXPECT_EQ(text.find("(@metadata"), std::string::npos) << text;
  auto again = parseModule(text);
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(binary::writeModule(*again), bytes);
}

// A name section with a label name (which the parser never writes) is kept as
// it is; the identifiers are still printed.
TEST(Printer, NameSectionTheTextCannotRegenerateStaysRaw) {
  spec::Module m = *parseModule("(module (func $f (block nop)))");
  m.names.labels[0][0] = "outer";
  std::vector<uint8_t> bytes = binary::writeModule(m);
  std::string text = printBinary(bytes, false);
  EXPECT_NE(text.find("(func $f "), std::string::npos) << text;
  EXPECT_NE(text.find("(@custom \"name\" (after code) "), std::string::npos) << text;
  auto again = parseModule(text);
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(binary::writeModule(*again), bytes);
}

TEST(Printer, UndecodableBodyIsReportedNotPrinted) {
  // A body with an unknown opcode (0xFF) decodes as a module but has no text.
  std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01,
                                0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                                0x0A, 0x05, 0x01, 0x03, 0x00, 0xFF, 0x0B};
  std::vector<std::string> warnings;
  std::string text = printBinary(bytes, false, &warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("function 0"), std::string::npos) << warnings[0];
  EXPECT_NE(text.find("(; undecodable code"), std::string::npos) << text;
}

}  // namespace
}  // namespace witt::text
