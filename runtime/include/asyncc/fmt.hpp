// Rust's formatting machinery (`format!`, `println!`, `{}`, `{:?}`, `{:#?}`, `{:>8.2}`, ...).
//
// Generated code calls one function per macro with the macro's format string and its arguments:
//
//     asyncc::fmt::println("{} + {:>5} = {:?}", a, b, v);   // println!("{a} + {b:>5} = {v:?}")
//     std::string s = asyncc::fmt::format("{:08.3}", x);     // format!("{x:08.3}")
//     asyncc::fmt::format_to(out, "{0}-{0}", n);              // appends; write!-like
//     asyncc::fmt::write(out, spec, x);                       // one pre-parsed placeholder
//
// The format string is Rust's syntax (std::fmt) with every argument referred to by position:
// implicit `{}`, explicit `{0}`, width/precision from an argument `{:1$}`, `{:.2$}`, `{:.*}`.
// The code generator rewrites named arguments (`{x}`, `{:w$}`) to positions and has already
// checked the string; a malformed string reaching the runtime is a bug and panics.
//
// Protocol for types (found by argument-dependent lookup, like `operator<<`):
//   void fmt_debug(asyncc::fmt::Formatter& f, const T& v);     // `{:?}` / `{:#?}`
//   void fmt_display(asyncc::fmt::Formatter& f, const T& v);   // `{}`
// `#[derive(Debug)]` is emitted with the builders, which reproduce Rust's derived output byte
// for byte, compact and pretty (`#`):
//   struct Point { x, y }  -> f.debug_struct("Point").field("x", v.x).field("y", v.y).finish();
//   struct Meters(i64)     -> f.debug_tuple("Meters").field(v.f0).finish();
//   struct MyError;        -> f.write_str("MyError");
//   enum variants          -> the same three shapes with the variant's name.
// Types that only define the older `debug_write(std::string&, const T&)` are still printed
// (without pretty-printing inside them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace asyncc::fmt {

enum class Align : std::uint8_t { unknown, left, right, center };
/// The trait a placeholder asks for: `{}`, `{:?}`, `{:x}`, `{:X}`, `{:b}`, `{:o}`, `{:e}`, `{:E}`.
enum class Kind : std::uint8_t { display, debug, lower_hex, upper_hex, binary, octal, lower_exp, upper_exp };

/// One placeholder's options (Rust's `FormatSpec` after its arguments were resolved).
struct Spec {
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
  char32_t fill = U' ';
  Align align = Align::unknown;
  Kind kind = Kind::display;
  bool sign_plus = false;
  bool sign_minus = false;
  bool alternate = false;       // `#`
  bool zero_pad = false;        // `0`
  bool debug_lower_hex = false; // `x?`
  bool debug_upper_hex = false; // `X?`
  std::size_t width = none;
  std::size_t precision = none;
};

/// Where formatted text goes: a string, or an indenting adapter in front of another sink
/// (Rust's `PadAdapter`, used by `{:#?}`).
struct Sink {
  std::string* out = nullptr;
  Sink* parent = nullptr;
  bool on_newline = true;
  void write(std::string_view s);
};

class DebugStruct;
class DebugTuple;
class DebugList;

/// Rust's `std::fmt::Formatter`: the options of the current placeholder and the output.
/// Only lives during one formatting call; the string it appends to must outlive it.
class Formatter {
 public:
  Formatter(std::string& out, const Spec& spec) : root_{&out, nullptr, true}, sink_(&root_), spec_(spec) {}
  Formatter(Sink& sink, const Spec& spec) : sink_(&sink), spec_(spec) {}
  Formatter(const Formatter&) = delete;
  Formatter& operator=(const Formatter&) = delete;

  const Spec& spec() const { return spec_; }
  Spec& spec() { return spec_; }
  bool alternate() const { return spec_.alternate; }
  Sink& sink() { return *sink_; }

  /// Writes text as is (no padding).
  void write_str(std::string_view s) { sink_->write(s); }
  void write_char(char32_t c);
  /// Rust's `Formatter::pad`: precision truncates (in chars), width pads (default: left).
  void pad(std::string_view s);
  /// Rust's `Formatter::pad_integral`: sign, `#` prefix, width, `0` flag.
  void pad_integral(bool non_negative, std::string_view prefix, std::string_view digits);
  /// Rust's `Formatter::pad_formatted_parts` for floats: `sign` then `body`.
  void pad_number(std::string_view sign, std::string_view body);

  DebugStruct debug_struct(std::string_view name);
  DebugTuple debug_tuple(std::string_view name);
  DebugList debug_list();

