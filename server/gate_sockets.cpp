// Socket helpers of the connection gate (declared in gate_internal.h).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include "gate_internal.h"

namespace handoff::server::gate {

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

}  // namespace handoff::server::gate
