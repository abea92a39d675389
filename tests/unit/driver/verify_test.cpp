// `--verify`: reading `expected-*` directives from comments, and matching them against diagnostics.
#include "compiler/driver/verify.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace asyncc::driver::verify {
namespace {

using diag::Diagnostic;
using diag::Kind;
using source::SourceFile;
using source::Span;

// The span of the first occurrence of `needle` in the file.
Span find(const SourceFile& f, std::string_view needle) {
  const std::size_t at = f.text().find(needle);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + needle.size())};
}

// The directives as `KIND[CODE]@LINE xCOUNT TEXT` strings, for compact comparisons.
std::vector<std::string> directives(const SourceFile& f) {
  std::vector<std::string> out;
  for (const Expectation& e : scan_expectations(f).items) {
    std::string s = expect_kind_name(e.kind);
    if (!e.code.empty()) s += "[" + e.code + "]";
    s += "@" + (e.line == 0 ? std::string("*") : std::to_string(e.line));
    if (e.count != 1) s += " x" + std::to_string(e.count);
    out.push_back(s + " " + e.text);
  }
  return out;
}

std::vector<std::string> errors(const SourceFile& f) { return scan_expectations(f).errors; }

std::string run(const SourceFile& f, const std::vector<Diagnostic>& diagnostics) {
  return compare(scan_expectations(f), diagnostics, f);
}

TEST(VerifyScan, ReadsEveryPartOfADirective) {
  SourceFile f("t.adsl",
               "fn main() {} // expected-error {{on this line}}\n"
               "// expected-warning@+1 {{next}}\n"
               "\n"
               "// expected-note@-3 2 {{twice}} expected-help@1 {{absolute}}\n"
               "// expected-error[E0765]@* {{anywhere}} {{and again}}\n"
               "// expected-label {{}}\n");
  EXPECT_EQ(directives(f), (std::vector<std::string>{"error@1 on this line", "warning@3 next", "note@1 x2 twice",
                                                     "help@1 absolute", "error[E0765]@* anywhere",
                                                     "error[E0765]@* and again", "label@6 "}));
  EXPECT_TRUE(errors(f).empty());
}

TEST(VerifyScan, FindsCommentsWithoutTheParser) {
  SourceFile f("t.adsl",
               "let s = \"// expected-error {{in a string}}\";\n"
               "let r = r#\"a \" // expected-error {{in a raw string}}\"#; let q = '\"'; // expected-error {{a}}\n"
               "let b = b'\"'; fn f<'a>(x: &'a str) {} // expected-error {{b}}\n"
               "/* outer /* nested */ expected-error {{c}} */ let e = \"\\\" // expected-error {{escaped}}\";\n"
               "/// expected-error {{d}}\n"
               "/* expected-error {{in an unterminated comment}}");
  EXPECT_EQ(directives(f), (std::vector<std::string>{"error@2 a", "error@3 b", "error@4 c", "error@5 d",
                                                     "error@6 in an unterminated comment"}));
}

TEST(VerifyScan, EveryPrefixOfATrickyFileIsScanned) {
  // Cut anywhere (inside a literal, a comment or a directive), the scanner stays in bounds.
  const std::string text =
      "let a = '\\''; let b = br##\"x\"##; /* /* */ */ let c = \"\\\"\"; 'l: loop {}\n"
      "// expected-error[E1]@+1 3 {{a}} {{b}}\n/* expected-note@* {{c}} */ let d = 'x';";
  for (std::size_t n = 0; n <= text.size(); ++n) {
    const SourceFile f("t.adsl", text.substr(0, n));
    const Expectations e = scan_expectations(f);
    EXPECT_LE(e.items.size(), 3u) << n;
  }
  EXPECT_EQ(directives(SourceFile("t.adsl", text)),
            (std::vector<std::string>{"error[E1]@3 x3 a", "error[E1]@3 x3 b", "note@* c"}));
}

TEST(VerifyScan, ReportsMalformedDirectives) {
  SourceFile f("t.adsl",
               "// expected-error no braces\n"
               "// expected-error {{never closed\n"
               "// expected-eror {{typo}}\n"
               "// expected-error@+9 {{past the end}}\n"
               "// expected-error@x {{bad place}}\n"
               "// expected-error 0 {{none}}\n"
               "// expected-label[E0308] {{labels have no code}}\n"
               "// expected-error[] {{empty code}}\n"
               "// unexpected-error is prose, not a directive\n"
               "// expected-error {{fine}}\n");
  EXPECT_EQ(errors(f), (std::vector<std::string>{
                           "t.adsl:1: cannot find start ('{{') of expected string",
                           "t.adsl:2: cannot find end ('}}') of expected string",
                           "t.adsl:3: unknown directive `expected-eror` (expected-error, -warning, -note, -help, "
                           "-label or -no-diagnostics)",
                           "t.adsl:4: line 13 is outside the file (1 to 10)",
                           "t.adsl:5: expected `@+N`, `@-N`, `@N` or `@*` after the directive",
                           "t.adsl:6: the count of a directive must be at least 1",
                           "t.adsl:7: a label has no code",
                           "t.adsl:8: invalid code in `[…]`",
                       }));
  EXPECT_EQ(directives(f), (std::vector<std::string>{"error@10 fine"}));
}

