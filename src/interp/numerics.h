// The numeric semantics of every pure scalar WebAssembly operator, one small
// function per opcode, named exactly as the opcode's Ident in src/spec/opcodes.def
// (the interpreter generates its handlers from that table by calling
// witt::num::Ident(...)).
//
// Spec: https://webassembly.github.io/spec/core/exec/numerics.html
//
// Conventions (relied upon by the interpreter and checked by
// tests/unit/numerics/coverage_test.cpp):
//   - signature letters map to types: i -> uint32_t, l -> uint64_t, f -> float,
//     d -> double (v -> witt::V128, see simd.h). Integers are passed as their
//     unsigned bit patterns; signed operators reinterpret.
//   - one result: returned. Operators that can trap return Checked<T>.
//   - two results (wide arithmetic): std::pair<uint64_t, uint64_t> = (low, high).
//   - shift and rotate counts have the operand's own type and are taken modulo
//     the bit width, as the spec says.
//
// Floating point: the host's IEEE operations give the right values; the only
// freedom the spec leaves is the NaN payload. An operator producing a NaN from
// non-NaN operands returns a canonical NaN (hardware default NaN: x86 gives
// 0xFFC00000, which is canonical, sign being irrelevant); with NaN operands it
// returns an arithmetic NaN (hardware propagates a quieted operand; with two
// NaN operands which payload survives may depend on how the compiler ordered
// the operands, e.g. addss vs a vectorised addps; the spec allows either). Sign-only
// operators (abs, neg, copysign) and reinterpretations never touch payloads.
// Rounding operators and conversions are done on bits (float_bits.h) so that
// they are exact, constexpr, and independent of libm and of how the compiler
// lowers u64 -> float.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include "interp/float_bits.h"
#include "witt/result.h"

