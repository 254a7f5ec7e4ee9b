// Lowering (src/interp/lowering.cpp): the internal code of the fusions it
// promises, and the corner cases where lazy operands could change meaning
// (a local overwritten while a read of it is pending, values moved by
// branches onto slots they overlap, ...). Each semantic case computes a
// result that would differ if the lowering got it wrong.
#include <gtest/gtest.h>

#include <algorithm>

#include "interp/code.h"
#include "interp/lowering.h"
#include "spec/module.h"
#include "validate/module_validator.h"
#include "witt/engine.h"
#include "witt/tracer.h"

namespace witt {
namespace {

// The internal code of function `funcIdx`, one "Name operands" line per
// instruction. Enter's operands: first local to zero, end of locals, frame
// slots (locals + deepest operand stack + 2 spare).
// `counting`: the code Counting runs (CountBlock instructions, counted
// branches, calls counted by EnterCountingCall, quiet calls and returns), as
// `witt dump-code --counting` prints it.
std::string lowered(std::string_view wat, uint32_t funcIdx = 0, uint32_t events = 0,
                    bool counting = false) {
  auto m = Module::fromText(wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().describe());
  const spec::Module& ir = m->ir();
  validate::TypeContext types(ir);
  validate::ModuleEnv env{ir, types, {}};
  EXPECT_TRUE(validate::validateModuleFields(ir, env).ok());
  interp::LowerOptions lo;  // null handlers: the code holds IOp numbers
  lo.events = events;
  lo.meter = counting;
  lo.meterChecksLimit = false;
  lo.countCalls = counting;
  auto f = interp::lowerFunction(env, funcIdx, lo);
  EXPECT_TRUE(f.ok());
  std::string text = interp::disassemble(*f, nullptr);
  // Drop the word addresses for stable comparisons.
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl - pos);
    size_t colon = line.find(": ");
    line = line.substr(colon + 2);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    size_t sp;
    while ((sp = line.find("  ")) != std::string::npos) line.erase(sp, 1);
    out += line + "\n";
    pos = nl + 1;
  }
  return out;
}

uint64_t run(std::string_view wat, std::string_view fn, std::initializer_list<Value> args = {}) {
  auto m = Module::fromText(wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().describe());
  auto inst = Instance::create(*m);
  EXPECT_TRUE(inst.ok());
  auto r = inst->invoke(fn, args);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  return r.ok() && !r->empty() ? (*r)[0].i64 : 0;
}

// ---- shapes

TEST(LoweringShape, LocalsFoldIntoOperandsAndTheResultIntoTheLocal) {
  // local.get 0; local.get 1; i32.add; local.set 2 -> one instruction
  EXPECT_EQ(lowered(R"((module (func (param i32 i32) (local i32)
      (local.set 2 (i32.add (local.get 0) (local.get 1))))))"),
            "Enter n2 n3 n7 n0\nPureI32Add d2 a0 a1\nRet0\n");
}

TEST(LoweringShape, ConstantOperandsBecomeImmediates) {
  EXPECT_EQ(lowered(R"((module (func (param f64) (result f64)
      (f64.mul (local.get 0) (f64.const 2)))))"),
            "Enter n1 n1 n5 n0\nF64MulI d1 a0 #0x4000000000000000\nRet1 a1\n");
}

TEST(LoweringShape, ComparisonFusesIntoTheBranch) {
  EXPECT_EQ(lowered(R"((module (func (param i32)
      (block (br_if 0 (i32.lt_s (local.get 0) (i32.const 10)))))))"),
            "Enter n1 n1 n5 n0\nBrI32LtSI a0 i10 ->6\nRet0\n");
}

// The names of the internal instructions, one per line (traced code's
// operands include the addresses of its event sites).
std::string names(const std::string& code) {
  std::string out;
  for (size_t pos = 0; pos < code.size();) {
    size_t nl = code.find('\n', pos);
    out += code.substr(pos, std::min(code.find(' ', pos), nl) - pos) + "\n";
    pos = nl + 1;
  }
  return out;
}

