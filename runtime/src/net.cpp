#include "asyncc/net.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

namespace asyncc {

const char* error_kind_name(int code) {
  switch (code) {
    case E2BIG: return "ArgumentListTooLong";
    case EADDRINUSE: return "AddrInUse";
    case EADDRNOTAVAIL: return "AddrNotAvailable";
    case EBUSY: return "ResourceBusy";
    case ECONNABORTED: return "ConnectionAborted";
    case ECONNREFUSED: return "ConnectionRefused";
    case ECONNRESET: return "ConnectionReset";
    case EDEADLK: return "Deadlock";
    case EDQUOT: return "FilesystemQuotaExceeded";
    case EEXIST: return "AlreadyExists";
    case EFBIG: return "FileTooLarge";
    case EHOSTUNREACH: return "HostUnreachable";
    case EINTR: return "Interrupted";
    case EINVAL: return "InvalidInput";
    case EISDIR: return "IsADirectory";
    case ELOOP: return "FilesystemLoop";
    case ENOENT: return "NotFound";
    case ENOMEM: return "OutOfMemory";
    case ENOSPC: return "StorageFull";
    case ENOSYS: return "Unsupported";
    case EMLINK: return "TooManyLinks";
    case ENAMETOOLONG: return "InvalidFilename";
    case ENETDOWN: return "NetworkDown";
    case ENETUNREACH: return "NetworkUnreachable";
    case ENOTCONN: return "NotConnected";
    case ENOTDIR: return "NotADirectory";
    case ENOTEMPTY: return "DirectoryNotEmpty";
    case EPIPE: return "BrokenPipe";
    case EROFS: return "ReadOnlyFilesystem";
    case ESPIPE: return "NotSeekable";
    case ESTALE: return "StaleNetworkFileHandle";
    case ETIMEDOUT: return "TimedOut";
    case ETXTBSY: return "ExecutableFileBusy";
    case EXDEV: return "CrossesDevices";
    case EINPROGRESS: return "InProgress";
    case EACCES:
    case EPERM: return "PermissionDenied";
    case EAGAIN: return "WouldBlock";
    default: return "Uncategorized";
  }
}

IoError IoError::from_errno(int code) {
  IoError e;
  e.form_ = Form::os;
  e.code_ = code;
  e.kind_ = error_kind_name(code);
  char buf[256];
  // GNU strerror_r returns the text (possibly not in buf).
  const char* text = strerror_r(code, buf, sizeof buf);
  e.message_ = text;
  return e;
}

IoError IoError::without_code(Form form, std::string kind, std::string message) {
  IoError e;
  e.form_ = form;
  e.kind_ = std::move(kind);
  e.message_ = std::move(message);
  return e;
}

IoError IoError::custom(std::string kind, std::string message) {
  return without_code(Form::custom, std::move(kind), std::move(message));
}

IoError IoError::simple(std::string kind, std::string message) {
  return without_code(Form::simple, std::move(kind), std::move(message));
}

std::string IoError::to_string() const {
  if (form_ == Form::os) return message_ + " (os error " + std::to_string(code_) + ")";
  return message_;
}

void fmt_debug(fmt::Formatter& f, const IoError& e) {
  switch (e.form_) {
    case IoError::Form::os:
      f.debug_struct("Os")
          .field("code", e.code_)
          .field("kind", fmt::Raw{e.kind_})
          .field("message", e.message_)
          .finish();
      break;
    case IoError::Form::custom:
      f.debug_struct("Custom").field("kind", fmt::Raw{e.kind_}).field("error", e.message_).finish();
      break;
    case IoError::Form::simple:
      f.debug_struct("Error").field("kind", fmt::Raw{e.kind_}).field("message", e.message_).finish();
      break;
  }
}

namespace detail {

Socket::Socket(int fd) : fd_(fd) {
  sched_ = current_scheduler("asyncc TCP");
  sched_->acquire();
  io_ = sched_->reactor().io_register(fd);
}

Socket::Socket(Socket&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)), io_(std::exchange(o.io_, nullptr)), sched_(std::exchange(o.sched_, nullptr)) {}

Socket& Socket::operator=(Socket&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = std::exchange(o.fd_, -1);
    io_ = std::exchange(o.io_, nullptr);
    sched_ = std::exchange(o.sched_, nullptr);
  }
  return *this;
}

void Socket::close() {
  if (io_) sched_->reactor().io_deregister(std::exchange(io_, nullptr));
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  if (sched_) std::exchange(sched_, nullptr)->release();
}

}  // namespace detail

