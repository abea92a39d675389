// ast::dump: one node a line, `Kind details line:col-line:col`, children indented two spaces.
// The format is made for golden tests: keep it stable (tests/lit/ast pins it).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "compiler/ast/deep_stack.hpp"
#include "compiler/ast/dump.hpp"

namespace asyncc::ast {

namespace {

constexpr int max_indent = 100;

/// Byte offset → line:column in O(log lines + 1024): SourceFile::line_col counts characters
/// from the line's start, which is quadratic over a dump of one very long line.
class Positions {
 public:
  explicit Positions(const source::SourceFile& source) : source_(source) {
    const std::string_view text = source.text();
    chars_before_block_.reserve(text.size() / block + 1);
    std::uint32_t chars = 0;
    for (std::size_t b = 0; b * block <= text.size(); ++b) {
      chars_before_block_.push_back(chars);
      chars += source::count_chars(text.substr(b * block, block));
    }
  }

  source::LineCol at(std::uint32_t offset) const {
    offset = std::min(offset, source_.size());
    std::uint32_t lo = 1, hi = source_.line_count();
    while (lo < hi) {  // the last line starting at or before `offset`
      const std::uint32_t mid = (lo + hi + 1) / 2;
      if (source_.line_start(mid) <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return {lo, chars_before(offset) - chars_before(source_.line_start(lo)) + 1};
  }

 private:
  static constexpr std::size_t block = 1024;

  std::uint32_t chars_before(std::uint32_t offset) const {
    const std::size_t b = offset / block;
    return chars_before_block_[b] + source::count_chars(source_.text().substr(b * block, offset - b * block));
  }

  const source::SourceFile& source_;
  std::vector<std::uint32_t> chars_before_block_;
};

class Dumper {
 public:
  explicit Dumper(const source::SourceFile& source) : positions_(source) {}

  std::string take() { return std::move(out_); }

  void file(const File& f) {
    for (const Item* item : f.items) this->item(item, 0);
  }

 private:
  void indent(int depth) {
    // Chains like `a + b + …` make trees as deep as they are long: past max_indent the depth
    // is written as a number so that the dump stays linear in the tree's size.
    if (depth <= max_indent) {
      out_.append(static_cast<std::size_t>(depth) * 2, ' ');
      return;
    }
    out_.append(static_cast<std::size_t>(max_indent) * 2, ' ');
    out_ += "@" + std::to_string(depth) + " ";
  }

  void line(int depth, std::string_view text, Span span) {
    indent(depth);
    out_ += text;
    out_ += ' ';
    const source::LineCol b = positions_.at(span.begin);
    const source::LineCol e = positions_.at(span.end);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%u:%u-%u:%u\n", b.line, b.column, e.line, e.column);
    out_ += buffer;
  }

  static std::string quote(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\0': out += "\\0"; break;
        default: out += c; break;
      }
    }
    return out + "\"";
  }

  static std::string path_text(const Path& path) {
    std::string out;
    bool first = true;
    for (const PathSegment& segment : path.segments) {
      if (!first) out += "::";
      first = false;
      out += segment.name;
      if (segment.has_args) out += "<…>";
    }
    return out;
  }

  void path_args(const Path& path, int depth) {
    for (const PathSegment& segment : path.segments) {
      if (!segment.has_args) continue;
      line(depth, "GenericArgs " + std::string(segment.name), segment.span);
      generic_args(segment.args, depth + 1);
    }
  }

  void generic_args(const List<GenericArg>& args, int depth) {
    for (const GenericArg& arg : args) {
      if (!arg.name.empty()) {
        line(depth, "Binding " + std::string(arg.name), arg.span);
        type(arg.type, depth + 1);
      } else {
        type(arg.type, depth);
      }
    }
  }

  void attrs(const List<Attribute>& list, int depth) {
    for (const Attribute& attr : list) {
      line(depth, "Attribute " + std::string(attr.name), attr.span);
      for (const AttrArg& arg : attr.args) {
        line(depth + 1, "AttrArg " + std::string(arg.name), arg.span);
        if (arg.value) expr(arg.value, depth + 2);
      }
    }
  }

  void fields(const List<FieldDecl>& list, int depth) {
    for (const FieldDecl& field : list) {
      std::string text = "Field";
      if (!field.name.empty()) text += " " + std::string(field.name);
      if (field.is_pub) text += " pub";
      line(depth, text, field.span);
      type(field.type, depth + 1);
    }
  }

