#include "text/script.h"

#include <cstring>

#include "text/lexer.h"
#include "text/literals.h"
#include "text/parser.h"

namespace witt::text {
namespace {

class ScriptParser {
 public:
  ScriptParser(std::string_view src, const TokenStream& ts, const std::string& file)
      : src_(src), ts_(ts), t_(ts.tokens), file_(file) {}

  Result<Script> run() {
    Script s;
    s.file = file_;
    if (isModuleField(peek(1)) && peek().kind == TokenKind::LParen) {
      // A script that is just module fields is one module (the reference
      // interpreter's inline module).
      ScriptCommand c;
      c.kind = ScriptCommand::Kind::Module;
      c.line = peek().line;
      c.module = std::make_shared<ScriptModule>();
      c.module->line = c.line;
      auto r = parseModule(src_, file_);
      if (r)
        c.module->parsed = std::move(r).value();
      else
        c.module->parseError = std::move(r).error();
      c.text = spelling(0, std::min<size_t>(t_.size() - 1, 8));
      s.commands.push_back(std::move(c));
      return s;
    }
    while (peek().kind != TokenKind::Eof) {
      ScriptCommand c;
      if (!command(c)) return err_;
      s.commands.push_back(std::move(c));
    }
    return s;
  }

 private:
  const Token& peek(size_t k = 0) const {
    size_t i = pos_ + k;
    return i < t_.size() ? t_[i] : t_.back();
  }
  const Token& advance() {
    const Token& t = peek();
    if (pos_ < t_.size() - 1) ++pos_;
    return t;
  }
  bool atGroup(std::string_view kw, size_t k = 0) const {
    return peek(k).kind == TokenKind::LParen && peek(k + 1).isKeyword(kw);
  }

  bool failAt(const Token& t, std::string msg) {
    err_ = Error(ErrorKind::Malformed, std::move(msg));
    err_.file = file_;
    err_.line = t.line;
    err_.column = t.column;
    return false;
  }
  bool unexpected() {
    return failAt(peek(), peek().kind == TokenKind::Eof ? "unexpected end" : "unexpected token");
  }
  bool expect(TokenKind k) {
    if (peek().kind != k) return unexpected();
    advance();
    return true;
  }

  // Index after the group that starts at the LParen at pos_.
  size_t groupEnd(size_t from) const {
    size_t depth = 0;
    for (size_t i = from; i < t_.size(); ++i) {
      if (t_[i].kind == TokenKind::LParen) ++depth;
      if (t_[i].kind == TokenKind::RParen && --depth == 0) return i + 1;
      if (t_[i].kind == TokenKind::Eof) return i;
    }
    return t_.size() - 1;
  }

  // The source text of tokens [from, to), whitespace collapsed, shortened.
  std::string spelling(size_t from, size_t to) const {
    if (from >= to || to > t_.size()) return {};
    size_t a = t_[from].offset;
    size_t b = t_[to - 1].offset + t_[to - 1].text.size();
    std::string out;
    bool space = false;
    for (size_t i = a; i < b && i < src_.size(); ++i) {
      char c = src_[i];
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        space = true;
        continue;
      }
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
      if (out.size() > 100) {
        out += " ...";
        break;
      }
    }
    return out;
  }

  static bool isModuleField(const Token& t) {
    static constexpr std::string_view kFields[] = {"type",   "rec",    "import", "func",
                                                   "table",  "memory", "global", "tag",
                                                   "export", "start",  "elem",   "data"};
    for (auto f : kFields)
      if (t.isKeyword(f)) return true;
    return false;
  }

  bool strings(std::string& out) {
    while (peek().kind == TokenKind::String) out += advance().value;
    return true;
  }

