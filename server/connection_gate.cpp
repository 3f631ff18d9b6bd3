// connection_gate.cpp — GuardedServer and the Gate behind it (design: connection_gate.h).
//
// Index
//   Helpers ............ clock, error responses, socket options, waiting with poll()
//   HeaderScanner ...... finds the end of a header block, also across several reads
//   Connection, Peer ... what is kept per connection and per remote address
//   GateStream ......... the httplib::Stream one request is served through
//   Gate ............... admission (accept thread), the epoll loop and its timers (gate
//                        thread), serving (worker threads), stopping
//   GuardedServer ...... how httplib's accept loop reaches the gate
//
// Ownership: a connection belongs to exactly one thread at a time, and only its owner
// touches it:
//   the gate    — it is armed in epoll (EPOLLONESHOT) and has one entry in `timers_`;
//   in transit  — it is in `arrivals_` (and armed); the gate adopts it at its next turn;
//   a worker    — it is in its peer's ready queue or being served (disarmed, no timer).
// The gate gives a connection away only by disarming it (one-shot) and dropping its timer
// before queueing it; a worker gives it back under `arrivals_mutex_`, in the same critical
// section as re-arming it, so the gate never sees an event for a connection it has not
// adopted, and never re-arms one that a stopping gate has already closed.
#include "connection_gate.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cerrno>
#include <charconv>
#include <climits>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "handoff/result.h"
#include "handoff/wire.h"

namespace handoff::server {

namespace {

using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------------------
// Helpers

// Requests one worker serves in a row on one connection whose next request is already
// buffered (pipelining) before it goes back to the queue, behind other connections.
constexpr int kMaxServedInARow = 16;
// How long a worker that has just answered waits on the same connection for its next
// request before giving it back to the gate — only while no other work is queued and
// fewer than half the workers wait so. A client that answers promptly (a busy portal, a
// load test) is then served without the gate-to-worker hop; a slow or silent one costs
// at most this, and partial header blocks still go to the gate.
constexpr int kLingerForNextMs = 2;
// File descriptors kept for everything but connections (SQLite, files, epoll, pipes).
constexpr int kReservedDescriptors = 256;

// Nanoseconds since the steady clock's epoch (for the atomic wake-up time).
std::int64_t ticks(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// How long a body of `bytes` may take at kMinTransferRate.
Clock::duration transfer_time(std::uint64_t bytes) {
  return std::chrono::microseconds(bytes * 1'000'000 / kMinTransferRate);
}

// A complete HTTP/1.1 error response with a DESIGN.md §4 JSON body that closes the
// connection (the gate's own refusals: 408, 431, 503).
std::string error_response(int status, const char* reason, const char* code, const char* message) {
  const std::string body = wire::error_to_json(Error{code, message, {}}).dump();
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) +
         "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n" + body;
}

// Why a complete header block (request line to the blank line) is refused, or nullptr.
// httplib skips header lines it cannot parse; a reverse proxy may read them otherwise and
// disagree about where the body ends. So anything ambiguous is a 400 here: a bare LF or
// CR, a folded line, a header name with white space or a control character, a control
// character in a value, and an HTTP/1.1 request without exactly one Host.
const char* header_block_problem(std::string_view head) {
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '\n' && (i == 0 || head[i - 1] != '\r')) return "A header line ends without CR LF.";
    if (head[i] == '\r' && (i + 1 >= head.size() || head[i + 1] != '\n')) return "A header line has a bare CR.";
  }
  std::size_t pos = head.find("\r\n");
  if (pos == std::string_view::npos) return "The request line is malformed.";
  const std::string_view request_line = head.substr(0, pos);
  for (char ch : request_line) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) return "The request line has a control character.";
  }
  const bool http11 = request_line.size() >= 8 && request_line.substr(request_line.size() - 8) == "HTTP/1.1";
  int hosts = 0;
  pos += 2;
  while (pos < head.size()) {
    const std::size_t end = head.find("\r\n", pos);
    const std::string_view line = head.substr(pos, end - pos);
    pos = end + 2;
    if (line.empty()) break;  // the blank line ending the block
    if (line[0] == ' ' || line[0] == '\t') return "Folded header lines are not accepted.";
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return "A header line has no name.";
    for (std::size_t k = 0; k < colon; ++k) {
      const unsigned char ch = static_cast<unsigned char>(line[k]);
      if (ch <= 0x20 || ch >= 0x7f || ch == '"' || ch == '(' || ch == ')' || ch == ',' || ch == '/' || ch == ';' ||
          ch == '<' || ch == '=' || ch == '>' || ch == '?' || ch == '@' || ch == '[' || ch == '\\' || ch == ']' ||
          ch == '{' || ch == '}') {
        return "A header name has white space or a character names may not have.";
      }
    }
    for (std::size_t k = colon + 1; k < line.size(); ++k) {
      const unsigned char ch = static_cast<unsigned char>(line[k]);
      if ((ch < 0x20 && ch != '\t') || ch == 0x7f) return "A header value has a control character.";
    }
    if (colon == 4 && (line[0] | 0x20) == 'h' && (line[1] | 0x20) == 'o' && (line[2] | 0x20) == 's' &&
        (line[3] | 0x20) == 't') {
      ++hosts;
    }
  }
  if (http11 && hosts != 1) return "An HTTP/1.1 request needs exactly one Host header.";
  return nullptr;
}

const std::string& response_408() {
  static const std::string r = error_response(408, "Request Timeout", "request_timeout",
      "The request's headers did not arrive in time.");
  return r;
}
const std::string& response_431() {
  static const std::string r = error_response(431, "Request Header Fields Too Large", "headers_too_large",
      "The request's headers are larger than the limit of 16 KiB.");
  return r;
}
const std::string& response_503() {
  static const std::string r = error_response(503, "Service Unavailable", "too_many_connections",
      "Too many connections are open; close some and try again.");
  return r;
}

