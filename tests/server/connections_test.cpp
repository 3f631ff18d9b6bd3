// Connections: slow or idle clients never hold the server, one address cannot take it,
// refused requests never leave their body behind as a "next request", keep-alive and
// pipelining still work. Client sockets bind to other loopback addresses (127.0.0.2…:
// the whole of 127/8 is loopback on Linux) to act as other remote addresses.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "test_server.h"

using namespace handoff::testing;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr int kPerAddressCap = 128;  // kMaxConnectionsPerAddress in server/connection_gate.h

bool send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads whatever is already there without waiting; returns false once the connection
// is closed (EOF or error).
bool read_available(int fd, std::string& into) {
  char buf[8192];
  for (;;) {
    const ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) {
      into.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

// Reads until the server closes or `timeout` passes; `closed` says which.
std::string read_until_closed(int fd, milliseconds timeout, bool& closed) {
  std::string out;
  closed = false;
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 20) <= 0) continue;
    if (!read_available(fd, out)) {
      closed = true;
      break;
    }
  }
  return out;
}

struct Response {
  int status = 0;
  std::string head;
  std::string body;
};

// Splits `raw` into the consecutive complete responses it holds (each with a
// Content-Length, as the server always sends).
std::vector<Response> responses_in(const std::string& raw) {
  std::vector<Response> out;
  std::size_t at = 0;
  for (;;) {
    const std::size_t end = raw.find("\r\n\r\n", at);
    if (end == std::string::npos || raw.compare(at, 9, "HTTP/1.1 ") != 0) break;
    Response r;
    r.head = raw.substr(at, end + 4 - at);
    r.status = std::atoi(r.head.substr(9, 3).c_str());
    std::size_t length = 0;
    if (const auto cl = r.head.find("Content-Length: "); cl != std::string::npos) {
      length = std::stoul(r.head.substr(cl + 16));
    }
    if (raw.size() < end + 4 + length) break;
    r.body = raw.substr(end + 4, length);
    out.push_back(r);
    at = end + 4 + length;
  }
  return out;
}

// Reads exactly one response from a keep-alive connection (up to 5 s); status 0 if none.
Response read_one_response(int fd, std::string& buffer) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < deadline) {
    auto rs = responses_in(buffer);
    if (!rs.empty()) {
      buffer.erase(0, rs[0].head.size() + rs[0].body.size());
      return rs[0];
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 20) > 0 && !read_available(fd, buffer) && responses_in(buffer).empty()) break;
  }
  return {};
}

// GET /api/v1/health over a new connection from 127.0.0.1; returns the milliseconds
// until the whole response arrived, or 10000 if it was not a 200 within 2 s.
double health_ms(int port) {
  const auto start = Clock::now();
  const int fd = connect_from("127.0.0.1", port);
  if (fd < 0) return 10000;
  std::string raw;
  bool ok = send_all(fd, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  const auto deadline = start + std::chrono::seconds(2);
  while (ok && Clock::now() < deadline && responses_in(raw).empty()) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 10) > 0 && !read_available(fd, raw)) break;
  }
  close(fd);
  const auto rs = responses_in(raw);
  if (rs.empty() || rs[0].status != 200) return 10000;
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Samples health_ms every 100 ms on its own thread until stop().
class HealthSampler {
 public:
  explicit HealthSampler(int port) : thread_([this, port] {
      while (!stop_) {
        samples_.push_back(health_ms(port));
        std::this_thread::sleep_for(milliseconds(100));
      }
    }) {}
  ~HealthSampler() { stop(); }
  const std::vector<double>& stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    return samples_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::vector<double> samples_;
  std::thread thread_;
};

double max_of(const std::vector<double>& v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }

// Owns a set of client sockets; closes them at the end of the test.
struct Sockets {
  std::vector<int> fds;
  ~Sockets() {
    for (int fd : fds) if (fd >= 0) close(fd);
  }
};

}  // namespace

