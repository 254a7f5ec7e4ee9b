// Bit-level helpers for IEEE 754 binary32/binary64 shared by numerics.h and
// simd.h: NaN classification and quieting, sign manipulation, and the exact
// rounding primitives (trunc/floor/ceil/nearest, integer -> float) that the
// WebAssembly numerics need to be deterministic on every host.
//
// Why not just <cmath>? The spec
// (https://webassembly.github.io/spec/core/exec/numerics.html) fixes the result
// of every operator bit for bit except for NaN payloads, and pins those down to
// "canonical" or "arithmetic" NaNs. libm functions are allowed to return any
// NaN for a NaN input, are not constexpr in C++20, and some hosts compile
// u64 -> f32 through f64 (double rounding). Doing the rounding on the bits
// makes the results independent of the host and testable at compile time.
//
// All helpers assume the default floating-point environment (round to nearest
// even, no traps) and IEEE arithmetic without excess precision
// (FLT_EVAL_METHOD == 0, true on x86-64 SSE, AArch64, RISC-V).
#pragma once

#include <bit>
#include <cfloat>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace witt::num::fp {

template <class F>
struct Traits;

template <>
struct Traits<float> {
  using Bits = uint32_t;
  using SBits = int32_t;
  static constexpr int kMantBits = 23;
  static constexpr Bits kSign = 0x80000000u;
  static constexpr Bits kExp = 0x7F800000u;
  static constexpr Bits kMant = 0x007FFFFFu;
  static constexpr Bits kQuiet = 0x00400000u;  // top mantissa bit
};

template <>
struct Traits<double> {
  using Bits = uint64_t;
  using SBits = int64_t;
  static constexpr int kMantBits = 52;
  static constexpr Bits kSign = 0x8000000000000000ull;
  static constexpr Bits kExp = 0x7FF0000000000000ull;
  static constexpr Bits kMant = 0x000FFFFFFFFFFFFFull;
  static constexpr Bits kQuiet = 0x0008000000000000ull;
};

template <class F>
using BitsOf = typename Traits<F>::Bits;

template <class F>
constexpr BitsOf<F> bits(F x) {
  return std::bit_cast<BitsOf<F>>(x);
}
template <class F>
constexpr F fromBits(BitsOf<F> b) {
  return std::bit_cast<F>(b);
}

template <class F>
constexpr bool isNan(F x) {
  return (bits(x) & ~Traits<F>::kSign) > Traits<F>::kExp;
}

// Canonical NaN (spec: payload = only the top mantissa bit), positive.
template <class F>
constexpr F canonicalNan(bool negative = false) {
  return fromBits<F>((negative ? Traits<F>::kSign : 0) | Traits<F>::kExp | Traits<F>::kQuiet);
}

// https://webassembly.github.io/spec/core/syntax/values.html#floating-point
template <class F>
constexpr bool isCanonicalNan(F x) {
  return (bits(x) & ~Traits<F>::kSign) == (Traits<F>::kExp | Traits<F>::kQuiet);
}
template <class F>
constexpr bool isArithmeticNan(F x) {
  return isNan(x) && (bits(x) & Traits<F>::kQuiet) != 0;
}

// Turns any NaN into an arithmetic NaN with the same sign and payload, as the
// hardware does when an instruction consumes a signalling NaN.
template <class F>
constexpr F quiet(F x) {
  return fromBits<F>(bits(x) | Traits<F>::kQuiet);
}

// Pure sign-bit operations (spec: fabs, fneg, fcopysign never touch payloads).
template <class F>
constexpr F abs(F x) {
  return fromBits<F>(bits(x) & ~Traits<F>::kSign);
}
template <class F>
constexpr F neg(F x) {
  return fromBits<F>(bits(x) ^ Traits<F>::kSign);
}
template <class F>
constexpr F copysign(F magnitude, F sign) {
  return fromBits<F>((bits(magnitude) & ~Traits<F>::kSign) | (bits(sign) & Traits<F>::kSign));
}
template <class F>
constexpr bool signBit(F x) {
  return (bits(x) & Traits<F>::kSign) != 0;
}

// 2^kMantBits: every float of at least this magnitude is an integer.
template <class F>
inline constexpr F kIntegralFrom = static_cast<F>(BitsOf<F>{1} << Traits<F>::kMantBits);

