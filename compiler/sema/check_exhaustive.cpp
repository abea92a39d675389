// Exhaustiveness (E0004) and refutable `let` patterns (E0005), after rustc's
// rustc_pattern_analysis: patterns are deconstructed into constructors with fields, and the
// missing values are found by specialising the pattern matrix column by column. As rustc
// does, a column that lacks some constructors reports only those (with wildcard fields), and
// every constructor at the top level, but `_` for a nested column where none is present.
// Integers and chars are ranges split at the patterns' boundaries; strings and floats are never
// exhausted without a wildcard. Arms with a guard do not count.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "compiler/sema/checks.hpp"

namespace asyncc::sema::checks {

namespace {

using diag::Diagnostic;
using diag::Kind;
__extension__ typedef __int128 Int;  // holds every i64 and u64 value and their neighbours

enum class CtorKind : std::uint8_t { Variant, Single, Range, Opaque };

struct Ctor {
  CtorKind kind = CtorKind::Single;
  std::uint32_t index = 0;  // Variant: the variant (bool: 0 false, 1 true)
  Int lo = 0, hi = 0;       // Range, inclusive
};

struct Pat {
  bool wild = true;
  Ctor ctor;
  std::vector<const Pat*> fields;
  std::vector<const Pat*> alts;  // an or-pattern when non-empty
};

struct Witness {
  bool wild = true;
  bool str_ref = false;  // `&_`
  Ctor ctor;
  std::vector<Witness> fields;
};

class Exhaustiveness {
 public:
  Exhaustiveness(const Program& program, diag::DiagSink& sink) : program_(program), types_(program.types), sink_(sink) {}

  bool check_fn(const ast::FnItem& fn) {
    const std::size_t errors = sink_.error_count();
    visit_block(fn.body, [&](const ast::Node* n) {
      if (const auto* m = ast::dyn_cast<ast::MatchExpr>(n)) check_match(m);
      if (const auto* l = ast::dyn_cast<ast::LetStmt>(n)) check_let(l);
      return true;
    });
    return sink_.error_count() != errors;
  }

 private:
  // ------------------------------------------------------------------ types
  TypeId peel(TypeId t) const {
    while (t != 0 && types_.kind(t) == TypeKind::Ref) t = types_.arg(t, 0);
    return t;
  }
  const AdtInfo* adt(TypeId t) const {
    if (types_.kind(t) != TypeKind::Adt) return nullptr;
    for (const AdtInfo& a : program_.adts) {
      if (a.type == t) return &a;
    }
    return nullptr;
  }
  /// The number of constructors of an enumerable type, or 0 for ranges and opaque types.
  std::uint32_t ctor_count(TypeId t) const {
    switch (types_.kind(t)) {
      case TypeKind::Bool: case TypeKind::Option: case TypeKind::Result: case TypeKind::Either: return 2;
      case TypeKind::Tuple: return 1;
      case TypeKind::Adt: {
        const AdtInfo* a = adt(t);
        if (a == nullptr) return 0;
        return a->enum_item != nullptr ? static_cast<std::uint32_t>(a->variants.size()) : 1;
      }
      default: return 0;
    }
  }
  bool is_range_type(TypeId t) const { return types_.kind(t) == TypeKind::Int || types_.kind(t) == TypeKind::Char; }
  bool is_enum_like(TypeId t) const {
    const TypeKind k = types_.kind(t);
    return k == TypeKind::Bool || k == TypeKind::Option || k == TypeKind::Result || k == TypeKind::Either ||
           (k == TypeKind::Adt && adt(t) != nullptr && adt(t)->enum_item != nullptr);
  }
  Ctor ctor_at(TypeId t, std::uint32_t i) const {
    Ctor c;
    c.kind = is_enum_like(t) ? CtorKind::Variant : CtorKind::Single;
    c.index = i;
    return c;
  }
  std::vector<TypeId> fields_of(TypeId t, const Ctor& c) const {
    switch (types_.kind(t)) {
      case TypeKind::Option: return c.index == 1 ? std::vector<TypeId>{types_.arg(t, 0)} : std::vector<TypeId>{};
      case TypeKind::Result: case TypeKind::Either: return {types_.arg(t, c.index)};
      case TypeKind::Tuple: return types_.args(t);
      case TypeKind::Adt: {
        const AdtInfo* a = adt(t);
        if (a == nullptr || c.index >= a->variants.size()) return {};
        return a->variants[c.index].field_types;
      }
      default: return {};
    }
  }
  Int type_min(TypeId t) const {
    if (types_.kind(t) == TypeKind::Char) return 0;
    const auto k = static_cast<IntKind>(types_.data(t).extra);
    const unsigned bits = int_kind_bits(k);
    return int_kind_signed(k) ? -(Int(1) << (bits - 1)) : 0;
  }
  Int type_max(TypeId t) const {
    if (types_.kind(t) == TypeKind::Char) return 0x10FFFF;
    const auto k = static_cast<IntKind>(types_.data(t).extra);
    const unsigned bits = int_kind_bits(k);
    return int_kind_signed(k) ? (Int(1) << (bits - 1)) - 1 : (Int(1) << bits) - 1;
  }
  /// The valid values of a range type, as disjoint ranges (chars skip the surrogates).
  std::vector<std::pair<Int, Int>> domain(TypeId t) const {
    if (types_.kind(t) == TypeKind::Char) return {{0, 0xD7FF}, {0xE000, 0x10FFFF}};
    return {{type_min(t), type_max(t)}};
  }

