// Non-blocking TCP on the reactor (RUNTIME.md §5, LANGUAGE.md §8).
//
// Ownership and state rules:
// - A socket object owns its fd and its registration (an IoEntry in the reactor of the runtime
//   that created it, kept alive by a reference to that runtime). Moving the object moves the
//   ownership; destroying it deregisters and closes the fd.
// - Each operation tries the system call first, under the IoEntry's mutex; on EAGAIN it stores
//   the waker (reader or writer) in the entry before unlocking. The reactor takes that mutex to
//   fetch the waker when an edge arrives, so a readiness change between the failed call and the
//   registration cannot be lost.
// - The futures of read_line/write_all/accept borrow the socket: they must not outlive it.
#pragma once

#include <cstdint>
#include <string>

#include "asyncc/detail/reactor.hpp"
#include "asyncc/detail/scheduler.hpp"
#include "asyncc/future.hpp"

namespace asyncc {

/// An I/O error: the std::io::ErrorKind name, the OS error code (0 if none) and its text.
/// Debug prints as Rust does: `Os { code: 111, kind: ConnectionRefused, message: "Connection refused" }`.
class IoError {
 public:
  /// From an errno value (the kind as Rust's std decodes it).
  static IoError from_errno(int code);
  /// A custom error without an OS code (Debug: `Custom { kind: K, error: "msg" }`).
  static IoError custom(std::string kind, std::string message);
  /// A std-internal simple message (Debug: `Error { kind: K, message: "msg" }`).
  static IoError simple(std::string kind, std::string message);

  const std::string& kind() const { return kind_; }
  int raw_os_error() const { return code_; }
  const std::string& message() const { return message_; }
  /// Rust's Display: `Connection refused (os error 111)` or the message.
  std::string to_string() const;

  friend bool operator==(const IoError& a, const IoError& b) {
    return a.code_ == b.code_ && a.kind_ == b.kind_ && a.message_ == b.message_;
  }
  friend bool operator!=(const IoError& a, const IoError& b) { return !(a == b); }
  friend void fmt_debug(fmt::Formatter& f, const IoError& e);

 private:
  enum class Form { os, custom, simple };
  static IoError without_code(Form form, std::string kind, std::string message);
  Form form_ = Form::os;
  int code_ = 0;
  std::string kind_;
  std::string message_;
};

/// Rust's ErrorKind name for an errno value (`ConnectionRefused`, `AddrInUse`, ...).
const char* error_kind_name(int code);

namespace detail {

class Socket {
 public:
  Socket() = default;
  /// Takes ownership of a non-blocking fd and registers it with the calling thread's runtime.
  explicit Socket(int fd);
  Socket(Socket&& o) noexcept;
  Socket& operator=(Socket&& o) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { close(); }
  int fd() const { return fd_; }
  IoEntry* io() const { return io_; }
  void close();

 private:
  int fd_ = -1;
  IoEntry* io_ = nullptr;
  Scheduler* sched_ = nullptr;
};

}  // namespace detail

class TcpStream;
class TcpListener;

/// The future of TcpListener::bind (does its work on the first poll).
class BindFuture {
 public:
  using Output = Result<TcpListener, IoError>;
  explicit BindFuture(std::string addr) : addr_(std::move(addr)) {}
  Poll<Output> poll(Context& cx);

 private:
  std::string addr_;
  bool done_ = false;
};

class AcceptFuture {
 public:
  using Output = Result<TcpStream, IoError>;
  explicit AcceptFuture(const TcpListener* l) : l_(l) {}
  Poll<Output> poll(Context& cx);

 private:
  const TcpListener* l_;
  bool done_ = false;
};

class TcpListener {
 public:
  /// Binds and listens on `addr` ("127.0.0.1:0", "[::1]:8080", "localhost:80"). Sets SO_REUSEADDR
  /// (not SO_REUSEPORT): binding a port in use fails with AddrInUse.
  static BindFuture bind(std::string addr) { return BindFuture(std::move(addr)); }
  std::uint16_t local_port() const;
  /// The next incoming connection. The future must not outlive the listener.
  AcceptFuture accept() const { return AcceptFuture(this); }
  /// Debug as Rust prints it: `TcpListener { addr: 127.0.0.1:8080, fd: 3 }`.
  friend void debug_write(std::string& out, const TcpListener& l);

 private:
  friend class BindFuture;
  friend class AcceptFuture;
  explicit TcpListener(detail::Socket s) : sock_(std::move(s)) {}
  detail::Socket sock_;
};

class ConnectFuture {
 public:
  using Output = Result<TcpStream, IoError>;
  explicit ConnectFuture(std::string addr) : addr_(std::move(addr)) {}
  Poll<Output> poll(Context& cx);

 private:
  std::string addr_;
  detail::Socket sock_;
  bool started_ = false;
  bool done_ = false;
};

class ReadLineFuture {
 public:
  using Output = Result<Option<std::string>, IoError>;
  explicit ReadLineFuture(TcpStream* s) : s_(s) {}
  Poll<Output> poll(Context& cx);

 private:
  TcpStream* s_;
  bool done_ = false;
};

class WriteAllFuture {
 public:
  using Output = Result<Unit, IoError>;
  WriteAllFuture(TcpStream* s, std::string data) : s_(s), data_(std::move(data)) {}
  Poll<Output> poll(Context& cx);

 private:
  TcpStream* s_;
  std::string data_;
  std::size_t off_ = 0;
  bool done_ = false;
};

class TcpStream {
 public:
  /// Connects to `addr` (tries each resolved address in turn).
  static ConnectFuture connect(std::string addr) { return ConnectFuture(std::move(addr)); }
  /// The next line without its `\n`; a last line without `\n` comes before None (end of stream).
  /// Invalid UTF-8 is an InvalidData error, as in Rust.
  ReadLineFuture read_line() { return ReadLineFuture(this); }
  /// Writes all of `data`.
  WriteAllFuture write_all(std::string data) { return WriteAllFuture(this, std::move(data)); }
  std::uint16_t local_port() const;
  std::uint16_t peer_port() const;
  /// Debug as Rust prints it: `TcpStream { addr: 127.0.0.1:1, peer: 127.0.0.1:2, fd: 4 }`.
  friend void debug_write(std::string& out, const TcpStream& s);

 private:
  friend class AcceptFuture;
  friend class ConnectFuture;
  friend class ReadLineFuture;
  friend class WriteAllFuture;
  explicit TcpStream(detail::Socket s) : sock_(std::move(s)) {}
  detail::Socket sock_;
  std::string rbuf_;
  std::size_t rpos_ = 0;
  bool eof_ = false;
};

}  // namespace asyncc
