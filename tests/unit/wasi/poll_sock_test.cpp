// poll_oneoff and the sock_* functions.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "unit/wasi/wasi_harness.h"

namespace witt::test {
namespace {

using wasi::Errno;
namespace rights = wasi::rights;

// Subscriptions at 0x1000 (48 bytes each), events at 0x2000 (32 bytes each).
constexpr uint32_t kSubs = 0x1000, kEvents = 0x2000, kNevents = 0x3000;

void clockSub(WasiHarness& h, uint32_t i, uint64_t userdata, uint32_t clock, uint64_t timeout,
              uint16_t flags = 0) {
  uint32_t s = kSubs + i * 48;
  std::memset(h.mem() + s, 0, 48);
  h.putU64(s, userdata);
  h.mem()[s + 8] = 0;  // eventtype::clock
  h.putU32(s + 16, clock);
  h.putU64(s + 24, timeout);
  std::memcpy(h.mem() + s + 40, &flags, 2);
}

void fdSub(WasiHarness& h, uint32_t i, uint64_t userdata, bool write, uint32_t fd) {
  uint32_t s = kSubs + i * 48;
  std::memset(h.mem() + s, 0, 48);
  h.putU64(s, userdata);
  h.mem()[s + 8] = write ? 2 : 1;
  h.putU32(s + 16, fd);
}

struct Event {
  uint64_t userdata;
  uint16_t error;
  uint8_t type;
  uint64_t nbytes;
  uint16_t flags;
};

std::vector<Event> events(WasiHarness& h) {
  std::vector<Event> out;
  for (uint32_t i = 0; i < h.u32(kNevents); ++i) {
    uint32_t e = kEvents + i * 32;
    out.push_back({h.u64(e), h.u16(e + 8), h.u8(e + 10), h.u64(e + 16), h.u16(e + 24)});
  }
  return out;
}

WasiConfig quiet() {
  WasiConfig c;
  c.args = {"t"};
  c.stdinFd = c.stdoutFd = c.stderrFd = -1;
  return c;
}

TEST(WasiPoll, RelativeClockSleeps) {
  WasiHarness h(quiet());
  clockSub(h, 0, 0x1234, 1, 20'000'000);  // 20 ms on the monotonic clock
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 1, kNevents}), Errno::Success);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  EXPECT_GE(ms, 19);
  auto ev = events(h);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].userdata, 0x1234u);
  EXPECT_EQ(ev[0].error, 0u);
  EXPECT_EQ(ev[0].type, 0u);
}

TEST(WasiPoll, AbsoluteClockInThePastAndCpuClocks) {
  WasiHarness h(quiet());
  clockSub(h, 0, 1, 0, 1, wasi::kSubscriptionClockAbstime);  // realtime, 1970
  ASSERT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 1, kNevents}), Errno::Success);
  ASSERT_EQ(events(h).size(), 1u);
  clockSub(h, 0, 2, 2, 1'000'000);  // 1 ms of process CPU time
  clockSub(h, 1, 3, 3, 1'000'000);
  ASSERT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 2, kNevents}), Errno::Success);
  EXPECT_GE(events(h).size(), 1u);
}

TEST(WasiPoll, Errors) {
  WasiHarness h(quiet());
  EXPECT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 0, kNevents}), Errno::Inval);
  uint32_t end = static_cast<uint32_t>(h.memSize());
  clockSub(h, 0, 1, 1, 0);
  EXPECT_EQ(h.call("poll_oneoff", {end - 40, kEvents, 1, kNevents}), Errno::Fault);
  EXPECT_EQ(h.call("poll_oneoff", {kSubs, end - 16, 1, kNevents}), Errno::Fault);
  EXPECT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 1, end}), Errno::Fault);
  EXPECT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 0x10000000, kNevents}), Errno::Fault);
  h.mem()[kSubs + 8] = 7;  // no such event type
  EXPECT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 1, kNevents}), Errno::Inval);
  // Per-subscription errors come back as events.
  clockSub(h, 0, 10, 9, 0);    // no such clock
  fdSub(h, 1, 11, false, 42);  // no such fd
  ASSERT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 2, kNevents}), Errno::Success);
  auto ev = events(h);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].userdata, 10u);
  EXPECT_EQ(ev[0].error, static_cast<uint16_t>(Errno::Inval));
  EXPECT_EQ(ev[1].userdata, 11u);
  EXPECT_EQ(ev[1].error, static_cast<uint16_t>(Errno::Badf));
  EXPECT_EQ(ev[1].type, 1u);
}

