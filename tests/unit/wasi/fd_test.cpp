// The fd_* functions: I/O on stdio and files, positioning, descriptor state,
// preopens and directory listings.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>

#include "unit/wasi/wasi_harness.h"

namespace witt::test {
namespace {

using wasi::Errno;
namespace rights = wasi::rights;

constexpr uint64_t kFileRw = rights::FdRead | rights::FdWrite | rights::FdSeek | rights::FdTell |
                             rights::FdFilestatGet | rights::FdFilestatSetSize |
                             rights::FdFilestatSetTimes | rights::FdAdvise | rights::FdAllocate |
                             rights::FdSync | rights::FdDatasync | rights::FdFdstatSetFlags;

class WasiFd : public ::testing::Test {
 protected:
  WasiConfig config() {
    WasiConfig c;
    c.args = {"t"};
    c.stdinFd = -1;
    c.stdoutFd = -1;
    c.stderrFd = -1;
    c.preopens = {{tmp.str(), "/sandbox"}};
    return c;
  }
  TempDir tmp;
};

TEST_F(WasiFd, StdoutWritesReachTheHostFdAtOnce) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  WasiConfig c = config();
  c.stdoutFd = p[1];
  {
    WasiHarness h(c);
    uint32_t n = 0;
    ASSERT_EQ(h.write(1, "hello\n", &n), Errno::Success);
    EXPECT_EQ(n, 6u);
    // Already on the pipe, before the guest or the Wasi goes away.
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    char buf[16];
    EXPECT_EQ(::read(p[0], buf, sizeof buf), 6);
  }
  // witt borrows stdio fds: it has not closed ours.
  EXPECT_EQ(::write(p[1], "x", 1), 1);
  close(p[0]);
  close(p[1]);
}

TEST_F(WasiFd, StdinReads) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  ASSERT_EQ(::write(p[1], "input", 5), 5);
  close(p[1]);
  WasiConfig c = config();
  c.stdinFd = p[0];
  WasiHarness h(c);
  std::string got;
  ASSERT_EQ(h.read(0, 3, got), Errno::Success);
  EXPECT_EQ(got, "inp");
  ASSERT_EQ(h.read(0, 100, got), Errno::Success);
  EXPECT_EQ(got, "ut");
  ASSERT_EQ(h.read(0, 100, got), Errno::Success);
  EXPECT_EQ(got, "");  // end of file
  close(p[0]);
}

TEST_F(WasiFd, ScatterGather) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  WasiConfig c = config();
  c.stdoutFd = p[1];
  WasiHarness h(c);
  h.putStr(1000, "abc");
  h.putStr(2000, "defg");
  h.putU32(100, 1000);
  h.putU32(104, 3);
  h.putU32(108, 5000);
  h.putU32(112, 0);  // an empty buffer in between
  h.putU32(116, 2000);
  h.putU32(120, 4);
  ASSERT_EQ(h.call("fd_write", {1, 100, 3, 200}), Errno::Success);
  EXPECT_EQ(h.u32(200), 7u);
  close(p[1]);
  EXPECT_EQ(drain(p[0]), "abcdefg");
  close(p[0]);
}

TEST_F(WasiFd, BadFdsAndBadPointers) {
  WasiHarness h(config());
  EXPECT_EQ(h.call("fd_write", {1, 0, 0, 200}), Errno::Badf);  // stdout closed here
  EXPECT_EQ(h.call("fd_write", {0xffff8587, 0, 0, 200}), Errno::Badf);
  uint32_t fd;
  ASSERT_EQ(h.open(kPreopenFd, "f", fd, wasi::oflags::Creat, kFileRw), Errno::Success);
  uint32_t end = static_cast<uint32_t>(h.memSize());
  // The iovec array out of bounds, a buffer out of bounds, the result out of bounds.
  EXPECT_EQ(h.call("fd_write", {fd, end - 4, 1, 200}), Errno::Fault);
  h.putU32(100, end - 2);
  h.putU32(104, 3);
  EXPECT_EQ(h.call("fd_write", {fd, 100, 1, 200}), Errno::Fault);
  h.putU32(100, 1000);
  h.putU32(104, 0xffffffff);
  EXPECT_EQ(h.call("fd_read", {fd, 100, 1, 200}), Errno::Fault);
  h.putU32(104, 3);
  EXPECT_EQ(h.call("fd_write", {fd, 100, 1, end}), Errno::Fault);
  EXPECT_EQ(h.call("fd_write", {fd, 100, 0x20000000, 200}), Errno::Fault);
  // Nothing was written by the faulting calls.
  EXPECT_EQ(tmp.read("f"), "");
}

