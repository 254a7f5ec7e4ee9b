#include "itt/mark_tools.h"

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <map>

#include "base/reader.h"
#include "binary/module_decoder.h"

namespace witt::itt {

namespace {

Error usage(std::string msg) { return Error(ErrorKind::Usage, std::move(msg)); }

std::optional<uint64_t> parseNumber(std::string_view s, uint64_t max = UINT32_MAX) {
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    base = 16;
  }
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return std::nullopt;
    if (v > (max - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return std::nullopt;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  return v;
}

bool isDefined(const spec::Module& m, uint32_t f) {
  return f >= m.numImportedFuncs && f - m.numImportedFuncs < m.code.size();
}

Result<spec::Module> decode(std::span<const uint8_t> wasm) {
  return binary::decodeModule(std::vector<uint8_t>(wasm.begin(), wasm.end()));
}

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
  return buf;
}

}  // namespace

// ---- Naming functions

Result<uint32_t> resolveFunction(const spec::Module& m, std::string_view ref) {
  if (ref.empty()) return usage("empty function name");
  std::optional<uint32_t> found;
  if (auto n = parseNumber(ref)) {
    found = static_cast<uint32_t>(*n);
    if (*found >= m.numFuncs())
      return usage("no function " + std::string(ref) + " (the module has " +
                   std::to_string(m.numFuncs()) + ")");
  } else {
    std::string_view name = ref[0] == '$' ? ref.substr(1) : ref;
    for (const auto& [idx, n] : m.names.functions)
      if (n == name) {
        found = idx;
        break;
      }
    if (!found)
      for (const spec::Export& e : m.exports)
        if (e.kind == ExternKind::Func && e.name == name) {
          found = e.index;
          break;
        }
    if (!found)
      return usage("no function named '" + std::string(ref) + "' (name section or export)");
  }
  if (*found < m.numImportedFuncs)
    return usage("function " + std::string(ref) + " (" + std::to_string(*found) +
                 ") is imported: only defined functions can carry marks");
  return *found;
}

Result<std::vector<uint32_t>> resolveFunctions(const spec::Module& m, std::string_view ref) {
  std::vector<uint32_t> out;
  if (ref == "*") {
    for (uint32_t i = 0; i < m.code.size(); ++i) out.push_back(m.numImportedFuncs + i);
    return out;
  }
  auto f = resolveFunction(m, ref);
  if (!f.ok()) return std::move(f).error();
  out.push_back(*f);
  return out;
}

// ---- Requests

Result<MarkRequest> parseMarkRequest(std::string_view s) {
  const std::string whole(s);
  auto bad = [&](const std::string& why) {
    return usage("mark '" + whole + "': " + why +
                 " (forms: instr:FUNC:N=ID, offset:FUNC:OFF=ID, entry:FUNC=ID, exit:FUNC=ID, "
                 "line:FILE:LINE=ID)");
  };
  size_t eq = s.rfind('=');
  if (eq == std::string_view::npos) return bad("missing '=ID'");
  MarkRequest r;
  auto id = parseNumber(s.substr(eq + 1));
  if (!id) return bad("bad id '" + std::string(s.substr(eq + 1)) + "'");
  r.id = static_cast<uint32_t>(*id);
  std::string_view lhs = s.substr(0, eq);
  size_t colon = lhs.find(':');
  if (colon == std::string_view::npos) return bad("missing the kind");
  std::string_view kind = lhs.substr(0, colon);
  std::string_view rest = lhs.substr(colon + 1);
  // The last ':' separates the number, so file and function names may hold ':'.
  auto splitLast = [&](uint64_t max) -> std::optional<std::pair<std::string_view, uint64_t>> {
    size_t c = rest.rfind(':');
    if (c == std::string_view::npos || c == 0) return std::nullopt;
    auto n = parseNumber(rest.substr(c + 1), max);
    if (!n) return std::nullopt;
    return std::make_pair(rest.substr(0, c), *n);
  };
  if (kind == "entry" || kind == "exit") {
    if (rest.empty()) return bad("missing the function");
    r.kind = kind == "entry" ? MarkRequest::Kind::Entry : MarkRequest::Kind::Exits;
    r.function = std::string(rest);
  } else if (kind == "instr" || kind == "offset") {
    auto p = splitLast(UINT32_MAX);
    if (!p) return bad(std::string("expected ") + std::string(kind) + ":FUNC:N");
    r.kind = kind == "instr" ? MarkRequest::Kind::InstrIndex : MarkRequest::Kind::ByteOffset;
    r.function = std::string(p->first);
    r.value = static_cast<uint32_t>(p->second);
  } else if (kind == "line") {
    auto p = splitLast(UINT32_MAX);
    if (!p || p->second == 0) return bad("expected line:FILE:LINE with LINE >= 1");
    r.kind = MarkRequest::Kind::SourceLine;
    r.file = std::string(p->first);
    r.line = static_cast<uint32_t>(p->second);
  } else {
    return bad("unknown kind '" + std::string(kind) + "'");
  }
  return r;
}

std::string describe(const MarkRequest& r) {
  const std::string id = "=" + std::to_string(r.id);
  switch (r.kind) {
    case MarkRequest::Kind::InstrIndex:
      return "instr:" + r.function + ":" + std::to_string(r.value) + id;
    case MarkRequest::Kind::ByteOffset:
      return "offset:" + r.function + ":" + std::to_string(r.value) + id;
    case MarkRequest::Kind::Entry: return "entry:" + r.function + id;
    case MarkRequest::Kind::Exits: return "exit:" + r.function + id;
    case MarkRequest::Kind::SourceLine: return "line:" + r.file + ":" + std::to_string(r.line) + id;
  }
  return "?";
}

Result<std::vector<uint32_t>> functionExits(const spec::Module& m, uint32_t funcIndex,
                                            std::vector<uint32_t>* conditional) {
  if (!isDefined(m, funcIndex))
    return usage("function " + std::to_string(funcIndex) + " is not a defined function");
  const spec::FunctionBody& body = m.code[funcIndex - m.numImportedFuncs];
  const uint32_t base = localsSize(body);
  std::vector<uint32_t> out;
  Reader r(m.span(body.code()), body.codeOffset);
  binary::Instr in;
  uint32_t depth = 0;  // open blocks inside the body; label `depth` is the function's
  uint32_t lastOffset = 0;
  while (!r.atEnd()) {
    if (!binary::readInstr(r, in)) return r.takeError();
    const uint32_t off = base + (in.offset - body.codeOffset);
    lastOffset = off;
    switch (in.op) {
      case Op::Block:
      case Op::Loop:
      case Op::If:
      case Op::Try:
      case Op::TryTable: ++depth; break;
      case Op::End:
        if (depth > 0) --depth;
        break;
      case Op::Return:
      case Op::ReturnCall:
      case Op::ReturnCallIndirect:
      case Op::ReturnCallRef: out.push_back(off); break;
      case Op::Br:
        if (in.a == depth) out.push_back(off);
        break;
      case Op::BrIf:
        if (in.a == depth && conditional) conditional->push_back(off);
        break;
      case Op::BrTable:
        if (conditional &&
            std::find(in.targets.begin(), in.targets.end(), depth) != in.targets.end())
          conditional->push_back(off);
        break;
      default: break;
    }
  }
  out.push_back(lastOffset);  // the final `end`
  return out;
}

Result<std::vector<TraceMark>> marksForSourceLine(const spec::Module& m, CodeIndex& index,
                                                  const LineTable& table, std::string_view file,
                                                  uint32_t line, uint32_t id) {
  const std::string where = std::string(file) + ":" + std::to_string(line);
  std::optional<uint32_t> code = codeContentOffset(m);
  if (!code) return usage("line:" + where + ": the module has no code section");
  std::vector<LineRow> rows = rowsForLine(table, file, line);
  if (rows.empty()) {
    bool known = std::any_of(table.files.begin(), table.files.end(),
                             [&](const std::string& f) { return sameSourceFile(f, file); });
    if (!known) {
      std::string files;
      for (const std::string& f : table.files) files += (files.empty() ? "" : ", ") + f;
      return usage("line:" + where + ": no such file in .debug_line (files: " + files + ")");
    }
    return usage("line:" + where + ": .debug_line maps no code to this line");
  }
  // Per function: the lowest instruction of the line, from is_stmt rows when
  // there are some (the recommended breakpoint locations), else from any row.
  struct Best {
    std::optional<uint32_t> stmt, any;
  };
  std::map<uint32_t, Best> best;
  for (const LineRow& row : rows) {
    const uint64_t abs = uint64_t{*code} + row.address;
    std::optional<uint32_t> func = index.functionAt(abs);
    if (!func) continue;  // a sequence of code the linker dropped (tombstone address)
    const BodyMap* map = index.body(*func);
    if (!map) continue;
    const spec::FunctionBody& body = m.code[*func - m.numImportedFuncs];
    uint32_t rel = static_cast<uint32_t>(abs - body.localsOffset);
    // A function's first row sits at its low_pc, the local declarations:
    // that is its first instruction. Other rows start instructions; if one
    // does not, take the next instruction.
    std::optional<size_t> i = map->firstAtOrAfter(rel);
    if (!i) continue;
    rel = map->instrs()[*i].offset;
    Best& b = best[*func];
    if (row.isStmt && (!b.stmt || rel < *b.stmt)) b.stmt = rel;
    if (!b.any || rel < *b.any) b.any = rel;
  }
  std::vector<TraceMark> out;
  for (const auto& [func, b] : best) out.push_back(TraceMark{func, b.stmt ? *b.stmt : *b.any, id});
  if (out.empty()) return usage("line:" + where + ": its code is in no function of the module");
  return out;
}

Result<std::vector<TraceMark>> resolveRequest(const spec::Module& m, CodeIndex& index,
                                              const MarkRequest& r,
                                              std::vector<MarkDiagnostic>* notes) {
  const std::string what = describe(r);
  auto fail = [&](const std::string& why) { return usage("mark '" + what + "': " + why); };
  if (r.kind == MarkRequest::Kind::SourceLine) {
    auto table = readLineTable(m);
    if (!table.ok()) return fail(table.error().message);
    auto marks = marksForSourceLine(m, index, *table, r.file, r.line, r.id);
    if (!marks.ok()) return fail(marks.error().message);
    return marks;
  }
  auto funcs = resolveFunctions(m, r.function);
  if (!funcs.ok()) return fail(funcs.error().message);
  std::vector<TraceMark> out;
  for (uint32_t f : *funcs) {
    std::string why;
    const BodyMap* map = index.body(f, &why);
    if (!map) return fail(why);
    switch (r.kind) {
      case MarkRequest::Kind::InstrIndex:
        if (r.value >= map->instrs().size())
          return fail("function " + std::to_string(f) + " has " +
                      std::to_string(map->instrs().size()) + " instructions (0-based index)");
        out.push_back(TraceMark{f, map->instrs()[r.value].offset, r.id});
        break;
      case MarkRequest::Kind::ByteOffset: {
        TraceMark t{f, r.value, r.id};
        if (auto problem = index.problem(t)) return fail(*problem);
        out.push_back(t);
        break;
      }
      case MarkRequest::Kind::Entry: out.push_back(TraceMark{f, map->firstOffset(), r.id}); break;
      case MarkRequest::Kind::Exits: {
        std::vector<uint32_t> conditional;
        auto exits = functionExits(m, f, &conditional);
        if (!exits.ok()) return fail(exits.error().message);
        for (uint32_t off : *exits) out.push_back(TraceMark{f, off, r.id});
        if (notes && !conditional.empty()) {
          MarkDiagnostic d;
          d.severity = MarkDiagnostic::Severity::Note;
          d.section = "exit";
          d.message = "function " + std::to_string(f) + " also leaves through " +
                      std::to_string(conditional.size()) +
                      " conditional branch(es) to its own label (br_if/br_table), which an "
                      "exit mark cannot cover";
          notes->push_back(std::move(d));
        }
        break;
      }
      case MarkRequest::Kind::SourceLine: break;
    }
  }
  return out;
}

// ---- Rewriting

Result<std::vector<uint8_t>> replaceMarkSections(std::span<const uint8_t> wasm,
                                                 const spec::Module& m, const MarkSet& marks,
                                                 MarkFormat format, FuncIndexMode funcIndex) {
  auto sections = scanSections(wasm);
  if (!sections.ok()) return std::move(sections).error();
  for (const SectionInfo& s : *sections)
    if (s.id == 0 && (s.name == "linking" || s.name.rfind("reloc.", 0) == 0))
      return usage("this is a relocatable object file (it has a '" + s.name +
                   "' section): add marks to the linked module");
  std::vector<uint8_t> section;
  if (!marks.empty()) {
    if (format == MarkFormat::V8) {
      section = customSection(kV8SectionName, encodeV8Section(m, marks, funcIndex));
    } else {
      auto content = encodeInstTraceSection(m, marks);
      if (!content.ok()) return std::move(content).error();
      section = customSection(kInstTraceSectionName, *content);
    }
  }
  std::vector<uint8_t> out(wasm.begin(), wasm.begin() + 8);
  bool inserted = section.empty();
  for (const SectionInfo& s : *sections) {
    if (s.id == 0 && (s.name == kV8SectionName || s.name == kInstTraceSectionName)) continue;
    if (s.id == static_cast<uint8_t>(spec::SectionId::Code) && !inserted) {
      out.insert(out.end(), section.begin(), section.end());
      inserted = true;
    }
    out.insert(out.end(), wasm.begin() + s.offset, wasm.begin() + s.end);
  }
  if (!inserted) return usage("the module has no code section to put marks on");
  return out;
}

namespace {

// Writes `marks` into `wasm` and checks the result decodes, with every
// function body byte-identical to the input's.
Result<RewriteResult> rewrite(std::span<const uint8_t> wasm, const spec::Module& m, MarkSet marks,
                              std::vector<MarkDiagnostic> diagnostics, const RewriteOptions& o) {
  auto bytes = replaceMarkSections(wasm, m, marks, o.format, o.funcIndex);
  if (!bytes.ok()) return std::move(bytes).error();
  auto check = decode(*bytes);
  if (!check.ok())
    return Error(ErrorKind::Malformed, "internal error: the rewritten module does not decode: " +
                                           check.error().describe());
  const spec::Module& n = *check;
  if (n.code.size() != m.code.size())
    return Error(ErrorKind::Malformed, "internal error: code changed");
  for (size_t i = 0; i < m.code.size(); ++i) {
    auto a = m.span(spec::ByteSpan{m.code[i].localsOffset, m.code[i].end - m.code[i].localsOffset});
    auto b = n.span(spec::ByteSpan{n.code[i].localsOffset, n.code[i].end - n.code[i].localsOffset});
    if (!std::equal(a.begin(), a.end(), b.begin(), b.end()))
      return Error(ErrorKind::Malformed,
                   "internal error: function body " + std::to_string(i) + " changed");
  }
  // Absolute file offsets after the insertion point moved; DWARF counts from
  // the code section and is unaffected, a source map counts from the file.
  const int64_t shift = int64_t{n.code.empty() ? 0 : n.code[0].localsOffset} -
                        int64_t{m.code.empty() ? 0 : m.code[0].localsOffset};
  if (shift != 0 &&
      std::any_of(m.customs.begin(), m.customs.end(),
                  [](const spec::CustomSection& c) { return c.name == "sourceMappingURL"; })) {
    MarkDiagnostic d;
    d.severity = MarkDiagnostic::Severity::Note;
    d.section = "sourceMappingURL";
    d.message = "the code moved by " + std::to_string(shift) +
                " bytes: a source map, which uses file offsets, no longer lines up";
    diagnostics.push_back(std::move(d));
  }
  if (o.format == MarkFormat::V8) {
    for (size_t i = 1; i < marks.size(); ++i)
      if (marks[i].funcIndex == marks[i - 1].funcIndex && marks[i].offset == marks[i - 1].offset) {
        MarkDiagnostic d;
        d.severity = MarkDiagnostic::Severity::Note;
        d.section = std::string(kV8SectionName);
        d.message = "several marks at offset " + std::to_string(marks[i].offset) + " of function " +
                    std::to_string(marks[i].funcIndex) +
                    ": witt reads them, V8 rejects the whole section";
        diagnostics.push_back(std::move(d));
        break;
      }
    if (o.funcIndex != FuncIndexMode::Defined && m.numImportedFuncs > 0 && !marks.empty()) {
      MarkDiagnostic d;
      d.severity = MarkDiagnostic::Severity::Note;
      d.section = std::string(kV8SectionName);
      d.message =
          "function indices written in the full index space; V8 (node) counts them "
          "from the first defined function: use --mark-func-index=defined for V8";
      diagnostics.push_back(std::move(d));
    }
  }
  RewriteResult res;
  res.bytes = std::move(bytes).value();
  res.marks = std::move(marks);
  res.diagnostics = std::move(diagnostics);
  return res;
}

}  // namespace

Result<RewriteResult> addMarks(std::span<const uint8_t> wasm, std::span<const MarkRequest> requests,
                               const RewriteOptions& options) {
  auto decoded = decode(wasm);
  if (!decoded.ok()) return std::move(decoded).error();
  const spec::Module& m = *decoded;
  MarkSet marks;
  std::vector<MarkDiagnostic> diagnostics;
  if (options.keepExisting) {
    ReadOptions ro;
    ro.funcIndex = options.readFuncIndex;
    auto existing = readMarks(m, ro);
    if (!existing.ok()) return std::move(existing).error();
    marks = std::move(existing->marks);
    diagnostics = std::move(existing->diagnostics);
  }
  CodeIndex index(m);
  for (const MarkRequest& r : requests) {
    auto resolved = resolveRequest(m, index, r, &diagnostics);
    if (!resolved.ok()) return std::move(resolved).error();
    for (const TraceMark& t : *resolved) marks.add(t);
  }
  return rewrite(wasm, m, std::move(marks), std::move(diagnostics), options);
}

Result<RewriteResult> stripMarks(std::span<const uint8_t> wasm) {
  auto decoded = decode(wasm);
  if (!decoded.ok()) return std::move(decoded).error();
  return rewrite(wasm, *decoded, MarkSet{}, {}, RewriteOptions{});
}

Result<RewriteResult> convertMarks(std::span<const uint8_t> wasm, const RewriteOptions& options) {
  auto decoded = decode(wasm);
  if (!decoded.ok()) return std::move(decoded).error();
  ReadOptions ro;
  ro.funcIndex = options.readFuncIndex;
  auto existing = readMarks(*decoded, ro);
  if (!existing.ok()) return std::move(existing).error();
  return rewrite(wasm, *decoded, std::move(existing->marks), std::move(existing->diagnostics),
                 options);
}

// ---- Listing

std::string formatInstr(const binary::Instr& in) {
  std::string s(name(in.op));
  auto num = [&](uint64_t v) { s += " " + std::to_string(v); };
  auto blockType = [&] {
    if (in.block.kind == binary::BlockType::Value) s += " (result " + toString(in.block.type) + ")";
    if (in.block.kind == binary::BlockType::Index)
      s += " (type " + std::to_string(in.block.index) + ")";
  };
  switch (info(in.op).imm) {
    case Imm::None: break;
    case Imm::BlockType: blockType(); break;
    case Imm::Label:
    case Imm::Func:
    case Imm::Type:
    case Imm::Local:
    case Imm::Global:
    case Imm::Table:
    case Imm::Tag:
    case Imm::Data:
    case Imm::Elem: num(in.a); break;
    case Imm::Memory:
      if (in.a != 0) num(in.a);
      break;
    case Imm::BrTable:
      for (uint32_t t : in.targets) num(t);
      break;
    case Imm::CallIndirect:
      if (in.b != 0) num(in.b);
      s += " (type " + std::to_string(in.a) + ")";
      break;
    case Imm::MemArg:
    case Imm::MemArgLane: {
      if (in.mem.memory != 0) num(in.mem.memory);
      if (in.mem.offset != 0) s += " offset=" + std::to_string(in.mem.offset);
      if (static_cast<int>(in.mem.alignLog2) != info(in.op).alignLog2 && in.mem.alignLog2 < 64)
        s += " align=" + std::to_string(uint64_t{1} << in.mem.alignLog2);
      if (info(in.op).imm == Imm::MemArgLane) num(in.lane);
      break;
    }
    case Imm::I32: s += " " + std::to_string(static_cast<int32_t>(in.bits)); break;
    case Imm::I64: s += " " + std::to_string(static_cast<int64_t>(in.bits)); break;
    case Imm::F32: {
      float f;
      uint32_t b = static_cast<uint32_t>(in.bits);
      std::memcpy(&f, &b, 4);
      char buf[48];
      std::snprintf(buf, sizeof buf, " %.9g", static_cast<double>(f));
      s += buf;
      break;
    }
    case Imm::F64: {
      double d;
      std::memcpy(&d, &in.bits, 8);
      char buf[48];
      std::snprintf(buf, sizeof buf, " %.17g", d);
      s += buf;
      break;
    }
    case Imm::V128: {
      s += " i32x4";
      for (int i = 0; i < 4; ++i) {
        uint32_t lane;
        std::memcpy(&lane, in.v128.bytes + 4 * i, 4);
        s += " " + hex(lane);
      }
      break;
    }
    case Imm::Shuffle:
      for (int i = 0; i < 16; ++i) num(in.v128.bytes[i]);
      break;
    case Imm::Lane: num(in.lane); break;
    case Imm::SelectT:
      if (!in.types.empty()) {
        s += " (result";
        for (ValType t : in.types) s += " " + toString(t);
        s += ")";
      }
      break;
    case Imm::HeapType: s += " " + toString(in.heap); break;
    case Imm::TryTable: {
      blockType();
      static const char* kinds[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
      for (const binary::CatchClause& c : in.catches) {
        s += std::string(" (") + kinds[c.kind];
        if (c.kind == binary::CatchClause::Catch || c.kind == binary::CatchClause::CatchRef)
          s += " " + std::to_string(c.tag);
        s += " " + std::to_string(c.label) + ")";
      }
      break;
    }
    case Imm::MemoryInit:  // a = data, b = memory; text: memory.init [mem] data
      if (in.b != 0) num(in.b);
      num(in.a);
      break;
    case Imm::MemoryCopy:
    case Imm::TableCopy:
      if (in.a != 0 || in.b != 0) {
        num(in.a);
        num(in.b);
      }
      break;
    case Imm::TableInit:  // a = elem, b = table; text: table.init [table] elem
      if (in.b != 0) num(in.b);
      num(in.a);
      break;
  }
  return s;
}

std::vector<MarkRow> listMarks(const spec::Module& m, const MarkSet& marks) {
  std::vector<MarkRow> rows;
  CodeIndex index(m);
  for (const TraceMark& t : marks) {
    MarkRow row;
    row.funcIndex = t.funcIndex;
    row.funcName = m.funcName(t.funcIndex);
    row.offset = t.offset;
    row.id = t.id;
    if (isDefined(m, t.funcIndex)) {
      const spec::FunctionBody& body = m.code[t.funcIndex - m.numImportedFuncs];
      row.fileOffset = uint64_t{body.localsOffset} + t.offset;
      if (const BodyMap* map = index.body(t.funcIndex)) {
        if (auto i = map->indexOf(t.offset)) {
          row.instrIndex = static_cast<uint32_t>(*i);
          // Decode the instruction again for its immediates.
          const uint32_t at = body.codeOffset + (t.offset - localsSize(body));
          Reader r(m.span(spec::ByteSpan{at, body.end - at}), at);
          binary::Instr in;
          if (binary::readInstr(r, in)) row.instruction = formatInstr(in);
        }
      }
    }
    if (row.instruction.empty()) row.instruction = "?";
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<MarkRow>> listMarks(const spec::Module& m, const ReadOptions& options,
                                       std::vector<MarkDiagnostic>* diagnostics) {
  auto read = readMarks(m, options);
  if (!read.ok()) return std::move(read).error();
  if (diagnostics) *diagnostics = read->diagnostics;
  return listMarks(m, read->marks);
}

std::string formatMarkRows(std::span<const MarkRow> rows) {
  std::vector<std::array<std::string, 7>> cells;
  cells.push_back({"func", "name", "offset", "file-offset", "instr#", "instruction", "id"});
  for (const MarkRow& r : rows)
    cells.push_back({std::to_string(r.funcIndex), r.funcName.empty() ? "-" : r.funcName,
                     std::to_string(r.offset), hex(r.fileOffset), std::to_string(r.instrIndex),
                     r.instruction, std::to_string(r.id) + " (" + hex(r.id) + ")"});
  std::array<size_t, 7> width{};
  for (const auto& row : cells)
    for (size_t i = 0; i < 7; ++i) width[i] = std::max(width[i], row[i].size());
  std::string out;
  for (const auto& row : cells) {
    std::string line;
    for (size_t i = 0; i < 7; ++i) {
      line += row[i];
      if (i + 1 < 7) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace witt::itt
