// The gate thread: one epoll loop over every connection waiting for a request, and its
// timers (part of the connection gate: gate_internal.h).
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <climits>
#include <limits>

#include "gate_internal.h"

namespace handoff::server::gate {

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

}  // namespace handoff::server::gate
