// Hostile arguments: every WASI function called many times with pointers,
// lengths, fds and flags chosen to hit the edges of linear memory and of
// each type. Nothing may crash the host or trap; every call returns an errno.
#include <random>

#include "unit/wasi/wasi_harness.h"

namespace witt::test {
namespace {

// name, parameters (i: i32, I: i64). Left out: proc_exit (ends the guest),
// poll_oneoff (a random clock may wait for years), fd_allocate (a random
// length could really fill the disk) and the calls that could block on a
// socket (none is given here anyway); they have their own bounds tests.
struct Fn {
  const char* name;
  const char* params;
};
const Fn kFns[] = {
    {"args_get", "ii"},
    {"args_sizes_get", "ii"},
    {"environ_get", "ii"},
    {"environ_sizes_get", "ii"},
    {"clock_res_get", "ii"},
    {"clock_time_get", "iIi"},
    {"fd_advise", "iIIi"},
    {"fd_datasync", "i"},
    {"fd_fdstat_get", "ii"},
    {"fd_fdstat_set_flags", "ii"},
    {"fd_fdstat_set_rights", "iII"},
    {"fd_filestat_get", "ii"},
    {"fd_filestat_set_size", "iI"},
    {"fd_filestat_set_times", "iIIi"},
    {"fd_pread", "iiiIi"},
    {"fd_prestat_get", "ii"},
    {"fd_prestat_dir_name", "iii"},
    {"fd_pwrite", "iiiIi"},
    {"fd_read", "iiii"},
    {"fd_readdir", "iiiIi"},
    {"fd_seek", "iIii"},
    {"fd_sync", "i"},
    {"fd_tell", "ii"},
    {"fd_write", "iiii"},
    {"path_create_directory", "iii"},
    {"path_filestat_get", "iiiii"},
    {"path_filestat_set_times", "iiiiIIi"},
    {"path_link", "iiiiiii"},
    {"path_open", "iiiiiIIii"},
    {"path_readlink", "iiiiii"},
    {"path_remove_directory", "iii"},
    {"path_rename", "iiiiii"},
    {"path_symlink", "iiiii"},
    {"path_unlink_file", "iii"},
    {"proc_raise", "i"},
    {"random_get", "ii"},
    {"sock_shutdown", "ii"},
    {"sock_send", "iiiii"},
};

TEST(WasiRobustness, HostileArgumentsOnlyEverGiveErrnos) {
  TempDir tmp;
  tmp.file("a/b", "text");
  tmp.symlink("a/up", "../..");
  WasiConfig c;
  c.args = {"t", "x"};
  c.env = {"K=V"};
  c.stdinFd = c.stdoutFd = c.stderrFd = -1;  // nothing that could block
  c.preopens = {{tmp.str(), "/"}};
  WasiHarness h(c);
  const uint64_t mem = h.memSize();
  // Short, valid paths at known places, so that path calls get past the
  // string checks now and then.
  h.putStr(0x100, "a/b");
  h.putStr(0x200, "a/up/x");
  h.putStr(0x300, "new");
  std::mt19937_64 rng(12345);
  auto pick32 = [&]() -> uint64_t {
    switch (rng() % 12) {
      case 0: return 0;
      case 1: return mem - 1 - rng() % 64;
      case 2: return mem;
      case 3: return 0xffffffffu - rng() % 8;
      case 4: return 3;  // the preopen
      case 5: return rng() % 8;
      case 6: return 0x100 + (rng() % 3) * 0x100;  // a path
      case 7: return rng() % 16;                   // a short length or flag set
      case 8: return 0x80000000u;
      default: return rng() % mem;
    }
  };
  auto pick64 = [&]() -> uint64_t {
    switch (rng() % 6) {
      case 0: return 0;
      case 1: return ~0ull - rng() % 4;
      case 2: return 1ull << 63;
      case 3: return rng() % 4096;
      default: return rng();
    }
  };
  for (int round = 0; round < 20000; ++round) {
    const Fn& f = kFns[rng() % (sizeof kFns / sizeof kFns[0])];
    std::vector<Value> args;
    for (const char* p = f.params; *p; ++p)
      args.push_back(*p == 'I' ? Value::fromI64(pick64())
                               : Value::fromI32(static_cast<uint32_t>(pick32())));
    auto r = h.instance().invoke(f.name, args);
    ASSERT_TRUE(r.ok()) << f.name << ": " << r.error().describe();
    ASSERT_LE((*r)[0].i32, 76u) << f.name;  // a $errno
  }
  // Nothing escaped the sandbox: the temp dir's parent got no new entries
  // named like the ones the calls could create.
  EXPECT_FALSE(std::filesystem::exists(tmp.path().parent_path() / "x"));
  EXPECT_FALSE(std::filesystem::exists(tmp.path().parent_path() / "new"));
}

}  // namespace
}  // namespace witt::test