  static const char* shape_name(StructShape shape) {
    switch (shape) {
      case StructShape::Named: return "named";
      case StructShape::Tuple: return "tuple";
      case StructShape::Unit: return "unit";
    }
    return "?";
  }

  void item(const Item* it, int depth) {
    std::string text = node_kind_name(it->kind);
    if (!it->name.empty()) text += " " + std::string(it->name);
    if (it->is_pub) text += " pub";
    switch (it->kind) {
      case NodeKind::FnItem: {
        const auto* fn = static_cast<const FnItem*>(it);
        if (fn->is_async) text += " async";
        if (!fn->body) text += " decl";
        line(depth, text, it->span);
        attrs(it->attrs, depth + 1);
        for (const Param& param : fn->params) {
          static constexpr const char* self_names[] = {"", " self", " mut self", " &self", " &mut self"};
          line(depth + 1, std::string("Param") + self_names[static_cast<int>(param.self_kind)], param.span);
          if (param.pattern) pattern(param.pattern, depth + 2);
          if (param.type) type(param.type, depth + 2);
        }
        if (fn->ret) {
          line(depth + 1, "Return", fn->ret->span);
          type(fn->ret, depth + 2);
        }
        if (fn->body) block(fn->body, depth + 1);
        return;
      }
      case NodeKind::StructItem: {
        const auto* s = static_cast<const StructItem*>(it);
        text += std::string(" ") + shape_name(s->shape);
        line(depth, text, it->span);
        attrs(it->attrs, depth + 1);
        fields(s->fields, depth + 1);
        return;
      }
      case NodeKind::EnumItem: {
        const auto* e = static_cast<const EnumItem*>(it);
        line(depth, text, it->span);
        attrs(it->attrs, depth + 1);
        for (const Variant& v : e->variants) {
          line(depth + 1, "Variant " + std::string(v.name) + " " + shape_name(v.shape), v.span);
          fields(v.fields, depth + 2);
        }
        return;
      }
      case NodeKind::ImplItem: {
        const auto* impl = static_cast<const ImplItem*>(it);
        if (impl->trait_path) text += " " + path_text(*impl->trait_path) + " for";
        line(depth, text, it->span);
        attrs(it->attrs, depth + 1);
        if (impl->trait_path) path_args(*impl->trait_path, depth + 1);
        type(impl->self_type, depth + 1);
        for (const Item* member : impl->members) item(member, depth + 1);
        return;
      }
      case NodeKind::ExternBlockItem: {
        const auto* ext = static_cast<const ExternBlockItem*>(it);
        text += " " + quote(ext->abi);
        line(depth, text, it->span);
        attrs(it->attrs, depth + 1);
        for (const Item* member : ext->members) item(member, depth + 1);
        return;
      }
      case NodeKind::ConstItem: {
        const auto* c = static_cast<const ConstItem*>(it);
        line(depth, text, it->span);
        attrs(it->attrs, depth + 1);
        type(c->type, depth + 1);
        if (c->value) expr(c->value, depth + 1);
        return;
      }
      default: line(depth, text, it->span); return;
    }
  }

  void block(const Block* b, int depth) {
    line(depth, "Block", b->span);
    for (const Stmt* s : b->stmts) stmt(s, depth + 1);
    if (b->tail) {
      line(depth + 1, "Tail", b->tail->span);
      expr(b->tail, depth + 2);
    }
  }

  void stmt(const Stmt* s, int depth) {
    switch (s->kind) {
      case NodeKind::LetStmt: {
        const auto* let = static_cast<const LetStmt*>(s);
        line(depth, "LetStmt", s->span);
        pattern(let->pattern, depth + 1);
        if (let->type) type(let->type, depth + 1);
        if (let->init) expr(let->init, depth + 1);
        return;
      }
      case NodeKind::ExprStmt: {
        const auto* e = static_cast<const ExprStmt*>(s);
        line(depth, e->has_semi ? "ExprStmt semi" : "ExprStmt", s->span);
        expr(e->expr, depth + 1);
        return;
      }
      case NodeKind::ItemStmt:
        line(depth, "ItemStmt", s->span);
        item(static_cast<const ItemStmt*>(s)->item, depth + 1);
        return;
      default: line(depth, node_kind_name(s->kind), s->span); return;
    }
  }

  static std::string label_text(const Label& label) {
    return label.name.empty() ? std::string() : " " + std::string(label.name);
  }

