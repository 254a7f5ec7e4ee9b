// Module fields (https://webassembly.github.io/spec/core/text/modules.html):
// imports, functions, tables, memories, globals, tags, exports, start,
// element and data segments, with their abbreviations (inline imports and
// exports, inline element and data segments, offset shorthands).
#include <algorithm>
#include <bit>

#include "text/parser_impl.h"

namespace witt::text {
namespace {

struct KindInfo {
  std::string_view keyword;
  Space space;
  ExternKind kind;
  const char* word;  // as in "import after function"
};
constexpr KindInfo kKinds[] = {
    {"func", Space::Func, ExternKind::Func, "function"},
    {"table", Space::Table, ExternKind::Table, "table"},
    {"memory", Space::Memory, ExternKind::Memory, "memory"},
    {"global", Space::Global, ExternKind::Global, "global"},
    {"tag", Space::Tag, ExternKind::Tag, "tag"},
};

const KindInfo* kindOf(std::string_view kw) {
  for (const auto& k : kKinds)
    if (k.keyword == kw) return &k;
  return nullptr;
}

}  // namespace

// Pass 2: the index of every imported and defined entity and of every
// segment (inline ones included), in textual order, with their $ids.
bool ModuleParser::collectIndices(const std::vector<Field>& fields) {
  const KindInfo* firstDefinition = nullptr;
  auto allocate = [&](Space s, const Token& idTok) -> bool {
    uint32_t& n = counts_[static_cast<size_t>(s)];
    if (idTok.kind == TokenKind::Id && !defineName(s, idTok.value, n, idTok)) return false;
    ++n;
    return true;
  };
  // Whether the field has a direct child group `(kw ...`.
  auto hasChild = [&](const Field& f, std::string_view kw) {
    for (size_t i = f.begin + 2; i + 1 < f.end;) {
      if (toks_[i].kind == TokenKind::LParen) {
        if (toks_[i + 1].isKeyword(kw)) return true;
        i = matching(i);
      } else {
        ++i;
      }
    }
    return false;
  };
  for (const Field& f : fields) {
    if (f.keyword == "import") {
      // (import "m" "n" (kind $id? ...))
      pos_ = f.begin + 2;
      if (peek().kind == TokenKind::String) advance();
      if (peek().kind == TokenKind::String) advance();
      const KindInfo* k = isLParen() ? kindOf(peek(1).text) : nullptr;
      if (!k) continue;  // reported by pass 3
      if (firstDefinition)
        return failAt(toks_[f.begin], std::string("import after ") + firstDefinition->word);
      if (!allocate(k->space, peek(2))) return false;
      continue;
    }
    if (const KindInfo* k = kindOf(f.keyword)) {
      pos_ = f.begin + 2;
      const Token& idTok = peek();
      if (idTok.kind == TokenKind::Id) advance();
      while (atGroup("export")) skipTo(matching(pos_));
      bool isImport = atGroup("import");
      if (isImport && firstDefinition)
        return failAt(toks_[f.begin], std::string("import after ") + firstDefinition->word);
      if (!isImport && !firstDefinition) firstDefinition = k;
      if (!allocate(k->space, idTok)) return false;
      // Inline segments take the next segment index.
      static const Token none;
      if (!isImport && k->space == Space::Table && hasChild(f, "elem") &&
          !allocate(Space::Elem, none))
        return false;
      if (!isImport && k->space == Space::Memory && hasChild(f, "data") &&
          !allocate(Space::Data, none))
        return false;
      continue;
    }
    if (f.keyword == "elem" || f.keyword == "data") {
      pos_ = f.begin + 2;
      if (!allocate(f.keyword == "elem" ? Space::Elem : Space::Data, peek())) return false;
    }
  }
  return true;
}

bool ModuleParser::parseConstExpr(spec::ConstExpr& out) {
  out.code.offset = poolSize();
  FuncCtx f;
  f.isConst = true;
  if (!parseInstrs(f)) return false;
  if (!isRParen()) return unexpected();
  enc().opcode(Op::End);
  out.code.size = poolSize() - out.code.offset;
  return true;
}

// (offset instr*) | a single folded instruction
bool ModuleParser::parseOffset(spec::ConstExpr& out) {
  if (atGroup("offset")) {
    pos_ += 2;
    if (!parseConstExpr(out)) return false;
    return expectRParen();
  }
  if (!isLParen()) return unexpected();
  out.code.offset = poolSize();
  FuncCtx f;
  f.isConst = true;
  if (!parseFolded(f)) return false;
  enc().opcode(Op::End);
  out.code.size = poolSize() - out.code.offset;
  return true;
}

namespace {

// Counts consecutive locals of one type as one declaration (count, type).
void addLocal(std::vector<spec::LocalDecl>& decls, ValType t) {
  if (!decls.empty() && decls.back().type == t)
    ++decls.back().count;
  else
    decls.push_back({1, t});
}

}  // namespace

// (export "name")* on a definition or import.
bool ModuleParser::parseInlineExports(ExternKind kind, uint32_t index) {
  while (atGroup("export")) {
    pos_ += 2;
    spec::Export e;
    if (!parseName(e.name)) return false;
    e.kind = kind;
    e.index = index;
    m_->exports.push_back(std::move(e));
    if (!expectRParen()) return false;
  }
  return true;
}

// The description of an import after `(kind $id?`, and the import itself.
bool ModuleParser::parseImportDesc(spec::Import& im, const Token& at) {
  bool ok = false;
  switch (im.kind) {
    case ExternKind::Func: {
      TypeUse use;
      ok = parseTypeUse(use, true) && resolveTypeUse(use, at, im.funcType);
      break;
    }
    case ExternKind::Table: ok = parseTableType(im.table); break;
    case ExternKind::Memory: ok = parseMemoryType(im.memory); break;
    case ExternKind::Global: ok = parseGlobalType(im.global); break;
    case ExternKind::Tag: {
      TypeUse use;
      ok = parseTypeUse(use, false) && resolveTypeUse(use, at, im.tag.typeIndex);
      break;
    }
  }
  if (!ok) return false;
  spec::Module& m = *m_;
  switch (im.kind) {
    case ExternKind::Func: ++m.numImportedFuncs; break;
    case ExternKind::Table: ++m.numImportedTables; break;
    case ExternKind::Memory: ++m.numImportedMemories; break;
    case ExternKind::Global: ++m.numImportedGlobals; break;
    case ExternKind::Tag: ++m.numImportedTags; break;
  }
  m.imports.push_back(std::move(im));
  return true;
}

uint32_t ModuleParser::nextIndex(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func: return nextFunc_++;
    case ExternKind::Table: return nextTable_++;
    case ExternKind::Memory: return nextMemory_++;
    case ExternKind::Global: return nextGlobal_++;
    case ExternKind::Tag: return nextTag_++;
  }
  return 0;
}

