// Every parse-related diagnostic kind of diagnostic_kind.def is produced by some input.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "compiler/parse/parse.hpp"

namespace asyncc::parse {
namespace {

std::set<diag::Kind> kinds_of(std::string_view text) {
  source::SourceFile file("t.adsl", std::string(text));
  diag::DiagSink sink(file);
  parse(file, sink);
  std::set<diag::Kind> out;
  for (const auto& d : sink.diagnostics()) out.insert(d.kind);
  return out;
}

TEST(ParseDiagnostics, EveryParseKindIsReachable) {
  const std::pair<diag::Kind, const char*> cases[] = {
      {diag::Kind::UnknownToken, "fn main() { let x = \\; }"},
      {diag::Kind::UnterminatedString, "fn main() { let s = \"abc; }"},
      {diag::Kind::UnterminatedChar, "fn main() { let c = '\\n"},
      {diag::Kind::UnterminatedBlockComment, "/* never"},
      {diag::Kind::UnknownEscape, "fn main() { let s = \"\\q\"; }"},
      {diag::Kind::InvalidLiteralSuffix, "fn main() { let x = 1abc; }"},
      {diag::Kind::InvalidNumberLiteral, "fn main() { let x = 0b12; }"},
      {diag::Kind::InvalidLiteral, "fn main() { let c = 'ab'; }"},
      {diag::Kind::UnexpectedToken, "fn main() { let x = ; }"},
      {diag::Kind::UnclosedDelimiter, "fn main() {"},
      {diag::Kind::MismatchedDelimiter, "fn main() { f(1; }"},
      {diag::Kind::UnexpectedClosingDelimiter, "fn main() {} }"},
      {diag::Kind::ChainedComparison, "fn main() { let x = a < b < c; }"},
      {diag::Kind::KeywordAsIdentifier, "fn main() { let fn = 3; }"},
      {diag::Kind::KeywordAsIdentifier, "struct S { type: i64 }"},
      {diag::Kind::UnsupportedFeature, "trait T {}"},
      {diag::Kind::UnknownMacro, "fn main() { nope!(); }"},
      {diag::Kind::UnknownAttribute, "#[test] fn f() {}"},
  };
  for (const auto& [kind, text] : cases) {
    EXPECT_TRUE(kinds_of(text).count(kind)) << diag::kind_name(kind) << " from: " << text;
  }
  const std::string deep = "fn main() { let x = " + std::string(300, '(') + "1" + std::string(300, ')') + "; }";
  EXPECT_TRUE(kinds_of(deep).count(diag::Kind::NestedTooDeeply));
}

}  // namespace
}  // namespace asyncc::parse