  // ------------------------------------------------------------------ patterns
  std::optional<Int> literal_value(const ast::Expr* e) const {
    if (e == nullptr) return std::nullopt;
    if (const auto* i = ast::dyn_cast<ast::IntLitExpr>(e)) return Int(i->value);
    if (const auto* c = ast::dyn_cast<ast::CharLitExpr>(e)) return Int(c->value);
    if (const auto* u = ast::dyn_cast<ast::UnaryExpr>(e); u != nullptr && u->op == ast::UnaryOp::Neg) {
      if (auto v = literal_value(u->operand)) return -*v;
    }
    if (const auto* p = ast::dyn_cast<ast::ParenExpr>(e)) return literal_value(p->inner);
    if (e->kind == ast::NodeKind::PathExpr) {
      const Resolution& r = program_.node_res[e->id];
      if (r.kind == ResKind::Const && r.index < program_.consts.size()) {
        return literal_value(program_.consts[r.index].item->value);
      }
    }
    return std::nullopt;
  }

  const Pat* wild() {
    static const Pat w;
    return &w;
  }
  Pat* make() { return &arena_.emplace_back(); }

  const Pat* opaque() {
    Pat* p = make();
    p->wild = false;
    p->ctor.kind = CtorKind::Opaque;
    return p;
  }

  const Pat* ctor_pat(TypeId t, Ctor c, const std::vector<const Pat*>& fields) {
    Pat* p = make();
    p->wild = false;
    p->ctor = c;
    p->fields = fields;
    const std::size_t n = fields_of(t, c).size();
    p->fields.resize(n, wild());
    return p;
  }

  /// Sub-patterns with `..` expanded to wildcards so that there are `n`.
  std::vector<const Pat*> tuple_fields(const ast::List<ast::Pattern*>& elems, const std::vector<TypeId>& tys) {
    std::vector<const Pat*> out(tys.size(), wild());
    std::size_t rest = elems.size();
    for (std::size_t i = 0; i < elems.size(); ++i) {
      if (elems[static_cast<std::uint32_t>(i)]->kind == ast::NodeKind::RestPat) rest = i;
    }
    for (std::size_t i = 0; i < elems.size() && i < tys.size(); ++i) {
      if (i == rest) break;
      out[i] = lower(elems[static_cast<std::uint32_t>(i)], tys[i]);
    }
    if (rest < elems.size()) {
      const std::size_t after = elems.size() - rest - 1;
      for (std::size_t j = 0; j < after && j < tys.size(); ++j) {
        const std::size_t field = tys.size() - after + j;
        out[field] = lower(elems[static_cast<std::uint32_t>(rest + 1 + j)], tys[field]);
      }
    }
    return out;
  }

  /// The constructor a path in a pattern names (`None`, `Enum::V`, `Some`, a unit struct).
  std::optional<Ctor> path_ctor(const Resolution& r, TypeId t) const {
    if (r.kind == ResKind::Variant) return Ctor{CtorKind::Variant, r.sub, 0, 0};
    if (r.kind == ResKind::Struct) return Ctor{CtorKind::Single, 0, 0, 0};
    if (r.kind == ResKind::Prelude) {
      switch (static_cast<PreludeItem>(r.index)) {
        case PreludeItem::None: return Ctor{CtorKind::Variant, 0, 0, 0};
        case PreludeItem::Some: return Ctor{CtorKind::Variant, 1, 0, 0};
        case PreludeItem::Ok: case PreludeItem::Left: return Ctor{CtorKind::Variant, 0, 0, 0};
        case PreludeItem::Err: case PreludeItem::Right: return Ctor{CtorKind::Variant, 1, 0, 0};
        default: break;
      }
    }
    (void)t;
    return std::nullopt;
  }