TEST_F(WasiFd, SeekAndTell) {
  WasiHarness h(config());
  uint32_t fd;
  ASSERT_EQ(h.open(kPreopenFd, "f", fd, wasi::oflags::Creat, kFileRw), Errno::Success);
  ASSERT_EQ(h.write(fd, "hello world"), Errno::Success);
  ASSERT_EQ(h.call("fd_tell", {fd, 100}), Errno::Success);
  EXPECT_EQ(h.u64(100), 11u);
  ASSERT_EQ(h.call("fd_seek", {fd, 6, 0, 100}), Errno::Success);
  EXPECT_EQ(h.u64(100), 6u);
  std::string got;
  ASSERT_EQ(h.read(fd, 5, got), Errno::Success);
  EXPECT_EQ(got, "world");
  ASSERT_EQ(h.call("fd_seek", {fd, static_cast<uint64_t>(-5), 1, 100}), Errno::Success);
  EXPECT_EQ(h.u64(100), 6u);
  ASSERT_EQ(h.call("fd_seek", {fd, 0, 2, 100}), Errno::Success);
  EXPECT_EQ(h.u64(100), 11u);
  EXPECT_EQ(h.call("fd_seek", {fd, static_cast<uint64_t>(-100), 1, 100}), Errno::Inval);
  EXPECT_EQ(h.call("fd_seek", {fd, 0, 3, 100}), Errno::Inval);
  EXPECT_EQ(h.call("fd_seek", {fd, 0, 0, 0xfffffffc}), Errno::Fault);
  EXPECT_EQ(h.call("fd_tell", {fd, 0xfffffffc}), Errno::Fault);
}

TEST_F(WasiFd, PreadPwriteLeaveTheOffset) {
  WasiHarness h(config());
  uint32_t fd;
  ASSERT_EQ(h.open(kPreopenFd, "f", fd, wasi::oflags::Creat, kFileRw), Errno::Success);
  h.putStr(1000, "0123456789");
  h.putU32(100, 1000);
  h.putU32(104, 10);
  ASSERT_EQ(h.call("fd_pwrite", {fd, 100, 1, 0, 200}), Errno::Success);
  EXPECT_EQ(h.u32(200), 10u);
  h.putStr(1000, "xy");
  h.putU32(104, 2);
  ASSERT_EQ(h.call("fd_pwrite", {fd, 100, 1, 4, 200}), Errno::Success);
  ASSERT_EQ(h.call("fd_tell", {fd, 300}), Errno::Success);
  EXPECT_EQ(h.u64(300), 0u);
  h.putU32(100, 2000);
  h.putU32(104, 4);
  ASSERT_EQ(h.call("fd_pread", {fd, 100, 1, 3, 200}), Errno::Success);
  EXPECT_EQ(h.get(2000, h.u32(200)), "3xy6");
  ASSERT_EQ(h.call("fd_pread", {fd, 100, 1, 100, 200}), Errno::Success);
  EXPECT_EQ(h.u32(200), 0u);  // past the end
  EXPECT_EQ(tmp.read("f"), "0123xy6789");
  EXPECT_EQ(h.call("fd_pread", {fd, 100, 1, uint64_t(1) << 63, 200}), Errno::Inval);
}

TEST_F(WasiFd, RightsGateEachCall) {
  tmp.file("f", "data");
  WasiHarness h(config());
  uint32_t fd;
  // Read and tell only.
  ASSERT_EQ(h.open(kPreopenFd, "f", fd, 0, rights::FdRead | rights::FdTell), Errno::Success);
  EXPECT_EQ(h.write(fd, "x"), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_seek", {fd, 0, 1, 100}), Errno::Success);  // tell-only seek
  EXPECT_EQ(h.call("fd_seek", {fd, 1, 0, 100}), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_pread", {fd, 100, 0, 0, 200}), Errno::NotCapable);  // needs fd_seek
  EXPECT_EQ(h.call("fd_filestat_get", {fd, 1000}), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_filestat_set_size", {fd, 0}), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_advise", {fd, 0, 0, 0}), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_allocate", {fd, 0, 10}), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_sync", {fd}), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_datasync", {fd}), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_fdstat_set_flags", {fd, 0}), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_readdir", {fd, 1000, 100, 0, 200}), Errno::NotCapable);
  std::string got;
  EXPECT_EQ(h.read(fd, 10, got), Errno::Success);
  EXPECT_EQ(got, "data");
  EXPECT_EQ(tmp.read("f"), "data");
}

