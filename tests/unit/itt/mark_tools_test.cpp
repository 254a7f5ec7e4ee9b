// Rewriting modules (`witt marks add|strip|convert`) and listing marks: the
// output keeps every function body byte-identical and computes the same
// results; marks land where the requests say.
#include "itt/mark_tools.h"

#include <gtest/gtest.h>

#include "binary/writer.h"
#include "itt_test_util.h"
#include "text/parser.h"
#include "witt/engine.h"

namespace witt::itt {
namespace {

using namespace witt::itt::test;

MarkRequest req(const char* s) {
  auto r = parseMarkRequest(s);
  EXPECT_TRUE(r.ok()) << s << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : MarkRequest{};
}

MarkSet marksOf(const Bytes& wasm, FuncIndexMode mode = FuncIndexMode::Auto) {
  ReadOptions o;
  o.funcIndex = mode;
  auto r = readMarks(decodeOk(wasm), o);
  EXPECT_TRUE(r.ok());
  return r.ok() ? r->marks : MarkSet{};
}

// Runs an export of a module with the sample's import provided.
std::vector<Value> run(const Bytes& wasm, const char* name, std::vector<Value> args) {
  auto module = witt::Module::fromBinary(wasm);
  EXPECT_TRUE(module.ok()) << (module.ok() ? "" : module.error().describe());
  if (!module.ok()) return {};
  Imports imports;
  imports.addFunction("env", "f", FuncType{{ValType::I32}, {ValType::I32}},
                      [](Caller&, std::span<const Value> a, std::span<Value> r) {
                        r[0] = a[0];
                        return Result<void>();
                      });
  auto inst = Instance::create(*module, imports);
  EXPECT_TRUE(inst.ok()) << (inst.ok() ? "" : inst.error().describe());
  if (!inst.ok()) return {};
  auto out = inst->invoke(name, args);
  EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().describe());
  return out.ok() ? *out : std::vector<Value>{};
}

TEST(MarkToolsNames, ResolveFunctions) {
  Bytes wasm = sampleModule();
  spec::Module m = decodeOk(wasm);
  EXPECT_EQ(*resolveFunction(m, "1"), 1u);
  EXPECT_EQ(*resolveFunction(m, "add"), 1u);  // export name
  EXPECT_EQ(*resolveFunction(m, "count"), 2u);
  EXPECT_EQ(*resolveFunction(m, "0x2"), 2u);
  auto imported = resolveFunction(m, "0");
  ASSERT_FALSE(imported.ok());
  EXPECT_NE(imported.error().message.find("imported"), std::string::npos);
  EXPECT_FALSE(resolveFunction(m, "3").ok());
  EXPECT_FALSE(resolveFunction(m, "nope").ok());
  EXPECT_EQ(*resolveFunctions(m, "*"), (std::vector<uint32_t>{1, 2}));
  // Names from the name section, with or without '$'.
  auto parsed = text::parseModule("(module (func $first) (func $second))");
  ASSERT_TRUE(parsed.ok());
  spec::Module named = decodeOk(binary::writeModule(*parsed));
  EXPECT_EQ(*resolveFunction(named, "$second"), 1u);
  EXPECT_EQ(*resolveFunction(named, "second"), 1u);
}

TEST(MarkToolsRequests, Parse) {
  MarkRequest r = req("instr:count:4=0x10");
  EXPECT_EQ(r.kind, MarkRequest::Kind::InstrIndex);
  EXPECT_EQ(r.function, "count");
  EXPECT_EQ(r.value, 4u);
  EXPECT_EQ(r.id, 16u);
  r = req("line:src/a:b.c:12=3");  // the last ':' separates the line
  EXPECT_EQ(r.kind, MarkRequest::Kind::SourceLine);
  EXPECT_EQ(r.file, "src/a:b.c");
  EXPECT_EQ(r.line, 12u);
  for (const char* s :
       {"instr:count:4=16", "offset:2:0xc=1", "entry:*=5", "exit:$f=6", "line:a.c:3=7"})
    EXPECT_EQ(describe(req(s)).substr(0, 5), std::string(s).substr(0, 5));
  EXPECT_EQ(describe(req("offset:2:0xc=1")), "offset:2:12=1");
  for (const char* bad : {"entry:f", "entry:=1", "exit:f=x", "instr:f=1", "instr:f:x=1",
                          "line:a.c:0=1", "loop:f=1", "f=1"}) {
    auto p = parseMarkRequest(bad);
    EXPECT_FALSE(p.ok()) << bad;
  }
}

TEST(MarkToolsExits, ReturnsBranchesAndTheFinalEnd) {
  spec::Module m = decodeOk(sampleModule());
  std::vector<uint32_t> conditional;
  // $loop: br_if 1 and br 0 target the block and the loop, not the function.
  EXPECT_EQ(*functionExits(m, 2, &conditional), (std::vector<uint32_t>{32, 33}));
  EXPECT_TRUE(conditional.empty());

  auto parsed = text::parseModule(R"((module
    (func $g (param i32)
      block
        local.get 0
        br_if 1          ;; conditional exit
        local.get 0
        br_table 0 1     ;; conditional exit
      end
      local.get 0
      if
        br 1             ;; exit: the function's label from inside the if
      end
      local.get 0
      return_call $g)))");
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  spec::Module g = decodeOk(binary::writeModule(*parsed));
  auto map = BodyMap::build(g, 0);
  ASSERT_TRUE(map.ok());
  auto offsetOf = [&](Op op) {
    for (const BodyInstr& i : map->instrs())
      if (i.op == op) return i.offset;
    return 0u;
  };
  conditional.clear();
  EXPECT_EQ(*functionExits(g, 0, &conditional),
            (std::vector<uint32_t>{offsetOf(Op::Br), offsetOf(Op::ReturnCall),
                                   map->instrs().back().offset}));
  EXPECT_EQ(conditional, (std::vector<uint32_t>{offsetOf(Op::BrIf), offsetOf(Op::BrTable)}));
}