namespace {

using Addrs = std::vector<sockaddr_storage>;

/// Resolves "host:port" (host may be "[v6]"), as Rust's ToSocketAddrs does.
Result<Addrs, IoError> resolve(const std::string& addr) {
  auto colon = addr.rfind(':');
  if (colon == std::string::npos) return Result<Addrs, IoError>::err(IoError::custom("InvalidInput", "invalid socket address"));
  std::string host = addr.substr(0, colon);
  std::string port = addr.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
      std::stoul(port) > 65535)
    return Result<Addrs, IoError>::err(IoError::custom("InvalidInput", "invalid port value"));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &res);
  if (rc != 0) {
    return Result<Addrs, IoError>::err(IoError::custom(
        "Uncategorized", std::string("failed to lookup address information: ") + gai_strerror(rc)));
  }
  Addrs out;
  for (addrinfo* p = res; p; p = p->ai_next) {
    sockaddr_storage ss{};
    std::memcpy(&ss, p->ai_addr, p->ai_addrlen);
    out.push_back(ss);
  }
  freeaddrinfo(res);
  if (out.empty())
    return Result<Addrs, IoError>::err(IoError::custom("InvalidInput", "could not resolve to any addresses"));
  return Result<Addrs, IoError>::ok(std::move(out));
}

socklen_t addr_len(const sockaddr_storage& ss) {
  return ss.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

std::uint16_t port_of(const sockaddr_storage& ss) {
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_port);
  return ntohs(reinterpret_cast<const sockaddr_in*>(&ss)->sin_port);
}

std::uint16_t sock_port(int fd, bool peer) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len)
                : getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  return rc == 0 ? port_of(ss) : 0;
}

std::string sock_addr(int fd, bool peer) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len)
                : getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  if (rc != 0) return "?";
  char host[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_addr, host, sizeof host);
    return "[" + std::string(host) + "]:" + std::to_string(port_of(ss));
  }
  inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&ss)->sin_addr, host, sizeof host);
  return std::string(host) + ":" + std::to_string(port_of(ss));
}

bool valid_utf8(const std::string& s) {
  std::size_t i = 0, n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len;
    std::uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

}  // namespace

// ---- TcpListener ----

Poll<BindFuture::Output> BindFuture::poll(Context&) {
  ASYNCC_DEBUG_CHECK_NOT_DONE(done_);
  done_ = true;
  auto addrs = resolve(addr_);
  if (addrs.is_err()) return Poll<Output>::ready(Output::err(std::move(addrs).error()));
  IoError last = IoError::custom("InvalidInput", "could not resolve to any addresses");
  for (const auto& ss : addrs.value()) {
    int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      last = IoError::from_errno(errno);
      continue;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&ss), addr_len(ss)) < 0 || ::listen(fd, 1024) < 0) {
      last = IoError::from_errno(errno);
      ::close(fd);
      continue;
    }
    return Poll<Output>::ready(Output::ok(TcpListener(detail::Socket(fd))));
  }
  return Poll<Output>::ready(Output::err(std::move(last)));
}

std::uint16_t TcpListener::local_port() const { return sock_port(sock_.fd(), false); }

void debug_write(std::string& out, const TcpListener& l) {
  out += "TcpListener { addr: " + sock_addr(l.sock_.fd(), false) + ", fd: " + std::to_string(l.sock_.fd()) + " }";
}

void debug_write(std::string& out, const TcpStream& s) {
  out += "TcpStream { addr: " + sock_addr(s.sock_.fd(), false) + ", peer: " + sock_addr(s.sock_.fd(), true) +
         ", fd: " + std::to_string(s.sock_.fd()) + " }";
}

