// What lowering reads from sema: types of expressions, resolutions, captures, `?` conversions.
#include <gtest/gtest.h>

#include <string>

#include "compiler/parse/parse.hpp"
#include "compiler/sema/sema.hpp"

namespace asyncc::sema {
namespace {

struct Analysed {
  source::SourceFile file;
  diag::DiagSink sink;
  ast::File tree;
  std::unique_ptr<Program> program;

  explicit Analysed(std::string text, bool rust_compat = false)
      : file("t.adsl", std::move(text)), sink(file), tree(parse::parse(file, sink)) {
    Options options;
    options.rust_compat = rust_compat;
    program = analyze(tree, sink, options);
  }
  std::string errors() const {
    std::string out;
    for (const auto& d : sink.diagnostics()) {
      if (d.level == diag::Level::Error) out += d.message + "\n";
    }
    return out;
  }
  const Local* local(std::string_view name) const {
    for (const Local& l : program->locals) {
      if (l.name == name) return &l;
    }
    return nullptr;
  }
};

TEST(Sema, LaterUseFixesTheTypeOfAnEarlierBinding) {
  Analysed a("fn main() { let v = Vec::new(); let n = 3; let mut w = v; w.push(n as u8); }");
  ASSERT_EQ(a.errors(), "");
  EXPECT_EQ(a.program->type_name(a.local("v")->type), "Vec<u8>");
  EXPECT_EQ(a.program->type_name(a.local("n")->type), "i32");  // the literal falls back to i32
}

TEST(Sema, AsyncBlockCapturesInOrderOfFirstUse) {
  Analysed a(
      "async fn main() {\n"
      "  let a = 1; let b = String::new(); let c = 2;\n"
      "  let f = async move { let inner = c; println!(\"{} {}\", b, a); inner };\n"
      "  let _ = f.await;\n"
      "}\n");
  ASSERT_EQ(a.errors(), "");
  ASSERT_EQ(a.program->async_blocks.size(), 1u);
  const auto* block = a.program->async_blocks[0].first;
  EXPECT_EQ(a.program->type_name(a.program->async_blocks[0].second), "i32");
  const auto& caps = a.program->captures[block->id];
  ASSERT_EQ(caps.size(), 3u);
  EXPECT_EQ(a.program->locals[caps[0]].name, "c");
  EXPECT_EQ(a.program->locals[caps[1]].name, "b");
  EXPECT_EQ(a.program->locals[caps[2]].name, "a");
}

TEST(Sema, TryRecordsTheFromConversion) {
  Analysed a(
      "struct Low;\nenum App { L(Low) }\n"
      "impl From<Low> for App { fn from(e: Low) -> App { App::L(e) } }\n"
      "fn low() -> Result<i32, Low> { Ok(1) }\n"
      "fn app() -> Result<i32, App> { let x = low()?; Ok(x) }\n"
      "fn main() {}\n");
  ASSERT_EQ(a.errors(), "");
  ASSERT_EQ(a.program->try_sites.size(), 1u);
  const ast::TryExpr* site = a.program->try_sites[0].first;
  const Resolution& r = a.program->res_of(site);
  ASSERT_EQ(r.kind, ResKind::Fn);
  EXPECT_EQ(a.program->fns[r.index].name, "from");
  EXPECT_EQ(a.program->type_name(a.program->try_sites[0].second), "App");
}

TEST(Sema, ErrorTypeFallbackAndRustCompat) {
  const std::string seed =
      "struct MyError;\n"
      "async fn foo() -> Result<(), MyError> { Ok(()) }\n"
      "async fn main() { let f = async { foo().await?; Ok(()) }; let _ = f.await; }\n";
  Analysed fallback(seed);
  EXPECT_EQ(fallback.errors(), "");
  EXPECT_EQ(fallback.program->type_name(fallback.program->async_blocks[0].second), "Result<(), MyError>");
  Analysed compat(seed, true);
  EXPECT_EQ(compat.errors(), "type annotations needed\n");
}

TEST(Sema, MethodAndPathResolutions) {
  Analysed a(
      "struct P { x: i64 }\nimpl P { fn get(&self) -> i64 { self.x } fn new() -> P { P { x: 1 } } }\n"
      "fn main() { let p = P::new(); let g = p.get(); let s = Some(g); }\n");
  ASSERT_EQ(a.errors(), "");
  EXPECT_EQ(a.program->type_name(a.local("s")->type), "Option<i64>");
  EXPECT_NE(a.program->main, nullptr);
}

}  // namespace
}  // namespace asyncc::sema