  // (module definition? $id? (binary|quote)? ...) | (module instance $I? $M)
  bool module(std::shared_ptr<ScriptModule>& out, ScriptCommand* cmd) {
    size_t begin = pos_;
    size_t end = groupEnd(begin);
    auto m = std::make_shared<ScriptModule>();
    m->line = peek().line;
    size_t k = 2;
    if (peek(k).isKeyword("instance")) {
      if (!cmd) return failAt(peek(k), "unexpected token");
      pos_ += 3;
      std::vector<std::string> ids;
      while (peek().kind == TokenKind::Id) ids.push_back(advance().value);
      if (ids.empty() || ids.size() > 2) return unexpected();
      cmd->kind = ScriptCommand::Kind::ModuleInstance;
      cmd->moduleId = ids.back();
      if (ids.size() == 2) cmd->name = ids[0];
      return expect(TokenKind::RParen);
    }
    if (peek(k).isKeyword("definition")) {
      m->isDefinition = true;
      ++k;
    }
    if (peek(k).kind == TokenKind::Id) {
      m->id = peek(k).value;
      ++k;
    }
    if (!m->isDefinition && peek(k).isKeyword("definition")) {
      m->isDefinition = true;
      ++k;
    }
    if (peek(k).isKeyword("binary") || peek(k).isKeyword("quote")) {
      bool binary = peek(k).isKeyword("binary");
      pos_ += k + 1;
      std::string s;
      strings(s);
      if (!expect(TokenKind::RParen)) return false;
      if (binary) {
        m->form = ScriptModule::Form::Binary;
        m->binary.assign(s.begin(), s.end());
      } else {
        m->form = ScriptModule::Form::Quote;
        m->quote = std::move(s);
        auto r = parseModule(m->quote, file_);
        if (r) {
          m->parsed = std::move(r).value();
        } else {
          Error e = std::move(r).error();
          // Positions inside the quoted text mean little in the script: point
          // at the module instead, keeping the message.
          e.line = m->line;
          e.column = t_[begin].column;
          m->parseError = std::move(e);
        }
      }
      out = m;
      return true;
    }
    // A text module: parse it with the module parser, skipping `definition`.
    m->form = ScriptModule::Form::Text;
    size_t after = 0;
    std::string id;
    if (m->isDefinition) {
      // The module parser does not know `definition`: hand it a copy of the
      // tokens without that keyword.
      TokenStream copy;
      copy.tokens.assign(t_.begin() + static_cast<long>(begin),
                         t_.begin() + static_cast<long>(end));
      for (size_t i = 0; i < copy.tokens.size(); ++i)
        if (copy.tokens[i].isKeyword("definition") && i <= 3) {
          copy.tokens.erase(copy.tokens.begin() + static_cast<long>(i));
          break;
        }
      Token eof;
      eof.kind = TokenKind::Eof;
      copy.tokens.push_back(eof);
      auto r = parseModuleAt(copy, 0, after, file_, &id);
      if (r)
        m->parsed = std::move(r).value();
      else
        m->parseError = std::move(r).error();
    } else {
      auto r = parseModuleAt(ts_, begin, after, file_, &id);
      if (r)
        m->parsed = std::move(r).value();
      else
        m->parseError = std::move(r).error();
    }
    pos_ = end;
    out = m;
    return true;
  }

  // (invoke $id? "name" const*) | (get $id? "name")
  bool action(ScriptAction& a) {
    if (!expect(TokenKind::LParen)) return false;
    if (peek().isKeyword("invoke")) {
      a.kind = ScriptAction::Kind::Invoke;
    } else if (peek().isKeyword("get")) {
      a.kind = ScriptAction::Kind::Get;
    } else {
      return unexpected();
    }
    advance();
    if (peek().kind == TokenKind::Id) a.moduleId = advance().value;
    if (peek().kind != TokenKind::String) return unexpected();
    a.name = advance().value;
    while (peek().kind == TokenKind::LParen) {
      ExpectedValue v;
      if (!constant(v, /*result=*/false)) return false;
      if (v.kind == ExpectedValue::Kind::Exact)
        a.args.push_back(v.value);
      else
        a.unsupportedArg = true;
    }
    return expect(TokenKind::RParen);
  }

  bool number(ValType type, const Token& t, uint64_t& bits) {
    LitStatus st = LitStatus::Syntax;
    switch (type.kind) {
      case ValType::I32: st = parseIntBits(t.text, 32, bits); break;
      case ValType::I64: st = parseIntBits(t.text, 64, bits); break;
      case ValType::F32: {
        uint32_t b = 0;
        st = parseF32(t.text, b);
        bits = b;
        break;
      }
      case ValType::F64: st = parseF64(t.text, bits); break;
      default: break;
    }
    if (st == LitStatus::Range) return failAt(t, "constant out of range");
    if (st != LitStatus::Ok) return failAt(t, "unexpected token");
    return true;
  }

  static bool heapFromKeyword(std::string_view k, HeapType& h) {
    static constexpr std::pair<std::string_view, AbsHeap> kHeaps[] = {
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
        {"noexn", AbsHeap::NoExn}};
    for (const auto& [name, abs] : kHeaps)
      if (k == name) {
        h = HeapType(abs);
        return true;
      }
    return false;
  }

