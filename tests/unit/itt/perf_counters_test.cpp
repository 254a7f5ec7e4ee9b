// Hardware counters: either real values come back, or a one-line reason why
// not. Nothing here depends on the host having a PMU.
#include "itt/perf_counters.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace witt::itt {
namespace {

// Some work to count.
uint64_t busyWork() {
  volatile uint64_t x = 1;
  for (int i = 0; i < 200000; ++i) x = x * 6364136223846793005ull + 1442695040888963407ull;
  return x;
}

TEST(PerfCounters, ValuesOrAReason) {
  auto pc = PerfCounters::open();
  if (!pc.ok()) {
    // Unavailable here: the reason is one non-empty line naming perf_event_open.
    const std::string& why = pc.error().message;
    EXPECT_FALSE(why.empty());
    EXPECT_EQ(why.find('\n'), std::string::npos);
    EXPECT_EQ(why.rfind("perf_event_open", 0), 0u) << why;
    std::printf("[ perf ] counters unavailable: %s\n", why.c_str());
    return;
  }
  pc->reset();
  pc->start();
  busyWork();
  pc->stop();
  auto v = pc->read();
  if (!v.ok()) {
    EXPECT_FALSE(v.error().message.empty());
    std::printf("[ perf ] read failed: %s\n", v.error().message.c_str());
    return;
  }
  // Every counter asked for either has a value or is listed as missing with a reason.
  size_t present = 0;
  for (Counter c : kAllCounters) present += (*v)[c].has_value();
  EXPECT_EQ(present + pc->missing().size(), kNumCounters);
  for (const auto& [c, why] : pc->missing()) EXPECT_FALSE(why.empty()) << toString(c);
  EXPECT_GT(present, 0u);
  if ((*v)[Counter::Instructions]) {
    EXPECT_GT(*(*v)[Counter::Instructions], 100000u);
  }
  EXPECT_GT(v->timeEnabled, 0u);
  EXPECT_FALSE(v->describe().empty());
  std::printf("[ perf ] %s\n", v->describe().c_str());
}

TEST(PerfCounters, ReasonsAreOneLine) {
  for (int err : {EACCES, EPERM, ENOENT, ENODEV, EOPNOTSUPP, ENOSYS, EMFILE, EINVAL, EBUSY}) {
    std::string why = perfUnavailableReason(err);
    EXPECT_EQ(why.rfind("perf_event_open: ", 0), 0u) << why;
    EXPECT_GT(why.size(), std::string("perf_event_open: ").size());
    EXPECT_EQ(why.find('\n'), std::string::npos);
  }
  EXPECT_NE(perfUnavailableReason(EACCES).find("perf_event_paranoid"), std::string::npos);
}

TEST(PerfCounters, NamesArePerfEventNames) {
  EXPECT_STREQ(toString(Counter::Cycles), "cycles");
  EXPECT_STREQ(toString(Counter::BranchMisses), "branch-misses");
}

}  // namespace
}  // namespace witt::itt
