// The sandboxed path resolver, on a real directory tree: every way out of the
// sandbox is refused, every way that stays inside works.
#include "wasi/path_resolver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gtest/gtest.h"
#include "unit/wasi/wasi_harness.h"

namespace witt::wasi {
namespace {

using test::TempDir;

// tmp/
//   outside/secret           not reachable
//   box/                     the capability (base fd)
//     dir/file, dir/sub/
//     abs      -> <tmp>/outside/secret
//     up       -> ../outside/secret
//     updir    -> ..
//     inner    -> dir/file
//     dirlink  -> dir
//     chain    -> dirlink
//     loop     -> loop
//     dangling -> missing
//     dirslash -> dir/
//     dotdot_in -> dir/sub/../file   (climbs, but stays inside)
//     dir/escape -> ../../outside    (relative, from a subdirectory)
class Resolver : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp.file("outside/secret", "s");
    tmp.file("box/dir/file", "f");
    tmp.dir("box/dir/sub");
    tmp.symlink("box/abs", (tmp.path() / "outside/secret").string());
    tmp.symlink("box/up", "../outside/secret");
    tmp.symlink("box/updir", "..");
    tmp.symlink("box/inner", "dir/file");
    tmp.symlink("box/dirlink", "dir");
    tmp.symlink("box/chain", "dirlink");
    tmp.symlink("box/loop", "loop");
    tmp.symlink("box/dangling", "missing");
    tmp.symlink("box/dirslash", "dir/");
    tmp.symlink("box/dotdot_in", "dir/sub/../file");
    tmp.symlink("box/dir/escape", "../../outside");
    base = open((tmp.path() / "box").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(base, 0);
  }
  void TearDown() override { close(base); }