// Traced, a br_if and an if whose branches move no values are one
// instruction with their event; a br_if carrying a value keeps TraceCond
// and the branch.
// In counting code a branch adds the count of the block it enters and
// skips its CountBlock; the block after a br_if, which only falling through
// enters, has none; nor has the loop head, which the code before falls into
// and only a counted branch enters (a merged label: the block falling in
// counts it). docs/architecture.md, "Tracing". Worked out by hand: Enter
// counts block, loop and the loop head local.get, local.get, i32.ge_u,
// br_if (2 + 4); falling through, local.get, i32.const, i32.add, local.set,
// br (5); the br back adds the head's 4; at $done, local.get and the
// function's end (2), added by the br_if taken. The CountBlock before $done
// is the unreachable loop end's, which nothing runs. So n iterations run
// 6 + 5n + 4n + 2 = 9n + 8 instructions.
TEST(LoweringShape, CountingBranchesCountTheBlocksTheyEnter) {
  const char* wat = R"((module (func (export "f") (param i32) (result i32) (local i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get 1) (local.get 0)))
          (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (br $next)))
      (local.get 1))))";
  EXPECT_EQ(lowered(wat, 0, 0, true),
            "EnterCountingCall n1 n2 n6 n6\n"
            "BrI32GeUCounted a1 b0 ->14 n2 n5 n0\n"
            "I32AddI d1 a1 #0x1\n"
            "BrCounted ->3 n4\n"
            "CountBlock n3\n"
            "Ret1Quiet a1\n");
  auto m = Module::fromText(wat);
  ASSERT_TRUE(m.ok());
  auto inst = Instance::create(*m);
  ASSERT_TRUE(inst.ok());
  for (uint32_t n : {0u, 1u, 3u, 10u}) {
    CountingTracer c;
    auto r = inst->invoke("f", {Value::fromI32(n)}, c);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ((*r)[0].i32, n);
    EXPECT_EQ(c.ops, 9u * n + 8u) << n;
  }
}

TEST(LoweringShape, TracedConditionalBranchCarriesItsEvent) {
  EXPECT_EQ(names(lowered(R"((module (func (param i32) (result i32)
      (block (br_if 0 (i32.lt_s (local.get 0) (i32.const 10))))
      (if (local.get 0) (then (nop)))
      (block (result i32) (br_if 0 (i32.const 3) (local.get 0)) (drop) (i32.const 4)))))",
                          0, kTraceBranches)),
            "Enter\nI32LtSI\nTraceBrIf\nTraceIf\nTraceCond\nBrIfNot\nConst32\nBr\nConst32\nRet1\n");
}

// Traced, an access of a 32-bit memory 0 is one instruction with its event,
// its address addition still folded in; others keep a TraceMem in front.
TEST(LoweringShape, TracedAccessCarriesItsEvent) {
  std::string code = lowered(R"((module (memory 1) (memory $m 1)
      (func (param i32) (result i32)
        (i32.store offset=4 (i32.add (local.get 0) (i32.const 8)) (i32.const 1))
        (i32.store $m (local.get 0) (i32.const 2))
        (i32.load (local.get 0)))))",
                             0, kTraceMemory);
  EXPECT_EQ(names(code),
            "Enter\nConst32\nTracedI32Store\nTraceMem\nConst32\nMemAccess\nTracedI32Load\nRet1\n");
  EXPECT_NE(code.find("TracedI32Store a0 b2 p8 o4 n"), std::string::npos) << code;
}

TEST(LoweringShape, AddressAdditionFoldsIntoTheAccess) {
  // i32.load (local.get 0 + 16) offset=4 -> ea = (u32)(a0 + 16) + 4
  EXPECT_EQ(lowered(R"((module (memory 1) (func (param i32) (result i32)
      (i32.load offset=4 (i32.add (local.get 0) (i32.const 16))))))"),
            "Enter n1 n1 n5 n0\nI32Load d1 a0 p16 o4\nRet1 a1\n");
}

TEST(LoweringShape, WrapMovesNothing) {
  EXPECT_EQ(lowered(R"((module (func (param i64) (result i32) (i32.wrap_i64 (local.get 0)))))"),
            "Enter n1 n1 n4 n0\nRet1 a0\n");
}

// ---- semantics where lazy operands are risky

TEST(LoweringSemantics, PendingReadOfALocalSurvivesItsOverwrite) {
  // The first local.get 0 is still pending when local 0 is set.
  EXPECT_EQ(run(R"((module (func (export "f") (param i32) (result i32)
      (local.get 0)
      (local.set 0 (i32.const 100))
      (i32.sub (local.get 0)))))",
                "f", {Value::fromI32(1)}) & 0xFFFFFFFF,
            static_cast<uint32_t>(1 - 100));
}

TEST(LoweringSemantics, TeeKeepsTheOldValueForEarlierReads) {
  EXPECT_EQ(run(R"((module (func (export "f") (param i32) (result i32)
      (i32.add (local.get 0) (local.tee 0 (i32.const 5))))))",
                "f", {Value::fromI32(3)}),
            8u);
}

