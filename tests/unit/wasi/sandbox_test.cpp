// Escape attempts through the WASI calls themselves: every one is refused
// with `notcapable` (or names nothing outside), and the file outside the
// sandbox is never read, written, linked, moved or removed.
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

// tmp/outside/secret is next to the preopened tmp/box.
class WasiSandbox : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp.file("outside/secret", "secret");
    tmp.dir("box/sub");
    tmp.file("box/inside", "inside");
    tmp.symlink("box/abs", (tmp.path() / "outside/secret").string());
    tmp.symlink("box/absdir", (tmp.path() / "outside").string());
    tmp.symlink("box/rel", "../outside/secret");
    tmp.symlink("box/reldir", "../outside");
    tmp.symlink("box/sub/deep", "../../outside/secret");
    struct stat st;
    stat((tmp.path() / "outside/secret").c_str(), &st);
    secretIno = st.st_ino;
  }
  void TearDown() override {
    // Whatever the guest tried, the outside is as it was.
    EXPECT_EQ(tmp.read("outside/secret"), "secret");
    struct stat st;
    ASSERT_EQ(stat((tmp.path() / "outside/secret").c_str(), &st), 0);
    EXPECT_EQ(st.st_ino, secretIno);
    EXPECT_EQ(st.st_nlink, 1u);
    std::vector<std::string> names;
    for (auto& e : std::filesystem::directory_iterator(tmp.path() / "outside"))
      names.push_back(e.path().filename().string());
    EXPECT_EQ(names, std::vector<std::string>{"secret"});
  }
  WasiConfig config() {
    WasiConfig c;
    c.args = {"t"};
    c.stdinFd = c.stdoutFd = c.stderrFd = -1;
    c.preopens = {{(tmp.path() / "box").string(), "/"}};
    return c;
  }
  void two(WasiHarness& h, const std::string& a, const std::string& b) {
    h.putStr(0x1000, a);
    h.putStr(0x2000, b);
    la = static_cast<uint32_t>(a.size());
    lb = static_cast<uint32_t>(b.size());
  }
  TempDir tmp;
  ino_t secretIno = 0;
  uint32_t la = 0, lb = 0;
};

TEST_F(WasiSandbox, DotDotOutOfThePreopen) {
  WasiHarness h(config());
  uint32_t fd;
  EXPECT_EQ(h.open(D, "../outside/secret", fd, 0, rights::All), Errno::NotCapable);
  EXPECT_EQ(h.open(D, "sub/../../outside/secret", fd, 0, rights::All), Errno::NotCapable);
  EXPECT_EQ(h.open(D, "..", fd, oflags::Directory, kDirRights), Errno::NotCapable);
  EXPECT_EQ(h.open(D, "../outside/new", fd, oflags::Creat, rights::All), Errno::NotCapable);
}

TEST_F(WasiSandbox, DotDotOutOfAnOpenedSubdirectory) {
  WasiHarness h(config());
  uint32_t sub, fd;
  ASSERT_EQ(h.open(D, "sub", sub, oflags::Directory, kDirRights), Errno::Success);
  // Each directory fd is its own capability: its parent is out of reach too.
  EXPECT_EQ(h.open(sub, "../inside", fd, 0, rights::All), Errno::NotCapable);
  EXPECT_EQ(h.open(sub, "..", fd, oflags::Directory, 0), Errno::NotCapable);
}

TEST_F(WasiSandbox, AbsolutePaths) {
  WasiHarness h(config());
  uint32_t fd;
  EXPECT_EQ(h.open(D, "/etc/passwd", fd, 0, rights::All), Errno::NotCapable);
  EXPECT_EQ(h.open(D, (tmp.path() / "outside/secret").string(), fd, 0, rights::All),
            Errno::NotCapable);
  EXPECT_EQ(h.open(D, "/", fd, oflags::Directory, 0), Errno::NotCapable);
  EXPECT_EQ(h.pathCall("path_create_directory", D, "/tmp/witt-escape"), Errno::NotCapable);
}

TEST_F(WasiSandbox, SymlinksPointingOut) {
  WasiHarness h(config());
  uint32_t fd;
  EXPECT_EQ(h.open(D, "abs", fd, 0, rights::All, 0, kFollow), Errno::NotCapable);
  EXPECT_EQ(h.open(D, "rel", fd, 0, rights::All, 0, kFollow), Errno::NotCapable);
  EXPECT_EQ(h.open(D, "sub/deep", fd, 0, rights::All, 0, kFollow), Errno::NotCapable);
  EXPECT_EQ(h.open(D, "abs", fd, oflags::Creat | oflags::Trunc, rights::All, 0, kFollow),
            Errno::NotCapable);
  // Not following the link opens nothing either (the link itself: loop).
  EXPECT_EQ(h.open(D, "abs", fd, 0, rights::All, 0, 0), Errno::Loop);
  h.putStr(0x1000, "rel");
  EXPECT_EQ(h.call("path_filestat_get", {D, kFollow, 0x1000, 3, 0x3000}), Errno::NotCapable);
  EXPECT_EQ(
      h.call("path_filestat_set_times", {D, kFollow, 0x1000, 3, 0, 0, wasi::fstflags::MtimNow}),
      Errno::NotCapable);
  // The link's own metadata is inside, and readable.
  ASSERT_EQ(h.call("path_filestat_get", {D, 0, 0x1000, 3, 0x3000}), Errno::Success);
  EXPECT_EQ(h.u8(0x3000 + 16), static_cast<uint8_t>(wasi::FileType::SymbolicLink));
}

