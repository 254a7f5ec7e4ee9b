// The path_* functions, each with its success and its errnos (the ones the
// WASI testsuite checks among them).
#include <sys/stat.h>
#include <unistd.h>

#include "unit/wasi/wasi_harness.h"

namespace witt::test {
namespace {

using wasi::Errno;
namespace rights = wasi::rights;
namespace oflags = wasi::oflags;
constexpr uint32_t D = kPreopenFd;
constexpr uint32_t kFollow = wasi::kLookupSymlinkFollow;

class WasiPath : public ::testing::Test {
 protected:
  WasiConfig config() {
    WasiConfig c;
    c.args = {"t"};
    c.stdinFd = c.stdoutFd = c.stderrFd = -1;
    c.preopens = {{tmp.str(), "/"}};
    return c;
  }
  // Puts two paths at 0x1000 and 0x2000.
  void two(WasiHarness& h, const std::string& a, const std::string& b) {
    h.putStr(0x1000, a);
    h.putStr(0x2000, b);
    la = static_cast<uint32_t>(a.size());
    lb = static_cast<uint32_t>(b.size());
  }
  TempDir tmp;
  uint32_t la = 0, lb = 0;
};

TEST_F(WasiPath, OpenCreateExclTrunc) {
  WasiHarness h(config());
  uint32_t fd;
  EXPECT_EQ(h.open(D, "f", fd, 0, rights::All), Errno::NoEnt);
  ASSERT_EQ(h.open(D, "f", fd, oflags::Creat, rights::All), Errno::Success);
  ASSERT_EQ(h.write(fd, "content"), Errno::Success);
  EXPECT_EQ(tmp.read("f"), "content");
  EXPECT_EQ(h.open(D, "f", fd, oflags::Creat | oflags::Excl, rights::All), Errno::Exist);
  ASSERT_EQ(h.open(D, "f", fd, oflags::Trunc, rights::FdRead), Errno::Success);
  EXPECT_EQ(tmp.read("f"), "");
  EXPECT_EQ(h.open(D, "f", fd, 0x10, rights::All), Errno::Inval);     // unknown oflag
  EXPECT_EQ(h.open(D, "f", fd, 0, rights::All, 0x40), Errno::Inval);  // unknown fdflag
}

TEST_F(WasiPath, OpenDirectories) {
  tmp.dir("d/e");
  tmp.file("file");
  WasiHarness h(config());
  uint32_t fd;
  ASSERT_EQ(h.open(D, "d", fd, oflags::Directory, kDirRights), Errno::Success);
  ASSERT_EQ(h.call("fd_fdstat_get", {fd, 100}), Errno::Success);
  EXPECT_EQ(h.u8(100), static_cast<uint8_t>(wasi::FileType::Directory));
  EXPECT_FALSE(h.u64(108) & rights::FdSeek);  // masked to what a directory can do
  // Paths are relative to the new directory fd.
  uint32_t e;
  ASSERT_EQ(h.open(fd, "e", e, oflags::Directory, rights::FdReaddir), Errno::Success);
  EXPECT_EQ(h.open(D, "file", fd, oflags::Directory, 0), Errno::NotDir);
  EXPECT_EQ(h.open(D, "file/", fd, 0, 0), Errno::NotDir);
  ASSERT_EQ(h.open(D, "d/", fd, 0, 0), Errno::Success);
  ASSERT_EQ(h.open(D, ".", fd, oflags::Directory, rights::FdRead), Errno::Success);
  // Write access to a directory: isdir, as POSIX open(O_RDWR) answers.
  EXPECT_EQ(h.open(D, ".", fd, oflags::Directory, rights::FdRead | rights::FdWrite), Errno::IsDir);
  EXPECT_EQ(h.open(D, "d", fd, oflags::Directory | oflags::Creat, 0), Errno::Inval);
  EXPECT_EQ(h.open(D, "newdir/", fd, oflags::Creat, 0), Errno::IsDir);
  // The base must be a directory.
  uint32_t f;
  ASSERT_EQ(h.open(D, "file", f, 0, rights::All), Errno::Success);
  EXPECT_EQ(h.open(f, "x", fd, oflags::Creat, 0), Errno::NotDir);
  EXPECT_EQ(h.open(77, "x", fd, 0, 0), Errno::Badf);
}

TEST_F(WasiPath, OpenRightsComeFromTheDirectory) {
  tmp.file("f", "x");
  WasiHarness h(config());
  uint32_t d, fd;
  // A directory that may only hand on fd_read.
  ASSERT_EQ(h.open(D, ".", d, oflags::Directory, rights::PathOpen, 0, kFollow, rights::FdRead),
            Errno::Success);
  ASSERT_EQ(h.open(d, "f", fd, 0, rights::FdRead | rights::FdWrite), Errno::Success);
  ASSERT_EQ(h.call("fd_fdstat_get", {fd, 100}), Errno::Success);
  EXPECT_EQ(h.u64(108), rights::FdRead);  // fd_write silently dropped
  EXPECT_EQ(h.write(fd, "y"), Errno::NotCapable);
  // Creating and truncating need path_create_file / path_filestat_set_size.
  EXPECT_EQ(h.open(d, "new", fd, oflags::Creat, rights::FdRead), Errno::NotCapable);
  EXPECT_EQ(h.open(d, "f", fd, oflags::Trunc, rights::FdRead), Errno::NotCapable);
  // Synchronized writes need the directory to hand on fd_datasync / fd_sync.
  EXPECT_EQ(h.open(d, "f", fd, 0, rights::FdRead, wasi::fdflags::Dsync), Errno::NotCapable);
  EXPECT_EQ(h.open(d, "f", fd, 0, rights::FdRead, wasi::fdflags::Sync), Errno::NotCapable);
  // Without path_open, nothing opens.
  ASSERT_EQ(h.call("fd_fdstat_set_rights", {d, 0, rights::FdRead}), Errno::Success);
  EXPECT_EQ(h.open(d, "f", fd, 0, rights::FdRead), Errno::NotCapable);
  EXPECT_EQ(tmp.read("f"), "x");
}

TEST_F(WasiPath, OpenFlags) {
  WasiHarness h(config());
  uint32_t fd;
  ASSERT_EQ(h.open(D, "f", fd, oflags::Creat, rights::All,
                   wasi::fdflags::Append | wasi::fdflags::Sync | wasi::fdflags::Nonblock),
            Errno::Success);
  ASSERT_EQ(h.call("fd_fdstat_get", {fd, 100}), Errno::Success);
  EXPECT_EQ(h.u16(102), wasi::fdflags::Append | wasi::fdflags::Sync | wasi::fdflags::Nonblock);
  ASSERT_EQ(h.write(fd, "a"), Errno::Success);
  ASSERT_EQ(h.call("fd_seek", {fd, 0, 0, 100}), Errno::Success);
  ASSERT_EQ(h.write(fd, "b"), Errno::Success);
  EXPECT_EQ(tmp.read("f"), "ab");
}

TEST_F(WasiPath, OpenSymlinks) {
  tmp.dir("target");
  tmp.file("file", "x");
  tmp.symlink("dlink", "target");
  tmp.symlink("flink", "file");
  tmp.symlink("loop", "loop");
  tmp.symlink("dangling", "nothing");
  WasiHarness h(config());
  uint32_t fd;
  // Not followed: a link is not opened (O_NOFOLLOW: loop).
  EXPECT_EQ(h.open(D, "flink", fd, 0, 0, 0, 0), Errno::Loop);
  Errno e = h.open(D, "dlink", fd, oflags::Directory, 0, 0, 0);
  EXPECT_TRUE(e == Errno::Loop || e == Errno::NotDir) << wasi::errnoName(e);
  // Followed.
  ASSERT_EQ(h.open(D, "flink", fd, 0, rights::FdRead, 0, kFollow), Errno::Success);
  ASSERT_EQ(h.open(D, "dlink", fd, oflags::Directory, 0, 0, kFollow), Errno::Success);
  EXPECT_EQ(h.open(D, "flink", fd, oflags::Directory, 0, 0, kFollow), Errno::NotDir);
  EXPECT_EQ(h.open(D, "loop", fd, 0, 0, 0, kFollow), Errno::Loop);
  EXPECT_EQ(h.open(D, "loop", fd, 0, 0, 0, 0), Errno::Loop);
  EXPECT_EQ(h.open(D, "dangling", fd, 0, 0, 0, 0), Errno::Loop);
  EXPECT_EQ(h.open(D, "dangling", fd, 0, 0, 0, kFollow), Errno::NoEnt);
  // Creating through a dangling link creates its target, inside.
  ASSERT_EQ(h.open(D, "dangling", fd, oflags::Creat, rights::All, 0, kFollow), Errno::Success);
  EXPECT_TRUE(tmp.exists("nothing"));
}

TEST_F(WasiPath, OpenPathStrings) {
  tmp.file("dir/nested/file", "x");
  WasiHarness h(config());
  uint32_t fd;
  ASSERT_EQ(h.open(D, "dir/.//nested/../../dir/nested/../nested///./file", fd, 0, 0),
            Errno::Success);
  EXPECT_EQ(h.open(D, std::string("dir/nested/file\0", 16), fd, 0, 0), Errno::Inval);
  EXPECT_EQ(h.open(D, "dir/nested/\xff\xfe", fd, 0, 0), Errno::Ilseq);
  EXPECT_EQ(h.open(D, "", fd, 0, 0), Errno::NoEnt);
  EXPECT_EQ(h.open(D, "dir/nested/file///", fd, 0, 0), Errno::NotDir);
  ASSERT_EQ(h.open(D, "dir/nested///", fd, 0, 0), Errno::Success);
  EXPECT_EQ(h.call("path_open", {D, 0, static_cast<uint32_t>(h.memSize()) - 2, 5, 0, 0, 0, 0, 100}),
            Errno::Fault);
  EXPECT_EQ(h.call("path_open", {D, 0, 0x1000, 1, 0, 0, 0, 0, 0xfffffffe}), Errno::Fault);
}

TEST_F(WasiPath, CreateAndRemoveDirectory) {
  tmp.file("file");
  WasiHarness h(config());
  ASSERT_EQ(h.pathCall("path_create_directory", D, "d"), Errno::Success);
  EXPECT_TRUE(std::filesystem::is_directory(tmp.path() / "d"));
  EXPECT_EQ(h.pathCall("path_create_directory", D, "d"), Errno::Exist);
  ASSERT_EQ(h.pathCall("path_create_directory", D, "d/e/"), Errno::Success);
  EXPECT_EQ(h.pathCall("path_create_directory", D, "x/y"), Errno::NoEnt);
  EXPECT_EQ(h.pathCall("path_remove_directory", D, "d"), Errno::NotEmpty);
  ASSERT_EQ(h.pathCall("path_remove_directory", D, "d/e/"), Errno::Success);
  ASSERT_EQ(h.pathCall("path_remove_directory", D, "d"), Errno::Success);
  EXPECT_FALSE(tmp.exists("d"));
  EXPECT_EQ(h.pathCall("path_remove_directory", D, "d"), Errno::NoEnt);
  EXPECT_EQ(h.pathCall("path_remove_directory", D, "file"), Errno::NotDir);
  EXPECT_EQ(h.pathCall("path_remove_directory", D, "file/"), Errno::NotDir);
}

TEST_F(WasiPath, UnlinkFile) {
  tmp.file("file");
  tmp.dir("dir");
  tmp.symlink("link", "dir");
  WasiHarness h(config());
  EXPECT_EQ(h.pathCall("path_unlink_file", D, "dir"), Errno::IsDir);
  EXPECT_EQ(h.pathCall("path_unlink_file", D, "dir/"), Errno::IsDir);
  EXPECT_EQ(h.pathCall("path_unlink_file", D, "file/"), Errno::NotDir);
  ASSERT_EQ(h.pathCall("path_unlink_file", D, "link"), Errno::Success);  // the link, not the dir
  EXPECT_TRUE(tmp.exists("dir"));
  ASSERT_EQ(h.pathCall("path_unlink_file", D, "file"), Errno::Success);
  EXPECT_FALSE(tmp.exists("file"));
  EXPECT_EQ(h.pathCall("path_unlink_file", D, "file"), Errno::NoEnt);
}

TEST_F(WasiPath, FilestatGetAndSetTimes) {
  tmp.file("sub/file", "12345");
  tmp.symlink("link", "sub/file");
  WasiHarness h(config());
  h.putStr(0x1000, "link");
  ASSERT_EQ(h.call("path_filestat_get", {D, 0, 0x1000, 4, 0x3000}), Errno::Success);
  EXPECT_EQ(h.u8(0x3000 + 16), static_cast<uint8_t>(wasi::FileType::SymbolicLink));
  EXPECT_EQ(h.u64(0x3000 + 32), 8u);  // a link's size is its target's length
  ASSERT_EQ(h.call("path_filestat_get", {D, kFollow, 0x1000, 4, 0x3000}), Errno::Success);
  EXPECT_EQ(h.u8(0x3000 + 16), static_cast<uint8_t>(wasi::FileType::RegularFile));
  EXPECT_EQ(h.u64(0x3000 + 32), 5u);
  uint64_t fileMtim = h.u64(0x3000 + 48);
  // Times of the link itself, then of its target.
  uint64_t t = 1000000000ull * 1000000000ull;
  ASSERT_EQ(h.call("path_filestat_set_times", {D, 0, 0x1000, 4, 0, t, wasi::fstflags::Mtim}),
            Errno::Success);
  ASSERT_EQ(h.call("path_filestat_get", {D, 0, 0x1000, 4, 0x3000}), Errno::Success);
  EXPECT_EQ(h.u64(0x3000 + 48), t);
  ASSERT_EQ(h.call("path_filestat_get", {D, kFollow, 0x1000, 4, 0x3000}), Errno::Success);
  EXPECT_EQ(h.u64(0x3000 + 48), fileMtim);
  ASSERT_EQ(h.call("path_filestat_set_times", {D, kFollow, 0x1000, 4, 0, t, wasi::fstflags::Mtim}),
            Errno::Success);
  ASSERT_EQ(h.call("path_filestat_get", {D, kFollow, 0x1000, 4, 0x3000}), Errno::Success);
  EXPECT_EQ(h.u64(0x3000 + 48), t);
  EXPECT_EQ(h.call("path_filestat_set_times",
                   {D, 0, 0x1000, 4, 0, t, wasi::fstflags::Mtim | wasi::fstflags::MtimNow}),
            Errno::Inval);
  h.putStr(0x1000, "nope");
  EXPECT_EQ(h.call("path_filestat_get", {D, 0, 0x1000, 4, 0x3000}), Errno::NoEnt);
  h.putStr(0x1000, "sub/file/");
  EXPECT_EQ(h.call("path_filestat_get", {D, 0, 0x1000, 9, 0x3000}), Errno::NotDir);
  EXPECT_EQ(h.call("path_filestat_get", {D, 0, 0x1000, 3, static_cast<uint32_t>(h.memSize()) - 8}),
            Errno::Fault);
}

TEST_F(WasiPath, Link) {
  tmp.file("file", "data");
  tmp.dir("dir");
  WasiHarness h(config());
  two(h, "file", "hard");
  ASSERT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::Success);
  EXPECT_EQ(tmp.read("hard"), "data");
  EXPECT_EQ(std::filesystem::hard_link_count(tmp.path() / "file"), 2u);
  EXPECT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::Exist);
  two(h, "file", "file");
  EXPECT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::Exist);
  two(h, "file", "dir");
  EXPECT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::Exist);
  two(h, "dir", "dirlink");
  EXPECT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::Perm);
  two(h, "file", "new/");
  EXPECT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::NoEnt);
  two(h, "missing", "x");
  EXPECT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::NoEnt);
  // A link to a dangling symlink links the symlink itself.
  tmp.symlink("dangling", "nowhere");
  two(h, "dangling", "dangling2");
  ASSERT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::Success);
  EXPECT_TRUE(std::filesystem::is_symlink(tmp.path() / "dangling2"));
  two(h, "dangling", "x");
  EXPECT_EQ(h.call("path_link", {D, kFollow, 0x1000, la, D, 0x2000, lb}), Errno::NoEnt);
}

