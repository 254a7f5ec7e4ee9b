// WAST script syntax: commands, module forms, constants and expected results.
#include "text/script.h"

#include <gtest/gtest.h>

namespace witt::text {
namespace {

using K = ScriptCommand::Kind;
using E = ExpectedValue::Kind;

Script parse(std::string_view text) {
  auto s = parseScript(text, "t.wast");
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().describe());
  return s.ok() ? std::move(s).value() : Script{};
}

TEST(Script, ModuleForms) {
  Script s = parse(R"w(
    (module $a (func (export "f")))
    (module binary "\00asm" "\01\00\00\00")
    (module $q quote "(func)" "(memory 1)")
    (module definition $d (memory 1))
    (module instance $i $d)
    (module quote "(func (foo))")
    (register "a" $a))w");
  ASSERT_EQ(s.commands.size(), 7u);
  EXPECT_EQ(s.commands[0].module->id, "a");
  ASSERT_TRUE(s.commands[0].module->parsed.has_value());
  EXPECT_EQ(s.commands[1].module->form, ScriptModule::Form::Binary);
  EXPECT_EQ(s.commands[1].module->binary.size(), 8u);
  EXPECT_EQ(s.commands[2].module->form, ScriptModule::Form::Quote);
  EXPECT_EQ(s.commands[2].module->parsed->memories.size(), 1u);
  EXPECT_TRUE(s.commands[3].module->isDefinition);
  EXPECT_EQ(s.commands[3].module->id, "d");
  EXPECT_TRUE(s.commands[3].module->parsed.has_value());
  EXPECT_EQ(s.commands[4].kind, K::ModuleInstance);
  EXPECT_EQ(s.commands[4].name, "i");
  EXPECT_EQ(s.commands[4].moduleId, "d");
  ASSERT_TRUE(s.commands[5].module->parseError.has_value());
  EXPECT_EQ(s.commands[5].module->parseError->message, "unknown operator foo");
  EXPECT_EQ(s.commands[5].module->parseError->line, 7u);
  EXPECT_EQ(s.commands[6].kind, K::Register);
  EXPECT_EQ(s.commands[6].name, "a");
  EXPECT_EQ(s.commands[6].moduleId, "a");
}

TEST(Script, ActionsAndArguments) {
  Script s = parse(R"w(
    (invoke "f" (i32.const -1) (i64.const 2) (f32.const 1.5) (f64.const -0) (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16) (ref.null extern) (ref.extern 7))
    (get $m "g"))w");
  ASSERT_EQ(s.commands.size(), 2u);
  const auto& a = *s.commands[0].action;
  EXPECT_EQ(a.name, "f");
  ASSERT_EQ(a.args.size(), 7u);
  EXPECT_EQ(a.args[0].i32, 0xFFFFFFFFu);
  EXPECT_EQ(a.args[1].i64, 2u);
  EXPECT_EQ(a.args[2].f32Bits(), 0x3FC00000u);
  EXPECT_EQ(a.args[3].f64Bits(), 0x8000000000000000u);
  EXPECT_EQ(a.args[4].v128.bytes[15], 16);
  EXPECT_TRUE(a.args[5].ref.isNull());
  EXPECT_EQ(a.args[5].type, ValType::externref());
  EXPECT_EQ(a.args[6].externHostValue(), 7u);
  EXPECT_EQ(s.commands[1].action->kind, ScriptAction::Kind::Get);
  EXPECT_EQ(s.commands[1].action->moduleId, "m");
}

TEST(Script, ExpectedResults) {
  Script s = parse(R"w(
    (assert_return (invoke "f") (i32.const 1) (f32.const nan:canonical) (f64.const nan:arithmetic)
      (v128.const f32x4 1 nan:canonical 2 nan:arithmetic) (ref.null func) (ref.extern) (ref.extern 3)
      (ref.func) (either (i32.const 1) (i32.const 2)) (ref.struct)))w");
  const auto& e = s.commands[0].expected;
  ASSERT_EQ(e.size(), 10u);
  EXPECT_EQ(e[0].kind, E::Exact);
  EXPECT_EQ(e[1].kind, E::CanonicalNan);
  EXPECT_EQ(e[1].value.type, ValType(ValType::F32));
  EXPECT_EQ(e[2].kind, E::ArithmeticNan);
  EXPECT_EQ(e[3].kind, E::V128);
  EXPECT_EQ(e[3].lanePattern, (std::vector<uint8_t>{0, 1, 0, 2}));
  EXPECT_EQ(e[4].kind, E::RefNull);
  EXPECT_EQ(e[5].kind, E::RefExtern);
  EXPECT_FALSE(e[5].hostValue.has_value());
  EXPECT_EQ(e[6].hostValue, 3u);
  EXPECT_EQ(e[7].kind, E::RefFunc);
  EXPECT_EQ(e[8].kind, E::Either);
  EXPECT_EQ(e[8].alternatives.size(), 2u);
  EXPECT_EQ(e[9].kind, E::Unsupported);
  EXPECT_EQ(e[0].text, "(i32.const 1)");
}

TEST(Script, Assertions) {
  Script s = parse(R"w(
    (assert_trap (invoke "f") "unreachable")
    (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
    (assert_exhaustion (invoke "r") "call stack exhausted")
    (assert_exception (invoke "t"))
    (assert_invalid (module (func (result i32))) "type mismatch")
    (assert_malformed (module quote "(func") "unexpected end")
    (assert_unlinkable (module (import "x" "y" (func))) "unknown import")
    (assert_uninstantiable (module (memory 0) (data (i32.const 1) "a")) "out of bounds")
    (thread $T (invoke "f"))
    (wait $T))w");
  ASSERT_EQ(s.commands.size(), 10u);
  EXPECT_EQ(s.commands[0].kind, K::AssertTrap);
  EXPECT_EQ(s.commands[0].message, "unreachable");
  EXPECT_TRUE(s.commands[1].module != nullptr);
  EXPECT_EQ(s.commands[2].kind, K::AssertExhaustion);
  EXPECT_EQ(s.commands[3].kind, K::AssertException);
  EXPECT_EQ(s.commands[4].kind, K::AssertInvalid);
  EXPECT_EQ(s.commands[5].kind, K::AssertMalformed);
  EXPECT_TRUE(s.commands[5].module->parseError.has_value());
  EXPECT_EQ(s.commands[6].kind, K::AssertUnlinkable);
  EXPECT_EQ(s.commands[7].kind, K::AssertUninstantiable);
  EXPECT_EQ(s.commands[8].kind, K::Unsupported);
  EXPECT_EQ(s.commands[9].kind, K::Unsupported);
  EXPECT_EQ(s.commands[0].line, 2u);
  EXPECT_EQ(s.commands[0].text, "(assert_trap (invoke \"f\") \"unreachable\")");
}

TEST(Script, InlineModuleAndDeepEither) {
  Script s = parse("(func) (memory 0) (func (export \"f\"))");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].kind, K::Module);
  EXPECT_EQ(s.commands[0].module->parsed->funcs.size(), 2u);
  std::string deep = "(assert_return (invoke \"f\") ";
  for (int i = 0; i < 1000; ++i) deep += "(either ";
  for (int i = 0; i < 1000; ++i) deep += ")";
  deep += ")";
  EXPECT_FALSE(parseScript(deep).ok());
}

TEST(Script, SyntaxErrorsFailTheScript) {
  EXPECT_FALSE(parseScript("(assert_return (invoke \"f\" (i32.const x)))").ok());
  EXPECT_FALSE(parseScript("(assert_return").ok());
  EXPECT_FALSE(parseScript("foo").ok());
}

}  // namespace
}  // namespace witt::text
