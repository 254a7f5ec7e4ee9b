// The fd table: numbering, renumbering, closing, rights.
#include "wasi/fd_table.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace witt::wasi {
namespace {

std::unique_ptr<FdEntry> entry(int hostFd = -1, uint64_t base = rights::All) {
  auto e = std::make_unique<FdEntry>();
  e->hostFd = hostFd;
  e->base = base;
  return e;
}

TEST(WasiFdTable, InsertTakesTheLowestFreeNumber) {
  FdTable t;
  t.put(0, entry());
  t.put(1, entry());
  t.put(3, entry());
  uint32_t fd;
  ASSERT_EQ(t.insert(entry(), fd), Errno::Success);
  EXPECT_EQ(fd, 2u);
  ASSERT_EQ(t.insert(entry(), fd), Errno::Success);
  EXPECT_EQ(fd, 4u);
  ASSERT_EQ(t.close(1), Errno::Success);
  ASSERT_EQ(t.insert(entry(), fd), Errno::Success);
  EXPECT_EQ(fd, 1u);
}

TEST(WasiFdTable, CloseUnknownIsBadf) {
  FdTable t;
  EXPECT_EQ(t.close(0), Errno::Badf);
  t.put(2, entry());
  EXPECT_EQ(t.close(1), Errno::Badf);
  EXPECT_EQ(t.close(2), Errno::Success);
  EXPECT_EQ(t.close(2), Errno::Badf);
  EXPECT_EQ(t.close(0xffffffffu), Errno::Badf);
}

TEST(WasiFdTable, CloseClosesOwnedHostFds) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  FdTable t;
  t.put(5, entry(p[1]));
  ASSERT_EQ(t.close(5), Errno::Success);
  char c;
  EXPECT_EQ(::read(p[0], &c, 1), 0);  // the writer is gone: end of file
  ::close(p[0]);
}

TEST(WasiFdTable, BorrowedHostFdsStayOpen) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  {
    FdTable t;
    auto e = entry(p[1]);
    e->owned = false;
    t.put(1, std::move(e));
  }
  EXPECT_EQ(::write(p[1], "x", 1), 1);
  ::close(p[0]);
  ::close(p[1]);
}

TEST(WasiFdTable, RenumberMovesAndClosesTheTarget) {
  FdTable t;
  t.put(3, entry(-1, rights::FdRead));
  t.put(4, entry(-1, rights::FdWrite));
  ASSERT_EQ(t.renumber(3, 4), Errno::Success);
  EXPECT_EQ(t.get(3), nullptr);
  ASSERT_NE(t.get(4), nullptr);
  EXPECT_EQ(t.get(4)->base, rights::FdRead);
  // Both ends must be open.
  EXPECT_EQ(t.renumber(4, 3), Errno::Badf);
  EXPECT_EQ(t.renumber(7, 4), Errno::Badf);
  EXPECT_EQ(t.renumber(4, 4), Errno::Success);
  EXPECT_NE(t.get(4), nullptr);
}

TEST(WasiFdTable, LookupChecksRights) {
  FdTable t;
  t.put(3, entry(-1, rights::FdRead | rights::FdSeek));
  FdEntry* e;
  EXPECT_EQ(t.lookup(3, rights::FdRead, e), Errno::Success);
  EXPECT_EQ(t.lookup(3, rights::FdRead | rights::FdSeek, e), Errno::Success);
  EXPECT_EQ(t.lookup(3, rights::FdWrite, e), Errno::NotCapable);
  EXPECT_EQ(t.lookup(9, 0, e), Errno::Badf);
}

TEST(WasiFdTable, RightsByFileType) {
  uint64_t dir = maxBaseRights(FileType::Directory);
  EXPECT_TRUE(dir & rights::PathOpen);
  EXPECT_TRUE(dir & rights::FdReaddir);
  EXPECT_FALSE(dir & rights::FdSeek);  // directories do not seek
  EXPECT_FALSE(dir & rights::FdRead);
  EXPECT_FALSE(dir & rights::FdFilestatSetSize);
  uint64_t file = maxBaseRights(FileType::RegularFile);
  EXPECT_TRUE(file & rights::FdSeek);
  EXPECT_FALSE(file & rights::PathOpen);
  // wasi-libc's isatty: a character device without seek or tell.
  uint64_t tty = maxBaseRights(FileType::CharacterDevice);
  EXPECT_FALSE(tty & (rights::FdSeek | rights::FdTell));
  EXPECT_TRUE(maxBaseRights(FileType::SocketStream) & rights::SockShutdown);
  EXPECT_EQ(maxInheritingRights(FileType::RegularFile), 0u);
  EXPECT_EQ(maxInheritingRights(FileType::Directory) & dir, dir);
}

TEST(WasiFdTable, FileTypes) {
  struct stat st;
  ASSERT_EQ(stat("/", &st), 0);
  EXPECT_EQ(fileTypeOf(st), FileType::Directory);
  ASSERT_EQ(stat("/dev/null", &st), 0);
  EXPECT_EQ(fileTypeOf(st), FileType::CharacterDevice);
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  ASSERT_EQ(fstat(sv[0], &st), 0);
  EXPECT_EQ(fileTypeOf(st, sv[0]), FileType::SocketDgram);
  ::close(sv[0]);
  ::close(sv[1]);
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  ASSERT_EQ(fstat(p[0], &st), 0);
  EXPECT_EQ(fileTypeOf(st), FileType::Unknown);
  ::close(p[0]);
  ::close(p[1]);
}

TEST(WasiFdTable, FileTimes) {
  struct timespec ts[2];
  EXPECT_EQ(fileTimes(1, 2, fstflags::Atim | fstflags::AtimNow, ts), Errno::Inval);
  EXPECT_EQ(fileTimes(1, 2, fstflags::Mtim | fstflags::MtimNow, ts), Errno::Inval);
  EXPECT_EQ(fileTimes(1, 2, 0x10, ts), Errno::Inval);
  ASSERT_EQ(fileTimes(1500000000, 7, fstflags::Atim | fstflags::MtimNow, ts), Errno::Success);
  EXPECT_EQ(ts[0].tv_sec, 1);
  EXPECT_EQ(ts[0].tv_nsec, 500000000);
  EXPECT_EQ(ts[1].tv_nsec, UTIME_NOW);
  ASSERT_EQ(fileTimes(1, 2, 0, ts), Errno::Success);
  EXPECT_EQ(ts[0].tv_nsec, UTIME_OMIT);
  EXPECT_EQ(ts[1].tv_nsec, UTIME_OMIT);
}

}  // namespace
}  // namespace witt::wasi
