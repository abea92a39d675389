// AST support: the arena, kind names, operator spellings.
#include "compiler/ast/ast.hpp"

#include <algorithm>
#include <cstring>

namespace asyncc::ast {

namespace {

struct KindInfo {
  const char* name;
  Category category;
};

constexpr KindInfo kind_infos[] = {
#define ASYNCC_AST_NODE(Cat, Name) {#Name, Category::Cat},
#include "compiler/ast/node_kind.def"
};

constexpr std::size_t block_size = 64 * 1024;

}  // namespace

const char* node_kind_name(NodeKind kind) { return kind_infos[static_cast<std::size_t>(kind)].name; }
Category node_category(NodeKind kind) { return kind_infos[static_cast<std::size_t>(kind)].category; }

void* Arena::allocate(std::size_t size, std::size_t align) {
  std::size_t padding = (align - reinterpret_cast<std::uintptr_t>(cursor_) % align) % align;
  if (cursor_ == nullptr || padding + size > left_) {
    const std::size_t bytes = std::max(block_size, size + align);
    blocks_.push_back(std::unique_ptr<std::byte[]>(new std::byte[bytes]));  // not zeroed: see below
    cursor_ = blocks_.back().get();
    left_ = bytes;
    padding = (align - reinterpret_cast<std::uintptr_t>(cursor_) % align) % align;
  }
  std::byte* result = cursor_ + padding;
  cursor_ = result + size;
  left_ -= padding + size;
  used_ += size;
  // No zeroing here: make() value-initialises its object and make_list()/copy() overwrite
  // their bytes, so fresh pages are touched once.
  return result;
}

std::string_view Arena::copy(std::string_view text) {
  if (text.empty()) return {};
  char* data = static_cast<char*>(allocate(text.size(), 1));
  std::memcpy(data, text.data(), text.size());
  return {data, text.size()};
}

const char* unary_op_spelling(UnaryOp op) {
  switch (op) {
    case UnaryOp::Neg: return "-";
    case UnaryOp::Not: return "!";
    case UnaryOp::Deref: return "*";
    case UnaryOp::Ref: return "&";
    case UnaryOp::RefMut: return "&mut";
  }
  return "?";
}

const char* binary_op_spelling(BinaryOp op) {
  static constexpr const char* spellings[] = {"*", "/", "%", "+", "-", "<<", ">>", "&", "^", "|",
                                              "==", "!=", "<", "<=", ">", ">=", "&&", "||"};
  return spellings[static_cast<std::size_t>(op)];
}

const char* assign_op_spelling(AssignOp op) {
  static constexpr const char* spellings[] = {"=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>="};
  return spellings[static_cast<std::size_t>(op)];
}

const char* macro_name(MacroKind kind) {
  static constexpr const char* names[] = {"println", "print", "eprintln", "eprint", "format", "panic",
                                          "assert", "assert_eq", "assert_ne", "unreachable", "vec"};
  return names[static_cast<std::size_t>(kind)];
}

}  // namespace asyncc::ast
