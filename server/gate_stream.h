// gate_stream.h — GateStream: how one request is read from and answered on a connection
// the gate handed to a worker (part of the connection gate: gate_internal.h).
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>

#include "gate_internal.h"

namespace handoff::server::gate {

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

}  // namespace handoff::server::gate
