// Internal to lower/: the builder of one Body's control-flow graph (build.cpp: slots,
// instructions, scopes and expressions; build_control.cpp: patterns and control flow).
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/lower/build.hpp"
#include "compiler/lower/lower.hpp"

namespace asyncc::lower::detail {

using namespace ast;
using sema::ResKind;
using sema::TypeKind;

class Builder {
 public:
  Builder(Body& body, const sema::Program& program, std::vector<const AsyncBlockExpr*>& found)
      : b_(body), p_(program), found_(found) {}

  void build();

 private:
  // ---------------------------------------------------------------- slots, blocks, instructions

  SlotId new_slot(std::string name, sema::TypeId type, SlotKind kind);
  SlotId new_temp(sema::TypeId type) { return new_slot("tmp" + std::to_string(++temp_count_), type, SlotKind::Temp); }

  BlockId new_block();
  BasicBlock& cur() { return b_.blocks[cur_]; }

  void terminate(Terminator t);
  void goto_block(BlockId target, Span span);
  // After return/break/continue/panic: later code goes to a block nothing jumps to.
  void start_dead_block() { cur_ = new_block(); }

  void declare(SlotId s);

  bool is_temp(SlotId s) const { return s < b_.slots.size() && b_.slots[s].kind == SlotKind::Temp; }

  // Records the slots that `op` reads (and consumes its temporary).
  void add_uses(const Operand& op, std::vector<SlotId>& uses, std::vector<SlotId>* consumed);
  void expr_uses(const Expr* e, std::vector<SlotId>& uses, std::vector<SlotId>* consumed);

  Inst& emit(InstKind kind, Span span);
  void emit_init(SlotId dest, const Operand& op, Span span);

  // A non-Copy local (of this body, owned by it) named by `e` itself, or no_slot.
  SlotId moved_local(const Expr* e);
  // The locals a leaf expression moves as a whole: arguments of calls and method calls, fields
  // of struct literals and elements of tuples that are just a local (what emit prints moved).
  void collect_moves(const Expr* e, std::vector<SlotId>& out);
  void emit_eval(const Operand& op, Span span);
  void emit_drop(SlotId s, Span span);

  // ---------------------------------------------------------------- scopes and exits

  void pop_scope(Span span);
  // Drops (without popping) every scope deeper than `depth`, innermost first.
  void drop_scopes_to(std::size_t depth, Span span);

  void finish_return(const Operand& value, Span span);

  // ---------------------------------------------------------------- classification

  sema::TypeId type_of(const Expr* e) const { return p_.type_of(e); }
  bool is_unit(sema::TypeId t) const { return t == p_.types.unit; }
  bool is_never(sema::TypeId t) const { return p_.types.kind(t) == TypeKind::Never; }
  bool has_value(sema::TypeId t) const { return !is_unit(t) && !is_never(t); }

  // Whether evaluating `e` may have an effect that its siblings could observe.
  bool impure(const Expr* e);

  // Whether `e` can be printed as one C++ expression: no control flow, no `.await`, no `?`,
  // and no node with two operands that could observe each other's effects.
  bool is_leaf(const Expr* e);

  // ---------------------------------------------------------------- expressions

  // Stores e's value into `dest` (or evaluates it for its effects when dest is no_slot).
  void lower_into(const Expr* e, SlotId dest);

  // e's value in a slot (a temporary unless e is a local).
  SlotId lower_to_slot(const Expr* e);

  // A place expression naming a local: its slot (for scrutinees, without a copy).
  SlotId local_place(const Expr* e);

  Operand lower_expr(const Expr* e, SlotId dest);

  // A leaf-shaped node with non-leaf operands: evaluates the operands that must come first
  // into slots, left to right, and returns the node itself as the operand.
  Operand lower_operands(const Expr* e);
  // The last operand with an effect may stay inline when it is itself a leaf-shaped node.
  static bool keeps_place(const Expr*, const Expr* sub);

  Operand result_of(SlotId dest, SlotId made);

  Operand lower_block(const Block* block, SlotId dest);

  void lower_stmt(const Stmt* s);

  void lower_let(const LetStmt* let);

  SlotId bind_slot(const IdentPat* ident);

  // Binds every name in `pat` from the value in `src` (reached through `path`).
  void bind_pattern(const Pattern* pat, SlotId src, std::vector<Projection> path, Span span);

  static bool irrefutable(const Pattern* pat);
  bool binds_local(const Pattern* pat) const;
  bool binds_any(const Pattern* pat) const;  // whether `pat` binds some name
  bool pattern_irrefutable(const Pattern* pat) const;

  // The scrutinee of `if let`/`while let`/`match`: a local's own slot, else a temporary in a
  // new scope (dropped when the construct ends).
  SlotId lower_scrutinee(const Expr* e);

  void branch(const Operand& cond, BlockId then_b, BlockId else_b, Span span);

  Operand lower_cond(const Expr* cond);

  Operand lower_if(const IfExpr* e, SlotId dest);

  struct Loop {
    std::string_view label;
    BlockId brk, cont;
    SlotId result;
    std::size_t depth;
    bool is_block = false;  // a labelled block: only `break 'label` leaves it
  };

  Operand lower_while(const WhileExpr* e);

  // `for p in a..b` / `a..=b`: a counter and an end; `for p in v` / `&v` / `v.iter()`: an index
  // into the vector (its elements moved out when the loop consumes it).
  Operand lower_for(const ForExpr* e);

  void lower_into_block(const Block* block);

  Operand lower_loop(const LoopExpr* e, SlotId dest);

  // `'a: { … break 'a v; … }`: a block whose exit `break 'a` jumps to with its value.
  Operand lower_labelled_block(const BlockExpr* e, SlotId dest);

  Operand lower_jump(const Expr* e);

  Operand lower_match(const MatchExpr* e, SlotId dest);

  Operand lower_short_circuit(const BinaryExpr* e, SlotId dest);

  static std::string future_name(const Expr* operand);

  Operand lower_await(const AwaitExpr* e, SlotId dest);

  Operand lower_try(const TryExpr* e, SlotId dest);

  Body& b_;
  const sema::Program& p_;
  std::vector<const AsyncBlockExpr*>& found_;
  BlockId cur_ = 0;
  std::vector<std::vector<SlotId>> scopes_;
  std::vector<Loop> loops_;
  int or_depth_ = 0;  // inside an or-pattern's alternatives (bind_pattern)
  std::vector<Inst>* bind_log_ = nullptr;  // where bind_pattern records its Binds (for a match guard)
  std::unordered_map<sema::LocalId, SlotId> local_slot_;
  std::unordered_set<std::string> used_names_;
  std::unordered_map<std::uint32_t, bool> impure_memo_, leaf_memo_;
  int temp_count_ = 0;
};

}  // namespace asyncc::lower::detail
