// nativeStackRemaining measures the calling thread's stack.
#include "base/native_stack.h"

#include <gtest/gtest.h>

#include "support/small_stack.h"

namespace witt {
namespace {

// 16 frames of at least 1 KiB each between the two measurements.
[[gnu::noinline]] size_t remainingBelow(int levels) {
  char pad[1024];
  pad[0] = static_cast<char>(levels);
  // The whole pad stays in the frame (clang kept one byte of a volatile
  // array), and is used after the call, so the recursion stays a recursion.
  asm volatile("" : : "r"(pad) : "memory");
  size_t r = levels == 0 ? nativeStackRemaining() : remainingBelow(levels - 1);
  asm volatile("" : : "r"(pad) : "memory");
  return r;
}

TEST(NativeStack, RemainingShrinksWithDepth) {
  size_t outer = nativeStackRemaining();
  size_t inner = remainingBelow(16);
  EXPECT_LT(inner + 16 * 1024, outer);
}

TEST(NativeStack, RemainingFitsTheThreadsStack) {
  size_t onSmall = 0;
  bool lowOnTiny = false, lowOnSmall = true;
  test::runOnSmallStack(512 * 1024, [&] {
    onSmall = nativeStackRemaining();
    lowOnSmall = nativeStackLow();
  });
  EXPECT_GT(onSmall, 256u * 1024);
  EXPECT_LE(onSmall, 512u * 1024);
  EXPECT_FALSE(lowOnSmall);
  test::runOnSmallStack(128 * 1024, [&] { lowOnTiny = nativeStackLow(); });
  EXPECT_TRUE(lowOnTiny);
}

}  // namespace
}  // namespace witt