TEST_F(WasiFd, DirectoriesRefuseFileCalls) {
  WasiHarness h(config());
  uint32_t d = kPreopenFd;
  std::string got;
  EXPECT_EQ(h.read(d, 10, got), Errno::NotCapable);
  EXPECT_EQ(h.write(d, "x"), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_seek", {d, 0, 1, 100}), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_tell", {d, 100}), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_filestat_set_size", {d, 0}), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_allocate", {d, 0, 1}), Errno::NotCapable);
}

TEST_F(WasiFd, Fdstat) {
  WasiHarness h(config());
  ASSERT_EQ(h.call("fd_fdstat_get", {kPreopenFd, 100}), Errno::Success);
  EXPECT_EQ(h.u8(100), static_cast<uint8_t>(wasi::FileType::Directory));
  EXPECT_EQ(h.u16(102), 0u);
  EXPECT_TRUE(h.u64(108) & rights::PathOpen);
  EXPECT_TRUE(h.u64(116) & rights::FdWrite);  // inheritable
  uint32_t fd;
  ASSERT_EQ(h.open(kPreopenFd, "f", fd, wasi::oflags::Creat, rights::FdWrite | rights::FdRead,
                   wasi::fdflags::Append),
            Errno::Success);
  ASSERT_EQ(h.call("fd_fdstat_get", {fd, 100}), Errno::Success);
  EXPECT_EQ(h.u8(100), static_cast<uint8_t>(wasi::FileType::RegularFile));
  EXPECT_EQ(h.u16(102), wasi::fdflags::Append);
  EXPECT_EQ(h.u64(108), rights::FdWrite | rights::FdRead);  // what was asked for
  EXPECT_EQ(h.u64(116), 0u);                                // a file hands on nothing
  EXPECT_EQ(h.call("fd_fdstat_get", {99, 100}), Errno::Badf);
  EXPECT_EQ(h.call("fd_fdstat_get", {fd, static_cast<uint32_t>(h.memSize()) - 8}), Errno::Fault);
}

TEST_F(WasiFd, FdstatSetFlags) {
  WasiHarness h(config());
  uint32_t fd;
  ASSERT_EQ(h.open(kPreopenFd, "f", fd, wasi::oflags::Creat, kFileRw), Errno::Success);
  ASSERT_EQ(h.write(fd, "abc"), Errno::Success);
  ASSERT_EQ(h.call("fd_fdstat_set_flags", {fd, wasi::fdflags::Append}), Errno::Success);
  ASSERT_EQ(h.call("fd_seek", {fd, 0, 0, 100}), Errno::Success);
  ASSERT_EQ(h.write(fd, "d"), Errno::Success);  // appended, whatever the offset
  EXPECT_EQ(tmp.read("f"), "abcd");
  ASSERT_EQ(h.call("fd_fdstat_get", {fd, 100}), Errno::Success);
  EXPECT_EQ(h.u16(102), wasi::fdflags::Append);
  ASSERT_EQ(h.call("fd_fdstat_set_flags", {fd, wasi::fdflags::Nonblock}), Errno::Success);
  ASSERT_EQ(h.call("fd_fdstat_get", {fd, 100}), Errno::Success);
  EXPECT_EQ(h.u16(102), wasi::fdflags::Nonblock);
  // The synchronized-I/O flags cannot change after open on Linux.
  EXPECT_EQ(h.call("fd_fdstat_set_flags", {fd, wasi::fdflags::Sync}), Errno::NotSup);
  EXPECT_EQ(h.call("fd_fdstat_set_flags", {fd, 0x20}), Errno::Inval);
}