TEST(MarkToolsAdd, EveryRequestKindWithBodiesUnchanged) {
  Bytes wasm = sampleModule();
  const MarkRequest requests[] = {req("entry:add=1"), req("exit:count=2"), req("instr:count:4=3"),
                                  req("offset:2:12=4")};
  auto r = addMarks(wasm, requests);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->marks, MarkSet({{1, 1, 1}, {2, 10, 3}, {2, 12, 4}, {2, 32, 2}, {2, 33, 2}}));
  EXPECT_EQ(marksOf(r->bytes), r->marks);
  // Exactly one section was added, right before the code section; every
  // other byte is the input's.
  Bytes expected = sampleModule(custom(kV8SectionName, encodeV8Section(decodeOk(wasm), r->marks)));
  EXPECT_EQ(r->bytes, expected);
  // Same results.
  for (const Bytes* w : {&wasm, &r->bytes}) {
    auto sum = run(*w, "add", {Value::fromI32(2), Value::fromI32(40)});
    ASSERT_EQ(sum.size(), 1u);
    EXPECT_EQ(sum[0].i32, 42u);
    auto n = run(*w, "count", {Value::fromI32(5)});
    ASSERT_EQ(n.size(), 1u);
    EXPECT_EQ(n[0].i32, 5u);
  }
  // The module has an import: the note says how to write for V8.
  bool noted = false;
  for (const auto& d : r->diagnostics)
    noted |= d.message.find("--mark-func-index=defined") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(MarkToolsAdd, KeepsExistingMarksAndOrdersIdsAtOneOffset) {
  Bytes first = addMarks(sampleModule(), std::vector<MarkRequest>{req("entry:count=10")})->bytes;
  auto second =
      addMarks(first, std::vector<MarkRequest>{req("instr:count:0=11"), req("entry:*=12")});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->marks, MarkSet({{1, 1, 12}, {2, 3, 10}, {2, 3, 11}, {2, 3, 12}}));
  EXPECT_EQ(marksOf(second->bytes).marks(), second->marks.marks());  // same order at @3

  RewriteOptions fresh;
  fresh.keepExisting = false;
  auto replaced = addMarks(first, std::vector<MarkRequest>{req("entry:add=1")}, fresh);
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ(replaced->marks, MarkSet({{1, 1, 1}}));
}

