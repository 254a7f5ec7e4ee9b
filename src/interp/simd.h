// The numeric semantics of every pure 128-bit SIMD operator (prefix 0xFD),
// including relaxed SIMD, one function per opcode named exactly as its Ident in
// src/spec/opcodes.def. The interpreter calls witt::num::Ident(...).
//
// Spec: https://webassembly.github.io/spec/core/exec/instructions.html#vector-instructions
// and the lane-wise numerics of https://webassembly.github.io/spec/core/exec/numerics.html
//
// Conventions (in addition to those of numerics.h):
//   - v128 operands are `const V128&`, v128 results are returned by value.
//   - extract_lane / replace_lane take the lane immediate as a trailing
//     `uint8_t lane`; i8x16.shuffle takes its 16 lane immediates as a third
//     V128. Immediates out of range are rejected by validation; they are masked
//     here anyway so that a bad call can never read outside the vector.
//   - shifts take the count as uint32_t, taken modulo the lane width.
//   - float lanes follow exactly the scalar operators of numerics.h (same NaN
//     rules), so each float lane op is the scalar function mapped over lanes.
//
// Implementation: lanes are handled as std::array<T, N> obtained by
// std::bit_cast, so everything is constexpr and the simple loops are turned
// into SSE2/NEON code by g++ -O2 / clang -O2 (GCC 12 vectorises fixed-count
// loops at -O2).
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "interp/float_bits.h"
#include "interp/numerics.h"
#include "witt/value.h"

