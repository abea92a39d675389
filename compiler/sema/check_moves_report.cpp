// The move checker's diagnostics, in rustc 1.95's words and layout: E0382 (with its move-site
// labels, the parameter and receiver notes and the clone helps), E0381, E0384, E0507, E0594,
// E0596, the plain-`async`-block capture error and the `unused_mut` lint.
#include <algorithm>

#include "compiler/sema/move_checker.hpp"

namespace asyncc::sema::checks::moves {

using diag::Diagnostic;
using diag::Kind;

void MoveChecker::report_unused_mut() {
  auto on_node = [&](const ast::Node* n) {
    const auto* p = ast::dyn_cast<ast::IdentPat>(n);
    if (p == nullptr || !p->is_mut) return true;
    const Resolution& r = program_.node_res[p->id];
    if (r.kind != ResKind::Local || mutated_.count(r.index) != 0 || !seen_mut_.insert(r.index).second) return true;
    Diagnostic d = Diagnostic::make(Kind::UnusedMut, "variable does not need to be mutable");
    d.primary({p->span.begin, p->name_span.end});
    d.suggest_inline("remove this `mut`", {p->span.begin, p->name_span.begin}, "", diag::Applicability::MachineApplicable,
                     false);
    if (!notes_->unused_mut) {
      notes_->unused_mut = true;
      d.note("`#[warn(unused_mut)]` (part of `#[warn(unused)]`) on by default");
    }
    sink_.emit(std::move(d));
    return true;
  };
  for (const ast::Param& p : fn_.params) {
    if (p.pattern != nullptr) visit(p.pattern, on_node);
  }
  visit_block(fn_.body, on_node);
}

bool MoveChecker::related(const std::string& a, const std::string& b) {
  const std::string& shorter = a.size() < b.size() ? a : b;
  const std::string& longer = a.size() < b.size() ? b : a;
  return longer.compare(0, shorter.size(), shorter) == 0 &&
         (longer.size() == shorter.size() || longer[shorter.size()] == '.');
}

void MoveChecker::report_moved(LocalId l, source::Span use_span, Use how, const std::string& use_path) {
  if (!reporting_ || !state_.live) return;
  if (state_.uninit.count(l) != 0) {
    report_uninit(l, use_span);
    return;
  }
  auto it = state_.moved.find(l);
  if (it == state_.moved.end() || it->second.empty()) return;
  std::vector<Moved> sites;
  bool whole = false;
  for (const Moved& m : it->second) {
    const std::string& p = sites_[m.site].path;
    if (p.empty() || use_path.empty() || related(p, use_path)) sites.push_back(m);
    if (p.empty()) whole = true;
  }
  if (sites.empty()) return;
  if (!whole) {
    report_partial(l, use_span, how, use_path, sites);
    return;
  }
  std::vector<std::uint32_t> key_sites;
  for (const Moved& m : sites) key_sites.push_back(m.site);
  if (!reported_.insert({l, key_sites}).second) return;

  const Local& loc = local(l);
  const bool borrow = how == Use::Borrow || how == Use::MutBorrow;
  bool loop_move = false;
  for (const Moved& m : sites) {
    if (sites_[m.site].span == use_span) loop_move = true;
  }
  Diagnostic d = Diagnostic::make(Kind::UseAfterMove, std::string(borrow ? "borrow" : "use") + " of moved value: `" + name(l) + "`");
  d.primary(use_span, loop_move ? "value moved here, in previous iteration of loop"
                                : borrow ? "value borrowed here after move" : "value used here after move");
  d.secondary(binding_span(l), "move occurs because `" + name(l) + "` has type `" + program_.type_name(loc.type) +
                            "`, which does not implement the `Copy` trait");
  std::vector<const ast::Expr*> loops;
  for (const Moved& m : sites) {
    const MoveSite& s = sites_[m.site];
    if (m.back_edge && s.loop != nullptr && std::find(loops.begin(), loops.end(), s.loop) == loops.end()) {
      loops.push_back(s.loop);
      d.secondary(loop_header(s.loop), "inside of this loop");
    }
    if (s.span == use_span) {
      if (s.kind == SiteKind::AsyncMove && s.inner_use.end != 0) d.secondary(s.inner_use, "use occurs due to use in coroutine");
      continue;
    }
    const std::string again = m.back_edge ? ", in previous iteration of loop" : "";
    switch (s.kind) {
      case SiteKind::Plain:
      case SiteKind::FnArg: d.secondary(s.span, "value moved here" + again); break;
      case SiteKind::MethodSelf: {
        d.secondary(s.span, "`" + name(l) + "` moved due to this method call" + again);
        const TypeKind k = program_.types.kind(loc.type);
        if (s.callee == nullptr && (k == TypeKind::Option || k == TypeKind::Result)) {
          d.secondary(s.receiver, "help: consider calling `.as_ref()` or `.as_mut()` to borrow the type's contents");
        }
        break;
      }
      case SiteKind::Await: d.secondary(s.span, "`" + name(l) + "` moved due to this await" + again); break;
      case SiteKind::ForIter:
        d.secondary(s.span, "`" + name(l) + "` moved due to this implicit call to `.into_iter()`" + again);
        break;
      case SiteKind::AsyncMove:
        d.secondary(s.span, "value moved here" + again);
        if (s.inner_use.end != 0) d.secondary(s.inner_use, "variable moved due to use in coroutine");
        break;
    }
  }
  // rustc gives the notes and helps from the last move to the first (in MIR order), the move
  // that the use itself repeats (in a loop) last.
  std::stable_sort(sites.begin(), sites.end(), [&](const Moved& a, const Moved& b) {
    const MoveSite& x = sites_[a.site];
    const MoveSite& y = sites_[b.site];
    const bool xu = x.span == use_span, yu = y.span == use_span;
    if (xu != yu) return yu;
    return x.span.begin > y.span.begin;
  });
  const bool clone = is_clone(program_, loc.type);
  for (const Moved& m : sites) {
    const MoveSite& s = sites_[m.site];
    if (s.kind == SiteKind::FnArg && s.callee != nullptr && s.callee->item != nullptr &&
        s.param < s.callee->item->params.size()) {
      const ast::FnItem* f = s.callee->item;
      const ast::Param& p = f->params[s.param];
      diag::SubDiagnostic note;
      note.level = diag::Level::Note;
      note.message = std::string("consider changing this parameter type in ") +
                     (s.callee->impl != nullptr && s.callee->self_kind != ast::SelfKind::None ? "method" : "function") +
                     " `" + std::string(f->name) + "` to borrow instead if owning the value isn't necessary";
      note.labels.push_back({p.type->span, "this parameter takes ownership of the value", true});
      note.labels.push_back({f->name_span, "in this " + std::string(s.callee->impl != nullptr && s.callee->self_kind != ast::SelfKind::None ? "method" : "function"), false});
      d.children.push_back(std::move(note));
    }
    if (s.kind == SiteKind::MethodSelf && s.callee != nullptr && s.callee->item != nullptr) {
      const ast::FnItem* f = s.callee->item;
      for (const ast::Param& p : f->params) {
        if (p.self_kind == ast::SelfKind::None) continue;
        diag::SubDiagnostic note;
        note.level = diag::Level::Note;
        note.message = "`" + program_.type_name(s.callee->self_type) + "::" + std::string(f->name) +
                       "` takes ownership of the receiver `self`, which moves `" + name(l) + "`";
        source::Span self_word = p.span;
        const std::string_view text = text_of(sink_, p.span);
        if (const auto pos = text.rfind("self"); pos != std::string_view::npos) {
          self_word = {p.span.begin + static_cast<std::uint32_t>(pos), p.span.begin + static_cast<std::uint32_t>(pos) + 4};
        }
        note.labels.push_back({self_word, "", true});
        d.children.push_back(std::move(note));
      }
    }
  }
  for (const Moved& m : sites) {
    const MoveSite& s = sites_[m.site];
    if (s.kind == SiteKind::ForIter && program_.types.kind(loc.type) == TypeKind::Vec) {
      d.suggest("consider iterating over a slice of the `" + program_.type_name(loc.type) +
                    "`'s content to avoid moving into the `for` loop",
                {s.span.begin, s.span.begin}, "&");
    }
  }
  for (const Moved& m : sites) {
    const MoveSite& s = sites_[m.site];
    if (!s.has_clone_at) continue;
    if (clone) {
      if (s.kind == SiteKind::MethodSelf) {
        d.suggest("you can `clone` the value and consume it, but this might not be your desired behavior",
                  {s.clone_at.end, s.clone_at.end}, ".clone()");
      } else if (s.kind == SiteKind::Plain || s.kind == SiteKind::FnArg) {
        d.suggest("consider cloning the value if the performance cost is acceptable", {s.clone_at.end, s.clone_at.end},
                  ".clone()");
      }
    } else if ((s.kind == SiteKind::Plain || s.kind == SiteKind::FnArg) &&
               program_.types.kind(loc.type) == TypeKind::Adt) {
      for (const AdtInfo& adt : program_.adts) {
        if (adt.type != loc.type) continue;
        const ast::Item* item = adt.struct_item != nullptr ? static_cast<const ast::Item*>(adt.struct_item)
                                                           : static_cast<const ast::Item*>(adt.enum_item);
        diag::SubDiagnostic note;
        note.level = diag::Level::Note;
        note.message = "if `" + std::string(adt.name) + "` implemented `Clone`, you could clone the value";
        note.labels.push_back({item_head(item), "consider implementing `Clone` for this type", true});
        note.labels.push_back({s.span, "you could clone this value", false});
        d.children.push_back(std::move(note));
      }
    }
  }
  emit(std::move(d));
}

void MoveChecker::report_uninit(LocalId l, source::Span use_span) {
  if (!uninit_reported_.insert(l).second) return;
  const std::string n = name(l);
  const auto maybe = state_.assigned.find(l);
  const bool possibly = maybe != state_.assigned.end();
  Diagnostic d = Diagnostic::make(Kind::UsedUninitialized, "used binding `" + n + "` " +
                                                               (possibly ? "is possibly-uninitialized" : "isn't initialized"));
  d.secondary(local(l).span, "binding declared here but left uninitialized");
  if (possibly) {
    const source::Span at{maybe->second.begin, maybe->second.begin + static_cast<std::uint32_t>(n.size())};
    d.secondary(at, "binding initialized here in some conditions");
  }
  d.primary(use_span, "`" + n + "` used here but it " + (possibly ? "is possibly-uninitialized" : "isn't initialized"));
  if (!possibly) {
    if (auto it = deferred_lets_.find(l); it != deferred_lets_.end()) {
      const ast::LetStmt* let = it->second;
      const std::uint32_t at = let->type != nullptr ? let->type->span.end : let->pattern->span.end;
      const TypeId t = local(l).type;
      const TypeKind k = program_.types.kind(t);
      const char* value = k == TypeKind::Int ? " = 42" : k == TypeKind::Bool ? " = false"
                          : k == TypeKind::Vec ? " = vec![]" : " = Default::default()";
      d.suggest("consider assigning a value", {at, at}, value, diag::Applicability::HasPlaceholders);
    }
  }
  emit(std::move(d));
}

void MoveChecker::report_partial(LocalId l, source::Span use_span, Use how, const std::string& use_path, const std::vector<Moved>& sites) {
  std::vector<std::uint32_t> key_sites;
  for (const Moved& m : sites) key_sites.push_back(m.site);
  if (!reported_.insert({l, key_sites}).second) return;
  const bool borrow = how == Use::Borrow || how == Use::MutBorrow;
  const MoveSite& first = sites_[sites.front().site];
  Diagnostic d;
  if (use_path.empty()) {
    d = Diagnostic::make(Kind::UseAfterMove, std::string(borrow ? "borrow" : "use") + " of partially moved value: `" + name(l) + "`");
    d.primary(use_span, borrow ? "value borrowed here after partial move" : "value used here after partial move");
  } else {
    d = Diagnostic::make(Kind::UseAfterMove, std::string(borrow ? "borrow" : "use") + " of moved value: `" + first.path + "`");
    d.primary(use_span, borrow ? "value borrowed here after move" : "value used here after move");
  }
  for (const Moved& m : sites) {
    const MoveSite& s = sites_[m.site];
    if (s.span == use_span) continue;
    d.secondary(s.span, std::string(use_path.empty() ? "value partially moved here" : "value moved here") +
                            (m.back_edge ? ", in previous iteration of loop" : ""));
  }
  const bool payload = first.path.find('#') != std::string::npos;  // an enum variant's field
  d.note(std::string(use_path.empty() ? "partial move" : "move") + " occurs because " +
         (payload ? std::string("value") : "`" + first.path + "`") + " has type `" + program_.type_name(first.type) +
         "`, which does not implement the `Copy` trait");
  emit(std::move(d));
}

void MoveChecker::report_move_out_of_ref(LocalId l, const std::string& path, const ast::Expr* e) {
  if (!reporting_ || !state_.live || !mut_reported_.insert(e->span.begin).second) return;
  const bool is_mut = l == self_local_ ? self_kind_ == ast::SelfKind::RefMut
                                       : program_.types.data(local(l).type).extra != 0;
  const TypeId t = program_.node_type[e->id];
  Diagnostic d = Diagnostic::make(Kind::MoveOutOfReference, "cannot move out of `" + path + "` which is behind a " +
                                                                (is_mut ? "mutable" : "shared") + " reference");
  d.primary(e->span, "move occurs because `" + path + "` has type `" + program_.type_name(t) +
                         "`, which does not implement the `Copy` trait");
  if (is_clone(program_, t)) {
    d.suggest("consider cloning the value if the performance cost is acceptable", {e->span.end, e->span.end}, ".clone()");
  }
  emit(std::move(d));
}

source::Span MoveChecker::item_head(const ast::Item* item) const {
  const std::string_view text = sink_.file().text();
  std::uint32_t begin = item->name_span.begin;
  const char* keyword = item->kind == ast::NodeKind::StructItem ? "struct" : "enum";
  const std::size_t pos = text.rfind(keyword, begin);
  if (pos != std::string_view::npos) begin = static_cast<std::uint32_t>(pos);
  if (item->is_pub) {
    const std::size_t p = text.rfind("pub", begin);
    if (p != std::string_view::npos) begin = static_cast<std::uint32_t>(p);
  }
  return {begin, item->name_span.end};
}

void MoveChecker::report_async_rule(LocalId l, source::Span at, const char* what) {
  if (!reporting_ || !state_.live || async_ == nullptr) return;
  if (!async_reported_.insert({async_->id, l}).second) return;
  const std::string n = name(l);
  const std::string w = what;
  Diagnostic d = Diagnostic::make(Kind::AsyncBlockCapture,
                                  w == "move" ? "a plain `async` block cannot move `" + n + "` out of its environment"
                                              : "a plain `async` block cannot " + w + " captured variable `" + n + "`");
  d.primary(at, w == "move" ? "`" + n + "` is moved here" : w == "assign to" ? "`" + n + "` is assigned here"
                                                                               : "`" + n + "` is mutably borrowed here");
  const source::Span kw = async_keywords(async_);
  d.secondary(kw, "this block captures `" + n + "` by reference");
  d.suggest("use `async move` to move `" + n + "` into the block", {kw.end, kw.end}, " move",
            diag::Applicability::MaybeIncorrect);
  emit(std::move(d));
}

void MoveChecker::check_mutable(LocalId l, const std::string& path, source::Span label_span, bool assign) {
  if (!state_.live) return;
  mutated_.insert(l);
  if (!reporting_) return;
  const Local& loc = local(l);
  const bool whole = path == name(l);
  if (l == self_local_ && self_kind_ == ast::SelfKind::RefMut) return;
  if (l == self_local_ && self_kind_ == ast::SelfKind::Ref) {
    if (!mut_reported_.insert(label_span.begin).second) return;
    const source::Span amp{self_span_.begin + 1, self_span_.begin + 1};
    Diagnostic d = assign ? Diagnostic::make(Kind::AssignToImmutablePlace,
                                             "cannot assign to `" + path + "`, which is behind a `&` reference")
                          : Diagnostic::make(Kind::BorrowImmutableMutably,
                                             "cannot borrow `" + (whole ? "*self" : path) +
                                                 "` as mutable, as it is behind a `&` reference");
    d.primary(label_span, assign ? "`self` is a `&` reference, so it cannot be written to"
                                 : "`self` is a `&` reference, so it cannot be borrowed as mutable");
    d.suggest("consider changing this to be a mutable reference", amp, "mut ");
    emit(std::move(d));
    return;
  }
  if (program_.types.kind(loc.type) == TypeKind::Ref) return;  // `&mut T` parameters; `&T` is not checked
  if (loc.is_mut) return;
  if (!mut_reported_.insert(label_span.begin).second) return;
  if (!assign) {  // reported per binding at the end of the body (several borrows make one error)
    mut_borrows_[l].emplace_back(path, label_span);
    return;
  }
  Diagnostic d = assign ? Diagnostic::make(Kind::AssignToImmutablePlace,
                                           "cannot assign to `" + path + "`, as `" + name(l) + "` is not declared as mutable")
                        : Diagnostic::make(Kind::BorrowImmutableMutably,
                                           "cannot borrow `" + path + "` as mutable, as " +
                                               (whole ? std::string("it") : "`" + name(l) + "`") + " is not declared as mutable");
  d.primary(label_span, assign ? "cannot assign" : "cannot borrow as mutable");
  d.suggest("consider changing this to be mutable", {loc.span.begin, loc.span.begin}, "mut ");
  emit(std::move(d));
}

void MoveChecker::assign_local(LocalId l, const ast::AssignExpr* a) {
  const Local& loc = local(l);
  state_.uninit.erase(l);
  const bool first_init = deferred_.count(l) != 0 && state_.assigned.count(l) == 0;
  if (first_init) state_.assigned.emplace(l, a->span);
  if (!first_init || a->op != ast::AssignOp::Assign) mutated_.insert(l);
  if (loc.is_mut || is_ref_local(l) || first_init) return;
  if (!reporting_ || !mut_reported_.insert(a->span.begin).second) return;
  const std::string n = name(l);
  Diagnostic d;
  if (params_.count(l) != 0) {
    d = Diagnostic::make(Kind::AssignTwiceImmutable, "cannot assign to immutable argument `" + n + "`");
    d.primary(a->span, "cannot assign to immutable argument");
  } else {
    d = Diagnostic::make(Kind::AssignTwiceImmutable, "cannot assign twice to immutable variable `" + n + "`");
    if (deferred_.count(l) != 0) {
      const source::Span first = state_.assigned.at(l);
      if (!(first == a->span)) d.secondary(first, "first assignment to `" + n + "`");
    } else {
      d.secondary(loc.span, "first assignment to `" + n + "`");
    }
    d.primary(a->span, "cannot assign twice to immutable variable");
  }
  d.suggest("consider making this binding mutable", {loc.span.begin, loc.span.begin}, "mut ");
  emit(std::move(d));
}

}  // namespace asyncc::sema::checks::moves