// The outside security test's attack: 200 connections from one address each trickle a
// header line every second. Health checks from another address stay fast throughout,
// at most 128 of the 200 are held, the rest are refused with 503, and the held ones get
// 408 once their 10 s header deadline has passed.
TEST(Connections, SlowHeadersFromOneAddressNeverStallOthers) {
  TestServer s;
  constexpr int kSlow = 200;
  Sockets slow;
  const auto t0 = Clock::now();
  for (int i = 0; i < kSlow; ++i) {
    const int fd = connect_from("127.0.0.2", s.port());
    ASSERT_GE(fd, 0) << "connection " << i;
    slow.fds.push_back(fd);
    send(fd, "GET /api/v1/health HTTP/1.1\r\n", 29, MSG_NOSIGNAL | MSG_DONTWAIT);
  }
  std::vector<std::string> got(kSlow);
  std::vector<Clock::time_point> answered(kSlow, Clock::time_point::max());  // first byte or close
  std::vector<bool> open(kSlow, true);
  HealthSampler health(s.port());
  for (int second = 1; Clock::now() < t0 + milliseconds(12500); ++second) {
    const auto next = t0 + std::chrono::seconds(second);
    while (Clock::now() < next) {
      for (int i = 0; i < kSlow; ++i) {
        if (!open[i]) continue;
        const std::size_t before = got[i].size();
        const bool still_open = read_available(slow.fds[i], got[i]);
        if ((got[i].size() > before || !still_open) && answered[i] == Clock::time_point::max()) answered[i] = Clock::now();
        open[i] = still_open;
      }
      std::this_thread::sleep_for(milliseconds(20));
    }
    const std::string line = "X-Slow-" + std::to_string(second) + ": 1\r\n";
    for (int i = 0; i < kSlow; ++i) {
      if (open[i] && answered[i] == Clock::time_point::max()) send(slow.fds[i], line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
  }
  const std::vector<double> samples = health.stop();

  ASSERT_GE(samples.size(), 60u);
  RecordProperty("max_health_ms", std::to_string(max_of(samples)));
  std::printf("health checks: %zu, slowest %.1f ms\n", samples.size(), max_of(samples));
  EXPECT_LT(max_of(samples), 100.0) << "a health check took too long while slow clients were connected";
  int held = 0, refused = 0, timed_out = 0;
  for (int i = 0; i < kSlow; ++i) {
    const auto rs = responses_in(got[i]);
    const bool was_held = answered[i] > t0 + std::chrono::seconds(5);
    if (was_held) {
      ++held;
      // 408 after the 10 s header deadline (counted from accept, shortly after t0).
      if (rs.size() == 1 && rs[0].status == 408 && answered[i] >= t0 + milliseconds(9900) &&
          answered[i] <= t0 + milliseconds(12500) && rs[0].body.find("request_timeout") != std::string::npos &&
          rs[0].head.find("Connection: close") != std::string::npos) {
        ++timed_out;
      }
    } else if (rs.size() == 1 && rs[0].status == 503 && rs[0].body.find("too_many_connections") != std::string::npos) {
      ++refused;
    } else if (got[i].empty()) {
      ++refused;  // closed before the 503 could be read
    }
  }
  EXPECT_LE(held, kPerAddressCap);
  EXPECT_GE(held, kPerAddressCap - 8) << "the cap, not something else, should have refused the rest";
  EXPECT_EQ(refused, kSlow - held);
  EXPECT_EQ(timed_out, held) << "every held slow connection ends with 408 after its header deadline";
}

// 300 connections from two addresses that send nothing never block a real request; each
// address keeps at most 128 of them; the server closes the rest quietly after the 5 s
// keep-alive timeout.
TEST(Connections, IdleConnectionsNeverBlockARealRequest) {
  TestServer s;
  Sockets idle;
  for (const char* ip : {"127.0.0.3", "127.0.0.4"}) {
    for (int i = 0; i < 150; ++i) {
      const int fd = connect_from(ip, s.port());
      ASSERT_GE(fd, 0);
      idle.fds.push_back(fd);
    }
  }
  const auto opened = Clock::now();
  std::vector<double> samples;
  for (int i = 0; i < 20; ++i) {
    samples.push_back(health_ms(s.port()));
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_LT(max_of(samples), 100.0);
  auto c = s.client();
  EXPECT_FALSE(log_in(c, kOwnerEmail, kOwnerPassword).empty());

  std::vector<std::string> got(idle.fds.size());
  int refused_by_address[2] = {0, 0};
  std::vector<bool> open(idle.fds.size(), true);
  for (std::size_t i = 0; i < idle.fds.size(); ++i) {
    open[i] = read_available(idle.fds[i], got[i]);
    const auto rs = responses_in(got[i]);
    if (!rs.empty() && rs[0].status == 503) ++refused_by_address[i / 150];
  }
  EXPECT_EQ(refused_by_address[0], 150 - kPerAddressCap);
  EXPECT_EQ(refused_by_address[1], 150 - kPerAddressCap);
  // The held ones: closed without a word after the keep-alive timeout, not before.
  std::this_thread::sleep_for(opened + milliseconds(4500) - Clock::now());
  int closed_early = 0;
  for (std::size_t i = 0; i < idle.fds.size(); ++i) {
    if (open[i] && got[i].empty() && !read_available(idle.fds[i], got[i])) ++closed_early;
  }
  EXPECT_EQ(closed_early, 0);
  std::this_thread::sleep_for(opened + milliseconds(7000) - Clock::now());
  int still_open = 0, answered = 0;
  for (std::size_t i = 0; i < idle.fds.size(); ++i) {
    if (!open[i]) continue;
    std::string more;
    if (read_available(idle.fds[i], more)) ++still_open;
    if (!more.empty()) ++answered;
  }
  EXPECT_EQ(still_open, 0);
  EXPECT_EQ(answered, 0);
}

// Behind a reverse proxy every client arrives from the proxy's address: the address named
// in HANDOFF_TRUSTED_PROXY is exempt from the per-address caps (any other still is not).
TEST(Connections, ATrustedProxyIsNotCappedLikeOneClient) {
  setenv("HANDOFF_TRUSTED_PROXY", "127.0.0.7", 1);
  TestServer s;
  unsetenv("HANDOFF_TRUSTED_PROXY");
  Sockets held;
  for (const char* ip : {"127.0.0.7", "127.0.0.8"}) {
    for (int i = 0; i < 150; ++i) {
      const int fd = connect_from(ip, s.port());
      ASSERT_GE(fd, 0);
      held.fds.push_back(fd);
    }
  }
  EXPECT_LT(health_ms(s.port()), 100.0);
  int refused[2] = {0, 0};
  for (std::size_t i = 0; i < held.fds.size(); ++i) {
    std::string got;
    read_available(held.fds[i], got);
    const auto rs = responses_in(got);
    if (!rs.empty() && rs[0].status == 503) ++refused[i / 150];
  }
  EXPECT_EQ(refused[0], 0);
  EXPECT_EQ(refused[1], 150 - kPerAddressCap);
}

// A request refused before its body is read gets one response and its connection is
// closed: the body is never parsed as a next request (here it is one: GET /api/v1/me).
TEST(Connections, RefusedRequestWithBodyIsAnsweredOnceAndClosed) {
  TestServer s;
  const std::string smuggled = "GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  struct Case {
    const char* name;
    std::string bytes;
    int status;
  };
  const std::vector<Case> cases = {
      {"over the 1 MiB JSON limit",
       "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
       "Content-Length: 2000000\r\n\r\n" + smuggled, 413},
      {"chunked",
       "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
       "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, 411},
      {"a body on GET",
       "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + std::to_string(smuggled.size()) +
       "\r\n\r\n" + smuggled, 413},
      {"refused 100-continue",
       "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
       "Expect: 100-continue\r\nContent-Length: 2000000\r\n\r\n" + smuggled, 413},
  };
  for (const Case& c : cases) {
    const int fd = connect_from("127.0.0.1", s.port());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(send_all(fd, c.bytes));
    bool closed = false;
    const std::string raw = read_until_closed(fd, milliseconds(3000), closed);
    close(fd);
    const auto rs = responses_in(raw);
    EXPECT_TRUE(closed) << c.name << ": the connection stayed open";
    ASSERT_EQ(rs.size(), 1u) << c.name << ":\n" << raw;
    EXPECT_EQ(rs[0].status, c.status) << c.name;
    EXPECT_NE(rs[0].head.find("Connection: close"), std::string::npos) << c.name << ":\n" << rs[0].head;
    EXPECT_EQ(raw.find("not_logged_in"), std::string::npos) << c.name << ": the smuggled request was answered";
  }
  EXPECT_LT(health_ms(s.port()), 100.0);
}

// Keep-alive: 100 requests over one connection are all answered.
TEST(Connections, HundredRequestsOverOneConnection) {
  TestServer s;
  const int fd = connect_from("127.0.0.1", s.port());
  ASSERT_GE(fd, 0);
  std::string buffer;
  int ok = 0;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(send_all(fd, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) << "request " << i;
    const Response r = read_one_response(fd, buffer);
    if (r.status == 200 && r.head.find("Connection: close") == std::string::npos) ++ok;
  }
  close(fd);
  EXPECT_EQ(ok, 100);
}

// The 1000th request on a connection is answered with "Connection: close" and the server
// then closes it (set_keep_alive_max_count).
TEST(Connections, ConnectionClosesAfterItsThousandthRequest) {
  TestServer s;
  const int fd = connect_from("127.0.0.1", s.port());
  ASSERT_GE(fd, 0);
  std::string buffer;
  int ok = 0;
  Response last;
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(send_all(fd, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) << "request " << i;
    last = read_one_response(fd, buffer);
    if (last.status == 200) ++ok;
  }
  EXPECT_EQ(ok, 1000);
  EXPECT_NE(last.head.find("Connection: close"), std::string::npos) << last.head;
  bool closed = false;
  read_until_closed(fd, milliseconds(3000), closed);
  close(fd);
  EXPECT_TRUE(closed);
}

// Pipelining: requests sent in one write (one with a body) are answered in order, and the
// connection closes after the one that asks for it.
TEST(Connections, PipelinedRequestsAreAnsweredInOrder) {
  TestServer s;
  const int fd = connect_from("127.0.0.1", s.port());
  ASSERT_GE(fd, 0);
  const std::string body = R"({"email": "nobody@example.com"})";
  ASSERT_TRUE(send_all(fd,
      "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
      "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body +
      "GET /api/v1/nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
      "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
  bool closed = false;
  const std::string raw = read_until_closed(fd, milliseconds(3000), closed);
  close(fd);
  const auto rs = responses_in(raw);
  ASSERT_EQ(rs.size(), 4u) << raw;
  EXPECT_EQ(rs[0].status, 200);
  EXPECT_EQ(rs[1].status, 400);  // missing password: the body was read, and only the body
  EXPECT_NE(rs[1].body.find("invalid_request"), std::string::npos) << rs[1].body;
  EXPECT_EQ(rs[2].status, 404);
  EXPECT_EQ(rs[3].status, 200);
  EXPECT_TRUE(closed);
}

// A header block that arrives in 20 pieces 50 ms apart (the blank line itself split) is
// served normally.
TEST(Connections, HeaderBlockInTwentyPiecesIsServed) {
  TestServer s;
  const std::string request =
      "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: piecemeal\r\nAccept: */*\r\n"
      "X-One: 1\r\nX-Two: 2\r\nConnection: close\r\n\r\n";
  std::vector<std::string> pieces;
  const std::string front = request.substr(0, request.size() - 4);
  for (std::size_t i = 0; i < 18; ++i) {
    pieces.push_back(front.substr(front.size() * i / 18, front.size() * (i + 1) / 18 - front.size() * i / 18));
  }
  pieces.push_back("\r\n\r");
  pieces.push_back("\n");
  const int fd = connect_from("127.0.0.1", s.port());
  ASSERT_GE(fd, 0);
  for (const std::string& piece : pieces) {
    ASSERT_TRUE(send_all(fd, piece));
    std::this_thread::sleep_for(milliseconds(50));
  }
  bool closed = false;
  const std::string raw = read_until_closed(fd, milliseconds(3000), closed);
  close(fd);
  const auto rs = responses_in(raw);
  ASSERT_EQ(rs.size(), 1u) << raw;
  EXPECT_EQ(rs[0].status, 200);
}

// A header block over 16 KiB (each line within httplib's limits) gets 431 and the
// connection closes.
// After answering, a worker waits a moment on the same connection for its next request
// (kLingerForNextMs): a next request that begins at once but arrives in pieces, or only
// later, is still served — by the gate's path once the worker lets go.
TEST(Connections, NextRequestOnAKeptConnectionInPiecesOrLater) {
  TestServer s;
  const int fd = connect_from("127.0.0.1", s.port());
  ASSERT_GE(fd, 0);
  const std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_TRUE(send_all(fd, request));
  // The next one starts within a millisecond of the first answer, then trickles.
  ASSERT_TRUE(send_all(fd, "GET /api/v1/health HTTP/1.1\r\n"));
  for (const char* piece : {"Host: 127", ".0.0.1\r\n", "X-Late: yes\r\n", "\r\n"}) {
    std::this_thread::sleep_for(milliseconds(30));
    ASSERT_TRUE(send_all(fd, piece));
  }
  std::this_thread::sleep_for(milliseconds(1500));  // long after the worker let go
  ASSERT_TRUE(send_all(fd, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
  bool closed = false;
  const std::string raw = read_until_closed(fd, milliseconds(3000), closed);
  close(fd);
  const auto rs = responses_in(raw);
  ASSERT_EQ(rs.size(), 3u) << raw;
  for (const auto& r : rs) EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(closed);
}

TEST(Connections, OversizedHeaderBlockGets431) {
  TestServer s;
  std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 20; ++i) request += "X-Filler-" + std::to_string(i) + ": " + std::string(1000, 'a') + "\r\n";
  request += "\r\n";
  const int fd = connect_from("127.0.0.1", s.port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_all(fd, request));
  bool closed = false;
  const std::string raw = read_until_closed(fd, milliseconds(3000), closed);
  close(fd);
  const auto rs = responses_in(raw);
  ASSERT_EQ(rs.size(), 1u) << raw.substr(0, 300);
  EXPECT_EQ(rs[0].status, 431);
  EXPECT_NE(rs[0].body.find("headers_too_large"), std::string::npos);
  EXPECT_TRUE(closed);
}

// 80 requests from one address whose bodies trickle in (a byte every 500 ms) take at most
// a few workers; requests from elsewhere stay fast.
TEST(Connections, SlowBodiesFromOneAddressCannotTakeEveryWorker) {
  TestServer s;
  Sockets slow;
  for (int i = 0; i < 80; ++i) {
    const int fd = connect_from("127.0.0.5", s.port());
    ASSERT_GE(fd, 0);
    slow.fds.push_back(fd);
    ASSERT_TRUE(send_all(fd, "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                             "Content-Length: 1000\r\n\r\n{"));
  }
  HealthSampler health(s.port());
  for (int i = 0; i < 8; ++i) {
    std::this_thread::sleep_for(milliseconds(500));
    for (int fd : slow.fds) send(fd, " ", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
  }
  const std::vector<double> samples = health.stop();
  ASSERT_GE(samples.size(), 20u);
  EXPECT_LT(max_of(samples), 100.0);
}

// SIGTERM stops the server promptly although connections are idle, sending headers
// slowly, or in the middle of a body a worker is waiting for.
// A body that trickles is cut off once it falls behind the minimum average rate after the
// grace period — not when its declared length's time is up (1 MiB would allow ~42 s).
TEST(Connections, ATricklingBodyIsCutOffAfterTheGracePeriod) {
  TestServer s;
  const int fd = connect_from("127.0.0.6", s.port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_all(fd, "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           "Content-Length: 1048576\r\n\r\n{"));
  const auto started = Clock::now();
  bool closed = false;
  std::string got;
  while (!closed && Clock::now() - started < std::chrono::seconds(20)) {
    std::this_thread::sleep_for(milliseconds(500));
    if (send(fd, " ", 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 && errno != EAGAIN) closed = true;
    if (!read_available(fd, got)) closed = true;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  close(fd);
  EXPECT_TRUE(closed);
  EXPECT_GT(seconds, 9.0);   // the grace period (the read timeout) is honoured...
  EXPECT_LT(seconds, 13.0);  // ...and then the trickle is cut off
}

TEST(Connections, StopsPromptlyWithConnectionsOpen) {
  auto s = std::make_unique<TestServer>();
  Sockets open;
  for (int i = 0; i < 50; ++i) open.fds.push_back(connect_from("127.0.0.6", s->port()));
  for (int i = 0; i < 10; ++i) {
    open.fds.push_back(connect_from("127.0.0.7", s->port()));
    send_all(open.fds.back(), "GET /api/v1/health HTTP/1.1\r\n");
  }
  for (int i = 0; i < 4; ++i) {
    open.fds.push_back(connect_from("127.0.0.8", s->port()));
    send_all(open.fds.back(), "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{");
  }
  std::this_thread::sleep_for(milliseconds(300));
  const auto start = Clock::now();
  s.reset();  // SIGTERM, then waits for the exit (fails the test after 5 s)
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - start).count(), 1.5);
}