namespace witt::num {

namespace simd {

template <class T>
using Lanes = std::array<T, 16 / sizeof(T)>;

template <class T>
constexpr Lanes<T> get(const V128& v) {
  return std::bit_cast<Lanes<T>>(v);
}
template <class T>
constexpr V128 put(const Lanes<T>& l) {
  return std::bit_cast<V128>(l);
}

// The unsigned integer of a lane's width, for masks.
template <size_t Bytes>
struct UIntOf;
template <>
struct UIntOf<1> {
  using type = uint8_t;
};
template <>
struct UIntOf<2> {
  using type = uint16_t;
};
template <>
struct UIntOf<4> {
  using type = uint32_t;
};
template <>
struct UIntOf<8> {
  using type = uint64_t;
};
template <class T>
using Mask = typename UIntOf<sizeof(T)>::type;

template <class T, class Fn>
constexpr V128 unary(const V128& a, Fn f) {
  Lanes<T> x = get<T>(a), r{};
  for (size_t i = 0; i < x.size(); ++i) r[i] = static_cast<T>(f(x[i]));
  return put<T>(r);
}

template <class T, class Fn>
constexpr V128 binary(const V128& a, const V128& b, Fn f) {
  Lanes<T> x = get<T>(a), y = get<T>(b), r{};
  for (size_t i = 0; i < x.size(); ++i) r[i] = static_cast<T>(f(x[i], y[i]));
  return put<T>(r);
}

// Lane-wise predicate: all ones where it holds, zeros elsewhere.
template <class T, class Fn>
constexpr V128 compare(const V128& a, const V128& b, Fn f) {
  Lanes<T> x = get<T>(a), y = get<T>(b);
  Lanes<Mask<T>> r{};
  for (size_t i = 0; i < x.size(); ++i)
    r[i] = f(x[i], y[i]) ? static_cast<Mask<T>>(~Mask<T>{0}) : 0;
  return put<Mask<T>>(r);
}

// The comparison predicates, over signed, unsigned or float lanes.
template <class T>
constexpr V128 eq(const V128& a, const V128& b) {
  return compare<T>(a, b, [](T x, T y) { return x == y; });
}
template <class T>
constexpr V128 ne(const V128& a, const V128& b) {
  return compare<T>(a, b, [](T x, T y) { return x != y; });
}
template <class T>
constexpr V128 lt(const V128& a, const V128& b) {
  return compare<T>(a, b, [](T x, T y) { return x < y; });
}
template <class T>
constexpr V128 gt(const V128& a, const V128& b) {
  return compare<T>(a, b, [](T x, T y) { return x > y; });
}
template <class T>
constexpr V128 le(const V128& a, const V128& b) {
  return compare<T>(a, b, [](T x, T y) { return x <= y; });
}
template <class T>
constexpr V128 ge(const V128& a, const V128& b) {
  return compare<T>(a, b, [](T x, T y) { return x >= y; });
}

// pmin/pmax (spec: fpmin, fpmax) are the C expressions b < a ? b : a and
// a < b ? b : a: with a NaN or equal operands (+0/-0) the first operand is
// returned unchanged. No NaN rules apply.
template <class F>
constexpr V128 pmin(const V128& a, const V128& b) {
  return binary<F>(a, b, [](F x, F y) { return y < x ? y : x; });
}
template <class F>
constexpr V128 pmax(const V128& a, const V128& b) {
  return binary<F>(a, b, [](F x, F y) { return x < y ? y : x; });
}

template <class T>
constexpr T saturate(int64_t v) {
  if (v < static_cast<int64_t>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (v > static_cast<int64_t>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(v);
}

// Two's complement wrap of a wider intermediate back into the lane type.
template <class T>
constexpr T wrap(int64_t v) {
  return static_cast<T>(static_cast<Mask<T>>(static_cast<uint64_t>(v)));
}

template <class T>
constexpr V128 splat(T x) {
  Lanes<T> r{};
  for (auto& l : r) l = x;
  return put<T>(r);
}

// all_true: every lane nonzero. bitmask: the top bit of every lane, lane i -> bit i.
template <class T>
constexpr uint32_t allTrue(const V128& a) {
  for (T x : get<T>(a))
    if (x == 0) return 0;
  return 1;
}
template <class T>
constexpr uint32_t bitmask(const V128& a) {
  using S = std::make_signed_t<T>;
  Lanes<S> x = get<S>(a);
  uint32_t m = 0;
  for (size_t i = 0; i < x.size(); ++i)
    if (x[i] < 0) m |= 1u << i;
  return m;
}

// Shifts: the count is taken modulo the lane width (spec: ishl, ishr_s, ishr_u).
template <class T>
constexpr V128 shl(const V128& a, uint32_t n) {
  using U = Mask<T>;
  unsigned s = n & (sizeof(T) * 8 - 1);
  return unary<U>(a, [s](U x) { return static_cast<U>(x << s); });
}
template <class T>
constexpr V128 shrS(const V128& a, uint32_t n) {
  using S = std::make_signed_t<T>;
  unsigned s = n & (sizeof(T) * 8 - 1);
  return unary<S>(a, [s](S x) { return static_cast<S>(x >> s); });
}
template <class T>
constexpr V128 shrU(const V128& a, uint32_t n) {
  using U = Mask<T>;
  unsigned s = n & (sizeof(T) * 8 - 1);
  return unary<U>(a, [s](U x) { return static_cast<U>(x >> s); });
}

// Widening: lanes [half*N/2, half*N/2 + N/2) of the narrow type, extended.
template <class Wide, class Narrow>
constexpr V128 extend(const V128& a, int half) {
  Lanes<Narrow> x = get<Narrow>(a);
  Lanes<Wide> r{};
  size_t base = half ? r.size() : 0;
  for (size_t i = 0; i < r.size(); ++i) r[i] = static_cast<Wide>(x[base + i]);
  return put<Wide>(r);
}

// extmul: widening product of the low or high halves (cannot overflow Wide for
// the unsigned forms; for the signed forms the only overflow candidate,
// min * min, fits as well since 2^(2N-2) < 2^(2N-1)).
template <class Wide, class Narrow>
constexpr V128 extmul(const V128& a, const V128& b, int half) {
  Lanes<Narrow> x = get<Narrow>(a), y = get<Narrow>(b);
  Lanes<Wide> r{};
  size_t base = half ? r.size() : 0;
  for (size_t i = 0; i < r.size(); ++i)
    r[i] = static_cast<Wide>(static_cast<int64_t>(x[base + i]) * static_cast<int64_t>(y[base + i]));
  return put<Wide>(r);
}

template <class Wide, class Narrow>
constexpr V128 extaddPairwise(const V128& a) {
  Lanes<Narrow> x = get<Narrow>(a);
  Lanes<Wide> r{};
  for (size_t i = 0; i < r.size(); ++i)
    r[i] = static_cast<Wide>(static_cast<Wide>(x[2 * i]) + static_cast<Wide>(x[2 * i + 1]));
  return put<Wide>(r);
}

// narrow: signed wide lanes of a then b, saturated into Narrow (spec: narrow_s/u
// both read the source as signed).
template <class Narrow, class WideSigned>
constexpr V128 narrow(const V128& a, const V128& b) {
  Lanes<WideSigned> x = get<WideSigned>(a), y = get<WideSigned>(b);
  Lanes<Narrow> r{};
  for (size_t i = 0; i < x.size(); ++i) {
    r[i] = saturate<Narrow>(x[i]);
    r[x.size() + i] = saturate<Narrow>(y[i]);
  }
  return put<Narrow>(r);
}

template <class T>
constexpr V128 addSat(const V128& a, const V128& b) {
  return binary<T>(a, b, [](T x, T y) { return saturate<T>(int64_t{x} + int64_t{y}); });
}
template <class T>
constexpr V128 subSat(const V128& a, const V128& b) {
  return binary<T>(a, b, [](T x, T y) { return saturate<T>(int64_t{x} - int64_t{y}); });
}
template <class T>
constexpr V128 min(const V128& a, const V128& b) {
  return binary<T>(a, b, [](T x, T y) { return x < y ? x : y; });
}
template <class T>
constexpr V128 max(const V128& a, const V128& b) {
  return binary<T>(a, b, [](T x, T y) { return x > y ? x : y; });
}
// avgr_u: (a + b + 1) / 2 without overflow.
template <class T>
constexpr V128 avgr(const V128& a, const V128& b) {
  return binary<T>(a, b,
                   [](T x, T y) { return static_cast<T>((uint32_t{x} + uint32_t{y} + 1) >> 1); });
}
// iabs wraps: abs(min) = min.
template <class T>
constexpr V128 abs(const V128& a) {
  using U = Mask<T>;
  return unary<T>(a, [](T x) { return x < 0 ? static_cast<T>(U{0} - static_cast<U>(x)) : x; });
}
template <class T>
constexpr V128 neg(const V128& a) {
  using U = Mask<T>;
  return unary<U>(a, [](U x) { return static_cast<U>(U{0} - x); });
}

// Float -> i32 lane conversions for the relaxed forms that mimic cvttps2dq /
// cvttpd2dq: NaN or out of range -> INT32_MIN.
template <class F>
constexpr uint32_t truncOrIndefinite(F x) {
  if (fp::isNan(x) || !detail::truncInRange<int32_t>(x)) return 0x80000000u;
  return static_cast<uint32_t>(static_cast<int32_t>(x));
}

}  // namespace simd

// ---------------------------------------------------------------------------
// Shuffle, swizzle, splat, lanes (spec: vec shuffle, swizzle, splat, extract_lane, replace_lane)
// Shuffle and swizzle index a 32-byte table instead of branching on the index:
// the indices are data, so a branch per lane would mispredict.
inline V128 I8x16Shuffle(const V128& a, const V128& b, const V128& lanes) {
  uint8_t both[32];
  std::memcpy(both, a.bytes, 16);
  std::memcpy(both + 16, b.bytes, 16);
  V128 r;
  for (int i = 0; i < 16; ++i) r.bytes[i] = both[lanes.bytes[i] & 31];
  return r;
}

// Index >= 16 selects 0 (table entries 16..31 are zero).
inline V128 I8x16Swizzle(const V128& a, const V128& s) {
  uint8_t table[32] = {};
  std::memcpy(table, a.bytes, 16);
  V128 r;
  for (int i = 0; i < 16; ++i) {
    unsigned k = s.bytes[i];
    r.bytes[i] = table[k < 16 ? k : 16];
  }
  return r;
}

constexpr V128 I8x16Splat(uint32_t x) { return simd::splat<uint8_t>(static_cast<uint8_t>(x)); }
constexpr V128 I16x8Splat(uint32_t x) { return simd::splat<uint16_t>(static_cast<uint16_t>(x)); }
constexpr V128 I32x4Splat(uint32_t x) { return simd::splat<uint32_t>(x); }
constexpr V128 I64x2Splat(uint64_t x) { return simd::splat<uint64_t>(x); }
constexpr V128 F32x4Splat(float x) { return simd::splat<uint32_t>(fp::bits(x)); }
constexpr V128 F64x2Splat(double x) { return simd::splat<uint64_t>(fp::bits(x)); }

// Lanes are read and written as raw bits, so NaN payloads are preserved.
inline uint32_t I8x16ExtractLaneS(const V128& v, uint8_t lane) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(v.bytes[lane & 15])));
}
inline uint32_t I8x16ExtractLaneU(const V128& v, uint8_t lane) { return v.bytes[lane & 15]; }
inline V128 I8x16ReplaceLane(const V128& v, uint32_t x, uint8_t lane) {
  V128 r = v;
  r.bytes[lane & 15] = static_cast<uint8_t>(x);
  return r;
}
inline uint32_t I16x8ExtractLaneS(const V128& v, uint8_t lane) {
  return static_cast<uint32_t>(static_cast<int32_t>(v.lane<int16_t>(lane & 7)));
}
inline uint32_t I16x8ExtractLaneU(const V128& v, uint8_t lane) {
  return v.lane<uint16_t>(lane & 7);
}
inline V128 I16x8ReplaceLane(const V128& v, uint32_t x, uint8_t lane) {
  V128 r = v;
  r.setLane<uint16_t>(lane & 7, static_cast<uint16_t>(x));
  return r;
}
inline uint32_t I32x4ExtractLane(const V128& v, uint8_t lane) { return v.lane<uint32_t>(lane & 3); }
inline V128 I32x4ReplaceLane(const V128& v, uint32_t x, uint8_t lane) {
  V128 r = v;
  r.setLane<uint32_t>(lane & 3, x);
  return r;
}
inline uint64_t I64x2ExtractLane(const V128& v, uint8_t lane) { return v.lane<uint64_t>(lane & 1); }
inline V128 I64x2ReplaceLane(const V128& v, uint64_t x, uint8_t lane) {
  V128 r = v;
  r.setLane<uint64_t>(lane & 1, x);
  return r;
}
inline float F32x4ExtractLane(const V128& v, uint8_t lane) { return v.lane<float>(lane & 3); }
inline V128 F32x4ReplaceLane(const V128& v, float x, uint8_t lane) {
  V128 r = v;
  r.setLane<float>(lane & 3, x);
  return r;
}
inline double F64x2ExtractLane(const V128& v, uint8_t lane) { return v.lane<double>(lane & 1); }
inline V128 F64x2ReplaceLane(const V128& v, double x, uint8_t lane) {
  V128 r = v;
  r.setLane<double>(lane & 1, x);
  return r;
}

