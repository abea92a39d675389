// `--emit=state-graph`: the state machine of every async body as Graphviz dot. Nodes are the
// states (0 unresumed, 1 returned, 3+ suspension points labelled with their `.await`'s line);
// an edge A -> B means a poll that starts in A can end in B.
#include <set>
#include <utility>

#include "compiler/emit/emit.hpp"

namespace asyncc::emit {

namespace {

using lower::BlockId;
using lower::Body;
using lower::TermKind;

// The states a poll starting at `start` can end in: the suspension points and "returned"
// reached from it without passing another suspension point.
std::set<std::uint32_t> reachable_states(const Body& b, BlockId start) {
  std::set<std::uint32_t> out;
  std::set<BlockId> seen;
  std::vector<BlockId> stack{start};
  while (!stack.empty()) {
    BlockId id = stack.back();
    stack.pop_back();
    if (!seen.insert(id).second) continue;
    const lower::Terminator& t = b.blocks[id].term;
    switch (t.kind) {
      case TermKind::Goto: stack.push_back(t.target); break;
      case TermKind::Branch:
        stack.push_back(t.target);
        stack.push_back(t.else_target);
        break;
      case TermKind::Suspend: out.insert(b.suspensions[t.suspension].state); break;
      case TermKind::Return: out.insert(lower::state_returned); break;
      default: break;
    }
  }
  return out;
}

std::string escape(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

}  // namespace

std::string emit_state_graph(const sema::Program& program, const lower::Program& ir, const source::SourceFile& source) {
  (void)program;
  std::string o = "digraph states {\n  node [shape=box, fontname=\"monospace\"];\n";
  int cluster = 0;
  for (const Body& b : ir.bodies) {
    if (!b.is_async()) continue;
    const std::string id = b.name;
    std::string title = b.kind == lower::BodyKind::AsyncFn ? "async fn " + std::string(b.fn->name)
                                                           : "async block (line " +
                                                                 std::to_string(source.line_col(b.block->span.begin).line) + ")";
    o += "  subgraph cluster_" + std::to_string(cluster++) + " {\n    label=\"" + escape(title) + "\";\n";
    o += "    " + id + "_0 [label=\"0: unresumed\"];\n";
    o += "    " + id + "_1 [label=\"1: returned\"];\n";
    for (const lower::SuspensionPoint& sp : b.suspensions) {
      const std::uint32_t line = source.line_col(sp.await->span.begin).line;
      std::string text(source.text(sp.await->span));
      if (text.size() > 40) text = text.substr(0, 37) + "...";
      o += "    " + id + "_" + std::to_string(sp.state) + " [label=\"" + std::to_string(sp.state) + ": line " +
           std::to_string(line) + "\\n" + escape(text) + "\"];\n";
    }
    auto edges = [&](std::uint32_t from, BlockId start) {
      for (std::uint32_t to : reachable_states(b, start)) {
        o += "    " + id + "_" + std::to_string(from) + " -> " + id + "_" + std::to_string(to) + ";\n";
      }
    };
    edges(lower::state_unresumed, 0);
    for (const lower::SuspensionPoint& sp : b.suspensions) {
      o += "    " + id + "_" + std::to_string(sp.state) + " -> " + id + "_" + std::to_string(sp.state) +
           " [style=dashed, label=\"Pending\"];\n";
      edges(sp.state, sp.resume);
    }
    o += "  }\n";
  }
  o += "}\n";
  return o;
}

}  // namespace asyncc::emit
