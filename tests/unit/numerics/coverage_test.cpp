// Every pure opcode of src/spec/opcodes.def has its witt::num function, of
// exactly the type the interpreter's generated handlers will call: checked at
// compile time with the X-macro, then each operator is called once at run time
// through the same table with zero operands.
#include <gtest/gtest.h>

#include "unit/numerics/op_dispatch.h"
#include "unit/numerics/spec_runner.h"

namespace witt::numtest {
namespace {

#define WITT_OP(ident, prefix, code, name, imm, sig, align)
#define WITT_PURE(ident, prefix, code, name, imm, sig, align) \
  static_assert(Get_##ident::exists<FnPtr<Op::ident>>,        \
                "witt::num::" #ident                          \
                " is missing or does not have the type that " \
                "its signature \"" sig "\" in opcodes.def implies");
#include "spec/opcodes.def"
#undef WITT_PURE
#undef WITT_OP

// Spot checks that the derived types are the documented conventions.
static_assert(std::is_same_v<FnPtr<Op::I32Add>, uint32_t (*)(uint32_t, uint32_t)>);
static_assert(std::is_same_v<FnPtr<Op::I32DivS>, num::Checked<uint32_t> (*)(uint32_t, uint32_t)>);
static_assert(std::is_same_v<FnPtr<Op::I64Shl>, uint64_t (*)(uint64_t, uint64_t)>);
static_assert(std::is_same_v<FnPtr<Op::I64TruncF64U>, num::Checked<uint64_t> (*)(double)>);
static_assert(
    std::is_same_v<FnPtr<Op::I64MulWideS>, std::pair<uint64_t, uint64_t> (*)(uint64_t, uint64_t)>);
static_assert(
    std::is_same_v<FnPtr<Op::I8x16ReplaceLane>, V128 (*)(const V128&, uint32_t, uint8_t)>);
static_assert(std::is_same_v<FnPtr<Op::I8x16ExtractLaneS>, uint32_t (*)(const V128&, uint8_t)>);
static_assert(
    std::is_same_v<FnPtr<Op::I8x16Shuffle>, V128 (*)(const V128&, const V128&, const V128&)>);
static_assert(std::is_same_v<FnPtr<Op::I32x4Shl>, V128 (*)(const V128&, uint32_t)>);
static_assert(
    std::is_same_v<FnPtr<Op::F64x2RelaxedMadd>, V128 (*)(const V128&, const V128&, const V128&)>);
// Not pure: no operator expected.
static_assert(!isPureOp(Op::I32Const) && !isPureOp(Op::V128Const) && !isPureOp(Op::I32Load) &&
              !isPureOp(Op::MemorySize) && !isPureOp(Op::Block) && !isPureOp(Op::RefIsNull));

TEST(NumericsCoverage, EveryPureOpcodeHasAnInvoker) {
  size_t pure = 0;
  for (size_t i = 0; i < kOpCount; ++i) {
    Op op = static_cast<Op>(i);
    EXPECT_EQ(kInvokers[i] != nullptr, isPureOp(op)) << name(op);
    // WITT_PURE marks exactly the operators with a pure type signature.
    EXPECT_EQ(isPureOp(op), hasPureSignature(op)) << name(op);
    pure += isPureOp(op);
  }
  // 373 at the time of writing (123 scalar, 250 SIMD).
  EXPECT_GE(pure, 373u);
}

TEST(NumericsCoverage, EveryPureOperatorRunsOnZeros) {
  V128 zeros[5] = {};
  for (size_t i = 0; i < kOpCount; ++i) {
    if (!kInvokers[i]) continue;
    Op op = static_cast<Op>(i);
    Outcome out = kInvokers[i](zeros);
    bool div = op == Op::I32DivS || op == Op::I32DivU || op == Op::I32RemS || op == Op::I32RemU ||
               op == Op::I64DivS || op == Op::I64DivU || op == Op::I64RemS || op == Op::I64RemU;
    if (div) {
      EXPECT_EQ(out.trap, TrapKind::IntegerDivideByZero) << name(op);
    } else {
      EXPECT_EQ(out.trap, TrapKind::None) << name(op);
      EXPECT_EQ(out.numResults, signature(op).numResults) << name(op);
    }
  }
}

// The spec-table runner really rejects wrong results (so that a passing table
// means something): exact bits, NaN patterns per lane, traps, alternatives.
TEST(SpecRunner, DetectsMismatches) {
  SpecCase add{1, Op::I32Add, 1, 1, TrapKind::None, {{1, 0}, {2, 0}}, {{3, 0, 0, 0, 0}}};
  V128 args[5] = {rawOf(1, 0), rawOf(2, 0)};
  Outcome out = kInvokers[static_cast<size_t>(Op::I32Add)](args);
  EXPECT_TRUE(caseHolds(add, out));
  add.expect[0].lo = 4;
  EXPECT_FALSE(caseHolds(add, out));
  add.expect[0].hi = 1;
  add.expect[0].lo = 3;
  EXPECT_FALSE(caseHolds(add, out));

  // f32.add(inf, -inf): canonical NaN; the exact bits of +nan would not match x86's -nan.
  SpecCase nan{2, Op::F32Add, 1, 1, TrapKind::None, {}, {{0x7FC00000, 0, 4, 1, 0}}};
  V128 fargs[5] = {toRaw(std::numeric_limits<float>::infinity()),
                   toRaw(-std::numeric_limits<float>::infinity())};
  out = kInvokers[static_cast<size_t>(Op::F32Add)](fargs);
  EXPECT_TRUE(caseHolds(nan, out));
  nan.expect[0].canon = 0;
  nan.expect[0].lo = 0x7FA00000;
  nan.expect[0].arith = 0;
  EXPECT_FALSE(caseHolds(nan, out));
  fargs[0] = toRaw(1.0f);
  fargs[1] = toRaw(2.0f);
  out = kInvokers[static_cast<size_t>(Op::F32Add)](fargs);
  nan.expect[0].arith = 1;  // 3.0 is no NaN
  EXPECT_FALSE(caseHolds(nan, out));

  // Traps must match exactly; results count.
  SpecCase div{3, Op::I32DivS, 0, 0, TrapKind::IntegerOverflow, {}, {}};
  V128 dargs[5] = {rawOf(0x80000000, 0), rawOf(0xFFFFFFFF, 0)};
  out = kInvokers[static_cast<size_t>(Op::I32DivS)](dargs);
  EXPECT_TRUE(caseHolds(div, out));
  div.trap = TrapKind::IntegerDivideByZero;
  EXPECT_FALSE(caseHolds(div, out));

  // Alternatives: one must match entirely.
  SpecCase alt{4, Op::I32x4Add, 1, 2, TrapKind::None, {}, {{5, 0, 0, 0, 0}, {0, 0, 0, 0, 0}}};
  V128 vargs[5] = {};
  out = kInvokers[static_cast<size_t>(Op::I32x4Add)](vargs);
  EXPECT_TRUE(caseHolds(alt, out));
  alt.expect[1].lo = 7;
  EXPECT_FALSE(caseHolds(alt, out));
}

}  // namespace
}  // namespace witt::numtest
