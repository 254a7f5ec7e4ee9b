#include "text/literals.h"

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "text/lexer.h"

namespace witt::text {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Digits with single `_` separators between digits: num / hexnum.
LitStatus parseDigits(std::string_view s, unsigned base, uint64_t& out) {
  if (s.empty()) return LitStatus::Syntax;
  uint64_t v = 0;
  bool overflow = false;
  bool lastDigit = false;
  for (char c : s) {
    if (c == '_') {
      if (!lastDigit) return LitStatus::Syntax;
      lastDigit = false;
      continue;
    }
    int d = hexValue(c);
    if (d < 0 || static_cast<unsigned>(d) >= base) return LitStatus::Syntax;
    if (v > (UINT64_MAX - static_cast<unsigned>(d)) / base) overflow = true;
    v = v * base + static_cast<unsigned>(d);
    lastDigit = true;
  }
  if (!lastDigit) return LitStatus::Syntax;
  out = v;
  return overflow ? LitStatus::Range : LitStatus::Ok;
}

LitStatus parseUnsignedBody(std::string_view s, uint64_t& out) {
  if (s.size() >= 2 && s[0] == '0' && s[1] == 'x') return parseDigits(s.substr(2), 16, out);
  return parseDigits(s, 10, out);
}

std::string withoutUnderscores(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  for (char c : s)
    if (c != '_') r += c;
  return r;
}

// Float literal parsing shared by f32 and f64. `payloadBits` is the width of
// the significand (23 or 52).
template <class Float, class Bits>
LitStatus parseFloat(std::string_view s, Bits& bits) {
  constexpr unsigned kSigBits = sizeof(Bits) == 4 ? 23 : 52;
  constexpr Bits kSignBit = Bits{1} << (sizeof(Bits) * 8 - 1);
  constexpr Bits kExpMask =
      static_cast<Bits>(sizeof(Bits) == 4 ? 0x7F800000ull : 0x7FF0000000000000ull);
  constexpr Bits kQuiet = Bits{1} << (kSigBits - 1);

  bool neg = false;
  std::string_view body = s;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  Bits sign = neg ? kSignBit : 0;
  if (body == "inf") {
    bits = sign | kExpMask;
    return LitStatus::Ok;
  }
  if (body == "nan") {
    bits = sign | kExpMask | kQuiet;
    return LitStatus::Ok;
  }
  if (body.starts_with("nan:")) {
    std::string_view p = body.substr(4);
    if (!p.starts_with("0x")) return LitStatus::Syntax;
    uint64_t payload = 0;
    LitStatus st = parseDigits(p.substr(2), 16, payload);
    if (st == LitStatus::Syntax) return st;
    if (st == LitStatus::Range || payload == 0 || payload >= (uint64_t{1} << kSigBits))
      return LitStatus::Range;
    bits = sign | kExpMask | static_cast<Bits>(payload);
    return LitStatus::Ok;
  }
  if (!isNumberText(s)) return LitStatus::Syntax;
  std::string clean = withoutUnderscores(s);
  errno = 0;
  char* end = nullptr;
  Float v;
  if constexpr (sizeof(Bits) == 4)
    v = std::strtof(clean.c_str(), &end);
  else
    v = std::strtod(clean.c_str(), &end);
  if (end != clean.c_str() + clean.size()) return LitStatus::Syntax;
  if (std::isinf(v)) return LitStatus::Range;
  bits = std::bit_cast<Bits>(v);
  return LitStatus::Ok;
}

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

LitStatus parseNat(std::string_view s, uint64_t max, uint64_t& out) {
  if (s.empty() || s[0] == '+' || s[0] == '-') return LitStatus::Syntax;
  uint64_t v = 0;
  LitStatus st = parseUnsignedBody(s, v);
  if (st != LitStatus::Ok) return st;
  if (v > max) return LitStatus::Range;
  out = v;
  return LitStatus::Ok;
}

LitStatus parseIntBits(std::string_view s, unsigned bits, uint64_t& out) {
  char sign = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0];
    s.remove_prefix(1);
  }
  uint64_t mag = 0;
  LitStatus st = parseUnsignedBody(s, mag);
  if (st != LitStatus::Ok) return st;
  uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  uint64_t half = uint64_t{1} << (bits - 1);
  // uN: no sign, [0, 2^N); sN: '+' n with n < 2^(N-1), '-' n with n <= 2^(N-1).
  if (sign == '-') {
    if (mag > half) return LitStatus::Range;
    out = (~mag + 1) & mask;
    return LitStatus::Ok;
  }
  if (sign == '+' ? mag >= half : mag > mask) return LitStatus::Range;
  out = mag;
  return LitStatus::Ok;
}

LitStatus parseF32(std::string_view s, uint32_t& bits) { return parseFloat<float>(s, bits); }
LitStatus parseF64(std::string_view s, uint64_t& bits) { return parseFloat<double>(s, bits); }

bool decodeString(std::string_view body, std::string& out, std::string& error) {
  out.clear();
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= body.size()) {
      error = "illegal escape";
      return false;
    }
    char e = body[i];
    switch (e) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      case '\\': out += '\\'; break;
      case 'u': {
        // \u{hexnum}: a Unicode scalar value, written as UTF-8.
        if (i + 1 >= body.size() || body[i + 1] != '{') {
          error = "illegal escape";
          return false;
        }
        size_t close = body.find('}', i + 2);
        if (close == std::string_view::npos) {
          error = "illegal escape";
          return false;
        }
        uint64_t cp = 0;
        LitStatus st = parseDigits(body.substr(i + 2, close - i - 2), 16, cp);
        if (st != LitStatus::Ok || cp >= 0x110000 || (cp >= 0xD800 && cp < 0xE000)) {
          error = "illegal escape";
          return false;
        }
        appendUtf8(out, static_cast<uint32_t>(cp));
        i = close;
        break;
      }
      default: {
        int hi = hexValue(e);
        int lo = i + 1 < body.size() ? hexValue(body[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
          error = "illegal escape";
          return false;
        }
        out += static_cast<char>(hi * 16 + lo);
        ++i;
        break;
      }
    }
  }
  return true;
}

}  // namespace witt::text
