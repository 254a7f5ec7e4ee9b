// The module structure and the parser's passes.
//
// Identifiers may be used before their definition (a call to a function
// defined further down), and inline type uses must find every explicit type
// definition of the module. So a module is parsed in three passes over its
// fields (https://webassembly.github.io/spec/core/text/modules.html):
//   1. type definitions: names first, then the function types;
//   2. index allocation: each field's index in its index space and its $id,
//      checking that imports come before definitions;
//   3. the fields themselves, in order, encoding bodies and expressions.
#include "text/parser.h"

#include "base/utf8.h"
#include "text/literals.h"
#include "text/parser_impl.h"

namespace witt::text {

const char* spaceName(Space s) {
  switch (s) {
    case Space::Type: return "type";
    case Space::Func: return "function";
    case Space::Table: return "table";
    case Space::Memory: return "memory";
    case Space::Global: return "global";
    case Space::Tag: return "tag";
    case Space::Elem: return "elem segment";
    case Space::Data: return "data segment";
    case Space::Count: break;
  }
  return "?";
}

ModuleParser::ModuleParser(const TokenStream& ts, size_t begin, size_t end, const std::string& file)
    : ts_(ts), toks_(ts.tokens), begin_(begin), end_(end), pos_(begin), file_(file) {}

const Token& ModuleParser::peek(size_t k) const {
  size_t i = pos_ + k;
  if (i >= end_) i = end_ < toks_.size() ? end_ : toks_.size() - 1;
  // Past the range, every token reads as the end of input.
  if (pos_ + k >= end_) {
    static const Token eof;
    return toks_[i].kind == TokenKind::Eof ? toks_[i] : eof;
  }
  return toks_[i];
}

const Token& ModuleParser::advance() {
  const Token& t = peek();
  if (pos_ < end_) ++pos_;
  return t;
}

bool ModuleParser::failAt(const Token& t, std::string message) {
  if (failed_) return false;
  failed_ = true;
  err_ = Error(ErrorKind::Malformed, std::move(message));
  // Tokens past the range have no position: report the last token's.
  const Token& where = t.line ? t : toks_[end_ > begin_ ? end_ - 1 : begin_];
  err_.line = where.line;
  err_.column = where.column;
  err_.file = file_;
  return false;
}

bool ModuleParser::fail(std::string message) { return failAt(peek(), std::move(message)); }

bool ModuleParser::unexpected() { return unexpected(peek()); }

bool ModuleParser::unexpected(const Token& t) {
  if (t.kind == TokenKind::Eof) return failAt(t, "unexpected end");
  if (t.kind == TokenKind::Keyword && !isKnownKeyword(t.text))
    return failAt(t, "unknown operator " + std::string(t.text));
  return failAt(t, "unexpected token");
}

bool ModuleParser::expectLParen() {
  if (!isLParen()) return unexpected();
  advance();
  return true;
}

bool ModuleParser::expectRParen() {
  if (!isRParen()) return unexpected();
  advance();
  return true;
}

bool ModuleParser::expectKeyword(std::string_view kw) {
  if (!peek().isKeyword(kw)) return unexpected();
  advance();
  return true;
}

bool ModuleParser::expectGroup(std::string_view kw) {
  if (!atGroup(kw)) return unexpected();
  pos_ += 2;
  return true;
}

bool ModuleParser::parseU32(uint32_t& out) {
  uint64_t v = 0;
  if (!parseU64(v)) return false;
  if (v > UINT32_MAX) return fail("i32 constant out of range");
  out = static_cast<uint32_t>(v);
  return true;
}

bool ModuleParser::parseU64(uint64_t& out) {
  const Token& t = peek();
  if (t.kind != TokenKind::Number) return unexpected();
  LitStatus st = parseNat(t.text, UINT64_MAX, out);
  if (st == LitStatus::Range) return fail("i64 constant out of range");
  if (st != LitStatus::Ok) return unexpected();
  advance();
  return true;
}

bool ModuleParser::parseString(std::string& out) {
  if (peek().kind != TokenKind::String) return unexpected();
  out = advance().value;
  return true;
}

bool ModuleParser::parseName(std::string& out) {
  const Token& t = peek();
  if (!parseString(out)) return false;
  if (!isValidUtf8(out)) return failAt(t, "malformed UTF-8 encoding");
  return true;
}

std::optional<std::string> ModuleParser::parseOptId() {
  if (peek().kind != TokenKind::Id) return std::nullopt;
  return advance().value;
}

bool ModuleParser::resolve(Space space, const Token& t, uint32_t& out) {
  if (t.kind == TokenKind::Number) {
    uint64_t v = 0;
    LitStatus st = parseNat(t.text, UINT32_MAX, v);
    if (st == LitStatus::Range) return failAt(t, "i32 constant out of range");
    if (st != LitStatus::Ok) return failAt(t, "unexpected token");
    out = static_cast<uint32_t>(v);
    return true;
  }
  if (t.kind == TokenKind::Id) {
    const auto& map = names_[static_cast<size_t>(space)];
    auto it = map.find(t.value);
    if (it == map.end())
      return failAt(t, std::string("unknown ") + spaceName(space) + " $" + t.value);
    out = it->second;
    return true;
  }
  return failAt(t, t.kind == TokenKind::Eof ? "unexpected end" : "unexpected token");
}

bool ModuleParser::parseIndex(Space space, uint32_t& out) {
  if (!resolve(space, peek(), out)) return false;
  advance();
  return true;
}

bool ModuleParser::defineName(Space space, const std::string& id, uint32_t index, const Token& at) {
  auto& map = names_[static_cast<size_t>(space)];
  if (!map.emplace(id, index).second) {
    static constexpr const char* kWords[] = {"type",   "func", "table", "memory",
                                             "global", "tag",  "elem",  "data"};
    return failAt(at, std::string("duplicate ") + kWords[static_cast<size_t>(space)] + " $" + id);
  }
  return true;
}

bool ModuleParser::computeMatches() {
  match_.assign(end_ - begin_, 0);
  std::vector<size_t> open;
  for (size_t i = begin_; i < end_; ++i) {
    const Token& t = toks_[i];
    if (t.kind == TokenKind::LParen) {
      open.push_back(i);
    } else if (t.kind == TokenKind::RParen) {
      if (open.empty()) return failAt(t, "unexpected token");
      match_[open.back() - begin_] = i + 1;
      open.pop_back();
    } else if (t.kind == TokenKind::Eof) {
      break;
    }
  }
  if (!open.empty()) {
    static const Token eof;
    const Token& last = toks_[end_ - 1].kind == TokenKind::Eof ? toks_[end_ - 1] : eof;
    return failAt(last, "unexpected end");
  }
  return true;
}

bool ModuleParser::findFields(std::vector<Field>& fields) {
  while (!atEnd() && !isRParen()) {
    if (!isLParen()) return unexpected();  // a stray token between fields
    if (peek(1).kind != TokenKind::Keyword) {
      advance();
      return unexpected();
    }
    Field f{pos_, matching(pos_), peek(1).text};
    static constexpr std::string_view kFields[] = {"type",   "rec",    "import", "func",
                                                   "table",  "memory", "global", "tag",
                                                   "export", "start",  "elem",   "data"};
    bool known = false;
    for (auto k : kFields) known |= f.keyword == k;
    if (!known) {
      advance();
      return unexpected();
    }
    fields.push_back(f);
    skipTo(f.end);
  }
  return true;
}

bool ModuleParser::parse(spec::Module& out, std::string* idOut) {
  m_ = &out;
  if (!computeMatches()) return false;
  size_t fieldsEnd = end_;
  if (atGroup("module")) {
    moduleForm_ = true;
    size_t close = matching(pos_);
    pos_ += 2;
    std::optional<std::string> id = parseOptId();
    if (id) {
      if (idOut) *idOut = *id;
      out.names.module = *id;
    }
    if (peek().isKeyword("binary") || peek().isKeyword("quote") || peek().isKeyword("definition") ||
        peek().isKeyword("instance"))
      return fail("unexpected token");
    fieldsEnd = close - 1;  // the module's RParen
  }
  fieldsStart_ = pos_;
  fieldsEnd_ = fieldsEnd;
  std::vector<Field> fields;
  size_t savedEnd = end_;
  end_ = fieldsEnd;
  bool ok = findFields(fields);
  end_ = savedEnd;
  if (!ok) return false;
  if (fieldsEnd != savedEnd) {
    pos_ = fieldsEnd + 1;
    if (!atEnd()) return unexpected();
  }
  collectBranchHints();
  if (!parseTypeDefinitions(fields)) return false;
  if (!collectIndices(fields)) return false;
  for (const Field& f : fields) {
    pos_ = f.begin;
    hintsBeforeField(f);
    size_t bodies = out.code.size();
    if (!parseField(f)) return false;
    if (pos_ != f.end) return unexpected();
    hintsAfterField(f, out.code.size() > bodies);
  }
  if (usesDataIndex_) out.dataCount = static_cast<uint32_t>(out.datas.size());
  // Names of the other index spaces, for the extended name section.
  static constexpr std::pair<Space, uint8_t> kSubsections[] = {
      {Space::Type, 4}, {Space::Table, 5}, {Space::Memory, 6}, {Space::Global, 7},
      {Space::Elem, 8}, {Space::Data, 9},  {Space::Tag, 11}};
  for (auto [space, id] : kSubsections)
    for (const auto& [name, index] : names_[static_cast<size_t>(space)])
      out.names.others[id][index] = name;
  if (!applyAnnotations(fields)) return false;
  return finishBranchHints();
}

Result<spec::Module> parseModule(std::string_view text, const std::string& fileName) {
  auto ts = tokenize(text, fileName);
  if (!ts) return std::move(ts).error();
  spec::Module m;
  ModuleParser p(*ts, 0, ts->tokens.size() - 1, fileName);
  if (!p.parse(m, nullptr)) return p.error();
  return m;
}

Result<spec::Module> parseModuleAt(const TokenStream& tokens, size_t begin, size_t& end,
                                   const std::string& fileName, std::string* idOut) {
  spec::Module m;
  // The module form ends at the RParen matching tokens[begin].
  size_t depth = 0, i = begin;
  for (; i < tokens.tokens.size(); ++i) {
    TokenKind k = tokens.tokens[i].kind;
    if (k == TokenKind::LParen) ++depth;
    if (k == TokenKind::RParen && --depth == 0) break;
    if (k == TokenKind::Eof) break;
  }
  end = i + 1;
  if (i >= tokens.tokens.size() || tokens.tokens[i].kind != TokenKind::RParen) {
    Error e(ErrorKind::Malformed, "unexpected end");
    e.file = fileName;
    e.line = tokens.tokens.back().line;
    e.column = tokens.tokens.back().column;
    end = tokens.tokens.size() - 1;
    return e;
  }
  ModuleParser p(tokens, begin, end, fileName);
  if (!p.parse(m, idOut)) return p.error();
  return m;
}

}  // namespace witt::text
