// Every `(module binary ...)` of the spec testsuite through the decoder:
// modules that are not assert_malformed must decode, and assert_malformed ones
// must fail with a message starting with the expected one (the reference
// runner's rule), except the checked-in known differences below, each with its
// reason. The list may only shrink: an entry that no longer differs fails the
// test so that it gets removed.
//
// The .wast files are read with a small lexer of their own, so that this test
// depends on nothing but the decoder. Skipped when the shared testsuite is
// absent.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "binary/module_decoder.h"
#include "support/test_support.h"

namespace witt {
namespace {

struct Token {
  enum Kind { LParen, RParen, Atom, String } kind;
  std::string text;  // atom text, or the decoded bytes of a string
  int line;
};

// Appends the bytes of a WAT string literal's body (escapes decoded).
void decodeString(std::string_view s, std::string& out) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    char c = s[++i];
    if (std::isxdigit(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i, 2)), nullptr, 16));
      ++i;
    } else if (c == 'n') {
      out += '\n';
    } else if (c == 't') {
      out += '\t';
    } else if (c == 'r') {
      out += '\r';
    } else if (c == 'u') {  // \u{hex}: the code point in UTF-8
      size_t close = s.find('}', i);
      uint32_t cp = std::stoul(std::string(s.substr(i + 2, close - i - 2)), nullptr, 16);
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
      i = close;
    } else {
      out += c;  // an escaped quote, apostrophe or backslash
    }
  }
}

std::vector<Token> lex(const std::string& text) {
  std::vector<Token> tokens;
  int line = 1;
  size_t i = 0, n = text.size();
  while (i < n) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == ';' && i + 1 < n && text[i + 1] == ';') {
      while (i < n && text[i] != '\n') ++i;
    } else if (c == '(' && i + 1 < n && text[i + 1] == ';') {  // nested block comment
      int depth = 0;
      do {
        if (text.compare(i, 2, "(;") == 0) {
          ++depth;
          i += 2;
        } else if (text.compare(i, 2, ";)") == 0) {
          --depth;
          i += 2;
        } else {
          line += text[i] == '\n';
          ++i;
        }
      } while (depth > 0 && i < n);
    } else if (c == '(') {
      tokens.push_back({Token::LParen, "", line});
      ++i;
    } else if (c == ')') {
      tokens.push_back({Token::RParen, "", line});
      ++i;
    } else if (c == '"') {
      size_t j = i + 1;
      while (j < n && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      Token t{Token::String, "", line};
      decodeString(std::string_view(text).substr(i + 1, j - i - 1), t.text);
      tokens.push_back(std::move(t));
      i = j + 1;
    } else {
      size_t j = i;
      while (j < n && !std::isspace(static_cast<unsigned char>(text[j])) && text[j] != '(' &&
             text[j] != ')' && text[j] != '"' && text[j] != ';') {
        ++j;
      }
      tokens.push_back({Token::Atom, text.substr(i, j - i), line});
      i = j;
    }
  }
  return tokens;
}

struct BinaryModule {
  int line;               // of `(module`
  std::string assertion;  // "assert_malformed", ..., or "" at top level
  std::string bytes;
  std::string message;  // the assertion's expected message, if any
};

std::vector<BinaryModule> binaryModules(const std::vector<Token>& t) {
  std::vector<BinaryModule> out;
  std::vector<std::string> heads;  // the first atom of each open list
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].kind == Token::RParen) {
      if (!heads.empty()) heads.pop_back();
      continue;
    }
    if (t[i].kind != Token::LParen) continue;
    std::string head = i + 1 < t.size() && t[i + 1].kind == Token::Atom ? t[i + 1].text : "";
    if (head == "module") {
      size_t j = i + 2;
      if (j < t.size() && t[j].kind == Token::Atom && t[j].text == "definition") ++j;
      if (j < t.size() && t[j].kind == Token::Atom && t[j].text[0] == '$') ++j;
      if (j < t.size() && t[j].kind == Token::Atom && t[j].text == "binary") {
        BinaryModule m{t[i].line, heads.empty() ? "" : heads.back(), "", ""};
        for (++j; j < t.size() && t[j].kind == Token::String; ++j) m.bytes += t[j].text;
        if (j < t.size() && t[j].kind == Token::RParen && j + 1 < t.size() &&
            t[j + 1].kind == Token::String) {
          m.message = t[j + 1].text;
        }
        out.push_back(std::move(m));
      }
    }
    heads.push_back(head);
  }
  return out;
}

