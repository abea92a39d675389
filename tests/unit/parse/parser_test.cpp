// The parser on small inputs: precedence, Rust's statement and struct-literal rules, `>>`,
// turbofish, tuple indices, spans, error recovery, unsupported features, deep nesting.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "compiler/ast/ast.hpp"
#include "compiler/ast/dump.hpp"
#include "compiler/parse/parse.hpp"
#include "compiler/parse/self_check.hpp"

namespace asyncc::parse {
namespace {

struct Parsed {
  std::string dump;
  std::vector<diag::Diagnostic> diagnostics;
  [[nodiscard]] std::string first_error() const { return diagnostics.empty() ? "" : diagnostics[0].message; }
};

Parsed parse_text(std::string_view text) {
  source::SourceFile file("t.adsl", std::string(text));
  diag::DiagSink sink(file);
  ast::File f = parse(file, sink);
  Parsed out;
  out.dump = ast::dump(f, file);
  out.diagnostics = sink.diagnostics();
  return out;
}

/// The dump of the initializer of `let x = <expr>;` inside `fn main`, without spans.
std::string expr_shape(std::string_view expr) {
  Parsed p = parse_text("fn main() { let x = " + std::string(expr) + "; }");
  EXPECT_TRUE(p.diagnostics.empty()) << expr << ": " << p.first_error();
  std::string out;
  std::size_t line_start = 0;
  int line_no = 0;
  while (line_start < p.dump.size()) {
    const std::size_t end = p.dump.find('\n', line_start);
    std::string line = p.dump.substr(line_start, end - line_start);
    line_start = end + 1;
    if (++line_no <= 4) continue;  // FnItem, Block, LetStmt, IdentPat x
    line = line.substr(6, line.rfind(' ') - 6);  // drop the let's indentation and the span
    out += line + "\n";
  }
  return out;
}

TEST(Parser, HelloWorldDump) {
  Parsed p = parse_text("fn main() {\n    println!(\"hi {}\", 1);\n}\n");
  EXPECT_TRUE(p.diagnostics.empty()) << p.first_error();
  EXPECT_EQ(p.dump,
            "FnItem main 1:1-3:2\n"
            "  Block 1:11-3:2\n"
            "    ExprStmt semi 2:5-2:26\n"
            "      MacroExpr println! 2:5-2:25\n"
            "        StrLitExpr \"hi {}\" 2:14-2:21\n"
            "        IntLitExpr 1 2:23-2:24\n");
}

TEST(Parser, VocabularyMatchesTokenKinds) { EXPECT_TRUE(vocabulary_mismatches().empty()); }

TEST(Parser, Precedence) {
  EXPECT_EQ(expr_shape("1 + 2 * 3"), "BinaryExpr +\n  IntLitExpr 1\n  BinaryExpr *\n    IntLitExpr 2\n    IntLitExpr 3\n");
  EXPECT_EQ(expr_shape("1 - 2 - 3"), "BinaryExpr -\n  BinaryExpr -\n    IntLitExpr 1\n    IntLitExpr 2\n  IntLitExpr 3\n");
  EXPECT_EQ(expr_shape("a || b && c"), "BinaryExpr ||\n  PathExpr a\n  BinaryExpr &&\n    PathExpr b\n    PathExpr c\n");
  EXPECT_EQ(expr_shape("a == b && c"), "BinaryExpr &&\n  BinaryExpr ==\n    PathExpr a\n    PathExpr b\n  PathExpr c\n");
  EXPECT_EQ(expr_shape("a | b ^ c & d"),
            "BinaryExpr |\n  PathExpr a\n  BinaryExpr ^\n    PathExpr b\n    BinaryExpr &\n      PathExpr c\n      PathExpr d\n");
  EXPECT_EQ(expr_shape("a << 1 + 2"), "BinaryExpr <<\n  PathExpr a\n  BinaryExpr +\n    IntLitExpr 1\n    IntLitExpr 2\n");
  EXPECT_EQ(expr_shape("-a as u8 * 2"),
            "BinaryExpr *\n  CastExpr\n    UnaryExpr -\n      PathExpr a\n    PathType u8\n  IntLitExpr 2\n");
  EXPECT_EQ(expr_shape("-a.b()"), "UnaryExpr -\n  MethodCallExpr b\n    PathExpr a\n");
  EXPECT_EQ(expr_shape("!f()?"), "UnaryExpr !\n  TryExpr\n    CallExpr\n      PathExpr f\n");
  EXPECT_EQ(expr_shape("a..b + 1"), "RangeExpr ..\n  PathExpr a\n  BinaryExpr +\n    PathExpr b\n    IntLitExpr 1\n");
  EXPECT_EQ(expr_shape("a = b = 1"), "AssignExpr =\n  PathExpr a\n  AssignExpr =\n    PathExpr b\n    IntLitExpr 1\n");
  EXPECT_EQ(expr_shape("&mut v"), "UnaryExpr &mut\n  PathExpr v\n");
  EXPECT_EQ(expr_shape("f().await?.g().await?"),
            "TryExpr\n  AwaitExpr\n    MethodCallExpr g\n      TryExpr\n        AwaitExpr\n          CallExpr\n"
            "            PathExpr f\n");
}

TEST(Parser, ComparisonsAreNonAssociative) {
  Parsed p = parse_text("fn main() { let x = a < b < c; }");
  ASSERT_EQ(p.diagnostics.size(), 1u);
  EXPECT_EQ(p.diagnostics[0].message, "comparison operators cannot be chained");
  EXPECT_EQ(p.diagnostics[0].kind, diag::Kind::ChainedComparison);
  EXPECT_TRUE(parse_text("fn main() { let x = (a < b) < c; }").diagnostics.empty());
  EXPECT_FALSE(parse_text("fn main() { let x = a == b != c; }").diagnostics.empty());
}

TEST(Parser, ShiftsAndGreaterThanInTypesAndExpressions) {
  EXPECT_EQ(expr_shape("a >> b"), "BinaryExpr >>\n  PathExpr a\n  PathExpr b\n");
  EXPECT_EQ(expr_shape("a >= b"), "BinaryExpr >=\n  PathExpr a\n  PathExpr b\n");
  EXPECT_EQ(expr_shape("a > -b"), "BinaryExpr >\n  PathExpr a\n  UnaryExpr -\n    PathExpr b\n");
  Parsed p = parse_text("fn f(v: Vec<Vec<i64>>) -> Option<Vec<Vec<u8>>> { let w: Vec<Vec<i64>>= v; x >>= 1; }");
  EXPECT_TRUE(p.diagnostics.empty()) << p.first_error();
  EXPECT_NE(p.dump.find("AssignExpr >>="), std::string::npos);
  EXPECT_FALSE(parse_text("fn main() { let x = a > = b; }").diagnostics.empty());
}

TEST(Parser, TurbofishVersusComparison) {
  EXPECT_EQ(expr_shape("a < b"), "BinaryExpr <\n  PathExpr a\n  PathExpr b\n");
  EXPECT_EQ(expr_shape("f::<i64>(1)"), "CallExpr\n  PathExpr f<…>\n    GenericArgs f\n      PathType i64\n  IntLitExpr 1\n");
  EXPECT_EQ(expr_shape("Vec::<Vec<i64>>::new()"),
            "CallExpr\n  PathExpr Vec<…>::new\n    GenericArgs Vec\n      PathType Vec<…>\n        GenericArgs Vec\n"
            "          PathType i64\n");
  EXPECT_EQ(expr_shape("s.parse::<u8>()"), "MethodCallExpr parse\n  PathExpr s\n  Turbofish\n    PathType u8\n");
}

TEST(Parser, TupleIndexChains) {
  EXPECT_EQ(expr_shape("t.0.1"), "TupleIndexExpr 1\n  TupleIndexExpr 0\n    PathExpr t\n");
  EXPECT_EQ(expr_shape("t.0 .1"), "TupleIndexExpr 1\n  TupleIndexExpr 0\n    PathExpr t\n");
  EXPECT_EQ(expr_shape("t.1.f"), "FieldExpr f\n  TupleIndexExpr 1\n    PathExpr t\n");
  EXPECT_EQ(expr_shape("1.5"), "FloatLitExpr 1.5\n");
}

TEST(Parser, SemicolonRule) {
  // A block-like expression statement ends the statement: `- 1` is a new statement.
  Parsed p = parse_text("fn main() { if c {} - 1; }");
  EXPECT_TRUE(p.diagnostics.empty()) << p.first_error();
  EXPECT_NE(p.dump.find("ExprStmt semi"), std::string::npos);
  EXPECT_NE(p.dump.find("UnaryExpr -"), std::string::npos);
  EXPECT_EQ(p.dump.find("BinaryExpr"), std::string::npos);
  // `.` and `?` do continue it.
  p = parse_text("async fn f() { async { 1 }.await; match x { _ => y }.g()?; }");
  EXPECT_TRUE(p.diagnostics.empty()) << p.first_error();
  EXPECT_NE(p.dump.find("AwaitExpr"), std::string::npos);
  EXPECT_NE(p.dump.find("MethodCallExpr g"), std::string::npos);
  // Other expressions need `;` unless they are the tail.
  EXPECT_EQ(parse_text("fn main() { f()\n g(); }").first_error(), "expected `;`, found `g`");
  p = parse_text("fn main() -> i64 { let a = 1; a + 1 }");
  EXPECT_TRUE(p.diagnostics.empty());
  EXPECT_NE(p.dump.find("Tail"), std::string::npos);
  // A block-like statement at the end is the block's value.
  p = parse_text("fn main() -> i64 { if a { 1 } else { 2 } }");
  EXPECT_NE(p.dump.find("    Tail"), std::string::npos);
  // `;;` is fine.
  EXPECT_TRUE(parse_text("fn main() { let a = 1;; loop {}; }").diagnostics.empty());
}

TEST(Parser, StructLiteralsNotBareInConditions) {
  Parsed p = parse_text("fn main() { if x == S {} while y {} for i in v {} match S { _ => {} } }");
  EXPECT_TRUE(p.diagnostics.empty()) << p.first_error();
  EXPECT_EQ(p.dump.find("StructLitExpr"), std::string::npos);
  p = parse_text("fn main() { if (S { a: 1 }) == x {} if f(S { a: 1 }) {} for i in 0.. {} }");
  EXPECT_TRUE(p.diagnostics.empty()) << p.first_error();
  EXPECT_NE(p.dump.find("StructLitExpr S"), std::string::npos);
  EXPECT_FALSE(parse_text("fn main() { if S { a: 1 } == x {} }").diagnostics.empty());
}

TEST(Parser, MatchArmCommas) {
  EXPECT_TRUE(parse_text("fn main() { match x { 1 => {} 2 => 3, _ => loop {} } }").diagnostics.empty());
  EXPECT_TRUE(parse_text("fn main() { match x { 1 => 2, _ => 3 } }").diagnostics.empty());
  EXPECT_EQ(parse_text("fn main() { match x {\n 1 => 2\n _ => 3 } }").first_error(), "expected `,` following `match` arm");
}

TEST(Parser, SpansAreBytesAndColumnsAreCharacters) {
  // `é` is two bytes; spans are byte offsets, the dump's columns count characters.
  Parsed p = parse_text("fn main() { let s = \"é\"; let x = 1; }");
  EXPECT_TRUE(p.diagnostics.empty());
  EXPECT_NE(p.dump.find("StrLitExpr \"é\" 1:21-1:24"), std::string::npos) << p.dump;
  EXPECT_NE(p.dump.find("IntLitExpr 1 1:34-1:35"), std::string::npos) << p.dump;
  source::SourceFile file("t.adsl", "fn main() { let é = 1; }");
  diag::DiagSink sink(file);
  parse(file, sink);
  ASSERT_FALSE(sink.diagnostics().empty());
  EXPECT_EQ(sink.diagnostics()[0].message, "unknown start of token: \\u{e9}");
  EXPECT_EQ(sink.diagnostics()[0].primary_span().begin, 16u);
  EXPECT_EQ(sink.diagnostics()[0].primary_span().end, 18u);
}

TEST(Parser, SeveralErrorsOneEachItem) {
  Parsed p = parse_text("fn a() { let x = 1 + ; let y = ; }\nfn b() { f(1 2); }\nfn c() {}\nstruct S { a: i64 }\n");
  ASSERT_EQ(p.diagnostics.size(), 2u);
  EXPECT_EQ(p.diagnostics[0].message, "expected expression, found `;`");
  EXPECT_EQ(p.diagnostics[1].message, "expected one of `)`, `,`, `.`, `?`, or an operator, found `2`");
  // The items without errors are kept.
  EXPECT_NE(p.dump.find("FnItem c"), std::string::npos);
  EXPECT_NE(p.dump.find("StructItem S"), std::string::npos);
  EXPECT_EQ(p.dump.find("FnItem a"), std::string::npos);
}

TEST(Parser, Delimiters) {
  Parsed p = parse_text("fn main() {\n    f(1, 2;\n}\n");
  ASSERT_EQ(p.diagnostics.size(), 1u);
  EXPECT_EQ(p.diagnostics[0].message, "mismatched closing delimiter: `}`");
  p = parse_text("fn main() {\n");
  ASSERT_EQ(p.diagnostics.size(), 1u);
  EXPECT_EQ(p.diagnostics[0].message, "this file contains an unclosed delimiter");
  p = parse_text("fn main() {}\n}\n");
  ASSERT_EQ(p.diagnostics.size(), 1u);
  EXPECT_EQ(p.diagnostics[0].message, "unexpected closing delimiter: `}`");
}

TEST(Parser, MissingSemicolonPointsAtPreviousToken) {
  Parsed p = parse_text("fn main() {\n    let x = 1\n    let y = 2;\n}\n");
  ASSERT_EQ(p.diagnostics.size(), 1u);
  const diag::Diagnostic& d = p.diagnostics[0];
  EXPECT_EQ(d.message, "expected `;`, found keyword `let`");
  EXPECT_EQ(d.primary_span().begin, 25u);  // right after `1`
  EXPECT_EQ(d.primary_span().end, 25u);
  ASSERT_EQ(d.children.size(), 1u);
  ASSERT_EQ(d.children[0].suggestions.size(), 1u);
  EXPECT_EQ(d.children[0].suggestions[0].replacement, ";");
}

TEST(Parser, KeywordAsIdentifier) {
  EXPECT_EQ(parse_text("fn main() { let fn = 3; }").first_error(), "expected identifier, found keyword `fn`");
  EXPECT_EQ(parse_text("fn match() {}").first_error(), "expected identifier, found keyword `match`");
  EXPECT_EQ(parse_text("struct S { type: i64 }").first_error(), "expected identifier, found keyword `type`");
}

TEST(Parser, UnsupportedFeaturesAreNamed) {
  const auto first = [](std::string_view text) { return parse_text(text).first_error(); };
  EXPECT_EQ(first("fn main() { let f = |x| x; }"), "closures are not supported in ADSL");
  EXPECT_EQ(first("trait T {}"), "traits are not supported in ADSL");
  EXPECT_EQ(first("struct S; impl Clone for S {}"), "traits are not supported in ADSL");
  EXPECT_EQ(first("fn f<T>(x: T) {}"), "generics are not supported in ADSL");
  EXPECT_EQ(first("use std::io;"), "`use` declarations are not supported in ADSL");
  EXPECT_EQ(first("mod m {}"), "modules are not supported in ADSL");
  EXPECT_EQ(first("fn f(b: Box<i64>) {}"), "`Box` is not supported in ADSL");
  EXPECT_EQ(first("fn f(b: &dyn T) {}"), "trait objects (`dyn Trait`) are not supported in ADSL");
  EXPECT_EQ(first("fn main() { unsafe {} }"), "`unsafe` blocks are not supported in ADSL");
  EXPECT_EQ(first("fn f(s: &'a str) {}"), "lifetimes are not supported in ADSL");
  EXPECT_EQ(first("static X: i64 = 1;"), "`static` items are not supported in ADSL");
  EXPECT_EQ(first("type T = i64;"), "type aliases are not supported in ADSL");
  EXPECT_EQ(first("fn f() where i64: Copy {}"), "`where` clauses are not supported in ADSL");
  EXPECT_EQ(first("fn main() { let v = todo!(); }"), "the `todo!` macro is not supported in ADSL");
  EXPECT_EQ(first("fn main() { let v = nope!(); }"), "cannot find macro `nope` in this scope");
  EXPECT_EQ(first("fn main() { let v = [1, 2]; }"), "array expressions are not supported in ADSL");
  EXPECT_EQ(first("fn main() { let r#type = 1; }"), "raw identifiers are not supported in ADSL");
  EXPECT_EQ(first("fn main() { let b = b\"x\"; }"), "byte literals are not supported in ADSL");
  // What is in ADSL is accepted.
  EXPECT_EQ(first("struct E; impl From<IoError> for E { fn from(e: IoError) -> E { E } }"), "");
  EXPECT_EQ(first("fn f(x: impl Future<Output = i64>) {}"), "");
  EXPECT_EQ(first("#[derive(Debug)] struct S; #[main(worker_threads = 2)] async fn main() {}"), "");
  EXPECT_EQ(first("extern \"C++\" { fn f(x: i64) -> i64; async fn g(); }"), "");
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  const auto check = [](const std::string& text) {
    Parsed p = parse_text(text);
    ASSERT_FALSE(p.diagnostics.empty());
    EXPECT_EQ(p.diagnostics[0].kind, diag::Kind::NestedTooDeeply) << p.diagnostics[0].message;
  };
  const int n = 100000;
  std::string open(n, '('), close(n, ')');
  check("fn main() { let x = " + open + "1" + close + "; }");
  check("fn main() { " + open + "1" + close + "; }");
  check("fn main() " + std::string(n, '{') + std::string(n, '}'));
  std::string ifs, ends;
  for (int i = 0; i < n; ++i) {
    ifs += "if a { ";
    ends += "} ";
  }
  check("fn main() { " + ifs + ends + " }");
  std::string chain = "fn main() { if a {} ";
  for (int i = 0; i < n; ++i) chain += "else if a {} ";
  check(chain + "}");
  check("fn main() { let x = " + std::string(n, '-') + "1; }");
  check("fn main() { let x = " + std::string(n, '!') + "a; }");
  std::string returns;
  for (int i = 0; i < n; ++i) returns += "return ";
  check("fn main() { " + returns + "1; }");
  std::string types = "fn f(x: ";
  for (int i = 0; i < n; ++i) types += "Vec<";
  check(types + "i64" + std::string(n, '>') + ") {}");
  // A long flat chain is not nesting.
  std::string sum = "fn main() { let x = 1";
  for (int i = 0; i < 20000; ++i) sum += " + 1";
  EXPECT_TRUE(parse_text(sum + "; }").diagnostics.empty());
}

TEST(Parser, OddFilesAreFine) {
  EXPECT_TRUE(parse_text("").diagnostics.empty());
  EXPECT_TRUE(parse_text("fn main() {}").diagnostics.empty());
  EXPECT_TRUE(parse_text("fn main() {\r\n\tlet x = 1;\r\n}\r\n").diagnostics.empty());
  EXPECT_TRUE(parse_text("// only a comment").diagnostics.empty());
  EXPECT_FALSE(parse_text("fn main() { let s = \"\xff\"; }").dump.empty());
}

TEST(Parser, ArbitraryBytesNeverCrash) {
  // A cheap deterministic fuzz: mutations of a valid program.
  const std::string seed =
      "#[derive(Debug)]\nstruct P { x: i64 }\nasync fn f(n: u64) -> Result<u64, E> {\n"
      "    let v: Vec<Vec<i64>> = vec![1; 3];\n    match n { 0 => 1, 1..=5 if n > 2 => { 2 } _ => 3 };\n"
      "    for i in 0..n { if i == 3 { break; } }\n    Ok(f(n - 1).await? + t.0.1)\n}\n";
  std::uint64_t state = 12345;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text = seed;
    const int edits = 1 + static_cast<int>(next() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = next() % text.size();
      switch (next() % 3) {
        case 0: text.erase(at, 1 + next() % 3); break;
        case 1: text.insert(at, 1, "(){}[]<>;,.:=&|!-'\"#/*x1"[next() % 24]); break;
        default: text[at] = static_cast<char>(next() % 256); break;
      }
    }
    parse_text(text);
  }
}

}  // namespace
}  // namespace asyncc::parse

namespace asyncc::parse {
namespace {

TEST(Parser, ManyErrorsStayCheap) {
  // Every item has an error: the exact "expected one of" probing is budgeted per file, the
  // rest falls back to ANTLR's LL(1) sets; either way each item reports one error.
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "fn f" + std::to_string(i) + "() { let x = 1 + ; }\n";
  source::SourceFile file("t.adsl", text);
  diag::DiagSink sink(file);
  parse(file, sink);
  ASSERT_EQ(sink.error_count(), 3000u);
  EXPECT_EQ(sink.diagnostics().front().message, "expected expression, found `;`");
  EXPECT_EQ(sink.diagnostics().back().message, "expected expression, found `;`");
}

}  // namespace
}  // namespace asyncc::parse
