// Functions and future classes from lowered Bodies (the contract is lower.cpp's top comment).
#include <algorithm>
#include <set>

#include "compiler/emit/cpp_emitter.hpp"
#include "compiler/emit/helpers.hpp"

namespace asyncc::emit {

using lower::BasicBlock;
using lower::BlockId;
using lower::Body;
using lower::Inst;
using lower::InstKind;
using lower::Slot;
using lower::SlotId;
using lower::Storage;
using lower::TermKind;

namespace {

const char* resumed_message(const Body& b) {
  return b.kind == lower::BodyKind::AsyncBlock ? "\"`async block` resumed after completion\""
                                               : "\"`async fn` resumed after completion\"";
}

// `(e)` → `e` when the parentheses enclose the whole text (clang warns on `if ((a == b))`).
std::string strip_parens(const std::string& s) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return s;
  int depth = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0) return s;
  }
  return s.substr(1, s.size() - 2);
}

}  // namespace

std::string CppEmitter::line_directive(source::Span span) {
  if (!opt_.line_directives) return "";
  const std::uint32_t line = src_.line_col(span.begin).line;
  if (line == last_line_) return "";
  last_line_ = line;
  return "#line " + std::to_string(line) + " " + literal_string(src_.name()) + "\n";
}

std::string CppEmitter::param_list(const Body& b, bool for_ctor) const {
  std::string s;
  for (std::size_t i = 0; i < b.params.size(); ++i) {
    const Slot& slot = b.slots[b.params[i]];
    std::string t = slot_type(slot);
    if (slot.name == "self" && slot.kind == lower::SlotKind::Param && b.fn) {
      for (const ast::Param& param : b.fn->params) {
        if (param.self_kind == ast::SelfKind::Ref) t = "const " + t + "&";
        if (param.self_kind == ast::SelfKind::RefMut) t += "&";
      }
    }
    const bool maybe_unused = !for_ctor && b.kind == lower::BodyKind::SyncFn;
    s += (i ? ", " : "") + std::string(maybe_unused ? "[[maybe_unused]] " : "") + t + " " + slot.name;
  }
  return s;
}

std::string CppEmitter::fn_signature(const Body& b, bool qualified) const {
  std::string ret = b.kind == lower::BodyKind::AsyncFn ? b.name
                    : b.output == p_.types.unit ? "void"
                                                : type(b.output);
  std::string name = lower::safe_identifier(b.fn->name);
  if (qualified && b.sig && b.sig->impl) name = type(b.sig->self_type) + "::" + name;
  return ret + " " + name + "(" + param_list(b, false) + ")";
}

void CppEmitter::future_class_decl(const Body& b) {
  std::string& o = out_;
  const source::LineCol lc = src_.line_col(b.kind == lower::BodyKind::AsyncBlock ? b.block->span.begin : b.fn->span.begin);
  o += "// The future of ";
  o += b.kind == lower::BodyKind::AsyncBlock ? "the async block at line " + std::to_string(lc.line)
                                             : "`async fn " + std::string(b.fn->name) + "` (line " + std::to_string(lc.line) + ")";
  o += ".\nstruct " + b.name + " {\n";
  o += "  using Output = " + type(b.output) + ";\n\n";
  o += "  explicit " + b.name + "(" + param_list(b, true) + ");\n";
  o += "  " + b.name + "(" + b.name + "&& other) noexcept;\n";
  o += "  " + b.name + "(const " + b.name + "&) = delete;\n";
  o += "  " + b.name + "& operator=(const " + b.name + "&) = delete;\n";
  o += "  " + b.name + "& operator=(" + b.name + "&&) = delete;\n";
  o += "  ~" + b.name + "();\n";
  o += "  asyncc::Poll<Output> poll(asyncc::Context& cx);\n\n";
  for (std::size_t g = 0; g < b.groups.size(); ++g) {
    o += "  union {\n";
    for (SlotId s : b.groups[g].slots) {
      const Slot& slot = b.slots[s];
      o += "    " + slot_type(slot) + " " + slot.name + ";";
      if (!slot.live_at.empty() || slot.kind == lower::SlotKind::Param || slot.kind == lower::SlotKind::Capture) {
        o += "  // live in state";
        std::string states;
        if (slot.kind == lower::SlotKind::Param || slot.kind == lower::SlotKind::Capture) states += " 0";
        for (std::uint32_t k : slot.live_at) states += (states.empty() ? " " : ", ") + std::to_string(b.suspensions[k].state);
        if (states.find(',') != std::string::npos) o += "s";
        o += states;
      }
      o += "\n";
    }
    o += "  };\n";
  }
  // The state index last: the unions (8-byte aligned when they hold anything wider) start the
  // object without padding, and the 4-byte index fills what would be tail padding.
  o += "  // 0 unresumed, 1 returned, 2 poisoned, 3+ suspended at an .await\n";
  o += "  std::uint32_t state_ = 0;\n";
  o += "};\n\n";
}

