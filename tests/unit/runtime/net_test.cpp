// TCP over loopback (127.0.0.1, ephemeral ports only): echo with 200 concurrent connections,
// errors as Rust's io::Error reports them.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "test_futures.hpp"

namespace {

using namespace asyncc;
using namespace asyncc_test;

template <class F>
auto must(F&& f) {
  auto r = block_on(std::forward<F>(f));
  EXPECT_TRUE(r.is_ok()) << debug_fmt(r);
  return r;
}

/// Serves one connection: echoes every line back until end of stream.
struct EchoConn {
  using Output = int;  // lines echoed
  TcpStream s;
  std::optional<ReadLineFuture> r;
  std::optional<WriteAllFuture> w;
  int lines = 0;
  explicit EchoConn(TcpStream st) : s(std::move(st)) {}
  EchoConn(EchoConn&& o) noexcept : s(std::move(o.s)) {}
  Poll<int> poll(Context& cx) {
    for (;;) {
      if (w) {
        auto p = w->poll(cx);
        if (p.is_pending()) return Poll<int>::pending();
        w.reset();
        if (p.value().is_err()) return Poll<int>::ready(-1);
      }
      if (!r) r.emplace(s.read_line());
      auto p = r->poll(cx);
      if (p.is_pending()) return Poll<int>::pending();
      r.reset();
      if (p.value().is_err() || p.value().value().is_none()) return Poll<int>::ready(lines);
      ++lines;
      w.emplace(s.write_all(p.value().value().value() + "\n"));
    }
  }
};

/// Accepts `n` connections and spawns an EchoConn for each.
struct Server {
  using Output = int;
  TcpListener l;
  int n;
  std::optional<AcceptFuture> a;
  std::vector<JoinHandle<int>> conns;
  std::size_t joined = 0;
  int total = 0;
  Server(TcpListener li, int k) : l(std::move(li)), n(k) {}
  Server(Server&& o) noexcept : l(std::move(o.l)), n(o.n) {}
  Poll<int> poll(Context& cx) {
    while (static_cast<int>(conns.size()) < n) {
      if (!a) a.emplace(l.accept());
      auto p = a->poll(cx);
      if (p.is_pending()) return Poll<int>::pending();
      a.reset();
      conns.push_back(spawn(EchoConn(std::move(p.value().value()))));
    }
    while (joined < conns.size()) {
      auto p = conns[joined].poll(cx);
      if (p.is_pending()) return Poll<int>::pending();
      total += p.value();
      ++joined;
    }
    return Poll<int>::ready(total);
  }
};

/// Connects, sends `k` lines one at a time and checks each echo.
struct Client {
  using Output = bool;
  std::string addr;
  int id;
  int k;
  int state = 0;
  int i = 0;
  std::optional<ConnectFuture> c;
  std::optional<TcpStream> s;
  std::optional<WriteAllFuture> w;
  std::optional<ReadLineFuture> r;
  Client(std::string a, int ident, int lines) : addr(std::move(a)), id(ident), k(lines) {}
  Client(Client&& o) noexcept : addr(std::move(o.addr)), id(o.id), k(o.k) {}
  std::string line() const { return "client " + std::to_string(id) + " line " + std::to_string(i); }
  Poll<bool> poll(Context& cx) {
    if (state == 0) {
      if (!c) c.emplace(TcpStream::connect(addr));
      auto p = c->poll(cx);
      if (p.is_pending()) return Poll<bool>::pending();
      c.reset();
      if (p.value().is_err()) return Poll<bool>::ready(false);
      s.emplace(std::move(p.value().value()));
      state = 1;
    }
    while (i < k) {
      if (state == 1) {
        if (!w) w.emplace(s->write_all(line() + "\n"));
        auto p = w->poll(cx);
        if (p.is_pending()) return Poll<bool>::pending();
        w.reset();
        state = 2;
      }
      if (!r) r.emplace(s->read_line());
      auto p = r->poll(cx);
      if (p.is_pending()) return Poll<bool>::pending();
      r.reset();
      if (p.value().is_err() || p.value().value().is_none() || p.value().value().value() != line())
        return Poll<bool>::ready(false);
      ++i;
      state = 1;
    }
    s.reset();  // closes: the server sees end of stream
    return Poll<bool>::ready(true);
  }
};

void echo_test(Runtime& rt, int clients, int lines) {
  auto listener = rt.block_on(TcpListener::bind("127.0.0.1:0"));
  ASSERT_TRUE(listener.is_ok()) << debug_fmt(listener);
  std::string addr = "127.0.0.1:" + std::to_string(listener.value().local_port());
  auto server = rt.spawn(Server(std::move(listener).value(), clients));
  std::vector<Client> cs;
  for (int i = 0; i < clients; ++i) cs.emplace_back(addr, i, lines);
  auto results = rt.block_on(rt.spawn(join_all(std::move(cs))));
  for (bool ok : results) EXPECT_TRUE(ok);
  EXPECT_EQ(rt.block_on(std::move(server)), clients * lines);
}

TEST(Net, EchoWith200ConcurrentConnections) {
  auto rt = Runtime::current_thread();
  echo_test(rt, 200, 5);
}

TEST(Net, EchoWith200ConcurrentConnectionsOnTheMultiThreadRuntime) {
  auto rt = Runtime::multi_thread(2);
  echo_test(rt, 200, 5);
}

TEST(Net, ConnectToAClosedPortIsConnectionRefused) {
  // Find a port nobody listens on: bind one, note it, close it.
  std::uint16_t port;
  {
    auto l = must(TcpListener::bind("127.0.0.1:0"));
    port = l.value().local_port();
  }
  auto r = block_on(TcpStream::connect("127.0.0.1:" + std::to_string(port)));
  ASSERT_TRUE(r.is_err());
  EXPECT_EQ(r.error().kind(), "ConnectionRefused");
  EXPECT_EQ(r.error().raw_os_error(), 111);
  EXPECT_EQ(debug_fmt(r.error()), "Os { code: 111, kind: ConnectionRefused, message: \"Connection refused\" }");
  EXPECT_EQ(r.error().to_string(), "Connection refused (os error 111)");
}

TEST(Net, BindingAPortInUseIsAddrInUse) {
  auto rt = Runtime::current_thread();
  auto a = rt.block_on(TcpListener::bind("127.0.0.1:0"));
  ASSERT_TRUE(a.is_ok());
  auto b = rt.block_on(TcpListener::bind("127.0.0.1:" + std::to_string(a.value().local_port())));
  ASSERT_TRUE(b.is_err());
  EXPECT_EQ(b.error().kind(), "AddrInUse");
}

TEST(Net, BadAddressIsInvalidInput) {
  auto r = block_on(TcpStream::connect("no-port-here"));
  ASSERT_TRUE(r.is_err());
  EXPECT_EQ(r.error().kind(), "InvalidInput");
  EXPECT_EQ(debug_fmt(r.error()), "Custom { kind: InvalidInput, error: \"invalid socket address\" }");
}

/// A blocking helper peer on a plain socket (the test's other side).
int raw_connect(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

struct ReadAll {
  using Output = std::vector<std::string>;  // lines, then "<none>" or "<err KIND>"
  TcpListener l;
  std::optional<AcceptFuture> a;
  std::optional<TcpStream> s;
  std::optional<ReadLineFuture> r;
  std::vector<std::string> out;
  explicit ReadAll(TcpListener li) : l(std::move(li)) {}
  ReadAll(ReadAll&& o) noexcept : l(std::move(o.l)) {}
  Poll<Output> poll(Context& cx) {
    if (!s) {
      if (!a) a.emplace(l.accept());
      auto p = a->poll(cx);
      if (p.is_pending()) return Poll<Output>::pending();
      s.emplace(std::move(p.value().value()));
    }
    for (;;) {
      if (!r) r.emplace(s->read_line());
      auto p = r->poll(cx);
      if (p.is_pending()) return Poll<Output>::pending();
      r.reset();
      if (p.value().is_err()) {
        out.push_back("<err " + p.value().error().kind() + ">");
        return Poll<Output>::ready(std::move(out));
      }
      if (p.value().value().is_none()) {
        out.push_back("<none>");
        return Poll<Output>::ready(std::move(out));
      }
      out.push_back(p.value().value().value());
    }
  }
};

TEST(Net, LastLineWithoutNewlineComesBeforeNone) {
  auto rt = Runtime::current_thread();
  auto l = rt.block_on(TcpListener::bind("127.0.0.1:0"));
  auto port = l.value().local_port();
  auto h = rt.spawn(ReadAll(std::move(l).value()));
  std::thread peer([port] {
    int fd = raw_connect(port);
    const char msg[] = "one\n\ntwo\r\nlast";
    EXPECT_EQ(::send(fd, msg, sizeof msg - 1, 0), static_cast<ssize_t>(sizeof msg - 1));
    ::close(fd);
  });
  auto lines = rt.block_on(std::move(h));
  peer.join();
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "", "two\r", "last", "<none>"}));
}