TEST_F(WasiSandbox, SymlinksPointingOutInIntermediateComponents) {
  WasiHarness h(config());
  uint32_t fd;
  EXPECT_EQ(h.open(D, "absdir/secret", fd, 0, rights::All, 0, 0), Errno::NotCapable);
  EXPECT_EQ(h.open(D, "reldir/secret", fd, 0, rights::All, 0, 0), Errno::NotCapable);
  EXPECT_EQ(h.open(D, "reldir/new", fd, oflags::Creat, rights::All, 0, 0), Errno::NotCapable);
  EXPECT_EQ(h.pathCall("path_create_directory", D, "reldir/newdir"), Errno::NotCapable);
  EXPECT_EQ(h.pathCall("path_unlink_file", D, "reldir/secret"), Errno::NotCapable);
  EXPECT_EQ(h.pathCall("path_unlink_file", D, "absdir/secret"), Errno::NotCapable);
  EXPECT_EQ(h.pathCall("path_remove_directory", D, "reldir/"), Errno::NotCapable);
  h.putStr(0x1000, "absdir/secret");
  EXPECT_EQ(h.call("path_readlink", {D, 0x1000, 13, 0x3000, 100, 0x4000}), Errno::NotCapable);
}

TEST_F(WasiSandbox, SymlinksCreatedByTheGuest) {
  WasiHarness h(config());
  // An absolute target is refused when the link is made...
  two(h, (tmp.path() / "outside/secret").string(), "mine");
  EXPECT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  two(h, "/", "root");
  EXPECT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  // ...a climbing one is only a string, and following it is refused.
  two(h, "../outside/secret", "climb");
  ASSERT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::Success);
  uint32_t fd;
  EXPECT_EQ(h.open(D, "climb", fd, 0, rights::All, 0, kFollow), Errno::NotCapable);
  two(h, "..", "parent");
  ASSERT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::Success);
  EXPECT_EQ(h.open(D, "parent/outside/secret", fd, 0, rights::All), Errno::NotCapable);
  // A link made outside through a climbing path: refused.
  two(h, "inside", "../outside/evil");
  EXPECT_EQ(h.call("path_symlink", {0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
}

TEST_F(WasiSandbox, HardLinksOut) {
  WasiHarness h(config());
  // Linking the outside file in, under any spelling: refused.
  two(h, "../outside/secret", "stolen");
  EXPECT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  two(h, "rel", "stolen");
  EXPECT_EQ(h.call("path_link", {D, kFollow, 0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  two(h, "reldir/secret", "stolen");
  EXPECT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  // Linking an inside file out: refused.
  two(h, "inside", "../outside/planted");
  EXPECT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  two(h, "inside", "reldir/planted");
  EXPECT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  // Without symlink_follow, linking a link to outside copies the link (a
  // string the resolver will not follow out), never the outside file.
  two(h, "abs", "abs2");
  ASSERT_EQ(h.call("path_link", {D, 0, 0x1000, la, D, 0x2000, lb}), Errno::Success);
  EXPECT_TRUE(std::filesystem::is_symlink(tmp.path() / "box/abs2"));
  uint32_t fd;
  EXPECT_EQ(h.open(D, "abs2", fd, 0, rights::All, 0, kFollow), Errno::NotCapable);
  EXPECT_FALSE(tmp.exists("box/stolen"));
}

TEST_F(WasiSandbox, RenamesOut) {
  WasiHarness h(config());
  two(h, "inside", "../outside/moved");
  EXPECT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  two(h, "inside", "reldir/moved");
  EXPECT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  two(h, "../outside/secret", "taken");
  EXPECT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  two(h, "absdir/secret", "taken");
  EXPECT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::NotCapable);
  // Renaming a link that points out moves the link, not its target.
  two(h, "rel", "rel2");
  ASSERT_EQ(h.call("path_rename", {D, 0x1000, la, D, 0x2000, lb}), Errno::Success);
  EXPECT_TRUE(std::filesystem::is_symlink(tmp.path() / "box/rel2"));
  EXPECT_EQ(tmp.read("box/inside"), "inside");
}

TEST_F(WasiSandbox, RemovalsOut) {
  WasiHarness h(config());
  EXPECT_EQ(h.pathCall("path_unlink_file", D, "../outside/secret"), Errno::NotCapable);
  EXPECT_EQ(h.pathCall("path_remove_directory", D, "../outside"), Errno::NotCapable);
  EXPECT_EQ(h.pathCall("path_remove_directory", D, ".."), Errno::NotCapable);
  // Unlinking a link that points out removes the link only.
  ASSERT_EQ(h.pathCall("path_unlink_file", D, "abs"), Errno::Success);
  EXPECT_FALSE(tmp.exists("box/abs"));
}

TEST_F(WasiSandbox, NoPreopenNoFiles) {
  WasiConfig c = config();
  c.preopens.clear();
  WasiHarness h(c);
  uint32_t fd;
  EXPECT_EQ(h.open(D, "inside", fd, 0, rights::All), Errno::Badf);
  EXPECT_EQ(h.call("fd_prestat_get", {D, 100}), Errno::Badf);
}

}  // namespace
}  // namespace witt::test
