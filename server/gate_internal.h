// gate_internal.h — what the parts of the connection gate share; not for use outside them.
//
// The gate (design: connection_gate.h) in files:
//   header_block.h/.cpp  pure: where a header block ends, what makes one ambiguous, the
//                        gate's own error responses
//   gate_sockets.cpp     socket helpers: sending without blocking, waiting with poll()
//   gate_stream.h        GateStream, the httplib::Stream one request is served through
//   connection_gate.cpp  the Gate's start and stop, admission (accept thread), GuardedServer
//   gate_loop.cpp        the epoll loop and its timers (gate thread)
//   gate_workers.cpp     serving (worker threads) and the hand-back to the gate
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
#pragma once

#include <sys/resource.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <httplib.h>

#include "connection_gate.h"
#include "header_block.h"

namespace handoff::server::gate {

using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------------------
// Helpers

// Requests one worker serves in a row on one connection whose next request is already
// buffered (pipelining) before it goes back to the queue, behind other connections.
inline constexpr int kMaxServedInARow = 16;
// How long a worker that has just answered waits on the same connection for its next
// request before giving it back to the gate — only while no other work is queued and
// fewer than half the workers wait so. A client that answers promptly (a busy portal, a
// load test) is then served without the gate-to-worker hop; a slow or silent one costs
// at most this, and partial header blocks still go to the gate.
inline constexpr int kLingerForNextMs = 2;
// File descriptors kept for everything but connections (SQLite, files, epoll, pipes).
inline constexpr int kReservedDescriptors = 256;

// Nanoseconds since the steady clock's epoch (for the atomic wake-up time).
inline std::int64_t ticks(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// How long a body of `bytes` may take at kMinTransferRate.
inline Clock::duration transfer_time(std::uint64_t bytes) {
  return std::chrono::microseconds(bytes * 1'000'000 / kMinTransferRate);
}

// The gate's refusals, built once: 408 (header block too slow), 431 (too large), 503
// (over a connection cap).
const std::string& response_408();
const std::string& response_431();
const std::string& response_503();

// Sends `bytes` without blocking and without SIGPIPE; what does not fit in the socket's
// buffer right now is dropped (only used for short final responses on a closing socket).
void send_now(int fd, const std::string& bytes);

// Discards input already received on `fd` (up to 64 KiB) without blocking, so that
// closing it sends FIN, not RST (an RST can destroy the response before the peer reads it).
void discard_received(int fd);

// Formats a socket address as httplib does (numeric IP) and returns its port; false for
// families other than IPv4/IPv6.
bool format_address(const sockaddr_storage& addr, std::string& ip, int& port);

// Waits until `fd` is ready for `events` (POLLIN or POLLOUT), `deadline` passes, or
// `stop_fd` becomes readable (the server is stopping). Returns true only when ready
// (including error/hang-up states, which the next recv/send then reports).
bool wait_ready(int fd, short events, int stop_fd, Clock::time_point deadline);

// Raises the soft limit of open files towards `wanted` (at most the hard limit) and
// returns the resulting soft limit.
rlim_t raise_file_limit(rlim_t wanted);

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

class GateStream;  // gate_stream.h

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

}  // namespace handoff::server::gate