std::string CppEmitter::fn_decl(const Body& b) const {
  if (b.kind == lower::BodyKind::AsyncBlock || (b.sig && b.sig->impl)) return "";  // methods: in their type
  return fn_signature(b, false) + ";\n";
}

/// Writes the statements of one body.
class BodyWriter {
 public:
  BodyWriter(CppEmitter& e, const Body& b) : e_(e), b_(b) {}

  void write(std::string& o) {
    e_.body_ = &b_;
    e_.last_line_ = 0;
    // Which labels are jumped to, and which frame slots are used.
    std::vector<BlockId> order;
    for (BlockId id = 0; id < b_.blocks.size(); ++id) {
      if (b_.blocks[id].reachable) order.push_back(id);
    }
    std::set<SlotId> used;
    for (BlockId id : order) {
      for (const Inst& i : b_.blocks[id].insts) {
        if (i.dest != lower::no_slot) used.insert(i.dest);
        for (SlotId s : i.uses) used.insert(s);
      }
      for (SlotId s : b_.blocks[id].term.uses) used.insert(s);
    }
    std::string body;
    for (std::size_t k = 0; k < order.size(); ++k) {
      const BlockId next = k + 1 < order.size() ? order[k + 1] : lower::no_block;
      block(body, order[k], next, k == 0);
    }
    // Frame slots: scalars as plain locals, the rest in unions of a local struct.
    std::string frame_scalars, frame_unions, frame_refs;
    for (SlotId s : used) {
      if (s >= b_.slots.size()) continue;
      const Slot& slot = b_.slots[s];
      if (slot.storage != Storage::Frame) continue;
      if (slot.trivial) {
        frame_scalars += "  [[maybe_unused]] " + e_.slot_type(slot) + " " + slot.name + "{};\n";
      } else {
        frame_unions += "    union {\n      " + e_.slot_type(slot) + " " + slot.name + ";\n    };\n";
        frame_refs += "  [[maybe_unused]] " + e_.slot_type(slot) + "& " + slot.name + " = frame." + slot.name + ";\n";
      }
    }
    o += frame_scalars;
    if (!frame_unions.empty()) {
      o += "  struct Frame {\n    Frame() {}\n    ~Frame() {}\n" + frame_unions + "  } frame;\n" + frame_refs;
    }
    if (b_.is_async()) {
      if (b_.suspensions.empty()) o += "  static_cast<void>(cx);\n";
      o += "  switch (state_) {\n    case 0:\n      break;\n";
      for (const lower::SuspensionPoint& sp : b_.suspensions) {
        o += "    case " + std::to_string(sp.state) + ":  // line " +
             std::to_string(e_.src_.line_col(sp.await->span.begin).line) + ": `" + snippet(sp.await->span) + "`\n";
        o += "      goto bb" + std::to_string(sp.resume) + ";\n";
      }
      o += "    default:\n      asyncc::panic_here(__FILE__, __LINE__, ";
      o += resumed_message(b_);
      o += ");\n  }\n";
    }
    o += body;
  }

