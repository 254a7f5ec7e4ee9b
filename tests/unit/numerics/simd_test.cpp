// Hand-written tests for src/interp/simd.h: every lane index of the lane
// operators, shuffle/swizzle indices, shift counts at and beyond the lane width,
// saturation boundaries, randomized comparison of every integer lane operator
// with an independent per-lane reference, float lanes against the scalar
// operators, and each documented relaxed-SIMD choice (checked against the
// results the relaxed-simd spec tests allow).
#include "interp/simd.h"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <limits>
#include <random>
#include <vector>

namespace witt::num {
namespace {

template <class T>
using Lanes = simd::Lanes<T>;

template <class T>
V128 make(std::initializer_list<T> lanes) {
  Lanes<T> l{};
  size_t i = 0;
  for (T x : lanes) l[i++] = x;
  return std::bit_cast<V128>(l);
}
template <class T>
Lanes<T> lanesOf(const V128& v) {
  return std::bit_cast<Lanes<T>>(v);
}
V128 bytesOf(std::initializer_list<int> b) {
  V128 v;
  size_t i = 0;
  for (int x : b) v.bytes[i++] = static_cast<uint8_t>(x);
  return v;
}
constexpr uint32_t bits(float f) { return std::bit_cast<uint32_t>(f); }
constexpr uint64_t bits(double d) { return std::bit_cast<uint64_t>(d); }
constexpr float f32(uint32_t b) { return std::bit_cast<float>(b); }
constexpr double f64(uint64_t b) { return std::bit_cast<double>(b); }
constexpr float kInfF() { return std::numeric_limits<float>::infinity(); }

V128 pattern() {
  V128 v;
  for (int i = 0; i < 16; ++i) v.bytes[i] = static_cast<uint8_t>(0x80 + 7 * i);
  return v;
}

// ---- compile time
constexpr V128 kSplat5 = I32x4Splat(5);
static_assert(simd::get<uint32_t>(I32x4Add(kSplat5, I32x4Splat(0xFFFFFFFF)))[3] == 4);
static_assert(simd::get<int8_t>(I8x16AddSatS(I8x16Splat(100), I8x16Splat(100)))[0] == 127);
static_assert(I8x16Bitmask(I8x16Splat(0x80)) == 0xFFFF);
static_assert(simd::get<float>(F32x4Nearest(F32x4Splat(-2.5f)))[1] == -2.0f);

// ===========================================================================
// lanes

TEST(SimdLanes, ExtractAndReplaceEveryLane) {
  const V128 base = pattern();
  for (uint8_t i = 0; i < 16; ++i) {
    uint32_t want = base.bytes[i];
    EXPECT_EQ(I8x16ExtractLaneU(base, i), want);
    EXPECT_EQ(I8x16ExtractLaneS(base, i), static_cast<uint32_t>(static_cast<int8_t>(want)));
    V128 r = I8x16ReplaceLane(base, 0xABCD12u, i);  // only the low 8 bits are stored
    for (int j = 0; j < 16; ++j) EXPECT_EQ(r.bytes[j], j == i ? 0x12 : base.bytes[j]);
  }
  for (uint8_t i = 0; i < 8; ++i) {
    uint16_t want = base.lane<uint16_t>(i);
    EXPECT_EQ(I16x8ExtractLaneU(base, i), want);
    EXPECT_EQ(I16x8ExtractLaneS(base, i), static_cast<uint32_t>(static_cast<int16_t>(want)));
    V128 r = I16x8ReplaceLane(base, 0xFFFF8001u, i);
    for (unsigned j = 0; j < 8; ++j)
      EXPECT_EQ(r.lane<uint16_t>(j), j == i ? 0x8001 : base.lane<uint16_t>(j));
  }
  for (uint8_t i = 0; i < 4; ++i) {
    EXPECT_EQ(I32x4ExtractLane(base, i), base.lane<uint32_t>(i));
    V128 r = I32x4ReplaceLane(base, 0xDEADBEEF, i);
    for (unsigned j = 0; j < 4; ++j)
      EXPECT_EQ(r.lane<uint32_t>(j), j == i ? 0xDEADBEEF : base.lane<uint32_t>(j));
    // Float lanes move as bits: a signalling NaN keeps its payload.
    V128 f = F32x4ReplaceLane(base, f32(0x7FA00001), i);
    EXPECT_EQ(bits(F32x4ExtractLane(f, i)), 0x7FA00001u);
    EXPECT_EQ(f.lane<uint32_t>(i), 0x7FA00001u);
    EXPECT_EQ(bits(F32x4ExtractLane(base, i)), base.lane<uint32_t>(i));
  }
  for (uint8_t i = 0; i < 2; ++i) {
    EXPECT_EQ(I64x2ExtractLane(base, i), base.lane<uint64_t>(i));
    V128 r = I64x2ReplaceLane(base, 0x0123456789ABCDEFull, i);
    EXPECT_EQ(r.lane<uint64_t>(i), 0x0123456789ABCDEFull);
    EXPECT_EQ(r.lane<uint64_t>(1 - i), base.lane<uint64_t>(1 - i));
    V128 d = F64x2ReplaceLane(base, f64(0xFFF4000000000001ull), i);
    EXPECT_EQ(bits(F64x2ExtractLane(d, i)), 0xFFF4000000000001ull);
    EXPECT_EQ(d.lane<uint64_t>(1 - i), base.lane<uint64_t>(1 - i));
  }
}

TEST(SimdLanes, Splat) {
  EXPECT_EQ(I8x16Splat(0x1FF), make<uint8_t>({255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
                                              255, 255, 255, 255, 255}));
  EXPECT_EQ(I16x8Splat(0x12345678),
            make<uint16_t>({0x5678, 0x5678, 0x5678, 0x5678, 0x5678, 0x5678, 0x5678, 0x5678}));
  EXPECT_EQ(I32x4Splat(0x80000000),
            make<uint32_t>({0x80000000, 0x80000000, 0x80000000, 0x80000000}));
  EXPECT_EQ(I64x2Splat(~0ull), make<uint64_t>({~0ull, ~0ull}));
  EXPECT_EQ(F32x4Splat(f32(0xFF800001)),
            make<uint32_t>({0xFF800001, 0xFF800001, 0xFF800001, 0xFF800001}));
  EXPECT_EQ(F64x2Splat(-0.0), make<uint64_t>({0x8000000000000000ull, 0x8000000000000000ull}));
}

TEST(SimdLanes, ShuffleEveryIndex) {
  V128 a, b;
  for (int i = 0; i < 16; ++i) {
    a.bytes[i] = static_cast<uint8_t>(i);
    b.bytes[i] = static_cast<uint8_t>(0x10 + i);
  }
  for (int k = 0; k < 32; ++k) {
    V128 lanes;
    for (int i = 0; i < 16; ++i) lanes.bytes[i] = static_cast<uint8_t>((k + i) % 32);
    V128 r = I8x16Shuffle(a, b, lanes);
    for (int i = 0; i < 16; ++i) EXPECT_EQ(r.bytes[i], (k + i) % 32) << k << " " << i;
  }
  V128 reverse;
  for (int i = 0; i < 16; ++i) reverse.bytes[i] = static_cast<uint8_t>(31 - i);
  V128 r = I8x16Shuffle(a, b, reverse);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(r.bytes[i], 0x1F - i);
  // Same operand twice.
  V128 splat0 = I8x16Splat(16);
  EXPECT_EQ(I8x16Shuffle(a, a, splat0), I8x16Splat(0));
}

TEST(SimdLanes, SwizzleIndicesOutOfRangeGiveZero) {
  V128 a;
  for (int i = 0; i < 16; ++i) a.bytes[i] = static_cast<uint8_t>(0xA0 + i);
  for (int k = 0; k < 256; ++k) {
    V128 r = I8x16Swizzle(a, I8x16Splat(static_cast<uint32_t>(k)));
    EXPECT_EQ(r, I8x16Splat(k < 16 ? 0xA0u + k : 0u)) << k;
  }
  V128 idx = bytesOf({15, 16, 0, 255, 128, 1, 17, 14, 127, 3, 2, 32, 4, 5, 64, 6});
  EXPECT_EQ(I8x16Swizzle(a, idx),
            bytesOf({0xAF, 0, 0xA0, 0, 0, 0xA1, 0, 0xAE, 0, 0xA3, 0xA2, 0, 0xA4, 0xA5, 0, 0xA6}));
}

// ===========================================================================
// bitwise and boolean reductions

TEST(SimdBitwise, Operators) {
  V128 a = make<uint64_t>({0xFF00FF00F0F0CCCCull, 0x0123456789ABCDEFull});
  V128 b = make<uint64_t>({0x0FF00FF0FF00AAAAull, 0xFFFFFFFF00000000ull});
  V128 m = make<uint64_t>({0xFFFFFFFF00000000ull, 0x00FF00FF00FF00FFull});
  EXPECT_EQ(V128Not(a), make<uint64_t>({~0xFF00FF00F0F0CCCCull, ~0x0123456789ABCDEFull}));
  EXPECT_EQ(V128And(a, b), make<uint64_t>({0x0F000F00F0008888ull, 0x0123456700000000ull}));
  EXPECT_EQ(V128Andnot(a, b), make<uint64_t>({0xF000F00000F04444ull, 0x0000000089ABCDEFull}));
  EXPECT_EQ(V128Or(a, b), make<uint64_t>({0xFFF0FFF0FFF0EEEEull, 0xFFFFFFFF89ABCDEFull}));
  EXPECT_EQ(V128Xor(a, b), make<uint64_t>({0xF0F0F0F00FF06666ull, 0xFEDCBA9889ABCDEFull}));
  EXPECT_EQ(V128Bitselect(a, b, m), make<uint64_t>({0xFF00FF00FF00AAAAull, 0xFF23FF6700AB00EFull}));
}

TEST(SimdBitwise, AnyTrueAllTrueBitmaskEveryLane) {
  EXPECT_EQ(V128AnyTrue(V128{}), 0u);
  for (int i = 0; i < 16; ++i)
    for (int bit = 0; bit < 8; ++bit) {
      V128 v;
      v.bytes[i] = static_cast<uint8_t>(1 << bit);
      EXPECT_EQ(V128AnyTrue(v), 1u);
    }
  V128 ones = I8x16Splat(1);
  EXPECT_EQ(I8x16AllTrue(ones), 1u);
  EXPECT_EQ(I16x8AllTrue(ones), 1u);
  EXPECT_EQ(I32x4AllTrue(ones), 1u);
  EXPECT_EQ(I64x2AllTrue(ones), 1u);
  for (uint8_t i = 0; i < 16; ++i) EXPECT_EQ(I8x16AllTrue(I8x16ReplaceLane(ones, 0, i)), 0u);
  for (uint8_t i = 0; i < 8; ++i) {
    EXPECT_EQ(I16x8AllTrue(I16x8ReplaceLane(ones, 0, i)), 0u);
    EXPECT_EQ(I16x8AllTrue(I16x8ReplaceLane(ones, 0x100, i)), 1u);  // nonzero in high byte
  }
  for (uint8_t i = 0; i < 4; ++i) {
    EXPECT_EQ(I32x4AllTrue(I32x4ReplaceLane(ones, 0, i)), 0u);
    EXPECT_EQ(I32x4AllTrue(I32x4ReplaceLane(ones, 0x80000000, i)), 1u);
  }
  for (uint8_t i = 0; i < 2; ++i) EXPECT_EQ(I64x2AllTrue(I64x2ReplaceLane(ones, 0, i)), 0u);
  EXPECT_EQ(I64x2AllTrue(make<uint64_t>({1ull << 63, 1ull << 32})), 1u);

  for (uint8_t i = 0; i < 16; ++i) {
    EXPECT_EQ(I8x16Bitmask(I8x16ReplaceLane(V128{}, 0x80, i)), 1u << i);
    EXPECT_EQ(I8x16Bitmask(I8x16ReplaceLane(I8x16Splat(0x7F), 0xFF, i)), 1u << i);
  }
  for (uint8_t i = 0; i < 8; ++i) {
    EXPECT_EQ(I16x8Bitmask(I16x8ReplaceLane(I16x8Splat(0x00FF), 0x8000, i)), 1u << i);
  }
  for (uint8_t i = 0; i < 4; ++i)
    EXPECT_EQ(I32x4Bitmask(I32x4ReplaceLane(I32x4Splat(0x7FFFFFFF), 0x80000000, i)), 1u << i);
  for (uint8_t i = 0; i < 2; ++i)
    EXPECT_EQ(I64x2Bitmask(I64x2ReplaceLane(I64x2Splat(0x7FFFFFFFFFFFFFFFull), 1ull << 63, i)),
              1u << i);
  EXPECT_EQ(I8x16Bitmask(I8x16Splat(0xFF)), 0xFFFFu);
  EXPECT_EQ(I64x2Bitmask(I64x2Splat(~0ull)), 3u);
}

// ===========================================================================
// integer lane operators against independent per-lane references

std::vector<V128> integerInputs() {
  std::vector<V128> v;
  const uint8_t edges[] = {0x00, 0x01, 0x7F, 0x80, 0x81, 0xFF, 0xFE, 0x40};
  for (uint8_t lo : edges)
    for (uint8_t hi : edges) {
      V128 x;
      for (int i = 0; i < 16; ++i) x.bytes[i] = (i % 2) ? hi : lo;
      v.push_back(x);
      for (int i = 0; i < 16; ++i) x.bytes[i] = (i % 4 < 2) ? hi : static_cast<uint8_t>(lo ^ i);
      v.push_back(x);
    }
  std::mt19937_64 rng(99);
  for (int n = 0; n < 300; ++n) {
    V128 x;
    for (auto& b : x.bytes) b = static_cast<uint8_t>(rng());
    v.push_back(x);
  }
  return v;
}

template <class T>
T sat(int64_t v) {
  return static_cast<T>(
      std::clamp<int64_t>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
}

// Checks op(a, b) lane by lane against ref(a_i, b_i) -> R for lane types T in, R out.
template <class T, class R = T, class Op, class Ref>
void checkBinary(const char* what, Op op, Ref ref) {
  auto in = integerInputs();
  for (size_t i = 0; i < in.size(); ++i) {
    const V128& a = in[i];
    const V128& b = in[(i * 31 + 7) % in.size()];
    Lanes<T> x = lanesOf<T>(a), y = lanesOf<T>(b);
    Lanes<R> r = lanesOf<R>(op(a, b));
    for (size_t l = 0; l < x.size(); ++l) {
      ASSERT_EQ(r[l], static_cast<R>(ref(x[l], y[l])))
          << what << " lane " << l << " of input " << i;
    }
  }
}
template <class T, class R = T, class Op, class Ref>
void checkUnary(const char* what, Op op, Ref ref) {
  for (const V128& a : integerInputs()) {
    Lanes<T> x = lanesOf<T>(a);
    Lanes<R> r = lanesOf<R>(op(a));
    for (size_t l = 0; l < x.size(); ++l) ASSERT_EQ(r[l], static_cast<R>(ref(x[l]))) << what << l;
  }
}
template <class T>
auto maskOf(bool b) {
  using U = simd::Mask<T>;
  return b ? static_cast<U>(~U{0}) : U{0};
}

template <class S, class U>
void checkComparisons(V128 (*eq)(const V128&, const V128&), V128 (*ne)(const V128&, const V128&),
                      V128 (*ltS)(const V128&, const V128&), V128 (*gtS)(const V128&, const V128&),
                      V128 (*leS)(const V128&, const V128&),
                      V128 (*geS)(const V128&, const V128&)) {
  checkBinary<U, U>("eq", eq, [](U x, U y) { return maskOf<U>(x == y); });
  checkBinary<U, U>("ne", ne, [](U x, U y) { return maskOf<U>(x != y); });
  checkBinary<S, U>("lt_s", ltS, [](S x, S y) { return maskOf<U>(x < y); });
  checkBinary<S, U>("gt_s", gtS, [](S x, S y) { return maskOf<U>(x > y); });
  checkBinary<S, U>("le_s", leS, [](S x, S y) { return maskOf<U>(x <= y); });
  checkBinary<S, U>("ge_s", geS, [](S x, S y) { return maskOf<U>(x >= y); });
}

TEST(SimdInteger, Comparisons) {
  checkComparisons<int8_t, uint8_t>(I8x16Eq, I8x16Ne, I8x16LtS, I8x16GtS, I8x16LeS, I8x16GeS);
  checkComparisons<int16_t, uint16_t>(I16x8Eq, I16x8Ne, I16x8LtS, I16x8GtS, I16x8LeS, I16x8GeS);
  checkComparisons<int32_t, uint32_t>(I32x4Eq, I32x4Ne, I32x4LtS, I32x4GtS, I32x4LeS, I32x4GeS);
  checkComparisons<int64_t, uint64_t>(I64x2Eq, I64x2Ne, I64x2LtS, I64x2GtS, I64x2LeS, I64x2GeS);
  checkBinary<uint8_t>("lt_u", I8x16LtU,
                       [](uint8_t x, uint8_t y) { return maskOf<uint8_t>(x < y); });
  checkBinary<uint8_t>("gt_u", I8x16GtU,
                       [](uint8_t x, uint8_t y) { return maskOf<uint8_t>(x > y); });
  checkBinary<uint8_t>("le_u", I8x16LeU,
                       [](uint8_t x, uint8_t y) { return maskOf<uint8_t>(x <= y); });
  checkBinary<uint8_t>("ge_u", I8x16GeU,
                       [](uint8_t x, uint8_t y) { return maskOf<uint8_t>(x >= y); });
  checkBinary<uint16_t>("lt_u", I16x8LtU,
                        [](uint16_t x, uint16_t y) { return maskOf<uint16_t>(x < y); });
  checkBinary<uint16_t>("gt_u", I16x8GtU,
                        [](uint16_t x, uint16_t y) { return maskOf<uint16_t>(x > y); });
  checkBinary<uint16_t>("le_u", I16x8LeU,
                        [](uint16_t x, uint16_t y) { return maskOf<uint16_t>(x <= y); });
  checkBinary<uint16_t>("ge_u", I16x8GeU,
                        [](uint16_t x, uint16_t y) { return maskOf<uint16_t>(x >= y); });
  checkBinary<uint32_t>("lt_u", I32x4LtU,
                        [](uint32_t x, uint32_t y) { return maskOf<uint32_t>(x < y); });
  checkBinary<uint32_t>("gt_u", I32x4GtU,
                        [](uint32_t x, uint32_t y) { return maskOf<uint32_t>(x > y); });
  checkBinary<uint32_t>("le_u", I32x4LeU,
                        [](uint32_t x, uint32_t y) { return maskOf<uint32_t>(x <= y); });
  checkBinary<uint32_t>("ge_u", I32x4GeU,
                        [](uint32_t x, uint32_t y) { return maskOf<uint32_t>(x >= y); });
}

template <class S, class U>
void checkArith(V128 (*add)(const V128&, const V128&), V128 (*sub)(const V128&, const V128&),
                V128 (*minS)(const V128&, const V128&), V128 (*minU)(const V128&, const V128&),
                V128 (*maxS)(const V128&, const V128&), V128 (*maxU)(const V128&, const V128&),
                V128 (*abs)(const V128&), V128 (*neg)(const V128&)) {
  checkBinary<U>("add", add, [](U x, U y) { return static_cast<U>(uint64_t{x} + y); });
  checkBinary<U>("sub", sub, [](U x, U y) { return static_cast<U>(uint64_t{x} - y); });
  if (minS) {
    checkBinary<S>("min_s", minS, [](S x, S y) { return std::min(x, y); });
    checkBinary<U>("min_u", minU, [](U x, U y) { return std::min(x, y); });
    checkBinary<S>("max_s", maxS, [](S x, S y) { return std::max(x, y); });
    checkBinary<U>("max_u", maxU, [](U x, U y) { return std::max(x, y); });
  }
  // abs wraps at the minimum; neg is two's complement.
  checkUnary<S, U>("abs", abs,
                   [](S x) { return static_cast<U>(x < 0 ? U{0} - static_cast<U>(x) : x); });
  checkUnary<U>("neg", neg, [](U x) { return static_cast<U>(U{0} - x); });
}

TEST(SimdInteger, Arithmetic) {
  checkArith<int8_t, uint8_t>(I8x16Add, I8x16Sub, I8x16MinS, I8x16MinU, I8x16MaxS, I8x16MaxU,
                              I8x16Abs, I8x16Neg);
  checkArith<int16_t, uint16_t>(I16x8Add, I16x8Sub, I16x8MinS, I16x8MinU, I16x8MaxS, I16x8MaxU,
                                I16x8Abs, I16x8Neg);
  checkArith<int32_t, uint32_t>(I32x4Add, I32x4Sub, I32x4MinS, I32x4MinU, I32x4MaxS, I32x4MaxU,
                                I32x4Abs, I32x4Neg);
  checkArith<int64_t, uint64_t>(I64x2Add, I64x2Sub, nullptr, nullptr, nullptr, nullptr, I64x2Abs,
                                I64x2Neg);
  checkBinary<uint16_t>("mul", I16x8Mul, [](uint16_t x, uint16_t y) { return uint32_t{x} * y; });
  checkBinary<uint32_t>("mul", I32x4Mul, [](uint32_t x, uint32_t y) { return x * y; });
  checkBinary<uint64_t>("mul", I64x2Mul, [](uint64_t x, uint64_t y) { return x * y; });
  checkUnary<uint8_t>("popcnt", I8x16Popcnt, [](uint8_t x) { return std::popcount(x); });
  checkBinary<uint8_t>("avgr", I8x16AvgrU, [](uint8_t x, uint8_t y) { return (x + y + 1) / 2; });
  checkBinary<uint16_t>("avgr", I16x8AvgrU, [](uint16_t x, uint16_t y) { return (x + y + 1) / 2; });
}

TEST(SimdInteger, Saturation) {
  checkBinary<int8_t>("add_sat_s", I8x16AddSatS,
                      [](int8_t x, int8_t y) { return sat<int8_t>(x + y); });
  checkBinary<uint8_t>("add_sat_u", I8x16AddSatU,
                       [](uint8_t x, uint8_t y) { return sat<uint8_t>(x + y); });
  checkBinary<int8_t>("sub_sat_s", I8x16SubSatS,
                      [](int8_t x, int8_t y) { return sat<int8_t>(x - y); });
  checkBinary<uint8_t>("sub_sat_u", I8x16SubSatU,
                       [](uint8_t x, uint8_t y) { return sat<uint8_t>(x - y); });
  checkBinary<int16_t>("add_sat_s", I16x8AddSatS,
                       [](int16_t x, int16_t y) { return sat<int16_t>(x + y); });
  checkBinary<uint16_t>("add_sat_u", I16x8AddSatU,
                        [](uint16_t x, uint16_t y) { return sat<uint16_t>(x + y); });
  checkBinary<int16_t>("sub_sat_s", I16x8SubSatS,
                       [](int16_t x, int16_t y) { return sat<int16_t>(x - y); });
  checkBinary<uint16_t>("sub_sat_u", I16x8SubSatU,
                        [](uint16_t x, uint16_t y) { return sat<uint16_t>(x - y); });
  checkBinary<int16_t>("q15mulr_sat_s", I16x8Q15mulrSatS, [](int16_t x, int16_t y) {
    return sat<int16_t>((int64_t{x} * y + 0x4000) >> 15);
  });
  // Boundaries spelled out.
  EXPECT_EQ(I8x16AddSatS(I8x16Splat(0x7F), I8x16Splat(1)), I8x16Splat(0x7F));
  EXPECT_EQ(I8x16SubSatS(I8x16Splat(0x80), I8x16Splat(1)), I8x16Splat(0x80));
  EXPECT_EQ(I8x16AddSatU(I8x16Splat(0xFF), I8x16Splat(1)), I8x16Splat(0xFF));
  EXPECT_EQ(I8x16SubSatU(I8x16Splat(0), I8x16Splat(1)), I8x16Splat(0));
  EXPECT_EQ(I16x8Q15mulrSatS(I16x8Splat(0x8000), I16x8Splat(0x8000)), I16x8Splat(0x7FFF));
  EXPECT_EQ(I16x8Q15mulrSatS(I16x8Splat(0x8000), I16x8Splat(0x7FFF)), I16x8Splat(0x8001));
  EXPECT_EQ(I16x8AvgrU(I16x8Splat(0xFFFF), I16x8Splat(0xFFFF)), I16x8Splat(0xFFFF));
  EXPECT_EQ(I8x16AvgrU(I8x16Splat(0), I8x16Splat(1)), I8x16Splat(1));  // rounds up
}

TEST(SimdInteger, NarrowExtendExtmulExtadd) {
  auto in = integerInputs();
  for (size_t i = 0; i < in.size(); ++i) {
    const V128& a = in[i];
    const V128& b = in[(i * 17 + 3) % in.size()];
    auto s16a = lanesOf<int16_t>(a), s16b = lanesOf<int16_t>(b);
    auto s32a = lanesOf<int32_t>(a), s32b = lanesOf<int32_t>(b);
    auto n8s = lanesOf<int8_t>(I8x16NarrowI16x8S(a, b));
    auto n8u = lanesOf<uint8_t>(I8x16NarrowI16x8U(a, b));
    auto n16s = lanesOf<int16_t>(I16x8NarrowI32x4S(a, b));
    auto n16u = lanesOf<uint16_t>(I16x8NarrowI32x4U(a, b));
    for (int l = 0; l < 8; ++l) {
      ASSERT_EQ(n8s[l], sat<int8_t>(s16a[l]));
      ASSERT_EQ(n8s[8 + l], sat<int8_t>(s16b[l]));
      ASSERT_EQ(n8u[l], sat<uint8_t>(s16a[l]));
      ASSERT_EQ(n8u[8 + l], sat<uint8_t>(s16b[l]));
    }
    for (int l = 0; l < 4; ++l) {
      ASSERT_EQ(n16s[l], sat<int16_t>(s32a[l]));
      ASSERT_EQ(n16s[4 + l], sat<int16_t>(s32b[l]));
      ASSERT_EQ(n16u[l], sat<uint16_t>(s32a[l]));
      ASSERT_EQ(n16u[4 + l], sat<uint16_t>(s32b[l]));
    }
    auto s8 = lanesOf<int8_t>(a), t8 = lanesOf<int8_t>(b);
    auto u8 = lanesOf<uint8_t>(a), v8 = lanesOf<uint8_t>(b);
    auto u16a = lanesOf<uint16_t>(a), u16b = lanesOf<uint16_t>(b);
    auto u32a = lanesOf<uint32_t>(a), u32b = lanesOf<uint32_t>(b);
    for (int half = 0; half < 2; ++half) {
      auto e16s = lanesOf<int16_t>(half ? I16x8ExtendHighI8x16S(a) : I16x8ExtendLowI8x16S(a));
      auto e16u = lanesOf<uint16_t>(half ? I16x8ExtendHighI8x16U(a) : I16x8ExtendLowI8x16U(a));
      auto m16s = lanesOf<int16_t>(half ? I16x8ExtmulHighI8x16S(a, b) : I16x8ExtmulLowI8x16S(a, b));
      auto m16u =
          lanesOf<uint16_t>(half ? I16x8ExtmulHighI8x16U(a, b) : I16x8ExtmulLowI8x16U(a, b));
      for (int l = 0; l < 8; ++l) {
        int k = half * 8 + l;
        ASSERT_EQ(e16s[l], s8[k]);
        ASSERT_EQ(e16u[l], u8[k]);
        ASSERT_EQ(m16s[l], static_cast<int16_t>(s8[k] * t8[k]));
        ASSERT_EQ(m16u[l], static_cast<uint16_t>(u8[k] * v8[k]));
      }
      auto e32s = lanesOf<int32_t>(half ? I32x4ExtendHighI16x8S(a) : I32x4ExtendLowI16x8S(a));
      auto e32u = lanesOf<uint32_t>(half ? I32x4ExtendHighI16x8U(a) : I32x4ExtendLowI16x8U(a));
      auto m32s = lanesOf<int32_t>(half ? I32x4ExtmulHighI16x8S(a, b) : I32x4ExtmulLowI16x8S(a, b));
      auto m32u =
          lanesOf<uint32_t>(half ? I32x4ExtmulHighI16x8U(a, b) : I32x4ExtmulLowI16x8U(a, b));
      for (int l = 0; l < 4; ++l) {
        int k = half * 4 + l;
        ASSERT_EQ(e32s[l], s16a[k]);
        ASSERT_EQ(e32u[l], u16a[k]);
        ASSERT_EQ(m32s[l], s16a[k] * s16b[k]);
        ASSERT_EQ(m32u[l], static_cast<uint32_t>(u16a[k]) * u16b[k]);
      }
      auto e64s = lanesOf<int64_t>(half ? I64x2ExtendHighI32x4S(a) : I64x2ExtendLowI32x4S(a));
      auto e64u = lanesOf<uint64_t>(half ? I64x2ExtendHighI32x4U(a) : I64x2ExtendLowI32x4U(a));
      auto m64s = lanesOf<int64_t>(half ? I64x2ExtmulHighI32x4S(a, b) : I64x2ExtmulLowI32x4S(a, b));
      auto m64u =
          lanesOf<uint64_t>(half ? I64x2ExtmulHighI32x4U(a, b) : I64x2ExtmulLowI32x4U(a, b));
      for (int l = 0; l < 2; ++l) {
        int k = half * 2 + l;
        ASSERT_EQ(e64s[l], s32a[k]);
        ASSERT_EQ(e64u[l], u32a[k]);
        ASSERT_EQ(m64s[l], int64_t{s32a[k]} * s32b[k]);
        ASSERT_EQ(m64u[l], uint64_t{u32a[k]} * u32b[k]);
      }
    }
    auto p16s = lanesOf<int16_t>(I16x8ExtaddPairwiseI8x16S(a));
    auto p16u = lanesOf<uint16_t>(I16x8ExtaddPairwiseI8x16U(a));
    for (int l = 0; l < 8; ++l) {
      ASSERT_EQ(p16s[l], s8[2 * l] + s8[2 * l + 1]);
      ASSERT_EQ(p16u[l], u8[2 * l] + u8[2 * l + 1]);
    }
    auto p32s = lanesOf<int32_t>(I32x4ExtaddPairwiseI16x8S(a));
    auto p32u = lanesOf<uint32_t>(I32x4ExtaddPairwiseI16x8U(a));
    auto dot = lanesOf<uint32_t>(I32x4DotI16x8S(a, b));
    for (int l = 0; l < 4; ++l) {
      ASSERT_EQ(p32s[l], s16a[2 * l] + s16a[2 * l + 1]);
      ASSERT_EQ(p32u[l], uint32_t{u16a[2 * l]} + u16a[2 * l + 1]);
      int64_t d = int64_t{s16a[2 * l]} * s16b[2 * l] + int64_t{s16a[2 * l + 1]} * s16b[2 * l + 1];
      ASSERT_EQ(dot[l], static_cast<uint32_t>(d));
    }
  }
  // dot: the only overflow, (-32768 * -32768) * 2 = 2^31, wraps to INT32_MIN.
  EXPECT_EQ(I32x4DotI16x8S(I16x8Splat(0x8000), I16x8Splat(0x8000)), I32x4Splat(0x80000000));
  EXPECT_EQ(I8x16NarrowI16x8U(I16x8Splat(0xFFFF), I16x8Splat(0x100)),
            make<uint8_t>({0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255}));
}

TEST(SimdInteger, ShiftCountsEveryWidth) {
  const uint32_t counts[] = {0,  1,  7,  8,  9,  15,  16,          17,         31,
                             32, 33, 63, 64, 65, 127, 0x80000000u, 0xFFFFFFFFu};
  V128 v = pattern();
  for (uint32_t c : counts) {
    auto b8 = lanesOf<uint8_t>(v);
    auto r8l = lanesOf<uint8_t>(I8x16Shl(v, c));
    auto r8s = lanesOf<int8_t>(I8x16ShrS(v, c));
    auto r8u = lanesOf<uint8_t>(I8x16ShrU(v, c));
    for (int l = 0; l < 16; ++l) {
      ASSERT_EQ(r8l[l], static_cast<uint8_t>(b8[l] << (c % 8))) << c;
      ASSERT_EQ(r8s[l], static_cast<int8_t>(static_cast<int8_t>(b8[l]) >> (c % 8))) << c;
      ASSERT_EQ(r8u[l], b8[l] >> (c % 8)) << c;
    }
    auto b16 = lanesOf<uint16_t>(v);
    auto r16l = lanesOf<uint16_t>(I16x8Shl(v, c));
    auto r16s = lanesOf<int16_t>(I16x8ShrS(v, c));
    auto r16u = lanesOf<uint16_t>(I16x8ShrU(v, c));
    for (int l = 0; l < 8; ++l) {
      ASSERT_EQ(r16l[l], static_cast<uint16_t>(b16[l] << (c % 16))) << c;
      ASSERT_EQ(r16s[l], static_cast<int16_t>(static_cast<int16_t>(b16[l]) >> (c % 16))) << c;
      ASSERT_EQ(r16u[l], b16[l] >> (c % 16)) << c;
    }
    auto b32 = lanesOf<uint32_t>(v);
    auto r32l = lanesOf<uint32_t>(I32x4Shl(v, c));
    auto r32s = lanesOf<int32_t>(I32x4ShrS(v, c));
    auto r32u = lanesOf<uint32_t>(I32x4ShrU(v, c));
    for (int l = 0; l < 4; ++l) {
      ASSERT_EQ(r32l[l], b32[l] << (c % 32)) << c;
      ASSERT_EQ(r32s[l], static_cast<int32_t>(b32[l]) >> (c % 32)) << c;
      ASSERT_EQ(r32u[l], b32[l] >> (c % 32)) << c;
    }
    auto b64 = lanesOf<uint64_t>(v);
    auto r64l = lanesOf<uint64_t>(I64x2Shl(v, c));
    auto r64s = lanesOf<int64_t>(I64x2ShrS(v, c));
    auto r64u = lanesOf<uint64_t>(I64x2ShrU(v, c));
    for (int l = 0; l < 2; ++l) {
      ASSERT_EQ(r64l[l], b64[l] << (c % 64)) << c;
      ASSERT_EQ(r64s[l], static_cast<int64_t>(b64[l]) >> (c % 64)) << c;
      ASSERT_EQ(r64u[l], b64[l] >> (c % 64)) << c;
    }
  }
}

// ===========================================================================
// float lanes

std::vector<uint32_t> f32Specials() {
  return {0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000,
          0xFFC00000, 0x7FA00001, 0xFF800123, 0x7FC12345, 0x00000001, 0x80000001, 0x007FFFFF,
          0x00800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x3F000000, 0xBF000000, 0x3FC00000, 0x40200000,
          0xC0200000, 0x4B000001, 0x4AFFFFFF, 0x4EFFFFFF, 0x4F000000, 0xCF000000, 0x4F800000};
}
std::vector<uint64_t> f64Specials() {
  return {
      0x0000000000000000ull, 0x8000000000000000ull, 0x3FF0000000000000ull, 0x7FF0000000000000ull,
      0xFFF0000000000000ull, 0x7FF8000000000000ull, 0xFFF8000000000000ull, 0x7FF4000000000001ull,
      0xFFF0000000000123ull, 0x0000000000000001ull, 0x800FFFFFFFFFFFFFull, 0x7FEFFFFFFFFFFFFFull,
      0x3FE0000000000000ull, 0xBFF8000000000000ull, 0x4330000000000001ull, 0x41DFFFFFFFC00000ull,
      0x41E0000000000000ull, 0xC1E0000000200000ull, 0x41EFFFFFFFE00000ull, 0x41F0000000000000ull};
}

// The vector lane `got` agrees with the scalar result `want` on the same lane
// operands: bit for bit, except that a NaN result may carry the quieted payload
// of either NaN operand or be canonical (the spec's nans{...} set, as hardware
// produces it): with two NaN operands the compiler may commute an addition, and
// addps may then keep the other payload than addss.
template <class F>
::testing::AssertionResult sameLane(F got, F want, std::initializer_list<F> operands) {
  if (fp::bits(got) == fp::bits(want)) return ::testing::AssertionSuccess();
  if (fp::isNan(want)) {
    if (fp::isCanonicalNan(got)) return ::testing::AssertionSuccess();
    for (F x : operands)
      if (fp::isNan(x) && fp::bits(got) == fp::bits(fp::quiet(x)))
        return ::testing::AssertionSuccess();
  }
  char msg[64];
  std::snprintf(msg, sizeof msg, "got 0x%llx, want 0x%llx",
                static_cast<unsigned long long>(fp::bits(got)),
                static_cast<unsigned long long>(fp::bits(want)));
  return ::testing::AssertionFailure() << msg;
}

// Every lane of the vector op equals the scalar op on that lane.
TEST(SimdFloat, LanesMatchScalarOperators) {
  auto s = f32Specials();
  std::mt19937 rng(5);
  for (int n = 0; n < 400; ++n) {
    Lanes<uint32_t> a{}, b{};
    for (int l = 0; l < 4; ++l) {
      a[l] = n < 200 ? s[(n + l * 7) % s.size()] : static_cast<uint32_t>(rng());
      b[l] = n < 200 ? s[(n * 3 + l) % s.size()] : static_cast<uint32_t>(rng());
    }
    V128 va = std::bit_cast<V128>(a), vb = std::bit_cast<V128>(b);
    auto check1 = [&](V128 (*vop)(const V128&), float (*sop)(float), const char* what) {
      auto r = lanesOf<uint32_t>(vop(va));
      for (int l = 0; l < 4; ++l)
        ASSERT_TRUE(sameLane(f32(r[l]), sop(f32(a[l])), {f32(a[l])})) << what << std::hex << a[l];
    };
    auto check2 = [&](V128 (*vop)(const V128&, const V128&), float (*sop)(float, float),
                      const char* what) {
      auto r = lanesOf<uint32_t>(vop(va, vb));
      for (int l = 0; l < 4; ++l)
        ASSERT_TRUE(sameLane(f32(r[l]), sop(f32(a[l]), f32(b[l])), {f32(a[l]), f32(b[l])}))
            << what << std::hex << a[l] << " " << b[l];
    };
    auto cmp = [&](V128 (*vop)(const V128&, const V128&), uint32_t (*sop)(float, float)) {
      auto r = lanesOf<uint32_t>(vop(va, vb));
      for (int l = 0; l < 4; ++l) ASSERT_EQ(r[l], sop(f32(a[l]), f32(b[l])) ? 0xFFFFFFFFu : 0u);
    };
    check1(F32x4Abs, F32Abs, "abs");
    check1(F32x4Neg, F32Neg, "neg");
    check1(F32x4Sqrt, F32Sqrt, "sqrt");
    check1(F32x4Ceil, F32Ceil, "ceil");
    check1(F32x4Floor, F32Floor, "floor");
    check1(F32x4Trunc, F32Trunc, "trunc");
    check1(F32x4Nearest, F32Nearest, "nearest");
    check2(F32x4Add, F32Add, "add");
    check2(F32x4Sub, F32Sub, "sub");
    check2(F32x4Mul, F32Mul, "mul");
    check2(F32x4Div, F32Div, "div");
    check2(F32x4Min, F32Min, "min");
    check2(F32x4Max, F32Max, "max");
    cmp(F32x4Eq, F32Eq);
    cmp(F32x4Ne, F32Ne);
    cmp(F32x4Lt, F32Lt);
    cmp(F32x4Gt, F32Gt);
    cmp(F32x4Le, F32Le);
    cmp(F32x4Ge, F32Ge);
    auto t = lanesOf<uint32_t>(I32x4TruncSatF32x4S(va));
    auto tu = lanesOf<uint32_t>(I32x4TruncSatF32x4U(va));
    auto c = lanesOf<float>(F32x4ConvertI32x4S(va));
    auto cu = lanesOf<float>(F32x4ConvertI32x4U(va));
    for (int l = 0; l < 4; ++l) {
      ASSERT_EQ(t[l], I32TruncSatF32S(f32(a[l])));
      ASSERT_EQ(tu[l], I32TruncSatF32U(f32(a[l])));
      ASSERT_EQ(bits(c[l]), bits(F32ConvertI32S(a[l])));
      ASSERT_EQ(bits(cu[l]), bits(F32ConvertI32U(a[l])));
    }
  }
  auto d = f64Specials();
  std::mt19937_64 rng64(6);
  for (int n = 0; n < 400; ++n) {
    Lanes<uint64_t> a{}, b{};
    for (int l = 0; l < 2; ++l) {
      a[l] = n < 200 ? d[(n + l * 7) % d.size()] : rng64();
      b[l] = n < 200 ? d[(n * 3 + l) % d.size()] : rng64();
    }
    V128 va = std::bit_cast<V128>(a), vb = std::bit_cast<V128>(b);
    auto check1 = [&](V128 (*vop)(const V128&), double (*sop)(double)) {
      auto r = lanesOf<uint64_t>(vop(va));
      for (int l = 0; l < 2; ++l)
        ASSERT_TRUE(sameLane(f64(r[l]), sop(f64(a[l])), {f64(a[l])})) << std::hex << a[l];
    };
    auto check2 = [&](V128 (*vop)(const V128&, const V128&), double (*sop)(double, double)) {
      auto r = lanesOf<uint64_t>(vop(va, vb));
      for (int l = 0; l < 2; ++l)
        ASSERT_TRUE(sameLane(f64(r[l]), sop(f64(a[l]), f64(b[l])), {f64(a[l]), f64(b[l])}))
            << std::hex << a[l] << " " << b[l];
    };
    auto cmp = [&](V128 (*vop)(const V128&, const V128&), uint32_t (*sop)(double, double)) {
      auto r = lanesOf<uint64_t>(vop(va, vb));
      for (int l = 0; l < 2; ++l) ASSERT_EQ(r[l], sop(f64(a[l]), f64(b[l])) ? ~0ull : 0ull);
    };
    check1(F64x2Abs, F64Abs);
    check1(F64x2Neg, F64Neg);
    check1(F64x2Sqrt, F64Sqrt);
    check1(F64x2Ceil, F64Ceil);
    check1(F64x2Floor, F64Floor);
    check1(F64x2Trunc, F64Trunc);
    check1(F64x2Nearest, F64Nearest);
    check2(F64x2Add, F64Add);
    check2(F64x2Sub, F64Sub);
    check2(F64x2Mul, F64Mul);
    check2(F64x2Div, F64Div);
    check2(F64x2Min, F64Min);
    check2(F64x2Max, F64Max);
    cmp(F64x2Eq, F64Eq);
    cmp(F64x2Ne, F64Ne);
    cmp(F64x2Lt, F64Lt);
    cmp(F64x2Gt, F64Gt);
    cmp(F64x2Le, F64Le);
    cmp(F64x2Ge, F64Ge);
    auto t = lanesOf<uint32_t>(I32x4TruncSatF64x2SZero(va));
    auto tu = lanesOf<uint32_t>(I32x4TruncSatF64x2UZero(va));
    auto dm = lanesOf<uint32_t>(F32x4DemoteF64x2Zero(va));
    for (int l = 0; l < 2; ++l) {
      ASSERT_EQ(t[l], I32TruncSatF64S(f64(a[l])));
      ASSERT_EQ(tu[l], I32TruncSatF64U(f64(a[l])));
      ASSERT_EQ(dm[l], bits(F32DemoteF64(f64(a[l]))));
    }
    ASSERT_EQ(t[2] | t[3] | tu[2] | tu[3] | dm[2] | dm[3], 0u);  // the "zero" lanes
  }
}

TEST(SimdFloat, PminPmaxAreTheCExpressions) {
  // pmin(a, b) = b < a ? b : a; pmax(a, b) = a < b ? b : a: with a NaN or
  // equal operands (including +-0) the first operand comes back unchanged.
  V128 a = make<uint32_t>({0x7FA00001, 0x3F800000, 0x00000000, 0x80000000});
  V128 b = make<uint32_t>({0x3F800000, 0xFFC00001, 0x80000000, 0x00000000});
  EXPECT_EQ(F32x4Pmin(a, b), a);
  EXPECT_EQ(F32x4Pmax(a, b), a);
  EXPECT_EQ(F32x4Pmin(make<float>({1, 2, -3, 4}), make<float>({2, 1, -4, 4})),
            make<float>({1, 1, -4, 4}));
  EXPECT_EQ(F32x4Pmax(make<float>({1, 2, -3, 4}), make<float>({2, 1, -4, 4})),
            make<float>({2, 2, -3, 4}));
  V128 da = make<uint64_t>({0xFFF4000000000001ull, 0x0000000000000000ull});
  V128 db = make<uint64_t>({0x3FF0000000000000ull, 0x8000000000000000ull});
  EXPECT_EQ(F64x2Pmin(da, db), da);
  EXPECT_EQ(F64x2Pmax(da, db), da);
  EXPECT_EQ(F64x2Pmin(db, da), db);  // NaN second: the first (1.0) is kept too
}

TEST(SimdFloat, MinMaxNaNAndZeroLanes) {
  V128 a = make<uint32_t>({0x00000000, 0x80000000, 0x7FC00000, 0x3F800000});
  V128 b = make<uint32_t>({0x80000000, 0x00000000, 0x3F800000, 0xFFA00000});
  auto mn = lanesOf<uint32_t>(F32x4Min(a, b));
  auto mx = lanesOf<uint32_t>(F32x4Max(a, b));
  EXPECT_EQ(mn[0], 0x80000000u);
  EXPECT_EQ(mn[1], 0x80000000u);
  EXPECT_EQ(mx[0], 0u);
  EXPECT_EQ(mx[1], 0u);
  EXPECT_TRUE(fp::isCanonicalNan(f32(mn[2])));
  EXPECT_TRUE(fp::isArithmeticNan(f32(mn[3])));
  EXPECT_TRUE(fp::isCanonicalNan(f32(mx[2])));
  EXPECT_TRUE(fp::isArithmeticNan(f32(mx[3])));
}

TEST(SimdFloat, Conversions) {
  EXPECT_EQ(
      I32x4TruncSatF32x4S(make<float>({2147483648.0f, -2147483904.0f, f32(0x7FC00000), -1.5f})),
      make<uint32_t>({0x7FFFFFFF, 0x80000000, 0, 0xFFFFFFFF}));
  EXPECT_EQ(
      I32x4TruncSatF32x4U(make<float>({4294967296.0f, -1.0f, f32(0xFFC00000), 4294967040.0f})),
      make<uint32_t>({0xFFFFFFFF, 0, 0, 4294967040u}));
  EXPECT_EQ(I32x4TruncSatF64x2SZero(make<double>({-2147483648.9, 2147483647.9})),
            make<uint32_t>({0x80000000, 0x7FFFFFFF, 0, 0}));
  EXPECT_EQ(I32x4TruncSatF64x2SZero(make<double>({-2147483649.0, f64(0x7FF8000000000000ull)})),
            make<uint32_t>({0x80000000, 0, 0, 0}));
  EXPECT_EQ(I32x4TruncSatF64x2UZero(make<double>({4294967295.9, 4294967296.0})),
            make<uint32_t>({0xFFFFFFFF, 0xFFFFFFFF, 0, 0}));
  EXPECT_EQ(F32x4ConvertI32x4U(make<uint32_t>({0xFFFFFFFF, 0xFFFFFF7F, 16777217, 0x80000000})),
            make<float>({4294967296.0f, 4294967040.0f, 16777216.0f, 2147483648.0f}));
  EXPECT_EQ(F32x4ConvertI32x4S(make<uint32_t>({0x80000000, 0xFFFFFFFF, 16777219, 0x7FFFFFFF})),
            make<float>({-2147483648.0f, -1.0f, 16777220.0f, 2147483648.0f}));
  EXPECT_EQ(F64x2ConvertLowI32x4S(make<uint32_t>({0x80000000, 0xFFFFFFFF, 7, 8})),
            make<double>({-2147483648.0, -1.0}));
  EXPECT_EQ(F64x2ConvertLowI32x4U(make<uint32_t>({0x80000000, 0xFFFFFFFF, 7, 8})),
            make<double>({2147483648.0, 4294967295.0}));
  EXPECT_EQ(F64x2PromoteLowF32x4(make<uint32_t>({0x7FA00001, 0x00000001, 0x3F800000, 0x3F800000})),
            make<uint64_t>({0x7FFC000020000000ull, 0x36A0000000000000ull}));
  EXPECT_EQ(F32x4DemoteF64x2Zero(make<double>({1e300, 0x1p-150})),
            make<uint32_t>({0x7F800000, 0, 0, 0}));
}

// ===========================================================================
// relaxed SIMD: the documented choices, and the `either` sets of the spec tests

TEST(SimdRelaxed, SwizzleIsPshufb) {
  V128 a;
  for (int i = 0; i < 16; ++i) a.bytes[i] = static_cast<uint8_t>(0xA0 + i);
  for (int k = 0; k < 256; ++k) {
    uint32_t want = (k & 0x80) ? 0 : 0xA0u + (k & 15);
    EXPECT_EQ(I8x16RelaxedSwizzle(a, I8x16Splat(static_cast<uint32_t>(k))), I8x16Splat(want)) << k;
  }
  // Indices < 16 agree with i8x16.swizzle.
  V128 idx = bytesOf({15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
  EXPECT_EQ(I8x16RelaxedSwizzle(a, idx), I8x16Swizzle(a, idx));
}

TEST(SimdRelaxed, TruncSignedIsCvttps2dqUnsignedSaturates) {
  // i32x4_relaxed_trunc.wast: out of range -> saturate or INT_MIN; NaN -> 0 or INT_MIN.
  EXPECT_EQ(
      I32x4RelaxedTruncF32x4S(make<float>({-2147483648.0f, -2147483904.0f, 2.0f, 2147483904.0f})),
      make<uint32_t>({0x80000000, 0x80000000, 2, 0x80000000}));
  EXPECT_EQ(
      I32x4RelaxedTruncF32x4S(make<uint32_t>({0x7FC00000, 0xFFC00000, 0x7FC44444, 0xFFC44444})),
      I32x4Splat(0x80000000));
  EXPECT_EQ(I32x4RelaxedTruncF32x4S(make<float>({-2.9f, 2147483520.0f, -0.5f, kInfF()})),
            make<uint32_t>({0xFFFFFFFE, 2147483520u, 0, 0x80000000}));
  // Unsigned: out of range -> saturate or UINT_MAX; NaN -> 0 or UINT_MAX. We saturate.
  EXPECT_EQ(I32x4RelaxedTruncF32x4U(make<float>({0.0f, -1.0f, 4294967040.0f, 4294967296.0f})),
            make<uint32_t>({0, 0, 4294967040u, 0xFFFFFFFF}));
  EXPECT_EQ(
      I32x4RelaxedTruncF32x4U(make<uint32_t>({0x7FC00000, 0xFFC00000, 0x7FC44444, 0xFFC44444})),
      I32x4Splat(0));
  EXPECT_EQ(I32x4RelaxedTruncF64x2SZero(make<double>({-2147483904.0, 2147483904.0})),
            make<uint32_t>({0x80000000, 0x80000000, 0, 0}));
  EXPECT_EQ(I32x4RelaxedTruncF64x2SZero(make<double>({-2147483648.9, 2147483647.9})),
            make<uint32_t>({0x80000000, 0x7FFFFFFF, 0, 0}));
  EXPECT_EQ(
      I32x4RelaxedTruncF64x2SZero(make<uint64_t>({0x7FF8000000000000ull, 0xFFF4000000000000ull})),
      make<uint32_t>({0x80000000, 0x80000000, 0, 0}));
  EXPECT_EQ(I32x4RelaxedTruncF64x2UZero(make<double>({-1.0, 4294967296.0})),
            make<uint32_t>({0, 0xFFFFFFFF, 0, 0}));
  EXPECT_EQ(
      I32x4RelaxedTruncF64x2UZero(make<uint64_t>({0x7FF8000000000000ull, 0xFFF8000000000000ull})),
      I32x4Splat(0));
}

TEST(SimdRelaxed, MaddIsUnfused) {
  // relaxed_madd_nmadd.wast: fused gives 0x1p-37 / inf, unfused 0 / FLT_MAX.
  V128 a = F32x4Splat(0x1.000004p+0f), b = F32x4Splat(0x1.0002p+0f),
       c = F32x4Splat(-0x1.000204p+0f);
  EXPECT_EQ(F32x4RelaxedMadd(a, b, c), F32x4Splat(0.0f));
  EXPECT_EQ(F32x4RelaxedNmadd(F32x4Neg(a), b, c), F32x4Splat(0.0f));
  EXPECT_EQ(F32x4RelaxedNmadd(a, F32x4Neg(b), c), F32x4Splat(0.0f));
  const float fmax = std::numeric_limits<float>::max();
  EXPECT_EQ(F32x4RelaxedMadd(F32x4Splat(fmax), F32x4Splat(2.0f), F32x4Splat(-fmax)),
            F32x4Splat(std::numeric_limits<float>::infinity()));
  V128 da = F64x2Splat(0x1.00000004p+0), db = F64x2Splat(0x1.000002p+0),
       dc = F64x2Splat(-0x1.00000204p+0);
  EXPECT_EQ(F64x2RelaxedMadd(da, db, dc), F64x2Splat(0.0));
  EXPECT_EQ(F64x2RelaxedNmadd(F64x2Neg(da), db, dc), F64x2Splat(0.0));
  const double dmax = std::numeric_limits<double>::max();
  EXPECT_EQ(F64x2RelaxedMadd(F64x2Splat(dmax), F64x2Splat(2.0), F64x2Splat(-dmax)),
            F64x2Splat(std::numeric_limits<double>::infinity()));
  // Exact cases and lanes: a * b + c and -(a * b) + c.
  EXPECT_EQ(F32x4RelaxedMadd(make<float>({1, 2, 3, 4}), make<float>({5, 6, 7, 8}),
                             make<float>({0.5f, -12, 1, -0.0f})),
            make<float>({5.5f, 0, 22, 32}));
  EXPECT_EQ(F32x4RelaxedNmadd(make<float>({1, 2, 3, 4}), make<float>({5, 6, 7, 8}),
                              make<float>({0.5f, 12, 1, 0})),
            make<float>({-4.5f, 0, -20, -32}));
  EXPECT_TRUE(fp::isCanonicalNan(
      F32x4RelaxedMadd(F32x4Splat(0.0f), F32x4Splat(kInfF()), F32x4Splat(1.0f)).lane<float>(0)));
}

TEST(SimdRelaxed, LaneselectIsBitselect) {
  V128 a = make<uint16_t>({0, 1, 0x1234, 0x1234, 4, 5, 6, 7});
  V128 b = make<uint16_t>({8, 9, 0x5678, 0x5678, 12, 13, 14, 15});
  V128 m = make<uint16_t>({0xFFFF, 0, 0xFF00, 0x0080, 0, 0, 0, 0});
  V128 want = make<uint16_t>({0, 9, 0x1278, 0x5678, 12, 13, 14, 15});  // the "bitselect" result
  EXPECT_EQ(I16x8RelaxedLaneselect(a, b, m), want);
  for (auto fn : {I8x16RelaxedLaneselect, I16x8RelaxedLaneselect, I32x4RelaxedLaneselect,
                  I64x2RelaxedLaneselect}) {
    EXPECT_EQ(fn(a, b, m), V128Bitselect(a, b, m));
  }
  V128 a64 = I64x2Splat(0x1234123412341234ull), b64 = I64x2Splat(0x5678567856785678ull);
  EXPECT_EQ(I64x2RelaxedLaneselect(a64, b64,
                                   make<uint64_t>({0xFFFFFFFF00000000ull, 0x00000000FFFFFFFFull})),
            make<uint64_t>({0x1234123456785678ull, 0x5678567812341234ull}));
}

TEST(SimdRelaxed, MinMaxAreMinpsMaxps) {
  // The second operand comes back when either lane is NaN or both are zeros.
  V128 a = make<uint32_t>({0xFFC00000, 0x7FC00000, 0x00000000, 0x00000000});
  V128 b = make<uint32_t>({0x00000000, 0x00000000, 0xFFC00000, 0x7FA00001});
  EXPECT_EQ(F32x4RelaxedMin(a, b), b);
  EXPECT_EQ(F32x4RelaxedMax(a, b), b);
  V128 z1 = make<float>({0.0f, -0.0f, 0.0f, -0.0f}), z2 = make<float>({-0.0f, 0.0f, 0.0f, -0.0f});
  EXPECT_EQ(F32x4RelaxedMin(z1, z2), z2);
  EXPECT_EQ(F32x4RelaxedMax(z1, z2), z2);
  EXPECT_EQ(F32x4RelaxedMin(make<float>({1, -2, 3, -kInfF()}), make<float>({2, -1, 3, 0})),
            make<float>({1, -2, 3, -kInfF()}));
  EXPECT_EQ(F32x4RelaxedMax(make<float>({1, -2, 3, -kInfF()}), make<float>({2, -1, 3, 0})),
            make<float>({2, -1, 3, 0}));
  V128 da = make<uint64_t>({0xFFF8000000000000ull, 0x0000000000000000ull});
  V128 db = make<uint64_t>({0x0000000000000000ull, 0x7FF4000000000000ull});
  EXPECT_EQ(F64x2RelaxedMin(da, db), db);
  EXPECT_EQ(F64x2RelaxedMax(da, db), db);
  EXPECT_EQ(F64x2RelaxedMin(make<double>({0.0, -0.0}), make<double>({-0.0, 0.0})),
            make<double>({-0.0, 0.0}));
  EXPECT_EQ(F64x2RelaxedMax(make<double>({-5.0, 7.0}), make<double>({3.0, -7.0})),
            make<double>({3.0, 7.0}));
}

TEST(SimdRelaxed, Q15mulrWrapsLikePmulhrsw) {
  EXPECT_EQ(I16x8RelaxedQ15mulrS(make<uint16_t>({0x8000, 0x8001, 0x7FFF, 0, 0, 0, 0, 0}),
                                 make<uint16_t>({0x8000, 0x8000, 0x7FFF, 0, 0, 0, 0, 0})),
            make<uint16_t>({0x8000, 0x7FFF, 0x7FFE, 0, 0, 0, 0, 0}));
  // Everywhere else it is q15mulr_sat_s.
  checkBinary<int16_t>("relaxed_q15mulr", I16x8RelaxedQ15mulrS, [](int16_t x, int16_t y) {
    return (x == -32768 && y == -32768) ? int16_t{-32768}
                                        : sat<int16_t>((int64_t{x} * y + 0x4000) >> 15);
  });
}

TEST(SimdRelaxed, DotTreatsBothOperandsAsSigned) {
  V128 idx = bytesOf({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  EXPECT_EQ(I16x8RelaxedDotI8x16I7x16S(idx, idx),
            make<uint16_t>({1, 13, 41, 85, 145, 221, 313, 421}));
  EXPECT_EQ(I16x8RelaxedDotI8x16I7x16S(
                bytesOf({-128, -128, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
                bytesOf({127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})),
            make<int16_t>({-32512, 32258, 0, 0, 0, 0, 0, 0}));
  // Second operand outside 7 bits: read as signed (the spec allows 32512 here).
  EXPECT_EQ(
      I16x8RelaxedDotI8x16I7x16S(bytesOf({-128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
                                 bytesOf({-127, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})),
      make<int16_t>({32512, 0, 0, 0, 0, 0, 0, 0}));
  // (-128 * -128) * 2 = 32768 saturates.
  EXPECT_EQ(I16x8RelaxedDotI8x16I7x16S(I8x16Splat(0x80), I8x16Splat(0x80)), I16x8Splat(0x7FFF));
  EXPECT_EQ(I32x4RelaxedDotI8x16I7x16AddS(idx, idx, make<uint32_t>({0, 1, 2, 3})),
            make<uint32_t>({14, 127, 368, 737}));
  EXPECT_EQ(I32x4RelaxedDotI8x16I7x16AddS(
                bytesOf({-128, -128, -128, -128, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0}),
                bytesOf({127, 127, 127, 127, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0}),
                make<uint32_t>({1, 2, 3, 4})),
            make<int32_t>({-65023, 64518, 3, 4}));
  EXPECT_EQ(I32x4RelaxedDotI8x16I7x16AddS(
                bytesOf({-128, -128, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
                bytesOf({-127, -127, -127, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
                make<uint32_t>({1, 2, 3, 4})),
            make<int32_t>({65025, 2, 3, 4}));
  // The accumulator wraps.
  EXPECT_EQ(I32x4RelaxedDotI8x16I7x16AddS(I8x16Splat(1), I8x16Splat(1), I32x4Splat(0x7FFFFFFF)),
            I32x4Splat(0x80000003));
  EXPECT_EQ(I32x4RelaxedDotI8x16I7x16AddS(I8x16Splat(0x80), I8x16Splat(0x80), V128{}),
            I32x4Splat(2 * 32767));
}

}  // namespace
}  // namespace witt::num