// Sends `bytes` without blocking and without SIGPIPE; what does not fit in the socket's
// buffer right now is dropped (only used for short final responses on a closing socket).
void send_now(int fd, const std::string& bytes) {
  ssize_t n;
  do {
    n = ::send(fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
}

// Discards input already received on `fd` (up to 64 KiB) without blocking, so that
// closing it sends FIN, not RST (an RST can destroy the response before the peer reads it).
void discard_received(int fd) {
  char buf[4096];
  for (int i = 0; i < 16; ++i) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    break;
  }
}

// Formats a socket address as httplib does (numeric IP) and returns its port; false for
// families other than IPv4/IPv6.
bool format_address(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    port = ntohs(a.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
    port = ntohs(a.sin6_port);
  } else {
    return false;
  }
  ip = text;
  return true;
}

// Waits until `fd` is ready for `events` (POLLIN or POLLOUT), `deadline` passes, or
// `stop_fd` becomes readable (the server is stopping). Returns true only when ready
// (including error/hang-up states, which the next recv/send then reports).
bool wait_ready(int fd, short events, int stop_fd, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p[2] = {{fd, events, 0}, {stop_fd, POLLIN, 0}};
    const int r = ::poll(p, 2, static_cast<int>(std::min<long long>(left, INT_MAX)));
    if (r < 0 && errno != EINTR) return false;
    if (r <= 0) continue;
    if (p[1].revents != 0) return false;
    if (p[0].revents != 0) return true;
  }
}

// Raises the soft limit of open files towards `wanted` (at most the hard limit) and
// returns the resulting soft limit.
rlim_t raise_file_limit(rlim_t wanted) {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return 1024;
  if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < wanted) {
    const rlim_t raised = lim.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, lim.rlim_max);
    rlimit next{raised, lim.rlim_max};
    if (::setrlimit(RLIMIT_NOFILE, &next) == 0) lim.rlim_cur = raised;
  }
  return lim.rlim_cur;
}

// ---------------------------------------------------------------------------------------
// HeaderScanner

// Finds where a header block ends: just after the first "\n\r\n", i.e. a line that is
// exactly CRLF following a line that ended in LF. httplib's reader stops at the same
// place (it reads the request line, then lines until one is exactly CRLF), so the bytes
// up to there are exactly what it will read before the body. Feed bytes in order; a
// partial match carries over to the next feed.
struct HeaderScanner {
  static constexpr std::size_t npos = std::string::npos;
  int matched = 0;  // how many bytes of "\n\r\n" the bytes fed so far end with (0..2)

  // Returns the offset within [bytes, bytes + n) just past the terminator, or npos.
  std::size_t feed(const char* bytes, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const char c = bytes[i];
      if (c == '\n') {
        if (matched == 2) {
          matched = 0;
          return i + 1;
        }
        matched = 1;
      } else if (c == '\r' && matched == 1) {
        matched = 2;
      } else {
        matched = 0;
      }
    }
    return npos;
  }
};

// ---------------------------------------------------------------------------------------
// Connection, Peer

struct Connection;

// One remote address. Lives in Gate::peers_ while any connection from it is open.
struct Peer {
  int connections = 0;              // open connections from this address, any state
  int serving = 0;                  // of which a worker is serving now
  std::deque<Connection*> ready;    // whole header block arrived, waiting for a worker
  bool runnable = false;            // listed in Gate::runnable_
  int max_connections = kMaxConnectionsPerAddress;  // both lifted for a trusted proxy
  int max_serving = kMaxServingPerAddress;
};

// What the gate is waiting for on a connection it holds.
enum class Phase {
  kIdle,    // no byte of the next request yet: closed after the keep-alive timeout
  kHeader,  // part of a header block: 408 when the read timeout since wait_start passes
  kLinger,  // our last response is sent and our side shut: input discarded until EOF
};

struct Connection {
  int fd = -1;
  Peer* peer = nullptr;      // never null while the connection is counted
  std::string ip;            // the peer's address: the key in Gate::peers_
  int port = 0;
  std::string local_ip;      // filled on first use (getsockname)
  int local_port = -1;

  Phase phase = Phase::kIdle;
  Clock::time_point wait_start;  // when the gate started waiting for the current request
  Clock::time_point deadline;    // its key in Gate::timers_ while the gate holds it
  std::string head;              // bytes of the current header block already read
  std::size_t head_rest = 0;     // bytes of the block still in the kernel (at dispatch)
  bool more_after_head = false;  // bytes beyond the block had arrived too (body, pipelining)
  HeaderScanner scanner;         // state over `head`
  std::size_t requests = 0;      // requests served on this connection
  std::size_t drained = 0;       // bytes discarded while lingering
};

// ---------------------------------------------------------------------------------------
// GateStream

struct StreamLimits {
  Clock::duration read_timeout;
  Clock::duration write_timeout;
  int stop_fd;
};

// The httplib::Stream for one request on `c`. Reads first return the header block the
// gate and worker collected (`c.head`); before the request's headers are parsed
// (begin_body) nothing more can be read, after it exactly Content-Length bytes of body
// are read from the socket and never more, so a pipelined next request stays in the
// kernel for the next turn. Each wait is bounded by the read/write timeout and by the
// progress so far: after that timeout's grace, the body (and the response) must have
// moved at kMinTransferRate on average, so a trickle is cut off early, not at the end
// of its declared length's time.
// The response head is held back and sent together with the first body bytes (one
// segment instead of two), or by flush().
class GateStream final : public httplib::Stream {
 public:
  GateStream(Connection& c, const StreamLimits& limits) : c_(c), limits_(limits) {}