 private:
  std::string snippet(source::Span span) const {
    std::string s(e_.src_.text(span));
    std::replace(s.begin(), s.end(), '\n', ' ');
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
  }

  std::string ref(SlotId s) const { return e_.slot_ref(s, Use::Place); }
  std::string value(SlotId s) const { return e_.slot_ref(s, Use::Value); }

  // Constructs slot `s` from the C++ expression `init`.
  std::string construct(SlotId s, const std::string& init) const {
    const Slot& slot = b_.slots[s];
    if (slot.trivial) return slot.name + " = " + init + ";";
    return "new (&" + slot.name + ") " + e_.slot_type(slot) + "(" + init + ");";
  }
  std::string destroy(SlotId s) const {
    const Slot& slot = b_.slots[s];
    if (slot.trivial) return "";
    return "std::destroy_at(&" + slot.name + ");";
  }

  void line(std::string& o, const std::string& text) {
    if (!text.empty()) o += "  " + text + "\n";
  }
  void consumed(std::string& o, const std::vector<SlotId>& slots) {
    for (SlotId s : slots) line(o, destroy(s));
  }

  std::string output_type() const { return b_.is_async() ? "Output" : e_.type(b_.output); }

  void block(std::string& o, BlockId id, BlockId next, bool entry) {
    const BasicBlock& bb = b_.blocks[id];
    const bool labelled = !entry && (jumped_to(id) || is_resume(id));
    if (labelled) o += " bb" + std::to_string(id) + ":\n";
    const std::size_t start = o.size();
    bool has_result = false;
    for (const Inst& i : bb.insts) inst(o, i, has_result);
    term(o, bb.term, next, has_result);
    if (labelled && o.size() == start) line(o, ";");
  }

  bool is_resume(BlockId id) const {
    for (const lower::SuspensionPoint& sp : b_.suspensions) {
      if (sp.resume == id) return true;
    }
    return false;
  }
  bool jumped_to(BlockId id) const {
    // A block is jumped to unless its only predecessor falls through into it.
    const BasicBlock& bb = b_.blocks[id];
    for (BlockId p : bb.preds) {
      if (!falls_through(p, id)) return true;
    }
    return false;
  }
  bool falls_through(BlockId from, BlockId to) const {
    const lower::Terminator& t = b_.blocks[from].term;
    if (t.kind == TermKind::Suspend) return false;  // the resume label is reached by the switch
    const BlockId next = next_reachable(from);
    if (next != to) return false;
    if (t.kind == TermKind::Goto) return t.target == to;
    if (t.kind == TermKind::Branch) {
      if (t.else_target == to) return true;
      return t.target == to && !has_consumed(t);
    }
    return false;
  }
  BlockId next_reachable(BlockId from) const {
    for (BlockId id = from + 1; id < b_.blocks.size(); ++id) {
      if (b_.blocks[id].reachable) return id;
    }
    return lower::no_block;
  }

