#include "asyncc/vec.hpp"
#include "asyncc/assert.hpp"

namespace asyncc {

void panic_explicit(const Loc& loc) { panic_at(loc, "explicit panic"); }

void assert_failed(const Loc& loc, std::string_view cond_text) {
  std::string msg = "assertion failed: ";
  msg.append(cond_text);
  panic_at(loc, msg);
}

void unreachable(const Loc& loc) { panic_at(loc, "internal error: entered unreachable code"); }

void unreachable(const Loc& loc, std::string_view message) {
  std::string msg = "internal error: entered unreachable code: ";
  msg.append(message);
  panic_at(loc, msg);
}

void todo(const Loc& loc) { panic_at(loc, "not yet implemented"); }

void index_out_of_bounds(const Loc& loc, std::size_t len, std::size_t index) {
  panic_at(loc, "index out of bounds: the len is " + std::to_string(len) + " but the index is " +
                    std::to_string(index));
}

namespace detail {

void assert_eq_failed(const Loc& loc, const char* op, const std::string& left, const std::string& right,
                      const std::string_view* message) {
  std::string msg = "assertion `left ";
  msg += op;
  msg += " right` failed";
  if (message != nullptr) {
    msg += ": ";
    msg.append(*message);
  }
  msg += "\n  left: " + left + "\n right: " + right;
  panic_at(loc, msg);
}

}  // namespace detail
}  // namespace asyncc

namespace asyncc::vec::detail {

void index_panic(const Loc& loc, const char* what, const char* op, std::size_t index, std::size_t len) {
  panic_at(loc, std::string(what) + " index (is " + std::to_string(index) + ") should be " + op + " len (is " +
                    std::to_string(len) + ")");
}

}  // namespace asyncc::vec::detail