  // True while bytes of the request can still be read (waits up to the read timeout).
  bool is_readable() const override {
    if (head_pos_ < c_.head.size()) return true;
    if (!body_started_ || body_unknown_ || read_failed_ || body_read_ >= body_length_) return false;
    return wait_ready(c_.fd, POLLIN, limits_.stop_fd, Clock::now() + limits_.read_timeout);
  }

  // True while the response can still be written (waits up to the write timeout).
  bool is_writable() const override {
    return !failed_ && wait_ready(c_.fd, POLLOUT, limits_.stop_fd, Clock::now() + limits_.write_timeout);
  }

  // Reads up to `size` bytes of this request. Returns the count, 0 at the end of what
  // may be read (header block before begin_body, body after), -1 on error or timeout.
  ssize_t read(char* ptr, size_t size) override {
    if (head_pos_ < c_.head.size()) {
      const std::size_t n = std::min(size, c_.head.size() - head_pos_);
      std::memcpy(ptr, c_.head.data() + head_pos_, n);
      head_pos_ += n;
      return static_cast<ssize_t>(n);
    }
    if (!body_started_) return 0;
    if (body_unknown_ || read_failed_) return -1;
    const std::uint64_t left = body_length_ - body_read_;
    if (left == 0 || size == 0) return 0;
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(size, left));
    for (;;) {
      const ssize_t n = ::recv(c_.fd, ptr, want, 0);
      if (n > 0) {
        body_read_ += static_cast<std::uint64_t>(n);
        return n;
      }
      if (n == 0) return 0;  // the peer closed mid-body: httplib answers 400, we close
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) break;
      // Keep moving: after the grace period the body must have arrived at kMinTransferRate
      // on average so far (a byte every 9 s would otherwise hold a worker for the whole
      // declared length's time).
      const auto behind = body_start_ + limits_.read_timeout + transfer_time(body_read_ + 1);
      if (!wait_ready(c_.fd, POLLIN, limits_.stop_fd, std::min(Clock::now() + limits_.read_timeout, behind))) break;
    }
    read_failed_ = true;
    return -1;
  }

  // Writes up to `size` bytes; returns how many were taken, or -1 when the connection
  // failed or a wait passed its deadline (the connection is then closed).
  ssize_t write(const char* ptr, size_t size) override {
    if (failed_) return -1;
    if (!response_started_) {
      response_started_ = true;
      write_start_ = Clock::now();
    }
    if (!head_taken_) {
      const std::string_view data(ptr, size);
      const bool interim = data.rfind("HTTP/1.1 1", 0) == 0;  // 100 Continue: send now
      if (!interim) {
        head_taken_ = true;
        held_.assign(data);
        if (must_close()) say_close(held_);
        return static_cast<ssize_t>(size);
      }
    }
    return send_some(ptr, size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.ip;
    port = c_.port;
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    if (c_.local_port < 0) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      if (::getsockname(c_.fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
          !format_address(addr, c_.local_ip, c_.local_port)) {
        c_.local_ip.clear();
        c_.local_port = 0;
      }
    }
    ip = c_.local_ip;
    port = c_.local_port;
  }

  socket_t socket() const override { return c_.fd; }

  // Called once the request's headers are parsed (setup_request), before any body read:
  // fixes how many body bytes may be read. A body of unknown length (Transfer-Encoding,
  // a malformed or repeated-and-different Content-Length, or httplib having stopped
  // reading the header block elsewhere than the gate) cannot be read, and the
  // connection will not carry another request.
  void begin_body(const httplib::Request& req) {
    assert(!body_started_);
    body_started_ = true;
    body_start_ = Clock::now();
    if (head_pos_ != c_.head.size() || req.has_header("Transfer-Encoding")) {
      body_unknown_ = true;
      return;
    }
    const std::size_t count = req.get_header_value_count("Content-Length");
    if (count == 0) return;  // no body (RFC 9112 §6.3): reads end at once
    const std::string text = req.get_header_value("Content-Length");
    for (std::size_t i = 1; i < count; ++i) {
      if (req.get_header_value("Content-Length", i) != text) body_unknown_ = true;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), body_length_);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) body_unknown_ = true;
    if (body_unknown_) body_length_ = 0;
  }

  // Sends a response head still held back. Returns false if the connection failed.
  bool flush() { return held_.empty() || send_some(nullptr, 0) >= 0; }

  // True when a write failed or timed out: the connection must close without more.
  bool failed() const { return failed_; }

  // True when the connection cannot carry another request: the request was not read to
  // its end (refused before its body, body of unknown length, a read failed) or httplib
  // stopped before parsing its headers (400/414/416 refusals).
  bool must_close() const {
    return failed_ || read_failed_ || body_unknown_ || !body_started_ || head_pos_ < c_.head.size() ||
           body_read_ < body_length_;
  }

 private:
  // Sends the held head (if any) and then up to `size` bytes of `ptr`, waiting while the
  // socket is full. Returns how many bytes of `ptr` went out (> 0 unless size == 0),
  // -1 on failure.
  ssize_t send_some(const char* ptr, std::size_t size) {
    for (;;) {
      iovec iov[2];
      int count = 0;
      const std::size_t held_left = held_.size() - held_sent_;
      if (held_left > 0) iov[count++] = {held_.data() + held_sent_, held_left};
      if (size > 0) iov[count++] = {const_cast<char*>(ptr), size};
      if (count == 0) return 0;
      msghdr msg{};
      msg.msg_iov = iov;
      msg.msg_iovlen = static_cast<decltype(msg.msg_iovlen)>(count);
      const ssize_t n = ::sendmsg(c_.fd, &msg, MSG_NOSIGNAL);
      if (n > 0) {
        written_ += static_cast<std::uint64_t>(n);
        const std::size_t from_held = std::min(static_cast<std::size_t>(n), held_left);
        held_sent_ += from_held;
        if (held_sent_ == held_.size()) {
          held_.clear();
          held_sent_ = 0;
        }
        const std::size_t from_data = static_cast<std::size_t>(n) - from_held;
        if (from_data > 0 || (size == 0 && held_.empty())) return static_cast<ssize_t>(from_data);
        continue;  // only part of the head went out
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        // The same for the response: a reader slower than kMinTransferRate on average (after
        // the grace period) is cut off, however large the response.
        const auto total = write_start_ + limits_.write_timeout + transfer_time(written_ + 1);
        if (wait_ready(c_.fd, POLLOUT, limits_.stop_fd, std::min(Clock::now() + limits_.write_timeout, total))) continue;
      }
      failed_ = true;
      return -1;
    }
  }

  // Makes a response head announce "Connection: close" (httplib wrote Keep-Alive because
  // it could not know that the unread body forces the connection to close).
  static void say_close(std::string& head) {
    if (head.find("\r\nConnection: close\r\n") != std::string::npos) return;
    const std::size_t at = head.find("\r\nKeep-Alive: ");
    if (at != std::string::npos) {
      const std::size_t end = head.find("\r\n", at + 2);
      head.replace(at + 2, end - (at + 2), "Connection: close");
    } else if (head.size() >= 4 && head.compare(head.size() - 4, 4, "\r\n\r\n") == 0) {
      head.insert(head.size() - 2, "Connection: close\r\n");
    }
  }

  Connection& c_;
  const StreamLimits& limits_;
  std::size_t head_pos_ = 0;          // bytes of c_.head already read
  bool body_started_ = false;         // begin_body ran
  bool body_unknown_ = false;
  bool read_failed_ = false;
  std::uint64_t body_length_ = 0;
  std::uint64_t body_read_ = 0;
  Clock::time_point body_start_;
  bool response_started_ = false;
  bool head_taken_ = false;           // the final response's head was written
  Clock::time_point write_start_;
  std::uint64_t written_ = 0;
  std::string held_;                  // response head not sent yet
  std::size_t held_sent_ = 0;
  bool failed_ = false;
};

}  // namespace