  /// A pattern that is a path: a const (its value), a unit variant or struct, else a wildcard.
  const Pat* lower_path(const Resolution& r, TypeId t) {
    if (r.kind == ResKind::Const) {
      if (auto v = literal_value(program_.consts[r.index].item->value); v && is_range_type(t)) return range(*v, *v);
      return opaque();
    }
    if (auto c = path_ctor(r, t)) return ctor_pat(t, *c, {});
    return wild();
  }

  const Pat* lower(const ast::Pattern* p, TypeId t) {
    t = peel(t);
    switch (p->kind) {
      case ast::NodeKind::WildPat:
      case ast::NodeKind::RestPat:
        return wild();
      case ast::NodeKind::IdentPat: {
        const auto* ip = static_cast<const ast::IdentPat*>(p);
        const Resolution& r = program_.node_res[p->id];
        if (r.kind == ResKind::Local) return ip->sub != nullptr ? lower(ip->sub, t) : wild();
        return lower_path(r, t);
      }
      case ast::NodeKind::LitPat: {
        const ast::Expr* lit = static_cast<const ast::LitPat*>(p)->lit;
        if (const auto* b = ast::dyn_cast<ast::BoolLitExpr>(lit)) return ctor_pat(t, Ctor{CtorKind::Variant, b->value ? 1u : 0u, 0, 0}, {});
        if (auto v = literal_value(lit); v && is_range_type(t)) return range(*v, *v);
        return opaque();
      }
      case ast::NodeKind::RangePat: {
        const auto* rp = static_cast<const ast::RangePat*>(p);
        if (!is_range_type(t)) return opaque();
        Int lo = type_min(t), hi = type_max(t);
        if (rp->lo != nullptr) {
          auto v = literal_value(rp->lo);
          if (!v) return opaque();
          lo = *v;
        }
        if (rp->hi != nullptr) {
          auto v = literal_value(rp->hi);
          if (!v) return opaque();
          hi = rp->inclusive ? *v : *v - 1;
        }
        return range(lo, hi);
      }
      case ast::NodeKind::TuplePat: {
        if (types_.kind(t) != TypeKind::Tuple) return wild();
        return ctor_pat(t, Ctor{}, tuple_fields(static_cast<const ast::TuplePat*>(p)->elems, types_.args(t)));
      }
      case ast::NodeKind::PathPat: {
        return lower_path(program_.node_res[p->id], t);
      }
      case ast::NodeKind::TupleStructPat: {
        const auto* tp = static_cast<const ast::TupleStructPat*>(p);
        auto c = path_ctor(program_.node_res[p->id], t);
        if (!c) return wild();
        return ctor_pat(t, *c, tuple_fields(tp->elems, fields_of(t, *c)));
      }
      case ast::NodeKind::StructPat: {
        const auto* sp = static_cast<const ast::StructPat*>(p);
        auto c = path_ctor(program_.node_res[p->id], t);
        const AdtInfo* a = adt(t);
        if (!c || a == nullptr || c->index >= a->variants.size()) return wild();
        const auto& v = a->variants[c->index];
        std::vector<const Pat*> fields(v.field_types.size(), wild());
        for (const ast::FieldPat& f : sp->fields) {
          for (std::size_t i = 0; i < v.field_names.size(); ++i) {
            if (v.field_names[i] == f.name && f.pattern != nullptr) fields[i] = lower(f.pattern, v.field_types[i]);
          }
        }
        return ctor_pat(t, *c, fields);
      }
      case ast::NodeKind::OrPat: {
        Pat* out = make();
        out->wild = false;
        for (const ast::Pattern* alt : static_cast<const ast::OrPat*>(p)->alts) out->alts.push_back(lower(alt, t));
        return out;
      }
      default:
        return wild();
    }
  }