TEST(WasiPoll, Pipes) {
  int in[2], out[2];
  ASSERT_EQ(pipe(in), 0);
  ASSERT_EQ(pipe(out), 0);
  WasiConfig c = quiet();
  c.stdinFd = in[0];
  c.stdoutFd = out[1];
  WasiHarness h(c);
  // Nothing to read: the clock fires.
  fdSub(h, 0, 1, false, 0);
  clockSub(h, 1, 2, 1, 5'000'000);
  ASSERT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 2, kNevents}), Errno::Success);
  auto ev = events(h);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].userdata, 2u);
  // Data to read: the fd, with its byte count, and not the (long) clock.
  ASSERT_EQ(::write(in[1], "hello", 5), 5);
  clockSub(h, 1, 2, 1, 10'000'000'000ull);
  ASSERT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 2, kNevents}), Errno::Success);
  ev = events(h);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].userdata, 1u);
  EXPECT_EQ(ev[0].type, 1u);
  EXPECT_EQ(ev[0].nbytes, 5u);
  // Writable stdout.
  fdSub(h, 0, 3, true, 1);
  ASSERT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 2, kNevents}), Errno::Success);
  ev = events(h);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].userdata, 3u);
  EXPECT_EQ(ev[0].type, 2u);
  // The writer gone: readable, with hangup.
  char buf[8];
  ASSERT_EQ(::read(in[0], buf, 5), 5);
  close(in[1]);
  fdSub(h, 0, 4, false, 0);
  ASSERT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 1, kNevents}), Errno::Success);
  ev = events(h);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].flags, wasi::kEventFdReadwriteHangup);
  close(in[0]);
  close(out[0]);
  close(out[1]);
}

TEST(WasiPoll, RegularFilesAreAlwaysReady) {
  TempDir tmp;
  tmp.file("f", "0123456789");
  WasiConfig c = quiet();
  c.preopens = {{tmp.str(), "/"}};
  WasiHarness h(c);
  uint32_t fd;
  ASSERT_EQ(h.open(kPreopenFd, "f", fd, 0, rights::FdRead | rights::FdSeek | rights::FdWrite),
            Errno::Success);
  ASSERT_EQ(h.call("fd_seek", {fd, 4, 0, 100}), Errno::Success);
  fdSub(h, 0, 1, false, fd);
  fdSub(h, 1, 2, true, fd);
  ASSERT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 2, kNevents}), Errno::Success);
  auto ev = events(h);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].nbytes, 6u);  // left to read
  EXPECT_EQ(ev[1].type, 2u);
  // Subscribing needs the matching right.
  uint32_t ro;
  ASSERT_EQ(h.open(kPreopenFd, "f", ro, 0, rights::FdRead), Errno::Success);
  fdSub(h, 0, 5, true, ro);
  ASSERT_EQ(h.call("poll_oneoff", {kSubs, kEvents, 1, kNevents}), Errno::Success);
  ev = events(h);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].error, static_cast<uint16_t>(Errno::NotCapable));
}

// The embedder's socket is guest fd 3 (no preopened directories here).
class WasiSock : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0); }
  void TearDown() override {
    close(sv[0]);
    close(sv[1]);
  }
  WasiConfig config() {
    WasiConfig c = quiet();
    c.sockets = {sv[0]};
    return c;
  }
  int sv[2];
};