// ---------------------------------------------------------------------------------------
// Gate

class Gate {
 public:
  struct Settings {
    Clock::duration keep_alive;     // wait for the first byte of a request
    Clock::duration read_timeout;   // total for a header block; per wait for the body
    Clock::duration write_timeout;  // per wait for the response
    std::size_t max_requests;       // per connection
    int workers;
    int max_connections;
    std::set<std::string> trusted_proxies;  // addresses without per-address limits
  };

  // Starts the gate thread and `settings.workers` workers serving through `server`.
  // Throws std::system_error when epoll or eventfd cannot be created.
  Gate(GuardedServer& server, Settings settings);
  // Stops (see stop()).
  ~Gate();
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  // Accept thread: takes ownership of the accepted socket `fd`. Within the caps it joins
  // the gate (non-blocking, TCP_NODELAY); over a cap, or while stopping, it gets a 503
  // and is closed.
  void admit(int fd);

  // Closes every connection and joins every thread: waits in progress (body reads,
  // writes) end at once, handlers already running finish their request. Idempotent;
  // call from the thread that owns the Gate (not from a worker).
  void stop();

 private:
  enum class After { kKeepAlive, kLinger, kClose };

  // Gate thread.
  void run();
  void adopt_arrivals();
  void on_readable(Connection& c);
  void read_header(Connection& c);
  void drain(Connection& c);
  void expire(Clock::time_point now);
  void set_deadline(Connection& c, Clock::time_point deadline);
  void rearm(Connection& c);
  void answer_and_linger(Connection& c, const std::string& response);
  void dispatch(Connection& c);
  void close_held(Connection& c);

  // Worker threads.
  void work();
  bool next_request_soon(int fd);
  After serve(Connection& c, GateStream*& current, const std::function<void(httplib::Request&)>& setup,
              std::vector<char>& scratch);
  bool finish(Connection* c, After after, Connection*& next);

  // Any thread.
  void hand_to_gate(Connection* c, int op);
  void release(Connection* c);
  void uncount_locked(Connection* c);
  bool take_work_locked(Connection*& c);

  GuardedServer& server_;
  const Settings settings_;
  StreamLimits limits_;  // stop_fd set once created
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: wakes the gate for an earlier deadline
  int stop_fd_ = -1;  // eventfd: readable once stopping; in epoll and in every worker wait
  std::atomic<bool> stopping_{false};
  bool stopped_ = false;  // stop() ran (owner thread only)

  // Gate thread only.
  std::set<std::pair<Clock::time_point, Connection*>> timers_;  // one per held connection
  std::vector<Connection*> adopting_;
  std::vector<char> scratch_ = std::vector<char>(kMaxHeaderBytes);

  // Hand-over to the gate.
  std::mutex arrivals_mutex_;
  std::vector<Connection*> arrivals_;
  bool gate_closed_ = false;                       // the gate thread has finished
  std::atomic<std::size_t> arrivals_count_{0};     // arrivals_.size(), readable without the lock
  std::atomic<std::int64_t> wake_at_{0};           // when the sleeping gate wakes (0: awake)