  void expr(const Expr* e, int depth) {
    if (!e) {
      indent(depth);
      out_ += "<null>\n";
      return;
    }
    const std::string_view kind = node_kind_name(e->kind);
    switch (e->kind) {
      case NodeKind::IntLitExpr: {
        const auto* lit = static_cast<const IntLitExpr*>(e);
        std::string text = std::string(kind) + " " + std::to_string(lit->value);
        if (!lit->suffix.empty()) text += " " + std::string(lit->suffix);
        if (lit->overflow) text += " overflow";
        line(depth, text, e->span);
        return;
      }
      case NodeKind::FloatLitExpr: {
        const auto* lit = static_cast<const FloatLitExpr*>(e);
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.17g", lit->value);
        std::string text = std::string(kind) + " " + buffer;
        if (!lit->suffix.empty()) text += " " + std::string(lit->suffix);
        line(depth, text, e->span);
        return;
      }
      case NodeKind::StrLitExpr: {
        const auto* lit = static_cast<const StrLitExpr*>(e);
        line(depth, std::string(kind) + (lit->raw ? " raw " : " ") + quote(lit->value), e->span);
        return;
      }
      case NodeKind::CharLitExpr: {
        const auto* lit = static_cast<const CharLitExpr*>(e);
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, " U+%04X", static_cast<unsigned>(lit->value));
        line(depth, std::string(kind) + buffer, e->span);
        return;
      }
      case NodeKind::BoolLitExpr:
        line(depth, std::string(kind) + (static_cast<const BoolLitExpr*>(e)->value ? " true" : " false"), e->span);
        return;
      case NodeKind::PathExpr: {
        const auto& path = static_cast<const PathExpr*>(e)->path;
        line(depth, std::string(kind) + " " + path_text(path), e->span);
        path_args(path, depth + 1);
        return;
      }
      case NodeKind::UnaryExpr: {
        const auto* u = static_cast<const UnaryExpr*>(e);
        line(depth, std::string(kind) + " " + unary_op_spelling(u->op), e->span);
        expr(u->operand, depth + 1);
        return;
      }
      case NodeKind::BinaryExpr: {
        const auto* b = static_cast<const BinaryExpr*>(e);
        line(depth, std::string(kind) + " " + binary_op_spelling(b->op), e->span);
        expr(b->lhs, depth + 1);
        expr(b->rhs, depth + 1);
        return;
      }
      case NodeKind::AssignExpr: {
        const auto* a = static_cast<const AssignExpr*>(e);
        line(depth, std::string(kind) + " " + assign_op_spelling(a->op), e->span);
        expr(a->lhs, depth + 1);
        expr(a->rhs, depth + 1);
        return;
      }
      case NodeKind::CastExpr: {
        const auto* c = static_cast<const CastExpr*>(e);
        line(depth, kind, e->span);
        expr(c->operand, depth + 1);
        type(c->type, depth + 1);
        return;
      }
      case NodeKind::CallExpr: {
        const auto* c = static_cast<const CallExpr*>(e);
        line(depth, kind, e->span);
        expr(c->callee, depth + 1);
        for (const Expr* arg : c->args) expr(arg, depth + 1);
        return;
      }
      case NodeKind::MethodCallExpr: {
        const auto* m = static_cast<const MethodCallExpr*>(e);
        line(depth, std::string(kind) + " " + std::string(m->name), e->span);
        expr(m->receiver, depth + 1);
        if (!m->turbofish.empty()) {
          line(depth + 1, "Turbofish", m->name_span);
          generic_args(m->turbofish, depth + 2);
        }
        for (const Expr* arg : m->args) expr(arg, depth + 1);
        return;
      }
      case NodeKind::FieldExpr: {
        const auto* f = static_cast<const FieldExpr*>(e);
        line(depth, std::string(kind) + " " + std::string(f->name), e->span);
        expr(f->base, depth + 1);
        return;
      }
      case NodeKind::TupleIndexExpr: {
        const auto* t = static_cast<const TupleIndexExpr*>(e);
        line(depth, std::string(kind) + " " + std::to_string(t->index), e->span);
        expr(t->base, depth + 1);
        return;
      }
      case NodeKind::IndexExpr: {
        const auto* i = static_cast<const IndexExpr*>(e);
        line(depth, kind, e->span);
        expr(i->base, depth + 1);
        expr(i->index, depth + 1);
        return;
      }
      case NodeKind::AwaitExpr:
        line(depth, kind, e->span);
        expr(static_cast<const AwaitExpr*>(e)->operand, depth + 1);
        return;
      case NodeKind::TryExpr:
        line(depth, kind, e->span);
        expr(static_cast<const TryExpr*>(e)->operand, depth + 1);
        return;
      case NodeKind::ParenExpr:
        line(depth, kind, e->span);
        expr(static_cast<const ParenExpr*>(e)->inner, depth + 1);
        return;
      case NodeKind::StructLitExpr: {
        const auto* s = static_cast<const StructLitExpr*>(e);
        line(depth, std::string(kind) + " " + path_text(s->path), e->span);
        path_args(s->path, depth + 1);
        for (const FieldInit& field : s->fields) {
          line(depth + 1, std::string("FieldInit ") + std::string(field.name) + (field.shorthand ? " shorthand" : ""),
               field.span);
          expr(field.value, depth + 2);
        }
        if (s->base) {
          line(depth + 1, "Base", s->base->span);
          expr(s->base, depth + 2);
        }
        return;
      }
      case NodeKind::TupleExpr: {
        const auto* t = static_cast<const TupleExpr*>(e);
        line(depth, t->elems.empty() ? std::string("TupleExpr unit") : std::string(kind), e->span);
        for (const Expr* elem : t->elems) expr(elem, depth + 1);
        return;
      }
      case NodeKind::BlockExpr: {
        const auto* b = static_cast<const BlockExpr*>(e);
        line(depth, std::string(kind) + label_text(b->label), e->span);
        block(b->block, depth + 1);
        return;
      }
      case NodeKind::AsyncBlockExpr: {
        const auto* a = static_cast<const AsyncBlockExpr*>(e);
        line(depth, std::string(kind) + (a->is_move ? " move" : ""), e->span);
        block(a->block, depth + 1);
        return;
      }
      case NodeKind::IfExpr: {
        const auto* i = static_cast<const IfExpr*>(e);
        line(depth, i->let_pattern ? std::string("IfExpr let") : std::string(kind), e->span);
        if (i->let_pattern) pattern(i->let_pattern, depth + 1);
        expr(i->cond, depth + 1);
        block(i->then_block, depth + 1);
        if (i->else_branch) {
          line(depth + 1, "Else", i->else_branch->span);
          expr(i->else_branch, depth + 2);
        }
        return;
      }
      case NodeKind::WhileExpr: {
        const auto* w = static_cast<const WhileExpr*>(e);
        line(depth, std::string(kind) + (w->let_pattern ? " let" : "") + label_text(w->label), e->span);
        if (w->let_pattern) pattern(w->let_pattern, depth + 1);
        expr(w->cond, depth + 1);
        block(w->body, depth + 1);
        return;
      }
      case NodeKind::LoopExpr: {
        const auto* l = static_cast<const LoopExpr*>(e);
        line(depth, std::string(kind) + label_text(l->label), e->span);
        block(l->body, depth + 1);
        return;
      }
      case NodeKind::ForExpr: {
        const auto* f = static_cast<const ForExpr*>(e);
        line(depth, std::string(kind) + label_text(f->label), e->span);
        pattern(f->pattern, depth + 1);
        expr(f->iter, depth + 1);
        block(f->body, depth + 1);
        return;
      }
      case NodeKind::MatchExpr: {
        const auto* m = static_cast<const MatchExpr*>(e);
        line(depth, kind, e->span);
        expr(m->scrutinee, depth + 1);
        for (const MatchArm& arm : m->arms) {
          line(depth + 1, arm.guard ? "Arm guard" : "Arm", arm.span);
          pattern(arm.pattern, depth + 2);
          if (arm.guard) expr(arm.guard, depth + 2);
          expr(arm.body, depth + 2);
        }
        return;
      }
      case NodeKind::BreakExpr: {
        const auto* b = static_cast<const BreakExpr*>(e);
        line(depth, std::string(kind) + label_text(b->label), e->span);
        if (b->value) expr(b->value, depth + 1);
        return;
      }
      case NodeKind::ContinueExpr:
        line(depth, std::string(kind) + label_text(static_cast<const ContinueExpr*>(e)->label), e->span);
        return;
      case NodeKind::ReturnExpr: {
        const auto* r = static_cast<const ReturnExpr*>(e);
        line(depth, kind, e->span);
        if (r->value) expr(r->value, depth + 1);
        return;
      }
      case NodeKind::RangeExpr: {
        const auto* r = static_cast<const RangeExpr*>(e);
        line(depth, std::string(kind) + (r->inclusive ? " ..=" : " .."), e->span);
        if (r->lo) expr(r->lo, depth + 1);
        if (r->hi) expr(r->hi, depth + 1);
        return;
      }
      case NodeKind::MacroExpr: {
        const auto* m = static_cast<const MacroExpr*>(e);
        line(depth, std::string(kind) + " " + macro_name(m->macro) + "!" + (m->is_repeat ? " repeat" : ""), e->span);
        for (const Expr* arg : m->args) expr(arg, depth + 1);
        return;
      }
      default: line(depth, kind, e->span); return;
    }
  }