TEST_F(WasiFd, FdstatSetRightsOnlyDrops) {
  WasiHarness h(config());
  uint32_t fd;
  ASSERT_EQ(h.open(kPreopenFd, "f", fd, wasi::oflags::Creat, kFileRw), Errno::Success);
  ASSERT_EQ(h.call("fd_fdstat_set_rights", {fd, rights::FdRead, 0}), Errno::Success);
  EXPECT_EQ(h.write(fd, "x"), Errno::NotCapable);
  EXPECT_EQ(h.call("fd_fdstat_set_rights", {fd, rights::FdRead | rights::FdWrite, 0}),
            Errno::NotCapable);
  EXPECT_EQ(h.call("fd_fdstat_set_rights", {fd, rights::FdRead, rights::FdRead}),
            Errno::NotCapable);
  EXPECT_EQ(h.call("fd_fdstat_set_rights", {fd, 0, 0}), Errno::Success);
  EXPECT_EQ(h.call("fd_fdstat_set_rights", {77, 0, 0}), Errno::Badf);
}

TEST_F(WasiFd, Filestat) {
  tmp.file("f", "12345");
  WasiHarness h(config());
  uint32_t fd;
  ASSERT_EQ(h.open(kPreopenFd, "f", fd, 0, kFileRw), Errno::Success);
  ASSERT_EQ(h.call("fd_filestat_get", {fd, 1000}), Errno::Success);
  struct stat st;
  ASSERT_EQ(stat((tmp.path() / "f").c_str(), &st), 0);
  EXPECT_EQ(h.u64(1000), st.st_dev);
  EXPECT_EQ(h.u64(1008), st.st_ino);
  EXPECT_EQ(h.u8(1016), static_cast<uint8_t>(wasi::FileType::RegularFile));
  EXPECT_EQ(h.u64(1024), 1u);
  EXPECT_EQ(h.u64(1032), 5u);
  ASSERT_EQ(h.call("fd_filestat_set_size", {fd, 2}), Errno::Success);
  EXPECT_EQ(tmp.read("f"), "12");
  ASSERT_EQ(h.call("fd_filestat_set_size", {fd, 4}), Errno::Success);
  EXPECT_EQ(tmp.read("f"), std::string("12\0\0", 4));
  EXPECT_EQ(h.call("fd_filestat_set_size", {fd, uint64_t(1) << 63}), Errno::Inval);
  uint64_t t = 1234567890123456789ull;
  ASSERT_EQ(
      h.call("fd_filestat_set_times", {fd, t, t + 1, wasi::fstflags::Atim | wasi::fstflags::Mtim}),
      Errno::Success);
  ASSERT_EQ(h.call("fd_filestat_get", {fd, 1000}), Errno::Success);
  EXPECT_EQ(h.u64(1040), t);
  EXPECT_EQ(h.u64(1048), t + 1);
  // Only mtim, to "now": atim stays.
  ASSERT_EQ(h.call("fd_filestat_set_times", {fd, 0, 0, wasi::fstflags::MtimNow}), Errno::Success);
  ASSERT_EQ(h.call("fd_filestat_get", {fd, 1000}), Errno::Success);
  EXPECT_EQ(h.u64(1040), t);
  EXPECT_NE(h.u64(1048), t + 1);
  EXPECT_EQ(
      h.call("fd_filestat_set_times", {fd, 0, 0, wasi::fstflags::Atim | wasi::fstflags::AtimNow}),
      Errno::Inval);
  EXPECT_EQ(h.call("fd_filestat_get", {fd, static_cast<uint32_t>(h.memSize()) - 63}), Errno::Fault);
}

TEST_F(WasiFd, AdviseAllocateSync) {
  WasiHarness h(config());
  uint32_t fd;
  ASSERT_EQ(h.open(kPreopenFd, "f", fd, wasi::oflags::Creat, kFileRw), Errno::Success);
  for (uint32_t advice = 0; advice <= 5; ++advice)
    EXPECT_EQ(h.call("fd_advise", {fd, 0, 100, advice}), Errno::Success) << advice;
  EXPECT_EQ(h.call("fd_advise", {fd, 0, 100, 6}), Errno::Inval);
  ASSERT_EQ(h.call("fd_allocate", {fd, 0, 100}), Errno::Success);
  EXPECT_EQ(std::filesystem::file_size(tmp.path() / "f"), 100u);
  ASSERT_EQ(h.call("fd_allocate", {fd, 10, 10}), Errno::Success);  // never shrinks
  EXPECT_EQ(std::filesystem::file_size(tmp.path() / "f"), 100u);
  ASSERT_EQ(h.call("fd_allocate", {fd, 90, 20}), Errno::Success);
  EXPECT_EQ(std::filesystem::file_size(tmp.path() / "f"), 110u);
  EXPECT_EQ(h.call("fd_sync", {fd}), Errno::Success);
  EXPECT_EQ(h.call("fd_datasync", {fd}), Errno::Success);
  EXPECT_EQ(h.call("fd_sync", {kPreopenFd}), Errno::Success);
}