  // Peers, connection counts and the work queue.
  std::mutex queue_mutex_;
  std::condition_variable work_ready_;
  std::unordered_map<std::string, Peer> peers_;
  std::deque<Peer*> runnable_;  // peers with ready connections and a free serving slot
  std::atomic<int> ready_total_{0};   // connections in every peer's ready queue
  std::atomic<int> waiting_next_{0};  // workers waiting on their connection's next request
  int connections_ = 0;

  std::thread gate_thread_;
  std::vector<std::thread> workers_;
};

// See the declaration.
Gate::Gate(GuardedServer& server, Settings settings)
    : server_(server),
      settings_(settings),
      limits_{settings.read_timeout, settings.write_timeout, -1} {
  assert(settings.workers > 0 && settings.max_connections > 0 && settings.max_requests > 0);
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ < 0 || wake_fd_ < 0 || stop_fd_ < 0) {
    const int err = errno;
    for (int fd : {epoll_fd_, wake_fd_, stop_fd_}) {
      if (fd >= 0) ::close(fd);
    }
    throw std::system_error(err, std::generic_category(), "connection gate");
  }
  limits_.stop_fd = stop_fd_;
  for (int fd : {wake_fd_, stop_fd_}) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = nullptr;  // null: one of our eventfds
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  }
  gate_thread_ = std::thread([this] {
    ::pthread_setname_np(::pthread_self(), "handoff-gate");
    run();
  });
  workers_.reserve(static_cast<std::size_t>(settings.workers));
  for (int i = 0; i < settings.workers; ++i) {
    workers_.emplace_back([this] {
      ::pthread_setname_np(::pthread_self(), "handoff-worker");
      work();
    });
  }
}

// Stops, then closes the epoll and event descriptors.
Gate::~Gate() {
  stop();
  ::close(epoll_fd_);
  ::close(wake_fd_);
  ::close(stop_fd_);
}

// See the declaration. Order: stop_fd_ ends every wait; the gate closes what it holds;
// workers finish their request and close theirs; what is still queued is closed last.
void Gate::stop() {
  if (stopped_) return;
  stopped_ = true;
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(stop_fd_, &one, sizeof one);
  work_ready_.notify_all();
  gate_thread_.join();
  for (std::thread& t : workers_) t.join();
  // Connections still queued for a worker: nobody owns them now.
  std::vector<Connection*> left;
  {
    std::lock_guard lock(queue_mutex_);
    for (auto& [ip, peer] : peers_) {
      left.insert(left.end(), peer.ready.begin(), peer.ready.end());
      peer.ready.clear();
      peer.runnable = false;
    }
    runnable_.clear();
  }
  for (Connection* c : left) release(c);
  assert(connections_ == 0 && peers_.empty());
}

// ---- admission (accept thread) ---------------------------------------------------------

// See the declaration. Runs on the accept thread, inline in httplib's accept loop, so it
// never blocks: the 503 is sent without waiting.
void Gate::admit(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  std::string ip;
  int port = 0;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0 || !format_address(addr, ip, port)) {
    ::close(fd);
    return;
  }
  Peer* peer = nullptr;
  {
    std::lock_guard lock(queue_mutex_);
    if (!stopping_ && connections_ < settings_.max_connections) {
      Peer& p = peers_[ip];
      if (p.connections == 0 && settings_.trusted_proxies.count(ip)) {
        p.max_connections = settings_.max_connections;
        p.max_serving = settings_.workers;
      }
      if (p.connections < p.max_connections) {
        ++p.connections;
        ++connections_;
        peer = &p;
      } else if (p.connections == 0) {
        peers_.erase(ip);
      }
    }
  }
  if (peer == nullptr) {
    send_now(fd, response_503());
    discard_received(fd);
    ::close(fd);
    return;
  }
  // Non-blocking from now on (httplib's SO_RCVTIMEO/SO_SNDTIMEO then never apply), and
  // no Nagle delay on responses.
  ::fcntl(fd, F_SETFL, O_NONBLOCK);
  const int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  auto* c = new Connection;
  c->fd = fd;
  c->peer = peer;
  c->ip = std::move(ip);
  c->port = port;
  c->phase = Phase::kIdle;
  c->wait_start = Clock::now();
  c->deadline = c->wait_start + settings_.keep_alive;
  hand_to_gate(c, EPOLL_CTL_ADD);
}

// Gives `c` (owned by the caller, not the gate) to the gate: queued for adoption and armed
// in epoll (`op`: EPOLL_CTL_ADD for a new socket, MOD for a returning one) in one critical
// section; wakes the gate if `c`'s deadline is earlier than its planned wake-up. If the
// gate has already finished (stopping), closes `c` instead.
void Gate::hand_to_gate(Connection* c, int op) {
  const std::int64_t deadline = ticks(c->deadline);
  {
    std::unique_lock lock(arrivals_mutex_);
    if (gate_closed_) {
      lock.unlock();
      release(c);
      return;
    }
    arrivals_.push_back(c);
    arrivals_count_.store(arrivals_.size());
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLONESHOT;
    ev.data.ptr = c;
    ::epoll_ctl(epoll_fd_, op, c->fd, &ev);  // on failure the deadline still closes it
  }
  // Pairs with run(): it publishes wake_at_ before it checks arrivals_count_.
  if (deadline < wake_at_.load()) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
  }
}

// Closes `c`'s socket, uncounts it and frees it. `c` must be in no structure any more.
void Gate::release(Connection* c) {
  {
    std::lock_guard lock(queue_mutex_);
    uncount_locked(c);
  }
  ::close(c->fd);
  delete c;
}

