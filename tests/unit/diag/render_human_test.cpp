// The human renderer against rustc 1.95's own output for the same source and spans
// (each expected text was produced by rustc on the equivalent .rs file).
#include "compiler/diag/render.hpp"

#include <gtest/gtest.h>

#include <string>

namespace asyncc::diag {
namespace {

using source::SourceFile;
using source::Span;

// The span of the `n`th occurrence (0-based) of `needle` in the file.
Span find(const SourceFile& f, std::string_view needle, int n = 0) {
  std::size_t at = f.text().find(needle);
  while (n-- > 0) at = f.text().find(needle, at + 1);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + needle.size())};
}

TEST(RenderHuman, StacksASecondaryLabelBelowThePrimaryAndHandlesTabsAndUtf8) {
  SourceFile f("b.rs",
               "fn main() {\n    let s = String::new();\n    let t = s;\n    println!(\"{}\", s);\n"
               "\tlet caf\xC3\xA9 = \"\xC3\xA9\"; let q: i32 = \"x\";\n}\n");
  Diagnostic d = Diagnostic::make(Kind::UnexpectedToken, "mismatched types");
  d.code = "E0308";
  d.primary(find(f, "\"x\""), "expected `i32`, found `&str`").secondary(find(f, "i32"), "expected due to this");
  EXPECT_EQ(render_human(d, f),
            "error[E0308]: mismatched types\n"
            " --> b.rs:5:31\n"
            "  |\n"
            "5 |     let caf\xC3\xA9 = \"\xC3\xA9\"; let q: i32 = \"x\";\n"
            "  |                            ---   ^^^ expected `i32`, found `&str`\n"
            "  |                            |\n"
            "  |                            expected due to this\n"
            "\n");
}

TEST(RenderHuman, ElidesLongGapsAndShowsAOneLineGap) {
  SourceFile f("a.rs",
               "fn main() {\n    let x = 5\n    let y = (1, 2;\n\tlet z = \"h\xC3\xA9llo\" + 1;\n    foo(1, 2;\n}\n");
  Diagnostic d = Diagnostic::make(Kind::MismatchedDelimiter, "mismatched closing delimiter: `}`");
  d.primary(find(f, "(", 2), "unclosed delimiter")
      .secondary(find(f, "{"), "closing delimiter possibly meant for this")
      .primary(Span{static_cast<std::uint32_t>(f.text().rfind('}')), static_cast<std::uint32_t>(f.text().rfind('}') + 1)},
               "mismatched closing delimiter");
  EXPECT_EQ(render_human(d, f),
            "error: mismatched closing delimiter: `}`\n"
            " --> a.rs:5:8\n"
            "  |\n"
            "1 | fn main() {\n"
            "  |           - closing delimiter possibly meant for this\n"
            "...\n"
            "5 |     foo(1, 2;\n"
            "  |        ^ unclosed delimiter\n"
            "6 | }\n"
            "  | ^ mismatched closing delimiter\n"
            "\n");
}

TEST(RenderHuman, InsertionSuggestionIsMarkedWithPluses) {
  SourceFile f("d.rs", "fn main() {\n    let number = 3;\n    let y = numbr + 1;\n}\n");
  Diagnostic d = Diagnostic::make(Kind::UnexpectedToken, "cannot find value `numbr` in this scope");
  d.code = "E0425";
  d.primary(find(f, "numbr"));
  d.suggest("a local variable with a similar name exists", find(f, "numbr"), "number");
  EXPECT_EQ(render_human(d, f),
            "error[E0425]: cannot find value `numbr` in this scope\n"
            " --> d.rs:3:13\n"
            "  |\n"
            "3 |     let y = numbr + 1;\n"
            "  |             ^^^^^\n"
            "  |\n"
            "help: a local variable with a similar name exists\n"
            "  |\n"
            "3 |     let y = number + 1;\n"
            "  |                 +\n"
            "\n");
}

TEST(RenderHuman, ReplacementSuggestionIsShownAsADiff) {
  SourceFile f("c.rs", "fn main() {\n    let x: i32 = 5i64;\n}\n");
  Diagnostic d = Diagnostic::make(Kind::UnexpectedToken, "mismatched types");
  d.code = "E0308";
  d.primary(find(f, "5i64"), "expected `i32`, found `i64`").secondary(find(f, "i32"), "expected due to this");
  d.suggest("change the type of the numeric literal from `i64` to `i32`", find(f, "5i64"), "5i32");
  EXPECT_EQ(render_human(d, f),
            "error[E0308]: mismatched types\n"
            " --> c.rs:2:18\n"
            "  |\n"
            "2 |     let x: i32 = 5i64;\n"
            "  |            ---   ^^^^ expected `i32`, found `i64`\n"
            "  |            |\n"
            "  |            expected due to this\n"
            "  |\n"
            "help: change the type of the numeric literal from `i64` to `i32`\n"
            "  |\n"
            "2 -     let x: i32 = 5i64;\n"
            "2 +     let x: i32 = 5i32;\n"
            "  |\n"
            "\n");
}