  // A constant argument or an expected result.
  bool constant(ExpectedValue& v, bool result) {
    size_t begin = pos_;
    if (!expect(TokenKind::LParen)) return false;
    const Token& head = peek();
    if (head.kind != TokenKind::Keyword) return unexpected();
    std::string_view k = head.text;
    advance();
    using K = ExpectedValue::Kind;
    if (k == "i32.const" || k == "i64.const" || k == "f32.const" || k == "f64.const") {
      ValType type = k[0] == 'i' ? (k[1] == '3' ? ValType::I32 : ValType::I64)
                                 : (k[1] == '3' ? ValType::F32 : ValType::F64);
      const Token& t = peek();
      if (result && (t.isKeyword("nan:canonical") || t.isKeyword("nan:arithmetic"))) {
        v.kind = t.isKeyword("nan:canonical") ? K::CanonicalNan : K::ArithmeticNan;
        v.value.type = type;
        advance();
      } else {
        uint64_t bits = 0;
        if (!number(type, t, bits)) return false;
        advance();
        v.kind = K::Exact;
        switch (type.kind) {
          case ValType::I32: v.value = Value::fromI32(static_cast<uint32_t>(bits)); break;
          case ValType::I64: v.value = Value::fromI64(bits); break;
          case ValType::F32: v.value = Value::fromF32Bits(static_cast<uint32_t>(bits)); break;
          default: v.value = Value::fromF64Bits(bits); break;
        }
      }
    } else if (k == "v128.const") {
      if (!v128(v, result)) return false;
    } else if (k == "ref.null") {
      v.kind = K::RefNull;
      HeapType h(AbsHeap::Func);
      if (peek().kind == TokenKind::Keyword) {
        if (!heapFromKeyword(peek().text, h)) return unexpected();
        advance();
      } else if (peek().kind == TokenKind::Number || peek().kind == TokenKind::Id) {
        advance();  // a concrete type: a null funcref as far as the embedder sees
      }
      if (h.isAbstract() && (h.abstract() == AbsHeap::Extern || h.abstract() == AbsHeap::NoExtern))
        v.value = Value::nullRef(ValType::externref());
      else if (h.isAbstract() && (h.abstract() == AbsHeap::Exn || h.abstract() == AbsHeap::NoExn))
        v.value = Value::nullRef(ValType::exnref());
      else if (h.isAbstract() && h.abstract() != AbsHeap::Func && h.abstract() != AbsHeap::NoFunc)
        v.value = Value::nullRef(ValType::ref(h, true));
      else
        v.value = Value::nullRef(ValType::funcref());
      if (!result) v.kind = K::Exact;
    } else if (k == "ref.extern" || k == "ref.host") {
      v.kind = k == "ref.extern" ? K::RefExtern : K::RefHost;
      if (peek().kind == TokenKind::Number) {
        uint64_t n = 0;
        if (parseNat(peek().text, UINT64_MAX - 1, n) != LitStatus::Ok) return unexpected();
        advance();
        v.hostValue = n;
        v.value = Value::externref(n);
        if (!result && k == "ref.extern") v.kind = K::Exact;
      } else if (!result) {
        return unexpected();
      }
    } else if (k == "ref.func" && result) {
      v.kind = K::RefFunc;
      if (peek().kind != TokenKind::RParen) advance();  // (ref.func $f): any non-null funcref
    } else if (k == "ref.exn" && result) {
      v.kind = K::RefExn;
    } else if (k == "either" && result) {
      // Nested `either`s mean nothing more than one; bound the recursion.
      if (++eitherDepth_ > 100) return failAt(head, "nesting too deep");
      v.kind = K::Either;
      while (peek().kind == TokenKind::LParen) {
        ExpectedValue alt;
        if (!constant(alt, true)) return false;
        v.alternatives.push_back(std::move(alt));
      }
      --eitherDepth_;
    } else if (k.starts_with("ref.")) {
      // (ref.any), (ref.eq), (ref.i31 N), (ref.struct), (ref.array), ...: GC values.
      v.kind = K::Unsupported;
      while (peek().kind != TokenKind::RParen && peek().kind != TokenKind::Eof) advance();
    } else {
      return failAt(head, "unexpected token");
    }
    if (!expect(TokenKind::RParen)) return false;
    v.text = spelling(begin, pos_);
    return true;
  }