  Errno resolve(const std::string& path, bool follow) {
    r = ResolvedPath();
    return resolvePath(base, path, follow, r);
  }
  // The inode of what the resolution names.
  ino_t inode() {
    struct stat st;
    if (fstatat(r.dirFd, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return 0;
    return st.st_ino;
  }
  ino_t hostInode(const std::string& rel) {
    struct stat st;
    if (lstat((tmp.path() / rel).c_str(), &st) != 0) return 0;
    return st.st_ino;
  }

  TempDir tmp;
  int base = -1;
  ResolvedPath r;
};

TEST_F(Resolver, PlainPaths) {
  ASSERT_EQ(resolve("dir/file", false), Errno::Success);
  EXPECT_EQ(r.name, "file");
  EXPECT_EQ(inode(), hostInode("box/dir/file"));
  EXPECT_FALSE(r.mustBeDir);
  ASSERT_EQ(resolve("dir", false), Errno::Success);
  EXPECT_EQ(r.dirFd, base);
  EXPECT_EQ(r.name, "dir");
}

TEST_F(Resolver, DotsThatStayInside) {
  ASSERT_EQ(resolve("dir/./sub/../file", false), Errno::Success);
  EXPECT_EQ(inode(), hostInode("box/dir/file"));
  ASSERT_EQ(resolve("dir/.//sub/../../dir/sub/../file", false), Errno::Success);
  EXPECT_EQ(inode(), hostInode("box/dir/file"));
  ASSERT_EQ(resolve(".", false), Errno::Success);
  EXPECT_EQ(r.name, ".");
  EXPECT_EQ(r.dirFd, base);
  ASSERT_EQ(resolve("dir/..", false), Errno::Success);
  EXPECT_EQ(r.name, ".");
  EXPECT_EQ(inode(), hostInode("box"));
}

TEST_F(Resolver, EscapesWithDotDot) {
  EXPECT_EQ(resolve("..", false), Errno::NotCapable);
  EXPECT_EQ(resolve("../outside/secret", false), Errno::NotCapable);
  EXPECT_EQ(resolve("dir/../../outside/secret", false), Errno::NotCapable);
  EXPECT_EQ(resolve("dir/sub/../../..", false), Errno::NotCapable);
  EXPECT_EQ(resolve("./..", true), Errno::NotCapable);
}

TEST_F(Resolver, AbsolutePathsAreRefused) {
  EXPECT_EQ(resolve("/", false), Errno::NotCapable);
  EXPECT_EQ(resolve("/etc/passwd", false), Errno::NotCapable);
  EXPECT_EQ(resolve((tmp.path() / "outside/secret").string(), true), Errno::NotCapable);
}

TEST_F(Resolver, SymlinksPointingOut) {
  // Followed: refused, whether the target is absolute or climbs out.
  EXPECT_EQ(resolve("abs", true), Errno::NotCapable);
  EXPECT_EQ(resolve("up", true), Errno::NotCapable);
  EXPECT_EQ(resolve("dir/escape", true), Errno::NotCapable);
  // Not followed: the link itself is named, which is harmless.
  ASSERT_EQ(resolve("abs", false), Errno::Success);
  EXPECT_EQ(r.name, "abs");
  EXPECT_EQ(inode(), hostInode("box/abs"));
}

TEST_F(Resolver, SymlinksPointingOutInIntermediateComponents) {
  EXPECT_EQ(resolve("updir/outside/secret", false), Errno::NotCapable);
  EXPECT_EQ(resolve("dir/escape/secret", false), Errno::NotCapable);
  EXPECT_EQ(resolve("updir/box/dir/file", false), Errno::NotCapable);
}

TEST_F(Resolver, TrailingSlashFollowsTheFinalLink) {
  EXPECT_EQ(resolve("updir/", false), Errno::NotCapable);
  ASSERT_EQ(resolve("dirlink/", false), Errno::Success);
  EXPECT_TRUE(r.mustBeDir);
  EXPECT_EQ(inode(), hostInode("box/dir"));
}

TEST_F(Resolver, SymlinksThatStayInside) {
  ASSERT_EQ(resolve("inner", true), Errno::Success);
  EXPECT_EQ(inode(), hostInode("box/dir/file"));
  ASSERT_EQ(resolve("dirlink/file", false), Errno::Success);
  EXPECT_EQ(inode(), hostInode("box/dir/file"));
  ASSERT_EQ(resolve("chain/sub", true), Errno::Success);
  EXPECT_EQ(inode(), hostInode("box/dir/sub"));
  ASSERT_EQ(resolve("dotdot_in", true), Errno::Success);
  EXPECT_EQ(inode(), hostInode("box/dir/file"));
  ASSERT_EQ(resolve("dirslash", true), Errno::Success);
  EXPECT_TRUE(r.mustBeDir);  // the link's own trailing slash
  EXPECT_EQ(inode(), hostInode("box/dir"));
}

TEST_F(Resolver, Loops) {
  EXPECT_EQ(resolve("loop", true), Errno::Loop);
  EXPECT_EQ(resolve("loop/x", false), Errno::Loop);
  ASSERT_EQ(resolve("loop", false), Errno::Success);  // the link itself
  EXPECT_EQ(r.name, "loop");
}

TEST_F(Resolver, MissingComponents) {
  EXPECT_EQ(resolve("", false), Errno::NoEnt);
  EXPECT_EQ(resolve("nothing/file", false), Errno::NoEnt);
  // A missing last component is for the caller to create or report.
  ASSERT_EQ(resolve("dir/newfile", false), Errno::Success);
  EXPECT_EQ(r.name, "newfile");
  ASSERT_EQ(resolve("dangling", true), Errno::Success);
  EXPECT_EQ(r.name, "missing");
}

TEST_F(Resolver, FilesAreNotDirectories) {
  EXPECT_EQ(resolve("dir/file/x", false), Errno::NotDir);
  EXPECT_EQ(resolve("inner/x", false), Errno::NotDir);
  ASSERT_EQ(resolve("dir/file/", false), Errno::Success);
  EXPECT_TRUE(r.mustBeDir);  // the caller reports notdir
}

TEST_F(Resolver, ManyDotDotsStayBelowTheBase) {
  std::string deep = "dir/sub";
  for (int i = 0; i < 50; ++i) deep += "/../sub";
  ASSERT_EQ(resolve(deep, false), Errno::Success);
  EXPECT_EQ(inode(), hostInode("box/dir/sub"));
}

TEST_F(Resolver, TooManyLinks) {
  // A chain of 45 links, each to the next: over the 40-expansion limit.
  for (int i = 0; i < 45; ++i)
    tmp.symlink("box/l" + std::to_string(i), "l" + std::to_string(i + 1));
  tmp.file("box/l45", "end");
  EXPECT_EQ(resolve("l0", true), Errno::Loop);
  ASSERT_EQ(resolve("l10", true), Errno::Success);
  EXPECT_EQ(r.name, "l45");
}

}  // namespace
}  // namespace witt::wasi