namespace witt::num {

// The result of an operator that can trap: `value` is meaningful only when
// `trap == TrapKind::None`.
template <class T>
struct Checked {
  T value;
  TrapKind trap;
};

namespace detail {
template <class T>
constexpr Checked<T> ok(T v) {
  return {v, TrapKind::None};
}
template <class T>
constexpr Checked<T> trap(TrapKind k) {
  return {T{}, k};
}
constexpr uint32_t b2i(bool b) { return b ? 1u : 0u; }
constexpr int32_t s32(uint32_t x) { return static_cast<int32_t>(x); }
constexpr int64_t s64(uint64_t x) { return static_cast<int64_t>(x); }
}  // namespace detail

// ---------------------------------------------------------------------------
// i32 / i64 comparisons (spec: ieqz, ieq, ine, ilt_u/s, igt, ile, ige)
constexpr uint32_t I32Eqz(uint32_t a) { return detail::b2i(a == 0); }
constexpr uint32_t I32Eq(uint32_t a, uint32_t b) { return detail::b2i(a == b); }
constexpr uint32_t I32Ne(uint32_t a, uint32_t b) { return detail::b2i(a != b); }
constexpr uint32_t I32LtS(uint32_t a, uint32_t b) {
  return detail::b2i(detail::s32(a) < detail::s32(b));
}
constexpr uint32_t I32LtU(uint32_t a, uint32_t b) { return detail::b2i(a < b); }
constexpr uint32_t I32GtS(uint32_t a, uint32_t b) {
  return detail::b2i(detail::s32(a) > detail::s32(b));
}
constexpr uint32_t I32GtU(uint32_t a, uint32_t b) { return detail::b2i(a > b); }
constexpr uint32_t I32LeS(uint32_t a, uint32_t b) {
  return detail::b2i(detail::s32(a) <= detail::s32(b));
}
constexpr uint32_t I32LeU(uint32_t a, uint32_t b) { return detail::b2i(a <= b); }
constexpr uint32_t I32GeS(uint32_t a, uint32_t b) {
  return detail::b2i(detail::s32(a) >= detail::s32(b));
}
constexpr uint32_t I32GeU(uint32_t a, uint32_t b) { return detail::b2i(a >= b); }

constexpr uint32_t I64Eqz(uint64_t a) { return detail::b2i(a == 0); }
constexpr uint32_t I64Eq(uint64_t a, uint64_t b) { return detail::b2i(a == b); }
constexpr uint32_t I64Ne(uint64_t a, uint64_t b) { return detail::b2i(a != b); }
constexpr uint32_t I64LtS(uint64_t a, uint64_t b) {
  return detail::b2i(detail::s64(a) < detail::s64(b));
}
constexpr uint32_t I64LtU(uint64_t a, uint64_t b) { return detail::b2i(a < b); }
constexpr uint32_t I64GtS(uint64_t a, uint64_t b) {
  return detail::b2i(detail::s64(a) > detail::s64(b));
}
constexpr uint32_t I64GtU(uint64_t a, uint64_t b) { return detail::b2i(a > b); }
constexpr uint32_t I64LeS(uint64_t a, uint64_t b) {
  return detail::b2i(detail::s64(a) <= detail::s64(b));
}
constexpr uint32_t I64LeU(uint64_t a, uint64_t b) { return detail::b2i(a <= b); }
constexpr uint32_t I64GeS(uint64_t a, uint64_t b) {
  return detail::b2i(detail::s64(a) >= detail::s64(b));
}
constexpr uint32_t I64GeU(uint64_t a, uint64_t b) { return detail::b2i(a >= b); }

// ---------------------------------------------------------------------------
// f32 / f64 comparisons: IEEE comparisons, false whenever a NaN is involved
// except ne (spec: feq, fne, flt, fgt, fle, fge).
constexpr uint32_t F32Eq(float a, float b) { return detail::b2i(a == b); }
constexpr uint32_t F32Ne(float a, float b) { return detail::b2i(a != b); }
constexpr uint32_t F32Lt(float a, float b) { return detail::b2i(a < b); }
constexpr uint32_t F32Gt(float a, float b) { return detail::b2i(a > b); }
constexpr uint32_t F32Le(float a, float b) { return detail::b2i(a <= b); }
constexpr uint32_t F32Ge(float a, float b) { return detail::b2i(a >= b); }
constexpr uint32_t F64Eq(double a, double b) { return detail::b2i(a == b); }
constexpr uint32_t F64Ne(double a, double b) { return detail::b2i(a != b); }
constexpr uint32_t F64Lt(double a, double b) { return detail::b2i(a < b); }
constexpr uint32_t F64Gt(double a, double b) { return detail::b2i(a > b); }
constexpr uint32_t F64Le(double a, double b) { return detail::b2i(a <= b); }
constexpr uint32_t F64Ge(double a, double b) { return detail::b2i(a >= b); }

// ---------------------------------------------------------------------------
// i32 arithmetic (spec: iclz ... irotr). Unsigned arithmetic wraps as the spec's
// modular arithmetic does; signed views are only used where the sign matters.
constexpr uint32_t I32Clz(uint32_t a) { return static_cast<uint32_t>(std::countl_zero(a)); }
constexpr uint32_t I32Ctz(uint32_t a) { return static_cast<uint32_t>(std::countr_zero(a)); }
constexpr uint32_t I32Popcnt(uint32_t a) { return static_cast<uint32_t>(std::popcount(a)); }
constexpr uint32_t I32Add(uint32_t a, uint32_t b) { return a + b; }
constexpr uint32_t I32Sub(uint32_t a, uint32_t b) { return a - b; }
constexpr uint32_t I32Mul(uint32_t a, uint32_t b) { return a * b; }

// idiv_s traps on division by zero and on the one overflowing quotient
// INT_MIN / -1; irem_s of INT_MIN by -1 is 0 (the C++ expression would be UB).
constexpr Checked<uint32_t> I32DivS(uint32_t a, uint32_t b) {
  if (b == 0) return detail::trap<uint32_t>(TrapKind::IntegerDivideByZero);
  if (a == 0x80000000u && b == 0xFFFFFFFFu)
    return detail::trap<uint32_t>(TrapKind::IntegerOverflow);
  return detail::ok(static_cast<uint32_t>(detail::s32(a) / detail::s32(b)));
}
constexpr Checked<uint32_t> I32DivU(uint32_t a, uint32_t b) {
  if (b == 0) return detail::trap<uint32_t>(TrapKind::IntegerDivideByZero);
  return detail::ok(a / b);
}
constexpr Checked<uint32_t> I32RemS(uint32_t a, uint32_t b) {
  if (b == 0) return detail::trap<uint32_t>(TrapKind::IntegerDivideByZero);
  if (b == 0xFFFFFFFFu) return detail::ok(0u);
  return detail::ok(static_cast<uint32_t>(detail::s32(a) % detail::s32(b)));
}
constexpr Checked<uint32_t> I32RemU(uint32_t a, uint32_t b) {
  if (b == 0) return detail::trap<uint32_t>(TrapKind::IntegerDivideByZero);
  return detail::ok(a % b);
}

constexpr uint32_t I32And(uint32_t a, uint32_t b) { return a & b; }
constexpr uint32_t I32Or(uint32_t a, uint32_t b) { return a | b; }
constexpr uint32_t I32Xor(uint32_t a, uint32_t b) { return a ^ b; }
constexpr uint32_t I32Shl(uint32_t a, uint32_t b) { return a << (b & 31); }
// C++20 defines >> of a negative signed value as an arithmetic shift.
constexpr uint32_t I32ShrS(uint32_t a, uint32_t b) {
  return static_cast<uint32_t>(detail::s32(a) >> (b & 31));
}
constexpr uint32_t I32ShrU(uint32_t a, uint32_t b) { return a >> (b & 31); }
constexpr uint32_t I32Rotl(uint32_t a, uint32_t b) {
  return std::rotl(a, static_cast<int>(b & 31));
}
constexpr uint32_t I32Rotr(uint32_t a, uint32_t b) {
  return std::rotr(a, static_cast<int>(b & 31));
}

// ---------------------------------------------------------------------------
// i64 arithmetic
constexpr uint64_t I64Clz(uint64_t a) { return static_cast<uint64_t>(std::countl_zero(a)); }
constexpr uint64_t I64Ctz(uint64_t a) { return static_cast<uint64_t>(std::countr_zero(a)); }
constexpr uint64_t I64Popcnt(uint64_t a) { return static_cast<uint64_t>(std::popcount(a)); }
constexpr uint64_t I64Add(uint64_t a, uint64_t b) { return a + b; }
constexpr uint64_t I64Sub(uint64_t a, uint64_t b) { return a - b; }
constexpr uint64_t I64Mul(uint64_t a, uint64_t b) { return a * b; }

constexpr Checked<uint64_t> I64DivS(uint64_t a, uint64_t b) {
  if (b == 0) return detail::trap<uint64_t>(TrapKind::IntegerDivideByZero);
  if (a == 0x8000000000000000ull && b == ~uint64_t{0})
    return detail::trap<uint64_t>(TrapKind::IntegerOverflow);
  return detail::ok(static_cast<uint64_t>(detail::s64(a) / detail::s64(b)));
}
constexpr Checked<uint64_t> I64DivU(uint64_t a, uint64_t b) {
  if (b == 0) return detail::trap<uint64_t>(TrapKind::IntegerDivideByZero);
  return detail::ok(a / b);
}
constexpr Checked<uint64_t> I64RemS(uint64_t a, uint64_t b) {
  if (b == 0) return detail::trap<uint64_t>(TrapKind::IntegerDivideByZero);
  if (b == ~uint64_t{0}) return detail::ok(uint64_t{0});
  return detail::ok(static_cast<uint64_t>(detail::s64(a) % detail::s64(b)));
}
constexpr Checked<uint64_t> I64RemU(uint64_t a, uint64_t b) {
  if (b == 0) return detail::trap<uint64_t>(TrapKind::IntegerDivideByZero);
  return detail::ok(a % b);
}

constexpr uint64_t I64And(uint64_t a, uint64_t b) { return a & b; }
constexpr uint64_t I64Or(uint64_t a, uint64_t b) { return a | b; }
constexpr uint64_t I64Xor(uint64_t a, uint64_t b) { return a ^ b; }
constexpr uint64_t I64Shl(uint64_t a, uint64_t b) { return a << (b & 63); }
constexpr uint64_t I64ShrS(uint64_t a, uint64_t b) {
  return static_cast<uint64_t>(detail::s64(a) >> (b & 63));
}
constexpr uint64_t I64ShrU(uint64_t a, uint64_t b) { return a >> (b & 63); }
constexpr uint64_t I64Rotl(uint64_t a, uint64_t b) {
  return std::rotl(a, static_cast<int>(b & 63));
}
constexpr uint64_t I64Rotr(uint64_t a, uint64_t b) {
  return std::rotr(a, static_cast<int>(b & 63));
}

// ---------------------------------------------------------------------------
// Float arithmetic, generic over float/double, then one function per opcode.
namespace detail {

// Products and sums are written as separate statements so that no compiler
// (clang's default -ffp-contract=on) fuses them into an FMA.
template <class F>
constexpr F add(F a, F b) {
  return a + b;
}
template <class F>
constexpr F sub(F a, F b) {
  return a - b;
}
template <class F>
constexpr F mul(F a, F b) {
  return a * b;
}
template <class F>
constexpr F div(F a, F b) {
  return a / b;
}

// fmin/fmax: NaN if either operand is NaN (a + b propagates a quieted operand
// NaN, an arithmetic NaN); -0 is smaller than +0 (OR/AND of the sign bits when
// the operands compare equal). std::fmin/fmax differ on both points.
template <class F>
constexpr F min(F a, F b) {
  if (fp::isNan(a) || fp::isNan(b)) return a + b;
  if (a == b) return fp::fromBits<F>(fp::bits(a) | fp::bits(b));
  return a < b ? a : b;
}
template <class F>
constexpr F max(F a, F b) {
  if (fp::isNan(a) || fp::isNan(b)) return a + b;
  if (a == b) return fp::fromBits<F>(fp::bits(a) & fp::bits(b));
  return a > b ? a : b;
}

// sqrt of a negative number gives the hardware default (canonical) NaN, and a
// NaN operand comes back quieted: exactly what the spec asks for. std::sqrt is
// correctly rounded (IEEE requires it) and inlines to sqrtss/sqrtsd. The
// explicit quieting keeps a NaN operand arithmetic even on a host whose libm
// would hand a signalling NaN back unchanged. Not constexpr: std::sqrt is not.
template <class F>
inline F sqrt(F x) {
  if (fp::isNan(x)) return fp::quiet(x);
  return std::sqrt(x);
}

}  // namespace detail

// f32 arithmetic (spec: fabs ... fcopysign)
constexpr float F32Abs(float a) { return fp::abs(a); }
constexpr float F32Neg(float a) { return fp::neg(a); }
constexpr float F32Ceil(float a) { return fp::ceil(a); }
constexpr float F32Floor(float a) { return fp::floor(a); }
constexpr float F32Trunc(float a) { return fp::trunc(a); }
constexpr float F32Nearest(float a) { return fp::nearest(a); }
inline float F32Sqrt(float a) { return detail::sqrt(a); }
constexpr float F32Add(float a, float b) { return detail::add(a, b); }
constexpr float F32Sub(float a, float b) { return detail::sub(a, b); }
constexpr float F32Mul(float a, float b) { return detail::mul(a, b); }
constexpr float F32Div(float a, float b) { return detail::div(a, b); }
constexpr float F32Min(float a, float b) { return detail::min(a, b); }
constexpr float F32Max(float a, float b) { return detail::max(a, b); }
constexpr float F32Copysign(float a, float b) { return fp::copysign(a, b); }

// f64 arithmetic
constexpr double F64Abs(double a) { return fp::abs(a); }
constexpr double F64Neg(double a) { return fp::neg(a); }
constexpr double F64Ceil(double a) { return fp::ceil(a); }
constexpr double F64Floor(double a) { return fp::floor(a); }
constexpr double F64Trunc(double a) { return fp::trunc(a); }
constexpr double F64Nearest(double a) { return fp::nearest(a); }
inline double F64Sqrt(double a) { return detail::sqrt(a); }
constexpr double F64Add(double a, double b) { return detail::add(a, b); }
constexpr double F64Sub(double a, double b) { return detail::sub(a, b); }
constexpr double F64Mul(double a, double b) { return detail::mul(a, b); }
constexpr double F64Div(double a, double b) { return detail::div(a, b); }
constexpr double F64Min(double a, double b) { return detail::min(a, b); }
constexpr double F64Max(double a, double b) { return detail::max(a, b); }
constexpr double F64Copysign(double a, double b) { return fp::copysign(a, b); }

// ---------------------------------------------------------------------------
// Float -> integer truncation (spec: trunc_u, trunc_s, trunc_sat_u, trunc_sat_s).
// The trapping forms: NaN -> invalid conversion; a value whose truncation is
// not representable -> integer overflow. The bounds are exclusive bounds that
// are exactly representable in the source format:
//   signed N:   -2^(N-1) - 1 < x < 2^(N-1)   (i.e. trunc(x) >= -2^(N-1))
//   unsigned N: -1 < x < 2^N
// In f32, and for N = 64 also in f64, -2^(N-1) - 1 rounds to -2^(N-1), so the
// lower bound becomes the inclusive x >= -2^(N-1) there.
// The saturating forms clamp to the range and map NaN to 0.
namespace detail {

template <class I, class F>
constexpr bool truncInRange(F x) {
  constexpr bool kSigned = std::numeric_limits<I>::is_signed;
  constexpr int kBits = std::numeric_limits<I>::digits + (kSigned ? 1 : 0);
  // 2^(N-1) for signed, 2^N for unsigned: exactly representable in F.
  constexpr F kUpper = kSigned ? static_cast<F>(uint64_t{1} << (kBits - 1))
                               : static_cast<F>(uint64_t{1} << (kBits - 1)) * F(2);
  if (!(x < kUpper)) return false;
  if constexpr (kSigned) {
    constexpr F kMin = -static_cast<F>(uint64_t{1} << (kBits - 1));
    // -2^(N-1) - 1 if representable in F, else the inclusive bound -2^(N-1).
    constexpr F kBelow = kMin - F(1);
    if constexpr (kBelow != kMin) {
      return x > kBelow;
    } else {
      return x >= kMin;
    }
  } else {
    return x > F(-1);
  }
}

template <class I, class F>
constexpr Checked<std::make_unsigned_t<I>> truncChecked(F x) {
  using U = std::make_unsigned_t<I>;
  if (fp::isNan(x)) return trap<U>(TrapKind::InvalidConversion);
  if (!truncInRange<I>(x)) return trap<U>(TrapKind::IntegerOverflow);
  return ok(static_cast<U>(static_cast<I>(x)));
}

template <class I, class F>
constexpr std::make_unsigned_t<I> truncSat(F x) {
  using U = std::make_unsigned_t<I>;
  if (fp::isNan(x)) return 0;
  if (truncInRange<I>(x)) return static_cast<U>(static_cast<I>(x));
  if (x < F(0)) return static_cast<U>(std::numeric_limits<I>::min());
  return static_cast<U>(std::numeric_limits<I>::max());
}

}  // namespace detail

// ---------------------------------------------------------------------------
// Conversions (spec 4.3.4)
constexpr uint32_t I32WrapI64(uint64_t a) { return static_cast<uint32_t>(a); }
constexpr Checked<uint32_t> I32TruncF32S(float a) { return detail::truncChecked<int32_t>(a); }
constexpr Checked<uint32_t> I32TruncF32U(float a) { return detail::truncChecked<uint32_t>(a); }
constexpr Checked<uint32_t> I32TruncF64S(double a) { return detail::truncChecked<int32_t>(a); }
constexpr Checked<uint32_t> I32TruncF64U(double a) { return detail::truncChecked<uint32_t>(a); }
constexpr uint64_t I64ExtendI32S(uint32_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(detail::s32(a)));
}
constexpr uint64_t I64ExtendI32U(uint32_t a) { return a; }
constexpr Checked<uint64_t> I64TruncF32S(float a) { return detail::truncChecked<int64_t>(a); }
constexpr Checked<uint64_t> I64TruncF32U(float a) { return detail::truncChecked<uint64_t>(a); }
constexpr Checked<uint64_t> I64TruncF64S(double a) { return detail::truncChecked<int64_t>(a); }
constexpr Checked<uint64_t> I64TruncF64U(double a) { return detail::truncChecked<uint64_t>(a); }