TEST(Net, PeerResetMidLineIsAnIoError) {
  auto rt = Runtime::current_thread();
  auto l = rt.block_on(TcpListener::bind("127.0.0.1:0"));
  auto port = l.value().local_port();
  auto h = rt.spawn(ReadAll(std::move(l).value()));
  std::thread peer([port] {
    int fd = raw_connect(port);
    const char msg[] = "complete\nhalf a li";
    EXPECT_EQ(::send(fd, msg, sizeof msg - 1, 0), static_cast<ssize_t>(sizeof msg - 1));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    linger lg{1, 0};  // close with RST instead of FIN
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    ::close(fd);
  });
  auto lines = rt.block_on(std::move(h));
  peer.join();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(), "<err ConnectionReset>");
}

TEST(Net, InvalidUtf8IsInvalidData) {
  auto rt = Runtime::current_thread();
  auto l = rt.block_on(TcpListener::bind("127.0.0.1:0"));
  auto port = l.value().local_port();
  auto h = rt.spawn(ReadAll(std::move(l).value()));
  std::thread peer([port] {
    int fd = raw_connect(port);
    const char msg[] = "ok\n\xff\xfe\n";
    EXPECT_EQ(::send(fd, msg, sizeof msg - 1, 0), static_cast<ssize_t>(sizeof msg - 1));
    ::close(fd);
  });
  auto lines = rt.block_on(std::move(h));
  peer.join();
  EXPECT_EQ(lines, (std::vector<std::string>{"ok", "<err InvalidData>"}));
}

}  // namespace