TEST(RenderHuman, TurbofishHelpOfE0282) {
  SourceFile f("e.rs",
               "async fn foo() -> Result<(), ()> { Ok(()) }\nfn main() {\n    let fut = async {\n"
               "        foo().await?;\n        Ok(())\n    };\n}\n");
  Diagnostic d = Diagnostic::make(Kind::UnexpectedToken, "type annotations needed");
  d.code = "E0282";
  Span ok = find(f, "Ok", 1);
  d.primary(ok, "cannot infer type of the type parameter `E` declared on the enum `Result`");
  d.suggest("consider specifying the generic arguments", Span{ok.end, ok.end}, "::<(), E>");
  EXPECT_EQ(render_human(d, f),
            "error[E0282]: type annotations needed\n"
            " --> e.rs:5:9\n"
            "  |\n"
            "5 |         Ok(())\n"
            "  |         ^^ cannot infer type of the type parameter `E` declared on the enum `Result`\n"
            "  |\n"
            "help: consider specifying the generic arguments\n"
            "  |\n"
            "5 |         Ok::<(), E>(())\n"
            "  |           +++++++++\n"
            "\n");
}

TEST(RenderHuman, NoteWithoutSpanIsAnEqualsLine) {
  SourceFile f("j.rs", "fn main() {\n    let unused = 1;\n}\n");
  Diagnostic d;
  d.level = Level::Warning;
  d.message = "unused variable: `unused`";
  d.primary(find(f, "unused"), "help: if this is intentional, prefix it with an underscore: `_unused`");
  d.note("`#[warn(unused_variables)]` (part of `#[warn(unused)]`) on by default");
  EXPECT_EQ(render_human(d, f),
            "warning: unused variable: `unused`\n"
            " --> j.rs:2:9\n"
            "  |\n"
            "2 |     let unused = 1;\n"
            "  |         ^^^^^^ help: if this is intentional, prefix it with an underscore: `_unused`\n"
            "  |\n"
            "  = note: `#[warn(unused_variables)]` (part of `#[warn(unused)]`) on by default\n"
            "\n");
}

TEST(RenderHuman, ThreeLabelsOnDifferentLines) {
  SourceFile f("i.rs",
               "fn main() {\n    let unused = 1;\n    let v: Vec<i32> = Vec::new();\n    let w = v;\n    let z = v;\n}\n");
  Diagnostic d;
  d.code = "E0382";
  d.message = "use of moved value: `v`";
  d.secondary(find(f, "v"), "move occurs because `v` has type `Vec<i32>`, which does not implement the `Copy` trait");
  d.secondary(find(f, "v;"), "value moved here").secondary({0, 0}, "");
  d.labels.pop_back();
  d.labels.back().span.end = d.labels.back().span.begin + 1;
  Span used = find(f, "v;", 1);
  d.primary({used.begin, used.begin + 1}, "value used here after move");
  Span moved = d.labels[1].span;
  d.suggest("consider cloning the value if the performance cost is acceptable", {moved.end, moved.end}, ".clone()");
  EXPECT_EQ(render_human(d, f),
            "error[E0382]: use of moved value: `v`\n"
            " --> i.rs:5:13\n"
            "  |\n"
            "3 |     let v: Vec<i32> = Vec::new();\n"
            "  |         - move occurs because `v` has type `Vec<i32>`, which does not implement the `Copy` trait\n"
            "4 |     let w = v;\n"
            "  |             - value moved here\n"
            "5 |     let z = v;\n"
            "  |             ^ value used here after move\n"
            "  |\n"
            "help: consider cloning the value if the performance cost is acceptable\n"
            "  |\n"
            "4 |     let w = v.clone();\n"
            "  |              ++++++++\n"
            "\n");
}

TEST(RenderHuman, MultiLineSpanStartingMidLine) {
  SourceFile f("f.rs", "fn f() -> i32 {\n    if true {\n        1\n    } else {\n        \"x\";\n    }\n}\nfn main() {}\n");
  Diagnostic d;
  d.code = "E0308";
  d.message = "mismatched types";
  Span open = find(f, "{", 2);
  Span close = find(f, "    }\n}", 0);
  d.primary({open.begin, close.begin + 5}, "expected `i32`, found `()`");
  EXPECT_EQ(render_human(d, f),
            "error[E0308]: mismatched types\n"
            " --> f.rs:4:12\n"
            "  |\n"
            "4 |       } else {\n"
            "  |  ____________^\n"
            "5 | |         \"x\";\n"
            "6 | |     }\n"
            "  | |_____^ expected `i32`, found `()`\n"
            "\n");
}