// i32 -> f32 rounds once (through f64 would also be exact then rounded once);
// i32 -> f64 is exact; i64 sources go through the bit-exact helpers.
constexpr float F32ConvertI32S(uint32_t a) { return static_cast<float>(detail::s32(a)); }
constexpr float F32ConvertI32U(uint32_t a) {
  return static_cast<float>(static_cast<double>(a));  // exact in f64, one rounding
}
constexpr float F32ConvertI64S(uint64_t a) { return fp::i64ToF32(a); }
constexpr float F32ConvertI64U(uint64_t a) { return fp::u64ToF32(a); }

// fdemote/fpromote. Non-NaN values: the host conversion is exact (promote) or
// correctly rounded with overflow to infinity (demote). NaNs are built on the
// bits the way x86/ARM hardware does it (keep sign and the top payload bits,
// set the quiet bit), so a canonical NaN stays canonical and any other NaN
// becomes an arithmetic NaN on every host.
constexpr float F32DemoteF64(double a) {
  if (fp::isNan(a)) {
    uint64_t b = fp::bits(a);
    uint32_t sign = static_cast<uint32_t>(b >> 32) & 0x80000000u;
    uint32_t payload = static_cast<uint32_t>((b & fp::Traits<double>::kMant) >> 29);
    return fp::fromBits<float>(sign | 0x7FC00000u | payload);
  }
  return static_cast<float>(a);
}
constexpr double F64PromoteF32(float a) {
  if (fp::isNan(a)) {
    uint32_t b = fp::bits(a);
    uint64_t sign = static_cast<uint64_t>(b & 0x80000000u) << 32;
    uint64_t payload = static_cast<uint64_t>(b & fp::Traits<float>::kMant) << 29;
    return fp::fromBits<double>(sign | 0x7FF8000000000000ull | payload);
  }
  return static_cast<double>(a);
}

