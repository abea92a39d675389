// `--emit=types`: one line per binding, async block and `?` site, in source order:
//   LINE:COL  let NAME: TYPE        (a binding; `param` for parameters)
//   LINE:COL  async block -> TYPE   (its output)
//   LINE:COL  ? : E1 -> E2 via From (a `?` on Result; `?` on Option prints `? : Option`)
// Stable for goldens: positions and rustc's type spelling only.
#include <algorithm>
#include <tuple>

#include "compiler/sema/sema.hpp"

namespace asyncc::sema {

namespace {

struct Line {
  std::uint32_t offset;
  std::string text;
};

}  // namespace

std::string dump_types(const Program& program, const ast::File& file, const source::SourceFile& source) {
  std::vector<Line> lines;
  for (const Local& local : program.locals) {
    lines.push_back({local.span.begin, "let " + std::string(local.name) + ": " + program.type_name(local.type)});
  }
  (void)file;
  // Async blocks and `?` sites are found from the recorded types of their nodes.
  for (const auto& entry : program.async_blocks) {
    lines.push_back({entry.first->span.begin, "async block -> " + program.type_name(entry.second)});
  }
  for (const auto& entry : program.try_sites) {
    const ast::TryExpr* t = entry.first;
    const TypeId operand = program.type_of(t->operand);
    std::string text;
    if (program.types.kind(operand) == TypeKind::Option) {
      text = "? : Option";
    } else if (program.types.kind(operand) == TypeKind::Result) {
      text = "? : " + program.type_name(program.types.arg(operand, 1)) + " -> " + program.type_name(entry.second);
      if (program.res_of(t).kind == ResKind::Fn) text += " via From";
    } else {
      text = "? : " + program.type_name(operand);
    }
    lines.push_back({t->span.end - 1, text});
  }
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.offset < b.offset; });
  std::string out;
  for (const Line& l : lines) {
    const source::LineCol lc = source.line_col(l.offset);
    out += std::to_string(lc.line) + ":" + std::to_string(lc.column) + "  " + l.text + "\n";
  }
  return out;
}

}  // namespace asyncc::sema
