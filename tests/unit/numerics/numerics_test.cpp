// Hand-written edge cases for the scalar operators of src/interp/numerics.h,
// complementing the spec-testsuite tables (spec_cases_*_test.cpp): traps,
// boundaries, NaN payload rules, rounding ties, double-rounding traps in
// integer -> float conversion, and sampled comparisons with independent
// references. Spec: https://webassembly.github.io/spec/core/exec/numerics.html
#include "interp/numerics.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

namespace witt::num {
namespace {

using fp::isArithmeticNan;
using fp::isCanonicalNan;
using fp::isNan;

constexpr float f32(uint32_t b) { return std::bit_cast<float>(b); }
constexpr double f64(uint64_t b) { return std::bit_cast<double>(b); }
constexpr uint32_t bits(float f) { return std::bit_cast<uint32_t>(f); }
constexpr uint64_t bits(double d) { return std::bit_cast<uint64_t>(d); }

constexpr uint32_t kI32Min = 0x80000000u;
constexpr uint64_t kI64Min = 0x8000000000000000ull;
constexpr uint32_t kF32Snan = 0x7FA00001u;  // signalling, payload 0x200001
constexpr uint32_t kF32NegQnanPayload = 0xFFC12345u;
constexpr uint64_t kF64Snan = 0x7FF4000000000001ull;
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr double kInfD = std::numeric_limits<double>::infinity();
constexpr float kMinSub = f32(1);  // 0x1p-149
constexpr float kMaxSub = f32(0x007FFFFF);
constexpr float kMinNorm = f32(0x00800000);
constexpr double kMinSubD = f64(1);

template <class T>
void expectOk(const Checked<T>& c, std::type_identity_t<T> want) {
  EXPECT_EQ(c.trap, TrapKind::None);
  EXPECT_EQ(c.value, want);
}
template <class T>
void expectTrap(const Checked<T>& c, TrapKind k) {
  EXPECT_EQ(c.trap, k);
}

// ---- compile-time: these functions are usable in constant expressions
static_assert(I32DivS(7, static_cast<uint32_t>(-2)).value == static_cast<uint32_t>(-3));
static_assert(I32RemS(kI32Min, 0xFFFFFFFFu).value == 0);
static_assert(I64Rotl(0x8000000000000001ull, 65) == 3);
static_assert(F32Nearest(2.5f) == 2.0f && F32Nearest(3.5f) == 4.0f);
static_assert(bits(F32Nearest(-0.5f)) == 0x80000000u);
static_assert(F64Floor(-0.5) == -1.0 && F64Ceil(0.25) == 1.0);
static_assert(bits(F32ConvertI64U(0x8000008000000001ull)) == 0x5F000001u);
static_assert(I64MulWideS(~0ull, ~0ull) == std::pair<uint64_t, uint64_t>{1, 0});
static_assert(I32TruncSatF64S(-2147483648.9) == kI32Min);
static_assert(I32TruncF32U(-0.75f).trap == TrapKind::None);

// ===========================================================================
// integers

TEST(Integer, Comparisons) {
  EXPECT_EQ(I32Eqz(0), 1u);
  EXPECT_EQ(I32Eqz(kI32Min), 0u);
  EXPECT_EQ(I32LtS(kI32Min, 0x7FFFFFFF), 1u);
  EXPECT_EQ(I32LtU(kI32Min, 0x7FFFFFFF), 0u);
  EXPECT_EQ(I32GtS(0xFFFFFFFF, 0), 0u);
  EXPECT_EQ(I32GtU(0xFFFFFFFF, 0), 1u);
  EXPECT_EQ(I32LeS(5, 5), 1u);
  EXPECT_EQ(I32GeU(0, 1), 0u);
  EXPECT_EQ(I32Ne(1, 1), 0u);
  EXPECT_EQ(I64Eqz(1ull << 63), 0u);
  EXPECT_EQ(I64LtS(kI64Min, 0), 1u);
  EXPECT_EQ(I64LtU(kI64Min, 0), 0u);
  EXPECT_EQ(I64GeS(~0ull, 0), 0u);
  EXPECT_EQ(I64GeU(~0ull, 0), 1u);
  EXPECT_EQ(I64LeU(0, 0), 1u);
  EXPECT_EQ(I64GtS(0x7FFFFFFFFFFFFFFFull, kI64Min), 1u);
  EXPECT_EQ(I64Eq(0x100000000ull, 0), 0u);  // no truncation to 32 bits
}

TEST(Integer, BitCounts) {
  EXPECT_EQ(I32Clz(0), 32u);
  EXPECT_EQ(I32Ctz(0), 32u);
  EXPECT_EQ(I32Popcnt(0xFFFFFFFF), 32u);
  EXPECT_EQ(I32Clz(kI32Min), 0u);
  EXPECT_EQ(I32Ctz(kI32Min), 31u);
  EXPECT_EQ(I64Clz(0), 64u);
  EXPECT_EQ(I64Ctz(0), 64u);
  EXPECT_EQ(I64Popcnt(~0ull), 64u);
  EXPECT_EQ(I64Clz(1), 63u);
  EXPECT_EQ(I64Ctz(kI64Min), 63u);
}

TEST(Integer, WrappingArithmetic) {
  EXPECT_EQ(I32Add(0xFFFFFFFF, 1), 0u);
  EXPECT_EQ(I32Sub(0, 1), 0xFFFFFFFFu);
  EXPECT_EQ(I32Mul(0x10000, 0x10000), 0u);
  EXPECT_EQ(I32Mul(kI32Min, 0xFFFFFFFF), kI32Min);
  EXPECT_EQ(I64Add(~0ull, 1), 0u);
  EXPECT_EQ(I64Mul(kI64Min, ~0ull), kI64Min);
  EXPECT_EQ(I64Mul(0x100000001ull, 0x100000001ull), 0x200000001ull);
}

TEST(Integer, DivisionTrapsAndSigns) {
  expectTrap(I32DivS(1, 0), TrapKind::IntegerDivideByZero);
  expectTrap(I32DivU(1, 0), TrapKind::IntegerDivideByZero);
  expectTrap(I32RemS(1, 0), TrapKind::IntegerDivideByZero);
  expectTrap(I32RemU(1, 0), TrapKind::IntegerDivideByZero);
  expectTrap(I32DivS(kI32Min, 0xFFFFFFFF), TrapKind::IntegerOverflow);
  expectTrap(I32DivS(0, 0), TrapKind::IntegerDivideByZero);  // zero divisor wins
  expectOk(I32RemS(kI32Min, 0xFFFFFFFF), 0u);
  expectOk(I32DivU(kI32Min, 0xFFFFFFFF), 0u);
  expectOk(I32DivS(kI32Min, 2), 0xC0000000u);
  expectOk(I32DivS(static_cast<uint32_t>(-7), 2), static_cast<uint32_t>(-3));  // toward zero
  expectOk(I32RemS(static_cast<uint32_t>(-7), 2), static_cast<uint32_t>(-1));  // sign of dividend
  expectOk(I32RemS(7, static_cast<uint32_t>(-2)), 1u);
  expectOk(I32RemU(static_cast<uint32_t>(-7), 2), 1u);
  expectOk(I32DivU(0xFFFFFFFF, 2), 0x7FFFFFFFu);

  expectTrap(I64DivS(1, 0), TrapKind::IntegerDivideByZero);
  expectTrap(I64DivU(1, 0), TrapKind::IntegerDivideByZero);
  expectTrap(I64RemS(1, 0), TrapKind::IntegerDivideByZero);
  expectTrap(I64RemU(1, 0), TrapKind::IntegerDivideByZero);
  expectTrap(I64DivS(kI64Min, ~0ull), TrapKind::IntegerOverflow);
  expectOk(I64RemS(kI64Min, ~0ull), uint64_t{0});
  expectOk(I64DivS(static_cast<uint64_t>(-7), 2), static_cast<uint64_t>(-3));
  expectOk(I64RemS(static_cast<uint64_t>(-7), 2), static_cast<uint64_t>(-1));
  expectOk(I64DivU(~0ull, 3), 0x5555555555555555ull);
  expectOk(I64RemU(~0ull, 10), uint64_t{5});
}

TEST(Integer, ShiftCountsAreModuloWidth) {
  for (uint32_t k : {0u, 1u, 31u, 32u, 33u, 63u, 64u, 0xFFFFFFFFu, 0x80000001u}) {
    uint32_t m = k & 31;
    EXPECT_EQ(I32Shl(0x80000001u, k), 0x80000001u << m) << k;
    EXPECT_EQ(I32ShrU(0x80000001u, k), 0x80000001u >> m) << k;
    EXPECT_EQ(I32ShrS(0x80000001u, k),
              static_cast<uint32_t>(static_cast<int32_t>(0x80000001u) >> m))
        << k;
    EXPECT_EQ(I32Rotl(0x80000001u, k), std::rotl(0x80000001u, static_cast<int>(m))) << k;
    EXPECT_EQ(I32Rotr(0x80000001u, k), std::rotr(0x80000001u, static_cast<int>(m))) << k;
  }
  EXPECT_EQ(I32ShrS(kI32Min, 31), 0xFFFFFFFFu);
  EXPECT_EQ(I32ShrS(kI32Min, 32), kI32Min);
  for (uint64_t k : std::initializer_list<uint64_t>{0ull, 1ull, 63ull, 64ull, 65ull, 127ull, ~0ull,
                                                    0xFFFFFFFF00000001ull}) {
    unsigned m = static_cast<unsigned>(k & 63);
    uint64_t x = 0x8000000000000003ull;
    EXPECT_EQ(I64Shl(x, k), x << m) << k;
    EXPECT_EQ(I64ShrU(x, k), x >> m) << k;
    EXPECT_EQ(I64ShrS(x, k), static_cast<uint64_t>(static_cast<int64_t>(x) >> m)) << k;
    EXPECT_EQ(I64Rotl(x, k), std::rotl(x, static_cast<int>(m))) << k;
    EXPECT_EQ(I64Rotr(x, k), std::rotr(x, static_cast<int>(m))) << k;
  }
}

TEST(Integer, ExtendAndWrap) {
  EXPECT_EQ(I32WrapI64(0x123456789ull), 0x23456789u);
  EXPECT_EQ(I64ExtendI32S(kI32Min), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(I64ExtendI32S(0x7FFFFFFF), 0x7FFFFFFFull);
  EXPECT_EQ(I64ExtendI32U(kI32Min), 0x80000000ull);
  EXPECT_EQ(I32Extend8S(0x80), 0xFFFFFF80u);
  EXPECT_EQ(I32Extend8S(0x1234567F), 0x7Fu);
  EXPECT_EQ(I32Extend16S(0x8000), 0xFFFF8000u);
  EXPECT_EQ(I32Extend16S(0xABCD7FFF), 0x7FFFu);
  EXPECT_EQ(I64Extend8S(0xFF), ~0ull);
  EXPECT_EQ(I64Extend16S(0x12348000), 0xFFFFFFFFFFFF8000ull);
  EXPECT_EQ(I64Extend32S(0x80000000), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(I64Extend32S(0xFFFFFFFF7FFFFFFFull), 0x7FFFFFFFull);
}

TEST(Integer, WideArithmetic) {
  using P = std::pair<uint64_t, uint64_t>;
  EXPECT_EQ(I64Add128(~0ull, 0, 1, 0), (P{0, 1}));      // carry
  EXPECT_EQ(I64Add128(~0ull, ~0ull, 1, 0), (P{0, 0}));  // wraps 2^128
  EXPECT_EQ(I64Add128(~0ull, 5, ~0ull, 7), (P{~0ull - 1, 13}));
  EXPECT_EQ(I64Sub128(0, 0, 1, 0), (P{~0ull, ~0ull}));  // borrow
  EXPECT_EQ(I64Sub128(0, 1, 1, 0), (P{~0ull, 0}));
  EXPECT_EQ(I64Sub128(5, 5, 5, 5), (P{0, 0}));
  EXPECT_EQ(I64MulWideU(~0ull, ~0ull), (P{1, ~0ull - 1}));
  EXPECT_EQ(I64MulWideU(1ull << 63, 2), (P{0, 1}));
  EXPECT_EQ(I64MulWideS(~0ull, 1), (P{~0ull, ~0ull}));                      // -1 * 1
  EXPECT_EQ(I64MulWideS(kI64Min, kI64Min), (P{0, 0x4000000000000000ull}));  // 2^126
  EXPECT_EQ(I64MulWideS(kI64Min, ~0ull), (P{kI64Min, 0}));                  // 2^63
  EXPECT_EQ(I64MulWideS(kI64Min, 1), (P{kI64Min, ~0ull}));
  EXPECT_EQ(I64MulWideS(0x7FFFFFFFFFFFFFFFull, 0x7FFFFFFFFFFFFFFFull),
            (P{1, 0x3FFFFFFFFFFFFFFFull}));
}

TEST(Integer, PortableWideMultiplyMatchesNative) {
  std::mt19937_64 rng(42);
  std::vector<uint64_t> vals = {0, 1, 2, 0xFFFFFFFF, 0x100000000ull, ~0ull, kI64Min, kI64Min - 1};
  for (int i = 0; i < 2000; ++i) vals.push_back(rng() >> (rng() % 64));
  for (uint64_t a : vals) {
    for (size_t j = 0; j < 8; ++j) {
      uint64_t b = vals[(j * 7919 + a) % vals.size()];
      auto p = detail::mulWideUPortable(a, b);
      EXPECT_EQ(p.first, a * b);
#if defined(__SIZEOF_INT128__)
      __extension__ using U128 = unsigned __int128;
      EXPECT_EQ(p.second, static_cast<uint64_t>((static_cast<U128>(a) * b) >> 64)) << a << " " << b;
#endif
    }
  }
}

// ===========================================================================
// float arithmetic and NaN rules

TEST(Float, NaNFromNonNaNOperandsIsCanonical) {
  EXPECT_TRUE(isCanonicalNan(F32Sub(kInf, kInf)));
  EXPECT_TRUE(isCanonicalNan(F32Add(kInf, -kInf)));
  EXPECT_TRUE(isCanonicalNan(F32Mul(0.0f, kInf)));
  EXPECT_TRUE(isCanonicalNan(F32Div(0.0f, -0.0f)));
  EXPECT_TRUE(isCanonicalNan(F32Div(kInf, kInf)));
  EXPECT_TRUE(isCanonicalNan(F32Sqrt(-1.0f)));
  EXPECT_TRUE(isCanonicalNan(F32Sqrt(-kInf)));
  EXPECT_TRUE(isCanonicalNan(F32Sqrt(-kMinSub)));
  EXPECT_TRUE(isCanonicalNan(F64Sub(kInfD, kInfD)));
  EXPECT_TRUE(isCanonicalNan(F64Mul(-kInfD, 0.0)));
  EXPECT_TRUE(isCanonicalNan(F64Div(0.0, 0.0)));
  EXPECT_TRUE(isCanonicalNan(F64Sqrt(-2.0)));
}

TEST(Float, NaNOperandsGiveArithmeticNaNs) {
  float snan = f32(kF32Snan), qnan = f32(kF32NegQnanPayload);
  for (float r : {F32Add(snan, 1.0f), F32Add(1.0f, snan), F32Sub(snan, snan), F32Mul(snan, 0.0f),
                  F32Div(snan, kInf), F32Min(snan, 1.0f), F32Max(1.0f, snan), F32Sqrt(snan),
                  F32Ceil(snan), F32Floor(snan), F32Trunc(snan), F32Nearest(snan),
                  F32Add(qnan, snan), F32Min(qnan, -kInf), F32Max(kInf, qnan)}) {
    EXPECT_TRUE(isArithmeticNan(r)) << std::hex << bits(r);
  }
  // The unary rounding operators keep sign and payload and only set the quiet bit.
  EXPECT_EQ(bits(F32Ceil(snan)), kF32Snan | 0x00400000u);
  EXPECT_EQ(bits(F32Nearest(f32(0xFF800001u))), 0xFFC00001u);
  EXPECT_EQ(bits(F64Floor(f64(kF64Snan))), kF64Snan | 0x0008000000000000ull);
  EXPECT_EQ(bits(F64Sqrt(f64(kF64Snan))), kF64Snan | 0x0008000000000000ull);
  double dsnan = f64(kF64Snan);
  for (double r : {F64Add(dsnan, 1.0), F64Mul(2.0, dsnan), F64Min(dsnan, 0.0), F64Max(0.0, dsnan),
                   F64Trunc(dsnan), F64Nearest(dsnan), F64Div(dsnan, dsnan)}) {
    EXPECT_TRUE(isArithmeticNan(r));
  }
  // A canonical NaN operand alone gives a canonical NaN.
  EXPECT_TRUE(isCanonicalNan(F32Add(f32(0x7FC00000), 1.0f)));
  EXPECT_TRUE(isCanonicalNan(F64Max(f64(0xFFF8000000000000ull), 1.0)));
}

TEST(Float, SignOperatorsNeverTouchPayloads) {
  for (uint32_t b : std::initializer_list<uint32_t>{kF32Snan, kF32NegQnanPayload, 0x7F800001u,
                                                    0xFF800000u, 0x80000000u, 0u}) {
    EXPECT_EQ(bits(F32Abs(f32(b))), b & 0x7FFFFFFFu);
    EXPECT_EQ(bits(F32Neg(f32(b))), b ^ 0x80000000u);
    EXPECT_EQ(bits(F32Copysign(f32(b), -1.0f)), b | 0x80000000u);
    EXPECT_EQ(bits(F32Copysign(f32(b), f32(0x7FC00000))), b & 0x7FFFFFFFu);  // sign of a NaN
    EXPECT_EQ(bits(F32Copysign(1.0f, f32(b))), 0x3F800000u | (b & 0x80000000u));
  }
  for (uint64_t b :
       std::initializer_list<uint64_t>{kF64Snan, 0xFFF0000000000001ull, 0x8000000000000000ull}) {
    EXPECT_EQ(bits(F64Abs(f64(b))), b & 0x7FFFFFFFFFFFFFFFull);
    EXPECT_EQ(bits(F64Neg(f64(b))), b ^ 0x8000000000000000ull);
    EXPECT_EQ(bits(F64Copysign(f64(b), -0.0)), b | 0x8000000000000000ull);
  }
}

TEST(Float, MinMaxZerosAndNaNs) {
  EXPECT_EQ(bits(F32Min(0.0f, -0.0f)), 0x80000000u);
  EXPECT_EQ(bits(F32Min(-0.0f, 0.0f)), 0x80000000u);
  EXPECT_EQ(bits(F32Max(0.0f, -0.0f)), 0u);
  EXPECT_EQ(bits(F32Max(-0.0f, 0.0f)), 0u);
  EXPECT_EQ(bits(F32Max(-0.0f, -0.0f)), 0x80000000u);
  EXPECT_EQ(F32Min(-kInf, kInf), -kInf);
  EXPECT_EQ(F32Max(kMinSub, 0.0f), kMinSub);
  EXPECT_EQ(F32Min(-kMinSub, -0.0f), -kMinSub);
  EXPECT_TRUE(isNan(F32Min(f32(0x7FC00000), -kInf)));
  EXPECT_TRUE(isNan(F32Max(kInf, f32(0xFFC00000))));
  EXPECT_EQ(bits(F64Min(0.0, -0.0)), 0x8000000000000000ull);
  EXPECT_EQ(bits(F64Max(-0.0, 0.0)), 0u);
  EXPECT_TRUE(isNan(F64Min(1.0, f64(0x7FF8000000000000ull))));
  EXPECT_TRUE(isNan(F64Max(f64(kF64Snan), kInfD)));
}

TEST(Float, SubnormalsAreNotFlushed) {
  EXPECT_EQ(F32Add(kMaxSub, kMinSub), kMinNorm);
  EXPECT_EQ(F32Sub(kMinNorm, kMinSub), kMaxSub);
  EXPECT_EQ(bits(F32Mul(kMinSub, 0.5f)), 0u);   // 2^-150: tie, to even (zero)
  EXPECT_EQ(bits(F32Mul(kMinSub, 0.75f)), 1u);  // above the tie
  EXPECT_EQ(bits(F32Mul(f32(3), 0.5f)), 2u);    // 1.5 ulp: tie, to even (2)
  EXPECT_EQ(bits(F32Mul(-kMinSub, 0.5f)), 0x80000000u);
  EXPECT_EQ(F32Div(kMinSub, 2.0f), 0.0f);
  EXPECT_EQ(bits(F64Mul(kMinSubD, 0.5)), 0u);
  EXPECT_EQ(F64Add(kMinSubD, kMinSubD), f64(2));
  EXPECT_EQ(F32Sqrt(f32(0x00000002)), f32(0x1A800000));  // sqrt(2^-148) = 2^-74
}

TEST(Float, SignedZeros) {
  EXPECT_EQ(bits(F32Add(-0.0f, -0.0f)), 0x80000000u);
  EXPECT_EQ(bits(F32Add(0.0f, -0.0f)), 0u);
  EXPECT_EQ(bits(F32Sub(0.0f, 0.0f)), 0u);
  EXPECT_EQ(bits(F32Sub(-0.0f, 0.0f)), 0x80000000u);
  EXPECT_EQ(bits(F32Mul(-0.0f, 5.0f)), 0x80000000u);
  EXPECT_EQ(bits(F32Div(1.0f, -kInf)), 0x80000000u);
  EXPECT_EQ(F32Div(-1.0f, 0.0f), -kInf);
  EXPECT_EQ(F32Div(-1.0f, -0.0f), kInf);
  EXPECT_EQ(bits(F32Sqrt(-0.0f)), 0x80000000u);
  EXPECT_EQ(bits(F64Sqrt(-0.0)), 0x8000000000000000ull);
  EXPECT_EQ(F64Sqrt(kInfD), kInfD);
}

TEST(Float, Comparisons) {
  float nan = f32(0x7FC00000);
  EXPECT_EQ(F32Eq(0.0f, -0.0f), 1u);
  EXPECT_EQ(F32Ne(nan, nan), 1u);
  EXPECT_EQ(F32Eq(nan, nan), 0u);
  for (auto fn : {F32Lt, F32Gt, F32Le, F32Ge, F32Eq}) {
    EXPECT_EQ(fn(nan, 1.0f), 0u);
    EXPECT_EQ(fn(1.0f, f32(kF32Snan)), 0u);
  }
  EXPECT_EQ(F32Le(-0.0f, 0.0f), 1u);
  EXPECT_EQ(F32Lt(-0.0f, 0.0f), 0u);
  EXPECT_EQ(F32Lt(-kInf, -std::numeric_limits<float>::max()), 1u);
  EXPECT_EQ(F32Gt(kMinSub, 0.0f), 1u);
  double dnan = f64(0xFFF8000000000001ull);
  for (auto fn : {F64Lt, F64Gt, F64Le, F64Ge, F64Eq}) EXPECT_EQ(fn(dnan, dnan), 0u);
  EXPECT_EQ(F64Ne(dnan, 1.0), 1u);
  EXPECT_EQ(F64Ge(-0.0, 0.0), 1u);
}

// ===========================================================================
// rounding to integral values

TEST(Rounding, EdgeValues) {
  struct Row {
    float x, ceil, floor, trunc, nearest;
  };
  const Row rows[] = {
      {0.5f, 1, 0, 0, 0},
      {1.5f, 2, 1, 1, 2},
      {2.5f, 3, 2, 2, 2},
      {-2.5f, -2, -3, -2, -2},
      {-3.5f, -3, -4, -3, -4},
      {0.49999997f, 1, 0, 0, 0},                         // just below 0.5
      {8388607.5f, 8388608, 8388607, 8388607, 8388608},  // 2^23 - 0.5: tie, even
      {8388606.5f, 8388607, 8388606, 8388606, 8388606},
      {8388609.0f, 8388609, 8388609, 8388609, 8388609},  // >= 2^23: integral
      {16777216.0f, 16777216, 16777216, 16777216, 16777216},
      {-8388607.5f, -8388607, -8388608, -8388607, -8388608},
      {3.4028235e38f, 3.4028235e38f, 3.4028235e38f, 3.4028235e38f, 3.4028235e38f},
      {kMinSub, 1, 0, 0, 0},
      {kInf, kInf, kInf, kInf, kInf},
      {-kInf, -kInf, -kInf, -kInf, -kInf},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(bits(F32Ceil(r.x)), bits(r.ceil)) << r.x;
    EXPECT_EQ(bits(F32Floor(r.x)), bits(r.floor)) << r.x;
    EXPECT_EQ(bits(F32Trunc(r.x)), bits(r.trunc)) << r.x;
    EXPECT_EQ(bits(F32Nearest(r.x)), bits(r.nearest)) << r.x;
  }
  // Results that are zero keep the operand's sign.
  for (float x : {-0.0f, -0.5f, -0.25f, -kMinSub, -0.49999997f}) {
    EXPECT_EQ(bits(F32Ceil(x)), 0x80000000u) << x;
    EXPECT_EQ(bits(F32Trunc(x)), 0x80000000u) << x;
    EXPECT_EQ(bits(F32Nearest(x)), 0x80000000u) << x;
  }
  EXPECT_EQ(F32Floor(-kMinSub), -1.0f);
  EXPECT_EQ(bits(F32Floor(-0.0f)), 0x80000000u);
  EXPECT_EQ(bits(F32Floor(0.0f)), 0u);
  EXPECT_EQ(bits(F32Floor(kMinSub)), 0u);
  EXPECT_EQ(bits(F64Ceil(-0.5)), 0x8000000000000000ull);
  EXPECT_EQ(bits(F64Nearest(-0.5)), 0x8000000000000000ull);
  EXPECT_EQ(F64Nearest(4503599627370495.5), 4503599627370496.0);  // 2^52 - 0.5: tie, even
  EXPECT_EQ(F64Nearest(4503599627370494.5), 4503599627370494.0);
  EXPECT_EQ(F64Floor(-4503599627370495.5), -4503599627370496.0);
  EXPECT_EQ(F64Ceil(4503599627370495.5), 4503599627370496.0);
  EXPECT_EQ(F64Trunc(-4503599627370495.5), -4503599627370495.0);
  EXPECT_EQ(F64Nearest(0.49999999999999994), 0.0);
  EXPECT_EQ(F64Ceil(kMinSubD), 1.0);
  EXPECT_EQ(F64Trunc(1.7976931348623157e308), 1.7976931348623157e308);
}

// Sampled comparison with libm (default rounding mode) over bit patterns
// spread across the whole f32 range, and random f64 values near integers.
TEST(Rounding, MatchesLibmOnSampledValues) {
  auto check32 = [](uint32_t b) {
    float x = f32(b);
    if (isNan(x)) return;
    ASSERT_EQ(bits(F32Ceil(x)), bits(std::ceil(x))) << std::hex << b;
    ASSERT_EQ(bits(F32Floor(x)), bits(std::floor(x))) << std::hex << b;
    ASSERT_EQ(bits(F32Trunc(x)), bits(std::trunc(x))) << std::hex << b;
    ASSERT_EQ(bits(F32Nearest(x)), bits(std::nearbyint(x))) << std::hex << b;
  };
  for (uint64_t b = 0; b <= 0xFFFFFFFFull; b += 4099) check32(static_cast<uint32_t>(b));
  for (uint32_t e = 0x3E800000; e < 0x4B800000; e += 0x00100000)  // 0.25 .. 2^24
    for (uint32_t d = 0; d < 64; ++d) {
      check32(e + d);
      check32((e | 0x80000000u) - d);
    }
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> ints(-(int64_t{1} << 53), int64_t{1} << 53);
  for (int i = 0; i < 200000; ++i) {
    double x = static_cast<double>(ints(rng)) + (static_cast<double>(rng() % 9) - 4) * 0.25;
    if (i % 3 == 0) x = std::bit_cast<double>(rng());
    if (isNan(x)) continue;
    ASSERT_EQ(bits(F64Ceil(x)), bits(std::ceil(x))) << x;
    ASSERT_EQ(bits(F64Floor(x)), bits(std::floor(x))) << x;
    ASSERT_EQ(bits(F64Trunc(x)), bits(std::trunc(x))) << x;
    ASSERT_EQ(bits(F64Nearest(x)), bits(std::nearbyint(x))) << x;
  }
}

// ===========================================================================
// float -> integer

TEST(Truncation, I32Boundaries) {
  // f32: 2^31 is the first out of range value; the f32 below it is 2147483520.
  expectOk(I32TruncF32S(2147483520.0f), 2147483520u);
  expectTrap(I32TruncF32S(2147483648.0f), TrapKind::IntegerOverflow);
  expectOk(I32TruncF32S(-2147483648.0f), kI32Min);
  expectTrap(I32TruncF32S(-2147483904.0f), TrapKind::IntegerOverflow);  // next f32 below -2^31
  expectTrap(I32TruncF32S(f32(0x7FC00000)), TrapKind::InvalidConversion);
  expectTrap(I32TruncF32S(f32(kF32Snan)), TrapKind::InvalidConversion);
  expectTrap(I32TruncF32S(-kInf), TrapKind::IntegerOverflow);
  expectOk(I32TruncF32S(-0.9999999f), 0u);
  expectOk(I32TruncF32S(-1.5f), static_cast<uint32_t>(-1));
  expectOk(I32TruncF32U(4294967040.0f), 4294967040u);
  expectTrap(I32TruncF32U(4294967296.0f), TrapKind::IntegerOverflow);
  expectOk(I32TruncF32U(-0.9999999f), 0u);
  expectOk(I32TruncF32U(-0.0f), 0u);
  expectTrap(I32TruncF32U(-1.0f), TrapKind::IntegerOverflow);
  expectTrap(I32TruncF32U(f32(0xFFC00000)), TrapKind::InvalidConversion);

  // f64 can represent the exact limits and the values just beyond.
  expectOk(I32TruncF64S(2147483647.0), 0x7FFFFFFFu);
  expectOk(I32TruncF64S(2147483647.9999998), 0x7FFFFFFFu);
  expectTrap(I32TruncF64S(2147483648.0), TrapKind::IntegerOverflow);
  expectOk(I32TruncF64S(-2147483648.0), kI32Min);
  expectOk(I32TruncF64S(-2147483648.9), kI32Min);
  expectOk(I32TruncF64S(-2147483648.9999995), kI32Min);
  expectTrap(I32TruncF64S(-2147483649.0), TrapKind::IntegerOverflow);
  expectTrap(I32TruncF64S(f64(kF64Snan)), TrapKind::InvalidConversion);
  expectOk(I32TruncF64U(4294967295.9), 0xFFFFFFFFu);
  expectTrap(I32TruncF64U(4294967296.0), TrapKind::IntegerOverflow);
  expectOk(I32TruncF64U(-0.99999999), 0u);
  expectTrap(I32TruncF64U(-1.0), TrapKind::IntegerOverflow);
  expectTrap(I32TruncF64U(kInfD), TrapKind::IntegerOverflow);
}

TEST(Truncation, I64Boundaries) {
  expectOk(I64TruncF32S(9223371487098961920.0f), 9223371487098961920ull);  // largest f32 < 2^63
  expectTrap(I64TruncF32S(9223372036854775808.0f), TrapKind::IntegerOverflow);
  expectOk(I64TruncF32S(-9223372036854775808.0f), kI64Min);
  expectTrap(I64TruncF32S(-9223373136366403584.0f), TrapKind::IntegerOverflow);
  expectTrap(I64TruncF32S(f32(0x7FC00000)), TrapKind::InvalidConversion);
  expectOk(I64TruncF32U(18446742974197923840.0f), 18446742974197923840ull);
  expectTrap(I64TruncF32U(18446744073709551616.0f), TrapKind::IntegerOverflow);
  expectOk(I64TruncF32U(-0.5f), uint64_t{0});
  expectTrap(I64TruncF32U(-1.0f), TrapKind::IntegerOverflow);

  expectOk(I64TruncF64S(9223372036854774784.0), 9223372036854774784ull);  // largest f64 < 2^63
  expectTrap(I64TruncF64S(9223372036854775808.0), TrapKind::IntegerOverflow);
  expectOk(I64TruncF64S(-9223372036854775808.0), kI64Min);
  expectTrap(I64TruncF64S(-9223372036854777856.0), TrapKind::IntegerOverflow);
  expectTrap(I64TruncF64S(-kInfD), TrapKind::IntegerOverflow);
  expectTrap(I64TruncF64S(f64(0xFFF8000000000000ull)), TrapKind::InvalidConversion);
  expectOk(I64TruncF64U(18446744073709549568.0), 18446744073709549568ull);
  expectTrap(I64TruncF64U(18446744073709551616.0), TrapKind::IntegerOverflow);
  expectOk(I64TruncF64U(9223372036854775808.0), kI64Min);  // needs the unsigned range
  expectOk(I64TruncF64U(-0.9999999999999999), uint64_t{0});
  expectTrap(I64TruncF64U(-1.0), TrapKind::IntegerOverflow);
}

TEST(Truncation, Saturating) {
  float nan = f32(0x7FC00000);
  EXPECT_EQ(I32TruncSatF32S(nan), 0u);
  EXPECT_EQ(I32TruncSatF32S(f32(0xFF800001u)), 0u);
  EXPECT_EQ(I32TruncSatF32S(2147483648.0f), 0x7FFFFFFFu);
  EXPECT_EQ(I32TruncSatF32S(2147483520.0f), 2147483520u);
  EXPECT_EQ(I32TruncSatF32S(-2147483904.0f), kI32Min);
  EXPECT_EQ(I32TruncSatF32S(-kInf), kI32Min);
  EXPECT_EQ(I32TruncSatF32S(kInf), 0x7FFFFFFFu);
  EXPECT_EQ(I32TruncSatF32U(nan), 0u);
  EXPECT_EQ(I32TruncSatF32U(-1.0f), 0u);
  EXPECT_EQ(I32TruncSatF32U(-kInf), 0u);
  EXPECT_EQ(I32TruncSatF32U(4294967296.0f), 0xFFFFFFFFu);
  EXPECT_EQ(I32TruncSatF32U(4294967040.0f), 4294967040u);
  EXPECT_EQ(I32TruncSatF64S(2147483647.9), 0x7FFFFFFFu);
  EXPECT_EQ(I32TruncSatF64S(2147483648.0), 0x7FFFFFFFu);
  EXPECT_EQ(I32TruncSatF64S(-2147483648.9), kI32Min);
  EXPECT_EQ(I32TruncSatF64S(-2147483649.0), kI32Min);
  EXPECT_EQ(I32TruncSatF64S(-1.9), static_cast<uint32_t>(-1));
  EXPECT_EQ(I32TruncSatF64U(4294967295.9), 0xFFFFFFFFu);
  EXPECT_EQ(I32TruncSatF64U(1e300), 0xFFFFFFFFu);
  EXPECT_EQ(I32TruncSatF64U(-0.9), 0u);
  EXPECT_EQ(I32TruncSatF64U(f64(kF64Snan)), 0u);
  EXPECT_EQ(I64TruncSatF32S(9223372036854775808.0f), 0x7FFFFFFFFFFFFFFFull);
  EXPECT_EQ(I64TruncSatF32S(-kInf), kI64Min);
  EXPECT_EQ(I64TruncSatF32S(nan), 0u);
  EXPECT_EQ(I64TruncSatF32U(18446744073709551616.0f), ~0ull);
  EXPECT_EQ(I64TruncSatF32U(-kMinSub), 0u);
  EXPECT_EQ(I64TruncSatF64S(9223372036854774784.0), 9223372036854774784ull);
  EXPECT_EQ(I64TruncSatF64S(9223372036854775808.0), 0x7FFFFFFFFFFFFFFFull);
  EXPECT_EQ(I64TruncSatF64S(-9223372036854777856.0), kI64Min);
  EXPECT_EQ(I64TruncSatF64S(f64(0xFFF8000000000000ull)), 0u);
  EXPECT_EQ(I64TruncSatF64U(18446744073709549568.0), 18446744073709549568ull);
  EXPECT_EQ(I64TruncSatF64U(18446744073709551616.0), ~0ull);
  EXPECT_EQ(I64TruncSatF64U(-kInfD), 0u);
}

// Independent reference: truncate in f64 (exact for these sources), then range-check.
TEST(Truncation, MatchesReferenceOnSampledF32) {
  for (uint64_t b = 0; b <= 0xFFFFFFFFull; b += 65521) {
    float x = f32(static_cast<uint32_t>(b));
    double t = std::trunc(static_cast<double>(x));
    bool nan = std::isnan(x);
    auto s32 = I32TruncF32S(x);
    auto u32 = I32TruncF32U(x);
    auto s64 = I64TruncF32S(x);
    auto u64 = I64TruncF32U(x);
    if (nan) {
      ASSERT_EQ(s32.trap, TrapKind::InvalidConversion);
      ASSERT_EQ(u64.trap, TrapKind::InvalidConversion);
      continue;
    }
    bool inS32 = t >= -2147483648.0 && t <= 2147483647.0;
    bool inU32 = t >= 0 && t <= 4294967295.0;
    bool inS64 = t >= -9223372036854775808.0 && t < 9223372036854775808.0;
    bool inU64 = t >= 0 && t < 18446744073709551616.0;
    ASSERT_EQ(s32.trap, inS32 ? TrapKind::None : TrapKind::IntegerOverflow) << x;
    ASSERT_EQ(u32.trap, inU32 ? TrapKind::None : TrapKind::IntegerOverflow) << x;
    ASSERT_EQ(s64.trap, inS64 ? TrapKind::None : TrapKind::IntegerOverflow) << x;
    ASSERT_EQ(u64.trap, inU64 ? TrapKind::None : TrapKind::IntegerOverflow) << x;
    if (inS32) {
      ASSERT_EQ(static_cast<int32_t>(s32.value), static_cast<int32_t>(t)) << x;
    }
    if (inU32) {
      ASSERT_EQ(u32.value, static_cast<uint32_t>(t)) << x;
    }
    if (inS64) {
      ASSERT_EQ(static_cast<int64_t>(s64.value), static_cast<int64_t>(t)) << x;
    }
    if (inU64) {
      ASSERT_EQ(u64.value, static_cast<uint64_t>(t)) << x;
    }
    // Saturating forms agree where in range and clamp otherwise.
    ASSERT_EQ(I32TruncSatF32S(x), inS32 ? s32.value : (t < 0 ? kI32Min : 0x7FFFFFFFu)) << x;
    ASSERT_EQ(I32TruncSatF32U(x), inU32 ? u32.value : (t < 0 ? 0u : 0xFFFFFFFFu)) << x;
    ASSERT_EQ(I64TruncSatF32S(x), inS64 ? s64.value : (t < 0 ? kI64Min : ~kI64Min)) << x;
    ASSERT_EQ(I64TruncSatF32U(x), inU64 ? u64.value : (t < 0 ? 0 : ~0ull)) << x;
  }
}

// ===========================================================================
// integer -> float: exactly one rounding, ties to even

// Reference rounding done with integers only: the nearest value with
// `precision` significant bits, ties to even, as IEEE bits.
uint64_t refRound(uint64_t x, int mantBits, int bias) {
  if (x == 0) return 0;
  int msb = 63 - std::countl_zero(x);
  int precision = mantBits + 1;
  int exp = msb;
  uint64_t mant;
  if (msb < precision) {
    mant = x << (precision - 1 - msb);
  } else {
    int drop = msb - (precision - 1);
    mant = x >> drop;
    uint64_t rem = x & ((uint64_t{1} << drop) - 1), half = uint64_t{1} << (drop - 1);
    if (rem > half || (rem == half && (mant & 1))) {
      if (++mant == (uint64_t{1} << precision)) {
        mant >>= 1;
        ++exp;
      }
    }
  }
  return (static_cast<uint64_t>(exp + bias) << mantBits) | (mant & ((uint64_t{1} << mantBits) - 1));
}
uint32_t refU64ToF32(uint64_t x) { return static_cast<uint32_t>(refRound(x, 23, 127)); }
uint64_t refU64ToF64(uint64_t x) { return refRound(x, 52, 1023); }

TEST(Conversion, U64ToF32DoubleRoundingCases) {
  // Through a correctly rounded f64 these become exact f32 ties and round down.
  EXPECT_EQ(bits(F32ConvertI64U(0x8000008000000001ull)), 0x5F000001u);
  EXPECT_EQ(bits(F32ConvertI64U(0x0020000020000001ull)), 0x5A000001u);
  EXPECT_EQ(bits(F32ConvertI64U(0xFFFFFF7FFFFFFFFFull)), 0x5F7FFFFFu);  // just below a tie
  EXPECT_EQ(bits(F32ConvertI64U(0xFFFFFF8000000000ull)), 0x5F800000u);  // tie -> even (2^64)
  EXPECT_EQ(bits(F32ConvertI64U(0x8000008000000000ull)), 0x5F000000u);  // tie -> even
  EXPECT_EQ(bits(F32ConvertI64U(0x8000018000000000ull)), 0x5F000002u);  // tie -> even (up)
  EXPECT_EQ(bits(F32ConvertI64U(~0ull)), 0x5F800000u);
  EXPECT_EQ(bits(F32ConvertI64U(0)), 0u);
  EXPECT_EQ(bits(F32ConvertI64U(16777217)), bits(16777216.0f));         // tie below 2^53 path
  EXPECT_EQ(bits(F32ConvertI64S(0x8000008000000001ull)), 0xDEFFFFFFu);  // -(2^63 - 2^39 - ...)
  EXPECT_EQ(bits(F32ConvertI64S(kI64Min)), 0xDF000000u);
  EXPECT_EQ(bits(F32ConvertI64S(static_cast<uint64_t>(-0x0020000020000001ll))), 0xDA000001u);
  EXPECT_EQ(bits(F32ConvertI64S(0x7FFFFFFFFFFFFFFFull)), 0x5F000000u);
  EXPECT_EQ(bits(F32ConvertI64S(~0ull)), 0xBF800000u);  // -1
}

TEST(Conversion, U64ToF64Cases) {
  EXPECT_EQ(bits(F64ConvertI64U(~0ull)), 0x43F0000000000000ull);                  // 2^64
  EXPECT_EQ(bits(F64ConvertI64U(0x8000000000000400ull)), 0x43E0000000000000ull);  // tie, even
  EXPECT_EQ(bits(F64ConvertI64U(0x8000000000000401ull)), 0x43E0000000000001ull);  // sticky
  EXPECT_EQ(bits(F64ConvertI64U(0x8000000000000C00ull)), 0x43E0000000000002ull);  // tie, up
  EXPECT_EQ(bits(F64ConvertI64U(0x20000000000001ull)), 0x4340000000000000ull);    // 2^53+1 tie
  EXPECT_EQ(bits(F64ConvertI64S(kI64Min)), 0xC3E0000000000000ull);
  EXPECT_EQ(bits(F64ConvertI64S(0x7FFFFFFFFFFFFDFFull)), 0x43DFFFFFFFFFFFFFull);
  EXPECT_EQ(bits(F64ConvertI64S(static_cast<uint64_t>(-0x20000000000003ll))),
            0xC340000000000002ull);
}

TEST(Conversion, I64SourcesMatchIntegerReference) {
  std::mt19937_64 rng(1234);
  std::vector<uint64_t> xs;
  for (int shift = 0; shift < 64; ++shift) {
    uint64_t p = uint64_t{1} << shift;
    for (uint64_t d : std::initializer_list<uint64_t>{0, 1, 2, 3}) {
      xs.push_back(p + d);
      xs.push_back(p - d);
    }
  }
  // Ties and near-ties for 24 and 53 significant bits at every magnitude.
  for (int msb = 24; msb < 64; ++msb) {
    for (int prec : {24, 53}) {
      if (msb < prec) continue;
      int drop = msb - (prec - 1);
      for (int k = 0; k < 16; ++k) {
        uint64_t top = (uint64_t{1} << msb) | ((rng() << 1) & ((uint64_t{1} << msb) - 1));
        top &= ~((uint64_t{1} << drop) - 1);
        uint64_t half = uint64_t{1} << (drop - 1);
        for (uint64_t v : {top + half, top + half - 1, top + half + 1, top + 1}) xs.push_back(v);
      }
    }
  }
  for (int i = 0; i < 200000; ++i) xs.push_back(rng() >> (rng() % 64));
  for (uint64_t x : xs) {
    ASSERT_EQ(bits(F32ConvertI64U(x)), refU64ToF32(x)) << std::hex << x;
    ASSERT_EQ(bits(F64ConvertI64U(x)), refU64ToF64(x)) << std::hex << x;
    bool neg = static_cast<int64_t>(x) < 0;
    uint64_t mag = neg ? 0 - x : x;
    ASSERT_EQ(bits(F32ConvertI64S(x)), refU64ToF32(mag) | (neg ? 0x80000000u : 0u))
        << std::hex << x;
    ASSERT_EQ(bits(F64ConvertI64S(x)), refU64ToF64(mag) | (neg ? kI64Min : 0)) << std::hex << x;
    uint32_t lo = static_cast<uint32_t>(x);
    ASSERT_EQ(bits(F32ConvertI32U(lo)), refU64ToF32(lo)) << std::hex << lo;
    ASSERT_EQ(bits(F64ConvertI32U(lo)), refU64ToF64(lo)) << std::hex << lo;
    bool neg32 = static_cast<int32_t>(lo) < 0;
    uint32_t mag32 = neg32 ? 0u - lo : lo;
    ASSERT_EQ(bits(F32ConvertI32S(lo)), refU64ToF32(mag32) | (neg32 ? 0x80000000u : 0u)) << lo;
    ASSERT_EQ(bits(F64ConvertI32S(lo)), refU64ToF64(mag32) | (neg32 ? kI64Min : 0)) << lo;
  }
}

TEST(Conversion, I32Sources) {
  EXPECT_EQ(F32ConvertI32S(kI32Min), -2147483648.0f);
  EXPECT_EQ(F32ConvertI32U(0xFFFFFFFF), 4294967296.0f);
  EXPECT_EQ(F32ConvertI32U(0xFFFFFF7F), 4294967040.0f);  // below the tie
  EXPECT_EQ(F32ConvertI32U(0xFFFFFF80), 4294967296.0f);  // tie, even
  EXPECT_EQ(F32ConvertI32S(16777217), 16777216.0f);      // tie, even
  EXPECT_EQ(F32ConvertI32S(16777219), 16777220.0f);      // tie, even (up)
  EXPECT_EQ(F64ConvertI32S(kI32Min), -2147483648.0);
  EXPECT_EQ(F64ConvertI32U(0xFFFFFFFF), 4294967295.0);
}

TEST(Conversion, DemotePromote) {
  const float fmax = std::numeric_limits<float>::max();
  EXPECT_EQ(F32DemoteF64(1.7976931348623157e308), kInf);
  EXPECT_EQ(F32DemoteF64(f64(0x47EFFFFFEFFFFFFFull)), fmax);  // below FLT_MAX + half ulp
  EXPECT_EQ(F32DemoteF64(f64(0x47EFFFFFF0000000ull)), kInf);  // exactly the tie: to even = inf
  EXPECT_EQ(bits(F32DemoteF64(0x1p-150)), 0u);  // half the smallest subnormal: tie, to zero
  EXPECT_EQ(bits(F32DemoteF64(f64(0x3690000000000001ull))), 1u);  // just above the tie
  EXPECT_EQ(bits(F32DemoteF64(-0x1p-150)), 0x80000000u);
  EXPECT_EQ(bits(F32DemoteF64(0x1.8p-149)), 2u);         // 1.5 subnormal ulps: to even
  EXPECT_EQ(F32DemoteF64(0x1.000001p0), 1.0f);           // tie, to even (down)
  EXPECT_EQ(F32DemoteF64(0x1.000003p0), 0x1.000004p0f);  // tie, to even (up)
  EXPECT_EQ(F32DemoteF64(-kInfD), -kInf);
  // NaNs: canonical stays canonical (with its sign), others become arithmetic.
  EXPECT_EQ(bits(F32DemoteF64(f64(0x7FF8000000000000ull))), 0x7FC00000u);
  EXPECT_EQ(bits(F32DemoteF64(f64(0xFFF8000000000000ull))), 0xFFC00000u);
  EXPECT_EQ(bits(F32DemoteF64(f64(0x7FF4000000000000ull))), 0x7FE00000u);  // sNaN, top payload
  EXPECT_EQ(bits(F32DemoteF64(f64(0x7FF0000000000001ull))), 0x7FC00000u);  // low payload lost
  EXPECT_TRUE(isArithmeticNan(F32DemoteF64(f64(0xFFFFFFFFFFFFFFFFull))));

  EXPECT_EQ(F64PromoteF32(fmax), 3.4028234663852886e38);
  EXPECT_EQ(F64PromoteF32(kMinSub), 1.401298464324817e-45);
  EXPECT_EQ(bits(F64PromoteF32(-0.0f)), kI64Min);
  EXPECT_EQ(bits(F64PromoteF32(f32(0x7FC00000))), 0x7FF8000000000000ull);
  EXPECT_EQ(bits(F64PromoteF32(f32(0xFFC00000))), 0xFFF8000000000000ull);
  EXPECT_EQ(bits(F64PromoteF32(f32(kF32Snan))), 0x7FFC000020000000ull);
  EXPECT_EQ(bits(F64PromoteF32(f32(0x7F800001))), 0x7FF8000020000000ull);
}

TEST(Conversion, ReinterpretKeepsEveryBit) {
  for (uint32_t b : std::initializer_list<uint32_t>{kF32Snan, 0xFF800001u, 0x7F800000u, 0x00000001u,
                                                    0x80000000u})
    EXPECT_EQ(I32ReinterpretF32(F32ReinterpretI32(b)), b);
  for (uint64_t b :
       std::initializer_list<uint64_t>{kF64Snan, 0xFFF0000000000001ull, 0x0000000000000001ull})
    EXPECT_EQ(I64ReinterpretF64(F64ReinterpretI64(b)), b);
}

}  // namespace
}  // namespace witt::num