bool ModuleParser::parseField(const Field& f) {
  std::string_view kw = f.keyword;
  if (kw == "type" || kw == "rec") {
    skipTo(f.end);  // parsed in pass 1
    return true;
  }
  pos_ = f.begin + 2;
  if (kw == "import") return parseImportField();
  if (const KindInfo* k = kindOf(kw)) {
    const Token& at = toks_[f.begin + 1];
    uint32_t index = nextIndex(k->kind);
    std::optional<std::string> id = parseOptId();
    if (id && k->kind == ExternKind::Func) m_->names.functions[index] = *id;
    if (!parseInlineExports(k->kind, index)) return false;
    if (atGroup("import")) {
      // (kind $id? (export ...)* (import "m" "n") description)
      pos_ += 2;
      spec::Import im;
      im.kind = k->kind;
      if (!parseName(im.module) || !parseName(im.field) || !expectRParen()) return false;
      return parseImportDesc(im, at) && expectRParen();
    }
    switch (k->kind) {
      case ExternKind::Func: return parseFuncField(index, at);
      case ExternKind::Table: return parseTableField(index);
      case ExternKind::Memory: return parseMemoryField(index);
      case ExternKind::Global: {
        spec::Global g;
        if (!parseGlobalType(g.type) || !parseConstExpr(g.init)) return false;
        m_->globals.push_back(std::move(g));
        return expectRParen();
      }
      case ExternKind::Tag: {
        TypeUse use;
        TagType t;
        if (!parseTypeUse(use, false) || !resolveTypeUse(use, at, t.typeIndex)) return false;
        m_->tags.push_back(t);
        return expectRParen();
      }
    }
    return false;
  }
  if (kw == "export") {
    spec::Export e;
    if (!parseName(e.name)) return false;
    if (!isLParen()) return unexpected();
    const KindInfo* k = kindOf(peek(1).text);
    if (!k) {
      advance();
      return unexpected();
    }
    pos_ += 2;
    e.kind = k->kind;
    if (!parseIndex(k->space, e.index) || !expectRParen() || !expectRParen()) return false;
    m_->exports.push_back(std::move(e));
    return true;
  }
  if (kw == "start") {
    if (++numStarts_ > 1) return failAt(toks_[f.begin], "multiple start sections");
    uint32_t fi = 0;
    if (!parseIndex(Space::Func, fi)) return false;
    m_->start = fi;
    return expectRParen();
  }
  if (kw == "elem") return parseElemField();
  if (kw == "data") return parseDataField();
  return unexpected();
}