TEST_F(WasiPath, Readlink) {
  tmp.symlink("link", "target");
  tmp.file("file");
  WasiHarness h(config());
  h.putStr(0x1000, "link");
  std::memset(h.mem() + 0x3000, 0, 16);
  ASSERT_EQ(h.call("path_readlink", {D, 0x1000, 4, 0x3000, 10, 0x4000}), Errno::Success);
  EXPECT_EQ(h.u32(0x4000), 6u);
  EXPECT_EQ(h.get(0x3000, 10), std::string("target\0\0\0\0", 10));
  // A short buffer gets the start of it.
  ASSERT_EQ(h.call("path_readlink", {D, 0x1000, 4, 0x3000, 4, 0x4000}), Errno::Success);
  EXPECT_EQ(h.u32(0x4000), 4u);
  h.putStr(0x1000, "file");
  EXPECT_EQ(h.call("path_readlink", {D, 0x1000, 4, 0x3000, 10, 0x4000}), Errno::Inval);
  h.putStr(0x1000, "none");
  EXPECT_EQ(h.call("path_readlink", {D, 0x1000, 4, 0x3000, 10, 0x4000}), Errno::NoEnt);
  EXPECT_EQ(
      h.call("path_readlink", {D, 0x1000, 4, static_cast<uint32_t>(h.memSize()) - 2, 10, 0x4000}),
      Errno::Fault);
}

