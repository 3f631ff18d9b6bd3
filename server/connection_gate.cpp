// connection_gate.cpp — GuardedServer, and the Gate's start, stop and admission (the
// accept thread). The rest of the gate: gate_internal.h lists its files; design:
// connection_gate.h.
#include "connection_gate.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <climits>
#include <system_error>

#include "gate_internal.h"

namespace handoff::server {

namespace gate {

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

}  // namespace gate

using gate::Clock;
using gate::Gate;
using gate::kReservedDescriptors;
using gate::raise_file_limit;

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