// (import "m" "n" (kind $id? description))
bool ModuleParser::parseImportField() {
  spec::Import im;
  if (!parseName(im.module) || !parseName(im.field)) return false;
  if (!isLParen()) return unexpected();
  const KindInfo* k = kindOf(peek(1).text);
  if (!k) {
    advance();
    return unexpected();
  }
  const Token& at = peek(1);
  pos_ += 2;
  im.kind = k->kind;
  uint32_t index = nextIndex(k->kind);
  if (auto id = parseOptId(); id && k->kind == ExternKind::Func) m_->names.functions[index] = *id;
  return parseImportDesc(im, at) && expectRParen() && expectRParen();
}

// After `(func $id? (export ...)*`: typeuse (local ...)* instr* `)`.
bool ModuleParser::parseFuncField(uint32_t index, const Token& at) {
  spec::Module& m = *m_;
  TypeUse use;
  if (!parseTypeUse(use, true)) return false;
  uint32_t typeIndex = 0;
  if (!resolveTypeUse(use, at, typeIndex)) return false;
  FuncType ft;
  if (!typeUseFunc(use, at, ft)) return false;
  FuncCtx fc;
  fc.funcIndex = index;
  auto& localNames = m.names.locals[index];
  uint32_t numLocals = static_cast<uint32_t>(ft.params.size());
  for (size_t i = 0; i < use.paramNames.size(); ++i) {
    if (use.paramNames[i].empty()) continue;
    if (!fc.locals.emplace(use.paramNames[i], static_cast<uint32_t>(i)).second)
      return fail("duplicate local $" + use.paramNames[i]);
    localNames[static_cast<uint32_t>(i)] = use.paramNames[i];
  }
  spec::FunctionBody body;
  while (atGroup("local")) {
    // (local $id t) | (local t*)
    pos_ += 2;
    if (peek().kind == TokenKind::Id) {
      const Token& idTok = advance();
      ValType t;
      if (!parseValType(t)) return false;
      if (!fc.locals.emplace(idTok.value, numLocals).second)
        return failAt(idTok, "duplicate local $" + idTok.value);
      localNames[numLocals] = idTok.value;
      addLocal(body.locals, t);
      ++numLocals;
    } else {
      while (!isRParen()) {
        ValType t;
        if (!parseValType(t)) return false;
        addLocal(body.locals, t);
        ++numLocals;
      }
    }
    if (!expectRParen()) return false;
  }
  if (localNames.empty()) m.names.locals.erase(index);
  body.numLocals = numLocals - ft.params.size();
  // The pool holds only instructions: the local declarations are encoded by
  // the writer, so the three offsets coincide (see itt::localsSize).
  body.codeOffset = body.sizeOffset = body.localsOffset = poolSize();
  if (!parseInstrs(fc)) return false;
  if (!isRParen()) return unexpected();
  enc().opcode(Op::End);
  body.end = poolSize();
  advance();
  m.funcs.push_back(typeIndex);
  m.code.push_back(std::move(body));
  return true;
}

