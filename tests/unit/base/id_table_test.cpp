// IdTable: the same state per id whether the id is kept in the vector (small
// ids) or the map (large ones), and nothing for ids never used.
#include "base/id_table.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace witt {
namespace {

TEST(IdTable, EachIdKeepsItsOwnState) {
  IdTable<uint64_t> t;
  constexpr uint32_t kLast = IdTable<uint64_t>::kDenseIds - 1;
  const uint32_t ids[] = {0, 5, kLast, kLast + 1, 1u << 20, UINT32_MAX};
  for (uint64_t round = 1; round <= 3; ++round)
    for (uint32_t id : ids) ++t[id];
  ++t[5];
  for (uint32_t id : ids) {
    ASSERT_NE(t.find(id), nullptr) << id;
    EXPECT_EQ(*t.find(id), id == 5 ? 4u : 3u) << id;
  }
}

TEST(IdTable, UnusedIdsHaveNoStateAndClearForgetsAll) {
  IdTable<uint64_t> t;
  EXPECT_EQ(t.find(0), nullptr);
  EXPECT_EQ(t.find(UINT32_MAX), nullptr);
  t[3] = 7;
  t[1u << 30] = 9;
  // An id the vector grew over reads as value-initialized; a large id
  // never used is absent.
  ASSERT_NE(t.find(2), nullptr);
  EXPECT_EQ(*t.find(2), 0u);
  EXPECT_EQ(t.find((1u << 30) + 1), nullptr);
  t.clear();
  EXPECT_EQ(t.find(3), nullptr);
  EXPECT_EQ(t.find(1u << 30), nullptr);
  EXPECT_EQ(t[3], 0u);
}

}  // namespace
}  // namespace witt