TEST_F(WasiFd, Prestat) {
  WasiConfig c = config();
  c.preopens.push_back({tmp.str(), "."});
  WasiHarness h(c);
  ASSERT_EQ(h.call("fd_prestat_get", {3, 100}), Errno::Success);
  EXPECT_EQ(h.u8(100), 0u);  // preopentype::dir
  EXPECT_EQ(h.u32(104), 8u);
  std::memset(h.mem() + 200, '#', 20);
  ASSERT_EQ(h.call("fd_prestat_dir_name", {3, 200, 20}), Errno::Success);
  EXPECT_EQ(h.get(200, 9), "/sandbox#");  // no NUL written
  EXPECT_EQ(h.call("fd_prestat_dir_name", {3, 200, 7}), Errno::NameTooLong);
  EXPECT_EQ(h.call("fd_prestat_dir_name", {3, 200, 0}), Errno::NameTooLong);
  ASSERT_EQ(h.call("fd_prestat_get", {4, 100}), Errno::Success);
  EXPECT_EQ(h.u32(104), 1u);
  // The end of the preopens, and fds that are not preopens.
  EXPECT_EQ(h.call("fd_prestat_get", {5, 100}), Errno::Badf);
  EXPECT_EQ(h.call("fd_prestat_get", {0, 100}), Errno::Badf);
  uint32_t fd;
  ASSERT_EQ(h.open(3, ".", fd, wasi::oflags::Directory, kDirRights), Errno::Success);
  EXPECT_EQ(h.call("fd_prestat_get", {fd, 100}), Errno::Badf);
  EXPECT_EQ(h.call("fd_prestat_dir_name", {fd, 200, 20}), Errno::Badf);
  EXPECT_EQ(h.call("fd_prestat_get", {3, static_cast<uint32_t>(h.memSize()) - 4}), Errno::Fault);
}

TEST_F(WasiFd, CloseAndRenumber) {
  WasiHarness h(config());
  uint32_t a, b;
  ASSERT_EQ(h.open(kPreopenFd, "a", a, wasi::oflags::Creat, kFileRw), Errno::Success);
  ASSERT_EQ(h.open(kPreopenFd, "b", b, wasi::oflags::Creat, kFileRw), Errno::Success);
  // The lowest free numbers: stdio is closed in this configuration.
  EXPECT_EQ(a, 0u);
  EXPECT_EQ(b, 1u);
  ASSERT_EQ(h.call("fd_renumber", {a, b}), Errno::Success);
  EXPECT_EQ(h.call("fd_close", {a}), Errno::Badf);
  ASSERT_EQ(h.write(b, "to a"), Errno::Success);
  EXPECT_EQ(tmp.read("a"), "to a");
  EXPECT_EQ(h.call("fd_renumber", {b, 9}), Errno::Badf);  // the target must be open
  EXPECT_EQ(h.call("fd_renumber", {9, b}), Errno::Badf);
  ASSERT_EQ(h.call("fd_close", {b}), Errno::Success);
  EXPECT_EQ(h.call("fd_close", {b}), Errno::Badf);
  // Even a preopen may be closed; its number is then free.
  ASSERT_EQ(h.call("fd_close", {kPreopenFd}), Errno::Success);
  EXPECT_EQ(h.call("fd_fdstat_get", {kPreopenFd, 100}), Errno::Badf);
  EXPECT_EQ(h.call("fd_prestat_get", {kPreopenFd, 100}), Errno::Badf);
}

TEST_F(WasiFd, RenumberingAPreopenMovesIt) {
  WasiHarness h(config());
  uint32_t d;
  ASSERT_EQ(h.open(kPreopenFd, ".", d, wasi::oflags::Directory, kDirRights), Errno::Success);
  ASSERT_EQ(h.call("fd_renumber", {kPreopenFd, d}), Errno::Success);
  ASSERT_EQ(h.call("fd_prestat_get", {d, 100}), Errno::Success);
  EXPECT_EQ(h.call("fd_prestat_get", {kPreopenFd, 100}), Errno::Badf);
}

