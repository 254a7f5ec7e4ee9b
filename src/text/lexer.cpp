#include "text/lexer.h"

#include "text/parser.h"

#include "base/utf8.h"
#include "text/literals.h"

namespace witt::text {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHexDigit(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Scans num (or hexnum) at s[i]: digits with single underscores between
// digits. Returns the end, or npos if there is no valid digit sequence.
size_t scanDigits(std::string_view s, size_t i, bool hex) {
  size_t start = i;
  bool lastDigit = false;
  while (i < s.size()) {
    char c = s[i];
    if (hex ? isHexDigit(c) : isDigit(c)) {
      lastDigit = true;
    } else if (c == '_') {
      if (!lastDigit) return std::string_view::npos;
      lastDigit = false;
    } else {
      break;
    }
    ++i;
  }
  if (i == start || !lastDigit) return std::string_view::npos;
  return i;
}

// Bytes a UTF-8 sequence starting with `b` takes, 0 if `b` cannot start one.
size_t utf8Length(const std::string_view s, size_t i) {
  uint8_t b = static_cast<uint8_t>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  if (!isValidUtf8(reinterpret_cast<const uint8_t*>(s.data() + i), n)) return 0;
  return n;
}

class Lexer {
 public:
  Lexer(std::string_view src, const std::string& file) : src_(src), file_(file) {}

  Result<TokenStream> run() {
    TokenStream ts;
    // Levels a script adds around a module's own nesting (assert_*, module, func...).
    constexpr unsigned kScriptNesting = 64;
    unsigned depth = 0;
    while (true) {
      if (!skipSpace()) return err_;
      if (pos_ >= src_.size()) break;
      if (src_[pos_] == '(' && peek(1) == '@') {
        if (!annotation(ts)) return err_;
        continue;
      }
      Token t;
      if (!next(t, /*inAnnotation=*/false)) return err_;
      // Nesting deeper than the parser accepts is rejected here, before a
      // token stream of pathological size is built (a token takes about 80
      // bytes: a megabyte of '(' would need 80 MB).
      if (t.kind == TokenKind::LParen && ++depth > kMaxNesting + kScriptNesting) {
        fail("nesting too deep", t.line, t.column);
        return err_;
      }
      if (t.kind == TokenKind::RParen && depth) --depth;
      ts.tokens.push_back(std::move(t));
    }
    Token eof;
    eof.kind = TokenKind::Eof;
    eof.line = line_;
    eof.column = column();
    eof.offset = static_cast<uint32_t>(pos_);
    ts.tokens.push_back(std::move(eof));
    return ts;
  }

 private:
  char peek(size_t k) const { return pos_ + k < src_.size() ? src_[pos_ + k] : '\0'; }
  uint32_t column() const { return static_cast<uint32_t>(pos_ - lineStart_ + 1); }

  bool fail(std::string msg, uint32_t line, uint32_t col) {
    if (failed_) return false;
    failed_ = true;
    err_ = Error(ErrorKind::Malformed, std::move(msg));
    err_.line = line;
    err_.column = col;
    err_.file = file_;
    return false;
  }
  bool fail(std::string msg) { return fail(std::move(msg), line_, column()); }

  void newline() {
    ++line_;
    lineStart_ = pos_;
  }

  // Skips whitespace and comments. Returns false on an unclosed comment.
  bool skipSpace() {
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == ' ' || c == '\t') {
        ++pos_;
      } else if (c == '\r') {
        // newline ::= U+0A | U+0D | U+0D U+0A
        ++pos_;
        if (peek(0) != '\n') newline();
      } else if (c == '\n') {
        ++pos_;
        newline();
      } else if (c == ';' && peek(1) == ';') {
        while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r') {
          if (!commentChar()) return false;
        }
      } else if (c == '(' && peek(1) == ';') {
        if (!blockComment()) return false;
      } else {
        break;
      }
    }
    return true;
  }

  // Advances over one character of a comment, checking its UTF-8.
  bool commentChar() {
    if (static_cast<uint8_t>(src_[pos_]) < 0x80) {
      if (src_[pos_] == '\n') {
        ++pos_;
        newline();
      } else {
        ++pos_;
      }
      return true;
    }
    size_t n = utf8Length(src_, pos_);
    if (n == 0) return fail("malformed UTF-8 encoding");
    pos_ += n;
    return true;
  }

  // Block comments nest: (; a (; b ;) c ;)
  bool blockComment() {
    uint32_t line = line_, col = column();
    int depth = 0;
    while (pos_ < src_.size()) {
      if (src_[pos_] == '(' && peek(1) == ';') {
        ++depth;
        pos_ += 2;
      } else if (src_[pos_] == ';' && peek(1) == ')') {
        pos_ += 2;
        if (--depth == 0) return true;
      } else if (!commentChar()) {
        return false;
      }
    }
    return fail("unclosed comment", line, col);
  }

  // Whether the string literal starting at the quote at `at` is closed on its
  // line without control characters (a quick look ahead, no decoding).
  bool stringLexes(size_t at) const {
    for (size_t i = at + 1; i < src_.size(); ++i) {
      uint8_t b = static_cast<uint8_t>(src_[i]);
      if (src_[i] == '"') return true;
      if (src_[i] == '\\') {
        ++i;
        continue;
      }
      if (b < 0x20 || b == 0x7F) return false;
    }
    return false;
  }

  // Scans a string literal starting at the quote; leaves pos_ after the
  // closing quote and appends its decoded bytes to `out`.
  bool scanString(std::string& out) {
    uint32_t line = line_, col = column();
    size_t start = ++pos_;
    while (true) {
      if (pos_ >= src_.size()) return fail("unclosed string", line, col);
      char c = src_[pos_];
      if (c == '"') break;
      if (c == '\n') return fail("unclosed string", line, col);
      if (c == '\\') {
        pos_ += 2;  // escapes are checked by decodeString; \" must not end the string
        continue;
      }
      uint8_t b = static_cast<uint8_t>(c);
      if (b < 0x20 || b == 0x7F) return fail("illegal control character in string");
      if (b >= 0x80) {
        size_t n = utf8Length(src_, pos_);
        if (n == 0) return fail("malformed UTF-8 encoding");
        pos_ += n;
        continue;
      }
      ++pos_;
    }
    if (pos_ > src_.size()) return fail("unclosed string", line, col);
    std::string decoded, error;
    if (!decodeString(src_.substr(start, pos_ - start), decoded, error))
      return fail(error, line, col);
    ++pos_;
    out += decoded;
    return true;
  }

  // Reads one token at pos_ (not whitespace, comment or annotation start).
  bool next(Token& t, bool inAnnotation) {
    t.line = line_;
    t.column = column();
    t.offset = static_cast<uint32_t>(pos_);
    char c = src_[pos_];
    if (c == '(') {
      t.kind = TokenKind::LParen;
      t.text = src_.substr(pos_++, 1);
      return true;
    }
    if (c == ')') {
      t.kind = TokenKind::RParen;
      t.text = src_.substr(pos_++, 1);
      return true;
    }
    // A maximal run of idchars, strings and the reserved punctuation.
    size_t start = pos_;
    size_t strings = 0;
    bool firstIsString = c == '"';
    bool secondIsString = false;
    std::string decoded;
    while (pos_ < src_.size()) {
      char d = src_[pos_];
      if (d == '"') {
        if (pos_ == start + 1) secondIsString = true;
        // `$"..."` whose string does not lex names nothing: the reference
        // interpreter reports the identifier, not the string.
        if (secondIsString && src_[start] == '$' && !inAnnotation && !stringLexes(pos_))
          return fail("empty identifier", t.line, t.column);
        std::string s;
        if (!scanString(s)) return false;
        decoded += s;
        ++strings;
      } else if (isIdChar(d) || d == ',' || d == '[' || d == ']' || d == '{' || d == '}' ||
                 (d == ';' && peek(1) != ';')) {
        ++pos_;
      } else {
        break;
      }
    }
    if (pos_ == start) {
      uint8_t b = static_cast<uint8_t>(c);
      if (b >= 0x80 && utf8Length(src_, pos_) == 0) return fail("malformed UTF-8 encoding");
      return fail("illegal character");
    }
    t.text = src_.substr(start, pos_ - start);
    std::string_view text = t.text;
    if (firstIsString && strings == 1 && text.back() == '"' && text.size() >= 2) {
      t.kind = TokenKind::String;
      t.value = std::move(decoded);
      return true;
    }
    if (text[0] == '$') {
      if (text.size() == 1)
        return inAnnotation ? reserved(t) : fail("empty identifier", t.line, t.column);
      if (secondIsString && strings == 1 && text.back() == '"') {
        // $"name": any UTF-8 string but the empty one.
        if (decoded.empty())
          return inAnnotation ? reserved(t) : fail("empty identifier", t.line, t.column);
        if (!isValidUtf8(decoded)) return fail("malformed UTF-8 encoding", t.line, t.column);
        t.kind = TokenKind::Id;
        t.value = std::move(decoded);
        return true;
      }
      if (strings == 0 && allIdChars(text)) {
        t.kind = TokenKind::Id;
        t.value = std::string(text.substr(1));
        return true;
      }
    } else if (strings == 0 && allIdChars(text)) {
      if (text[0] >= 'a' && text[0] <= 'z') {
        t.kind = TokenKind::Keyword;
        return true;
      }
      if (isNumberText(text)) {
        t.kind = TokenKind::Number;
        return true;
      }
    }
    if (inAnnotation) return reserved(t);
    return fail("unknown operator", t.line, t.column);
  }

  static bool reserved(Token& t) {
    t.kind = TokenKind::Reserved;
    return true;
  }

  static bool allIdChars(std::string_view s) {
    for (char c : s)
      if (!isIdChar(c)) return false;
    return true;
  }

  // (@id ...): balanced tokens up to the matching parenthesis. Inside, `(@x`
  // is just a parenthesis and a reserved token.
  bool annotation(TokenStream& ts) {
    uint32_t line = line_, col = column();
    pos_ += 2;
    // The annotation id: idchars or a string, directly after `(@`.
    std::string id;
    size_t idStart = pos_;
    if (pos_ < src_.size() && src_[pos_] == '"') {
      if (!stringLexes(pos_)) return fail("empty annotation id", line, col);
      if (!scanString(id)) return false;
      if (!isValidUtf8(id)) return fail("malformed UTF-8 encoding", line, col);
    } else {
      while (pos_ < src_.size() && isIdChar(src_[pos_])) ++pos_;
      id = std::string(src_.substr(idStart, pos_ - idStart));
    }
    if (id.empty()) return fail("empty annotation id", line, col);
    Annotation a;
    a.id = id;
    a.beforeToken = ts.tokens.size();
    a.line = line;
    a.column = col;
    int depth = 1;
    while (true) {
      if (!skipSpace()) return false;
      if (pos_ >= src_.size()) return fail("unclosed annotation", line, col);
      Token t;
      if (!next(t, /*inAnnotation=*/true)) return false;
      if (t.kind == TokenKind::LParen) ++depth;
      if (t.kind == TokenKind::RParen && --depth == 0) break;
      a.tokens.push_back(std::move(t));
    }
    if (a.id == "custom" || a.id == "name" || a.id == "metadata.code.branch_hint")
      ts.annotations.push_back(std::move(a));
    return true;
  }

  std::string_view src_;
  const std::string& file_;
  size_t pos_ = 0;
  size_t lineStart_ = 0;
  uint32_t line_ = 1;
  bool failed_ = false;
  Error err_;
};

}  // namespace