// ---------------------------------------------------------------------------
// Integer comparisons (spec: vrelop; i64x2 has no unsigned ones)
constexpr V128 I8x16Eq(const V128& a, const V128& b) { return simd::eq<uint8_t>(a, b); }
constexpr V128 I8x16Ne(const V128& a, const V128& b) { return simd::ne<uint8_t>(a, b); }
constexpr V128 I8x16LtS(const V128& a, const V128& b) { return simd::lt<int8_t>(a, b); }
constexpr V128 I8x16LtU(const V128& a, const V128& b) { return simd::lt<uint8_t>(a, b); }
constexpr V128 I8x16GtS(const V128& a, const V128& b) { return simd::gt<int8_t>(a, b); }
constexpr V128 I8x16GtU(const V128& a, const V128& b) { return simd::gt<uint8_t>(a, b); }
constexpr V128 I8x16LeS(const V128& a, const V128& b) { return simd::le<int8_t>(a, b); }
constexpr V128 I8x16LeU(const V128& a, const V128& b) { return simd::le<uint8_t>(a, b); }
constexpr V128 I8x16GeS(const V128& a, const V128& b) { return simd::ge<int8_t>(a, b); }
constexpr V128 I8x16GeU(const V128& a, const V128& b) { return simd::ge<uint8_t>(a, b); }
constexpr V128 I16x8Eq(const V128& a, const V128& b) { return simd::eq<uint16_t>(a, b); }
constexpr V128 I16x8Ne(const V128& a, const V128& b) { return simd::ne<uint16_t>(a, b); }
constexpr V128 I16x8LtS(const V128& a, const V128& b) { return simd::lt<int16_t>(a, b); }
constexpr V128 I16x8LtU(const V128& a, const V128& b) { return simd::lt<uint16_t>(a, b); }
constexpr V128 I16x8GtS(const V128& a, const V128& b) { return simd::gt<int16_t>(a, b); }
constexpr V128 I16x8GtU(const V128& a, const V128& b) { return simd::gt<uint16_t>(a, b); }
constexpr V128 I16x8LeS(const V128& a, const V128& b) { return simd::le<int16_t>(a, b); }
constexpr V128 I16x8LeU(const V128& a, const V128& b) { return simd::le<uint16_t>(a, b); }
constexpr V128 I16x8GeS(const V128& a, const V128& b) { return simd::ge<int16_t>(a, b); }
constexpr V128 I16x8GeU(const V128& a, const V128& b) { return simd::ge<uint16_t>(a, b); }
constexpr V128 I32x4Eq(const V128& a, const V128& b) { return simd::eq<uint32_t>(a, b); }
constexpr V128 I32x4Ne(const V128& a, const V128& b) { return simd::ne<uint32_t>(a, b); }
constexpr V128 I32x4LtS(const V128& a, const V128& b) { return simd::lt<int32_t>(a, b); }
constexpr V128 I32x4LtU(const V128& a, const V128& b) { return simd::lt<uint32_t>(a, b); }
constexpr V128 I32x4GtS(const V128& a, const V128& b) { return simd::gt<int32_t>(a, b); }
constexpr V128 I32x4GtU(const V128& a, const V128& b) { return simd::gt<uint32_t>(a, b); }
constexpr V128 I32x4LeS(const V128& a, const V128& b) { return simd::le<int32_t>(a, b); }
constexpr V128 I32x4LeU(const V128& a, const V128& b) { return simd::le<uint32_t>(a, b); }
constexpr V128 I32x4GeS(const V128& a, const V128& b) { return simd::ge<int32_t>(a, b); }
constexpr V128 I32x4GeU(const V128& a, const V128& b) { return simd::ge<uint32_t>(a, b); }
constexpr V128 I64x2Eq(const V128& a, const V128& b) { return simd::eq<uint64_t>(a, b); }
constexpr V128 I64x2Ne(const V128& a, const V128& b) { return simd::ne<uint64_t>(a, b); }
constexpr V128 I64x2LtS(const V128& a, const V128& b) { return simd::lt<int64_t>(a, b); }
constexpr V128 I64x2GtS(const V128& a, const V128& b) { return simd::gt<int64_t>(a, b); }
constexpr V128 I64x2LeS(const V128& a, const V128& b) { return simd::le<int64_t>(a, b); }
constexpr V128 I64x2GeS(const V128& a, const V128& b) { return simd::ge<int64_t>(a, b); }