TEST_F(WasiPath, Rename) {
  tmp.file("a", "A");
  tmp.file("b", "B");
  tmp.dir("d");
  tmp.file("full/x");
  WasiHarness h(config());
  two(h, "a", "c");
  ASSERT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::Success);
  EXPECT_EQ(tmp.read("c"), "A");
  EXPECT_FALSE(tmp.exists("a"));
  two(h, "c", "b");  // replaces an existing file
  ASSERT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::Success);
  EXPECT_EQ(tmp.read("b"), "A");
  two(h, "b", "d");
  EXPECT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::IsDir);
  two(h, "d", "full");
  EXPECT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::NotEmpty);
  two(h, "d", "b");
  EXPECT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::NotDir);
  two(h, "d/", "e/");
  ASSERT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::Success);
  EXPECT_TRUE(std::filesystem::is_directory(tmp.path() / "e"));
  two(h, "b/", "z");
  EXPECT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::NotDir);
  two(h, "b", "z/");
  EXPECT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::NotDir);
  two(h, "missing", "z");
  EXPECT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::NoEnt);
  // Across directory fds.
  uint32_t sub;
  ASSERT_EQ(h.open(D, "e", sub, oflags::Directory, kDirRights), Errno::Success);
  two(h, "b", "moved");
  ASSERT_EQ(h.call("path_rename", {D, 0x1000, la, sub, 0x2000, lb}), Errno::Success);
  EXPECT_EQ(tmp.read("e/moved"), "A");
}