  const Pat* range(Int lo, Int hi) {
    Pat* p = make();
    p->wild = false;
    p->ctor.kind = CtorKind::Range;
    p->ctor.lo = lo;
    p->ctor.hi = hi;
    return p;
  }

  // ------------------------------------------------------------------ usefulness
  using Row = std::vector<const Pat*>;

  static std::vector<Row> expand_or(const std::vector<Row>& rows) {
    std::vector<Row> out;
    for (const Row& r : rows) {
      if (!r.empty() && !r[0]->wild && !r[0]->alts.empty()) {
        std::vector<Row> alts;
        for (const Pat* a : r[0]->alts) {
          Row x = r;
          x[0] = a;
          alts.push_back(std::move(x));
        }
        for (Row& x : expand_or(alts)) out.push_back(std::move(x));
      } else {
        out.push_back(r);
      }
    }
    return out;
  }

  /// The values of `tys` that no row matches, as witnesses (at most a few per column).
  std::vector<std::vector<Witness>> missing(const std::vector<Row>& input, const std::vector<TypeId>& tys, bool top) {
    if (++steps_ > 200000) return {};  // pathological matrices: give up rather than hang
    if (tys.empty()) return input.empty() ? std::vector<std::vector<Witness>>{{}} : std::vector<std::vector<Witness>>{};
    if (input.size() > 20000) return {};  // or-patterns multiplied out of all proportion
    const std::vector<Row> rows = expand_or(input);
    const TypeId t = peel(tys[0]);
    const std::vector<TypeId> rest(tys.begin() + 1, tys.end());
    std::vector<std::vector<Witness>> out;

    auto default_rows = [&] {
      std::vector<Row> d;
      for (const Row& r : rows) {
        if (r[0]->wild) d.emplace_back(r.begin() + 1, r.end());
      }
      return d;
    };
    auto specialize = [&](const Ctor& c, std::size_t arity, auto covers) {
      std::vector<Row> s;
      for (const Row& r : rows) {
        Row x;
        if (r[0]->wild) {
          x.assign(arity, wild());
        } else if (covers(r[0]->ctor)) {
          x = r[0]->fields;
          x.resize(arity, wild());
        } else {
          continue;
        }
        x.insert(x.end(), r.begin() + 1, r.end());
        s.push_back(std::move(x));
      }
      (void)c;
      return s;
    };
    auto prefix = [&](const Ctor& c, std::size_t arity, std::vector<std::vector<Witness>> sub) {
      for (auto& w : sub) {
        Witness head;
        head.wild = false;
        head.ctor = c;
        head.fields.assign(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(std::min(arity, w.size())));
        std::vector<Witness> full{head};
        full.insert(full.end(), w.begin() + static_cast<std::ptrdiff_t>(std::min(arity, w.size())), w.end());
        out.push_back(std::move(full));
      }
    };
    auto wild_prefix = [&](std::vector<std::vector<Witness>> sub, bool str_ref) {
      for (auto& w : sub) {
        Witness head;
        head.str_ref = str_ref;
        w.insert(w.begin(), head);
        out.push_back(std::move(w));
      }
    };

    if (const std::uint32_t n = ctor_count(t); n != 0) {
      std::vector<bool> present(n, false);
      bool any = false;
      for (const Row& r : rows) {
        if (!r[0]->wild && r[0]->ctor.kind != CtorKind::Opaque && r[0]->ctor.index < n) {
          present[r[0]->ctor.index] = true;
          any = true;
        }
      }
      std::vector<std::uint32_t> absent;
      for (std::uint32_t i = 0; i < n; ++i) {
        if (!present[i]) absent.push_back(i);
      }
      if (absent.empty()) {
        for (std::uint32_t i = 0; i < n; ++i) {
          const Ctor c = ctor_at(t, i);
          const std::vector<TypeId> f = fields_of(t, c);
          std::vector<TypeId> sub_tys = f;
          sub_tys.insert(sub_tys.end(), rest.begin(), rest.end());
          prefix(c, f.size(), missing(specialize(c, f.size(), [&](const Ctor& x) { return x.index == i; }), sub_tys, false));
        }
        return out;
      }
      auto sub = missing(default_rows(), rest, false);
      if (top || any) {
        for (std::uint32_t i : absent) {
          const Ctor c = ctor_at(t, i);
          std::vector<std::vector<Witness>> padded;
          for (const auto& w : sub) {
            std::vector<Witness> x(fields_of(t, c).size());
            x.insert(x.end(), w.begin(), w.end());
            padded.push_back(std::move(x));
          }
          prefix(c, fields_of(t, c).size(), std::move(padded));
        }
      } else {
        wild_prefix(std::move(sub), false);
      }
      return out;
    }

    if (is_range_type(t)) {
      // The present ranges, and the gaps they leave in the type's domain.
      std::vector<std::pair<Int, Int>> used;
      for (const Row& r : rows) {
        if (!r[0]->wild && r[0]->ctor.kind == CtorKind::Range) used.emplace_back(r[0]->ctor.lo, r[0]->ctor.hi);
      }
      std::vector<std::pair<Int, Int>> gaps;
      for (auto [lo, hi] : domain(t)) {
        Int at = lo;
        std::vector<std::pair<Int, Int>> sorted = used;
        std::sort(sorted.begin(), sorted.end());
        for (auto [ulo, uhi] : sorted) {
          if (uhi < at || ulo > hi) continue;
          if (ulo > at) gaps.emplace_back(at, ulo - 1);
          at = std::max(at, uhi + 1);
          if (at > hi) break;
        }
        if (at <= hi) gaps.emplace_back(at, hi);
      }
      if (!gaps.empty()) {
        auto sub = missing(default_rows(), rest, false);
        if (top || !used.empty()) {
          for (auto [lo, hi] : gaps) {
            Ctor c{CtorKind::Range, 0, lo, hi};
            prefix(c, 0, sub);
          }
        } else {
          wild_prefix(std::move(sub), false);
        }
        return out;
      }
      // Everything is covered by some range: split at every boundary and look inside each piece.
      std::vector<Int> cuts;
      for (auto [lo, hi] : used) {
        cuts.push_back(lo);
        cuts.push_back(hi + 1);
      }
      for (auto [lo, hi] : domain(t)) {
        cuts.push_back(lo);
        cuts.push_back(hi + 1);
      }
      std::sort(cuts.begin(), cuts.end());
      cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
      for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        const Int lo = cuts[i], hi = cuts[i + 1] - 1;
        bool valid = false;
        for (auto [dlo, dhi] : domain(t)) valid = valid || (lo >= dlo && hi <= dhi);
        if (!valid) continue;
        Ctor c{CtorKind::Range, 0, lo, hi};
        prefix(c, 0, missing(specialize(c, 0, [&](const Ctor& x) { return x.kind == CtorKind::Range && x.lo <= lo && hi <= x.hi; }),
                             rest, false));
      }
      return out;
    }

