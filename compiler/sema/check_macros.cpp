// The built-in macros: format strings and their arguments, assertions, `vec!`, panics.
#include "compiler/sema/checker.hpp"
#include "compiler/sema/format_string.hpp"

namespace asyncc::sema {

using diag::Diagnostic;
using diag::Kind;

namespace {

// Where the text between a string literal's quotes starts in the source (`"`, `r"`, `r#"`).
std::uint32_t literal_content_offset(std::string_view source) {
  std::uint32_t i = 0;
  if (i < source.size() && source[i] == 'r') {
    ++i;
    while (i < source.size() && source[i] == '#') ++i;
  }
  return i + 1;
}

// The std::fmt trait a placeholder's type letter asks for (`{:x}` → LowerHex).
std::string format_trait_name(char type) {
  switch (type) {
    case 'x': return "LowerHex";
    case 'X': return "UpperHex";
    case 'b': return "Binary";
    case 'o': return "Octal";
    case 'e': return "LowerExp";
    default: return "UpperExp";
  }
}

}  // namespace

bool Checker::implements_display(TypeId t) {
  t = resolve(t);
  switch (types().kind(t)) {
    case TypeKind::Int: case TypeKind::IntVar: case TypeKind::F64: case TypeKind::FloatVar: case TypeKind::Bool:
    case TypeKind::Char: case TypeKind::String: case TypeKind::Str: case TypeKind::Error: case TypeKind::Var:
      return true;
    case TypeKind::Opaque:
      return true;  // IoError, Elapsed, SendError and the parse errors implement Display
    case TypeKind::Ref:
      return implements_display(types().arg(t, 0));
    default:
      return false;
  }
}

bool Checker::implements_radix_or_exp(TypeId t, char type) {
  t = resolve(t);
  switch (types().kind(t)) {
    case TypeKind::Int: case TypeKind::IntVar: case TypeKind::Error: case TypeKind::Var:
      return true;
    case TypeKind::F64: case TypeKind::FloatVar:
      return type == 'e' || type == 'E';
    case TypeKind::Ref:
      return implements_radix_or_exp(types().arg(t, 0), type);
    default:
      return false;
  }
}

bool Checker::implements_debug(TypeId t) {
  t = resolve(t);
  switch (types().kind(t)) {
    case TypeKind::Future: case TypeKind::FnDef: case TypeKind::JoinHandle: case TypeKind::Sender:
    case TypeKind::Receiver:
      return false;
    case TypeKind::Opaque: {
      const auto k = static_cast<OpaqueKind>(types().data(t).extra);
      return k != OpaqueKind::TcpListener && k != OpaqueKind::TcpStream;
    }
    case TypeKind::Adt:
      return program_.adts[adt_index(t)].has(Derive::Debug);
    default:
      for (std::uint32_t i = 0; i < types().arg_count(t); ++i) {
        if (!implements_debug(types().arg(t, i))) return false;
      }
      return true;
  }
}

void Checker::check_format_args(const ast::MacroExpr* expr, std::uint32_t first) {
  if (expr->args.size() <= first) return;
  const auto* fmt = ast::dyn_cast<ast::StrLitExpr>(expr->args[first]);
  if (fmt == nullptr) {
    for (std::uint32_t i = first; i < expr->args.size(); ++i) check_expr(expr->args[i]);
    emit(Diagnostic::make(Kind::FormatStringError, "format argument must be a string literal")
             .primary(expr->args[first]->span)
             .suggest("you might be missing a string literal to format with", {expr->args[first]->span.begin, expr->args[first]->span.begin},
                      "\"{}\", ", diag::Applicability::MaybeIncorrect));
    return;
  }
  record(fmt, types().str);
  const std::string_view source = sink_.file().text(fmt->span);
  const std::uint32_t base = fmt->span.begin + literal_content_offset(source);
  const std::string_view content = sink_.file().text({base, fmt->span.end - 1 - (fmt->raw ? static_cast<std::uint32_t>(base - fmt->span.begin - 2) : 0)});
  std::vector<FormatPiece> pieces;
  FormatError error;
  std::vector<TypeId> arg_types;
  for (std::uint32_t i = first + 1; i < expr->args.size(); ++i) arg_types.push_back(check_arg(expr->args[i], {}));
  if (!parse_format_string(content, pieces, error)) {
    Diagnostic d = Diagnostic::make(Kind::FormatStringError, error.message)
                       .primary({base + error.offset, base + error.offset + 1}, error.label);
    if (error.open_brace != error.offset) d.secondary({base + error.open_brace, base + error.open_brace + 1}, "because of this opening brace");
    d.note(error.message.find('}') != std::string::npos && error.label.find("unmatched") != std::string::npos
               ? "if you intended to print `}`, you can escape it using `}}`"
               : "if you intended to print `{`, you can escape it using `{{`");
    emit(std::move(d));
    return;
  }
  const std::uint32_t given = static_cast<std::uint32_t>(arg_types.size());
  std::vector<bool> used(given, false);
  std::uint32_t wanted = 0;
  std::vector<source::Span> placeholders;
  // The type of inline name `n` (a view into `content`), 0 after reporting it unresolved.
  auto named = [&](std::string_view n) -> TypeId {
    const auto begin = base + static_cast<std::uint32_t>(n.data() - content.data());
    const source::Span span{begin, begin + static_cast<std::uint32_t>(n.size())};
    use_span_ = span;
    const LocalId local = lookup_local(n);
    if (local != static_cast<LocalId>(-1)) {
      program_.captures[expr->id].push_back(local);
      return program_.locals[local].type;
    }
    auto it = value_items_.find(n);
    if (it != value_items_.end() && it->second.res.kind == ResKind::Const) return program_.consts[it->second.res.index].type;
    emit(Diagnostic::make(Kind::UnresolvedName, "cannot find value `" + std::string(n) + "` in this scope")
             .primary(span, "not found in this scope"));
    return 0;
  };
  // A width or precision taken from an argument (`{:1$}`, `{:w$}`) must be a usize.
  auto check_count = [&](std::int32_t index, std::string_view count_name, source::Span at) {
    if (!count_name.empty()) {
      if (const TypeId ct = named(count_name)) coerce(at, ct, types().int_type(IntKind::Usize), {}, nullptr);
    } else if (index >= 0) {
      const auto i = static_cast<std::uint32_t>(index);
      wanted = std::max(wanted, i + 1);
      if (i >= given) return;
      used[i] = true;
      coerce(expr->args[first + 1 + i]->span, arg_types[i], types().int_type(IntKind::Usize), {}, expr->args[first + 1 + i]);
    }
  };
  for (const FormatPiece& p : pieces) {
    if (!p.is_arg) continue;
    const source::Span at{base + p.begin, base + p.end};
    check_count(p.spec.width_index, p.spec.width_name, at);
    check_count(p.spec.precision_index, p.spec.precision_name, at);
    TypeId t = 0;
    if (p.ref == FormatPiece::Ref::Name) {
      t = named(p.name);
      if (t == 0) continue;
    } else {
      wanted = std::max(wanted, p.index + 1);
      placeholders.push_back(at);
      if (p.index >= given) continue;
      used[p.index] = true;
      t = arg_types[p.index];
    }
    const bool debug = p.spec.type == '?';
    if (debug ? !implements_debug(t) : (p.spec.type == 0 && !implements_display(t))) {
      const std::string n = name(t);
      Diagnostic d = debug ? Diagnostic::make(Kind::NotFormattable, "`" + n + "` doesn't implement `Debug`")
                           : Diagnostic::make(Kind::NotFormattable, "`" + n + "` doesn't implement `std::fmt::Display`");
      const source::Span arg_span = p.ref == FormatPiece::Ref::Name ? at : expr->args[first + 1 + p.index]->span;
      d.primary(arg_span, debug ? "`" + n + "` cannot be formatted using `{:?}` because it doesn't implement `Debug`"
                                : "`" + n + "` cannot be formatted with the default formatter");
      if (p.ref != FormatPiece::Ref::Name) d.secondary(at, "required by this formatting parameter");
      if (debug && types().kind(resolve(t)) == TypeKind::Adt) {
        d.help("add `#[derive(Debug)]` to `" + n + "`");
      } else if (!debug) {
        d.note("in format strings you may be able to use `{:?}` (or {:#?} for pretty-print) instead");
      }
      emit(std::move(d));
    } else if (p.spec.type != 0 && !debug && !implements_radix_or_exp(t, p.spec.type)) {
      const std::string n = name(t);
      const std::string trait = format_trait_name(p.spec.type);
      Diagnostic d = Diagnostic::make(Kind::NotFormattable, "the trait bound `" + n + ": " + trait + "` is not satisfied");
      const source::Span arg_span = p.ref == FormatPiece::Ref::Name ? at : expr->args[first + 1 + p.index]->span;
      d.primary(arg_span, "the trait `" + trait + "` is not implemented for `" + n + "`");
      if (p.ref != FormatPiece::Ref::Name) d.secondary(at, "required by this formatting parameter");
      emit(std::move(d));
    }
  }
  if (wanted > given) {
    Diagnostic d = Diagnostic::make(Kind::FormatStringError,
                                    std::to_string(wanted) + (wanted == 1 ? " positional argument" : " positional arguments") +
                                        " in format string, but " +
                                        (given == 0 ? std::string("no arguments were given")
                                                    : "there " + std::string(given == 1 ? "is " : "are ") + std::to_string(given) +
                                                          (given == 1 ? " argument" : " arguments")));
    bool first_label = true;
    for (const source::Span& s : placeholders) {
      if (first_label) {
        d.primary(s);
        first_label = false;
      } else {
        d.labels.push_back({s, "", true});
      }
    }
    for (std::uint32_t i = first + 1; i < expr->args.size(); ++i) d.secondary(expr->args[i]->span);
    emit(std::move(d));
    return;
  }
  for (std::uint32_t i = 0; i < given; ++i) {
    if (used[i]) continue;
    emit(Diagnostic::make(Kind::FormatStringError, "argument never used")
             .primary(expr->args[first + 1 + i]->span, "argument never used")
             .secondary(fmt->span, "formatting specifier missing"));
    break;
  }
}

TypeId Checker::check_macro(const ast::MacroExpr* expr) {
  using ast::MacroKind;
  switch (expr->macro) {
    case MacroKind::Println:
    case MacroKind::Print:
    case MacroKind::Eprintln:
    case MacroKind::Eprint:
      check_format_args(expr, 0);
      return types().unit;
    case MacroKind::Format:
      check_format_args(expr, 0);
      return types().string;
    case MacroKind::Panic:
    case MacroKind::Unreachable:
      check_format_args(expr, 0);
      return types().never;
    case MacroKind::Assert:
      if (expr->args.empty()) {
        emit(Diagnostic::make(Kind::FormatStringError, "macro requires a boolean expression as an argument")
                 .primary(expr->span, "boolean expression required"));
        return types().unit;
      }
      check_coerce(expr->args[0], types().boolean, {});
      check_format_args(expr, 1);
      return types().unit;
    case MacroKind::AssertEq:
    case MacroKind::AssertNe: {
      if (expr->args.size() < 2) {
        for (const ast::Expr* a : expr->args) check_expr(a);
        emit(Diagnostic::make(Kind::FormatStringError, "macro requires two arguments").primary(expr->span));
        return types().unit;
      }
      const TypeId l = check_expr(expr->args[0]);
      const TypeId r = check_expr(expr->args[1], Expect{l, {}, {}});
      if (!unify(l, r)) report_mismatch(expr->args[1]->span, r, l, {}, expr->args[1]);
      if (!implements_debug(l)) {
        emit(Diagnostic::make(Kind::NotFormattable, "`" + name(l) + "` doesn't implement `Debug`")
                 .primary(expr->args[0]->span, "`" + name(l) + "` cannot be formatted using `{:?}` because it doesn't implement `Debug`"));
      }
      check_format_args(expr, 2);
      return types().unit;
    }
    case MacroKind::Vec: {
      if (expr->is_repeat) {
        const TypeId elem = check_expr(expr->args[0]);
        check_coerce(expr->args[1], types().int_type(IntKind::Usize), {});
        return types().vec(elem);
      }
      const TypeId elem = fresh_var();
      for (const ast::Expr* a : expr->args) check_coerce(a, elem, {});
      return types().vec(elem);
    }
  }
  return types().error;
}

}  // namespace asyncc::sema