// file:line of a `(module binary` -> why witt's decoder differs from the
// reference interpreter there.
const std::map<std::string, std::string>& knownDifferences() {
  static const std::map<std::string, std::string> known = [] {
    const char* instructions =
        "malformed instruction in a function body: the validator reads instructions";
    const char* overrun =
        "an instruction LEB128 runs past its body's declared size: the reference reads on "
        "into the next bytes, witt stops at the body and reads the rest as sections";
    std::map<std::string, std::string> k;
    for (int line : {968, 987}) k["align.wast:" + std::to_string(line)] = instructions;
    for (int line : {424, 443, 769, 787, 806, 825, 985}) {
      k["binary-leb128.wast:" + std::to_string(line)] = instructions;
    }
    for (int line : {405, 462, 731, 750, 844, 863}) {
      k["binary-leb128.wast:" + std::to_string(line)] = overrun;
    }
    for (int line : {56, 77, 93, 303, 326, 923, 1219}) {
      k["binary.wast:" + std::to_string(line)] = instructions;
    }
    k["binary_leb128_64.wast:17"] = instructions;
    // Wasm 3.0 without custom page sizes: witt reads flag 0x08 as "a page
    // size follows" (custom-page-sizes proposal, whose own binary.wast drops
    // this case), so the section ends first. Malformed either way.
    k["binary.wast:661"] =
        "memory limits flag 0x08 announces a custom page size: \"unexpected end of section\"";
    return k;
  }();
  return known;
}

// Decodes every binary module of one .wast file (`file` relative to the
// testsuite), recording where the outcome differs from the assertion.
void checkFile(const std::string& file, const std::string& text, std::set<std::string>& differing,
               size_t& count) {
  for (const BinaryModule& bm : binaryModules(lex(text))) {
    ++count;
    const std::string where = file + ":" + std::to_string(bm.line);
    auto r = binary::decodeModule(std::vector<uint8_t>(bm.bytes.begin(), bm.bytes.end()));
    bool asExpected;
    if (bm.assertion == "assert_malformed") {
      asExpected = !r.ok() && r.error().kind == ErrorKind::Malformed &&
                   r.error().message.compare(0, bm.message.size(), bm.message) == 0;
    } else {
      asExpected = r.ok();
    }
    if (asExpected) {
      EXPECT_EQ(knownDifferences().count(where), 0u)
          << where << " is now as expected: remove it from knownDifferences()";
      continue;
    }
    differing.insert(where);
    EXPECT_EQ(knownDifferences().count(where), 1u)
        << where << " (" << (bm.assertion.empty() ? "module" : bm.assertion) << " \"" << bm.message
        << "\"): " << (r.ok() ? "decoded" : r.error().describe());
  }
}

TEST(SpecBinaryModules, DecodeAsTheTestsuiteExpects) {
  auto shared = test::sharedDir();
  if (!shared) GTEST_SKIP() << "the shared spec testsuite is absent (set WITT_SHARED)";
  namespace fs = std::filesystem;
  const fs::path root = fs::path(*shared) / "spec-testsuite";
  if (!fs::is_directory(root)) GTEST_SKIP() << "no spec-testsuite in " << *shared;

  std::set<std::string> differing;
  size_t count = 0;
  // Not proposals/custom-descriptors (GC based) nor proposals/custom-page-sizes
  // (not implemented).
  for (const char* dir : {"", "legacy", "proposals/threads", "proposals/wide-arithmetic"}) {
    if (!fs::is_directory(root / dir)) continue;
    for (const auto& entry : fs::directory_iterator(root / dir)) {
      if (entry.path().extension() != ".wast") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string text = ss.str();
      if (text.find("binary") == std::string::npos) continue;
      const std::string file = fs::relative(entry.path(), root).generic_string();
      checkFile(file, text, differing, count);
    }
  }
  EXPECT_GT(count, 800u);
  for (const auto& [where, why] : knownDifferences()) {
    EXPECT_EQ(differing.count(where), 1u) << where << " was not seen; known because: " << why;
  }
}

}  // namespace
}  // namespace witt
