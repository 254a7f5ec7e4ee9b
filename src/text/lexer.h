// The lexer of the text format (spec 6.2,
// https://webassembly.github.io/spec/core/text/lexical.html).
//
// The source is cut into tokens: parentheses, keywords, numbers, identifiers
// and strings. A token is a maximal run of identifier characters and strings;
// a run that is none of the token classes is "reserved" and rejected with the
// testsuite's "unknown operator". Whitespace, line comments `;; ...`, nested
// block comments `(; ... ;)` and annotations `(@id ...)` separate tokens.
// Annotations are removed from the token stream; those the parser may use
// (`@custom`, `@name`, `@metadata.code.branch_hint`) are kept aside with their
// position.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "witt/result.h"

namespace witt::text {

enum class TokenKind : uint8_t {
  LParen,
  RParen,
  Keyword,   // starts with a lowercase letter: `module`, `i32.add`, `offset=4`, `inf`, `nan:0x1`
  Number,    // starts with a digit or a sign and follows the number grammar
  Id,        // `$name` or `$"quoted name"`; value() is the name without `$`
  String,    // value() holds the decoded bytes
  Reserved,  // only inside annotations
  Eof,
};

struct Token {
  TokenKind kind = TokenKind::Eof;
  uint32_t line = 0, column = 0;  // 1-based
  uint32_t offset = 0;            // byte offset of the first character
  std::string_view text;          // the source spelling
  std::string value;              // String: decoded bytes; Id: the name

  bool is(TokenKind k) const { return kind == k; }
  bool isKeyword(std::string_view k) const { return kind == TokenKind::Keyword && text == k; }
};

// An annotation the parser may interpret, with its tokens (without the
// enclosing `(@id` and `)`).
struct Annotation {
  std::string id;      // "custom", "name", "metadata.code.branch_hint"
  size_t beforeToken;  // index of the token that follows it in the stream
  uint32_t line = 0, column = 0;
  std::vector<Token> tokens;
};

struct TokenStream {
  std::vector<Token> tokens;  // always ends with an Eof token
  std::vector<Annotation> annotations;
};

// Tokenizes `source`; the tokens refer to it (it must outlive them). Errors
// are Malformed with the line and column of the offending character.
Result<TokenStream> tokenize(std::string_view source, const std::string& fileName = "");

// True if `c` may appear in keywords, numbers and identifiers (idchar).
bool isIdChar(char c);

// True if `s` follows the number grammar (integers and floats, with an
// optional sign, `_` separators, hex forms, `inf`, `nan`, `nan:0x...`).
bool isNumberText(std::string_view s);

}  // namespace witt::text