// With queue_mutex_ held: removes `c` from the connection counts (and its peer, when it
// was the peer's last connection). `c` must not be queued or counted as served.
void Gate::uncount_locked(Connection* c) {
  Peer* p = c->peer;
  assert(p != nullptr && p->connections > 0 && connections_ > 0);
  --p->connections;
  --connections_;
  if (p->connections == 0) {
    assert(p->serving == 0 && p->ready.empty() && !p->runnable);
    peers_.erase(c->ip);
  }
}

// ---- the gate thread -------------------------------------------------------------------

// The gate thread: adopts arriving connections, waits for the first of their events and
// deadlines, acts on them, until stop() makes stop_fd_ readable; then closes every
// connection it holds or that is in transit, and refuses later hand-overs (gate_closed_).
void Gate::run() {
  std::vector<epoll_event> events(256);
  for (;;) {
    if (arrivals_count_.load() != 0) adopt_arrivals();
    if (stopping_) break;
    int timeout = -1;
    std::int64_t wake = std::numeric_limits<std::int64_t>::max();
    if (!timers_.empty()) {
      const auto first = timers_.begin()->first;
      wake = ticks(first);
      const auto ms = std::chrono::ceil<std::chrono::milliseconds>(first - Clock::now()).count();
      timeout = static_cast<int>(std::clamp<long long>(ms, 0, INT_MAX));
    }
    wake_at_.store(wake);
    if (arrivals_count_.load() != 0) timeout = 0;  // pairs with hand_to_gate()
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout);
    wake_at_.store(0);
    if (arrivals_count_.load() != 0) adopt_arrivals();
    for (int i = 0; i < n; ++i) {
      auto* c = static_cast<Connection*>(events[static_cast<std::size_t>(i)].data.ptr);
      if (c == nullptr) {
        std::uint64_t count;
        [[maybe_unused]] const ssize_t r = ::read(wake_fd_, &count, sizeof count);
        continue;
      }
      on_readable(*c);
    }
    expire(Clock::now());
  }
  // Stopping: close every connection held or in transit; none can arrive after this.
  {
    std::lock_guard lock(arrivals_mutex_);
    gate_closed_ = true;
  }
  adopt_arrivals();
  while (!timers_.empty()) close_held(*timers_.begin()->second);
}

// Takes the connections handed to the gate since the last turn and starts their timers.
void Gate::adopt_arrivals() {
  {
    std::lock_guard lock(arrivals_mutex_);
    adopting_.swap(arrivals_);
    arrivals_count_.store(0);
  }
  for (Connection* c : adopting_) timers_.emplace(c->deadline, c);
  adopting_.clear();
}

// `c` (held, just disarmed by its one-shot event) is readable, closed or in error.
void Gate::on_readable(Connection& c) {
  if (c.phase == Phase::kLinger) {
    drain(c);
  } else {
    read_header(c);
  }
}

// Looks at what has arrived of the header block (without taking it): the whole block
// goes to a worker; part of it is taken into c.head and waited on with the header
// deadline; too much gets 431; end of stream or an error closes.
void Gate::read_header(Connection& c) {
  assert(c.head.size() < kMaxHeaderBytes);
  const std::size_t room = kMaxHeaderBytes - c.head.size();
  ssize_t n;
  do {
    n = ::recv(c.fd, scratch_.data(), room, MSG_PEEK);
  } while (n < 0 && errno == EINTR);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
    close_held(c);  // closed or reset by the peer; a partial request gets no answer
    return;
  }
  if (n < 0) {
    rearm(c);
    return;
  }
  HeaderScanner scanner = c.scanner;
  const std::size_t end = scanner.feed(scratch_.data(), static_cast<std::size_t>(n));
  if (end != HeaderScanner::npos) {
    c.head_rest = end;
    c.more_after_head = static_cast<std::size_t>(n) > end;
    c.scanner = {};
    dispatch(c);
    return;
  }
  if (static_cast<std::size_t>(n) >= room) {
    answer_and_linger(c, response_431());
    return;
  }
  // Take the partial block, so that a level-triggered epoll reports only new bytes.
  const std::size_t have = c.head.size();
  c.head.resize(have + static_cast<std::size_t>(n));
  ssize_t got;
  do {
    got = ::recv(c.fd, c.head.data() + have, static_cast<std::size_t>(n), 0);
  } while (got < 0 && errno == EINTR);
  if (got != n) {  // peeked bytes are still there; anything else is a broken socket
    close_held(c);
    return;
  }
  c.scanner = scanner;
  if (c.phase == Phase::kIdle) {
    c.phase = Phase::kHeader;
    set_deadline(c, c.wait_start + settings_.read_timeout);
  }
  rearm(c);
}

// Discards input on a closing connection until the peer closes, kMaxLingerBytes have
// been discarded, or an error; then closes. Otherwise waits for more.
void Gate::drain(Connection& c) {
  for (;;) {
    const ssize_t n = ::recv(c.fd, scratch_.data(), scratch_.size(), 0);
    if (n > 0) {
      c.drained += static_cast<std::size_t>(n);
      if (c.drained > kMaxLingerBytes) break;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      rearm(c);
      return;
    }
    break;
  }
  close_held(c);
}

// Acts on every deadline that has passed: idle connections close, late header blocks
// get 408 and linger, lingering connections close.
void Gate::expire(Clock::time_point now) {
  while (!timers_.empty() && timers_.begin()->first <= now) {
    Connection& c = *timers_.begin()->second;
    if (c.phase == Phase::kHeader) {
      answer_and_linger(c, response_408());
    } else {
      close_held(c);
    }
  }
}

// Moves held `c`'s single timer to `deadline`.
void Gate::set_deadline(Connection& c, Clock::time_point deadline) {
  const std::size_t erased = timers_.erase({c.deadline, &c});
  assert(erased == 1);
  (void)erased;
  c.deadline = deadline;
  timers_.emplace(deadline, &c);
}