  void pattern(const Pattern* p, int depth) {
    if (!p) {
      indent(depth);
      out_ += "<null>\n";
      return;
    }
    const std::string_view kind = node_kind_name(p->kind);
    switch (p->kind) {
      case NodeKind::IdentPat: {
        const auto* i = static_cast<const IdentPat*>(p);
        line(depth, std::string(kind) + (i->is_mut ? " mut " : " ") + std::string(i->name), p->span);
        if (i->sub) pattern(i->sub, depth + 1);
        return;
      }
      case NodeKind::LitPat:
        line(depth, kind, p->span);
        expr(static_cast<const LitPat*>(p)->lit, depth + 1);
        return;
      case NodeKind::RangePat: {
        const auto* r = static_cast<const RangePat*>(p);
        line(depth, std::string(kind) + (r->inclusive ? " ..=" : " .."), p->span);
        if (r->lo) expr(r->lo, depth + 1);
        if (r->hi) expr(r->hi, depth + 1);
        return;
      }
      case NodeKind::TuplePat:
        line(depth, kind, p->span);
        for (const Pattern* elem : static_cast<const TuplePat*>(p)->elems) pattern(elem, depth + 1);
        return;
      case NodeKind::PathPat: {
        const auto& path = static_cast<const PathPat*>(p)->path;
        line(depth, std::string(kind) + " " + path_text(path), p->span);
        path_args(path, depth + 1);
        return;
      }
      case NodeKind::TupleStructPat: {
        const auto* t = static_cast<const TupleStructPat*>(p);
        line(depth, std::string(kind) + " " + path_text(t->path), p->span);
        path_args(t->path, depth + 1);
        for (const Pattern* elem : t->elems) pattern(elem, depth + 1);
        return;
      }
      case NodeKind::StructPat: {
        const auto* s = static_cast<const StructPat*>(p);
        line(depth, std::string(kind) + " " + path_text(s->path) + (s->has_rest ? " rest" : ""), p->span);
        path_args(s->path, depth + 1);
        for (const FieldPat& field : s->fields) {
          line(depth + 1, std::string("FieldPat ") + std::string(field.name) + (field.shorthand ? " shorthand" : ""),
               field.span);
          pattern(field.pattern, depth + 2);
        }
        return;
      }
      case NodeKind::OrPat:
        line(depth, kind, p->span);
        for (const Pattern* alt : static_cast<const OrPat*>(p)->alts) pattern(alt, depth + 1);
        return;
      default: line(depth, kind, p->span); return;
    }
  }