// An active segment's offset `(i32.const 0)` (or i64 for 64-bit tables and
// memories), for inline element and data segments.
spec::ConstExpr ModuleParser::zeroOffset(bool is64) {
  spec::ConstExpr e;
  e.code.offset = poolSize();
  enc().opcode(is64 ? Op::I64Const : Op::I32Const);
  enc().byte(0);
  enc().opcode(Op::End);
  e.code.size = poolSize() - e.code.offset;
  return e;
}

// After `(table $id? (export ...)*`:
//   addr? limits reftype expr?            a table, with an optional initializer
//   addr? reftype (elem ...)              a table sized by its inline segment
bool ModuleParser::parseTableField(uint32_t index) {
  spec::Table t;
  bool is64 = false;
  if (!parseAddressType(is64)) return false;
  if (!atRefType()) {
    if (!parseLimits(t.type.limits, is64) || !parseRefType(t.type.elem)) return false;
    if (!isRParen()) {
      spec::ConstExpr init;
      if (!parseConstExpr(init)) return false;
      t.init = init;
    }
    m_->tables.push_back(std::move(t));
    return expectRParen();
  }
  if (!parseRefType(t.type.elem) || !expectGroup("elem")) return false;
  spec::ElemSegment seg;
  seg.table = index;
  seg.offset = zeroOffset(is64);
  bool funcIndices = isIndexToken() || isRParen();
  if (funcIndices && t.type.elem == ValType::funcref()) {
    seg.type = ValType::ref(AbsHeap::Func, false);
    while (isIndexToken()) {
      uint32_t fi = 0;
      if (!parseIndex(Space::Func, fi)) return false;
      seg.funcIndices.push_back(fi);
    }
  } else {
    seg.usesExprs = true;
    seg.type = t.type.elem;
    while (!isRParen()) {
      spec::ConstExpr e;
      if (funcIndices) {
        // Function indices into a typed table: (ref.func x) items.
        uint32_t fi = 0;
        if (!parseIndex(Space::Func, fi)) return false;
        e.code.offset = poolSize();
        enc().opcode(Op::RefFunc);
        enc().u32(fi);
        enc().opcode(Op::End);
        e.code.size = poolSize() - e.code.offset;
      } else if (!parseElemItem(e)) {
        return false;
      }
      seg.exprs.push_back(e);
    }
  }
  if (!expectRParen()) return false;
  t.type.limits.is64 = is64;
  t.type.limits.min = seg.size();
  t.type.limits.max = seg.size();
  m_->tables.push_back(std::move(t));
  m_->elems.push_back(std::move(seg));
  return expectRParen();
}

// After `(memory $id? (export ...)*`:
//   addr? limits shared? (pagesize n)?    a memory
//   addr? (pagesize n)? (data "..."*)     a memory sized by its inline segment
bool ModuleParser::parseMemoryField(uint32_t index) {
  MemoryType mt;
  size_t save = pos_;
  bool is64 = false;
  if (!parseAddressType(is64)) return false;
  if (atGroup("pagesize") && atGroup("data", matching(pos_) - pos_)) {
    pos_ += 2;
    const Token& t = peek();
    uint64_t size = 0;
    if (!parseU64(size)) return false;
    if (size == 0 || (size & (size - 1)) != 0) return failAt(t, "invalid custom page size");
    mt.pageSizeLog2 = static_cast<uint32_t>(std::countr_zero(size));
    mt.explicitPageSize = true;
    if (!expectRParen()) return false;
  }
  if (!atGroup("data")) {
    pos_ = save;
    if (!parseMemoryType(mt)) return false;
    m_->memories.push_back(mt);
    return expectRParen();
  }
  pos_ += 2;
  spec::DataSegment seg;
  seg.memory = index;
  seg.offset = zeroOffset(is64);
  seg.init.offset = poolSize();
  while (peek().kind == TokenKind::String) enc().bytes(advance().value);
  seg.init.size = poolSize() - seg.init.offset;
  if (!expectRParen()) return false;
  uint64_t pageSize = uint64_t{1} << mt.pageSizeLog2;
  uint64_t pages = (seg.init.size + pageSize - 1) / pageSize;
  mt.limits.is64 = is64;
  mt.limits.min = pages;
  mt.limits.max = pages;
  m_->memories.push_back(mt);
  m_->datas.push_back(std::move(seg));
  return expectRParen();
}