TEST(VerifyScan, NoDiagnosticsStandsAlone) {
  EXPECT_TRUE(errors(SourceFile("t.adsl", "// expected-no-diagnostics\nfn main() {}\n")).empty());
  EXPECT_TRUE(scan_expectations(SourceFile("t.adsl", "// expected-no-diagnostics\n")).no_diagnostics);
  EXPECT_EQ(errors(SourceFile("t.adsl", "fn main() {}\n// expected-no-diagnostics\n// expected-error {{x}}\n")),
            (std::vector<std::string>{
                "t.adsl:2: 'expected-no-diagnostics' cannot be combined with other expected directives"}));
  EXPECT_EQ(errors(SourceFile("t.adsl", "fn main() {}\n")),
            (std::vector<std::string>{"no expected directives found: consider use of 'expected-no-diagnostics'"}));
}

TEST(VerifyCompare, MatchingExpectationsGiveAnEmptyReport) {
  SourceFile f("t.adsl",
               "fn main() {\n"
               "    let x = 1 + ; // expected-error[E0000] {{expected expression}}\n"
               "}\n");
  Diagnostic d = Diagnostic::make(Kind::UnexpectedToken, "expected expression, found `;`");
  d.code = "E0000";
  d.primary(find(f, ";"), "expected expression");
  EXPECT_EQ(run(f, {d}), "");
}

TEST(VerifyCompare, ReportsBothDirectionsInClangsForm) {
  SourceFile f("t.adsl",
               "// expected-error@+1 {{wrong text}}\n"
               "fn main() { let x = ; }\n"
               "fn f() { let y = ; }\n");
  Diagnostic a = Diagnostic::make(Kind::UnexpectedToken, "expected expression, found `;`");
  a.primary(find(f, "; }"));
  Diagnostic b = Diagnostic::make(Kind::UnterminatedString, "unterminated double quote string");
  b.primary(find(f, "let y"));
  EXPECT_EQ(run(f, {a, b}),
            "error: 'error' diagnostics expected but not seen:\n"
            "  File t.adsl Line 2 (directive at line 1): wrong text\n"
            "error: 'error' diagnostics seen but not expected:\n"
            "  File t.adsl Line 2: expected expression, found `;`\n"
            "  File t.adsl Line 3: [E0765] unterminated double quote string\n");
}

TEST(VerifyCompare, CodesLinesAndCountsMustAgree) {
  SourceFile f("t.adsl",
               "fn a() {} // expected-error[E0001] {{bad}}\n"
               "fn b() {} // expected-error 3 {{twice}}\n"
               "fn c() {} // expected-warning@-1 {{on line two}}\n");
  Diagnostic bad = Diagnostic::make(Kind::UnexpectedToken, "bad");
  bad.code = "E0002";
  bad.primary(find(f, "fn a"));
  Diagnostic twice = Diagnostic::make(Kind::UnexpectedToken, "twice");
  twice.primary(find(f, "fn b"));
  Diagnostic warn = Diagnostic::make(Kind::UnexpectedToken, "on line two");
  warn.level = diag::Level::Warning;
  warn.primary(find(f, "fn c"));
  EXPECT_EQ(run(f, {bad, twice, twice, warn}),
            "error: 'error' diagnostics expected but not seen:\n"
            "  File t.adsl Line 1: [E0001] bad\n"
            "  File t.adsl Line 2: twice (expected 3, seen 2)\n"
            "error: 'error' diagnostics seen but not expected:\n"
            "  File t.adsl Line 1: [E0002] bad\n"
            "error: 'warning' diagnostics expected but not seen:\n"
            "  File t.adsl Line 2 (directive at line 3): on line two\n"
            "error: 'warning' diagnostics seen but not expected:\n"
            "  File t.adsl Line 3: on line two\n");
}