TEST(LoweringSemantics, PendingAddSurvivesItsBaseOverwrite) {
  // (x + 7) is pending when x changes; the sum must use the old x.
  EXPECT_EQ(run(R"((module (func (export "f") (param i32) (result i32)
      (i32.add (local.get 0) (i32.const 7))
      (local.set 0 (i32.const 1000))
      (i32.add (local.get 0)))))",
                "f", {Value::fromI32(1)}),
            1008u);
}

TEST(LoweringSemantics, FoldedAddressWrapsLikeI32Add) {
  // 0xFFFFFFF0 + 0x20 wraps to 0x10: in bounds, as i32.add says.
  EXPECT_EQ(run(R"((module (memory 1) (func (export "f") (param i32) (result i32)
      (i32.store (i32.const 16) (i32.const 55))
      (i32.load (i32.add (local.get 0) (i32.const 0x20))))))",
                "f", {Value::fromI32(0xFFFFFFF0u)}),
            55u);
}

TEST(LoweringSemantics, LocalChangedInsideABlockOnOnePath) {
  // A pending read of $x before the block; the block changes $x on one path only.
  const char* wat = R"((module (func (export "f") (param $x i32) (param $c i32) (result i32)
      (local.get $x)
      (block (br_if 0 (local.get $c)) (local.set $x (i32.const 50)))
      (i32.add (local.get $x)))))";
  EXPECT_EQ(run(wat, "f", {Value::fromI32(1), Value::fromI32(0)}), 51u);
  EXPECT_EQ(run(wat, "f", {Value::fromI32(1), Value::fromI32(1)}), 2u);
}

TEST(LoweringSemantics, MultipleResultsFromSwappedLocals) {
  auto m = Module::fromText(R"((module (func (export "swap") (param i32 i32) (result i32 i32)
      (local.get 1) (local.get 0))))");
  ASSERT_TRUE(m.ok());
  auto inst = Instance::create(*m);
  auto r = inst->invoke("swap", {Value::fromI32(1), Value::fromI32(2)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i32, 2u);
  EXPECT_EQ((*r)[1].i32, 1u);
}

TEST(LoweringSemantics, BranchValuesMoveOverLowerSlots) {
  // br carries two values from deep in the stack down to the block's slots.
  EXPECT_EQ(run(R"((module (func (export "f") (result i32)
      (block (result i32 i32)
        (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4)
        (br 0 (i32.const 10) (i32.const 20)))
      (i32.sub))))",
                "f") & 0xFFFFFFFF,
            static_cast<uint32_t>(10 - 20));
}

TEST(LoweringSemantics, BrTableTargetsWithDifferentMoves) {
  const char* wat = R"((module (func (export "f") (param i32) (result i32)
      (block $a (result i32)
        (block $b (result i32)
          (i32.const 7) (i32.const 100) (local.get 0)
          (br_table $a $b $a))
        (i32.add (i32.const 1000)))
      )))";
  EXPECT_EQ(run(wat, "f", {Value::fromI32(0)}), 100u);
  EXPECT_EQ(run(wat, "f", {Value::fromI32(1)}), 1100u);
  EXPECT_EQ(run(wat, "f", {Value::fromI32(9)}), 100u);
}

TEST(LoweringSemantics, LoopParametersAreRewrittenByBackEdges) {
  // sum of 1..n with the running values as loop parameters.
  EXPECT_EQ(run(R"((module (func (export "f") (param i32) (result i32)
      (i32.const 0) (local.get 0)
      (loop $l (param i32 i32) (result i32)
        (if (param i32 i32) (result i32) (i32.eqz (local.tee 0 (local.get 0)))
          (then (drop))
          (else
            (local.set 0)            ;; n
            (i32.add (local.get 0))  ;; acc += n
            (i32.sub (local.get 0) (i32.const 1))
            (br $l)))))))",
                "f", {Value::fromI32(10)}),
            55u);
}

TEST(LoweringSemantics, ReturnFromNestedBlocksWithPendingValues) {
  EXPECT_EQ(run(R"((module (func (export "f") (param i32) (result i32)
      (local.get 0)
      (block (block (return (i32.mul (local.get 0) (i32.const 3)))))
      (drop) (i32.const 0))))",
                "f", {Value::fromI32(7)}),
            21u);
}

}  // namespace
}  // namespace witt