 private:
  void padding(std::size_t n, Align default_align, std::size_t& post);
  void fill(std::size_t n);
  Sink root_;
  Sink* sink_;
  Spec spec_;
};

template <class T>
void write_debug(Formatter& f, const T& v);

/// Rust's `DebugStruct` (`Name { a: 1, b: 2 }`).
class DebugStruct {
 public:
  explicit DebugStruct(Formatter& f) : f_(f) {}
  template <class T>
  DebugStruct& field(std::string_view name, const T& v) {
    if (f_.alternate()) {
      if (!has_fields_) f_.write_str(" {\n");
      Sink pad{nullptr, &f_.sink(), true};
      Formatter inner(pad, f_.spec());
      inner.write_str(name);
      inner.write_str(": ");
      write_debug(inner, v);
      inner.write_str(",\n");
    } else {
      f_.write_str(has_fields_ ? ", " : " { ");
      f_.write_str(name);
      f_.write_str(": ");
      write_debug(f_, v);
    }
    has_fields_ = true;
    return *this;
  }
  /// `Name { a: 1, .. }`
  void finish_non_exhaustive();
  void finish() {
    if (has_fields_) f_.write_str(f_.alternate() ? "}" : " }");
  }

 private:
  Formatter& f_;
  bool has_fields_ = false;
};

/// Rust's `DebugTuple` (`Name(1, 2)`, and tuples with an empty name: `(1,)`).
class DebugTuple {
 public:
  DebugTuple(Formatter& f, bool empty_name) : f_(f), empty_name_(empty_name) {}
  template <class T>
  DebugTuple& field(const T& v) {
    if (f_.alternate()) {
      if (fields_ == 0) f_.write_str("(\n");
      Sink pad{nullptr, &f_.sink(), true};
      Formatter inner(pad, f_.spec());
      write_debug(inner, v);
      inner.write_str(",\n");
    } else {
      f_.write_str(fields_ == 0 ? "(" : ", ");
      write_debug(f_, v);
    }
    ++fields_;
    return *this;
  }
  void finish() {
    if (fields_ > 0) {
      if (fields_ == 1 && empty_name_ && !f_.alternate()) f_.write_str(",");
      f_.write_str(")");
    }
  }

 private:
  Formatter& f_;
  std::size_t fields_ = 0;
  bool empty_name_;
};

/// Rust's `DebugList` (`[1, 2]`).
class DebugList {
 public:
  explicit DebugList(Formatter& f) : f_(f) { f_.write_str("["); }
  template <class T>
  DebugList& entry(const T& v) {
    if (f_.alternate()) {
      if (!has_fields_) f_.write_str("\n");
      Sink pad{nullptr, &f_.sink(), true};
      Formatter inner(pad, f_.spec());
      write_debug(inner, v);
      inner.write_str(",\n");
    } else {
      if (has_fields_) f_.write_str(", ");
      write_debug(f_, v);
    }
    has_fields_ = true;
    return *this;
  }
  template <class It>
  DebugList& entries(It first, It last) {
    for (; first != last; ++first) entry(*first);
    return *this;
  }
  void finish() { f_.write_str("]"); }

 private:
  Formatter& f_;
  bool has_fields_ = false;
};

/// A value whose Debug is the given text as is (e.g. the name of a fieldless enum variant).
struct Raw {
  std::string_view text;
};

inline DebugStruct Formatter::debug_struct(std::string_view name) {
  write_str(name);
  return DebugStruct(*this);
}
inline DebugTuple Formatter::debug_tuple(std::string_view name) {
  write_str(name);
  return DebugTuple(*this, name.empty());
}
inline DebugList Formatter::debug_list() { return DebugList(*this); }

// ---- The runtime's own implementations (defined in src/fmt.cpp) ----------------------------
// Integers: Display and Debug (`x?`/`X?` honoured); the radix traits go through fmt_radix.
#define ASYNCC_FMT_INT(T)                          \
  void fmt_display(Formatter& f, T v);             \
  void fmt_debug(Formatter& f, T v);               \
  void fmt_radix(Formatter& f, T v);
