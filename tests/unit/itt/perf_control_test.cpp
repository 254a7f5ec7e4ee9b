// Driving perf through its control fifo: a stand-in for `perf stat --control
// fifo:CTL,ACK` reads the commands and acknowledges them as perf does
// ("ack\n" and a NUL), so the protocol and the mark tool's enable/disable
// sequence are tested without perf. tests/itt/cli_test.sh runs real perf.
#include "itt/perf_control.h"

#include <gtest/gtest.h>

#if defined(__linux__)
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "itt/mark_tool.h"
#include "witt/engine.h"

namespace witt::itt {
namespace {

// A temporary directory with the two fifos.
struct Fifos {
  std::string dir, ctl, ack;
  Fifos() {
    char tmpl[] = "/tmp/witt-perfctl-XXXXXX";
    dir = mkdtemp(tmpl);
    ctl = dir + "/ctl";
    ack = dir + "/ack";
    EXPECT_EQ(mkfifo(ctl.c_str(), 0600), 0);
    EXPECT_EQ(mkfifo(ack.c_str(), 0600), 0);
  }
  ~Fifos() {
    unlink(ctl.c_str());
    unlink(ack.c_str());
    rmdir(dir.c_str());
  }
};

// Reads commands line by line and acknowledges each (unless told not to),
// until it reads "quit".
class FakePerf {
 public:
  explicit FakePerf(const Fifos& f, bool acknowledge = true) : acknowledge_(acknowledge) {
    // O_RDWR: a reader (and writer) at once, so opening never blocks.
    ctl_ = ::open(f.ctl.c_str(), O_RDWR);
    ack_ = ::open(f.ack.c_str(), O_RDWR);
    thread_ = std::thread([this] { loop(); });
  }
  ~FakePerf() { stop(); }
  void stop() {
    if (!thread_.joinable()) return;
    EXPECT_EQ(::write(ctl_, "quit\n", 5), 5);
    thread_.join();
    ::close(ctl_);
    ::close(ack_);
  }
  std::vector<std::string> commands;  // read after stop()

 private:
  void loop() {
    std::string buf;
    char c;
    while (::read(ctl_, &c, 1) == 1) {
      if (c != '\n') {
        buf += c;
        continue;
      }
      if (buf == "quit") return;
      commands.push_back(buf);
      buf.clear();
      if (acknowledge_) {
        EXPECT_EQ(::write(ack_, "ack\n", 5), 5);  // with the NUL, as perf 6.1
      }
    }
  }
  bool acknowledge_;
  int ctl_ = -1, ack_ = -1;
  std::thread thread_;
};

TEST(PerfControl, SendsCommandsAndWaitsForAck) {
  Fifos f;
  FakePerf perf(f);
  auto pc = PerfControl::open(f.ctl + "," + f.ack);
  ASSERT_TRUE(pc.ok()) << pc.error().message;
  EXPECT_FALSE(pc->enabled());
  ASSERT_TRUE(pc->enable().ok());
  EXPECT_TRUE(pc->enabled());
  ASSERT_TRUE(pc->disable().ok());
  ASSERT_TRUE(pc->enable().ok());
  EXPECT_EQ(pc->commands(), 3u);
  perf.stop();
  EXPECT_EQ(perf.commands, (std::vector<std::string>{"enable", "disable", "enable"}));
}

TEST(PerfControl, AcceptsPerfsFifoPrefixAndNoAck) {
  Fifos f;
  FakePerf perf(f, /*acknowledge=*/false);
  auto pc = PerfControl::open("fifo:" + f.ctl);
  ASSERT_TRUE(pc.ok()) << pc.error().message;
  ASSERT_TRUE(pc->enable().ok());
  perf.stop();
  EXPECT_EQ(perf.commands, (std::vector<std::string>{"enable"}));
}

TEST(PerfControl, MissingAckTimesOut) {
  Fifos f;
  FakePerf perf(f, /*acknowledge=*/false);
  auto pc = PerfControl::open(f.ctl + "," + f.ack, /*ackTimeoutMs=*/100);
  ASSERT_TRUE(pc.ok()) << pc.error().message;
  auto r = pc->enable();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "--perf-control: no 'ack' from perf on " + f.ack + " within 100 ms");
}

TEST(PerfControl, ErrorsNameThePathAndTheCause) {
  Fifos f;
  auto none = PerfControl::open(f.dir + "/nope");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message, "--perf-control: control fifo " + f.dir +
                                      "/nope: No such file or directory (create it with: mkfifo " +
                                      f.dir + "/nope)");
  auto notFifo = PerfControl::open(f.dir);
  ASSERT_FALSE(notFifo.ok());
  EXPECT_NE(notFifo.error().message.find(": not a fifo"), std::string::npos);
  // A fifo that nobody reads: perf is not running.
  auto noReader = PerfControl::open(f.ctl + "," + f.ack);
  ASSERT_FALSE(noReader.ok());
  EXPECT_NE(noReader.error().message.find("control fifo " + f.ctl + ": no process reads it"),
            std::string::npos)
      << noReader.error().message;
  EXPECT_FALSE(PerfControl::open("").ok());
  EXPECT_FALSE(PerfControl::open(f.ctl + ",").ok());
  EXPECT_NE(PerfControl::open("fd:3,4").error().message.find("fifo paths"), std::string::npos);
}

TEST(PerfControl, MarkToolEnablesPerfWhileAnyRegionIsActive) {
  Fifos f;
  FakePerf perf(f);
  auto m = Module::fromText(R"((module (func (export "f")
      (trace_instruction 1) nop (trace_instruction 2) nop (trace_instruction 1) nop
      (trace_instruction 2) nop (trace_instruction 3) nop (trace_instruction 3))))");
  ASSERT_TRUE(m.ok());
  MarkToolOptions o;
  o.perfControl = f.ctl + "," + f.ack;
  auto tool = MarkTool::create(o);
  ASSERT_TRUE(tool.ok()) << tool.error().message;
  auto inst = Instance::create(*m, {});
  ASSERT_TRUE(inst.ok());
  ASSERT_TRUE(inst->invoke("f", {}, **tool).ok());
  (*tool)->finish();
  EXPECT_FALSE((*tool)->perfControlError().has_value());
  perf.stop();
  // Regions 1 and 2 overlap: one enable when the first starts, one disable
  // when the last stops; then region 3.
  EXPECT_EQ(perf.commands, (std::vector<std::string>{"enable", "disable", "enable", "disable"}));
}

TEST(PerfControl, MarkToolDisablesPerfAtTheEndOfTheRun) {
  Fifos f;
  FakePerf perf(f);
  auto m = Module::fromText(R"((module (func (export "f") (trace_instruction 1) nop)))");
  ASSERT_TRUE(m.ok());
  MarkToolOptions o;
  o.perfControl = f.ctl + "," + f.ack;
  auto tool = MarkTool::create(o);
  ASSERT_TRUE(tool.ok()) << tool.error().message;
  auto inst = Instance::create(*m, {});
  ASSERT_TRUE(inst->invoke("f", {}, **tool).ok());
  (*tool)->finish();
  (*tool)->finish();
  perf.stop();
  EXPECT_EQ(perf.commands, (std::vector<std::string>{"enable", "disable"}));
}

}  // namespace
}  // namespace witt::itt

#endif