TEST(MarkToolsAdd, BadRequestsFailWithTheirName) {
  Bytes wasm = sampleModule();
  for (const char* bad :
       {"offset:count:4=1", "instr:count:19=1", "entry:0=1", "entry:nope=1", "line:a.c:1=1"}) {
    auto r = addMarks(wasm, std::vector<MarkRequest>{req(bad)});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::Usage);
    EXPECT_NE(r.error().message.find("mark '"), std::string::npos) << r.error().message;
  }
}

TEST(MarkToolsAdd, DefinedIndicesForV8) {
  RewriteOptions o;
  o.funcIndex = FuncIndexMode::Defined;
  auto r = addMarks(sampleModule(), std::vector<MarkRequest>{req("entry:count=9")}, o);
  ASSERT_TRUE(r.ok());
  // func_idx 1: $loop's ordinal in the code section.
  Bytes expected =
      sampleModule(custom(kV8SectionName, {0x01, 0x01, 0x01, 0x03, 0x04, 0x09, 0x00, 0x00, 0x00}));
  EXPECT_EQ(r->bytes, expected);
  EXPECT_EQ(marksOf(r->bytes, FuncIndexMode::Defined), MarkSet({{2, 3, 9}}));
}

TEST(MarkToolsStripConvert, RoundTrip) {
  Bytes plain = sampleModule();
  auto added = addMarks(plain, std::vector<MarkRequest>{req("exit:*=5"), req("entry:*=4")});
  ASSERT_TRUE(added.ok());

  RewriteOptions toInst;
  toInst.format = MarkFormat::InstTrace;
  auto inst = convertMarks(added->bytes, toInst);
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  spec::Module im = decodeOk(inst->bytes);
  ASSERT_EQ(im.customs.size(), 1u);
  EXPECT_EQ(im.customs[0].name, "instTrace");
  EXPECT_EQ(marksOf(inst->bytes), added->marks);

  auto back = convertMarks(inst->bytes);  // to V8, full indices
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->bytes, added->bytes);

  auto stripped = stripMarks(back->bytes);
  ASSERT_TRUE(stripped.ok());
  EXPECT_EQ(stripped->bytes, plain);
  EXPECT_TRUE(stripped->marks.empty());
  // Both kinds at once, anywhere: all removed.
  Bytes both =
      module({sampleTypes(), custom(kInstTraceSectionName, {0x00}), sampleImports(), sampleFuncs(),
              sampleExports(), sampleCode(), custom(kV8SectionName, {0x00})});
  EXPECT_EQ(stripMarks(both)->bytes, plain);
}

TEST(MarkToolsAdd, RefusesObjectFiles) {
  Bytes wasm = module({sampleTypes(), sampleImports(), sampleFuncs(), sampleExports(), sampleCode(),
                       custom("linking", {0x02})});
  auto r = addMarks(wasm, std::vector<MarkRequest>{req("entry:add=1")});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("relocatable"), std::string::npos);
}