bool isIdChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '/':
    case ':':
    case '<':
    case '=':
    case '>':
    case '?':
    case '@':
    case '\\':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~': return true;
    default: return false;
  }
}

bool isNumberText(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::string_view rest = s.substr(i);
  if (rest == "inf" || rest == "nan") return true;
  if (rest.starts_with("nan:0x")) return scanDigits(rest, 6, true) == rest.size();
  bool hex = rest.starts_with("0x");
  size_t p = hex ? 2 : 0;
  p = scanDigits(rest, p, hex);
  if (p == std::string_view::npos) return false;
  if (p < rest.size() && rest[p] == '.') {
    ++p;
    if (p < rest.size() && (hex ? isHexDigit(rest[p]) : isDigit(rest[p]))) {
      p = scanDigits(rest, p, hex);
      if (p == std::string_view::npos) return false;
    }
  }
  if (p < rest.size()) {
    char e = rest[p];
    if (hex ? (e == 'p' || e == 'P') : (e == 'e' || e == 'E')) {
      ++p;
      if (p < rest.size() && (rest[p] == '+' || rest[p] == '-')) ++p;
      p = scanDigits(rest, p, false);
      if (p == std::string_view::npos) return false;
    }
  }
  return p == rest.size();
}

Result<TokenStream> tokenize(std::string_view source, const std::string& fileName) {
  return Lexer(source, fileName).run();
}

}  // namespace witt::text
