// args_*, environ_*, clock_*, random_get, proc_*, sched_yield, and the
// bounds checks every pointer argument gets.
#include <time.h>

#include <cstdlib>

#include "unit/wasi/wasi_harness.h"

namespace witt::test {
namespace {

using wasi::Errno;

WasiConfig argsConfig() {
  WasiConfig c;
  c.args = {"prog.wasm", "first", "the \"second\" arg", ""};
  c.env = {"A=1", "B=two words", "EMPTY="};
  c.stdinFd = c.stdoutFd = c.stderrFd = -1;
  return c;
}

TEST(WasiArgs, SizesAndContents) {
  WasiHarness h(argsConfig());
  ASSERT_EQ(h.call("args_sizes_get", {100, 104}), Errno::Success);
  EXPECT_EQ(h.u32(100), 4u);
  uint32_t size = 10 + 6 + 17 + 1;
  EXPECT_EQ(h.u32(104), size);
  ASSERT_EQ(h.call("args_get", {200, 300}), Errno::Success);
  std::vector<std::string> got;
  for (int i = 0; i < 4; ++i) got.push_back(reinterpret_cast<char*>(h.mem()) + h.u32(200 + 4 * i));
  EXPECT_EQ(got, (std::vector<std::string>{"prog.wasm", "first", "the \"second\" arg", ""}));
  EXPECT_EQ(h.u32(200), 300u);  // packed from the start of the buffer
  EXPECT_EQ(h.get(300, size), std::string("prog.wasm\0first\0the \"second\" arg\0\0", size));
}

TEST(WasiArgs, Environment) {
  WasiHarness h(argsConfig());
  ASSERT_EQ(h.call("environ_sizes_get", {100, 104}), Errno::Success);
  EXPECT_EQ(h.u32(100), 3u);
  EXPECT_EQ(h.u32(104), 4u + 12u + 7u);
  ASSERT_EQ(h.call("environ_get", {200, 300}), Errno::Success);
  EXPECT_STREQ(reinterpret_cast<char*>(h.mem()) + h.u32(204), "B=two words");
}

TEST(WasiArgs, InheritedEnvironmentIsOverriddenByKey) {
  setenv("WITT_WASI_TEST_VAR", "host", 1);
  WasiConfig c = argsConfig();
  c.inheritEnv = true;
  c.env = {"WITT_WASI_TEST_VAR=guest"};
  WasiHarness h(c);
  ASSERT_EQ(h.call("environ_sizes_get", {100, 104}), Errno::Success);
  uint32_t n = h.u32(100);
  ASSERT_EQ(h.call("environ_get", {1000, 20000}), Errno::Success);
  int seen = 0;
  for (uint32_t i = 0; i < n; ++i) {
    std::string e = reinterpret_cast<char*>(h.mem()) + h.u32(1000 + 4 * i);
    if (e.rfind("WITT_WASI_TEST_VAR=", 0) == 0) {
      EXPECT_EQ(e, "WITT_WASI_TEST_VAR=guest");
      ++seen;
    }
  }
  EXPECT_EQ(seen, 1);
  unsetenv("WITT_WASI_TEST_VAR");
}

TEST(WasiArgs, EmptyEnvironment) {
  WasiConfig c = argsConfig();
  c.env.clear();
  WasiHarness h(c);
  ASSERT_EQ(h.call("environ_sizes_get", {100, 104}), Errno::Success);
  EXPECT_EQ(h.u32(100), 0u);
  EXPECT_EQ(h.u32(104), 0u);
  EXPECT_EQ(h.call("environ_get", {200, 300}), Errno::Success);
}

TEST(WasiArgs, BadPointersFault) {
  WasiHarness h(argsConfig());
  uint32_t end = static_cast<uint32_t>(h.memSize());
  EXPECT_EQ(h.call("args_sizes_get", {end - 2, 104}), Errno::Fault);
  EXPECT_EQ(h.call("args_sizes_get", {100, 0xfffffffc}), Errno::Fault);
  EXPECT_EQ(h.call("args_get", {end - 8, 300}), Errno::Fault);
  EXPECT_EQ(h.call("args_get", {200, end - 5}), Errno::Fault);
  EXPECT_EQ(h.call("environ_get", {0xffffffff, 300}), Errno::Fault);
  EXPECT_EQ(h.call("environ_sizes_get", {end, end}), Errno::Fault);
}

TEST(WasiClock, TimeOfEachClock) {
  WasiHarness h(argsConfig());
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint64_t hostNow = uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
  ASSERT_EQ(h.call("clock_time_get", {0, 1, 100}), Errno::Success);
  uint64_t t = h.u64(100);
  EXPECT_GE(t, hostNow);
  EXPECT_LT(t - hostNow, 60ull * 1000000000ull);
  ASSERT_EQ(h.call("clock_time_get", {1, 0, 100}), Errno::Success);
  uint64_t m1 = h.u64(100);
  ASSERT_EQ(h.call("clock_time_get", {1, 0, 100}), Errno::Success);
  EXPECT_LE(m1, h.u64(100));  // monotonic
  for (uint32_t id : {2u, 3u}) {
    ASSERT_EQ(h.call("clock_time_get", {id, 0, 100}), Errno::Success) << id;
    EXPECT_GT(h.u64(100), 0u);
  }
  EXPECT_EQ(h.call("clock_time_get", {4, 0, 100}), Errno::Inval);
  EXPECT_EQ(h.call("clock_time_get", {0, 0, 0xfffffff9}), Errno::Fault);
}

TEST(WasiClock, Resolution) {
  WasiHarness h(argsConfig());
  for (uint32_t id : {0u, 1u, 2u, 3u}) {
    ASSERT_EQ(h.call("clock_res_get", {id, 100}), Errno::Success) << id;
    EXPECT_GT(h.u64(100), 0u);
    EXPECT_LE(h.u64(100), 1000000000u);
  }
  EXPECT_EQ(h.call("clock_res_get", {99, 100}), Errno::Inval);
  EXPECT_EQ(h.call("clock_res_get", {1, static_cast<uint32_t>(h.memSize()) - 4}), Errno::Fault);
}

TEST(WasiRandom, FillsTheBuffer) {
  WasiHarness h(argsConfig());
  std::memset(h.mem() + 1000, 0, 4096);
  ASSERT_EQ(h.call("random_get", {1000, 4096}), Errno::Success);
  int nonzero = 0;
  for (int i = 0; i < 4096; ++i) nonzero += h.u8(1000 + i) != 0;
  EXPECT_GT(nonzero, 3000);
  EXPECT_EQ(h.u8(1000 + 4096), 0);  // nothing past the end
  EXPECT_EQ(h.call("random_get", {1000, 0}), Errno::Success);
  uint32_t end = static_cast<uint32_t>(h.memSize());
  EXPECT_EQ(h.call("random_get", {end, 0}), Errno::Success);
  EXPECT_EQ(h.call("random_get", {end - 10, 11}), Errno::Fault);
  EXPECT_EQ(h.call("random_get", {0xffffffff, 2}), Errno::Fault);
}

TEST(WasiProc, ExitUnwindsWithTheCode) {
  WasiHarness h(argsConfig());
  auto r = h.invoke("proc_exit", {42});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exit);
  EXPECT_EQ(r.error().exitCode, 42);
  auto code = Wasi::exitCodeOf(r);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 42);
}

TEST(WasiProc, RaiseIsNotSupportedAndYieldWorks) {
  WasiHarness h(argsConfig());
  EXPECT_EQ(h.call("proc_raise", {6}), Errno::NoSys);
  EXPECT_EQ(h.call("sched_yield", {}), Errno::Success);
}

TEST(WasiProc, AModuleWithoutMemoryGetsFault) {
  auto w = Wasi::create(argsConfig());
  ASSERT_TRUE(w.ok());
  auto m = Module::fromText(R"((module
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $f (param i32 i32) (result i32)))
    (func (export "go") (result i32) i32.const 0 i32.const 4 call $f)))");
  ASSERT_TRUE(m.ok()) << m.error().describe();
  Imports imports;
  w->addTo(imports);
  auto inst = Instance::create(*m, imports);
  ASSERT_TRUE(inst.ok());
  auto r = inst->invoke("go");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i32, static_cast<uint32_t>(Errno::Fault));
}

}  // namespace
}  // namespace witt::test
