// ADSL types as C++ types (LANGUAGE.md §2, RUNTIME.md).
#include "compiler/emit/cpp_emitter.hpp"
#include "compiler/lower/impl_future.hpp"

namespace asyncc::emit {

using sema::TypeKind;

std::string CppEmitter::future_class(sema::TypeId t) const {
  const sema::TypeData& d = p_.types.data(lower::concrete_type(ir_.impl_futures, t));
  if (d.kind != TypeKind::Future) return "";
  const auto fk = static_cast<sema::FutureKind>(d.extra);
  if (fk != sema::FutureKind::AsyncFn && fk != sema::FutureKind::AsyncBlock) return "";
  auto it = ir_.body_of.find(d.origin);
  if (it == ir_.body_of.end()) return "";
  return ir_.bodies[it->second].name;
}

std::string CppEmitter::type(sema::TypeId t) const {
  const sema::TypeData& d = p_.types.data(t);
  auto arg = [&](std::uint32_t i) { return type(p_.types.arg(t, i)); };
  switch (d.kind) {
    case TypeKind::Error: return "asyncc::Unit";
    case TypeKind::Never: return "asyncc::Unit";
    case TypeKind::Bool: return "bool";
    case TypeKind::Char: return "char32_t";
    case TypeKind::Int: {
      static const char* const names[] = {"std::int8_t",   "std::int16_t",  "std::int32_t", "std::int64_t",
                                          "std::ptrdiff_t", "std::uint8_t", "std::uint16_t", "std::uint32_t",
                                          "std::uint64_t", "std::size_t"};
      return names[d.extra];
    }
    case TypeKind::F64: return "double";
    case TypeKind::Str: return "std::string_view";
    case TypeKind::String: return "std::string";
    case TypeKind::Tuple: {
      if (d.arg_count == 0) return "asyncc::Unit";
      std::string s = "std::tuple<";
      for (std::uint32_t i = 0; i < d.arg_count; ++i) s += (i ? ", " : "") + arg(i);
      return s + ">";
    }
    case TypeKind::Vec: return "std::vector<" + arg(0) + ">";
    case TypeKind::Option: return "asyncc::Option<" + arg(0) + ">";
    case TypeKind::Result: return "asyncc::Result<" + arg(0) + ", " + arg(1) + ">";
    case TypeKind::Either: return "asyncc::Either<" + arg(0) + ", " + arg(1) + ">";
    case TypeKind::JoinHandle: return "asyncc::JoinHandle<" + arg(0) + ">";
    case TypeKind::Sender: return "asyncc::Sender<" + arg(0) + ">";
    case TypeKind::Receiver: return "asyncc::Receiver<" + arg(0) + ">";
    case TypeKind::Opaque: {
      static const char* const names[] = {"asyncc::TcpListener", "asyncc::TcpStream",    "asyncc::IoError",
                                          "asyncc::Elapsed",     "asyncc::SendError",    "asyncc::ParseIntError",
                                          "asyncc::ParseFloatError"};
      return names[d.extra];
    }
    case TypeKind::Adt: {
      for (const sema::AdtInfo& adt : p_.adts) {
        if (adt.type == t) return std::string(adt.name);
      }
      return "asyncc::Unit";
    }
    case TypeKind::Ref: return (d.extra ? "" : "const ") + arg(0) + "&";
    case TypeKind::Future: {
      // `-> impl Future<…>`: the concrete future the body returns (no BoxFuture allocation).
      if (const sema::TypeId c = lower::concrete_type(ir_.impl_futures, t); c != t) return type(c);
      std::string cls = future_class(t);
      if (!cls.empty()) return cls;
      switch (static_cast<sema::FutureKind>(d.extra)) {
        case sema::FutureKind::Sleep: return "asyncc::Sleep";
        case sema::FutureKind::YieldNow: return "asyncc::YieldNow";
        case sema::FutureKind::Send: return "asyncc::SendFuture<" + arg(1) + ">";
        case sema::FutureKind::Recv: return "asyncc::RecvFuture<" + arg(1) + ">";
        case sema::FutureKind::Join: return "asyncc::Join<" + arg(1) + ", " + arg(2) + ">";
        case sema::FutureKind::Join3: return "asyncc::Join3<" + arg(1) + ", " + arg(2) + ", " + arg(3) + ">";
        case sema::FutureKind::Select: return "asyncc::Select<" + arg(1) + ", " + arg(2) + ">";
        case sema::FutureKind::Timeout: return "asyncc::Timeout<" + arg(1) + ">";
        case sema::FutureKind::JoinAll: return "asyncc::JoinAll<" + arg(1) + ">";
        case sema::FutureKind::JoinHandle: return "asyncc::JoinHandle<" + arg(0) + ">";
        case sema::FutureKind::Bind: return "asyncc::BindFuture";
        case sema::FutureKind::Accept: return "asyncc::AcceptFuture";
        case sema::FutureKind::Connect: return "asyncc::ConnectFuture";
        case sema::FutureKind::ReadLine: return "asyncc::ReadLineFuture";
        case sema::FutureKind::WriteAll: return "asyncc::WriteAllFuture";
        default: return "asyncc::BoxFuture<" + arg(0) + ">";
      }
    }
    default: return "asyncc::Unit";
  }
}

std::string CppEmitter::slot_type(const lower::Slot& s) const {
  if (s.by_ref) return "const " + type(s.type) + "*";
  return type(s.type);
}

}  // namespace asyncc::emit
