// The control-flow IR of one function body (lower.cpp describes the contract it implements).
//
// A Body is a graph of basic blocks over *slots*: every value that has to be stored somewhere
// (a parameter, a capture, a `let` binding, a temporary holding an evaluated operand, an awaited
// future). Expressions that need no control flow of their own and contain no `.await` stay AST
// leaves: the emitter prints them as one C++ expression, with the sub-expressions that were
// already evaluated into slots (Body::evaluated) printed as those slots. So an `.await` inside an
// expression is a block boundary with everything evaluated before it saved in slots.
//
// Ownership: a Body points into the ast::File and the sema::Program it was built from; both
// must outlive it.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/ast/ast.hpp"
#include "compiler/sema/sema.hpp"

namespace asyncc::lower {

using SlotId = std::uint32_t;
using BlockId = std::uint32_t;
inline constexpr SlotId no_slot = 0xFFFFFFFFu;
inline constexpr BlockId no_block = 0xFFFFFFFFu;
/// In Body::evaluated: the operand was evaluated for its effects; its value is `()`.
inline constexpr SlotId unit_value = 0xFFFFFFFEu;

enum class SlotKind : std::uint8_t {
  Param,    // a parameter (of an async fn: stored in the future at creation)
  Capture,  // a value an async block captured
  Local,    // a `let` or pattern binding
  Temp,     // an evaluated operand; dies at the one instruction that consumes it
  Future,   // the future being awaited at one suspension point
};

/// Where a slot lives (decided by layout()).
enum class Storage : std::uint8_t {
  Frame,   // a local of the C++ function (or of poll): not live across any suspension point
  Member,  // a member of the future object, in storage group `group`
  Arg,     // a C++ parameter of a sync function (C++ destroys it)
};

struct Slot {
  std::string name;  // unique in the body; the source name where there is one
  sema::TypeId type = 0;
  SlotKind kind = SlotKind::Temp;
  sema::LocalId local = 0xFFFFFFFFu;
  bool by_ref = false;  // a capture of a plain `async` block: a pointer to the captured value
  bool trivial = false;  // no destructor call is needed (scalars, pointers)
  Storage storage = Storage::Frame;
  std::uint32_t group = 0;             // Member: the storage group (one C++ union)
  std::vector<std::uint32_t> live_at;  // the suspension points (indices) it is live across
};

/// One step from a scrutinee to a sub-value: `parent`'s `index`-th sub-pattern (for tuple and
/// tuple-struct patterns: the field it matches, see elem_field).
struct Projection {
  const ast::Pattern* parent = nullptr;
  std::uint32_t index = 0;
};

/// The field of an `arity`-field tuple (struct) that `elems[k]` matches: a `..` before it stands
/// for the fields in between (`(a, .., z)`).
inline std::uint32_t elem_field(const ast::List<ast::Pattern*>& elems, std::uint32_t k, std::size_t arity) {
  for (std::uint32_t i = 0; i < k; ++i) {
    if (elems[i]->kind == ast::NodeKind::RestPat) return static_cast<std::uint32_t>(arity - (elems.size() - k));
  }
  return k;
}

/// What an instruction reads.
struct Operand {
  enum class Kind : std::uint8_t {
    None,     // no value (unit or never: nothing to store)
    Stored,   // the value already went to the destination the caller asked for
    Slot,     // the value in `slot`
    Expr,     // the AST leaf `expr`
    PatTest,  // whether `pattern` matches the value in `slot` (a bool)
    // `e?` (expr = the TryExpr) on the Result/Option in `slot`:
    IsOk,      // whether it holds Ok / Some
    Residual,  // the function's result for Err / None (the error converted by From)
    Payload,   // the Ok / Some value (moved out)
    // `for` loops:
    InRange,   // `slot < aux` (`<=` when `flag`): the range counter has not passed the end
    HasItem,   // `slot < aux.size()`: the index is inside the vector
    Item,      // `aux[slot]` (moved out when `flag`)
    Default,   // `T()`: the storage of `let x;` (assigned later) holds a value from the start
  };
  Kind kind = Kind::None;
  SlotId slot = no_slot;
  const ast::Expr* expr = nullptr;
  const ast::Pattern* pattern = nullptr;
  SlotId aux = no_slot;
  bool flag = false;
  std::vector<Projection> path;  // PatTest: the part of `slot` tested (an or-pattern inside a pattern)