TEST(VerifyCompare, NotesAndHelpsAreCheckedOnlyWhenTheFileExpectsSome) {
  SourceFile f("t.adsl",
               "fn main() {\n"
               "    let x = 1\n"
               "    let y = 2; // expected-error@-1 {{expected `;`}}\n"
               "}\n");
  Diagnostic d = Diagnostic::make(Kind::UnexpectedToken, "expected `;`, found keyword `let`");
  d.primary(Span{find(f, "1\n").end - 1, find(f, "1\n").end - 1});
  d.suggest_inline("add `;` here", d.primary_span(), ";");
  d.note("a note");
  d.secondary(find(f, "let y"), "unexpected token");
  EXPECT_EQ(run(f, {d}), "");

  SourceFile with_help("t.adsl", std::string(f.text()) + "// expected-help@2 {{add `;`}}\n");
  EXPECT_EQ(run(with_help, {d}), "");
  SourceFile with_note("t.adsl", std::string(f.text()) + "// expected-note@3 {{a note}}\n");
  EXPECT_EQ(run(with_note, {d}),
            "error: 'note' diagnostics expected but not seen:\n"
            "  File t.adsl Line 3 (directive at line 5): a note\n"
            "error: 'note' diagnostics seen but not expected:\n"
            "  File t.adsl Line 2: a note\n");
}

TEST(VerifyCompare, AChildIsOnTheLineOfItsSpanElseItsEditElseItsParent) {
  SourceFile f("t.adsl", "one\ntwo\nthree\n// expected-error@1 {{e}}\n"
                         "// expected-help@1 {{parent}} expected-help@2 {{label}} expected-help@3 {{edit}}\n");
  Diagnostic d = Diagnostic::make(Kind::UnexpectedToken, "e");
  d.primary(find(f, "one"));
  d.help("parent");
  d.suggest("edit", find(f, "three"), "3");
  d.help("label");
  d.children.back().labels.push_back({find(f, "two"), "", true});
  EXPECT_EQ(run(f, {d}), "");
}

TEST(VerifyCompare, LabelsMustBeSeenButMayGoUnexpected) {
  SourceFile f("t.adsl",
               "fn main() {\n"
               "    let q: i32 = \"x\"; // expected-error {{mismatched types}} expected-label {{due to this}}\n"
               "}\n");
  Diagnostic d = Diagnostic::make(Kind::UnexpectedToken, "mismatched types");
  d.primary(find(f, "\"x\""), "expected `i32`, found `&str`").secondary(find(f, "i32"), "expected due to this");
  EXPECT_EQ(run(f, {d}), "");
  d.labels.pop_back();
  EXPECT_EQ(run(f, {d}),
            "error: 'label' diagnostics expected but not seen:\n"
            "  File t.adsl Line 2: due to this\n");
}

TEST(VerifyCompare, TheMostSpecificExpectationChoosesFirst) {
  // Taken in file order, `{{expected}}` would take the first diagnostic and leave
  // `{{expected `;`}}` with none.
  SourceFile f("t.adsl", "x // expected-error {{expected}} expected-error {{expected `;`}}\n");
  Diagnostic semi = Diagnostic::make(Kind::UnexpectedToken, "expected `;`");
  semi.primary(find(f, "x"));
  Diagnostic other = Diagnostic::make(Kind::UnexpectedToken, "expected item");
  other.primary(find(f, "x"));
  EXPECT_EQ(run(f, {semi, other}), "");
}

TEST(VerifyCompare, ADiagnosticWithoutASpanIsOnNoLine) {
  SourceFile f("t.adsl", "// expected-error@* {{nowhere}}\n");
  EXPECT_EQ(run(f, {Diagnostic::make(Kind::UnexpectedToken, "nowhere")}), "");
  SourceFile g("t.adsl", "// expected-error {{nowhere}}\n");
  EXPECT_EQ(run(g, {Diagnostic::make(Kind::UnexpectedToken, "nowhere")}),
            "error: 'error' diagnostics expected but not seen:\n"
            "  File t.adsl Line 1: nowhere\n"
            "error: 'error' diagnostics seen but not expected:\n"
            "  File t.adsl Line *: nowhere\n");
}

TEST(VerifyCompare, NoDiagnosticsMeansNone) {
  SourceFile f("t.adsl", "// expected-no-diagnostics\nfn main() {}\n");
  EXPECT_EQ(run(f, {}), "");
  Diagnostic d = Diagnostic::make(Kind::UnexpectedToken, "oops");
  d.primary(find(f, "main"));
  EXPECT_EQ(run(f, {d}),
            "error: 'error' diagnostics seen but not expected:\n"
            "  File t.adsl Line 2: oops\n");
}

TEST(VerifyCompare, AFileWithoutDirectivesFails) {
  SourceFile f("t.adsl", "fn main() {}\n");
  EXPECT_EQ(run(f, {}), "error: no expected directives found: consider use of 'expected-no-diagnostics'\n");
}

TEST(VerifyCompare, VerifyReadsTheSinksFile) {
  SourceFile f("t.adsl", "fn main() {} // expected-error {{boom}}\n");
  diag::DiagSink sink(f);
  Diagnostic d = Diagnostic::make(Kind::UnexpectedToken, "boom");
  d.primary(find(f, "main"));
  sink.emit(d);
  EXPECT_EQ(verify(sink), "");
}

}  // namespace
}  // namespace asyncc::driver::verify
