// http.h — how the server speaks HTTP: limits, the guard every request passes before its
// body is read, JSON responses and errors. Decisions measured and explained in
// TOOLCHAIN.md (cpp-httplib 0.11.4 as Debian builds it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "handoff/result.h"

namespace handoff::server {

inline constexpr std::size_t kMaxJsonBody = 1 << 20;       // 1 MiB: every JSON API body
inline constexpr std::size_t kMaxFileBytes = 25u << 20;    // 25 MiB: one uploaded file
inline constexpr std::size_t kMaxHeaders = 64;       // counts httplib's 4 synthetic headers
// Request threads (GuardedServer's workers). A thread serves one request whose headers
// have fully arrived and is free again after the response: waiting connections (idle
// keep-alive, slow headers) are held by the connection gate without a thread
// (connection_gate.h), so this need not exceed the connections a busy portal keeps open.
// Twice the database pool: requests wait for a connection only while they use SQLite.
inline constexpr int kThreads = 32;
inline constexpr int kDatabaseConnections = 16;

// The guard every request passes after its headers are read and before any body byte
// is: header count, exactly one Content-Length (and Host), no chunked or compressed
// bodies, the body limit, same-origin state changes. Returns Handled (with an error
// written) to refuse. configure_server installs it; install_routes wraps it (app.cpp).
httplib::Server::HandlerResponse guard(const httplib::Request& req, httplib::Response& res);

// Applies timeouts (for a GuardedServer: keep-alive 5 s, a header block's total time and
// each body wait 10 s, each write wait 10 s), keep-alive limits, TCP_NODELAY, the payload
// limit, default security headers, the pre-routing guard and the exception handler.
// Threads are the server's own (GuardedServer(kThreads)); this leaves new_task_queue alone.
void configure_server(httplib::Server& server);

// Debian's cpp-httplib 0.11.4 listens with a backlog of 5 (compiled in): 50 clients
// connecting at once find their connections dropped. Call after binding: it raises the
// backlog of the listening socket to `backlog` (Linux updates it on a second listen()).
void widen_listen_backlog(int backlog = 1024);

// Writes `body` as JSON with `status`. The content type carries a charset on purpose:
// httplib then skips its per-response brotli (quality 11) on API responses.
void send_json(httplib::Response& res, int status, const nlohmann::json& body);
// Writes the DESIGN.md §4 error body.
void send_error(httplib::Response& res, int status, const Error& error);
void send_error(httplib::Response& res, int status, std::string code, std::string message);

// True for the one route whose body is a file, not JSON (larger limit).
bool is_upload(const httplib::Request& req);

// The request-setup hook (GuardedServer::set_request_setup): httplib would cut every
// response to a requested Range — a JSON body, a 401 error — and build multipart answers
// for many ranges. Ranges are for file downloads only, and get_file (routes_files.cpp)
// applies one itself, so httplib's parsed list is always emptied.
void drop_ranges(httplib::Request& req);

// True for methods that change state (POST, PUT, PATCH, DELETE).
bool is_state_changing(std::string_view method);

}  // namespace handoff::server