namespace asyncc::sema::checks::moves {

source::Span MoveChecker::binding_span(LocalId l) const {
  auto it = binding_spans_.find(l);
  return it != binding_spans_.end() ? it->second : local(l).span;
}

// E0596 for a binding not declared `mut`: one error per binding, listing every borrow when
// there are several (rustc's form), then all of the body's errors in source order, as rustc's
// borrowck sorts its buffered errors.
void MoveChecker::flush() {
  for (const auto& [l, borrows] : mut_borrows_) {
    const Local& loc = local(l);
    const auto& [path, span] = borrows.front();
    const bool whole = path == name(l);
    Diagnostic d = Diagnostic::make(Kind::BorrowImmutableMutably,
                                    "cannot borrow `" + path + "` as mutable, as " +
                                        (whole ? std::string("it") : "`" + name(l) + "`") + " is not declared as mutable");
    if (borrows.size() == 1) {
      d.primary(span, "cannot borrow as mutable");
    } else {
      d.primary(loc.span, "not mutable");
      for (const auto& b : borrows) d.secondary(b.second, "cannot borrow as mutable");
    }
    d.suggest("consider changing this to be mutable", {loc.span.begin, loc.span.begin}, "mut ");
    emit(std::move(d));
  }
  mut_borrows_.clear();
  std::stable_sort(buffered_.begin(), buffered_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.primary_span().begin < b.primary_span().begin;
  });
  for (Diagnostic& d : buffered_) sink_.emit(std::move(d));
  buffered_.clear();
}

}  // namespace asyncc::sema::checks::moves