  static Operand none() { return {}; }
  static Operand stored() { return make(Kind::Stored); }
  static Operand of_slot(SlotId s) { return make(Kind::Slot, s); }
  static Operand of_expr(const ast::Expr* e) { return make(Kind::Expr, no_slot, e); }
  static Operand pat_test(const ast::Pattern* p, SlotId s) { return make(Kind::PatTest, s, nullptr, p); }
  static Operand of_try(Kind k, SlotId s, const ast::Expr* try_expr) { return make(k, s, try_expr); }
  static Operand make(Kind k, SlotId s = no_slot, const ast::Expr* e = nullptr, const ast::Pattern* p = nullptr) {
    Operand op;
    op.kind = k;
    op.slot = s;
    op.expr = e;
    op.pattern = p;
    return op;
  }
};

enum class InstKind : std::uint8_t {
  Init,         // construct `dest` from `value`
  Eval,         // evaluate `value` for its effects (a unit or ignored value)
  Assign,       // `place op= value` (place: an AST place expression)
  Bind,         // construct `dest` from a part of slot `src` (`path` from the scrutinee)
  Unbind,       // move `dest` back into that part of `src` (a match guard failed; Rust had only borrowed)
  Drop,         // end the lifetime of `dest` (its destructor runs)
  Poll,         // start of a resume block: poll suspension point `suspension`'s future;
                // when ready, `dest` (or nothing) receives the output and the future dies
  StoreReturn,  // evaluate the body's result `value` (before the drops that end the body)
  Step,         // `dest += 1` (a `for` loop's counter or index)
};

struct Inst {
  InstKind kind = InstKind::Eval;
  SlotId dest = no_slot;
  Operand value;
  const ast::Expr* place = nullptr;
  ast::AssignOp op = ast::AssignOp::Assign;
  SlotId src = no_slot;
  std::vector<Projection> path;
  std::uint32_t suspension = 0;
  std::vector<SlotId> uses;      // every slot read (for liveness)
  std::vector<SlotId> consumed;  // temporaries that die right after this instruction
  std::vector<SlotId> moves;     // locals this instruction moves out of as a whole (`x.await`, `f(x)`)
  source::Span span;
};

enum class TermKind : std::uint8_t {
  Open,         // still being built (never after build)
  Goto,         // to `target`
  Branch,       // `cond` ? target : else_target
  Suspend,      // await: store state `suspension`, return Pending; resumes at `target` (its Poll)
  Return,       // the body returns its StoreReturn value (or unit)
  Unreachable,  // after a diverging call (panic!)
};

struct Terminator {
  TermKind kind = TermKind::Open;
  BlockId target = no_block;
  BlockId else_target = no_block;
  Operand cond;
  std::vector<SlotId> uses;
  std::vector<SlotId> consumed;
  std::uint32_t suspension = 0;
  source::Span span;
};

/// The blocks control reaches from `t` (the dataflow passes walk these; a suspension resumes
/// at its target).
inline std::vector<BlockId> successors(const Terminator& t) {
  switch (t.kind) {
    case TermKind::Goto:
    case TermKind::Suspend: return {t.target};
    case TermKind::Branch: return {t.target, t.else_target};
    default: return {};
  }
}

struct BasicBlock {
  std::vector<Inst> insts;
  Terminator term;
  std::vector<BlockId> preds;
  std::vector<SlotId> live_in;  // after liveness()
  bool reachable = false;
};

/// A suspension point: its state number, where it resumes, what is live there.
struct SuspensionPoint {
  std::uint32_t state = 0;  // 3, 4, …
  SlotId future = no_slot;
  SlotId result = no_slot;  // or no_slot when the output is unit or discarded
  BlockId resume = no_block;
  const ast::AwaitExpr* await = nullptr;
  std::vector<SlotId> live;  // in slot order (declaration order), the future included
};

/// A storage group: one C++ union of slots that are never live at the same suspension point.
struct StorageGroup {
  std::vector<SlotId> slots;
};

enum class BodyKind : std::uint8_t { SyncFn, AsyncFn, AsyncBlock };

struct Body {
  BodyKind kind = BodyKind::SyncFn;
  const ast::FnItem* fn = nullptr;              // SyncFn, AsyncFn
  const sema::FnSig* sig = nullptr;             // SyncFn, AsyncFn
  const ast::AsyncBlockExpr* block = nullptr;   // AsyncBlock
  std::string name;        // the C++ function name, or the future class name
  sema::TypeId output = 0;  // the return type (of an async body: its Output)
  std::vector<Slot> slots;
  std::vector<SlotId> params;  // parameters or captures, in order
  std::vector<BasicBlock> blocks;  // blocks[0] is the entry
  std::vector<SuspensionPoint> suspensions;
  std::vector<StorageGroup> groups;
  /// By slot: the slots whose lifetimes overlap its own somewhere (after compute_liveness);
  /// only slots that never overlap may share storage.
  std::vector<std::vector<SlotId>> conflicts;
  /// AST sub-expressions already evaluated into a slot (by node id): printed as the slot.
  std::unordered_map<std::uint32_t, SlotId> evaluated;
  /// The slot of each local of this body (parameters, captures, bindings).
  std::unordered_map<sema::LocalId, SlotId> slot_of_local;
  /// Async blocks in this body (their own Bodies), for naming and ordering.
  std::vector<const ast::AsyncBlockExpr*> nested;

  [[nodiscard]] bool is_async() const { return kind != BodyKind::SyncFn; }
};

/// `-> impl Future<Output = T>` (sema's ImplTrait future of a signature) → the concrete future
/// type its body returns, where the emitter can name it instead of boxing (impl_future.cpp).
using ImplFutures = std::unordered_map<sema::TypeId, sema::TypeId>;

/// The lowered program: every body, each async body after the async bodies whose futures it
/// stores inline (so the emitter can define the classes in this order).
struct Program {
  std::vector<Body> bodies;
  /// Body index by FnItem / AsyncBlockExpr.
  std::unordered_map<const void*, std::uint32_t> body_of;
  ImplFutures impl_futures;
};

/// State numbers (the contract in lower.cpp).
inline constexpr std::uint32_t state_unresumed = 0;
inline constexpr std::uint32_t state_returned = 1;
inline constexpr std::uint32_t state_poisoned = 2;
inline constexpr std::uint32_t first_suspension_state = 3;

}  // namespace asyncc::lower
