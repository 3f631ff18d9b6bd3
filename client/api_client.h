// api_client.h — the portal's requests as data.
//
// View-models call send(); the platform transport (transport_fetch.cpp in the browser, a
// test's own loop natively) drains take_outgoing(), performs the requests, and reports
// each answer with deliver(). Nothing here does I/O, so every screen's logic is tested
// natively by delivering canned responses.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace handoff::client {

struct ApiRequest {
  std::uint64_t id = 0;
  std::string method;  // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string path;    // "/api/v1/..."
  std::string body;    // JSON text, or "" for none
};

struct ApiResponse {
  int status = 0;      // HTTP status; 0 when the server could not be reached
  std::string body;
};

class ApiClient {
 public:
  using Handler = std::function<void(const ApiResponse&)>;

  // Queues a request; `on_done` runs exactly once, from deliver(). Returns its id.
  std::uint64_t send(std::string method, std::string path, std::string body, Handler on_done);
  // Hands the queued requests to the transport (each is returned once).
  std::vector<ApiRequest> take_outgoing();
  // Reports the answer to request `id`; unknown ids are ignored.
  void deliver(std::uint64_t id, const ApiResponse& response);
  // Requests sent and not yet answered (queued or on the wire): drives busy indicators.
  std::size_t in_flight() const { return handlers_.size(); }
  // How many answers were delivered so far (the portal redraws when it moves).
  std::uint64_t answered() const { return answered_; }

 private:
  std::uint64_t next_id_ = 1;
  std::uint64_t answered_ = 0;
  std::vector<ApiRequest> outgoing_;
  std::map<std::uint64_t, Handler> handlers_;
};

}  // namespace handoff::client