TEST(RenderHuman, LongMultiLineSpanIsElidedInTheMiddle) {
  std::string text = "fn f() -> i32 {\n    if true {\n        1\n    } else {\n";
  for (int i = 0; i < 12; ++i) text += "        let a" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  text += "    }\n}\nfn main() {}\n";
  SourceFile f("g.rs", text);
  Diagnostic d;
  d.code = "E0308";
  d.message = "mismatched types";
  Span open = find(f, "{", 2);
  Span close = find(f, "    }\n}", 0);
  d.primary({open.begin, close.begin + 5}, "expected `i32`, found `()`");
  EXPECT_EQ(render_human(d, f),
            "error[E0308]: mismatched types\n"
            "  --> g.rs:4:12\n"
            "   |\n"
            " 4 |       } else {\n"
            "   |  ____________^\n"
            " 5 | |         let a0 = 0;\n"
            " 6 | |         let a1 = 1;\n"
            " 7 | |         let a2 = 2;\n"
            "...  |\n"
            "16 | |         let a11 = 11;\n"
            "17 | |     }\n"
            "   | |_____^ expected `i32`, found `()`\n"
            "\n");
}

TEST(RenderHuman, LoneShortSuggestionBecomesAnInlineLabel) {
  SourceFile f("k.rs", "fn main() {\n    let x = 1\n    let y = 2;\n}\n");
  Diagnostic d = Diagnostic::make(Kind::UnexpectedToken, "expected `;`, found keyword `let`");
  Span one = find(f, "1");
  Span after{one.end, one.end};
  d.primary(after).secondary(find(f, "let", 1), "unexpected token");
  d.suggest_inline("add `;` here", after, ";", Applicability::MachineApplicable, /*show_code=*/false);
  EXPECT_EQ(render_human(d, f),
            "error: expected `;`, found keyword `let`\n"
            " --> k.rs:2:14\n"
            "  |\n"
            "2 |     let x = 1\n"
            "  |              ^ help: add `;` here\n"
            "3 |     let y = 2;\n"
            "  |     --- unexpected token\n"
            "\n");
}

TEST(RenderHuman, InlineSuggestionShowsItsCode) {
  SourceFile f("j.rs", "fn main() {\n    let unused = 1;\n}\n");
  Diagnostic d;
  d.level = Level::Warning;
  d.message = "unused variable: `unused`";
  d.primary(find(f, "unused"));
  d.suggest_inline("if this is intentional, prefix it with an underscore", find(f, "unused"), "_unused");
  d.note("`#[warn(unused_variables)]` (part of `#[warn(unused)]`) on by default");
  EXPECT_EQ(render_human(d, f),
            "warning: unused variable: `unused`\n"
            " --> j.rs:2:9\n"
            "  |\n"
            "2 |     let unused = 1;\n"
            "  |         ^^^^^^ help: if this is intentional, prefix it with an underscore: `_unused`\n"
            "  |\n"
            "  = note: `#[warn(unused_variables)]` (part of `#[warn(unused)]`) on by default\n"
            "\n");
}

TEST(RenderHuman, HelpLinesComeBeforeVerboseSuggestions) {
  SourceFile f("m.rs", "fn main() {\n    if a < b < c {}\n}\n");
  Diagnostic d = Diagnostic::make(Kind::ChainedComparison, "comparison operators cannot be chained");
  Span first = find(f, "<");
  Span second = find(f, "<", 1);
  d.primary(first).primary(second);
  d.suggest("split the comparison into two", {second.begin, second.begin}, "&& b ");
  d.help("use `::<...>` instead of `<...>` to specify lifetime, type, or const arguments");
  d.help("or use `(...)` if you meant to specify fn arguments");
  EXPECT_EQ(render_human(d, f),
            "error: comparison operators cannot be chained\n"
            " --> m.rs:2:10\n"
            "  |\n"
            "2 |     if a < b < c {}\n"
            "  |          ^   ^\n"
            "  |\n"
            "  = help: use `::<...>` instead of `<...>` to specify lifetime, type, or const arguments\n"
            "  = help: or use `(...)` if you meant to specify fn arguments\n"
            "help: split the comparison into two\n"
            "  |\n"
            "2 |     if a < b && b < c {}\n"
            "  |              ++++\n"
            "\n");
}

TEST(RenderHuman, Summaries) {
  EXPECT_EQ(render_summary_human(1, 0), "error: aborting due to 1 previous error\n\n");
  EXPECT_EQ(render_summary_human(2, 0), "error: aborting due to 2 previous errors\n\n");
  EXPECT_EQ(render_summary_human(1, 3), "error: aborting due to 1 previous error; 3 warnings emitted\n\n");
  EXPECT_EQ(render_summary_human(0, 1), "warning: 1 warning emitted\n\n");
  EXPECT_EQ(render_summary_human(0, 0), "");
}

TEST(RenderHuman, ColorWrapsTheLevelInAnsiCodes) {
  SourceFile f("a.rs", "x\n");
  Diagnostic d;
  d.message = "boom";
  d.primary({0, 1});
  std::string out = render_human(d, f, RenderOptions{true});
  EXPECT_NE(out.find("\x1b[1;31merror"), std::string::npos);
  EXPECT_EQ(render_human(d, f).find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace asyncc::diag