// Float comparisons: IEEE predicates per lane (NaN: false, except ne: true).
constexpr V128 F32x4Eq(const V128& a, const V128& b) { return simd::eq<float>(a, b); }
constexpr V128 F32x4Ne(const V128& a, const V128& b) { return simd::ne<float>(a, b); }
constexpr V128 F32x4Lt(const V128& a, const V128& b) { return simd::lt<float>(a, b); }
constexpr V128 F32x4Gt(const V128& a, const V128& b) { return simd::gt<float>(a, b); }
constexpr V128 F32x4Le(const V128& a, const V128& b) { return simd::le<float>(a, b); }
constexpr V128 F32x4Ge(const V128& a, const V128& b) { return simd::ge<float>(a, b); }
constexpr V128 F64x2Eq(const V128& a, const V128& b) { return simd::eq<double>(a, b); }
constexpr V128 F64x2Ne(const V128& a, const V128& b) { return simd::ne<double>(a, b); }
constexpr V128 F64x2Lt(const V128& a, const V128& b) { return simd::lt<double>(a, b); }
constexpr V128 F64x2Gt(const V128& a, const V128& b) { return simd::gt<double>(a, b); }
constexpr V128 F64x2Le(const V128& a, const V128& b) { return simd::le<double>(a, b); }
constexpr V128 F64x2Ge(const V128& a, const V128& b) { return simd::ge<double>(a, b); }

// ---------------------------------------------------------------------------
// Bitwise (spec: vvunop, vvbinop, vvternop, vvtestop)
constexpr V128 V128Not(const V128& a) {
  return simd::unary<uint64_t>(a, [](uint64_t x) { return ~x; });
}
constexpr V128 V128And(const V128& a, const V128& b) {
  return simd::binary<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x & y; });
}
constexpr V128 V128Andnot(const V128& a, const V128& b) {
  return simd::binary<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x & ~y; });
}
constexpr V128 V128Or(const V128& a, const V128& b) {
  return simd::binary<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x | y; });
}
constexpr V128 V128Xor(const V128& a, const V128& b) {
  return simd::binary<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x ^ y; });
}
// Bits of a where c is 1, bits of b where c is 0.
constexpr V128 V128Bitselect(const V128& a, const V128& b, const V128& c) {
  simd::Lanes<uint64_t> x = simd::get<uint64_t>(a), y = simd::get<uint64_t>(b),
                        m = simd::get<uint64_t>(c), r{};
  for (size_t i = 0; i < 2; ++i) r[i] = (x[i] & m[i]) | (y[i] & ~m[i]);
  return simd::put<uint64_t>(r);
}
constexpr uint32_t V128AnyTrue(const V128& a) {
  simd::Lanes<uint64_t> x = simd::get<uint64_t>(a);
  return (x[0] | x[1]) != 0 ? 1u : 0u;
}

// ---------------------------------------------------------------------------
// Float <-> float lane conversions
constexpr V128 F32x4DemoteF64x2Zero(const V128& a) {
  simd::Lanes<double> x = simd::get<double>(a);
  simd::Lanes<float> r{F32DemoteF64(x[0]), F32DemoteF64(x[1]), 0.0f, 0.0f};
  return simd::put<float>(r);
}
constexpr V128 F64x2PromoteLowF32x4(const V128& a) {
  simd::Lanes<float> x = simd::get<float>(a);
  simd::Lanes<double> r{F64PromoteF32(x[0]), F64PromoteF32(x[1])};
  return simd::put<double>(r);
}

// ---------------------------------------------------------------------------
// i8x16
constexpr V128 I8x16Abs(const V128& a) { return simd::abs<int8_t>(a); }
constexpr V128 I8x16Neg(const V128& a) { return simd::neg<int8_t>(a); }
constexpr V128 I8x16Popcnt(const V128& a) {
  return simd::unary<uint8_t>(a, [](uint8_t x) { return std::popcount(x); });
}
constexpr uint32_t I8x16AllTrue(const V128& a) { return simd::allTrue<uint8_t>(a); }
constexpr uint32_t I8x16Bitmask(const V128& a) { return simd::bitmask<uint8_t>(a); }
constexpr V128 I8x16NarrowI16x8S(const V128& a, const V128& b) {
  return simd::narrow<int8_t, int16_t>(a, b);
}
constexpr V128 I8x16NarrowI16x8U(const V128& a, const V128& b) {
  return simd::narrow<uint8_t, int16_t>(a, b);
}
constexpr V128 I8x16Shl(const V128& a, uint32_t n) { return simd::shl<uint8_t>(a, n); }
constexpr V128 I8x16ShrS(const V128& a, uint32_t n) { return simd::shrS<uint8_t>(a, n); }
constexpr V128 I8x16ShrU(const V128& a, uint32_t n) { return simd::shrU<uint8_t>(a, n); }
constexpr V128 I8x16Add(const V128& a, const V128& b) {
  return simd::binary<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x + y; });
}
constexpr V128 I8x16AddSatS(const V128& a, const V128& b) { return simd::addSat<int8_t>(a, b); }
constexpr V128 I8x16AddSatU(const V128& a, const V128& b) { return simd::addSat<uint8_t>(a, b); }
constexpr V128 I8x16Sub(const V128& a, const V128& b) {
  return simd::binary<uint8_t>(a, b, [](uint8_t x, uint8_t y) { return x - y; });
}
constexpr V128 I8x16SubSatS(const V128& a, const V128& b) { return simd::subSat<int8_t>(a, b); }
constexpr V128 I8x16SubSatU(const V128& a, const V128& b) { return simd::subSat<uint8_t>(a, b); }
constexpr V128 I8x16MinS(const V128& a, const V128& b) { return simd::min<int8_t>(a, b); }
constexpr V128 I8x16MinU(const V128& a, const V128& b) { return simd::min<uint8_t>(a, b); }
constexpr V128 I8x16MaxS(const V128& a, const V128& b) { return simd::max<int8_t>(a, b); }
constexpr V128 I8x16MaxU(const V128& a, const V128& b) { return simd::max<uint8_t>(a, b); }
constexpr V128 I8x16AvgrU(const V128& a, const V128& b) { return simd::avgr<uint8_t>(a, b); }

