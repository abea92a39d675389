// The type table: interning and the names of the builtin kinds.
#include "compiler/sema/types.hpp"

#include <algorithm>

namespace asyncc::sema {

const char* int_kind_name(IntKind kind) {
  static const char* const names[] = {"i8", "i16", "i32", "i64", "isize", "u8", "u16", "u32", "u64", "usize"};
  return names[static_cast<int>(kind)];
}

bool int_kind_signed(IntKind kind) { return kind <= IntKind::Isize; }

unsigned int_kind_bits(IntKind kind) {
  static const unsigned bits[] = {8, 16, 32, 64, 64, 8, 16, 32, 64, 64};
  return bits[static_cast<int>(kind)];
}

const char* opaque_kind_name(OpaqueKind kind) {
  static const char* const names[] = {"TcpListener", "TcpStream",     "IoError",        "Elapsed",
                                      "SendError",   "ParseIntError", "ParseFloatError"};
  return names[static_cast<int>(kind)];
}

const char* future_kind_name(FutureKind kind) {
  static const char* const names[] = {"async fn", "async block", "impl Future", "Sleep",    "YieldNow",
                                      "Send",     "Recv",        "Join",        "Join3",    "JoinAll",
                                      "Select",   "Timeout",     "Bind",        "Accept",   "Connect",
                                      "ReadLine", "WriteAll",    "JoinHandle"};
  return names[static_cast<int>(kind)];
}

TypeTable::TypeTable() {
  error = intern(TypeKind::Error);
  never = intern(TypeKind::Never);
  unit = intern(TypeKind::Tuple);
  boolean = intern(TypeKind::Bool);
  character = intern(TypeKind::Char);
  f64 = intern(TypeKind::F64);
  str = intern(TypeKind::Str);
  string = intern(TypeKind::String);
  for (int k = 0; k < 10; ++k) ints_[k] = intern(TypeKind::Int, static_cast<std::uint8_t>(k), nullptr, nullptr, 0);
}

TypeId TypeTable::intern(TypeKind kind, std::uint8_t extra, const void* origin, const TypeId* args,
                         std::uint32_t count, std::uint32_t var) {
  std::uint64_t h = static_cast<std::uint64_t>(kind) * 0x9E3779B97F4A7C15ull ^ extra ^
                    (static_cast<std::uint64_t>(var) << 8) ^
                    (reinterpret_cast<std::uintptr_t>(origin) * 0xC2B2AE3D27D4EB4Full);
  for (std::uint32_t i = 0; i < count; ++i) h = (h ^ args[i]) * 0x100000001B3ull + i;
  auto [lo, hi] = index_.equal_range(h);
  for (auto it = lo; it != hi; ++it) {
    const TypeData& d = types_[it->second];
    if (d.kind == kind && d.extra == extra && d.origin == origin && d.var == var && d.arg_count == count &&
        std::equal(args, args + count, args_.begin() + d.first_arg)) {
      return it->second;
    }
  }
  TypeData d{kind, extra, var, origin, static_cast<std::uint32_t>(args_.size()), count};
  args_.insert(args_.end(), args, args + count);
  const auto id = static_cast<TypeId>(types_.size());
  types_.push_back(d);
  index_.emplace(h, id);
  return id;
}

std::vector<TypeId> TypeTable::args(TypeId t) const {
  const TypeData& d = types_[t];
  return {args_.begin() + d.first_arg, args_.begin() + d.first_arg + d.arg_count};
}

TypeId TypeTable::with_args(TypeId t, const std::vector<TypeId>& args) {
  const TypeData d = types_[t];
  return intern(d.kind, d.extra, d.origin, args.data(), static_cast<std::uint32_t>(args.size()), d.var);
}

}  // namespace asyncc::sema