// Arms held `c` for its next readable event (one-shot, so it fires at most once).
void Gate::rearm(Connection& c) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.ptr = &c;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev);
}

// Sends a final error `response`, shuts our side and lingers (kLingerTime).
void Gate::answer_and_linger(Connection& c, const std::string& response) {
  send_now(c.fd, response);
  ::shutdown(c.fd, SHUT_WR);
  c.phase = Phase::kLinger;
  c.drained = 0;
  set_deadline(c, Clock::now() + kLingerTime);
  rearm(c);
}

// Gives `c`, whose whole header block has arrived, to the workers (it stays disarmed).
void Gate::dispatch(Connection& c) {
  const std::size_t erased = timers_.erase({c.deadline, &c});
  assert(erased == 1);
  (void)erased;
  bool wake = false;
  {
    std::lock_guard lock(queue_mutex_);
    Peer& p = *c.peer;
    p.ready.push_back(&c);
    ready_total_.fetch_add(1, std::memory_order_relaxed);
    if (!p.runnable && p.serving < p.max_serving) {
      p.runnable = true;
      runnable_.push_back(&p);
    }
    // A worker can take it now (else the worker freeing a slot of this peer takes it).
    wake = p.serving + static_cast<int>(p.ready.size()) <= p.max_serving;
  }
  if (wake) work_ready_.notify_one();
}

// Closes and frees held `c` (its timer goes; close() also removes it from epoll).
void Gate::close_held(Connection& c) {
  const std::size_t erased = timers_.erase({c.deadline, &c});
  assert(erased == 1);
  (void)erased;
  release(&c);
}

// ---- workers -----------------------------------------------------------------------------

// With queue_mutex_ held: takes the next ready connection, round-robin over peers with a
// free serving slot, and counts it as served. Returns false if there is none.
bool Gate::take_work_locked(Connection*& c) {
  if (runnable_.empty()) return false;
  Peer* p = runnable_.front();
  runnable_.pop_front();
  assert(p->runnable && !p->ready.empty() && p->serving < p->max_serving);
  c = p->ready.front();
  p->ready.pop_front();
  ready_total_.fetch_sub(1, std::memory_order_relaxed);
  ++p->serving;
  if (!p->ready.empty() && p->serving < p->max_serving) {
    runnable_.push_back(p);
  } else {
    p->runnable = false;
  }
  return true;
}

// A worker thread: takes ready connections (waiting when there are none) and serves them
// until stop(). Each connection's serving slot is freed, and the next one taken, in one
// critical section (finish).
void Gate::work() {
  std::vector<char> scratch(kMaxHeaderBytes);
  GateStream* current = nullptr;
  const std::function<void(httplib::Request&)> setup = [&current, this](httplib::Request& req) {
    assert(current != nullptr);
    current->begin_body(req);
    if (server_.request_setup_) server_.request_setup_(req);
  };
  Connection* next = nullptr;
  for (;;) {
    bool more = false;  // ready work is left for other workers
    if (next == nullptr) {
      std::unique_lock lock(queue_mutex_);
      work_ready_.wait(lock, [this] { return stopping_ || !runnable_.empty(); });
      if (stopping_) return;
      [[maybe_unused]] const bool taken = take_work_locked(next);
      assert(taken);
      more = !runnable_.empty();
    }
    if (more) work_ready_.notify_one();
    Connection* c = next;
    next = nullptr;
    if (finish(c, serve(*c, current, setup, scratch), next)) work_ready_.notify_one();
  }
}

