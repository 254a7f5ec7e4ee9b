// A small strict JSON parser (RFC 8259) for checking that the profile
// reports parse and for reading numbers back out of them exactly (integers
// are kept as text, so 64-bit counts do not go through a double).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace witt::test::json {

struct Member;

struct Value {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool boolean = false;
  std::string text;  // Number: as written; String: decoded
  std::vector<Value> items;
  std::vector<Member> members;  // an object's, in order

  // Defined below, where Value and Member are complete.
  bool has(std::string_view key) const;
  const Value& operator[](std::string_view key) const;
  const Value& operator[](size_t i) const;
  size_t size() const;
  uint64_t u64() const { return std::strtoull(text.c_str(), nullptr, 10); }
  double number() const { return std::strtod(text.c_str(), nullptr); }
};

// A member of an object (not std::pair: clang with libstdc++ rejects a pair
// holding the Value being defined).
struct Member {
  std::string key;
  Value value;
};

inline bool Value::has(std::string_view key) const {
  for (const auto& [k, v] : members)
    if (k == key) return true;
  return false;
}
inline const Value& Value::operator[](std::string_view key) const {
  static const Value kMissing;
  for (const auto& [k, v] : members)
    if (k == key) return v;
  return kMissing;
}
inline const Value& Value::operator[](size_t i) const { return items.at(i); }
inline size_t Value::size() const { return kind == Array ? items.size() : members.size(); }

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  // The document, or false with error() saying where it failed.
  bool parse(Value& out) {
    skipSpace();
    if (!value(out, 0)) return false;
    skipSpace();
    if (pos_ != s_.size()) return fail("text after the document");
    return true;
  }
  const std::string& error() const { return error_; }

 private:
  bool fail(const std::string& what) {
    if (error_.empty()) error_ = what + " at offset " + std::to_string(pos_);
    return false;
  }
  void skipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t'))
      ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return fail("bad literal");
    pos_ += word.size();
    return true;
  }
  bool value(Value& v, int depth) {
    if (depth > 200) return fail("nesting too deep");
    if (pos_ >= s_.size()) return fail("unexpected end");
    char c = s_[pos_];
    if (c == '{') return object(v, depth);
    if (c == '[') return array(v, depth);
    if (c == '"') {
      v.kind = Value::String;
      return string(v.text);
    }
    if (c == 't' || c == 'f') {
      v.kind = Value::Bool;
      v.boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') {
      v.kind = Value::Null;
      return literal("null");
    }
    return number(v);
  }
  bool number(Value& v) {
    size_t start = pos_;
    auto digits = [&] {
      size_t d = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ > d;
    };
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '0')
      ++pos_;
    else if (!digits())
      return fail("bad number");
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digits()) return fail("bad fraction");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) return fail("bad exponent");
    }
    v.kind = Value::Number;
    v.text = std::string(s_.substr(start, pos_ - start));
    return true;
  }
  bool string(std::string& out) {
    ++pos_;  // the quote
    while (pos_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[pos_++]);
      if (c == '"') return true;
      if (c < 0x20) return fail("control character in a string");
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (pos_ >= s_.size()) break;
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          if (pos_ + 4 > s_.size()) return fail("short \\u escape");
          unsigned cp = static_cast<unsigned>(
              std::strtoul(std::string(s_.substr(pos_, 4)).c_str(), nullptr, 16));
          pos_ += 4;
          out += cp < 0x80 ? static_cast<char>(cp) : '?';  // enough for checking
          break;
        }
        default: return fail("bad escape");
      }
    }
    return fail("unterminated string");
  }
  bool array(Value& v, int depth) {
    v.kind = Value::Array;
    ++pos_;
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      Value item;
      skipSpace();
      if (!value(item, depth + 1)) return false;
      v.items.push_back(std::move(item));
      skipSpace();
      if (pos_ >= s_.size()) return fail("unterminated array");
      if (s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      if (s_[pos_++] != ',') return fail("expected , or ]");
    }
  }
  bool object(Value& v, int depth) {
    v.kind = Value::Object;
    ++pos_;
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return fail("expected a member name");
      std::string key;
      if (!string(key)) return false;
      skipSpace();
      if (pos_ >= s_.size() || s_[pos_++] != ':') return fail("expected :");
      skipSpace();
      Value item;
      if (!value(item, depth + 1)) return false;
      v.members.push_back(Member{std::move(key), std::move(item)});
      skipSpace();
      if (pos_ >= s_.size()) return fail("unterminated object");
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      if (s_[pos_++] != ',') return fail("expected , or }");
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace witt::test::json
