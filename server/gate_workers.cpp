// The worker threads: serving connections whose header block has arrived, and handing
// them back to the gate (part of the connection gate: gate_internal.h).
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdio>
#include <exception>

#include "gate_stream.h"

namespace handoff::server::gate {

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

}  // namespace handoff::server::gate