constexpr double F64ConvertI32S(uint32_t a) { return static_cast<double>(detail::s32(a)); }
constexpr double F64ConvertI32U(uint32_t a) { return static_cast<double>(a); }
constexpr double F64ConvertI64S(uint64_t a) { return static_cast<double>(detail::s64(a)); }
constexpr double F64ConvertI64U(uint64_t a) { return fp::u64ToF64(a); }

constexpr uint32_t I32ReinterpretF32(float a) { return std::bit_cast<uint32_t>(a); }
constexpr uint64_t I64ReinterpretF64(double a) { return std::bit_cast<uint64_t>(a); }
constexpr float F32ReinterpretI32(uint32_t a) { return std::bit_cast<float>(a); }
constexpr double F64ReinterpretI64(uint64_t a) { return std::bit_cast<double>(a); }

// ---------------------------------------------------------------------------
// Sign extension (spec: iextendN_s)
constexpr uint32_t I32Extend8S(uint32_t a) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(a)));
}
constexpr uint32_t I32Extend16S(uint32_t a) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(a)));
}
constexpr uint64_t I64Extend8S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(a)));
}
constexpr uint64_t I64Extend16S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(a)));
}
constexpr uint64_t I64Extend32S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a)));
}

// ---------------------------------------------------------------------------
// Saturating truncation (0xFC 0..7)
constexpr uint32_t I32TruncSatF32S(float a) { return detail::truncSat<int32_t>(a); }
constexpr uint32_t I32TruncSatF32U(float a) { return detail::truncSat<uint32_t>(a); }
constexpr uint32_t I32TruncSatF64S(double a) { return detail::truncSat<int32_t>(a); }
constexpr uint32_t I32TruncSatF64U(double a) { return detail::truncSat<uint32_t>(a); }
constexpr uint64_t I64TruncSatF32S(float a) { return detail::truncSat<int64_t>(a); }
constexpr uint64_t I64TruncSatF32U(float a) { return detail::truncSat<uint64_t>(a); }
constexpr uint64_t I64TruncSatF64S(double a) { return detail::truncSat<int64_t>(a); }
constexpr uint64_t I64TruncSatF64U(double a) { return detail::truncSat<uint64_t>(a); }

