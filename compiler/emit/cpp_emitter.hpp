// Internal to emit/: the C++ emitter. One class whose parts live in cpp_types.cpp (type names),
// cpp_expr.cpp (leaf expressions, macros), cpp_body.cpp (functions and future classes) and
// cpp_file.cpp (sections, `main`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/emit/emit.hpp"
#include "compiler/lower/ir.hpp"
#include "compiler/lower/lower.hpp"

namespace asyncc::emit {

/// How an expression's value is used: moved from (a by-value use) or only read (a place).
enum class Use { Value, Place };

class CppEmitter {
 public:
  CppEmitter(const ast::File& file, const sema::Program& program, const lower::Program& ir,
             const source::SourceFile& source, const Options& options)
      : file_(file), p_(program), ir_(ir), src_(source), opt_(options) {}

  CppOutput run();
  /// The declarations of the `extern "C++"` functions.
  std::string extern_decls() const;

  // ---- cpp_types.cpp
  std::string type(sema::TypeId t) const;
  std::string slot_type(const lower::Slot& s) const;
  /// The C++ class of a generated future (async fn or block), or "" for other types.
  std::string future_class(sema::TypeId t) const;
  bool is_copy(sema::TypeId t) const { return p_.is_copy(t); }

  // ---- cpp_expr.cpp
  /// `e` as C++; `as_root`: e itself is being evaluated (so it does not print as the slot it
  /// was evaluated into), only its sub-expressions do.
  std::string expr(const ast::Expr* e, Use use, bool as_root = false);
  std::string operand(const lower::Operand& op, Use use);
  std::string pattern_test(const ast::Pattern* pat, const std::string& place, sema::TypeId t);
  std::string projection(const lower::Inst& bind);
  std::string literal_string(std::string_view text) const;

  // ---- cpp_adt.cpp
  void adt_defs();
  /// The C++ name of field `i` of `variant` (tuple fields are f0, f1, …).
  std::string variant_field(const sema::AdtInfo& adt, std::uint32_t variant, std::size_t i) const;
  /// `Name{…}` or `Enum{Enum::V{…}}` for a resolved struct or variant with the field values.
  std::string adt_value(const sema::Resolution& r, const std::string& fields) const;
  /// The C++ place of the payload struct of variant/struct `r` inside `place`.
  std::string adt_payload(const sema::Resolution& r, const std::string& place) const;

  // ---- cpp_body.cpp
  void future_class_decl(const lower::Body& b);
  /// The declaration of a free function (nothing for methods and async blocks).
  std::string fn_decl(const lower::Body& b) const;
  void body_defs(const lower::Body& b);

 private:
  friend class BodyWriter;
  std::string slot_ref(lower::SlotId s, Use use) const;
  std::string call(const ast::CallExpr* c);
  std::string method_call(const ast::MethodCallExpr* m);
  std::string macro(const ast::MacroExpr* m);
  std::string format_string(const ast::MacroExpr* m, std::size_t first);
  std::string display(const ast::Expr* arg, bool debug);
  std::string binary(const ast::BinaryExpr* b);
  /// `Ret name(params)`; `qualified`: a method's name with its type (`Ret T::name(…)`).
  std::string fn_signature(const lower::Body& b, bool qualified) const;
  /// `static …;` declarations of the methods and associated functions of `type`.
  std::string method_decls(sema::TypeId type) const;
  std::string param_list(const lower::Body& b, bool for_ctor) const;
  std::string location(source::Span span) const;
  std::string line_directive(source::Span span);
  const lower::Slot* find_named_slot(std::string_view name, source::Span at) const;

 public:
  const ast::File& file_;
  const sema::Program& p_;
  const lower::Program& ir_;
  const source::SourceFile& src_;
  const Options& opt_;
  std::string out_;
  const lower::Body* body_ = nullptr;  // the body being emitted
  std::uint32_t last_line_ = 0;
};

/// Indentation helper: `line(2, "x;")`.
inline std::string indent(int depth) { return std::string(static_cast<std::size_t>(depth) * 2, ' '); }

}  // namespace asyncc::emit