// Serves requests on `c` while each one's header block is already complete (at most
// kMaxServedInARow), and says what happens to the connection next.
Gate::After Gate::serve(Connection& c, GateStream*& current, const std::function<void(httplib::Request&)>& setup,
                        std::vector<char>& scratch) {
  for (int in_a_row = 1;; ++in_a_row) {
    // Take the rest of the header block (peeked, so already in the kernel) and no more.
    const std::size_t have = c.head.size();
    c.head.resize(have + c.head_rest);
    for (std::size_t got = 0; got < c.head_rest;) {
      const ssize_t n = ::recv(c.fd, c.head.data() + have + got, c.head_rest - got, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return After::kClose;
      got += static_cast<std::size_t>(n);
    }
    c.head_rest = 0;
    if (const char* problem = header_block_problem(c.head)) {
      send_now(c.fd, error_response(400, "Bad Request", "malformed_headers", problem));
      return After::kLinger;
    }

    GateStream stream(c, limits_);
    current = &stream;
    bool closed = false;
    const bool last = c.requests + 1 >= settings_.max_requests || stopping_;
    bool ok = false;
    try {
      // httplib turns exceptions from handlers into 500s; this catches the rest (the
      // setup hook, allocation failures) so that a worker thread never dies.
      ok = server_.serve_request(stream, last, closed, setup);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: request on %s failed: %s\n", c.ip.c_str(), e.what());
    } catch (...) {
      std::fprintf(stderr, "error: request on %s failed\n", c.ip.c_str());
    }
    current = nullptr;
    ++c.requests;
    ok = ok && stream.flush();
    if (!ok || stream.failed()) return After::kClose;
    if (closed || last || stream.must_close() || stopping_) return After::kLinger;

    // The next request: serve it now if its header block is already complete. Only worth
    // a look if more than this request's header block had arrived with it (a body, or a
    // pipelining client); otherwise the gate will see the next request arrive.
    c.head.clear();
    c.scanner = {};
    if (!c.more_after_head && !next_request_soon(c.fd)) return After::kKeepAlive;
    ssize_t n;
    do {
      n = ::recv(c.fd, scratch.data(), scratch.size(), MSG_PEEK | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n == 0) return After::kClose;  // the peer closed
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK ? After::kKeepAlive : After::kClose;
    HeaderScanner scanner;
    const std::size_t end = scanner.feed(scratch.data(), static_cast<std::size_t>(n));
    if (end == HeaderScanner::npos || in_a_row >= kMaxServedInARow) return After::kKeepAlive;
    c.head_rest = end;
    c.more_after_head = static_cast<std::size_t>(n) > end;
  }
}

// Whether bytes of a next request arrive on `fd` within kLingerForNextMs, waiting only
// while no other connection waits for a worker and fewer than half the workers wait so.
bool Gate::next_request_soon(int fd) {
  if (ready_total_.load(std::memory_order_relaxed) > 0) return false;
  if (waiting_next_.fetch_add(1, std::memory_order_relaxed) >= settings_.workers / 2) {
    waiting_next_.fetch_sub(1, std::memory_order_relaxed);
    return false;
  }
  pollfd p{fd, POLLIN, 0};
  int rc;
  do {
    rc = ::poll(&p, 1, kLingerForNextMs);
  } while (rc < 0 && errno == EINTR);
  waiting_next_.fetch_sub(1, std::memory_order_relaxed);
  return rc > 0;
}

// A worker is done with `c`: frees its serving slot and, in the same critical section,
// takes the next ready connection into `next` (null if none); then closes `c` or gives
// it to the gate to wait for its next request or to linger. Returns true when ready work
// is left for other workers.
bool Gate::finish(Connection* c, After after, Connection*& next) {
  if (stopping_) after = After::kClose;
  bool more = false;
  {
    std::lock_guard lock(queue_mutex_);
    Peer& p = *c->peer;
    assert(p.serving > 0);
    --p.serving;
    if (!p.runnable && !p.ready.empty() && p.serving < p.max_serving) {
      p.runnable = true;
      runnable_.push_back(&p);
    }
    if (after == After::kClose) uncount_locked(c);
    if (!stopping_ && take_work_locked(next)) more = !runnable_.empty();
  }
  const auto now = Clock::now();
  switch (after) {
    case After::kClose:
      ::close(c->fd);
      delete c;
      return more;
    case After::kLinger:
      ::shutdown(c->fd, SHUT_WR);
      c->phase = Phase::kLinger;
      c->drained = 0;
      c->deadline = now + kLingerTime;
      break;
    case After::kKeepAlive:
      c->phase = Phase::kIdle;
      c->head.clear();
      c->scanner = {};
      c->wait_start = now;
      c->deadline = now + settings_.keep_alive;
      break;
  }
  hand_to_gate(c, EPOLL_CTL_MOD);
  return more;
}

// ---------------------------------------------------------------------------------------
// GuardedServer

// The task queue httplib's accept loop uses: runs each task (process_and_close_socket,
// i.e. Gate::admit) at once on the accept thread, and stops the gate on shutdown.
class GateTaskQueue final : public httplib::TaskQueue {
 public:
  explicit GateTaskQueue(GuardedServer& server) : server_(server) {}
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override { server_.stop_gate(); }

 private:
  GuardedServer& server_;
};

// GuardedServer's members are documented in connection_gate.h; notes on how:

// The gate starts when listen() asks for its task queue, i.e. with the settings in force.
GuardedServer::GuardedServer(int workers) : workers_(workers) {
  assert(workers > 0);
  new_task_queue = [this] {
    start_gate();
    return new GateTaskQueue(*this);
  };
}

GuardedServer::~GuardedServer() { stop_gate(); }

void GuardedServer::set_request_setup(std::function<void(httplib::Request&)> setup) {
  assert(!gate_);
  request_setup_ = std::move(setup);
}

// Without a gate (new_task_queue replaced) the socket is closed: nothing could serve it.
bool GuardedServer::process_and_close_socket(socket_t sock) {
  assert(gate_ && "new_task_queue was replaced: the gate never started");
  if (!gate_) {
    ::close(sock);
    return false;
  }
  gate_->admit(sock);
  return true;
}

bool GuardedServer::serve_request(httplib::Stream& strm, bool close_connection, bool& connection_closed,
                                  const std::function<void(httplib::Request&)>& setup) {
  return process_request(strm, close_connection, connection_closed, setup);
}

// Reads httplib's settings (protected members) into the gate's, and raises the file
// limit so that kMaxConnections fit; the global cap is lowered if it cannot be raised.
void GuardedServer::start_gate() {
  assert(!gate_);
  using std::chrono::microseconds;
  using std::chrono::seconds;
  const rlim_t files = raise_file_limit(static_cast<rlim_t>(kMaxConnections + kReservedDescriptors));
  const int by_files = files > static_cast<rlim_t>(2 * kReservedDescriptors)
                           ? static_cast<int>(std::min<rlim_t>(files - kReservedDescriptors, INT_MAX))
                           : static_cast<int>(files / 2);
  Gate::Settings s{
      std::chrono::duration_cast<Clock::duration>(seconds(keep_alive_timeout_sec_)),
      std::chrono::duration_cast<Clock::duration>(seconds(read_timeout_sec_) + microseconds(read_timeout_usec_)),
      std::chrono::duration_cast<Clock::duration>(seconds(write_timeout_sec_) + microseconds(write_timeout_usec_)),
      std::max<std::size_t>(keep_alive_max_count_, 1),
      workers_,
      std::min(kMaxConnections, by_files),
      trusted_proxies_,
  };
  gate_ = std::make_unique<Gate>(*this, s);
}

// Destroying the gate stops it (Gate::stop); later listen() calls start a new one.
void GuardedServer::stop_gate() { gate_.reset(); }

}  // namespace handoff::server