// ---------------------------------------------------------------------------
// Wide arithmetic (https://github.com/WebAssembly/wide-arithmetic): 128-bit
// values as (low, high) pairs of i64; operands in the order lhs_lo lhs_hi
// rhs_lo rhs_hi, results (low, high).
namespace detail {

// 64x64 -> 128 unsigned product from 32-bit halves; portable, used where the
// compiler has no 128-bit integer type (and tested directly everywhere).
constexpr std::pair<uint64_t, uint64_t> mulWideUPortable(uint64_t a, uint64_t b) {
  uint64_t aLo = a & 0xFFFFFFFFu, aHi = a >> 32;
  uint64_t bLo = b & 0xFFFFFFFFu, bHi = b >> 32;
  uint64_t ll = aLo * bLo, lh = aLo * bHi, hl = aHi * bLo, hh = aHi * bHi;
  uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);  // < 3 * 2^32
  uint64_t lo = (mid << 32) | (ll & 0xFFFFFFFFu);
  uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
  return {lo, hi};
}

constexpr std::pair<uint64_t, uint64_t> mulWideU(uint64_t a, uint64_t b) {
#if defined(__SIZEOF_INT128__)
  __extension__ using U128 = unsigned __int128;
  U128 p = static_cast<U128>(a) * b;
  return {static_cast<uint64_t>(p), static_cast<uint64_t>(p >> 64)};
#else
  return mulWideUPortable(a, b);
#endif
}

}  // namespace detail

