// Instructions (https://webassembly.github.io/spec/core/text/instructions.html),
// encoded as they are parsed into the module's byte pool.
//
// Folded instructions `(op imm* folded*)` are written operands first: the
// opcode and immediates are parsed (and encoded) first, cut out of the pool,
// and appended again after the operands. Block structure is tracked with a
// label stack of identifiers for symbolic branch targets.
#include <bit>
#include <cstring>

#include "base/native_stack.h"
#include "text/literals.h"
#include "text/parser.h"
#include "text/parser_impl.h"

namespace witt::text {
namespace {

bool isBlockTerminator(std::string_view k) {
  return k == "end" || k == "else" || k == "catch" || k == "catch_all" || k == "delegate";
}

// Operators of proposals witt does not implement: a clear message instead of
// "unknown operator", and a reliable marker ("not supported") for the WAST
// runner to count their commands as skipped.
const char* unsupportedFeature(std::string_view name) {
  static constexpr std::string_view kGcPrefixes[] = {"struct.", "array.", "i31.",
                                                     "any.convert_extern", "extern.convert_any"};
  static constexpr std::string_view kGcOps[] = {
      "ref.i31",      "ref.test",      "ref.cast",        "br_on_cast",          "br_on_cast_fail",
      "ref.get_desc", "ref.cast_desc", "br_on_cast_desc", "br_on_cast_desc_fail"};
  for (auto p : kGcPrefixes)
    if (name.starts_with(p)) return "GC";
  for (auto o : kGcOps)
    if (name == o) return "GC";
  if (name.find("_desc") != std::string_view::npos) return "custom descriptors";
  if (name.starts_with("memory.atomic.") || name == "atomic.fence" ||
      name.starts_with("i32.atomic.") || name.starts_with("i64.atomic."))
    return "threads";
  if (name == "cont.new" || name == "cont.bind" || name == "suspend" || name == "resume" ||
      name == "resume_throw" || name == "switch")
    return "stack switching";
  return nullptr;
}

// Cuts the pool bytes [from, end) out and returns them.
std::vector<uint8_t> cutPool(std::vector<uint8_t>& pool, uint32_t from) {
  std::vector<uint8_t> bytes(pool.begin() + from, pool.end());
  pool.resize(from);
  return bytes;
}

}  // namespace

// RAII nesting counter: deep nesting is an error, not a stack overflow. The
// parser recurses once per level, so it also stops when the thread's native
// stack runs short (a small embedder thread, a sanitizer build).
struct DepthGuard {
  unsigned& d;
  explicit DepthGuard(unsigned& depth) : d(++depth) {}
  ~DepthGuard() { --d; }
};

bool ModuleParser::parseInstrs(FuncCtx& f) {
  while (!failed_) {
    const Token& t = peek();
    if (t.kind == TokenKind::RParen || t.kind == TokenKind::Eof) return true;
    if (t.kind == TokenKind::LParen) {
      if (!parseFolded(f)) return false;
      continue;
    }
    if (t.kind == TokenKind::Keyword) {
      if (isBlockTerminator(t.text)) return true;
      if (!parsePlain(f)) return false;
      continue;
    }
    return unexpected();
  }
  return false;
}

bool ModuleParser::traceMark(FuncCtx& f, const Token& at) {
  if (f.isConst) return failAt(at, "trace marks are only allowed in function bodies");
  uint32_t id = 0;
  if (!parseU32(id)) return false;
  m_->traceMarks.push_back({f.funcIndex, poolSize(), id});
  return true;
}

bool ModuleParser::unknownOperator(const Token& t) {
  if (const char* feature = unsupportedFeature(t.text))
    return failAt(t,
                  std::string("not supported: ") + feature + " instruction " + std::string(t.text));
  // A known keyword out of place (`(local ...)` after instructions) is a
  // syntax error; an unknown one an unknown operator.
  return unexpected(t);
}

bool ModuleParser::tooDeep() { return fail("nesting too deep"); }

bool ModuleParser::parsePlain(FuncCtx& f) {
  size_t at = pos_;
  const Token& t = advance();
  if (t.text == "trace_instruction" || t.text == "i32.itt") return traceMark(f, t);
  std::optional<Op> op = opFromName(t.text);
  if (!op) return unknownOperator(t);
  // A plain instruction's opcode is the first thing it encodes.
  if (hasPendingHints()) placeBranchHint(f, takeBranchHint(f, at), *op, poolSize());
  switch (*op) {
    case Op::Block:
    case Op::Loop:
    case Op::If:
    case Op::Try:
    case Op::TryTable: return parseBlockPlain(f, *op);
    default: return parseImmediates(f, *op, t);
  }
}

bool ModuleParser::parseFolded(FuncCtx& f) {
  DepthGuard guard(f.depth);
  if (f.depth > kMaxNesting || nativeStackLow()) return tooDeep();
  size_t at = pos_;
  if (!expectLParen()) return false;
  const Token& t = peek();
  if (t.kind != TokenKind::Keyword) return unexpected();
  advance();
  if (t.text == "trace_instruction" || t.text == "i32.itt") {
    if (!traceMark(f, t)) return false;
    return expectRParen();
  }
  std::optional<Op> op = opFromName(t.text);
  if (!op) return unknownOperator(t);
  int hint = hasPendingHints() ? takeBranchHint(f, at) : -1;
  switch (*op) {
    case Op::If: f.hint = hint; return parseBlockFolded(f, *op);
    case Op::Block:
    case Op::Loop:
    case Op::Try:
    case Op::TryTable:
      if (hint >= 0) placeBranchHint(f, hint, *op, poolSize());  // "invalid target"
      return parseBlockFolded(f, *op);
    case Op::Else:
    case Op::End:
    case Op::Catch:
    case Op::CatchAll:
    case Op::Delegate: return unexpected(t);
    default: break;
  }
  // (op imm* folded*): encode op and immediates, then move them after the operands.
  uint32_t start = poolSize();
  if (!parseImmediates(f, *op, t)) return false;
  std::vector<uint8_t> instr = cutPool(m_->bytes, start);
  while (isLParen())
    if (!parseFolded(f)) return false;
  if (!isRParen()) return unexpected();
  advance();
  if (hint >= 0) placeBranchHint(f, hint, *op, poolSize());
  enc().bytes(instr);
  return true;
}

bool ModuleParser::parseBlockType(FuncCtx&) {
  const Token& at = peek();
  TypeUse use;
  if (!parseTypeUse(use, false)) return false;
  if (!use.index && use.inline_.params.empty() && use.inline_.results.size() <= 1) {
    // [] -> [] and [] -> [t] have the short encodings 0x40 and t.
    if (use.inline_.results.empty())
      enc().byte(0x40);
    else
      enc().valType(use.inline_.results[0]);
    return true;
  }
  uint32_t index = 0;
  if (!resolveTypeUse(use, at, index)) return false;
  enc().s33(index);
  return true;
}

bool ModuleParser::endLabel(FuncCtx&, std::string_view label) {
  if (peek().kind != TokenKind::Id) return true;
  const Token& t = advance();
  if (t.value != label) return failAt(t, "mismatching label");
  return true;
}

namespace {

// try_table catch clauses: (catch x l) (catch_ref x l) (catch_all l) (catch_all_ref l)
bool isCatchClause(const ModuleParser& p) {
  return p.atGroup("catch") || p.atGroup("catch_ref") || p.atGroup("catch_all") ||
         p.atGroup("catch_all_ref");
}

}  // namespace

// try_table's catch clauses; their labels count from outside the try_table.
bool ModuleParser::parseCatchClauses(FuncCtx& f) {
  std::vector<uint8_t> clauses;
  uint32_t n = 0;
  while (isCatchClause(*this)) {
    std::string_view k = peek(1).text;
    pos_ += 2;
    uint8_t kind = k == "catch" ? 0 : k == "catch_ref" ? 1 : k == "catch_all" ? 2 : 3;
    binary::Encoder ce(clauses);
    ce.byte(kind);
    uint32_t tag = 0, depth = 0;
    if (kind <= 1) {
      if (!parseIndex(Space::Tag, tag)) return false;
      ce.u32(tag);
    }
    if (!parseLabel(f, depth)) return false;
    ce.u32(depth);
    if (!expectRParen()) return false;
    ++n;
  }
  enc().u32(n);
  enc().bytes(clauses);
  return true;
}

bool ModuleParser::parseBlockPlain(FuncCtx& f, Op op) {
  DepthGuard guard(f.depth);
  if (f.depth > kMaxNesting || nativeStackLow()) return tooDeep();
  std::string_view label;
  if (peek().kind == TokenKind::Id) label = advance().value;
  enc().opcode(op);
  if (!parseBlockType(f)) return false;
  if (op == Op::TryTable && !parseCatchClauses(f)) return false;
  f.labels.push_back(label);
  if (!parseInstrs(f)) return false;
  if (op == Op::If && peek().isKeyword("else")) {
    advance();
    if (!endLabel(f, label)) return false;
    enc().opcode(Op::Else);
    if (!parseInstrs(f)) return false;
  }
  if (op == Op::Try) {
    bool handlers = peek().isKeyword("catch") || peek().isKeyword("catch_all");
    while (peek().isKeyword("catch")) {
      advance();
      uint32_t tag = 0;
      if (!parseIndex(Space::Tag, tag)) return false;
      enc().opcode(Op::Catch);
      enc().u32(tag);
      if (!parseInstrs(f)) return false;
    }
    if (peek().isKeyword("catch_all")) {
      advance();
      enc().opcode(Op::CatchAll);
      if (!parseInstrs(f)) return false;
    }
    if (!handlers && peek().isKeyword("delegate")) {
      // try ... delegate l: l counts from outside the try block.
      advance();
      f.labels.pop_back();
      uint32_t depth = 0;
      if (!parseLabel(f, depth)) return false;
      enc().opcode(Op::Delegate);
      enc().u32(depth);
      return true;
    }
  }
  if (!expectKeyword("end")) return false;
  if (!endLabel(f, label)) return false;
  enc().opcode(Op::End);
  f.labels.pop_back();
  return true;
}

bool ModuleParser::parseBlockFolded(FuncCtx& f, Op op) {
  std::string_view label;
  if (peek().kind == TokenKind::Id) label = advance().value;
  if (op == Op::If) {
    // (if label? bt cond* (then instr*) (else instr*)?): the conditions come
    // first in the encoding, then `if bt`.
    int hint = f.hint;
    f.hint = -1;
    uint32_t start = poolSize();
    enc().opcode(Op::If);
    if (!parseBlockType(f)) return false;
    std::vector<uint8_t> head = cutPool(m_->bytes, start);
    while (isLParen() && !atGroup("then"))
      if (!parseFolded(f)) return false;
    if (hint >= 0) placeBranchHint(f, hint, Op::If, poolSize());
    enc().bytes(head);
    if (!expectGroup("then")) return false;
    f.labels.push_back(label);
    if (!parseInstrs(f) || !expectRParen()) return false;
    if (atGroup("else")) {
      pos_ += 2;
      enc().opcode(Op::Else);
      if (!parseInstrs(f) || !expectRParen()) return false;
    }
    f.labels.pop_back();
    enc().opcode(Op::End);
    return expectRParen();
  }
  if (op == Op::Try) {
    // (try label? bt (do instr*) (catch x instr*)* (catch_all instr*)?)
    // (try label? bt (do instr*) (delegate l))
    enc().opcode(Op::Try);
    if (!parseBlockType(f)) return false;
    f.labels.push_back(label);
    if (!expectGroup("do") || !parseInstrs(f) || !expectRParen()) return false;
    bool handlers = atGroup("catch") || atGroup("catch_all");
    while (atGroup("catch")) {
      pos_ += 2;
      uint32_t tag = 0;
      if (!parseIndex(Space::Tag, tag)) return false;
      enc().opcode(Op::Catch);
      enc().u32(tag);
      if (!parseInstrs(f) || !expectRParen()) return false;
    }
    if (atGroup("catch_all")) {
      pos_ += 2;
      enc().opcode(Op::CatchAll);
      if (!parseInstrs(f) || !expectRParen()) return false;
    }
    f.labels.pop_back();
    if (!handlers && atGroup("delegate")) {
      pos_ += 2;
      uint32_t depth = 0;
      if (!parseLabel(f, depth)) return false;
      enc().opcode(Op::Delegate);
      enc().u32(depth);
      if (!expectRParen()) return false;
      return expectRParen();
    }
    enc().opcode(Op::End);
    return expectRParen();
  }
  // block, loop, try_table: the same as the plain form up to `)`.
  enc().opcode(op);
  if (!parseBlockType(f)) return false;
  if (op == Op::TryTable && !parseCatchClauses(f)) return false;
  f.labels.push_back(label);
  if (!parseInstrs(f)) return false;
  f.labels.pop_back();
  enc().opcode(Op::End);
  return expectRParen();
}

bool ModuleParser::parseLabel(FuncCtx& f, uint32_t& depth) {
  const Token& t = peek();
  if (t.kind == TokenKind::Id) {
    for (size_t i = f.labels.size(); i-- > 0;) {
      if (f.labels[i] == t.value) {
        depth = static_cast<uint32_t>(f.labels.size() - 1 - i);
        advance();
        return true;
      }
    }
    return failAt(t, "unknown label $" + t.value);
  }
  if (t.kind == TokenKind::Number) return parseU32(depth);
  return unexpected();
}

bool ModuleParser::parseMemArg(Op op, bool lane) {
  uint32_t mem = 0;
  // memidx? — for lane accesses a lone number is the lane, not a memory.
  if (peek().kind == TokenKind::Id) {
    if (!parseIndex(Space::Memory, mem)) return false;
  } else if (peek().kind == TokenKind::Number) {
    bool isMem = !lane || peek(1).kind == TokenKind::Number ||
                 (peek(1).kind == TokenKind::Keyword &&
                  (peek(1).text.starts_with("offset=") || peek(1).text.starts_with("align=")));
    if (isMem && !parseIndex(Space::Memory, mem)) return false;
  }
  uint64_t offset = 0;
  uint32_t alignLog2 = static_cast<uint32_t>(info(op).alignLog2);
  if (peek().kind == TokenKind::Keyword && peek().text.starts_with("offset=")) {
    const Token& t = advance();
    LitStatus st = parseNat(t.text.substr(7), UINT64_MAX, offset);
    if (st == LitStatus::Range) return failAt(t, "i64 constant out of range");
    if (st != LitStatus::Ok) return failAt(t, "unknown operator " + std::string(t.text));
  }
  if (peek().kind == TokenKind::Keyword && peek().text.starts_with("align=")) {
    const Token& t = advance();
    uint64_t align = 0;
    LitStatus st = parseNat(t.text.substr(6), UINT64_MAX, align);
    if (st == LitStatus::Range) return failAt(t, "i64 constant out of range");
    if (st != LitStatus::Ok) return failAt(t, "unknown operator " + std::string(t.text));
    if (align == 0 || !std::has_single_bit(align))
      return failAt(t, "alignment must be a power of two");
    alignLog2 = static_cast<uint32_t>(std::countr_zero(align));
  }
  // memarg: flags (alignment, bit 6 = a memory index follows), [memidx], offset.
  enc().u32(alignLog2 | (mem != 0 ? 0x40u : 0u));
  if (mem != 0) enc().u32(mem);
  enc().u64(offset);
  if (lane) {
    const Token& t = peek();
    uint64_t v = 0;
    if (t.kind != TokenKind::Number) return unexpected();
    LitStatus st = parseNat(t.text, 255, v);
    if (st == LitStatus::Range) return fail("i8 constant out of range");
    if (st != LitStatus::Ok) return unexpected();
    advance();
    enc().byte(static_cast<uint8_t>(v));
  }
  return true;
}

bool ModuleParser::parseV128Const() {
  const Token& shape = peek();
  if (shape.kind != TokenKind::Keyword) return unexpected();
  struct Shape {
    std::string_view name;
    unsigned lanes, bits;
    bool isFloat;
  };
  static constexpr Shape kShapes[] = {{"i8x16", 16, 8, false}, {"i16x8", 8, 16, false},
                                      {"i32x4", 4, 32, false}, {"i64x2", 2, 64, false},
                                      {"f32x4", 4, 32, true},  {"f64x2", 2, 64, true}};
  const Shape* s = nullptr;
  for (const auto& k : kShapes)
    if (shape.text == k.name) s = &k;
  if (!s) return unexpected();
  advance();
  // The number of lane literals is checked before their values.
  unsigned count = 0;
  for (size_t k = 0;; ++k) {
    const Token& t = peek(k);
    bool literal = t.kind == TokenKind::Number ||
                   (s->isFloat && t.kind == TokenKind::Keyword &&
                    (t.text == "inf" || t.text == "nan" || t.text.starts_with("nan:")));
    if (!literal) break;
    ++count;
  }
  if (count != s->lanes) return fail("wrong number of lane literals");
  uint8_t bytes[16] = {};
  for (unsigned i = 0; i < s->lanes; ++i) {
    const Token& t = peek();
    bool literal = t.kind == TokenKind::Number ||
                   (s->isFloat && t.kind == TokenKind::Keyword &&
                    (t.text == "inf" || t.text == "nan" || t.text.starts_with("nan:")));
    if (!literal) {
      if (t.kind == TokenKind::RParen || t.kind == TokenKind::LParen || t.kind == TokenKind::Eof)
        return fail("wrong number of lane literals");
      return unexpected();
    }
    uint64_t v = 0;
    LitStatus st;
    if (s->isFloat && s->bits == 32) {
      uint32_t b = 0;
      st = parseF32(t.text, b);
      v = b;
    } else if (s->isFloat) {
      st = parseF64(t.text, v);
    } else {
      st = parseIntBits(t.text, s->bits, v);
    }
    if (st == LitStatus::Range) return fail("constant out of range");
    if (st != LitStatus::Ok) return unexpected();
    advance();
    unsigned width = s->bits / 8;
    for (unsigned b = 0; b < width; ++b) bytes[i * width + b] = static_cast<uint8_t>(v >> (8 * b));
  }
  for (uint8_t b : bytes) enc().byte(b);
  return true;
}

bool ModuleParser::parseImmediates(FuncCtx& f, Op op, const Token& at) {
  if (op == Op::Select && atGroup("result")) {
    // select (result t*)*: the typed encoding 0x1C vec(valtype).
    std::vector<ValType> types;
    while (atGroup("result")) {
      pos_ += 2;
      while (!isRParen()) {
        ValType t;
        if (!parseValType(t)) return false;
        types.push_back(t);
      }
      advance();
    }
    enc().opcode(Op::SelectT);
    enc().u32(static_cast<uint32_t>(types.size()));
    for (ValType t : types) enc().valType(t);
    return true;
  }
  enc().opcode(op);
  auto optIndex = [&](Space s, uint32_t& out) {
    out = 0;
    return isIndexToken() ? parseIndex(s, out) : true;
  };
  uint32_t a = 0, b = 0;
  switch (info(op).imm) {
    case Imm::None: return true;
    case Imm::BlockType:
    case Imm::TryTable: return failAt(at, "unexpected token");  // handled by the block parsers
    case Imm::Label:
      if (!parseLabel(f, a)) return false;
      enc().u32(a);
      return true;
    case Imm::BrTable: {
      std::vector<uint32_t> targets;
      while (isIndexToken()) {
        if (!parseLabel(f, a)) return false;
        targets.push_back(a);
      }
      if (targets.empty()) return unexpected();
      enc().u32(static_cast<uint32_t>(targets.size() - 1));
      for (uint32_t t : targets) enc().u32(t);
      return true;
    }
    case Imm::Func:
      if (!parseIndex(Space::Func, a)) return false;
      enc().u32(a);
      return true;
    case Imm::CallIndirect: {
      // call_indirect tableidx? typeuse: encoded typeidx tableidx.
      if (!optIndex(Space::Table, b)) return false;
      const Token& useAt = peek();
      TypeUse use;
      if (!parseTypeUse(use, false)) return false;
      if (!resolveTypeUse(use, useAt, a)) return false;
      enc().u32(a);
      enc().u32(b);
      return true;
    }
    case Imm::Type:
      if (!parseIndex(Space::Type, a)) return false;
      enc().u32(a);
      return true;
    case Imm::Local: {
      const Token& t = peek();
      if (t.kind == TokenKind::Id) {
        auto it = f.locals.find(t.value);
        if (it == f.locals.end()) return fail("unknown local $" + t.value);
        advance();
        a = it->second;
      } else if (!parseU32(a)) {
        return false;
      }
      enc().u32(a);
      return true;
    }
    case Imm::Global:
      if (!parseIndex(Space::Global, a)) return false;
      enc().u32(a);
      return true;
    case Imm::Table:
      if (!optIndex(Space::Table, a)) return false;
      enc().u32(a);
      return true;
    case Imm::Memory:
      if (!optIndex(Space::Memory, a)) return false;
      enc().u32(a);
      return true;
    case Imm::MemArg: return parseMemArg(op, false);
    case Imm::MemArgLane: return parseMemArg(op, true);
    case Imm::I32:
    case Imm::I64: {
      const Token& t = peek();
      if (t.kind != TokenKind::Number) return unexpected();
      uint64_t v = 0;
      unsigned bits = info(op).imm == Imm::I32 ? 32 : 64;
      LitStatus st = parseIntBits(t.text, bits, v);
      if (st == LitStatus::Range) return fail("constant out of range");
      if (st != LitStatus::Ok) return unexpected();
      advance();
      if (bits == 32)
        enc().s32(static_cast<int32_t>(static_cast<uint32_t>(v)));
      else
        enc().s64(static_cast<int64_t>(v));
      return true;
    }
    case Imm::F32:
    case Imm::F64: {
      const Token& t = peek();
      if (t.kind != TokenKind::Number && t.kind != TokenKind::Keyword) return unexpected();
      LitStatus st;
      uint64_t v = 0;
      if (info(op).imm == Imm::F32) {
        uint32_t b32 = 0;
        st = parseF32(t.text, b32);
        v = b32;
      } else {
        st = parseF64(t.text, v);
      }
      if (st == LitStatus::Range) return fail("constant out of range");
      if (st != LitStatus::Ok) return unexpected();
      advance();
      if (info(op).imm == Imm::F32)
        enc().fixed32(static_cast<uint32_t>(v));
      else
        enc().fixed64(v);
      return true;
    }
    case Imm::V128: return parseV128Const();
    case Imm::Shuffle: {
      for (int i = 0; i < 16; ++i) {
        const Token& t = peek();
        if (t.kind == TokenKind::RParen || t.kind == TokenKind::LParen || t.kind == TokenKind::Eof)
          return fail("invalid lane length");
        // Anything but a lane number 0..255 (-1, 256, 0.5, inf, nan) is the
        // reference interpreter's "i8 constant out of range".
        if (t.kind != TokenKind::Number && t.kind != TokenKind::Keyword) return unexpected();
        uint64_t v = 0;
        if (parseNat(t.text, 255, v) != LitStatus::Ok) return fail("i8 constant out of range");
        advance();
        enc().byte(static_cast<uint8_t>(v));
      }
      if (peek().kind == TokenKind::Number) return fail("invalid lane length");
      return true;
    }
    case Imm::Lane: {
      const Token& t = peek();
      if (t.kind != TokenKind::Number) return unexpected();
      uint64_t v = 0;
      LitStatus st = parseNat(t.text, 255, v);
      if (st == LitStatus::Range) return fail("i8 constant out of range");
      if (st != LitStatus::Ok) return unexpected();
      advance();
      enc().byte(static_cast<uint8_t>(v));
      return true;
    }
    case Imm::SelectT: return true;  // via select (result ...)
    case Imm::HeapType: {
      HeapType h;
      if (!parseHeapType(h)) return false;
      enc().heapType(h);
      return true;
    }
    case Imm::Tag:
      if (!parseIndex(Space::Tag, a)) return false;
      enc().u32(a);
      return true;
    case Imm::MemoryInit:
      // memory.init memidx? dataidx: encoded dataidx memidx.
      usesDataIndex_ = true;
      if (isIndexToken(1)) {
        if (!parseIndex(Space::Memory, b)) return false;
      }
      if (!parseIndex(Space::Data, a)) return false;
      enc().u32(a);
      enc().u32(b);
      return true;
    case Imm::Data:
      usesDataIndex_ = true;
      if (!parseIndex(Space::Data, a)) return false;
      enc().u32(a);
      return true;
    case Imm::MemoryCopy:
      if (isIndexToken()) {
        if (!parseIndex(Space::Memory, a) || !parseIndex(Space::Memory, b)) return false;
      }
      enc().u32(a);
      enc().u32(b);
      return true;
    case Imm::TableInit:
      // table.init tableidx? elemidx: encoded elemidx tableidx.
      if (isIndexToken(1)) {
        if (!parseIndex(Space::Table, b)) return false;
      }
      if (!parseIndex(Space::Elem, a)) return false;
      enc().u32(a);
      enc().u32(b);
      return true;
    case Imm::Elem:
      if (!parseIndex(Space::Elem, a)) return false;
      enc().u32(a);
      return true;
    case Imm::TableCopy:
      if (isIndexToken()) {
        if (!parseIndex(Space::Table, a) || !parseIndex(Space::Table, b)) return false;
      }
      enc().u32(a);
      enc().u32(b);
      return true;
  }
  return true;
}

}  // namespace witt::text