// ---------------------------------------------------------------------------
// i16x8
constexpr V128 I16x8ExtaddPairwiseI8x16S(const V128& a) {
  return simd::extaddPairwise<int16_t, int8_t>(a);
}
constexpr V128 I16x8ExtaddPairwiseI8x16U(const V128& a) {
  return simd::extaddPairwise<uint16_t, uint8_t>(a);
}
constexpr V128 I16x8Abs(const V128& a) { return simd::abs<int16_t>(a); }
constexpr V128 I16x8Neg(const V128& a) { return simd::neg<int16_t>(a); }
// q15mulr_sat_s: (a * b + 2^14) >> 15, saturated; only -32768 * -32768 saturates.
constexpr V128 I16x8Q15mulrSatS(const V128& a, const V128& b) {
  return simd::binary<int16_t>(a, b, [](int16_t x, int16_t y) {
    return simd::saturate<int16_t>((int64_t{x} * int64_t{y} + 0x4000) >> 15);
  });
}
constexpr uint32_t I16x8AllTrue(const V128& a) { return simd::allTrue<uint16_t>(a); }
constexpr uint32_t I16x8Bitmask(const V128& a) { return simd::bitmask<uint16_t>(a); }
constexpr V128 I16x8NarrowI32x4S(const V128& a, const V128& b) {
  return simd::narrow<int16_t, int32_t>(a, b);
}
constexpr V128 I16x8NarrowI32x4U(const V128& a, const V128& b) {
  return simd::narrow<uint16_t, int32_t>(a, b);
}
constexpr V128 I16x8ExtendLowI8x16S(const V128& a) { return simd::extend<int16_t, int8_t>(a, 0); }
constexpr V128 I16x8ExtendHighI8x16S(const V128& a) { return simd::extend<int16_t, int8_t>(a, 1); }
constexpr V128 I16x8ExtendLowI8x16U(const V128& a) { return simd::extend<uint16_t, uint8_t>(a, 0); }
constexpr V128 I16x8ExtendHighI8x16U(const V128& a) {
  return simd::extend<uint16_t, uint8_t>(a, 1);
}
constexpr V128 I16x8Shl(const V128& a, uint32_t n) { return simd::shl<uint16_t>(a, n); }
constexpr V128 I16x8ShrS(const V128& a, uint32_t n) { return simd::shrS<uint16_t>(a, n); }
constexpr V128 I16x8ShrU(const V128& a, uint32_t n) { return simd::shrU<uint16_t>(a, n); }
constexpr V128 I16x8Add(const V128& a, const V128& b) {
  return simd::binary<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x + y; });
}
constexpr V128 I16x8AddSatS(const V128& a, const V128& b) { return simd::addSat<int16_t>(a, b); }
constexpr V128 I16x8AddSatU(const V128& a, const V128& b) { return simd::addSat<uint16_t>(a, b); }
constexpr V128 I16x8Sub(const V128& a, const V128& b) {
  return simd::binary<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return x - y; });
}
constexpr V128 I16x8SubSatS(const V128& a, const V128& b) { return simd::subSat<int16_t>(a, b); }
constexpr V128 I16x8SubSatU(const V128& a, const V128& b) { return simd::subSat<uint16_t>(a, b); }
// Products are formed in 32 bits: uint16_t * uint16_t would promote to (signed)
// int and could overflow.
constexpr V128 I16x8Mul(const V128& a, const V128& b) {
  return simd::binary<uint16_t>(a, b, [](uint16_t x, uint16_t y) { return uint32_t{x} * y; });
}
constexpr V128 I16x8MinS(const V128& a, const V128& b) { return simd::min<int16_t>(a, b); }
constexpr V128 I16x8MinU(const V128& a, const V128& b) { return simd::min<uint16_t>(a, b); }
constexpr V128 I16x8MaxS(const V128& a, const V128& b) { return simd::max<int16_t>(a, b); }
constexpr V128 I16x8MaxU(const V128& a, const V128& b) { return simd::max<uint16_t>(a, b); }
constexpr V128 I16x8AvgrU(const V128& a, const V128& b) { return simd::avgr<uint16_t>(a, b); }
constexpr V128 I16x8ExtmulLowI8x16S(const V128& a, const V128& b) {
  return simd::extmul<int16_t, int8_t>(a, b, 0);
}
constexpr V128 I16x8ExtmulHighI8x16S(const V128& a, const V128& b) {
  return simd::extmul<int16_t, int8_t>(a, b, 1);
}
constexpr V128 I16x8ExtmulLowI8x16U(const V128& a, const V128& b) {
  return simd::extmul<uint16_t, uint8_t>(a, b, 0);
}
constexpr V128 I16x8ExtmulHighI8x16U(const V128& a, const V128& b) {
  return simd::extmul<uint16_t, uint8_t>(a, b, 1);
}