// An element expression: (item instr*) or one folded instruction.
bool ModuleParser::parseElemItem(spec::ConstExpr& e) {
  if (atGroup("item")) {
    pos_ += 2;
    return parseConstExpr(e) && expectRParen();
  }
  if (!isLParen()) return unexpected();
  return parseOffset(e);
}

// (elem $id? elemlist)                               passive
// (elem $id? declare elemlist)                       declarative
// (elem $id? (table x)? offset elemlist)             active
// (elem $id? offset x*) and the MVP's (elem x offset x*)
// with elemlist ::= func x* | reftype elemexpr*
bool ModuleParser::parseElemField() {
  parseOptId();
  spec::ElemSegment seg;
  bool allowBare = false;
  if (peek().kind == TokenKind::Number) {
    if (!parseIndex(Space::Table, seg.table) || !parseOffset(seg.offset)) return false;
    allowBare = true;
  } else if (peek().isKeyword("declare")) {
    advance();
    seg.mode = spec::SegmentMode::Declarative;
  } else if (atGroup("table")) {
    pos_ += 2;
    if (!parseIndex(Space::Table, seg.table) || !expectRParen()) return false;
    if (!parseOffset(seg.offset)) return false;
    allowBare = true;
  } else if (isLParen() && !atGroup("ref") && !atGroup("item")) {
    if (!parseOffset(seg.offset)) return false;
    allowBare = true;
  } else {
    seg.mode = spec::SegmentMode::Passive;
  }
  if (peek().isKeyword("func") || (allowBare && (isIndexToken() || isRParen()))) {
    if (peek().isKeyword("func")) advance();
    seg.type = ValType::ref(AbsHeap::Func, false);
    while (isIndexToken()) {
      uint32_t fi = 0;
      if (!parseIndex(Space::Func, fi)) return false;
      seg.funcIndices.push_back(fi);
    }
  } else {
    if (!parseRefType(seg.type)) return false;
    seg.usesExprs = true;
    while (!isRParen()) {
      spec::ConstExpr e;
      if (!parseElemItem(e)) return false;
      seg.exprs.push_back(e);
    }
  }
  m_->elems.push_back(std::move(seg));
  return expectRParen();
}

// (data $id? string*)                        passive
// (data $id? (memory x)? offset string*)     active
// and the MVP's (data x offset string*)
bool ModuleParser::parseDataField() {
  parseOptId();
  spec::DataSegment seg;
  if (peek().kind == TokenKind::Number) {
    if (!parseIndex(Space::Memory, seg.memory) || !parseOffset(seg.offset)) return false;
  } else if (atGroup("memory")) {
    pos_ += 2;
    if (!parseIndex(Space::Memory, seg.memory) || !expectRParen()) return false;
    if (!parseOffset(seg.offset)) return false;
  } else if (isLParen()) {
    if (!parseOffset(seg.offset)) return false;
  } else {
    seg.mode = spec::SegmentMode::Passive;
  }
  seg.init.offset = poolSize();
  while (peek().kind == TokenKind::String) enc().bytes(advance().value);
  seg.init.size = poolSize() - seg.init.offset;
  m_->datas.push_back(std::move(seg));
  return expectRParen();
}

}  // namespace witt::text