  void inst(std::string& o, const Inst& i, bool& has_result) {
    o += e_.line_directive(i.span);
    switch (i.kind) {
      case InstKind::Init:
        line(o, construct(i.dest, e_.operand(i.value, Use::Value)));
        consumed(o, i.consumed);
        break;
      case InstKind::Eval: {
        std::string text = e_.operand(i.value, Use::Place);
        const sema::TypeId t = i.value.kind == lower::Operand::Kind::Expr ? e_.p_.type_of(i.value.expr) : 0;
        if (t != 0 && t != e_.p_.types.unit && e_.p_.types.kind(t) != sema::TypeKind::Never) {
          text = "static_cast<void>(" + text + ")";
        }
        line(o, text + ";");
        consumed(o, i.consumed);
        break;
      }
      case InstKind::Assign: line(o, e_.operand(i.value, Use::Value) + ";"); break;
      case InstKind::Bind: line(o, construct(i.dest, e_.projection(i))); break;
      case InstKind::Unbind: line(o, e_.projection(i, false) + " = std::move(" + b_.slots[i.dest].name + ");"); break;
      case InstKind::Drop: line(o, destroy(i.dest)); break;
      case InstKind::Step: {
        const std::string& n = b_.slots[i.dest].name;
        if (i.value.kind == lower::Operand::Kind::None) {
          line(o, n + " = 0;");
        } else if (e_.p_.types.kind(b_.slots[i.dest].type) == sema::TypeKind::Char) {
          line(o, n + " = " + n + " == 0xD7FF ? char32_t{0xE000} : " + n + " + 1;");  // chars skip the surrogates
        } else {
          line(o, n + " += 1;");
        }
        break;
      }
      case InstKind::Poll: {
        const lower::SuspensionPoint& sp = b_.suspensions[i.suspension];
        const std::string fut = b_.slots[sp.future].name;
        line(o, "{");
        line(o, "  auto polled = " + fut + ".poll(cx);");
        line(o, "  if (polled.is_pending()) return asyncc::Poll<Output>::pending();");
        if (std::string d = destroy(sp.future); !d.empty()) line(o, "  " + d);  // before its result: they may share storage
        if (i.dest != lower::no_slot) {
          const Slot& dest = b_.slots[i.dest];
          // (a non-trivial output is rebuilt in place from its parts: asyncc::take_ready)
          line(o, "  " + (dest.trivial ? construct(i.dest, "std::move(polled).value()")
                                       : "asyncc::take_ready(&" + dest.name + ", std::move(polled));"));
        }
        line(o, "}");
        break;
      }
      case InstKind::StoreReturn: {
        const bool residual = i.value.kind == lower::Operand::Kind::Residual;
        line(o, "{");  // closed after the return
        line(o, output_type() + " result = " + e_.operand(i.value, Use::Value) + ";");
        if (!residual) consumed(o, i.consumed);
        has_result = true;
        break;
      }
    }
  }

  bool has_consumed(const lower::Terminator& t) const {
    for (SlotId s : t.consumed) {
      if (!b_.slots[s].trivial) return true;
    }
    return false;
  }

  void jump(std::string& o, BlockId target, BlockId next) {
    if (target != next) line(o, "goto bb" + std::to_string(target) + ";");
  }

  void term(std::string& o, const lower::Terminator& t, BlockId next, bool has_result) {
    switch (t.kind) {
      case TermKind::Open: break;
      case TermKind::Goto: jump(o, t.target, next); break;
      case TermKind::Branch: {
        o += e_.line_directive(t.span);
        std::string cond = strip_parens(e_.operand(t.cond, Use::Place));
        if (has_consumed(t)) {
          line(o, "{");
          line(o, "  const bool cond = " + cond + ";");
          for (SlotId s : t.consumed) line(o, "  " + destroy(s));
          line(o, "  if (cond) goto bb" + std::to_string(t.target) + ";");
          line(o, "}");
        } else if (t.else_target == next) {
          line(o, "if (" + cond + ") goto bb" + std::to_string(t.target) + ";");
        } else if (t.target == next) {
          line(o, "if (!(" + cond + ")) goto bb" + std::to_string(t.else_target) + ";");
          break;
        } else {
          line(o, "if (" + cond + ") goto bb" + std::to_string(t.target) + ";");
        }
        jump(o, t.else_target, next);
        break;
      }
      case TermKind::Suspend: {
        const lower::SuspensionPoint& sp = b_.suspensions[t.suspension];
        line(o, "state_ = " + std::to_string(sp.state) + ";");
        jump(o, t.target, next);
        break;
      }
      case TermKind::Return:
        if (b_.is_async()) {
          line(o, "state_ = 1;");
          line(o, std::string("return asyncc::Poll<Output>::ready(") + (has_result ? "std::move(result)" : "asyncc::Unit{}") +
                      ");");
        } else if (b_.output == e_.p_.types.unit) {
          line(o, "return;");
        } else {
          line(o, has_result ? "return result;" : "return {};");
        }
        if (has_result) line(o, "}");
        break;
      case TermKind::Unreachable:
        line(o, "asyncc::panic_here(__FILE__, __LINE__, \"internal error: entered unreachable code\");");
        break;
    }
  }