  void type(const Type* t, int depth) {
    if (!t) {
      indent(depth);
      out_ += "<null>\n";
      return;
    }
    const std::string_view kind = node_kind_name(t->kind);
    switch (t->kind) {
      case NodeKind::PathType: {
        const auto& path = static_cast<const PathType*>(t)->path;
        line(depth, std::string(kind) + " " + path_text(path), t->span);
        path_args(path, depth + 1);
        return;
      }
      case NodeKind::RefType: {
        const auto* r = static_cast<const RefType*>(t);
        line(depth, std::string(kind) + (r->is_mut ? " mut" : ""), t->span);
        type(r->inner, depth + 1);
        return;
      }
      case NodeKind::TupleType: {
        const auto* tt = static_cast<const TupleType*>(t);
        line(depth, tt->elems.empty() ? std::string("TupleType unit") : std::string(kind), t->span);
        for (const Type* elem : tt->elems) type(elem, depth + 1);
        return;
      }
      case NodeKind::ImplTraitType: {
        const auto& path = static_cast<const ImplTraitType*>(t)->bound;
        line(depth, std::string(kind) + " " + path_text(path), t->span);
        path_args(path, depth + 1);
        return;
      }
      default: line(depth, kind, t->span); return;
    }
  }

  Positions positions_;
  std::string out_;
};

}  // namespace

std::string dump(const File& file, const source::SourceFile& source) {
  Dumper dumper(source);
  run_with_deep_stack([&] { dumper.file(file); });
  return dumper.take();
}

}  // namespace asyncc::ast
