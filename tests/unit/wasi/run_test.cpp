// Wasi::run and Wasi::addTo with hand-written programs: exit codes, traps,
// output that survives a trap, reactors, tracing.
#include <fcntl.h>
#include <unistd.h>

#include "unit/wasi/wasi_harness.h"

namespace witt::test {
namespace {

// A command that writes "hi\n" to stdout, then does `tail`.
std::string program(const std::string& tail, const std::string& start = "") {
  return R"((module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi\n")
  (func $say
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 3))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  )" + start +
         R"(
  (func (export "_start") (call $say) )" +
         tail + R"()))";
}

class WasiRun : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(pipe(out), 0); }
  void TearDown() override {
    if (out[0] >= 0) close(out[0]);
    if (out[1] >= 0) close(out[1]);
  }
  Result<int> run(const std::string& wat, Tracer& tracer = Tracer::none()) {
    auto m = Module::fromText(wat);
    if (!m.ok()) return m.error();
    WasiConfig c;
    c.args = {"prog"};
    c.stdinFd = -1;
    c.stdoutFd = out[1];
    auto w = Wasi::create(c);
    if (!w.ok()) return w.error();
    return w->run(*m, tracer);
  }
  std::string output() {
    close(out[1]);
    out[1] = -1;
    return drain(out[0]);
  }
  int out[2] = {-1, -1};
};

TEST_F(WasiRun, ReturningFromStartIsExitCodeZero) {
  auto r = run(program(""));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(*r, 0);
  EXPECT_EQ(output(), "hi\n");
}

TEST_F(WasiRun, ProcExitCode) {
  auto r = run(program("(call $proc_exit (i32.const 7)) unreachable"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(*r, 7);
  EXPECT_EQ(output(), "hi\n");
  ASSERT_EQ(pipe(out), 0);
  r = run(program("(call $proc_exit (i32.const 0))"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0);
}

TEST_F(WasiRun, OutputWrittenBeforeATrapIsKept) {
  auto r = run(program("unreachable"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().trap, TrapKind::Unreachable);
  EXPECT_FALSE(r.error().backtrace.empty());
  EXPECT_EQ(output(), "hi\n");
}

TEST_F(WasiRun, ExitFromTheStartFunction) {
  auto r =
      run(program("", "(func $init (call $say) (call $proc_exit (i32.const 3))) (start $init)"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(*r, 3);
  EXPECT_EQ(output(), "hi\n");  // _start never ran
}

TEST_F(WasiRun, NotACommand) {
  auto r = run("(module (func (export \"main\")))");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  r = run("(module (func (export \"_start\") (param i32)))");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  r = run("(module (import \"env\" \"nope\" (func)) (func (export \"_start\")))");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unlinkable);
}

TEST_F(WasiRun, TracerSeesHostCalls) {
  CountingTracer t;
  auto r = run(program("(call $say) (call $say)"), t);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(t.hostCalls, 3u);  // the three fd_write calls
  EXPECT_EQ(output(), "hi\nhi\nhi\n");
}

TEST_F(WasiRun, ReactorThroughAddTo) {
  auto m = Module::fromText(R"((module
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
    (memory (export "memory") 1)
    (global $argc (mut i32) (i32.const -1))
    (func (export "_initialize")
      (drop (call $sizes (i32.const 0) (i32.const 4)))
      (global.set $argc (i32.load (i32.const 0))))
    (func (export "argc") (result i32) (global.get $argc))
    (func (export "quit") (param i32) (call $proc_exit (local.get 0)))))");
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_TRUE(Wasi::isWasiModule(*m));
  WasiConfig c;
  c.args = {"a", "b", "c"};
  auto w = Wasi::create(c);
  ASSERT_TRUE(w.ok());
  Imports imports;
  w->addTo(imports);
  auto inst = Instance::create(*m, imports);
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  ASSERT_TRUE(inst->invoke("_initialize").ok());
  auto argc = inst->invoke("argc");
  ASSERT_TRUE(argc.ok());
  EXPECT_EQ((*argc)[0].i32, 3u);
  auto quit = inst->invoke("quit", std::vector<Value>{Value::fromI32(5)});
  ASSERT_FALSE(quit.ok());
  EXPECT_EQ(quit.error().kind, ErrorKind::Exit);
  EXPECT_EQ(quit.error().exitCode, 5);
  // run() refuses a reactor.
  auto r = w->run(*m);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
}

TEST(WasiCreate, Errors) {
  WasiConfig c;
  c.preopens = {{"/nonexistent/witt/dir", "/"}};
  auto w = Wasi::create(c);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, ErrorKind::Io);
  EXPECT_NE(w.error().message.find("/nonexistent/witt/dir"), std::string::npos);
  TempDir tmp;
  tmp.file("f");
  c.preopens = {{(tmp.path() / "f").string(), "/"}};  // a file, not a directory
  EXPECT_FALSE(Wasi::create(c).ok());
  c.preopens.clear();
  int fd = open("/dev/null", O_RDONLY);
  c.sockets = {fd};
  w = Wasi::create(c);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, ErrorKind::Usage);
  close(fd);
}

TEST(WasiCreate, IsWasiModule) {
  auto m = Module::fromText("(module (func (export \"_start\")))");
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(Wasi::isWasiModule(*m));
}

}  // namespace
}  // namespace witt::test
