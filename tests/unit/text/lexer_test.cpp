// The lexer: token classes, comments, annotations, strings and positions.
#include "text/lexer.h"

#include <gtest/gtest.h>

namespace witt::text {
namespace {

std::vector<TokenKind> kinds(std::string_view src) {
  auto ts = tokenize(src);
  EXPECT_TRUE(ts.ok()) << (ts.ok() ? "" : ts.error().describe());
  std::vector<TokenKind> out;
  if (ts)
    for (const auto& t : ts->tokens) out.push_back(t.kind);
  return out;
}

std::string errorOf(std::string_view src) {
  auto ts = tokenize(src);
  return ts.ok() ? "" : ts.error().message;
}

using K = TokenKind;

TEST(Lexer, TokenClasses) {
  EXPECT_EQ(kinds("(module $m \"s\" 12 -0x1p3 i32.add offset=4 inf nan:0x1)"),
            (std::vector<K>{K::LParen, K::Keyword, K::Id, K::String, K::Number, K::Number,
                            K::Keyword, K::Keyword, K::Keyword, K::Keyword, K::RParen, K::Eof}));
}

TEST(Lexer, TokensDelimitedByParensAndComments) {
  EXPECT_EQ(kinds("(func(nop))"), (std::vector<K>{K::LParen, K::Keyword, K::LParen, K::Keyword,
                                                  K::RParen, K::RParen, K::Eof}));
  EXPECT_EQ(kinds("nop;;bla\nnop(;x;)nop"),
            (std::vector<K>{K::Keyword, K::Keyword, K::Keyword, K::Eof}));
}

TEST(Lexer, NewlinesEndLineComments) {
  // A line comment ends at LF, CR or CR LF; a CR alone counts as a line.
  EXPECT_EQ(kinds("nop;;a\rnop;;b\r\nnop"),
            (std::vector<K>{K::Keyword, K::Keyword, K::Keyword, K::Eof}));
  auto ts = tokenize("a\rb\r\nc");
  ASSERT_TRUE(ts.ok());
  EXPECT_EQ(ts->tokens[1].line, 2u);
  EXPECT_EQ(ts->tokens[2].line, 3u);
}

TEST(Lexer, NestedBlockComments) {
  EXPECT_EQ(kinds("(; a (; b ;) c ;) x"), (std::vector<K>{K::Keyword, K::Eof}));
  EXPECT_EQ(errorOf("(; a (; b ;)"), "unclosed comment");
}

TEST(Lexer, ReservedTokensAreUnknownOperators) {
  EXPECT_EQ(errorOf("i32.const0 0$x"), "unknown operator");
  EXPECT_EQ(errorOf("$l\"a\""), "unknown operator");
  EXPECT_EQ(errorOf("\"a\"\"b\""), "unknown operator");
  EXPECT_EQ(errorOf(".0"), "unknown operator");
  EXPECT_EQ(errorOf("1__0"), "unknown operator");
  EXPECT_EQ(errorOf("0x"), "unknown operator");
}

TEST(Lexer, Identifiers) {
  auto ts = tokenize("$a $\"quoted name\" $l$l");
  ASSERT_TRUE(ts.ok());
  EXPECT_EQ(ts->tokens[0].value, "a");
  EXPECT_EQ(ts->tokens[1].value, "quoted name");
  EXPECT_EQ(ts->tokens[2].value, "l$l");
  EXPECT_EQ(errorOf("$"), "empty identifier");
  EXPECT_EQ(errorOf("$\"\""), "empty identifier");
}

TEST(Lexer, StringEscapes) {
  auto ts = tokenize(R"("\t\n\r\"\'\\\41\u{48}\u{1F600}")");
  ASSERT_TRUE(ts.ok());
  EXPECT_EQ(ts->tokens[0].value, "\t\n\r\"'\\AH\xF0\x9F\x98\x80");
  EXPECT_EQ(errorOf(R"("\q")"), "illegal escape");
  EXPECT_EQ(errorOf(R"("\u{D800}")"), "illegal escape");
  EXPECT_EQ(errorOf("\"abc"), "unclosed string");
  EXPECT_EQ(errorOf("\"a\x01\""), "illegal control character in string");
}

TEST(Lexer, IllegalCharactersAndUtf8) {
  EXPECT_EQ(errorOf("\x01"), "illegal character");
  EXPECT_EQ(errorOf("(@a Heiße)"), "illegal character");
  EXPECT_EQ(errorOf("\x80"), "malformed UTF-8 encoding");
  EXPECT_EQ(errorOf("\"\xff\""), "malformed UTF-8 encoding");
}

TEST(Lexer, AnnotationsAreRemoved) {
  EXPECT_EQ(kinds("((@a x (y) \")\") module (@b))"),
            (std::vector<K>{K::LParen, K::Keyword, K::RParen, K::Eof}));
  EXPECT_EQ(errorOf("(@x (y"), "unclosed annotation");
  EXPECT_EQ(errorOf("(@ x)"), "empty annotation id");
  EXPECT_EQ(errorOf("( @a)"), "unknown operator");
}

TEST(Lexer, CustomAndNameAnnotationsAreKept) {
  auto ts = tokenize("(module (@custom \"c\" (after type) \"x\") (@name \"n\") (@other))");
  ASSERT_TRUE(ts.ok());
  ASSERT_EQ(ts->annotations.size(), 2u);
  EXPECT_EQ(ts->annotations[0].id, "custom");
  EXPECT_EQ(ts->annotations[0].tokens.size(), 6u);
  EXPECT_EQ(ts->annotations[0].beforeToken, 2u);
  EXPECT_EQ(ts->annotations[1].id, "name");
}

TEST(Lexer, LineAndColumn) {
  auto ts = tokenize("(module\n  (func))");
  ASSERT_TRUE(ts.ok());
  EXPECT_EQ(ts->tokens[2].line, 2u);
  EXPECT_EQ(ts->tokens[2].column, 3u);
  auto bad = tokenize("(module\n   \x01)", "f.wat");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().line, 2u);
  EXPECT_EQ(bad.error().column, 4u);
  EXPECT_EQ(bad.error().file, "f.wat");
}

TEST(Lexer, NumberGrammar) {
  for (auto s : {"0", "1_000", "-0x1_F", "+1.5", "1.", "1e10", "1E-5", "0x1p-3", "0x1.8P+3", "inf",
                 "-nan", "+nan:0x7f_ffff", "1.5e+3"})
    EXPECT_TRUE(isNumberText(s)) << s;
  for (auto s : {"_1", "1_", "1__0", "0x", "0x_1", "1e", "1e+", "0x1p", "1.e_1", "nan:1", "-", "1x",
                 "0x.8p1"})
    EXPECT_FALSE(isNumberText(s)) << s;
}

}  // namespace
}  // namespace witt::text
