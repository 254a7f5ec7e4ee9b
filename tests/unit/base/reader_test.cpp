// LEB128 and name decoding on hand-written bytes.
#include "base/reader.h"

#include <gtest/gtest.h>

namespace witt {
namespace {

Reader reader(std::initializer_list<uint8_t> bytes) {
  static std::vector<uint8_t> storage;
  storage.assign(bytes);
  return Reader(storage);
}

TEST(Reader, UnsignedLeb) {
  auto r = reader({0xE5, 0x8E, 0x26});
  EXPECT_EQ(r.readU32(), 624485u);
  EXPECT_FALSE(r.failed());
  EXPECT_TRUE(r.atEnd());
}

TEST(Reader, UnsignedLebMaximum) {
  auto r = reader({0xFF, 0xFF, 0xFF, 0xFF, 0x0F});
  EXPECT_EQ(r.readU32(), 0xFFFFFFFFu);
  EXPECT_FALSE(r.failed());
}

TEST(Reader, UnsignedLebTooLarge) {
  auto r = reader({0xFF, 0xFF, 0xFF, 0xFF, 0x1F});
  r.readU32();
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error().message, "integer too large");
  EXPECT_EQ(*r.error().offset, 4u);
}

TEST(Reader, UnsignedLebTooLong) {
  auto r = reader({0x80, 0x80, 0x80, 0x80, 0x80, 0x00});
  r.readU32();
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error().message, "integer representation too long");
}

TEST(Reader, PaddedUnsignedLebIsAccepted) {
  // 0 written in five bytes is a valid (non-minimal) encoding.
  auto r = reader({0x80, 0x80, 0x80, 0x80, 0x00});
  EXPECT_EQ(r.readU32(), 0u);
  EXPECT_FALSE(r.failed());
}

TEST(Reader, SignedLeb) {
  auto r = reader({0x7F, 0x80, 0x7F, 0xC0, 0xBB, 0x78});
  EXPECT_EQ(r.readS32(), -1);
  EXPECT_EQ(r.readS32(), -128);
  EXPECT_EQ(r.readS32(), -123456);
  EXPECT_FALSE(r.failed());
}

TEST(Reader, SignedLebExtremes) {
  auto r = reader({0x80, 0x80, 0x80, 0x80, 0x78, 0xFF, 0xFF, 0xFF, 0xFF, 0x07});
  EXPECT_EQ(r.readS32(), INT32_MIN);
  EXPECT_EQ(r.readS32(), INT32_MAX);
  EXPECT_FALSE(r.failed());
}

TEST(Reader, SignedLebUnusedBitsMustExtendSign) {
  auto r = reader({0x80, 0x80, 0x80, 0x80, 0x70});  // bits 4..6 = 111 but sign bit 3 = 0
  r.readS32();
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error().message, "integer too large");
}

TEST(Reader, SignedLeb64Extremes) {
  auto r = reader({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F});
  EXPECT_EQ(r.readS64(), INT64_MIN);
  EXPECT_FALSE(r.failed());
  auto bad = reader({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01});
  bad.readS64();
  EXPECT_TRUE(bad.failed());
}

TEST(Reader, TruncatedLeb) {
  auto r = reader({0x80, 0x80});
  r.readU32();
  EXPECT_TRUE(r.failed());
}

TEST(Reader, ErrorsAreSticky) {
  auto r = reader({0x80});
  r.readU32();
  EXPECT_TRUE(r.failed());
  EXPECT_EQ(r.readByte(), 0);
  EXPECT_EQ(r.readU32(), 0u);
}

TEST(Reader, NameRejectsInvalidUtf8) {
  auto r = reader({0x02, 0xC0, 0x80});  // overlong encoding of NUL
  r.readName();
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error().message, "malformed UTF-8 encoding");
}

TEST(Reader, NameAcceptsUtf8) {
  auto r = reader({0x03, 0xE2, 0x82, 0xAC});
  EXPECT_EQ(r.readName(), "\xE2\x82\xAC");
  EXPECT_FALSE(r.failed());
}

}  // namespace
}  // namespace witt