ASYNCC_FMT_INT(signed char)
ASYNCC_FMT_INT(unsigned char)
ASYNCC_FMT_INT(short)
ASYNCC_FMT_INT(unsigned short)
ASYNCC_FMT_INT(int)
ASYNCC_FMT_INT(unsigned)
ASYNCC_FMT_INT(long)
ASYNCC_FMT_INT(unsigned long)
ASYNCC_FMT_INT(long long)
ASYNCC_FMT_INT(unsigned long long)
#undef ASYNCC_FMT_INT
void fmt_display(Formatter& f, double v);
void fmt_debug(Formatter& f, double v);
/// `{:e}` / `{:E}` of an f64.
void fmt_exp(Formatter& f, double v);
/// `{:e}` / `{:E}` of an integer (`1e2`, `-1.234e3`), given as its sign and magnitude.
void fmt_exp_int(Formatter& f, bool negative, unsigned long long magnitude);
void fmt_display(Formatter& f, bool v);
void fmt_debug(Formatter& f, bool v);
void fmt_display(Formatter& f, char32_t v);
void fmt_debug(Formatter& f, char32_t v);
void fmt_display(Formatter& f, std::string_view v);
void fmt_debug(Formatter& f, std::string_view v);
inline void fmt_display(Formatter& f, const std::string& v) { fmt_display(f, std::string_view(v)); }
inline void fmt_debug(Formatter& f, const std::string& v) { fmt_debug(f, std::string_view(v)); }
inline void fmt_display(Formatter& f, const char* v) { fmt_display(f, std::string_view(v)); }
inline void fmt_debug(Formatter& f, const char* v) { fmt_debug(f, std::string_view(v)); }

inline void fmt_debug(Formatter& f, Raw r) { f.write_str(r.text); }

template <class T, class A>
void fmt_debug(Formatter& f, const std::vector<T, A>& v) {
  f.debug_list().entries(v.begin(), v.end()).finish();
}
template <class... Ts>
void fmt_debug(Formatter& f, const std::tuple<Ts...>& v) {
  if constexpr (sizeof...(Ts) == 0) {
    f.pad("()");
  } else {
    DebugTuple t = f.debug_tuple("");
    std::apply([&t](const auto&... e) { (t.field(e), ...); }, v);
    t.finish();
  }
}
template <class A, class B>
void fmt_debug(Formatter& f, const std::pair<A, B>& v) {
  f.debug_tuple("").field(v.first).field(v.second).finish();
}

namespace detail {
template <class T, class = void>
struct has_legacy_debug : std::false_type {};
template <class T>
struct has_legacy_debug<
    T, std::void_t<decltype(debug_write(std::declval<std::string&>(), std::declval<const T&>()))>>
    : std::true_type {};

template <class T, class = void>
struct has_fmt_debug : std::false_type {};
template <class T>
struct has_fmt_debug<T, std::void_t<decltype(fmt_debug(std::declval<Formatter&>(), std::declval<const T&>()))>>
    : std::true_type {};
// A Vec is Debug when its elements are (by either protocol).
template <class T, class A>
struct has_fmt_debug<std::vector<T, A>, void> : std::disjunction<has_fmt_debug<T>, has_legacy_debug<T>> {};

template <class T, class = void>
struct has_fmt_display : std::false_type {};
template <class T>
struct has_fmt_display<T,
                       std::void_t<decltype(fmt_display(std::declval<Formatter&>(), std::declval<const T&>()))>>
    : std::true_type {};

template <class T, class = void>
struct has_to_string : std::false_type {};
template <class T>
struct has_to_string<T, std::void_t<decltype(std::declval<const T&>().to_string())>> : std::true_type {};

template <class T>
inline constexpr bool is_int_v =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char32_t> && !std::is_same_v<T, char>;

[[noreturn]] void bad_format(std::string_view what);
}  // namespace detail

/// Rust's `{:?}` of `v` through `f` (dispatch to `fmt_debug`, found by lookup and ADL).
template <class T>
void write_debug(Formatter& f, const T& v) {
  if constexpr (detail::has_fmt_debug<T>::value) {
    fmt_debug(f, v);
  } else if constexpr (detail::has_legacy_debug<T>::value) {
    std::string s;
    debug_write(s, v);
    f.write_str(s);
  } else {
    static_assert(detail::has_legacy_debug<T>::value, "type does not implement Debug (fmt_debug)");
  }
}

/// Rust's `{}` of `v` through `f`. Types without `fmt_display` but with a `to_string()`
/// member (the runtime's error types) are padded like a `str`.
template <class T>
void write_display(Formatter& f, const T& v) {
  if constexpr (detail::has_fmt_display<T>::value) {
    fmt_display(f, v);
  } else if constexpr (detail::has_to_string<T>::value) {
    f.pad(v.to_string());
  } else {
    (void)v;
    detail::bad_format("the argument does not implement `Display`");
  }
}

