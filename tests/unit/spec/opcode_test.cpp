// The opcode table: every opcode round-trips through its encoding and name.
#include "spec/opcode.h"

#include <gtest/gtest.h>

#include <set>

namespace witt {
namespace {

TEST(Opcode, EveryOpcodeDecodesToItself) {
  for (size_t i = 0; i < kOpCount; ++i) {
    Op op = static_cast<Op>(i);
    const OpInfo& in = info(op);
    std::optional<Op> back = in.prefix ? opFromPrefixed(in.prefix, in.code)
                                       : opFromByte(static_cast<uint8_t>(in.code));
    ASSERT_TRUE(back.has_value()) << in.name;
    EXPECT_EQ(*back, op) << in.name;
  }
}

TEST(Opcode, NamesAreUniqueExceptSelect) {
  std::set<std::string_view> seen;
  for (size_t i = 0; i < kOpCount; ++i) {
    std::string_view n = kOpInfo[i].name;
    if (n == "select") continue;
    EXPECT_TRUE(seen.insert(n).second) << n;
    EXPECT_EQ(opFromName(n), static_cast<Op>(i)) << n;
  }
  EXPECT_EQ(opFromName("select"), Op::Select);
}

TEST(Opcode, SignaturesParse) {
  auto s = signature(Op::I32Add);
  EXPECT_EQ(s.numParams, 2);
  EXPECT_EQ(s.numResults, 1);
  EXPECT_EQ(s.params[0], 'i');
  EXPECT_EQ(s.results[0], 'i');
  EXPECT_FALSE(hasSignature(Op::Block));
  EXPECT_EQ(signature(Op::I64Store).params[1], 'l');
}

TEST(Opcode, MemoryAccessesHaveAlignment) {
  for (size_t i = 0; i < kOpCount; ++i) {
    const OpInfo& in = kOpInfo[i];
    bool isMem = in.imm == Imm::MemArg || in.imm == Imm::MemArgLane;
    EXPECT_EQ(isMem, in.alignLog2 >= 0) << in.name;
  }
}

TEST(Opcode, UnknownEncodings) {
  EXPECT_FALSE(opFromByte(0xFF).has_value());
  EXPECT_FALSE(opFromPrefixed(0xFD, 0x9A).has_value());  // reserved SIMD slot
  EXPECT_FALSE(opFromPrefixed(0xFC, 0x12).has_value());
}

}  // namespace
}  // namespace witt