  bool v128(ExpectedValue& v, bool result) {
    const Token& shape = peek();
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
    V128 bytes;
    bool patterns = false;
    v.shape = std::string(s->name);
    for (unsigned i = 0; i < s->lanes; ++i) {
      const Token& t = peek();
      uint64_t bits = 0;
      uint8_t pattern = 0;
      if (result && s->isFloat && (t.isKeyword("nan:canonical") || t.isKeyword("nan:arithmetic"))) {
        pattern = t.isKeyword("nan:canonical") ? 1 : 2;
        patterns = true;
      } else {
        LitStatus st;
        if (s->isFloat && s->bits == 32) {
          uint32_t b = 0;
          st = parseF32(t.text, b);
          bits = b;
        } else if (s->isFloat) {
          st = parseF64(t.text, bits);
        } else {
          st = parseIntBits(t.text, s->bits, bits);
        }
        if (st != LitStatus::Ok) return failAt(t, "unexpected token");
      }
      advance();
      unsigned width = s->bits / 8;
      for (unsigned b = 0; b < width; ++b)
        bytes.bytes[i * width + b] = static_cast<uint8_t>(bits >> (8 * b));
      v.lanePattern.push_back(pattern);
      v.laneBits.push_back(bits);
    }
    v.value = Value::fromV128(bytes);
    v.kind = patterns || result ? ExpectedValue::Kind::V128 : ExpectedValue::Kind::Exact;
    if (!result) v.kind = ExpectedValue::Kind::Exact;
    return true;
  }

  bool command(ScriptCommand& c) {
    size_t begin = pos_;
    c.line = peek().line;
    if (peek().kind != TokenKind::LParen || peek(1).kind != TokenKind::Keyword) return unexpected();
    std::string_view k = peek(1).text;
    using K = ScriptCommand::Kind;
    if (k == "module") {
      c.kind = K::Module;
      if (!module(c.module, &c)) return false;
    } else if (k == "register") {
      pos_ += 2;
      c.kind = K::Register;
      if (peek().kind != TokenKind::String) return unexpected();
      c.name = advance().value;
      if (peek().kind == TokenKind::Id) c.moduleId = advance().value;
      if (!expect(TokenKind::RParen)) return false;
    } else if (k == "invoke" || k == "get") {
      c.kind = K::Action;
      c.action.emplace();
      if (!action(*c.action)) return false;
    } else if (k == "assert_return") {
      pos_ += 2;
      c.kind = K::AssertReturn;
      c.action.emplace();
      if (!action(*c.action)) return false;
      while (peek().kind == TokenKind::LParen) {
        ExpectedValue v;
        if (!constant(v, true)) return false;
        c.expected.push_back(std::move(v));
      }
      if (!expect(TokenKind::RParen)) return false;
    } else if (k == "assert_trap" || k == "assert_exhaustion" || k == "assert_exception") {
      pos_ += 2;
      c.kind = k == "assert_trap"         ? K::AssertTrap
               : k == "assert_exhaustion" ? K::AssertExhaustion
                                          : K::AssertException;
      if (atGroup("module")) {
        if (!module(c.module, nullptr)) return false;
      } else {
        c.action.emplace();
        if (!action(*c.action)) return false;
      }
      if (peek().kind == TokenKind::String) c.message = advance().value;
      if (!expect(TokenKind::RParen)) return false;
    } else if (k == "assert_invalid" || k == "assert_malformed" || k == "assert_unlinkable" ||
               k == "assert_uninstantiable" || k == "assert_malformed_custom" ||
               k == "assert_invalid_custom") {
      pos_ += 2;
      c.kind = k == "assert_invalid"            ? K::AssertInvalid
               : k == "assert_malformed"        ? K::AssertMalformed
               : k == "assert_unlinkable"       ? K::AssertUnlinkable
               : k == "assert_uninstantiable"   ? K::AssertUninstantiable
               : k == "assert_malformed_custom" ? K::AssertMalformedCustom
                                                : K::AssertInvalidCustom;
      if (!atGroup("module")) return unexpected();
      if (!module(c.module, nullptr)) return false;
      if (peek().kind == TokenKind::String) c.message = advance().value;
      if (!expect(TokenKind::RParen)) return false;
    } else {
      // thread, wait, either at top level, meta commands (script, input, output):
      // not run by witt; skipped and counted as such.
      c.kind = K::Unsupported;
      pos_ = groupEnd(pos_);
    }
    c.text = spelling(begin, pos_);
    return true;
  }

  std::string_view src_;
  const TokenStream& ts_;
  const std::vector<Token>& t_;
  const std::string& file_;
  size_t pos_ = 0;
  unsigned eitherDepth_ = 0;
  Error err_;
};

}  // namespace

Result<Script> parseScript(std::string_view text, const std::string& fileName) {
  auto ts = tokenize(text, fileName);
  if (!ts) return std::move(ts).error();
  return ScriptParser(text, *ts, fileName).run();
}

}  // namespace witt::text