// ---------------------------------------------------------------------------
// i32x4
constexpr V128 I32x4ExtaddPairwiseI16x8S(const V128& a) {
  return simd::extaddPairwise<int32_t, int16_t>(a);
}
constexpr V128 I32x4ExtaddPairwiseI16x8U(const V128& a) {
  return simd::extaddPairwise<uint32_t, uint16_t>(a);
}
constexpr V128 I32x4Abs(const V128& a) { return simd::abs<int32_t>(a); }
constexpr V128 I32x4Neg(const V128& a) { return simd::neg<int32_t>(a); }
constexpr uint32_t I32x4AllTrue(const V128& a) { return simd::allTrue<uint32_t>(a); }
constexpr uint32_t I32x4Bitmask(const V128& a) { return simd::bitmask<uint32_t>(a); }
constexpr V128 I32x4ExtendLowI16x8S(const V128& a) { return simd::extend<int32_t, int16_t>(a, 0); }
constexpr V128 I32x4ExtendHighI16x8S(const V128& a) { return simd::extend<int32_t, int16_t>(a, 1); }
constexpr V128 I32x4ExtendLowI16x8U(const V128& a) {
  return simd::extend<uint32_t, uint16_t>(a, 0);
}
constexpr V128 I32x4ExtendHighI16x8U(const V128& a) {
  return simd::extend<uint32_t, uint16_t>(a, 1);
}
constexpr V128 I32x4Shl(const V128& a, uint32_t n) { return simd::shl<uint32_t>(a, n); }
constexpr V128 I32x4ShrS(const V128& a, uint32_t n) { return simd::shrS<uint32_t>(a, n); }
constexpr V128 I32x4ShrU(const V128& a, uint32_t n) { return simd::shrU<uint32_t>(a, n); }
constexpr V128 I32x4Add(const V128& a, const V128& b) {
  return simd::binary<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x + y; });
}
constexpr V128 I32x4Sub(const V128& a, const V128& b) {
  return simd::binary<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x - y; });
}
constexpr V128 I32x4Mul(const V128& a, const V128& b) {
  return simd::binary<uint32_t>(a, b, [](uint32_t x, uint32_t y) { return x * y; });
}
constexpr V128 I32x4MinS(const V128& a, const V128& b) { return simd::min<int32_t>(a, b); }
constexpr V128 I32x4MinU(const V128& a, const V128& b) { return simd::min<uint32_t>(a, b); }
constexpr V128 I32x4MaxS(const V128& a, const V128& b) { return simd::max<int32_t>(a, b); }
constexpr V128 I32x4MaxU(const V128& a, const V128& b) { return simd::max<uint32_t>(a, b); }
// dot_i16x8_s: pairwise sums of signed 32-bit products, wrapping (only
// (-32768 * -32768) * 2 = 2^31 overflows, giving INT32_MIN as the spec says).
constexpr V128 I32x4DotI16x8S(const V128& a, const V128& b) {
  simd::Lanes<int16_t> x = simd::get<int16_t>(a), y = simd::get<int16_t>(b);
  simd::Lanes<uint32_t> r{};
  for (size_t i = 0; i < 4; ++i) {
    int64_t sum = int64_t{x[2 * i]} * y[2 * i] + int64_t{x[2 * i + 1]} * y[2 * i + 1];
    r[i] = static_cast<uint32_t>(sum);
  }
  return simd::put<uint32_t>(r);
}
constexpr V128 I32x4ExtmulLowI16x8S(const V128& a, const V128& b) {
  return simd::extmul<int32_t, int16_t>(a, b, 0);
}
constexpr V128 I32x4ExtmulHighI16x8S(const V128& a, const V128& b) {
  return simd::extmul<int32_t, int16_t>(a, b, 1);
}
constexpr V128 I32x4ExtmulLowI16x8U(const V128& a, const V128& b) {
  return simd::extmul<uint32_t, uint16_t>(a, b, 0);
}
constexpr V128 I32x4ExtmulHighI16x8U(const V128& a, const V128& b) {
  return simd::extmul<uint32_t, uint16_t>(a, b, 1);
}

// ---------------------------------------------------------------------------
// i64x2
constexpr V128 I64x2Abs(const V128& a) { return simd::abs<int64_t>(a); }
constexpr V128 I64x2Neg(const V128& a) { return simd::neg<int64_t>(a); }
constexpr uint32_t I64x2AllTrue(const V128& a) { return simd::allTrue<uint64_t>(a); }
constexpr uint32_t I64x2Bitmask(const V128& a) { return simd::bitmask<uint64_t>(a); }
constexpr V128 I64x2ExtendLowI32x4S(const V128& a) { return simd::extend<int64_t, int32_t>(a, 0); }
constexpr V128 I64x2ExtendHighI32x4S(const V128& a) { return simd::extend<int64_t, int32_t>(a, 1); }
constexpr V128 I64x2ExtendLowI32x4U(const V128& a) {
  return simd::extend<uint64_t, uint32_t>(a, 0);
}
constexpr V128 I64x2ExtendHighI32x4U(const V128& a) {
  return simd::extend<uint64_t, uint32_t>(a, 1);
}
constexpr V128 I64x2Shl(const V128& a, uint32_t n) { return simd::shl<uint64_t>(a, n); }
constexpr V128 I64x2ShrS(const V128& a, uint32_t n) { return simd::shrS<uint64_t>(a, n); }
constexpr V128 I64x2ShrU(const V128& a, uint32_t n) { return simd::shrU<uint64_t>(a, n); }
constexpr V128 I64x2Add(const V128& a, const V128& b) {
  return simd::binary<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x + y; });
}
constexpr V128 I64x2Sub(const V128& a, const V128& b) {
  return simd::binary<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x - y; });
}
constexpr V128 I64x2Mul(const V128& a, const V128& b) {
  return simd::binary<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x * y; });
}
// i64x2 extmul of the unsigned halves: a full 64-bit product of 32-bit lanes.
constexpr V128 I64x2ExtmulLowI32x4S(const V128& a, const V128& b) {
  return simd::extmul<int64_t, int32_t>(a, b, 0);
}
constexpr V128 I64x2ExtmulHighI32x4S(const V128& a, const V128& b) {
  return simd::extmul<int64_t, int32_t>(a, b, 1);
}
constexpr V128 I64x2ExtmulLowI32x4U(const V128& a, const V128& b) {
  simd::Lanes<uint32_t> x = simd::get<uint32_t>(a), y = simd::get<uint32_t>(b);
  return simd::put<uint64_t>({uint64_t{x[0]} * y[0], uint64_t{x[1]} * y[1]});
}
constexpr V128 I64x2ExtmulHighI32x4U(const V128& a, const V128& b) {
  simd::Lanes<uint32_t> x = simd::get<uint32_t>(a), y = simd::get<uint32_t>(b);
  return simd::put<uint64_t>({uint64_t{x[2]} * y[2], uint64_t{x[3]} * y[3]});
}

