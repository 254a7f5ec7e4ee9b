// The WAST runner: counting, value matching, error kinds, registration and
// the spectest module.
#include "wast/runner.h"

#include <gtest/gtest.h>

namespace witt::wast {
namespace {

WastResult run(std::string_view script) {
  auto r = runScriptText(script, "t.wast");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  return r.ok() ? std::move(r).value() : WastResult{};
}

std::string failures(const WastResult& r) {
  std::string s;
  for (const auto& f : r.failures) s += formatFailure(f) + "\n";
  return s;
}

TEST(Runner, PassingScript) {
  WastResult r = run(R"w(
    (module
      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
      (func (export "trap") unreachable)
      (global (export "g") i32 (i32.const 7)))
    (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
    (assert_return (invoke "nan") (f32.const nan:canonical))
    (assert_return (invoke "nan") (either (f32.const 1) (f32.const nan:arithmetic)))
    (assert_return (get "g") (i32.const 7))
    (assert_trap (invoke "trap") "unreachable")
    (invoke "add" (i32.const 0) (i32.const 0))
    (assert_invalid (module (func (result i32))) "type mismatch")
    (assert_malformed (module quote "(func (foo))") "unknown operator")
    (assert_malformed (module binary "\00asm") "unexpected end")
    (assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
    (assert_uninstantiable (module (memory 0) (data (i32.const 1) "a")) "out of bounds memory access")
  )w");
  EXPECT_EQ(r.failed, 0u) << failures(r);
  EXPECT_EQ(r.passed, 12u);
  EXPECT_EQ(r.skipped, 0u);
}

TEST(Runner, FailuresAreReported) {
  WastResult r = run(R"w(
    (module (func (export "one") (result i32) (i32.const 1)))
    (assert_return (invoke "one") (i32.const 2))
    (assert_trap (invoke "one") "unreachable")
    (assert_invalid (module (func)) "type mismatch")
    (assert_return (invoke "missing"))
  )w");
  EXPECT_EQ(r.passed, 1u);
  EXPECT_EQ(r.failed, 4u);
  ASSERT_EQ(r.failures.size(), 4u);
  EXPECT_EQ(formatFailure(r.failures[0]),
            "t.wast:3: (assert_return (invoke \"one\") (i32.const 2)): expected (i32.const 2), got "
            "(i32.const 1)");
  EXPECT_EQ(r.failures[1].actual, "(i32.const 1)");
  EXPECT_EQ(r.failures[2].actual, "module loaded");
}

TEST(Runner, MessageMismatchesDoNotFail) {
  WastResult r = run(R"w(
    (assert_malformed (module quote "(func (foo))") "something else")
  )w");
  EXPECT_EQ(r.passed, 1u);
  ASSERT_EQ(r.messageMismatches.size(), 1u);
  EXPECT_EQ(r.messageMismatches[0].expected, "\"something else\"");
}

TEST(Runner, RegisterAndNamedModules) {
  WastResult r = run(R"w(
    (module $A (func (export "f") (result i32) (i32.const 42)) (memory (export "m") 1))
    (register "a" $A)
    (module $B (import "a" "f" (func $f (result i32))) (func (export "g") (result i32) (call $f)))
    (assert_return (invoke "g") (i32.const 42))
    (assert_return (invoke $A "f") (i32.const 42))
    (module definition $D (global (export "x") (mut i32) (i32.const 5)))
    (module instance $I $D)
    (assert_return (get $I "x") (i32.const 5))
  )w");
  EXPECT_EQ(r.failed, 0u) << failures(r);
  EXPECT_EQ(r.passed, 7u);
}

TEST(Runner, Spectest) {
  WastResult r = run(R"w(
    (module
      (import "spectest" "print_i32" (func $p (param i32)))
      (import "spectest" "global_i32" (global $g i32))
      (import "spectest" "global_f64" (global $d f64))
      (import "spectest" "table" (table 10 20 funcref))
      (import "spectest" "memory" (memory 1 2))
      (func (export "run") (result i32) (call $p (i32.const 1)) (global.get $g))
      (func (export "d") (result f64) (global.get $d)))
    (assert_return (invoke "run") (i32.const 666))
    (assert_return (invoke "d") (f64.const 666.6))
  )w");
  EXPECT_EQ(r.failed, 0u) << failures(r);
  EXPECT_EQ(r.passed, 3u);
}

TEST(Runner, UnsupportedIsSkippedNotFailed) {
  WastResult r = run(R"w(
    (module $G (type $s (struct)) (func (export "f")))
    (assert_return (invoke "f"))
    (assert_invalid (module (type (array i8))) "whatever")
    (thread $T (invoke "f"))
    (register "gc" $G)
    (module (import "gc" "f" (func)))
  )w");
  EXPECT_EQ(r.failed, 0u) << failures(r);
  EXPECT_EQ(r.skipped, 5u);
}

TEST(Runner, ExceptionsAndExhaustion) {
  WastResult r = run(R"w(
    (module
      (tag $e (param i32))
      (func (export "throw") (throw $e (i32.const 1)))
      (func $r (export "rec") (call $r)))
    (assert_exception (invoke "throw"))
    (assert_exhaustion (invoke "rec") "call stack exhausted")
  )w");
  EXPECT_EQ(r.failed, 0u) << failures(r);
  EXPECT_EQ(r.passed, 3u);
}

TEST(Runner, ScriptErrors) {
  EXPECT_FALSE(runScript("/nonexistent/file.wast").ok());
  EXPECT_FALSE(runScriptText("(assert_return", "x.wast").ok());
}

}  // namespace
}  // namespace witt::wast
