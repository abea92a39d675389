// `--emit=ir`: the lowered bodies as text (blocks, instructions, suspension points, layout).
#include <string>

#include "compiler/lower/lower.hpp"

namespace asyncc::lower {

namespace {

class Dumper {
 public:
  Dumper(const Body& b, const sema::Program& p, const source::SourceFile& src) : b_(b), p_(p), src_(src) {}

  void run(std::string& out) {
    static const char* const kinds[] = {"fn", "async fn", "async block"};
    out += kinds[static_cast<int>(b_.kind)];
    out += ' ' + b_.name + " -> " + p_.type_name(b_.output) + '\n';
    for (SlotId s = 0; s < b_.slots.size(); ++s) {
      const Slot& slot = b_.slots[s];
      static const char* const slot_kinds[] = {"param", "capture", "local", "temp", "future"};
      out += "  slot %" + std::to_string(s) + ' ' + slot.name + ": " + p_.type_name(slot.type) + " (" +
             slot_kinds[static_cast<int>(slot.kind)];
      if (slot.by_ref) out += ", by reference";
      if (slot.storage == Storage::Member) out += ", member of group " + std::to_string(slot.group);
      out += ")\n";
    }
    for (std::uint32_t k = 0; k < b_.suspensions.size(); ++k) {
      const SuspensionPoint& sp = b_.suspensions[k];
      out += "  suspension " + std::to_string(k) + ": state " + std::to_string(sp.state) + ", line " +
             std::to_string(line(sp.await->span)) + ", resumes at bb" + std::to_string(sp.resume) + ", live {";
      for (std::size_t i = 0; i < sp.live.size(); ++i) out += (i ? ", " : "") + b_.slots[sp.live[i]].name;
      out += "}\n";
    }
    for (BlockId id = 0; id < b_.blocks.size(); ++id) {
      const BasicBlock& bb = b_.blocks[id];
      if (!bb.reachable) continue;
      out += "  bb" + std::to_string(id) + ":\n";
      for (const Inst& inst : bb.insts) out += "    " + inst_text(inst) + '\n';
      out += "    " + term_text(bb.term) + '\n';
    }
    out += '\n';
  }

 private:
  std::uint32_t line(source::Span span) const { return src_.line_col(span.begin).line; }
  std::string slot(SlotId s) const {
    if (s == no_slot) return "_";
    if (s == unit_value) return "()";
    return b_.slots[s].name;
  }
  std::string operand(const Operand& op) const {
    switch (op.kind) {
      case Operand::Kind::None: return "()";
      case Operand::Kind::Stored: return "<stored>";
      case Operand::Kind::Slot: return slot(op.slot);
      case Operand::Kind::Expr: {
        std::string text(src_.text(op.expr->span));
        for (char& c : text) c = c == '\n' ? ' ' : c;
        return "`" + text + "`";
      }
      case Operand::Kind::PatTest:
        return "matches(" + slot(op.slot) + ", `" + std::string(src_.text(op.pattern->span)) + "`)";
      case Operand::Kind::IsOk: return "is_ok(" + slot(op.slot) + ")";
      case Operand::Kind::Residual: return "residual(" + slot(op.slot) + ")";
      case Operand::Kind::Payload: return "payload(" + slot(op.slot) + ")";
      case Operand::Kind::Default: return "<default>";
      case Operand::Kind::InRange: return slot(op.slot) + (op.flag ? " <= " : " < ") + slot(op.aux);
      case Operand::Kind::HasItem: return slot(op.slot) + " < len(" + slot(op.aux) + ")";
      case Operand::Kind::Item: return std::string(op.flag ? "take " : "") + slot(op.aux) + "[" + slot(op.slot) + "]";
    }
    return "?";
  }
  std::string consumed(const std::vector<SlotId>& c) const {
    if (c.empty()) return "";
    std::string out = "  ; consumes";
    for (SlotId s : c) out += ' ' + slot(s);
    return out;
  }
  std::string inst_text(const Inst& i) const {
    switch (i.kind) {
      case InstKind::Init: return slot(i.dest) + " = " + operand(i.value) + consumed(i.consumed);
      case InstKind::Eval: return "eval " + operand(i.value) + consumed(i.consumed);
      case InstKind::Assign: return "assign " + operand(i.value);
      case InstKind::Bind: {
        std::string path;
        for (const Projection& p : i.path) path += "." + std::to_string(p.index);
        return slot(i.dest) + " = bind " + slot(i.src) + path;
      }
      case InstKind::Unbind: {
        std::string path;
        for (const Projection& p : i.path) path += "." + std::to_string(p.index);
        return "unbind " + slot(i.src) + path + " = " + slot(i.dest);
      }
      case InstKind::Drop: return "drop " + slot(i.dest);
      case InstKind::Poll:
        return slot(i.dest) + " = poll " + slot(b_.suspensions[i.suspension].future) + " (state " +
               std::to_string(b_.suspensions[i.suspension].state) + ")";
      case InstKind::StoreReturn: return "result = " + operand(i.value) + consumed(i.consumed);
      case InstKind::Step:
        return i.value.kind == Operand::Kind::None ? slot(i.dest) + " = 0" : slot(i.dest) + " += 1";
    }
    return "?";
  }
  std::string term_text(const Terminator& t) const {
    switch (t.kind) {
      case TermKind::Open: return "<open>";
      case TermKind::Goto: return "goto bb" + std::to_string(t.target);
      case TermKind::Branch:
        return "if " + operand(t.cond) + " goto bb" + std::to_string(t.target) + " else bb" +
               std::to_string(t.else_target);
      case TermKind::Suspend:
        return "suspend (state " + std::to_string(b_.suspensions[t.suspension].state) + ") resume bb" +
               std::to_string(t.target);
      case TermKind::Return: return "return";
      case TermKind::Unreachable: return "unreachable";
    }
    return "?";
  }

  const Body& b_;
  const sema::Program& p_;
  const source::SourceFile& src_;
};

}  // namespace

std::string dump(const Program& ir, const sema::Program& program, const source::SourceFile& source) {
  std::string out;
  for (const Body& b : ir.bodies) Dumper(b, program, source).run(out);
  return out;
}

}  // namespace asyncc::lower
