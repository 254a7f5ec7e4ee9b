// Linear memory (src/runtime/memory.*) with 64 KiB and 1-byte pages (custom
// page sizes): sizes and growth in pages, bytes committed in host pages,
// limits.
#include "runtime/memory.h"

#include <gtest/gtest.h>

#include <unistd.h>

namespace witt::runtime {
namespace {

MemoryType bytePages(uint64_t min, std::optional<uint64_t> max, bool is64 = false) {
  MemoryType t;
  t.limits.min = min;
  t.limits.max = max;
  t.limits.is64 = is64;
  t.pageSizeLog2 = 0;
  t.explicitPageSize = true;
  return t;
}

TEST(Memory, DefaultPagesAre64KiB) {
  MemoryType t;
  t.limits.min = 1;
  t.limits.max = 3;
  auto m = Memory::create(t);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ((*m)->pageSize(), 65536u);
  EXPECT_EQ((*m)->size(), 65536u);
  EXPECT_EQ((*m)->pages(), 1u);
  EXPECT_EQ((*m)->grow(2), 1);
  EXPECT_EQ((*m)->size(), 3u * 65536);
  EXPECT_EQ((*m)->grow(1), -1);
}

TEST(Memory, OneBytePagesGrowByBytes) {
  auto r = Memory::create(bytePages(3, 10000));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  Memory& m = **r;
  EXPECT_EQ(m.pageSize(), 1u);
  EXPECT_EQ(m.size(), 3u);
  EXPECT_EQ(m.pages(), 3u);
  m.base()[2] = 7;  // the last byte is usable
  EXPECT_TRUE(m.inBounds(0, 3));
  EXPECT_FALSE(m.inBounds(1, 3));
  // Growing within the committed host page and across host pages.
  EXPECT_EQ(m.grow(1), 3);
  EXPECT_EQ(m.size(), 4u);
  EXPECT_EQ(m.base()[3], 0);
  uint64_t hostPage = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  EXPECT_EQ(m.grow(hostPage + 1), 4);
  EXPECT_EQ(m.pages(), hostPage + 5);
  m.base()[hostPage + 4] = 9;  // the new last byte, in the second host page
  EXPECT_EQ(m.base()[2], 7);
  EXPECT_EQ(m.grow(0), static_cast<int64_t>(hostPage + 5));
  // Up to the maximum, byte by byte, and not one more.
  EXPECT_EQ(m.grow(10000 - (hostPage + 5)), static_cast<int64_t>(hostPage + 5));
  EXPECT_EQ(m.size(), 10000u);
  m.base()[9999] = 1;
  EXPECT_EQ(m.grow(1), -1);
  EXPECT_EQ(m.size(), 10000u);
}

TEST(Memory, OneBytePagesWithoutMaximumStopBelow4GiB) {
  // A 32-bit memory holds at most 2^32 - 1 one-byte pages (reserved, not
  // committed).
  auto r = Memory::create(bytePages(0, std::nullopt));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  Memory& m = **r;
  EXPECT_EQ(m.size(), 0u);
  EXPECT_EQ(m.grow(uint64_t{1} << 32), -1);
  EXPECT_EQ(m.grow(0xFFFFFFFF), 0);
  EXPECT_EQ(m.pages(), 0xFFFFFFFFu);
  EXPECT_EQ(m.grow(1), -1);
  auto full = Memory::create(bytePages(uint64_t{1} << 32, std::nullopt));
  EXPECT_FALSE(full.ok());
}

TEST(Memory, OneBytePages64) {
  auto r = Memory::create(bytePages(5, std::nullopt, true));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ((*r)->size(), 5u);
  EXPECT_EQ((*r)->grow(uint64_t{1} << 32), 5);
  EXPECT_EQ((*r)->pages(), (uint64_t{1} << 32) + 5);
  // Beyond witt's limit for 64-bit memories: growth fails.
  EXPECT_EQ((*r)->grow(kMaxMemory64Bytes), -1);
}

TEST(Memory, OtherPageSizesAreRejected) {
  MemoryType t;
  t.pageSizeLog2 = 12;
  auto r = Memory::create(t);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "invalid custom page size");
}

}  // namespace
}  // namespace witt::runtime