// Parses fd_readdir's buffer: name -> (d_next, d_ino, d_type).
struct Dirent {
  uint64_t next, ino;
  uint8_t type;
};
std::vector<std::pair<std::string, Dirent>> parseDirents(WasiHarness& h, uint32_t buf,
                                                         uint32_t used) {
  std::vector<std::pair<std::string, Dirent>> out;
  uint32_t at = 0;
  while (at + 24 <= used) {
    uint32_t namlen = h.u32(buf + at + 16);
    if (at + 24 + namlen > used) break;  // cut at the end of the buffer
    out.push_back({h.get(buf + at + 24, namlen),
                   {h.u64(buf + at), h.u64(buf + at + 8), h.u8(buf + at + 20)}});
    at += 24 + namlen;
  }
  return out;
}

TEST_F(WasiFd, Readdir) {
  tmp.file("file", "x");
  tmp.dir("sub");
  tmp.symlink("link", "file");
  WasiHarness h(config());
  ASSERT_EQ(h.call("fd_readdir", {kPreopenFd, 1000, 4096, 0, 200}), Errno::Success);
  uint32_t used = h.u32(200);
  EXPECT_LT(used, 4096u);  // all of it
  auto entries = parseDirents(h, 1000, used);
  std::map<std::string, Dirent> byName(entries.begin(), entries.end());
  ASSERT_EQ(byName.size(), 5u);
  EXPECT_EQ(byName["."].type, static_cast<uint8_t>(wasi::FileType::Directory));
  EXPECT_EQ(byName[".."].type, static_cast<uint8_t>(wasi::FileType::Directory));
  EXPECT_EQ(byName["file"].type, static_cast<uint8_t>(wasi::FileType::RegularFile));
  EXPECT_EQ(byName["sub"].type, static_cast<uint8_t>(wasi::FileType::Directory));
  EXPECT_EQ(byName["link"].type, static_cast<uint8_t>(wasi::FileType::SymbolicLink));
  struct stat st;
  ASSERT_EQ(lstat((tmp.path() / "file").c_str(), &st), 0);
  EXPECT_EQ(byName["file"].ino, st.st_ino);
  for (size_t i = 0; i < entries.size(); ++i) EXPECT_EQ(entries[i].second.next, i + 1);

  // Resuming from each cookie gives the rest, in the same order.
  for (uint64_t cookie = 1; cookie <= entries.size(); ++cookie) {
    ASSERT_EQ(h.call("fd_readdir", {kPreopenFd, 1000, 4096, cookie, 200}), Errno::Success);
    auto rest = parseDirents(h, 1000, h.u32(200));
    ASSERT_EQ(rest.size(), entries.size() - cookie);
    if (!rest.empty()) {
      EXPECT_EQ(rest[0].first, entries[cookie].first);
    }
  }
  // A small buffer is filled completely, the last entry cut.
  ASSERT_EQ(h.call("fd_readdir", {kPreopenFd, 1000, 30, 0, 200}), Errno::Success);
  EXPECT_EQ(h.u32(200), 30u);
  EXPECT_EQ(parseDirents(h, 1000, 30).size(), 1u);
  // Errors.
  uint32_t fd;
  ASSERT_EQ(h.open(kPreopenFd, "file", fd, 0, rights::All), Errno::Success);
  EXPECT_EQ(h.call("fd_readdir", {fd, 1000, 100, 0, 200}), Errno::NotCapable);
  EXPECT_EQ(
      h.call("fd_readdir", {kPreopenFd, static_cast<uint32_t>(h.memSize()) - 10, 100, 0, 200}),
      Errno::Fault);
  EXPECT_EQ(h.call("fd_readdir", {42, 1000, 100, 0, 200}), Errno::Badf);
}

TEST_F(WasiFd, ReaddirOfManyEntriesInSmallChunks) {
  for (int i = 0; i < 120; ++i) tmp.file("file." + std::to_string(i));
  WasiHarness h(config());
  uint64_t cookie = 0;
  std::set<std::string> seen;
  for (int round = 0; round < 1000; ++round) {
    ASSERT_EQ(h.call("fd_readdir", {kPreopenFd, 1000, 256, cookie, 200}), Errno::Success);
    uint32_t used = h.u32(200);
    auto entries = parseDirents(h, 1000, used);
    for (auto& [name, d] : entries) EXPECT_TRUE(seen.insert(name).second) << name;
    if (used < 256) break;
    ASSERT_FALSE(entries.empty());
    cookie = entries.back().second.next;
  }
  EXPECT_EQ(seen.size(), 122u);
}

}  // namespace
}  // namespace witt::test
