// The warnings rustc's `unused` lint group gives by default, as rustc 1.95 words them:
// `unused_variables` (with its "assigned to, but never used" form), `unused_assignments` for
// the assignments to such a variable, and `unused_must_use` for a `Result` or a future
// dropped by an expression statement — the future case being the most common async bug.
// Liveness is not computed: a variable that is read anywhere counts as used.
#include <algorithm>
#include <map>
#include <set>

#include "compiler/sema/checks.hpp"

namespace asyncc::sema::checks {

namespace {

using diag::Diagnostic;
using diag::Kind;

const ast::Expr* strip(const ast::Expr* e) {
  while (const auto* p = ast::dyn_cast<ast::ParenExpr>(e)) e = p->inner;
  return e;
}

/// The path at the root of `x`, `x.f`, `x.0` (assignment targets that write the variable).
const ast::PathExpr* assigned_root(const ast::Expr* e) {
  for (;;) {
    e = strip(e);
    if (const auto* f = ast::dyn_cast<ast::FieldExpr>(e)) { e = f->base; continue; }
    if (const auto* t = ast::dyn_cast<ast::TupleIndexExpr>(e)) { e = t->base; continue; }
    return ast::dyn_cast<ast::PathExpr>(e);
  }
}

struct Binding {
  const ast::IdentPat* pattern;
  bool shorthand;  // `S { x }`: the field's own name
  std::uint32_t uses = 0;
  std::vector<source::Span> assignments;
};

void add_note(Diagnostic& d, bool& shown, const char* lint) {
  if (shown) return;
  shown = true;
  d.note(std::string("`#[warn(") + lint + ")]` (part of `#[warn(unused)]`) on by default");
}

}  // namespace

void check_unused_variables(const ast::FnItem& fn, const Program& program, diag::DiagSink& sink, LintNotes& notes) {
  std::vector<Binding> bindings;
  std::map<LocalId, std::size_t> by_local;
  std::set<std::uint32_t> shorthand_pats;
  std::set<std::uint32_t> writes;  // PathExpr ids that are assignment targets
  auto on_node = [&](const ast::Node* n) {
    switch (n->kind) {
      case ast::NodeKind::StructPat:
        for (const ast::FieldPat& f : static_cast<const ast::StructPat*>(n)->fields) {
          if (f.shorthand && f.pattern != nullptr) shorthand_pats.insert(f.pattern->id);
        }
        break;
      case ast::NodeKind::IdentPat: {
        const Resolution& r = program.node_res[n->id];
        if (r.kind == ResKind::Local && by_local.count(r.index) == 0) {
          by_local.emplace(r.index, bindings.size());
          bindings.push_back({static_cast<const ast::IdentPat*>(n), shorthand_pats.count(n->id) != 0, 0, {}});
        }
        break;
      }
      case ast::NodeKind::AssignExpr: {
        const auto* a = static_cast<const ast::AssignExpr*>(n);
        if (const ast::PathExpr* root = assigned_root(a->lhs)) {
          writes.insert(root->id);
          const Resolution& r = program.node_res[root->id];
          if (r.kind == ResKind::Local) {
            if (auto it = by_local.find(r.index); it != by_local.end()) bindings[it->second].assignments.push_back(a->span);
          }
        }
        break;
      }
      case ast::NodeKind::PathExpr: {
        const Resolution& r = program.node_res[n->id];
        if (r.kind == ResKind::Local && writes.count(n->id) == 0) {
          if (auto it = by_local.find(r.index); it != by_local.end()) ++bindings[it->second].uses;
        }
        break;
      }
      case ast::NodeKind::MacroExpr:
        for (LocalId l : program.captures[n->id]) {
          if (auto it = by_local.find(l); it != by_local.end()) ++bindings[it->second].uses;
        }
        break;
      default:
        break;
    }
    return true;
  };
  for (const ast::Param& p : fn.params) {
    if (p.pattern != nullptr) visit(p.pattern, on_node);
  }
  visit_block(fn.body, on_node);

  std::vector<std::pair<std::string, source::Span>> never_read;
  for (const Binding& b : bindings) {
    if (b.uses != 0 || b.pattern->name.empty() || b.pattern->name.front() == '_') continue;
    const std::string n(b.pattern->name);
    const source::Span span = b.pattern->sub != nullptr ? b.pattern->name_span
                                                        : source::Span{b.pattern->span.begin, b.pattern->name_span.end};
    if (!b.assignments.empty()) {
      Diagnostic d = Diagnostic::make(Kind::UnusedVariable, "variable `" + n + "` is assigned to, but never used");
      d.primary(span);
      d.note("consider using `_" + n + "` instead");
      add_note(d, notes.unused_variables, "unused_variables");
      sink.emit(std::move(d));
      for (const source::Span& a : b.assignments) never_read.emplace_back(n, a);
      continue;
    }
    Diagnostic d = Diagnostic::make(Kind::UnusedVariable, "unused variable: `" + n + "`");
    d.primary(span);
    if (b.shorthand) {
      d.suggest_inline("try ignoring the field", span, n + ": _");
    } else {
      d.suggest_inline("if this is intentional, prefix it with an underscore", span, "_" + n);
    }
    add_note(d, notes.unused_variables, "unused_variables");
    sink.emit(std::move(d));
  }
  std::stable_sort(never_read.begin(), never_read.end(),
                   [](const auto& a, const auto& b) { return a.second.begin < b.second.begin; });
  for (const auto& [n, span] : never_read) {
    Diagnostic d = Diagnostic::make(Kind::UnusedAssignment, "value assigned to `" + n + "` is never read");
    d.primary(span);
    d.help("maybe it is overwritten before being read?");
    add_note(d, notes.unused_assignments, "unused_assignments");
    sink.emit(std::move(d));
  }
}

void check_must_use(const ast::File& file, const Program& program, diag::DiagSink& sink, LintNotes& notes) {
  for (const ast::FnItem* fn : bodies_in_order(file)) {
    visit_block(fn->body, [&](const ast::Node* n) {
      const auto* es = ast::dyn_cast<ast::ExprStmt>(n);
      if (es == nullptr || !es->has_semi) return true;
      const ast::Expr* e = strip(es->expr);
      switch (e->kind) {
        case ast::NodeKind::CallExpr: case ast::NodeKind::MethodCallExpr: case ast::NodeKind::AwaitExpr:
        case ast::NodeKind::AsyncBlockExpr: case ast::NodeKind::TryExpr:
          break;
        default:
          return true;
      }
      const TypeId t = program.node_type[e->id];
      if (t == 0) return true;
      const TypeKind k = program.types.kind(t);
      if (k == TypeKind::Result) {
        Diagnostic d = Diagnostic::make(Kind::UnusedMustUse, "unused `Result` that must be used");
        d.primary(es->expr->span);
        d.note("this `Result` may be an `Err` variant, which should be handled");
        add_note(d, notes.unused_must_use, "unused_must_use");
        d.suggest("use `let _ = ...` to ignore the resulting value", {es->expr->span.begin, es->expr->span.begin}, "let _ = ",
                  diag::Applicability::MaybeIncorrect);
        sink.emit(std::move(d));
      } else if (k == TypeKind::Future) {
        Diagnostic d = Diagnostic::make(Kind::UnusedMustUse, "unused implementer of `Future` that must be used");
        d.primary(es->expr->span);
        d.note("futures do nothing unless you `.await` or poll them");
        add_note(d, notes.unused_must_use, "unused_must_use");
        sink.emit(std::move(d));
      }
      return true;
    });
  }
}

}  // namespace asyncc::sema::checks