    // Strings, floats and everything else: only a wildcard exhausts them.
    wild_prefix(missing(default_rows(), rest, false), types_.kind(t) == TypeKind::Str);
    return out;
  }

  // ------------------------------------------------------------------ printing
  std::string int_text(Int v, TypeId t) const {
    if (types_.kind(t) == TypeKind::Char) {
      const auto c = static_cast<std::uint32_t>(v);
      std::string s = "'";
      if (c == 0) s += "\\0";
      else if (c == '\t') s += "\\t";
      else if (c == '\n') s += "\\n";
      else if (c == '\r') s += "\\r";
      else if (c == '\'') s += "\\'";
      else if (c == '\\') s += "\\\\";
      else if (c >= 0x20 && c < 0x7f) s += static_cast<char>(c);
      else {
        char buf[16];
        std::snprintf(buf, sizeof buf, "\\u{%x}", c);
        s += buf;
      }
      return s + "'";
    }
    const std::string ty = int_kind_name(static_cast<IntKind>(types_.data(t).extra));
    if (v == type_max(t)) return ty + "::MAX";
    if (v == type_min(t) && int_kind_signed(static_cast<IntKind>(types_.data(t).extra))) return ty + "::MIN";
    std::string digits;
    Int x = v < 0 ? -v : v;
    do {
      digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(x % 10)));
      x /= 10;
    } while (x != 0);
    return (v < 0 ? "-" : "") + digits + "_" + ty;
  }

  std::string show(const Witness& w, TypeId t) const {
    t = peel(t);
    if (w.wild) return w.str_ref ? "&_" : "_";
    auto list = [&](const std::vector<TypeId>& tys) {
      std::string s;
      for (std::size_t i = 0; i < w.fields.size() && i < tys.size(); ++i) s += (i ? ", " : "") + show(w.fields[i], tys[i]);
      return s;
    };
    const std::vector<TypeId> ftys = fields_of(t, w.ctor);
    switch (types_.kind(t)) {
      case TypeKind::Bool: return w.ctor.index == 1 ? "true" : "false";
      case TypeKind::Option: return w.ctor.index == 1 ? "Some(" + list(ftys) + ")" : "None";
      case TypeKind::Result: return std::string(w.ctor.index == 0 ? "Ok(" : "Err(") + list(ftys) + ")";
      case TypeKind::Either: return std::string(w.ctor.index == 0 ? "Either::Left(" : "Either::Right(") + list(ftys) + ")";
      case TypeKind::Tuple: return ftys.size() == 1 ? "(" + list(ftys) + ",)" : "(" + list(ftys) + ")";
      case TypeKind::Int: case TypeKind::Char: {
        const Int lo = w.ctor.lo, hi = w.ctor.hi;
        if (lo == hi) return int_text(lo, t);
        const bool pointer_sized = types_.kind(t) == TypeKind::Int &&
                                   (static_cast<IntKind>(types_.data(t).extra) == IntKind::Usize ||
                                    static_cast<IntKind>(types_.data(t).extra) == IntKind::Isize);
        if (pointer_sized && hi == type_max(t)) return int_text(lo, t) + "..";
        return int_text(lo, t) + "..=" + int_text(hi, t);
      }
      case TypeKind::Adt: {
        const AdtInfo* a = adt(t);
        if (a == nullptr || w.ctor.index >= a->variants.size()) return "_";
        const auto& v = a->variants[w.ctor.index];
        const std::string head = a->enum_item != nullptr ? std::string(a->name) + "::" + std::string(v.name) : std::string(a->name);
        switch (v.shape) {
          case ast::StructShape::Unit: return head;
          case ast::StructShape::Tuple: return head + "(" + list(ftys) + ")";
          case ast::StructShape::Named: {
            std::string s;
            bool skipped = false;
            for (std::size_t i = 0; i < w.fields.size() && i < ftys.size(); ++i) {
              if (w.fields[i].wild) {
                skipped = true;
                continue;
              }
              s += (s.empty() ? "" : ", ") + std::string(v.field_names[i]) + ": " + show(w.fields[i], ftys[i]);
            }
            if (skipped) s += s.empty() ? ".." : ", ..";
            return head + " { " + s + " }";
          }
        }
        return head;
      }
      default: return "_";
    }
  }

  static std::string joined(const std::vector<std::string>& pats) {
    std::string s;
    const std::size_t shown = pats.size() > 3 ? 3 : pats.size();
    for (std::size_t i = 0; i < shown; ++i) {
      if (i > 0) s += (i + 1 == shown && pats.size() <= 3) ? " and " : ", ";
      s += "`" + pats[i] + "`";
    }
    if (pats.size() > 3) s += " and " + std::to_string(pats.size() - 3) + " more";
    return s;
  }

  std::vector<std::string> witnesses_of(const std::vector<const Pat*>& arms, TypeId t, std::vector<std::vector<Witness>>& raw) {
    std::vector<Row> rows;
    for (const Pat* p : arms) rows.push_back({p});
    steps_ = 0;
    raw = missing(rows, {t}, true);
    std::vector<std::string> out;
    for (const auto& w : raw) {
      if (!w.empty()) out.push_back(show(w[0], t));
    }
    return out;
  }

  void check_match(const ast::MatchExpr* m) {
    const TypeId t = peel(program_.node_type[m->scrutinee->id]);
    if (t == 0 || types_.kind(t) == TypeKind::Error || types_.kind(t) == TypeKind::Never) return;
    std::vector<const Pat*> arms;
    for (const ast::MatchArm& arm : m->arms) {
      if (arm.guard == nullptr) arms.push_back(lower(arm.pattern, t));
    }
    std::vector<std::vector<Witness>> raw;
    const std::vector<std::string> pats = witnesses_of(arms, t, raw);
    if (pats.empty()) return;
    const std::string list = joined(pats);
    Diagnostic d = Diagnostic::make(Kind::NonExhaustiveMatch, "non-exhaustive patterns: " + list + " not covered");
    d.primary(m->scrutinee->span, std::string(pats.size() == 1 ? "pattern " : "patterns ") + list + " not covered");
    if (const AdtInfo* a = adt(t); a != nullptr && a->enum_item != nullptr) {
      diag::SubDiagnostic note;
      note.level = diag::Level::Note;
      note.message = "`" + std::string(a->name) + "` defined here";
      note.labels.push_back({a->enum_item->name_span, "", true});
      std::vector<std::uint32_t> seen;
      for (const auto& w : raw) {
        if (w.empty() || w[0].wild || std::find(seen.begin(), seen.end(), w[0].ctor.index) != seen.end()) continue;
        seen.push_back(w[0].ctor.index);
        if (w[0].ctor.index < a->enum_item->variants.size()) {
          note.labels.push_back({a->enum_item->variants[w[0].ctor.index].name_span, "not covered", false});
        }
      }
      d.children.push_back(std::move(note));
    } else if (a != nullptr) {
      diag::SubDiagnostic note;
      note.level = diag::Level::Note;
      note.message = "`" + std::string(a->name) + "` defined here";
      note.labels.push_back({a->struct_item->name_span, "", true});
      d.children.push_back(std::move(note));
    }
    d.note("the matched value is of type `" + program_.type_name(program_.node_type[m->scrutinee->id]) + "`");
    if (types_.kind(t) == TypeKind::Str) d.note("`&str` cannot be matched exhaustively, so a wildcard `_` is necessary");
    std::string arm_pat;
    std::string help = "ensure that all possible cases are being handled by adding a match arm with a wildcard pattern";
    if (pats.size() == 1) {
      arm_pat = pats[0];
      help += " or an explicit pattern as shown";
    } else if (pats.size() <= 3) {
      for (std::size_t i = 0; i < pats.size(); ++i) arm_pat += (i ? " | " : "") + pats[i];
      help += ", a match arm with multiple or-patterns as shown, or multiple match arms";
    } else {
      arm_pat = "_";
      help += " as shown, or multiple match arms";
    }
    if (!m->arms.empty()) {
      const ast::MatchArm& last = m->arms[m->arms.size() - 1];
      const source::SourceFile& file = sink_.file();
      const std::uint32_t at = last.body->span.end;
      std::string text;
      if (file.line_col(last.span.begin).line != file.line_col(m->scrutinee->span.begin).line) {
        const std::string_view line = file.line_text(file.line_col(last.span.begin).line);
        const std::string indent(line.substr(0, line.find_first_not_of(" \t")));
        text = ",\n" + indent + arm_pat + " => todo!()";
      } else {
        text = ", " + arm_pat + " => todo!()";
      }
      d.suggest(help, {at, at}, text, diag::Applicability::HasPlaceholders);
    } else {
      d.help(help);
    }
    sink_.emit(std::move(d));
  }

  void check_let(const ast::LetStmt* let) {
    if (let->init == nullptr) return;
    const TypeId t = peel(program_.node_type[let->pattern->id] != 0 ? program_.node_type[let->pattern->id]
                                                                     : program_.node_type[let->init->id]);
    if (t == 0 || types_.kind(t) == TypeKind::Error) return;
    std::vector<std::vector<Witness>> raw;
    const std::vector<std::string> pats = witnesses_of({lower(let->pattern, t)}, t, raw);
    if (pats.empty()) return;
    const std::string list = joined(pats);
    Diagnostic d = Diagnostic::make(Kind::RefutableLetPattern, "refutable pattern in local binding");
    d.primary(let->pattern->span, std::string(pats.size() == 1 ? "pattern " : "patterns ") + list + " not covered");
    d.note("`let` bindings require an \"irrefutable pattern\", like a `struct` or an `enum` with only one variant");
    d.note("for more information, visit https://doc.rust-lang.org/book/ch19-02-refutability.html");
    d.note("the matched value is of type `" + program_.type_name(t) + "`");
    d.suggest("you might want to use `let...else` to handle the variant" + std::string(pats.size() == 1 ? " that isn't" : "s that aren't") +
                  " matched",
              {let->init->span.end, let->init->span.end}, " else { todo!() }", diag::Applicability::HasPlaceholders);
    sink_.emit(std::move(d));
  }

  const Program& program_;
  const TypeTable& types_;
  diag::DiagSink& sink_;
  std::deque<Pat> arena_;
  std::size_t steps_ = 0;
};

}  // namespace

bool check_patterns(const ast::FnItem& fn, const Program& program, diag::DiagSink& sink) {
  return Exhaustiveness(program, sink).check_fn(fn);
}

}  // namespace asyncc::sema::checks