  CppEmitter& e_;
  const Body& b_;
};

void CppEmitter::body_defs(const Body& b) {
  std::string& o = out_;
  if (b.kind == lower::BodyKind::SyncFn) {
    o += fn_signature(b, true) + " {\n";
    BodyWriter(*this, b).write(o);
    o += "}\n\n";
    return;
  }
  const std::string& cls = b.name;
  body_ = &b;
  if (b.kind == lower::BodyKind::AsyncFn) {
    o += fn_signature(b, true) + " {\n  return " + cls + "(";
    for (std::size_t i = 0; i < b.params.size(); ++i) {
      const Slot& s = b.slots[b.params[i]];
      o += (i ? ", " : "") + (s.trivial ? s.name : "std::move(" + s.name + ")");
    }
    o += ");\n}\n\n";
  }
  // With a header, C++ code calls the members of the futures: they are defined here, not inline.
  const std::string inline_ = opt_.header_include.empty() ? "inline " : "";
  // Constructor: the parameters (captures) are alive in state 0.
  o += inline_ + cls + "::" + cls + "(" + param_list(b, true) + ") {\n";
  for (SlotId s : b.params) {
    const Slot& slot = b.slots[s];
    o += "  new (&this->" + slot.name + ") " + slot_type(slot) + "(" + (slot.trivial ? slot.name : "std::move(" + slot.name + ")") +
         ");\n";
  }
  o += "}\n\n";
  // Move constructor: only before the first poll.
  o += inline_ + cls + "::" + cls + "(" + cls + "&& other) noexcept : state_(other.state_) {\n";
  o += "  if (state_ == 0) {\n";
  for (SlotId s : b.params) {
    const Slot& slot = b.slots[s];
    o += "    new (&" + slot.name + ") " + slot_type(slot) + "(std::move(other." + slot.name + "));\n";
  }
  o += "  } else if (state_ != 1) {\n    asyncc::panic_here(__FILE__, __LINE__, \"a future was moved after its first poll\");\n  }\n}\n\n";
  // Destructor: what is alive in the current state, in reverse declaration order.
  o += inline_ + cls + "::~" + cls + "() {\n";
  std::string cases;
  auto drop_list = [&](std::vector<SlotId> live) {
    std::string s;
    std::sort(live.begin(), live.end());
    for (auto it = live.rbegin(); it != live.rend(); ++it) {
      if (!b.slots[*it].trivial) s += "      std::destroy_at(&" + b.slots[*it].name + ");\n";
    }
    return s;
  };
  if (std::string d = drop_list(b.params); !d.empty()) cases += "    case 0:\n" + d + "      break;\n";
  for (const lower::SuspensionPoint& sp : b.suspensions) {
    if (std::string d = drop_list(sp.live); !d.empty()) {
      cases += "    case " + std::to_string(sp.state) + ":  // line " + std::to_string(src_.line_col(sp.await->span.begin).line) +
               "\n" + d + "      break;\n";
    }
  }
  if (!cases.empty()) o += "  switch (state_) {\n" + cases + "    default:\n      break;\n  }\n";
  o += "}\n\n";
  // poll.
  // `inline` so that an awaiting future's poll (and the task's run function) can inline it.
  o += inline_ + "asyncc::Poll<" + cls + "::Output> " + cls + "::poll(asyncc::Context& cx) {\n";
  BodyWriter(*this, b).write(o);
  o += "}\n\n";
}

}  // namespace asyncc::emit