// ---- rounding to integral values (spec: ftrunc, ffloor, fceil, fnearest)
// For |x| < 2^mant the value truncated to an integer fits in the signed integer
// of the same width, so the conversion round trip is exact; larger magnitudes,
// infinities and zeros are already integral. The sign is restored with
// copysign so that e.g. trunc(-0.5) = -0 as the spec requires. NaNs are quieted.
template <class F>
constexpr F trunc(F x) {
  if (isNan(x)) return quiet(x);
  if (!(abs(x) < kIntegralFrom<F>)) return x;
  using S = typename Traits<F>::SBits;
  return copysign(static_cast<F>(static_cast<S>(x)), x);
}

template <class F>
constexpr F floor(F x) {
  if (isNan(x)) return quiet(x);
  if (!(abs(x) < kIntegralFrom<F>)) return x;
  F t = trunc(x);
  return t > x ? t - F(1) : t;  // t - 1 is exact and nonzero here
}

template <class F>
constexpr F ceil(F x) {
  if (isNan(x)) return quiet(x);
  if (!(abs(x) < kIntegralFrom<F>)) return x;
  F t = trunc(x);
  return t < x ? t + F(1) : t;  // t + 1 is exact and nonzero here
}

// Round half to even. Adding 2^mant to |x| < 2^mant lands in [2^mant, 2^(mant+1)),
// where the spacing of floats is exactly 1, so the addition itself rounds to the
// nearest integer with ties to even (2^mant is even, so the parity is that of the
// integer). The subtraction is exact. Needs IEEE evaluation in F's own precision.
static_assert(FLT_EVAL_METHOD == 0, "witt numerics need IEEE arithmetic without excess precision");
template <class F>
constexpr F nearest(F x) {
  if (isNan(x)) return quiet(x);
  F a = abs(x);
  if (!(a < kIntegralFrom<F>)) return x;
  F r = (a + kIntegralFrom<F>)-kIntegralFrom<F>;
  return copysign(r, x);
}

// ---- integer -> float conversions with a single rounding (spec: fconvert)
// u64 -> f64: for x < 2^63 the signed conversion is exact-or-correctly-rounded
// on every IEEE host. Above, halve with the dropped bit ORed in as a sticky bit:
// the 63-bit value keeps 10 bits below the rounding point, so the sticky bit
// only decides "above vs exactly at a tie", and doubling is exact.
constexpr double u64ToF64(uint64_t x) {
  if (static_cast<int64_t>(x) >= 0) return static_cast<double>(static_cast<int64_t>(x));
  uint64_t half = (x >> 1) | (x & 1);
  return static_cast<double>(static_cast<int64_t>(half)) * 2.0;
}

// u64 -> f32 without double rounding. Values below 2^53 convert exactly to f64
// and then round once to f32. Larger values are first rounded to 53 bits with
// "round to odd" (truncate, then set the lowest kept bit if anything nonzero was
// dropped): a round-to-odd intermediate with at least 2*24+2 bits makes the
// final rounding to 24 bits correct (Boldo & Melquiond, "Emulation of FMA and
// correctly rounded sums: proved algorithms using rounding to odd", 2008).
// Example: 0x8000008000000001 must round up to 0x1.000002p+63; going through a
// correctly rounded f64 first gives 0x1.0000010p+63 (a tie) and then 0x1p+63.
constexpr float u64ToF32(uint64_t x) {
  if (x < (uint64_t{1} << 53)) return static_cast<float>(static_cast<double>(x));
  int drop = 11 - std::countl_zero(x);  // bits beyond 53 significant bits, 1..11
  uint64_t kept = x >> drop;
  if ((x & ((uint64_t{1} << drop) - 1)) != 0) kept |= 1;
  // kept < 2^53 converts exactly; scaling by a power of two is exact.
  double d = static_cast<double>(kept) * static_cast<double>(uint64_t{1} << drop);
  return static_cast<float>(d);
}

// i64 -> f32: round-to-nearest-even is symmetric, so convert the magnitude.
constexpr float i64ToF32(uint64_t x) {
  bool negative = static_cast<int64_t>(x) < 0;
  float r = u64ToF32(negative ? 0 - x : x);  // 0 - INT64_MIN == 2^63, as wanted
  return negative ? neg(r) : r;
}

}  // namespace witt::num::fp
