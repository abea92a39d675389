// Rust's std::fmt for the runtime's scalar types, and the format-string interpreter.
// Each function mirrors its namesake in Rust's library/core/src/fmt (named in the comments).
#include "asyncc/fmt.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "asyncc/detail/utf8.hpp"
#include "asyncc/panic.hpp"
#include "unicode_tables.hpp"

namespace asyncc::fmt {

void Sink::write(std::string_view s) {
  if (parent == nullptr) {
    out->append(s);
    return;
  }
  // PadAdapter::write_str: indent every line that starts while we are at a line start.
  while (!s.empty()) {
    std::size_t nl = s.find('\n');
    std::string_view line = nl == std::string_view::npos ? s : s.substr(0, nl + 1);
    if (on_newline) parent->write("    ");
    on_newline = line.back() == '\n';
    parent->write(line);
    s.remove_prefix(line.size());
  }
}

void Formatter::write_char(char32_t c) {
  std::string buf;
  ::asyncc::detail::utf8_append(buf, c);
  write_str(buf);
}

void Formatter::fill(std::size_t n) {
  std::string buf;
  for (std::size_t i = 0; i < n; ++i) ::asyncc::detail::utf8_append(buf, spec_.fill);
  write_str(buf);
}

// Formatter::padding: writes the pre-padding, returns the post-padding count.
void Formatter::padding(std::size_t n, Align default_align, std::size_t& post) {
  Align a = spec_.align == Align::unknown ? default_align : spec_.align;
  std::size_t pre = 0;
  switch (a) {
    case Align::left: pre = 0; break;
    case Align::right:
    case Align::unknown: pre = n; break;
    case Align::center: pre = n / 2; break;
  }
  post = n - pre;
  fill(pre);
}

void Formatter::pad(std::string_view s) {
  if (spec_.width == Spec::none && spec_.precision == Spec::none) {
    write_str(s);
    return;
  }
  if (spec_.precision != Spec::none) {
    // Truncate to `precision` chars.
    std::size_t chars = 0, i = 0;
    while (i < s.size() && chars < spec_.precision) {
      std::size_t len = 1;
      ::asyncc::detail::utf8_decode(s, i, len);
      i += len;
      ++chars;
    }
    s = s.substr(0, i);
  }
  if (spec_.width == Spec::none) {
    write_str(s);
    return;
  }
  std::size_t count = ::asyncc::detail::utf8_count(s);
  if (count >= spec_.width) {
    write_str(s);
    return;
  }
  std::size_t post = 0;
  padding(spec_.width - count, Align::left, post);
  write_str(s);
  fill(post);
}

void Formatter::pad_integral(bool non_negative, std::string_view prefix, std::string_view digits) {
  std::size_t width = digits.size();
  const char* sign = nullptr;
  if (!non_negative) {
    sign = "-";
    ++width;
  } else if (spec_.sign_plus) {
    sign = "+";
    ++width;
  }
  bool use_prefix = spec_.alternate;
  if (use_prefix) width += ::asyncc::detail::utf8_count(prefix);
  auto write_prefix = [&] {
    if (sign != nullptr) write_str(sign);
    if (use_prefix) write_str(prefix);
  };
  if (spec_.width == Spec::none || width >= spec_.width) {
    write_prefix();
    write_str(digits);
  } else if (spec_.zero_pad) {
    char32_t old_fill = spec_.fill;
    Align old_align = spec_.align;
    spec_.fill = U'0';
    spec_.align = Align::right;
    write_prefix();
    std::size_t post = 0;
    padding(spec_.width - width, Align::right, post);
    write_str(digits);
    fill(post);
    spec_.fill = old_fill;
    spec_.align = old_align;
  } else {
    std::size_t post = 0;
    padding(spec_.width - width, Align::right, post);
    write_prefix();
    write_str(digits);
    fill(post);
  }
}

void Formatter::pad_number(std::string_view sign, std::string_view body) {
  if (spec_.width == Spec::none) {
    write_str(sign);
    write_str(body);
    return;
  }
  std::size_t width = spec_.width;
  char32_t old_fill = spec_.fill;
  Align old_align = spec_.align;
  if (spec_.zero_pad) {
    write_str(sign);
    width = width > sign.size() ? width - sign.size() : 0;
    sign = {};
    spec_.fill = U'0';
    spec_.align = Align::right;
  }
  std::size_t len = sign.size() + body.size();
  if (width <= len) {
    write_str(sign);
    write_str(body);
  } else {
    std::size_t post = 0;
    padding(width - len, Align::right, post);
    write_str(sign);
    write_str(body);
    fill(post);
  }
  spec_.fill = old_fill;
  spec_.align = old_align;
}

void DebugStruct::finish_non_exhaustive() {
  if (!has_fields_) {
    f_.write_str(" { .. }");
  } else if (f_.alternate()) {
    Sink pad{nullptr, &f_.sink(), true};
    pad.write("..\n");
    f_.write_str("}");
  } else {
    f_.write_str(", .. }");
  }
}

// ---- integers ---------------------------------------------------------------------------------

namespace {

template <class T>
void int_display(Formatter& f, T v) {
  using U = std::make_unsigned_t<T>;
  bool non_negative = v >= 0;
  U mag = non_negative ? static_cast<U>(v) : static_cast<U>(U(0) - static_cast<U>(v));
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, mag);
  f.pad_integral(non_negative, "", std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

template <class T>
void int_radix(Formatter& f, T v, Kind kind) {
  using U = std::make_unsigned_t<T>;
  U u = static_cast<U>(v);
  int base = 16;
  const char* prefix = "0x";
  switch (kind) {
    case Kind::binary: base = 2; prefix = "0b"; break;
    case Kind::octal: base = 8; prefix = "0o"; break;
    default: break;
  }
  char buf[72];
  auto r = std::to_chars(buf, buf + sizeof buf, u, base);
  if (kind == Kind::upper_hex)
    for (char* p = buf; p != r.ptr; ++p)
      if (*p >= 'a' && *p <= 'f') *p = static_cast<char>(*p - 'a' + 'A');
  f.pad_integral(true, prefix, std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

template <class T>
void int_debug(Formatter& f, T v) {
  if (f.spec().debug_lower_hex)
    int_radix(f, v, Kind::lower_hex);
  else if (f.spec().debug_upper_hex)
    int_radix(f, v, Kind::upper_hex);
  else
    int_display(f, v);
}

}  // namespace

#define ASYNCC_FMT_INT(T)                                                    \
  void fmt_display(Formatter& f, T v) { int_display(f, v); }                 \
  void fmt_debug(Formatter& f, T v) { int_debug(f, v); }                     \
  void fmt_radix(Formatter& f, T v) { int_radix(f, v, f.spec().kind); }
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

// ---- f64 (core::fmt::float) ------------------------------------------------------------------

namespace {

// The shortest digits that round-trip (Rust's Grisu/Dragon shortest mode; std::to_chars
// picks the same: shortest, then closest): v = 0.DIGITS * 10^exp.
void shortest_digits(double v, std::string& digits, int& exp) {
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
  std::size_t e = s.find('e');
  digits.clear();
  for (std::size_t i = 0; i < e; ++i)
    if (s[i] != '.') digits += s[i];
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int sci = 0;
  std::from_chars(s.data() + e + (s[e + 1] == '+' ? 2 : 1), s.data() + s.size(), sci);
  exp = sci + 1;
}

// flt2dec::digits_to_dec_str
std::string digits_to_dec(const std::string& digits, int exp, std::size_t frac_digits) {
  std::string out;
  auto n = static_cast<int>(digits.size());
  if (exp <= 0) {
    out = "0.";
    out.append(static_cast<std::size_t>(-exp), '0');
    out += digits;
    std::size_t have = static_cast<std::size_t>(-exp) + digits.size();
    if (frac_digits > have) out.append(frac_digits - have, '0');
  } else if (exp < n) {
    out.append(digits, 0, static_cast<std::size_t>(exp));
    out += '.';
    out.append(digits, static_cast<std::size_t>(exp), std::string::npos);
    std::size_t have = static_cast<std::size_t>(n - exp);
    if (frac_digits > have) out.append(frac_digits - have, '0');
  } else {
    out = digits;
    out.append(static_cast<std::size_t>(exp - n), '0');
    if (frac_digits > 0) {
      out += '.';
      out.append(frac_digits, '0');
    }
  }
  return out;
}

// flt2dec::digits_to_exp_str for the shortest digits.
std::string digits_to_exp(const std::string& digits, int exp, bool upper) {
  std::string out(1, digits[0]);
  if (digits.size() > 1) {
    out += '.';
    out.append(digits, 1, std::string::npos);
  }
  out += upper ? 'E' : 'e';
  out += std::to_string(digits == "0" ? 0 : exp - 1);
  return out;
}

const char* float_sign(const Formatter& f, double v) {
  if (std::isnan(v)) return "";
  if (std::signbit(v)) return "-";
  return f.spec().sign_plus ? "+" : "";
}

// The body for NaN and infinities, or null for finite values.
const char* special(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return "inf";
  return nullptr;
}

// float_to_decimal_common_exact: exactly `precision` fractional digits, rounded half to even
// on the exact binary value (as Rust's exact mode and std::to_chars do).
std::string fixed_exact(double a, std::size_t precision) {
  std::string buf(330 + precision, '\0');
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), a, std::chars_format::fixed,
                         static_cast<int>(precision));
  buf.resize(static_cast<std::size_t>(r.ptr - buf.data()));
  return buf;
}

void float_decimal(Formatter& f, double v, std::size_t min_frac) {
  const char* sign = float_sign(f, v);
  if (const char* s = special(v)) return f.pad_number(sign, s);
  double a = std::fabs(v);
  if (f.spec().precision != Spec::none) return f.pad_number(sign, fixed_exact(a, f.spec().precision));
  if (a == 0) return f.pad_number(sign, min_frac > 0 ? "0.0" : "0");
  std::string digits;
  int exp = 0;
  shortest_digits(a, digits, exp);
  f.pad_number(sign, digits_to_dec(digits, exp, min_frac));
}

void float_exp(Formatter& f, double v, bool upper) {
  const char* sign = float_sign(f, v);
  if (const char* s = special(v)) return f.pad_number(sign, s);
  double a = std::fabs(v);
  if (f.spec().precision != Spec::none) {
    std::size_t p = f.spec().precision;
    std::string buf(40 + p, '\0');
    auto r = std::to_chars(buf.data(), buf.data() + buf.size(), a, std::chars_format::scientific,
                           static_cast<int>(p));
    std::string_view s(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
    std::size_t e = s.find('e');
    int exp = 0;
    std::from_chars(s.data() + e + (s[e + 1] == '+' ? 2 : 1), s.data() + s.size(), exp);
    std::string body(s.substr(0, e));
    body += upper ? 'E' : 'e';
    body += std::to_string(exp);
    return f.pad_number(sign, body);
  }
  if (a == 0) return f.pad_number(sign, upper ? "0E0" : "0e0");
  std::string digits;
  int exp = 0;
  shortest_digits(a, digits, exp);
  f.pad_number(sign, digits_to_exp(digits, exp, upper));
}

}  // namespace

void fmt_display(Formatter& f, double v) { float_decimal(f, v, 0); }

// float_to_general_debug: decimal for 1e-4 <= |v| < 1e16 (and 0), else exponential.
void fmt_debug(Formatter& f, double v) {
  double a = std::fabs(v);
  if (f.spec().precision != Spec::none || special(v) != nullptr || a == 0 || (a >= 1e-4 && a < 1e16)) {
    float_decimal(f, v, 1);
  } else {
    float_exp(f, v, false);
  }
}

void fmt_exp(Formatter& f, double v) { float_exp(f, v, f.spec().kind == Kind::upper_exp); }

// Rust's LowerExp/UpperExp of integers: trailing zeros go into the exponent; a precision pads
// with zeros or rounds the digits (half to even).
void fmt_exp_int(Formatter& f, bool negative, unsigned long long n) {
  int exponent = 0;
  while (n >= 10 && n % 10 == 0) {
    n /= 10;
    ++exponent;
  }
  std::size_t added = 0;
  if (f.spec().precision != Spec::none) {
    std::size_t digits = 0;  // decimal digits of n, minus one
    for (unsigned long long t = n; t >= 10; t /= 10) ++digits;
    const std::size_t want = f.spec().precision;
    added = want > digits ? want - digits : 0;
    const std::size_t removed = digits > want ? digits - want : 0;
    for (std::size_t i = 1; i < removed; ++i) {
      n /= 10;
      ++exponent;
    }
    if (removed != 0) {
      const unsigned long long rem = n % 10;
      n /= 10;
      ++exponent;
      if (rem > 5 || (rem == 5 && (n % 2 != 0 || removed > 1))) {
        const std::string before = std::to_string(n);
        ++n;
        if (std::to_string(n).size() > before.size()) {
          n /= 10;
          ++exponent;
        }
      }
    }
  }
  const std::string digits = std::to_string(n);
  std::string body = digits.substr(0, 1);
  if (digits.size() > 1 || added > 0) body += '.' + digits.substr(1) + std::string(added, '0');
  exponent += static_cast<int>(digits.size()) - 1;
  body += f.spec().kind == Kind::upper_exp ? 'E' : 'e';
  body += std::to_string(exponent);
  f.pad_number(negative ? "-" : f.spec().sign_plus ? "+" : "", body);
}

// ---- bool, char, str --------------------------------------------------------------------------

void fmt_display(Formatter& f, bool v) { f.pad(v ? "true" : "false"); }
void fmt_debug(Formatter& f, bool v) { f.pad(v ? "true" : "false"); }

void fmt_display(Formatter& f, char32_t v) {
  std::string buf;
  ::asyncc::detail::utf8_append(buf, v);
  f.pad(buf);
}

namespace {

// char::escape_debug_ext: `quote` is the delimiter that gets a backslash.
void escape_debug(std::string& out, char32_t c, char quote) {
  switch (c) {
    case U'\0': out += "\\0"; return;
    case U'\t': out += "\\t"; return;
    case U'\r': out += "\\r"; return;
    case U'\n': out += "\\n"; return;
    case U'\\': out += "\\\\"; return;
    default: break;
  }
  if (c == static_cast<char32_t>(quote)) {
    out += '\\';
    out += quote;
    return;
  }
  if (c < 0x20 || c == 0x7F || ::asyncc::detail::debug_escapes_unicode(c)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\u{%x}", static_cast<unsigned>(c));
    out += buf;
    return;
  }
  ::asyncc::detail::utf8_append(out, c);
}

}  // namespace

void fmt_debug(Formatter& f, char32_t v) {
  std::string out = "'";
  escape_debug(out, v, '\'');
  out += '\'';
  f.write_str(out);
}

void fmt_display(Formatter& f, std::string_view v) { f.pad(v); }

void fmt_debug(Formatter& f, std::string_view v) {
  std::string out = "\"";
  for (std::size_t i = 0; i < v.size();) {
    auto c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    std::size_t len = 1;
    char32_t cp = ::asyncc::detail::utf8_decode(v, i, len);
    escape_debug(out, cp, '"');
    i += len;
  }
  out += '"';
  f.write_str(out);
}

// ---- format strings ---------------------------------------------------------------------------

namespace detail {
void bad_format(std::string_view what) {
  std::string msg = "asyncc runtime: bad format call: ";
  msg.append(what);
  ASYNCC_PANIC(msg);
}
}  // namespace detail

namespace {

class Parser {
 public:
  Parser(std::string_view s, const Arg* args, std::size_t n) : s_(s), args_(args), n_(n) {}

  void run(std::string& out) {
    while (i_ < s_.size()) {
      std::size_t next = s_.find_first_of("{}", i_);
      if (next == std::string_view::npos) {
        out.append(s_.substr(i_));
        return;
      }
      out.append(s_.substr(i_, next - i_));
      i_ = next;
      if (s_[i_] == '}') {
        if (!eat_at(i_ + 1, '}')) detail::bad_format("unmatched `}`");
        out += '}';
        i_ += 2;
        continue;
      }
      if (eat_at(i_ + 1, '{')) {
        out += '{';
        i_ += 2;
        continue;
      }
      ++i_;
      placeholder(out);
    }
  }

 private:
  bool eat_at(std::size_t at, char c) const { return at < s_.size() && s_[at] == c; }
  bool eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool digit() const { return i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9'; }
  std::size_t number() {
    std::size_t v = 0;
    while (digit()) v = v * 10 + static_cast<std::size_t>(s_[i_++] - '0');
    return v;
  }
  const Arg& arg(std::size_t k) const {
    if (k >= n_) detail::bad_format("argument index out of range");
    return args_[k];
  }
  std::size_t count_arg(std::size_t k) const {
    std::size_t v = 0;
    const Arg& a = arg(k);
    if (!a.count(a.value, v)) detail::bad_format("width or precision argument is not a usize");
    return v;
  }
  static bool is_align(char c) { return c == '<' || c == '>' || c == '^'; }
  static Align align_of(char c) { return c == '<' ? Align::left : c == '>' ? Align::right : Align::center; }

  void placeholder(std::string& out) {
    bool explicit_index = digit();
    std::size_t index = explicit_index ? number() : 0;
    Spec spec;
    bool precision_star = false;
    if (eat(':')) {
      // [[fill]align]
      if (i_ < s_.size()) {
        std::size_t len = 1;
        char32_t c = ::asyncc::detail::utf8_decode(s_, i_, len);
        if (i_ + len < s_.size() && is_align(s_[i_ + len])) {
          spec.fill = c;
          spec.align = align_of(s_[i_ + len]);
          i_ += len + 1;
        } else if (is_align(s_[i_])) {
          spec.align = align_of(s_[i_]);
          ++i_;
        }
      }
      if (eat('+')) spec.sign_plus = true;
      else if (eat('-')) spec.sign_minus = true;
      if (eat('#')) spec.alternate = true;
      bool have_width = false;
      if (eat('0')) {
        if (eat('$')) {  // `{:0$}`: width from argument 0
          spec.width = count_arg(0);
          have_width = true;
        } else {
          spec.zero_pad = true;
        }
      }
      if (!have_width && digit()) {
        std::size_t w = number();
        spec.width = eat('$') ? count_arg(w) : w;
      }
      if (eat('.')) {
        if (eat('*')) {
          precision_star = true;
        } else if (digit()) {
          std::size_t p = number();
          spec.precision = eat('$') ? count_arg(p) : p;
        } else {
          detail::bad_format("expected a precision");
        }
      }
      if (eat('?')) {
        spec.kind = Kind::debug;
      } else if ((eat_at(i_, 'x') || eat_at(i_, 'X')) && eat_at(i_ + 1, '?')) {
        spec.kind = Kind::debug;
        (s_[i_] == 'x' ? spec.debug_lower_hex : spec.debug_upper_hex) = true;
        i_ += 2;
      } else if (eat('x')) {
        spec.kind = Kind::lower_hex;
      } else if (eat('X')) {
        spec.kind = Kind::upper_hex;
      } else if (eat('b')) {
        spec.kind = Kind::binary;
      } else if (eat('o')) {
        spec.kind = Kind::octal;
      } else if (eat('e')) {
        spec.kind = Kind::lower_exp;
      } else if (eat('E')) {
        spec.kind = Kind::upper_exp;
      }
    }
    if (!eat('}')) detail::bad_format("expected `}`");
    if (precision_star) spec.precision = count_arg(next_++);
    if (!explicit_index) index = next_++;
    const Arg& a = arg(index);
    Formatter f(out, spec);
    a.write(f, a.value);
  }

  std::string_view s_;
  const Arg* args_;
  std::size_t n_;
  std::size_t i_ = 0;
  std::size_t next_ = 0;
};

}  // namespace

void vformat(std::string& out, std::string_view fmt, const Arg* args, std::size_t n) {
  Parser(fmt, args, n).run(out);
}

// Rust's stdout is line-buffered even into a pipe: flush at each line end, so the order of
// stdout and stderr lines matches Rust's when both go to the same file.
void write_stdout(std::string_view s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  if (s.find('\n') != std::string_view::npos) std::fflush(stdout);
}

void write_stderr(std::string_view s) {
  std::fwrite(s.data(), 1, s.size(), stderr);
  std::fflush(stderr);
}

}  // namespace asyncc::fmt