TEST_F(WasiSock, SendRecvShutdown) {
  WasiHarness h(config());
  ASSERT_EQ(h.call("fd_fdstat_get", {3, 100}), Errno::Success);
  EXPECT_EQ(h.u8(100), static_cast<uint8_t>(wasi::FileType::SocketStream));
  EXPECT_EQ(h.call("fd_prestat_get", {3, 100}), Errno::Badf);  // not a directory preopen
  h.putStr(1000, "ping");
  h.putU32(100, 1000);
  h.putU32(104, 4);
  ASSERT_EQ(h.call("sock_send", {3, 100, 1, 0, 200}), Errno::Success);
  EXPECT_EQ(h.u32(200), 4u);
  char buf[8] = {};
  ASSERT_EQ(::read(sv[1], buf, sizeof buf), 4);
  EXPECT_STREQ(buf, "ping");
  EXPECT_EQ(h.call("sock_send", {3, 100, 1, 1, 200}), Errno::Inval);  // no siflags exist
  ASSERT_EQ(::write(sv[1], "pong", 4), 4);
  h.putU32(100, 2000);
  h.putU32(104, 16);
  ASSERT_EQ(h.call("sock_recv", {3, 100, 1, wasi::kRecvPeek, 200, 204}), Errno::Success);
  EXPECT_EQ(h.get(2000, h.u32(200)), "pong");
  ASSERT_EQ(h.call("sock_recv", {3, 100, 1, 0, 200, 204}), Errno::Success);
  EXPECT_EQ(h.get(2000, h.u32(200)), "pong");  // still there after the peek
  EXPECT_EQ(h.u16(204), 0u);
  EXPECT_EQ(h.call("sock_recv", {3, 100, 1, 4, 200, 204}), Errno::Inval);
  EXPECT_EQ(h.call("sock_recv", {3, 100, 1, 0, 200, static_cast<uint32_t>(h.memSize()) - 1}),
            Errno::Fault);
  // fd_read and fd_write work on sockets too.
  ASSERT_EQ(h.write(3, "via fd_write"), Errno::Success);
  char more[32] = {};
  ASSERT_EQ(::read(sv[1], more, sizeof more), 12);
  EXPECT_EQ(h.call("sock_shutdown", {3, 0}), Errno::Inval);
  EXPECT_EQ(h.call("sock_shutdown", {3, 4}), Errno::Inval);
  ASSERT_EQ(h.call("sock_shutdown", {3, wasi::kShutWr}), Errno::Success);
  EXPECT_EQ(::read(sv[1], more, sizeof more), 0);  // end of stream for the peer
  ASSERT_EQ(h.call("sock_shutdown", {3, wasi::kShutRd | wasi::kShutWr}), Errno::Success);
}

TEST_F(WasiSock, NotASocket) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  WasiConfig c = config();
  c.stdoutFd = p[1];
  WasiHarness h(c);
  EXPECT_EQ(h.call("sock_shutdown", {1, wasi::kShutRd}), Errno::NotSock);
  EXPECT_EQ(h.call("sock_send", {1, 100, 0, 0, 200}), Errno::NotSock);
  EXPECT_EQ(h.call("sock_recv", {1, 100, 0, 0, 200, 204}), Errno::NotSock);
  EXPECT_EQ(h.call("sock_accept", {1, 0, 200}), Errno::NotSock);
  EXPECT_EQ(h.call("sock_shutdown", {9, wasi::kShutRd}), Errno::Badf);
  EXPECT_EQ(h.call("sock_accept", {9, 0, 200}), Errno::Badf);
  close(p[0]);
  close(p[1]);
}

TEST(WasiSockAccept, AcceptsOnAListeningSocket) {
  int lis = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(lis, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(lis, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(lis, 4), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(lis, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  WasiConfig c = quiet();
  c.sockets = {lis};
  WasiHarness h(c);
  EXPECT_EQ(h.call("sock_accept", {3, 1, 200}), Errno::Inval);  // only fdflags::nonblock
  // Nothing pending on a non-blocking listener: again. (sock_accept's flags
  // are those of the new connection; the listener's own come from
  // fd_fdstat_set_flags.)
  ASSERT_EQ(h.call("fd_fdstat_set_flags", {3, wasi::fdflags::Nonblock}), Errno::Success);
  EXPECT_EQ(h.call("sock_accept", {3, wasi::fdflags::Nonblock, 200}), Errno::Again);
  ASSERT_EQ(h.call("fd_fdstat_set_flags", {3, 0}), Errno::Success);

  int client = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(h.call("sock_accept", {3, 0, 200}), Errno::Success);
  uint32_t conn = h.u32(200);
  EXPECT_NE(conn, 3u);
  ASSERT_EQ(::write(client, "hi", 2), 2);
  // waitall on a 16-byte buffer waits for 16 bytes or the end of the stream:
  // the client closes first.
  close(client);
  h.putU32(100, 2000);
  h.putU32(104, 16);
  ASSERT_EQ(h.call("sock_recv", {conn, 100, 1, wasi::kRecvWaitall, 200, 204}), Errno::Success);
  EXPECT_EQ(h.u32(200), 2u);
  EXPECT_EQ(h.get(2000, 2), "hi");
  // A connection cannot accept.
  EXPECT_EQ(h.call("sock_accept", {conn, 0, 200}), Errno::NotCapable);
  ASSERT_EQ(h.call("fd_close", {conn}), Errno::Success);
  close(lis);
}

}  // namespace
}  // namespace witt::test