Poll<AcceptFuture::Output> AcceptFuture::poll(Context& cx) {
  ASYNCC_DEBUG_CHECK_NOT_DONE(done_);
  detail::IoEntry* io = l_->sock_.io();
  int fd;
  {
    std::lock_guard<std::mutex> g(io->mu);
    fd = ::accept4(l_->sock_.fd(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      io->reader.clone_from(cx.waker());
      return Poll<Output>::pending();
    }
  }
  done_ = true;
  if (fd < 0) return Poll<Output>::ready(Output::err(IoError::from_errno(errno)));
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return Poll<Output>::ready(Output::ok(TcpStream(detail::Socket(fd))));
}

// ---- TcpStream ----

Poll<ConnectFuture::Output> ConnectFuture::poll(Context& cx) {
  ASYNCC_DEBUG_CHECK_NOT_DONE(done_);
  if (!started_) {
    started_ = true;
    auto addrs = resolve(addr_);
    if (addrs.is_err()) {
      done_ = true;
      return Poll<Output>::ready(Output::err(std::move(addrs).error()));
    }
    // Like Rust, try each address; with a non-blocking connect only the first one that does not
    // fail at once is awaited (loopback and numeric addresses resolve to one address).
    IoError last = IoError::custom("InvalidInput", "could not resolve to any addresses");
    for (const auto& ss : addrs.value()) {
      int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        last = IoError::from_errno(errno);
        continue;
      }
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&ss), addr_len(ss));
      if (rc == 0 || errno == EINPROGRESS) {
        sock_ = detail::Socket(fd);
        break;
      }
      last = IoError::from_errno(errno);
      ::close(fd);
    }
    if (sock_.fd() < 0) {
      done_ = true;
      return Poll<Output>::ready(Output::err(std::move(last)));
    }
  }
  detail::IoEntry* io = sock_.io();
  {
    std::lock_guard<std::mutex> g(io->mu);
    pollfd p{sock_.fd(), POLLOUT, 0};
    if (::poll(&p, 1, 0) == 0) {
      io->writer.clone_from(cx.waker());
      return Poll<Output>::pending();
    }
  }
  done_ = true;
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(sock_.fd(), SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) {
    sock_.close();
    return Poll<Output>::ready(Output::err(IoError::from_errno(err)));
  }
  return Poll<Output>::ready(Output::ok(TcpStream(std::move(sock_))));
}

std::uint16_t TcpStream::local_port() const { return sock_port(sock_.fd(), false); }
std::uint16_t TcpStream::peer_port() const { return sock_port(sock_.fd(), true); }

Poll<ReadLineFuture::Output> ReadLineFuture::poll(Context& cx) {
  ASYNCC_DEBUG_CHECK_NOT_DONE(done_);
  TcpStream& s = *s_;
  std::size_t scanned = s.rpos_;
  for (;;) {
    auto nl = s.rbuf_.find('\n', scanned);
    if (nl != std::string::npos || (s.eof_ && s.rpos_ < s.rbuf_.size())) {
      std::size_t end = nl != std::string::npos ? nl : s.rbuf_.size();
      std::string line = s.rbuf_.substr(s.rpos_, end - s.rpos_);
      s.rpos_ = nl != std::string::npos ? nl + 1 : s.rbuf_.size();
      if (s.rpos_ == s.rbuf_.size()) {
        s.rbuf_.clear();
        s.rpos_ = 0;
      } else if (s.rpos_ > 65536) {
        s.rbuf_.erase(0, s.rpos_);
        s.rpos_ = 0;
      }
      done_ = true;
      if (!valid_utf8(line))
        return Poll<Output>::ready(Output::err(IoError::simple("InvalidData", "stream did not contain valid UTF-8")));
      return Poll<Output>::ready(Output::ok(Option<std::string>::some(std::move(line))));
    }
    if (s.eof_) {
      done_ = true;
      return Poll<Output>::ready(Output::ok(Option<std::string>::none()));
    }
    scanned = s.rbuf_.size();
    char buf[16384];
    ssize_t n;
    {
      detail::IoEntry* io = s.sock_.io();
      std::lock_guard<std::mutex> g(io->mu);
      n = ::recv(s.sock_.fd(), buf, sizeof buf, 0);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        io->reader.clone_from(cx.waker());
        return Poll<Output>::pending();
      }
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      done_ = true;
      return Poll<Output>::ready(Output::err(IoError::from_errno(errno)));
    }
    if (n == 0) {
      s.eof_ = true;
    } else {
      s.rbuf_.append(buf, static_cast<std::size_t>(n));
    }
  }
}

Poll<WriteAllFuture::Output> WriteAllFuture::poll(Context& cx) {
  ASYNCC_DEBUG_CHECK_NOT_DONE(done_);
  while (off_ < data_.size()) {
    ssize_t n;
    {
      detail::IoEntry* io = s_->sock_.io();
      std::lock_guard<std::mutex> g(io->mu);
      n = ::send(s_->sock_.fd(), data_.data() + off_, data_.size() - off_, MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        io->writer.clone_from(cx.waker());
        return Poll<Output>::pending();
      }
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      done_ = true;
      return Poll<Output>::ready(Output::err(IoError::from_errno(errno)));
    }
    off_ += static_cast<std::size_t>(n);
  }
  done_ = true;
  return Poll<Output>::ready(Output::ok(Unit{}));
}

}  // namespace asyncc
