#include <gtest/gtest.h>

#include "compiler/parse/lexer.hpp"
#include "compiler/parse/parse.hpp"

namespace asyncc::parse {
namespace {

std::vector<TokenKind> kinds(std::string_view text, std::size_t* errors = nullptr) {
  source::SourceFile file("t.adsl", std::string(text));
  diag::DiagSink sink(file);
  std::vector<TokenKind> out;
  for (const Token& t : lex(file, sink)) out.push_back(t.kind);
  if (errors) *errors = sink.error_count();
  return out;
}

using K = TokenKind;

TEST(Lexer, KeywordsIdentifiersPunctuation) {
  EXPECT_EQ(kinds("async fn main() -> x_1 {}"),
            (std::vector<K>{K::KwAsync, K::KwFn, K::Ident, K::LParen, K::RParen, K::Arrow, K::Ident, K::LBrace,
                            K::RBrace, K::Eof}));
  EXPECT_EQ(kinds("_ __ self Self"), (std::vector<K>{K::Underscore, K::Ident, K::KwSelfValue, K::KwSelfType, K::Eof}));
}

TEST(Lexer, GreaterThanIsSplitAndMarkedJoint) {
  EXPECT_EQ(kinds("a >> b"), (std::vector<K>{K::Ident, K::GtJoint, K::Gt, K::Ident, K::Eof}));
  EXPECT_EQ(kinds("a >= b"), (std::vector<K>{K::Ident, K::GtJoint, K::Eq, K::Ident, K::Eof}));
  EXPECT_EQ(kinds("a >>= b"), (std::vector<K>{K::Ident, K::GtJoint, K::GtJoint, K::Eq, K::Ident, K::Eof}));
  EXPECT_EQ(kinds("a > b"), (std::vector<K>{K::Ident, K::Gt, K::Ident, K::Eof}));
  EXPECT_EQ(kinds("a <<= b <= c"), (std::vector<K>{K::Ident, K::ShlEq, K::Ident, K::Le, K::Ident, K::Eof}));
}

TEST(Lexer, NumbersAndTupleIndex) {
  EXPECT_EQ(kinds("1 1.5 1e9 2.5e-3 0x1F 0o17 0b1010 1_000i64 1.5f64"),
            (std::vector<K>{K::IntLit, K::FloatLit, K::FloatLit, K::FloatLit, K::IntLit, K::IntLit, K::IntLit,
                            K::IntLit, K::FloatLit, K::Eof}));
  EXPECT_EQ(kinds("t.0.1"), (std::vector<K>{K::Ident, K::Dot, K::IntLit, K::Dot, K::IntLit, K::Eof}));
  EXPECT_EQ(kinds("0..5"), (std::vector<K>{K::IntLit, K::DotDot, K::IntLit, K::Eof}));
  EXPECT_EQ(kinds("1.max(2)"), (std::vector<K>{K::IntLit, K::Dot, K::Ident, K::LParen, K::IntLit, K::RParen, K::Eof}));
  EXPECT_EQ(kinds("1. + 2."), (std::vector<K>{K::FloatLit, K::Plus, K::FloatLit, K::Eof}));
}

TEST(Lexer, StringsCharsLifetimes) {
  EXPECT_EQ(kinds(R"("a\n\"b" r"x\y" r#"q"q"# 'a' '\n' '\u{263A}' 'outer 'a)"),
            (std::vector<K>{K::StrLit, K::RawStrLit, K::RawStrLit, K::CharLit, K::CharLit, K::CharLit, K::Lifetime,
                            K::Lifetime, K::Eof}));
  EXPECT_EQ(unescape_literal(R"("a\n\x41\u{263A}\\")"), "a\nA\u263A\\");
  EXPECT_EQ(unescape_literal(R"(r#"a"b"#)"), "a\"b");
  EXPECT_EQ(unescape_literal("\"a\\\n    b\""), "ab");
}

TEST(Lexer, CommentsNestAndDocCommentsAreComments) {
  EXPECT_EQ(kinds("/* a /* b */ c */ x // y\n/// doc\n//! inner\nz"), (std::vector<K>{K::Ident, K::Ident, K::Eof}));
}

TEST(Lexer, Errors) {
  std::size_t errors = 0;
  kinds("\"abc", &errors);
  EXPECT_EQ(errors, 1u);
  kinds("/* never closed", &errors);
  EXPECT_EQ(errors, 1u);
  kinds("12abc 1.5i64 0x 0b102 \\", &errors);
  EXPECT_EQ(errors, 5u);
  kinds("\"\\q\"", &errors);
  EXPECT_EQ(errors, 1u);
}

TEST(Lexer, AnyBytesNeverCrash) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  std::size_t errors = 0;
  kinds(bytes, &errors);
  EXPECT_GT(errors, 0u);
  kinds("'", &errors);
  kinds("r#", &errors);
  kinds("\"\\u{", &errors);
  kinds("'\\", &errors);
  kinds("0x", &errors);
  kinds("1e", &errors);
}

}  // namespace
}  // namespace asyncc::parse