TEST_F(WasiPath, Symlink) {
  tmp.dir("dir");
  tmp.file("file");
  WasiHarness h(config());
  two(h, "file", "link");
  ASSERT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::Success);
  EXPECT_EQ(std::filesystem::read_symlink(tmp.path() / "link"), "file");
  EXPECT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::Exist);
  two(h, "source", "target/");
  EXPECT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::NoEnt);
  two(h, "source", "dir/");
  EXPECT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::Exist);
  two(h, "source", "dir");
  EXPECT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::Exist);
  two(h, "source", "file/");
  EXPECT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::NotDir);
  two(h, "", "empty");
  EXPECT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::NoEnt);
  // Dangling links may be made (they resolve, or not, when followed).
  two(h, "nowhere", "dangling");
  EXPECT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::Success);
}

TEST_F(WasiPath, MissingRights) {
  tmp.file("f");
  WasiHarness h(config());
  uint32_t d;
  ASSERT_EQ(h.open(D, ".", d, oflags::Directory, rights::PathOpen, 0, kFollow, 0), Errno::Success);
  EXPECT_EQ(h.pathCall("path_create_directory", d, "x"), Errno::NotCapable);
  EXPECT_EQ(h.pathCall("path_remove_directory", d, "x"), Errno::NotCapable);
  EXPECT_EQ(h.pathCall("path_unlink_file", d, "f"), Errno::NotCapable);
  h.putStr(0x1000, "f");
  EXPECT_EQ(h.call("path_filestat_get", {d, 0, 0x1000, 1, 0x3000}), Errno::NotCapable);
  EXPECT_EQ(h.call("path_filestat_set_times", {d, 0, 0x1000, 1, 0, 0, 0}), Errno::NotCapable);
  EXPECT_EQ(h.call("path_readlink", {d, 0x1000, 1, 0x3000, 10, 0x4000}), Errno::NotCapable);
  two(h, "f", "g");
  EXPECT_EQ(h.call("path_rename", {d, 0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  EXPECT_EQ(h.call("path_rename", {D, 0x1000, la, d, 0x2000, lb}), Errno::NotCapable);
  EXPECT_EQ(h.call("path_link", {d, 0, 0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  EXPECT_EQ(h.call("path_link", {D, 0, 0x1000, la, d, 0x2000, lb}), Errno::NotCapable);
  EXPECT_EQ(h.call("path_symlink", {0x1000, la, d, 0x2000, lb}), Errno::NotCapable);
  EXPECT_TRUE(tmp.exists("f"));
  EXPECT_FALSE(tmp.exists("g"));
}

}  // namespace
}  // namespace witt::test
