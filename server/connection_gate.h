// connection_gate.h — who holds a connection, and for how long.
//
// cpp-httplib 0.11.4 gives every connection one pool thread from accept to close, with a
// per-read timeout: a client that sends a header line every few seconds, or just stays
// connected, keeps its thread, and ~70 of them stalled the whole server. GuardedServer
// keeps httplib's parser, routing and handlers but replaces who waits for requests:
//
//   accept thread  httplib's accept loop; each socket is checked against the connection
//                  caps and handed to the gate (503 and close when over a cap).
//   gate thread    one epoll loop holding every connection that is waiting for a request
//                  (new, idle keep-alive, header block arriving, closing). It enforces the
//                  keep-alive timeout and a total deadline for each header block (408),
//                  and a size limit on it (431).
//   worker pool    kThreads threads; a connection reaches one only once its whole header
//                  block has arrived, is served one request at a time (reads never go past
//                  the request) and then goes back to the gate. At most
//                  kMaxServingPerAddress workers serve one remote address at once, so slow
//                  bodies or slow readers from one address cannot take every worker.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include <httplib.h>

namespace handoff::server {

// Connections held at once from one remote address: browsers behind one office NAT and a
// load test's 50 connections must fit; one address cannot take the whole server. The
// address is the socket's peer: behind a reverse proxy every client shares the proxy's
// address, and the per-address limits here apply to all of them together.
inline constexpr int kMaxConnectionsPerAddress = 128;
// Connections held at once in total (lowered further if the process's file-descriptor
// limit is smaller; descriptors are also needed for SQLite and files).
inline constexpr int kMaxConnections = 4096;
// Workers serving one remote address at once (out of kThreads): the rest of its requests
// wait their turn, other addresses are served meanwhile.
inline constexpr int kMaxServingPerAddress = 8;
// Largest header block (request line and headers, with the blank line) in bytes.
inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
// Slowest average rate, in bytes per second, accepted for a request body or a response
// beyond the read/write timeout's grace period (a 25 MiB upload may take 10 s + 800 s).
inline constexpr std::size_t kMinTransferRate = 32 * 1024;
// How long a closing connection is drained (its unread input discarded) so that the
// peer reads our last response before the socket closes, and at most how many bytes.
inline constexpr std::chrono::milliseconds kLingerTime{2000};
inline constexpr std::size_t kMaxLingerBytes = 1 << 20;

namespace gate {
class Gate;  // gate_internal.h
}  // namespace gate

// An httplib::Server whose connections are held by a Gate (see the top of this file).
// Configure it like any httplib::Server (configure_server, routes, timeouts) before
// listening; these settings are read when listening starts:
//   keep-alive timeout  how long a connection may wait with no byte of a next request;
//   read timeout        the total time for one header block to arrive (from when the
//                       gate starts waiting for it), and the longest wait for any body
//                       read; after this grace, the body must have arrived at
//                       kMinTransferRate on average at every moment;
//   write timeout       the longest wait for any write; after this grace, the response
//                       must have been taken at kMinTransferRate on average;
//   keep-alive count    requests per connection.
// Do not replace new_task_queue: it is how the gate starts and stops with listen().
class GuardedServer : public httplib::Server {
 public:
  // `workers`: request threads (> 0), started when listen() starts.
  explicit GuardedServer(int workers);
  ~GuardedServer() override;  // stops the gate if listen() did not (no-op otherwise)
  GuardedServer(const GuardedServer&) = delete;
  GuardedServer& operator=(const GuardedServer&) = delete;

  // Runs `setup` on each request after its headers are parsed and before the pre-routing
  // handler and the body (httplib's setup_request hook; e.g. to adjust req.ranges).
  // Call before listen(); an empty function removes it.
  void set_request_setup(std::function<void(httplib::Request&)> setup);
  // Addresses (numeric, as the peer's address reads) that per-address limits do not
  // apply to: a reverse proxy in front of this server, through which every client comes
  // from one address (the proxy then has to hold slow clients itself). Call before listen().
  void set_trusted_proxies(std::set<std::string> addresses) { trusted_proxies_ = std::move(addresses); }

 private:
  friend class gate::Gate;
  friend class GateTaskQueue;

  // httplib's accept loop calls this (through new_task_queue's queue, inline) for every
  // accepted socket: hands `sock` to the gate, which owns it from then on. Returns true.
  bool process_and_close_socket(socket_t sock) override;
  // Serves one request from `strm` with httplib's parser and routing; `setup` runs first
  // on the parsed request. Returns false when the connection failed (httplib's result).
  bool serve_request(httplib::Stream& strm, bool close_connection, bool& connection_closed,
                     const std::function<void(httplib::Request&)>& setup);
  // Starts the gate with the current settings (called by new_task_queue).
  void start_gate();
  // Stops the gate: closes every connection and joins its threads. Idempotent.
  void stop_gate();

  const int workers_;
  std::function<void(httplib::Request&)> request_setup_;
  std::set<std::string> trusted_proxies_;
  std::unique_ptr<gate::Gate> gate_;  // exists while listening
};

}  // namespace handoff::server