constexpr std::pair<uint64_t, uint64_t> I64Add128(uint64_t aLo, uint64_t aHi, uint64_t bLo,
                                                  uint64_t bHi) {
  uint64_t lo = aLo + bLo;
  uint64_t carry = lo < aLo ? 1 : 0;
  return {lo, aHi + bHi + carry};
}
constexpr std::pair<uint64_t, uint64_t> I64Sub128(uint64_t aLo, uint64_t aHi, uint64_t bLo,
                                                  uint64_t bHi) {
  uint64_t borrow = aLo < bLo ? 1 : 0;
  return {aLo - bLo, aHi - bHi - borrow};
}
constexpr std::pair<uint64_t, uint64_t> I64MulWideU(uint64_t a, uint64_t b) {
  return detail::mulWideU(a, b);
}
// Signed product from the unsigned one: reading a negative operand x as
// x + 2^64 adds (other operand) * 2^64, i.e. (other) to the high half;
// subtract it back, modulo 2^64.
constexpr std::pair<uint64_t, uint64_t> I64MulWideS(uint64_t a, uint64_t b) {
  auto [lo, hi] = detail::mulWideU(a, b);
  if (detail::s64(a) < 0) hi -= b;
  if (detail::s64(b) < 0) hi -= a;
  return {lo, hi};
}

}  // namespace witt::num
