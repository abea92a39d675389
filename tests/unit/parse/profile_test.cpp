// The grammar stays SLL-clean: every valid program of the corpus (tests/lit/ast and an
// embedded realistic program) parses with ANTLR's profiler on with zero ambiguities, zero
// full-LL decisions and no SLL failure. An ambiguity costs 1.7–3× (issue 2).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "compiler/ast/dump.hpp"
#include "compiler/parse/parse.hpp"
#include "compiler/parse/self_check.hpp"

namespace asyncc::parse {
namespace {

const char* const realistic = R"(#[derive(Debug, Clone, Copy, PartialEq)]
struct Point { x: i64, y: i64 }
#[derive(Debug)]
enum AppError { Io(IoError), Parse(ParseIntError), Closed }
impl From<IoError> for AppError { fn from(e: IoError) -> AppError { AppError::Io(e) } }
impl Point {
    fn new(x: i64, y: i64) -> Point { Point { x, y } }
    fn norm(&self) -> i64 { self.x * self.x + self.y * self.y }
}
async fn step(tx: Sender<i64>, mut n: i64, name: String) -> Result<i64, AppError> {
    let mut total: i64 = 0;
    let v: Vec<Vec<i64>> = Vec::new();
    for k in 0..n {
        sleep(1).await;
        let p = Point { x: k, y: k * 2 + 1 };
        if p.x % 3 == 0 && p.y > 10 {
            total += p.x * p.y - (k << 2);
        } else if p.x < 0 {
            continue;
        } else {
            total -= 1;
        }
        match tx.send(total).await {
            Ok(()) => {}
            Err(_) => return Err(AppError::Closed),
        }
    }
    let parsed = name.trim().parse::<i64>()?;
    let r = match parsed {
        0 => 1,
        1..=9 => parsed * 2,
        _ => {
            let h = spawn(async move { parsed + 1 });
            h.await
        }
    };
    'outer: while n > 0 {
        n -= 1;
        if n == 7 { break 'outer; }
    }
    let t = (1, (2, 3));
    let z = t.1.0 + t.0 + v.len() as i64;
    let f: impl Future<Output = Result<(), AppError>> = async { Ok(()) };
    f.await?;
    async move { z }.await;
    println!("step {}: {:?}", total + r, v);
    Ok(total + r + z)
}
#[main(worker_threads = 2)]
async fn main() -> Result<(), AppError> {
    let (tx, mut rx) = channel::<i64>(16);
    let t = step(tx, 10, String::from("5")).await?;
    while let Some(v) = rx.recv().await { println!("{}", v); }
    if let Some(x) = Some(t) { assert_eq!(x, t); }
    let w = vec![0; 4];
    let s = format!("{:>8}", w[0]);
    Ok(())
}
)";

std::string all_dumps;  // every corpus file's AST dump, for the node-kind coverage check

void expect_clean(const std::string& name, const std::string& text, ProfileStats& total) {
  source::SourceFile file(name, text);
  diag::DiagSink sink(file);
  Options options;
  options.profile = true;
  ProfileStats stats;
  ast::File tree = parse(file, sink, options, &stats);
  all_dumps += ast::dump(tree, file);
  EXPECT_FALSE(sink.has_errors()) << name << ": " << sink.diagnostics()[0].message;
  EXPECT_EQ(stats.sll_failures, 0u) << name;
  EXPECT_EQ(stats.ll_decisions, 0u) << name;
  EXPECT_EQ(stats.ambiguities, 0u) << name;
  total.chunks += stats.chunks;
}

TEST(ParserProfile, CorpusIsSllCleanWithoutAmbiguity) {
  ProfileStats total;
  expect_clean("realistic.adsl", realistic, total);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ASYNCC_SOURCE_DIR "/tests/lit/ast")) {
    if (entry.path().extension() != ".adsl") continue;
    std::string error;
    auto file = source::SourceFile::read(entry.path().string(), error);
    ASSERT_TRUE(file) << error;
    expect_clean(entry.path().filename().string(), std::string(file->text()), total);
    ++files;
  }
  EXPECT_GE(files, 50u);
  EXPECT_GT(total.chunks, 60u);
  // The corpus shows every AST node kind (node_kind.def) at least once.
  for (std::size_t k = 0; k < ast::node_kind_count; ++k) {
    const char* kind = ast::node_kind_name(static_cast<ast::NodeKind>(k));
    EXPECT_NE(all_dumps.find(std::string(kind) + " "), std::string::npos) << kind << " never appears";
  }
  // Valid programs keep the shared DFA cache far below the size at which it is dropped.
  std::printf("DFA cache: %zu states\n", dfa_cache_states());
  EXPECT_LT(dfa_cache_states(), 5'000u);
}

}  // namespace
}  // namespace asyncc::parse