// ---------------------------------------------------------------------------
// f32x4 / f64x2: the scalar operators of numerics.h, lane by lane.
constexpr V128 F32x4Abs(const V128& a) { return simd::unary<float>(a, F32Abs); }
constexpr V128 F32x4Neg(const V128& a) { return simd::unary<float>(a, F32Neg); }
constexpr V128 F32x4Ceil(const V128& a) { return simd::unary<float>(a, F32Ceil); }
constexpr V128 F32x4Floor(const V128& a) { return simd::unary<float>(a, F32Floor); }
constexpr V128 F32x4Trunc(const V128& a) { return simd::unary<float>(a, F32Trunc); }
constexpr V128 F32x4Nearest(const V128& a) { return simd::unary<float>(a, F32Nearest); }
inline V128 F32x4Sqrt(const V128& a) { return simd::unary<float>(a, F32Sqrt); }
constexpr V128 F32x4Add(const V128& a, const V128& b) { return simd::binary<float>(a, b, F32Add); }
constexpr V128 F32x4Sub(const V128& a, const V128& b) { return simd::binary<float>(a, b, F32Sub); }
constexpr V128 F32x4Mul(const V128& a, const V128& b) { return simd::binary<float>(a, b, F32Mul); }
constexpr V128 F32x4Div(const V128& a, const V128& b) { return simd::binary<float>(a, b, F32Div); }
constexpr V128 F32x4Min(const V128& a, const V128& b) { return simd::binary<float>(a, b, F32Min); }
constexpr V128 F32x4Max(const V128& a, const V128& b) { return simd::binary<float>(a, b, F32Max); }
constexpr V128 F32x4Pmin(const V128& a, const V128& b) { return simd::pmin<float>(a, b); }
constexpr V128 F32x4Pmax(const V128& a, const V128& b) { return simd::pmax<float>(a, b); }
constexpr V128 F64x2Abs(const V128& a) { return simd::unary<double>(a, F64Abs); }
constexpr V128 F64x2Neg(const V128& a) { return simd::unary<double>(a, F64Neg); }
constexpr V128 F64x2Ceil(const V128& a) { return simd::unary<double>(a, F64Ceil); }
constexpr V128 F64x2Floor(const V128& a) { return simd::unary<double>(a, F64Floor); }
constexpr V128 F64x2Trunc(const V128& a) { return simd::unary<double>(a, F64Trunc); }
constexpr V128 F64x2Nearest(const V128& a) { return simd::unary<double>(a, F64Nearest); }
inline V128 F64x2Sqrt(const V128& a) { return simd::unary<double>(a, F64Sqrt); }
constexpr V128 F64x2Add(const V128& a, const V128& b) { return simd::binary<double>(a, b, F64Add); }
constexpr V128 F64x2Sub(const V128& a, const V128& b) { return simd::binary<double>(a, b, F64Sub); }
constexpr V128 F64x2Mul(const V128& a, const V128& b) { return simd::binary<double>(a, b, F64Mul); }
constexpr V128 F64x2Div(const V128& a, const V128& b) { return simd::binary<double>(a, b, F64Div); }
constexpr V128 F64x2Min(const V128& a, const V128& b) { return simd::binary<double>(a, b, F64Min); }
constexpr V128 F64x2Max(const V128& a, const V128& b) { return simd::binary<double>(a, b, F64Max); }
constexpr V128 F64x2Pmin(const V128& a, const V128& b) { return simd::pmin<double>(a, b); }
constexpr V128 F64x2Pmax(const V128& a, const V128& b) { return simd::pmax<double>(a, b); }

// ---------------------------------------------------------------------------
// Float <-> integer lane conversions (saturating, as the scalar trunc_sat)
constexpr V128 I32x4TruncSatF32x4S(const V128& a) {
  simd::Lanes<float> x = simd::get<float>(a);
  simd::Lanes<uint32_t> r{};
  for (size_t i = 0; i < 4; ++i) r[i] = I32TruncSatF32S(x[i]);
  return simd::put<uint32_t>(r);
}
constexpr V128 I32x4TruncSatF32x4U(const V128& a) {
  simd::Lanes<float> x = simd::get<float>(a);
  simd::Lanes<uint32_t> r{};
  for (size_t i = 0; i < 4; ++i) r[i] = I32TruncSatF32U(x[i]);
  return simd::put<uint32_t>(r);
}
constexpr V128 F32x4ConvertI32x4S(const V128& a) {
  simd::Lanes<uint32_t> x = simd::get<uint32_t>(a);
  simd::Lanes<float> r{};
  for (size_t i = 0; i < 4; ++i) r[i] = F32ConvertI32S(x[i]);
  return simd::put<float>(r);
}
constexpr V128 F32x4ConvertI32x4U(const V128& a) {
  simd::Lanes<uint32_t> x = simd::get<uint32_t>(a);
  simd::Lanes<float> r{};
  for (size_t i = 0; i < 4; ++i) r[i] = F32ConvertI32U(x[i]);
  return simd::put<float>(r);
}
constexpr V128 I32x4TruncSatF64x2SZero(const V128& a) {
  simd::Lanes<double> x = simd::get<double>(a);
  return simd::put<uint32_t>({I32TruncSatF64S(x[0]), I32TruncSatF64S(x[1]), 0, 0});
}
constexpr V128 I32x4TruncSatF64x2UZero(const V128& a) {
  simd::Lanes<double> x = simd::get<double>(a);
  return simd::put<uint32_t>({I32TruncSatF64U(x[0]), I32TruncSatF64U(x[1]), 0, 0});
}
constexpr V128 F64x2ConvertLowI32x4S(const V128& a) {
  simd::Lanes<uint32_t> x = simd::get<uint32_t>(a);
  return simd::put<double>({F64ConvertI32S(x[0]), F64ConvertI32S(x[1])});
}
constexpr V128 F64x2ConvertLowI32x4U(const V128& a) {
  simd::Lanes<uint32_t> x = simd::get<uint32_t>(a);
  return simd::put<double>({F64ConvertI32U(x[0]), F64ConvertI32U(x[1])});
}

// ---------------------------------------------------------------------------
// Relaxed SIMD (https://github.com/WebAssembly/relaxed-simd, Wasm 3.0).
//
// Each relaxed operator may return any of a small set of results; witt always
// returns the same one: what x86-64 with SSE4.1 computes (as V8 does on such
// hardware), except where x86 has no single instruction and the result the
// spec always allows is as cheap (laneselect, unsigned truncation). Choices:
//
//   i8x16.relaxed_swizzle        pshufb: an index with bit 7 set gives 0, any
//                                other index selects lane (index & 15). So
//                                16..127 wrap around, 128..255 give 0.
//   i32x4.relaxed_trunc_f32x4_s  cvttps2dq: NaN or out of range -> 0x80000000
//                                (INT32_MIN); in range -> truncation.
//   i32x4.relaxed_trunc_f64x2_s_zero
//                                cvttpd2dq: same, high two lanes 0.
//   i32x4.relaxed_trunc_f32x4_u  saturating, = i32x4.trunc_sat_f32x4_u (NaN and
//   i32x4.relaxed_trunc_f64x2_u_zero   negatives -> 0, too large -> 0xFFFFFFFF).
//                                x86 has no unsigned conversion before AVX-512;
//                                the saturating result is always allowed.
//   f32x4/f64x2.relaxed_madd     unfused: round(round(a * b) + c), as SSE4.1
//                                without FMA3 computes it.
//   f32x4/f64x2.relaxed_nmadd    unfused: round(round(-a * b) + c).
//   iNxM.relaxed_laneselect      bitselect (v128.bitselect(a, b, mask)), for
//                                every lane width.
//   f32x4/f64x2.relaxed_min      minps/minpd: a < b ? a : b. So if either lane
//                                is NaN, or both are zeros, the second operand
//                                is returned (unchanged, even a signalling NaN).
//   f32x4/f64x2.relaxed_max      maxps/maxpd: a > b ? a : b (same rules).
//   i16x8.relaxed_q15mulr_s      pmulhrsw: (a * b + 2^14) >> 15 wrapped to 16
//                                bits, so -32768 * -32768 gives -32768 (not
//                                the saturated 32767).
//   i16x8.relaxed_dot_i8x16_i7x16_s
//                                both operands signed (the second operand's
//                                lanes are meant to be 7-bit; a lane >= 0x80 is
//                                read as negative), the two products of a pair
//                                summed and saturated to i16 (as pmaddubsw
//                                saturates; only (-128*-128)*2 can saturate).
//   i32x4.relaxed_dot_i8x16_i7x16_add_s
//                                the i16x8 dot above, then pairwise added into
//                                i32 and added to c with wrap-around.
// These were checked against the `either` lists of the spec testsuite files
// relaxed_*.wast, i8x16_relaxed_swizzle.wast, i32x4_relaxed_trunc.wast and
// i16x8_relaxed_q15mulr_s.wast (see tests/unit/numerics/).

