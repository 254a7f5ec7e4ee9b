// Numeric literals: ranges, signs, hex, floats, NaN payloads.
#include "text/literals.h"

#include <gtest/gtest.h>

namespace witt::text {
namespace {

uint64_t intBits(std::string_view s, unsigned bits) {
  uint64_t v = 0;
  EXPECT_EQ(parseIntBits(s, bits, v), LitStatus::Ok) << s;
  return v;
}

uint32_t f32(std::string_view s) {
  uint32_t b = 0;
  EXPECT_EQ(parseF32(s, b), LitStatus::Ok) << s;
  return b;
}

uint64_t f64(std::string_view s) {
  uint64_t b = 0;
  EXPECT_EQ(parseF64(s, b), LitStatus::Ok) << s;
  return b;
}

TEST(Literals, Integers) {
  EXPECT_EQ(intBits("0", 32), 0u);
  EXPECT_EQ(intBits("4294967295", 32), 0xFFFFFFFFu);
  EXPECT_EQ(intBits("-1", 32), 0xFFFFFFFFu);
  EXPECT_EQ(intBits("-2147483648", 32), 0x80000000u);
  EXPECT_EQ(intBits("0x1_0000", 32), 0x10000u);
  EXPECT_EQ(intBits("+0x7fffffff", 32), 0x7FFFFFFFu);
  EXPECT_EQ(intBits("-0x8000000000000000", 64), 0x8000000000000000u);
  EXPECT_EQ(intBits("18446744073709551615", 64), ~uint64_t{0});
  EXPECT_EQ(intBits("-128", 8), 0x80u);
  EXPECT_EQ(intBits("255", 8), 0xFFu);
  uint64_t v;
  EXPECT_EQ(parseIntBits("4294967296", 32, v), LitStatus::Range);
  EXPECT_EQ(parseIntBits("-2147483649", 32, v), LitStatus::Range);
  EXPECT_EQ(parseIntBits("+2147483648", 32, v), LitStatus::Range);  // sN with '+'
  EXPECT_EQ(parseIntBits("18446744073709551616", 64, v), LitStatus::Range);
  EXPECT_EQ(parseIntBits("256", 8, v), LitStatus::Range);
  EXPECT_EQ(parseIntBits("1.0", 32, v), LitStatus::Syntax);
  EXPECT_EQ(parseIntBits("0x", 32, v), LitStatus::Syntax);
}

TEST(Literals, Nat) {
  uint64_t v;
  EXPECT_EQ(parseNat("0xFFFF_FFFF", UINT32_MAX, v), LitStatus::Ok);
  EXPECT_EQ(v, 0xFFFFFFFFu);
  EXPECT_EQ(parseNat("+1", UINT32_MAX, v), LitStatus::Syntax);
  EXPECT_EQ(parseNat("4294967296", UINT32_MAX, v), LitStatus::Range);
}

TEST(Literals, Floats) {
  EXPECT_EQ(f32("0"), 0u);
  EXPECT_EQ(f32("-0"), 0x80000000u);
  EXPECT_EQ(f32("1"), 0x3F800000u);
  EXPECT_EQ(f32("0x1p-1"), 0x3F000000u);
  EXPECT_EQ(f32("1_000.5"), 0x447A2000u);
  EXPECT_EQ(f32("inf"), 0x7F800000u);
  EXPECT_EQ(f32("-inf"), 0xFF800000u);
  EXPECT_EQ(f32("nan"), 0x7FC00000u);
  EXPECT_EQ(f32("-nan"), 0xFFC00000u);
  EXPECT_EQ(f32("nan:0x1"), 0x7F800001u);
  EXPECT_EQ(f32("nan:0x7f_ffff"), 0x7FFFFFFFu);
  EXPECT_EQ(f32("0x1.fffffep127"), 0x7F7FFFFFu);
  EXPECT_EQ(f32("0x1p-149"), 1u);                            // smallest subnormal
  EXPECT_EQ(f32("0x1.fffffefffffffffffp127"), 0x7F7FFFFFu);  // rounds down
  EXPECT_EQ(f64("0x1p-1074"), 1u);
  EXPECT_EQ(f64("1e-400"), 0u);  // underflow is fine
  EXPECT_EQ(f64("nan:0xf_ffff_ffff_ffff"), 0x7FFFFFFFFFFFFFFFu);
  EXPECT_EQ(f64("0.1"), 0x3FB999999999999Au);
  uint32_t b;
  EXPECT_EQ(parseF32("1e39", b), LitStatus::Range);
  EXPECT_EQ(parseF32("0x1p128", b), LitStatus::Range);
  EXPECT_EQ(parseF32("0x1.ffffffp127", b), LitStatus::Range);  // rounds to infinity
  EXPECT_EQ(parseF32("nan:0x0", b), LitStatus::Range);
  EXPECT_EQ(parseF32("nan:0x80_0000", b), LitStatus::Range);
  EXPECT_EQ(parseF32("nan:1", b), LitStatus::Syntax);
  EXPECT_EQ(parseF32("1x", b), LitStatus::Syntax);
  uint64_t d;
  EXPECT_EQ(parseF64("0x1p1024", d), LitStatus::Range);
  EXPECT_EQ(parseF64("nan:0x10_0000_0000_0000", d), LitStatus::Range);
}

TEST(Literals, Strings) {
  std::string out, err;
  EXPECT_TRUE(decodeString(R"(a\00\ff\u{7F})", out, err));
  EXPECT_EQ(out, std::string("a\0\xff\x7f", 4));
  EXPECT_FALSE(decodeString(R"(\u{110000})", out, err));
  EXPECT_FALSE(decodeString(R"(\g0)", out, err));
  EXPECT_EQ(err, "illegal escape");
}

}  // namespace
}  // namespace witt::text
