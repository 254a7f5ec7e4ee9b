// The errno numbering of the witx and the host errno mapping.
#include "wasi/errno_map.h"

#include <cerrno>

#include "gtest/gtest.h"

namespace witt::wasi {
namespace {

// Numbers from typenames.witx ($errno is an enum in witx order).
TEST(WasiErrno, NumbersMatchTheWitx) {
  EXPECT_EQ(static_cast<int>(Errno::Success), 0);
  EXPECT_EQ(static_cast<int>(Errno::TooBig), 1);
  EXPECT_EQ(static_cast<int>(Errno::Acces), 2);
  EXPECT_EQ(static_cast<int>(Errno::Badf), 8);
  EXPECT_EQ(static_cast<int>(Errno::Exist), 20);
  EXPECT_EQ(static_cast<int>(Errno::Fault), 21);
  EXPECT_EQ(static_cast<int>(Errno::Ilseq), 25);
  EXPECT_EQ(static_cast<int>(Errno::Inval), 28);
  EXPECT_EQ(static_cast<int>(Errno::IsDir), 31);
  EXPECT_EQ(static_cast<int>(Errno::Loop), 32);
  EXPECT_EQ(static_cast<int>(Errno::NameTooLong), 37);
  EXPECT_EQ(static_cast<int>(Errno::NoEnt), 44);
  EXPECT_EQ(static_cast<int>(Errno::NoSys), 52);
  EXPECT_EQ(static_cast<int>(Errno::NotDir), 54);
  EXPECT_EQ(static_cast<int>(Errno::NotEmpty), 55);
  EXPECT_EQ(static_cast<int>(Errno::NotSock), 57);
  EXPECT_EQ(static_cast<int>(Errno::NotSup), 58);
  EXPECT_EQ(static_cast<int>(Errno::Perm), 63);
  EXPECT_EQ(static_cast<int>(Errno::Pipe), 64);
  EXPECT_EQ(static_cast<int>(Errno::Spipe), 70);
  EXPECT_EQ(static_cast<int>(Errno::Xdev), 75);
  EXPECT_EQ(static_cast<int>(Errno::NotCapable), 76);
}

TEST(WasiErrno, Names) {
  EXPECT_STREQ(errnoName(Errno::Success), "success");
  EXPECT_STREQ(errnoName(Errno::TooBig), "2big");
  EXPECT_STREQ(errnoName(Errno::NotCapable), "notcapable");
  EXPECT_STREQ(errnoName(static_cast<Errno>(200)), "unknown");
}

TEST(WasiErrno, HostMapping) {
  EXPECT_EQ(fromHostErrno(0), Errno::Success);
  EXPECT_EQ(fromHostErrno(ENOENT), Errno::NoEnt);
  EXPECT_EQ(fromHostErrno(EEXIST), Errno::Exist);
  EXPECT_EQ(fromHostErrno(ENOTDIR), Errno::NotDir);
  EXPECT_EQ(fromHostErrno(EISDIR), Errno::IsDir);
  EXPECT_EQ(fromHostErrno(ELOOP), Errno::Loop);
  EXPECT_EQ(fromHostErrno(ENOTEMPTY), Errno::NotEmpty);
  EXPECT_EQ(fromHostErrno(EACCES), Errno::Acces);
  EXPECT_EQ(fromHostErrno(EPERM), Errno::Perm);
  EXPECT_EQ(fromHostErrno(EBADF), Errno::Badf);
  EXPECT_EQ(fromHostErrno(EAGAIN), Errno::Again);
  EXPECT_EQ(fromHostErrno(EWOULDBLOCK), Errno::Again);
  EXPECT_EQ(fromHostErrno(EOPNOTSUPP), Errno::NotSup);
  EXPECT_EQ(fromHostErrno(ESPIPE), Errno::Spipe);
  EXPECT_EQ(fromHostErrno(EPIPE), Errno::Pipe);
  EXPECT_EQ(fromHostErrno(EXDEV), Errno::Xdev);
  EXPECT_EQ(fromHostErrno(ENAMETOOLONG), Errno::NameTooLong);
  EXPECT_EQ(fromHostErrno(ENOTSOCK), Errno::NotSock);
  // No WASI counterpart: an I/O error.
  EXPECT_EQ(fromHostErrno(ENOMEDIUM), Errno::Io);
}

}  // namespace
}  // namespace witt::wasi