inline V128 I8x16RelaxedSwizzle(const V128& a, const V128& s) {
  uint8_t table[32] = {};
  std::memcpy(table, a.bytes, 16);
  V128 r;
  for (int i = 0; i < 16; ++i) {
    unsigned k = s.bytes[i];
    r.bytes[i] = table[(k & 15) | ((k & 0x80) >> 3)];  // bit 7 set: 16 + (k & 15), a zero
  }
  return r;
}

constexpr V128 I32x4RelaxedTruncF32x4S(const V128& a) {
  simd::Lanes<float> x = simd::get<float>(a);
  simd::Lanes<uint32_t> r{};
  for (size_t i = 0; i < 4; ++i) r[i] = simd::truncOrIndefinite(x[i]);
  return simd::put<uint32_t>(r);
}
constexpr V128 I32x4RelaxedTruncF32x4U(const V128& a) { return I32x4TruncSatF32x4U(a); }
constexpr V128 I32x4RelaxedTruncF64x2SZero(const V128& a) {
  simd::Lanes<double> x = simd::get<double>(a);
  return simd::put<uint32_t>({simd::truncOrIndefinite(x[0]), simd::truncOrIndefinite(x[1]), 0, 0});
}
constexpr V128 I32x4RelaxedTruncF64x2UZero(const V128& a) { return I32x4TruncSatF64x2UZero(a); }

namespace simd {
template <class F>
constexpr V128 madd(const V128& a, const V128& b, const V128& c, bool negate) {
  Lanes<F> x = get<F>(a), y = get<F>(b), z = get<F>(c), r{};
  for (size_t i = 0; i < x.size(); ++i) {
    F product = detail::mul(negate ? fp::neg(x[i]) : x[i], y[i]);  // rounded on its own
    r[i] = detail::add(product, z[i]);
  }
  return put<F>(r);
}
}  // namespace simd

constexpr V128 F32x4RelaxedMadd(const V128& a, const V128& b, const V128& c) {
  return simd::madd<float>(a, b, c, false);
}
constexpr V128 F32x4RelaxedNmadd(const V128& a, const V128& b, const V128& c) {
  return simd::madd<float>(a, b, c, true);
}
constexpr V128 F64x2RelaxedMadd(const V128& a, const V128& b, const V128& c) {
  return simd::madd<double>(a, b, c, false);
}
constexpr V128 F64x2RelaxedNmadd(const V128& a, const V128& b, const V128& c) {
  return simd::madd<double>(a, b, c, true);
}

constexpr V128 I8x16RelaxedLaneselect(const V128& a, const V128& b, const V128& m) {
  return V128Bitselect(a, b, m);
}
constexpr V128 I16x8RelaxedLaneselect(const V128& a, const V128& b, const V128& m) {
  return V128Bitselect(a, b, m);
}
constexpr V128 I32x4RelaxedLaneselect(const V128& a, const V128& b, const V128& m) {
  return V128Bitselect(a, b, m);
}
constexpr V128 I64x2RelaxedLaneselect(const V128& a, const V128& b, const V128& m) {
  return V128Bitselect(a, b, m);
}

constexpr V128 F32x4RelaxedMin(const V128& a, const V128& b) {
  return simd::binary<float>(a, b, [](float x, float y) { return x < y ? x : y; });
}
constexpr V128 F32x4RelaxedMax(const V128& a, const V128& b) {
  return simd::binary<float>(a, b, [](float x, float y) { return x > y ? x : y; });
}
constexpr V128 F64x2RelaxedMin(const V128& a, const V128& b) {
  return simd::binary<double>(a, b, [](double x, double y) { return x < y ? x : y; });
}
constexpr V128 F64x2RelaxedMax(const V128& a, const V128& b) {
  return simd::binary<double>(a, b, [](double x, double y) { return x > y ? x : y; });
}

constexpr V128 I16x8RelaxedQ15mulrS(const V128& a, const V128& b) {
  return simd::binary<int16_t>(a, b, [](int16_t x, int16_t y) {
    return simd::wrap<int16_t>((int64_t{x} * int64_t{y} + 0x4000) >> 15);
  });
}

constexpr V128 I16x8RelaxedDotI8x16I7x16S(const V128& a, const V128& b) {
  simd::Lanes<int8_t> x = simd::get<int8_t>(a), y = simd::get<int8_t>(b);
  simd::Lanes<int16_t> r{};
  for (size_t i = 0; i < 8; ++i) {
    int64_t sum = int64_t{x[2 * i]} * y[2 * i] + int64_t{x[2 * i + 1]} * y[2 * i + 1];
    r[i] = simd::saturate<int16_t>(sum);
  }
  return simd::put<int16_t>(r);
}
constexpr V128 I32x4RelaxedDotI8x16I7x16AddS(const V128& a, const V128& b, const V128& c) {
  simd::Lanes<int16_t> d = simd::get<int16_t>(I16x8RelaxedDotI8x16I7x16S(a, b));
  simd::Lanes<uint32_t> acc = simd::get<uint32_t>(c), r{};
  for (size_t i = 0; i < 4; ++i) {
    int32_t pair = int32_t{d[2 * i]} + int32_t{d[2 * i + 1]};
    r[i] = acc[i] + static_cast<uint32_t>(pair);
  }
  return simd::put<uint32_t>(r);
}

}  // namespace witt::num
