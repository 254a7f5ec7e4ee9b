// Numeric and string literals of the text format
// (https://webassembly.github.io/spec/core/text/values.html).
//
// Integers: decimal or `0x` hexadecimal digits with single `_` separators and
// an optional sign. Floats additionally: fractions, exponents (`e` decimal,
// `p` binary for hex), `inf`, `nan` and `nan:0x...` payloads. Decimal and hex
// floats are rounded to nearest-even by the C library (strtof/strtod are
// correctly rounded); a value that rounds to infinity is out of range.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace witt::text {

enum class LitStatus : uint8_t {
  Ok,
  Syntax,  // not a literal of the expected form
  Range,   // well formed but out of range ("constant out of range")
};

// An unsigned integer without sign (`nat`): u32 or u64 range per `max`.
LitStatus parseNat(std::string_view s, uint64_t max, uint64_t& out);

// An integer literal for an N-bit integer (N = 8, 16, 32, 64): accepts the
// signed range [-2^(N-1), 2^(N-1)) and the unsigned range [0, 2^N); `out` is
// the N-bit two's complement pattern (zero-extended).
LitStatus parseIntBits(std::string_view s, unsigned bits, uint64_t& out);

// Float literals to their IEEE bit patterns. Integers are accepted too.
LitStatus parseF32(std::string_view s, uint32_t& bits);
LitStatus parseF64(std::string_view s, uint64_t& bits);

// Decodes the body of a string literal (between the quotes) with escapes
// \t \n \r \" \' \\ \hh \u{hex}. Returns false with a message on error.
bool decodeString(std::string_view body, std::string& out, std::string& error);

}  // namespace witt::text