TEST(MarkToolsLines, MarksOnSourceLinesOfTheClangFixture) {
  for (const char* file : {"lines_dwarf4.wasm", "lines_dwarf5.wasm"}) {
    SCOPED_TRACE(file);
    Bytes wasm = witt::test::readFileBytes(fixture(file));
    ASSERT_FALSE(wasm.empty());
    auto r =
        addMarks(wasm, std::vector<MarkRequest>{req("line:lines.c:8=7"), req("line:lines.c:2=5"),
                                                req("line:lines.c:6=6")});
    ASSERT_TRUE(r.ok()) << r.error().describe();
    // square (1): line 2 starts at its first instruction (@1). sum_to (2):
    // line 6 is its low_pc row, the local declarations -> first instruction
    // (@3); line 8's first is_stmt row is code address 0x16 = @9, i32.ge_s.
    EXPECT_EQ(r->marks, MarkSet({{1, 1, 5}, {2, 3, 6}, {2, 9, 7}}));
    spec::Module m = decodeOk(r->bytes);
    auto rows = listMarks(m, r->marks);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].funcName, "square");
    EXPECT_EQ(rows[0].instruction, "local.get 0");
    EXPECT_EQ(rows[1].instruction, "block");
    EXPECT_EQ(rows[2].instruction, "i32.ge_s");
    // DWARF still lines up: it counts from the code section, which moved.
    auto table = readLineTable(m);
    ASSERT_TRUE(table.ok());
    auto code = codeContentOffset(m);
    EXPECT_EQ(*code + 0x0d, m.code[2].localsOffset);
    for (const char* bad : {"line:lines.c:99=1", "line:other.c:8=1"}) {
      auto e = addMarks(wasm, std::vector<MarkRequest>{req(bad)});
      ASSERT_FALSE(e.ok()) << bad;
      EXPECT_NE(e.error().message.find(bad), std::string::npos) << e.error().message;
    }
    // Same results: sum of squares below 5.
    for (const Bytes* w : {&wasm, &r->bytes}) {
      auto out = run(*w, "sum_to", {Value::fromI32(5)});
      ASSERT_EQ(out.size(), 1u);
      EXPECT_EQ(out[0].i32, 30u);
    }
  }
}

TEST(MarkToolsList, RowsAndTable) {
  auto r = addMarks(sampleModule(),
                    std::vector<MarkRequest>{req("instr:count:4=3"), req("entry:add=0x1f")});
  ASSERT_TRUE(r.ok());
  spec::Module m = decodeOk(r->bytes);
  std::vector<MarkRow> rows = listMarks(m, r->marks);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].funcIndex, 1u);
  EXPECT_EQ(rows[0].funcName, "add");
  EXPECT_EQ(rows[0].offset, 1u);
  EXPECT_EQ(rows[0].fileOffset, m.code[0].localsOffset + 1u);
  EXPECT_EQ(rows[0].instrIndex, 0u);
  EXPECT_EQ(rows[0].instruction, "local.get 0");
  EXPECT_EQ(rows[0].id, 31u);
  EXPECT_EQ(rows[1].instruction, "br_if 1");
  EXPECT_EQ(rows[1].instrIndex, 4u);
  EXPECT_EQ(m.bytes[rows[1].fileOffset], 0x0D);  // the br_if opcode in the file
  auto read = listMarks(m);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[1].instruction, "br_if 1");
  std::string table = formatMarkRows(rows);
  EXPECT_EQ(table.substr(0, table.find('\n')).substr(0, 4), "func");
  EXPECT_NE(table.find("br_if 1"), std::string::npos);
  EXPECT_NE(table.find("31 (0x1f)"), std::string::npos);
}

TEST(MarkToolsList, InstructionText) {
  auto parsed = text::parseModule(R"((module
    (memory 1) (table 1 funcref) (type $t (func))
    (func (param i32)
      i32.const -1 drop
      local.get 0 i32.load offset=8 drop
      local.get 0 i64.load align=4 drop
      f64.const 1.5 drop
      block (result i32) i32.const 0 end
      br_table 0 0
      )))");
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  spec::Module m = decodeOk(binary::writeModule(*parsed));
  const spec::FunctionBody& body = m.code[0];
  Reader r(m.span(body.code()), body.codeOffset);
  std::vector<std::string> texts;
  binary::Instr in;
  while (!r.atEnd() && binary::readInstr(r, in)) texts.push_back(formatInstr(in));
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "i32.const -1", "drop", "local.get 0", "i32.load offset=8", "drop",
                       "local.get 0", "i64.load align=4", "drop", "f64.const 1.5", "drop",
                       "block (result i32)", "i32.const 0", "end", "br_table 0 0", "end"}));
}

}  // namespace
}  // namespace witt::itt