/// Formats `v` under the trait and options in `f.spec()`.
template <class T>
void write_value(Formatter& f, const T& v) {
  switch (f.spec().kind) {
    case Kind::display: write_display(f, v); return;
    case Kind::debug:
      if constexpr (detail::has_fmt_debug<T>::value || detail::has_legacy_debug<T>::value) {
        write_debug(f, v);
        return;
      }
      break;
    case Kind::lower_exp:
    case Kind::upper_exp:
      if constexpr (std::is_floating_point_v<T>) {
        fmt_exp(f, static_cast<double>(v));
        return;
      } else if constexpr (detail::is_int_v<T>) {
        const auto bits = static_cast<unsigned long long>(v);
        if constexpr (std::is_signed_v<T>) {
          if (v < 0) return fmt_exp_int(f, true, 0ULL - bits);
        }
        fmt_exp_int(f, false, bits);
        return;
      }
      break;
    default:
      if constexpr (detail::is_int_v<T>) {
        fmt_radix(f, v);
        return;
      }
      break;
  }
  detail::bad_format("the argument does not implement the requested formatting trait");
}

/// Appends `v` formatted under `spec`: the pre-parsed path, for generated code that resolves
/// placeholders at compile time (`{:>8.2}` is `Spec{U' ', Align::right, Kind::display, false,
/// false, false, false, false, false, 8, 2}`).
template <class T>
void write(std::string& out, const Spec& spec, const T& v) {
  Formatter f(out, spec);
  write_value(f, v);
}

/// One type-erased argument of a format call.
struct Arg {
  const void* value;
  void (*write)(Formatter&, const void*);
  /// The argument as a width or precision (`{:1$}`, `{:.*}`); false if it is not an integer.
  bool (*count)(const void*, std::size_t&);
};

namespace detail {
template <class T>
void write_erased(Formatter& f, const void* p) {
  write_value(f, *static_cast<const T*>(p));
}
template <class T>
bool count_erased(const void* p, std::size_t& n) {
  if constexpr (is_int_v<T>) {
    T v = *static_cast<const T*>(p);
    if (v < 0) return false;
    n = static_cast<std::size_t>(v);
    return true;
  } else {
    (void)p;
    (void)n;
    return false;
  }
}
template <class T>
Arg make_arg(const T& v) {
  return Arg{&v, &write_erased<T>, &count_erased<T>};
}
}  // namespace detail

/// Appends the formatted text to `out` (the non-template core of every format call).
void vformat(std::string& out, std::string_view fmt, const Arg* args, std::size_t n);

/// Appends `format!(fmt, args...)` to `out`.
template <class... A>
void format_to(std::string& out, std::string_view fmt, const A&... args) {
  if constexpr (sizeof...(A) == 0) {
    vformat(out, fmt, nullptr, 0);
  } else {
    // String literals (`const char*`, arrays) are held as string views for the call.
    auto hold = std::tuple<std::conditional_t<std::is_array_v<A> || std::is_pointer_v<A>, std::string_view, const A&>...>(
        args...);
    std::apply(
        [&](const auto&... held) {
          const Arg erased[] = {detail::make_arg(held)...};
          vformat(out, fmt, erased, sizeof...(A));
        },
        hold);
  }
}

/// `format!(fmt, args...)`.
template <class... A>
std::string format(std::string_view fmt, const A&... args) {
  std::string out;
  format_to(out, fmt, args...);
  return out;
}

/// Writes to the process's stdout / stderr (unbuffered for stderr, as Rust's).
void write_stdout(std::string_view s);
void write_stderr(std::string_view s);

/// `print!` / `println!` / `eprint!` / `eprintln!`.
template <class... A>
void print(std::string_view fmt, const A&... args) {
  std::string out;
  format_to(out, fmt, args...);
  write_stdout(out);
}
template <class... A>
void println(std::string_view fmt, const A&... args) {
  std::string out;
  format_to(out, fmt, args...);
  out += '\n';
  write_stdout(out);
}
template <class... A>
void eprint(std::string_view fmt, const A&... args) {
  std::string out;
  format_to(out, fmt, args...);
  write_stderr(out);
}
template <class... A>
void eprintln(std::string_view fmt, const A&... args) {
  std::string out;
  format_to(out, fmt, args...);
  out += '\n';
  write_stderr(out);
}

/// Rust's `{}` of `v` (`to_string()`).
template <class T>
std::string to_display(const T& v) {
  std::string out;
  Formatter f(out, Spec{});
  write_display(f, v);
  return out;
}

/// Rust's `{:?}` (or `{:#?}` when `pretty`) of `v`.
template <class T>
std::string to_debug(const T& v, bool pretty = false) {
  std::string out;
  Spec s;
  s.kind = Kind::debug;
  s.alternate = pretty;
  Formatter f(out, s);
  write_debug(f, v);
  return out;
}

}  // namespace asyncc::fmt
