// Strings, identifiers and numbers as the printer writes them; each reads
// back (text/lexer.h, text/literals.h) to exactly the same bytes or bits.
#include <bit>
#include <charconv>
#include <cstdio>

#include "base/utf8.h"
#include "text/lexer.h"
#include "text/printer.h"

namespace witt::text {
namespace {

// The length of the valid UTF-8 sequence starting at s[i], 0 if none.
size_t utf8SequenceAt(std::string_view s, size_t i) {
  uint8_t b = static_cast<uint8_t>(s[i]);
  size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  return isValidUtf8(s.substr(i, n)) ? n : 0;
}

template <class Float, class Bits>
std::string formatFloat(Bits bits) {
  constexpr unsigned kSigBits = sizeof(Bits) == 4 ? 23 : 52;
  constexpr unsigned kExpBits = sizeof(Bits) == 4 ? 8 : 11;
  constexpr Bits kSigMask = (Bits{1} << kSigBits) - 1;
  constexpr Bits kExpMask = ((Bits{1} << kExpBits) - 1) << kSigBits;
  constexpr Bits kSignBit = Bits{1} << (sizeof(Bits) * 8 - 1);
  std::string sign = (bits & kSignBit) ? "-" : "";
  if ((bits & kExpMask) == kExpMask) {
    Bits payload = bits & kSigMask;
    if (payload == 0) return sign + "inf";
    if (payload == (Bits{1} << (kSigBits - 1))) return sign + "nan";
    char buf[32];
    std::snprintf(buf, sizeof buf, "nan:0x%llx", static_cast<unsigned long long>(payload));
    return sign + buf;
  }
  // The shortest decimal that reads back to the same value (the parser rounds
  // with strtof / strtod, which are correctly rounded).
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, std::bit_cast<Float>(bits));
  return std::string(buf, r.ptr);
}

}  // namespace

std::string quoteString(std::string_view s, bool utf8) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    uint8_t c = static_cast<uint8_t>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else if (size_t n = (utf8 && c >= 0x80) ? utf8SequenceAt(s, i) : 0; n > 0) {
      out.append(s.substr(i, n));
      i += n - 1;
    } else {
      out += '\\';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  out += '"';
  return out;
}

std::string identifier(std::string_view name) {
  bool plain = !name.empty();
  for (char c : name) plain = plain && isIdChar(c);
  return plain ? "$" + std::string(name) : "$" + quoteString(name, true);
}

std::string formatF32(uint32_t bits) { return formatFloat<float>(bits); }
std::string formatF64(uint64_t bits) { return formatFloat<double>(bits); }

}  // namespace witt::text
