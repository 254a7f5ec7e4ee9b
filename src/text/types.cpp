// Types in the text format (https://webassembly.github.io/spec/core/text/types.html)
// and type definitions and uses (https://webassembly.github.io/spec/core/text/modules.html#types).
#include <bit>

#include "text/parser_impl.h"

namespace witt::text {
namespace {

struct AbsName {
  std::string_view name;
  AbsHeap heap;
};
constexpr AbsName kHeapNames[] = {
    {"func", AbsHeap::Func},
    {"extern", AbsHeap::Extern},
    {"exn", AbsHeap::Exn},
    {"any", AbsHeap::Any},
    {"eq", AbsHeap::Eq},
    {"i31", AbsHeap::I31},
    {"struct", AbsHeap::Struct},
    {"array", AbsHeap::Array},
    {"none", AbsHeap::None},
    {"nofunc", AbsHeap::NoFunc},
    {"noextern", AbsHeap::NoExtern},
    {"noexn", AbsHeap::NoExn},
};
// Shorthands for nullable abstract references: funcref = (ref null func).
constexpr AbsName kRefShorthands[] = {
    {"funcref", AbsHeap::Func},
    {"externref", AbsHeap::Extern},
    {"exnref", AbsHeap::Exn},
    {"anyref", AbsHeap::Any},
    {"eqref", AbsHeap::Eq},
    {"i31ref", AbsHeap::I31},
    {"structref", AbsHeap::Struct},
    {"arrayref", AbsHeap::Array},
    {"nullref", AbsHeap::None},
    {"nullfuncref", AbsHeap::NoFunc},
    {"nullexternref", AbsHeap::NoExtern},
    {"nullexnref", AbsHeap::NoExn},
};

bool numericType(std::string_view k, ValType& out) {
  if (k == "i32")
    out = ValType::I32;
  else if (k == "i64")
    out = ValType::I64;
  else if (k == "f32")
    out = ValType::F32;
  else if (k == "f64")
    out = ValType::F64;
  else if (k == "v128")
    out = ValType::V128;
  else
    return false;
  return true;
}

bool shorthand(std::string_view k, ValType& out) {
  for (const auto& s : kRefShorthands)
    if (k == s.name) {
      out = ValType::ref(s.heap, true);
      return true;
    }
  return false;
}

}  // namespace

bool ModuleParser::atRefType() const {
  ValType t;
  return atGroup("ref") || (peek().kind == TokenKind::Keyword && shorthand(peek().text, t));
}

bool ModuleParser::atValType() const {
  ValType t;
  return atRefType() || (peek().kind == TokenKind::Keyword && numericType(peek().text, t));
}

bool ModuleParser::parseHeapType(HeapType& out) {
  const Token& t = peek();
  if (t.kind == TokenKind::Keyword) {
    for (const auto& h : kHeapNames)
      if (t.text == h.name) {
        out = HeapType(h.heap);
        advance();
        return true;
      }
    return unexpected();
  }
  if (t.kind == TokenKind::Id || t.kind == TokenKind::Number) {
    uint32_t idx = 0;
    if (!parseIndex(Space::Type, idx)) return false;
    out = HeapType::index(idx);
    return true;
  }
  if (atGroup("shared")) return fail("not supported: shared heap types");
  if (atGroup("exact")) return fail("not supported: custom descriptors (exact reference types)");
  return unexpected();
}

bool ModuleParser::parseRefType(ValType& out) {
  if (peek().kind == TokenKind::Keyword && shorthand(peek().text, out)) {
    advance();
    return true;
  }
  if (!expectGroup("ref")) return false;
  bool nullable = false;
  if (peek().isKeyword("null")) {
    nullable = true;
    advance();
  }
  if (peek().isKeyword("exact"))
    return fail("not supported: custom descriptors (exact reference types)");
  HeapType h;
  if (!parseHeapType(h)) return false;
  out = ValType::ref(h, nullable);
  return expectRParen();
}

bool ModuleParser::parseValType(ValType& out) {
  if (peek().kind == TokenKind::Keyword && numericType(peek().text, out)) {
    advance();
    return true;
  }
  if (atRefType()) return parseRefType(out);
  return unexpected();
}

// (param id? t) | (param t*) ... (result t*) ...
bool ModuleParser::parseFuncTypeBody(FuncType& out) {
  while (atGroup("param")) {
    pos_ += 2;
    if (peek().kind == TokenKind::Id) {
      advance();
      ValType t;
      if (!parseValType(t)) return false;
      out.params.push_back(t);
    } else {
      while (!isRParen()) {
        ValType t;
        if (!parseValType(t)) return false;
        out.params.push_back(t);
      }
    }
    if (!expectRParen()) return false;
  }
  while (atGroup("result")) {
    pos_ += 2;
    while (!isRParen()) {
      ValType t;
      if (!parseValType(t)) return false;
      out.results.push_back(t);
    }
    if (!expectRParen()) return false;
  }
  if (atGroup("param")) return unexpected();  // params come before results
  return true;
}

bool ModuleParser::parseTypeUse(TypeUse& out, bool allowNames) {
  if (atGroup("exact")) return fail("not supported: custom descriptors (exact function imports)");
  if (atGroup("type")) {
    pos_ += 2;
    uint32_t idx = 0;
    if (!parseIndex(Space::Type, idx)) return false;
    out.index = idx;
    if (!expectRParen()) return false;
  }
  while (atGroup("param")) {
    pos_ += 2;
    if (peek().kind == TokenKind::Id) {
      const Token& idTok = advance();
      if (!allowNames) return failAt(idTok, "unexpected token");
      ValType t;
      if (!parseValType(t)) return false;
      out.inline_.params.push_back(t);
      out.paramNames.push_back(idTok.value);
    } else {
      while (!isRParen()) {
        ValType t;
        if (!parseValType(t)) return false;
        out.inline_.params.push_back(t);
        out.paramNames.emplace_back();
      }
    }
    if (!expectRParen()) return false;
    out.hasInline = true;
  }
  while (atGroup("result")) {
    pos_ += 2;
    while (!isRParen()) {
      ValType t;
      if (!parseValType(t)) return false;
      out.inline_.results.push_back(t);
    }
    if (!expectRParen()) return false;
    out.hasInline = true;
  }
  if (atGroup("param") || atGroup("type")) return unexpected();  // out of order
  return true;
}

bool ModuleParser::resolveTypeUse(const TypeUse& use, const Token& at, uint32_t& out) {
  auto& types = m_->types;
  if (use.index) {
    // (type x) with inline params/results: they must repeat x's signature.
    if (use.hasInline && (!use.inline_.params.empty() || !use.inline_.results.empty())) {
      if (*use.index >= types.size()) return failAt(at, "unknown type");
      if (!(types[*use.index].func == use.inline_)) return failAt(at, "inline function type");
    }
    out = *use.index;
    return true;
  }
  // The first type that is exactly this function type (a final, singleton
  // recursion group), else an implicit definition at the end of the section.
  for (uint32_t i = 0; i < types.size(); ++i) {
    const spec::SubType& t = types[i];
    if (t.recGroupSize == 1 && t.isFinal && t.supertypes.empty() && t.func == use.inline_) {
      out = i;
      return true;
    }
  }
  spec::SubType t;
  t.func = use.inline_;
  t.recGroupStart = static_cast<uint32_t>(types.size());
  t.recGroupSize = 1;
  out = static_cast<uint32_t>(types.size());
  types.push_back(std::move(t));
  return true;
}

bool ModuleParser::typeUseFunc(const TypeUse& use, const Token&, FuncType& out) {
  if (use.index) {
    // An index past the type section is the validator's "unknown type"; the
    // parameters are then unknown and locals are numbered from 0.
    out = *use.index < m_->types.size() ? m_->types[*use.index].func : FuncType{};
    return true;
  }
  out = use.inline_;
  return true;
}

bool ModuleParser::parseAddressType(bool& is64) {
  is64 = false;
  if (peek().isKeyword("i64")) {
    is64 = true;
    advance();
  } else if (peek().isKeyword("i32")) {
    advance();
  }
  return true;
}

// Limits are u64 whatever the address type: sizes beyond the address type's
// range are a validation error ("memory size must be at most ..."), and
// Wasm 3.0 encodes them as u64 in the binary too.
bool ModuleParser::parseLimits(Limits& out, bool is64) {
  out.is64 = is64;
  if (!parseU64(out.min)) return false;
  if (peek().kind == TokenKind::Number) {
    uint64_t max = 0;
    if (!parseU64(max)) return false;
    out.max = max;
  }
  return true;
}

bool ModuleParser::parseTableType(TableType& out) {
  bool is64 = false;
  if (!parseAddressType(is64)) return false;
  if (!parseLimits(out.limits, is64)) return false;
  return parseRefType(out.elem);
}

bool ModuleParser::parseMemoryType(MemoryType& out) {
  bool is64 = false;
  if (!parseAddressType(is64)) return false;
  if (!parseLimits(out.limits, is64)) return false;
  if (peek().isKeyword("shared")) {
    advance();
    out.limits.shared = true;
  }
  if (atGroup("pagesize")) {
    pos_ += 2;
    const Token& t = peek();
    uint64_t size = 0;
    if (!parseU64(size)) return false;
    if (size == 0 || !std::has_single_bit(size)) return failAt(t, "invalid custom page size");
    out.pageSizeLog2 = static_cast<uint32_t>(std::countr_zero(size));
    out.explicitPageSize = true;
    if (!expectRParen()) return false;
  }
  return true;
}

bool ModuleParser::parseGlobalType(GlobalType& out) {
  if (atGroup("mut")) {
    pos_ += 2;
    out.mut = true;
    if (!parseValType(out.type)) return false;
    return expectRParen();
  }
  out.mut = false;
  return parseValType(out.type);
}

namespace {

bool isTypeField(std::string_view k) { return k == "type" || k == "rec"; }

}  // namespace

// Pass 1: every explicit type definition, so that type uses anywhere can
// refer to them and inline type uses can find them.
bool ModuleParser::parseTypeDefinitions(const std::vector<Field>& fields) {
  // Names first: a definition may refer to a later type ((ref $t)).
  uint32_t index = 0;
  for (const Field& f : fields) {
    if (!isTypeField(f.keyword)) continue;
    pos_ = f.begin + 2;
    if (f.keyword == "type") {
      if (peek().kind == TokenKind::Id && !defineName(Space::Type, peek().value, index, peek()))
        return false;
      ++index;
      continue;
    }
    while (atGroup("type")) {
      size_t next = matching(pos_);
      pos_ += 2;
      if (peek().kind == TokenKind::Id && !defineName(Space::Type, peek().value, index, peek()))
        return false;
      ++index;
      pos_ = next;
    }
  }
  explicitTypes_ = index;
  counts_[static_cast<size_t>(Space::Type)] = index;

  auto parseSubType = [&](spec::SubType& t) -> bool {
    // (type id? (func ...)) | (type id? (sub final? x* (func ...)))
    if (!expectGroup("type")) return false;
    parseOptId();
    bool sub = false;
    if (atGroup("sub")) {
      sub = true;
      pos_ += 2;
      t.isFinal = false;
      if (peek().isKeyword("final")) {
        advance();
        t.isFinal = true;
      }
      while (isIndexToken()) {
        uint32_t s = 0;
        if (!parseIndex(Space::Type, s)) return false;
        t.supertypes.push_back(s);
      }
    }
    if (atGroup("struct") || atGroup("array"))
      return fail("not supported: GC " + std::string(peek(1).text) + " types");
    if (atGroup("descriptor") || atGroup("describes"))
      return fail("not supported: custom descriptors");
    if (!expectGroup("func")) return false;
    parseOptId();
    if (!parseFuncTypeBody(t.func)) return false;
    if (!expectRParen()) return false;
    if (sub && !expectRParen()) return false;
    return expectRParen();
  };

  for (const Field& f : fields) {
    if (!isTypeField(f.keyword)) continue;
    pos_ = f.begin;
    if (f.keyword == "type") {
      spec::SubType t;
      t.recGroupStart = static_cast<uint32_t>(m_->types.size());
      t.recGroupSize = 1;
      if (!parseSubType(t)) return false;
      m_->types.push_back(std::move(t));
      continue;
    }
    pos_ += 2;  // (rec
    uint32_t start = static_cast<uint32_t>(m_->types.size());
    while (atGroup("type")) {
      spec::SubType t;
      t.recGroupStart = start;
      if (!parseSubType(t)) return false;
      m_->types.push_back(std::move(t));
    }
    if (!expectRParen()) return false;
    uint32_t size = static_cast<uint32_t>(m_->types.size()) - start;
    for (uint32_t i = start; i < start + size; ++i) m_->types[i].recGroupSize = size;
  }
  return true;
}

}  // namespace witt::text
