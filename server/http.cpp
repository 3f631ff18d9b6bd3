#include "http.h"

#include <cstdio>
#include <exception>
#include <regex>

#include <sys/socket.h>

#include "handoff/api_paths.h"
#include "handoff/wire.h"

namespace handoff::server {

httplib::Server::HandlerResponse guard(const httplib::Request& req, httplib::Response& res) {
  using HR = httplib::Server::HandlerResponse;
  if (req.headers.size() > kMaxHeaders) {
    send_error(res, 431, "too_many_headers", "The request has too many headers.");
    return HR::Handled;
  }
  // Request smuggling: a reverse proxy and this server must agree where a body ends. Any
  // doubt — two Content-Lengths (equal or not), two Hosts, Content-Length beside
  // Transfer-Encoding — is refused rather than resolved one way.
  if (req.get_header_value_count("Content-Length") > 1) {
    send_error(res, 400, "duplicate_content_length", "The request has more than one Content-Length header.");
    return HR::Handled;
  }
  if (req.get_header_value_count("Host") > 1) {
    send_error(res, 400, "duplicate_host", "The request has more than one Host header.");
    return HR::Handled;
  }
  if (req.has_header("Transfer-Encoding")) {
    if (req.has_header("Content-Length")) {
      send_error(res, 400, "ambiguous_length",
                 "A request may not have both Transfer-Encoding and Content-Length.");
      return HR::Handled;
    }
    send_error(res, 411, "length_required",
               "Chunked request bodies are not accepted; send a Content-Length.");
    return HR::Handled;
  }
  if (req.has_header("Content-Encoding")) {
    send_error(res, 415, "unsupported_encoding", "Compressed request bodies are not accepted.");
    return HR::Handled;
  }
  const bool has_body_method = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
  const std::string length_text = req.get_header_value("Content-Length");
  std::uint64_t length = 0;
  if (!length_text.empty()) {
    if (length_text.size() > 19 || length_text.find_first_not_of("0123456789") != std::string::npos) {
      send_error(res, 400, "bad_content_length", "Content-Length is not a number.");
      return HR::Handled;
    }
    length = std::stoull(length_text);
  } else if (has_body_method) {
    send_error(res, 411, "length_required", "This request needs a Content-Length header.");
    return HR::Handled;
  }
  static const std::string logo_path = api::workspace_logo_path();
  const std::size_t limit = is_upload(req) ? kMaxFileBytes : kMaxJsonBody;
  if (length > limit || (!has_body_method && length > 0)) {
    send_error(res, 413, "too_large",
               !has_body_method ? "This request must not have a body."
               : is_upload(req) ? "Files can be at most 25 MiB."
               : req.path == logo_path ? "A logo can be at most 1 MiB; export a smaller PNG or JPEG."
                                : "The request body is larger than the limit of 1 MiB.");
    return HR::Handled;
  }
  // Cross-site request forgery: a browser always sends Origin on state-changing requests;
  // it must name this host. (Non-browser clients may omit it; the cookie is SameSite=Strict.)
  if (is_state_changing(req.method) && req.has_header("Origin")) {
    const std::string origin = req.get_header_value("Origin");
    const std::string host = req.get_header_value("Host");
    if (origin != "http://" + host && origin != "https://" + host) {
      send_error(res, 403, "cross_origin", "Requests from another site are not accepted.");
      return HR::Handled;
    }
  }
  return HR::Unhandled;
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const Error& error) {
  send_json(res, status, wire::error_to_json(error));
}

void send_error(httplib::Response& res, int status, std::string code, std::string message) {
  send_error(res, status, Error{std::move(code), std::move(message), {}});
}

bool is_upload(const httplib::Request& req) {
  static const std::regex upload(api::route_pattern(api::paths::kProjectFiles));
  return req.method == "POST" && std::regex_match(req.path, upload);
}

void drop_ranges(httplib::Request& req) { req.ranges.clear(); }

bool is_state_changing(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

namespace {
int g_listen_socket = -1;  // captured by the socket-options hook below (one server per process)
}  // namespace

void widen_listen_backlog(int backlog) {
  if (g_listen_socket >= 0) ::listen(g_listen_socket, backlog);
}

void configure_server(httplib::Server& server) {
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);  // httplib's default, kept
    g_listen_socket = sock;
  });
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(5);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  server.set_payload_max_length(kMaxFileBytes);  // the guard enforces 1 MiB on JSON routes
  server.set_default_headers({
      // 'wasm-unsafe-eval' lets WebAssembly compile; nothing else may evaluate code.
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
  });
  server.set_pre_routing_handler(guard);
  server.set_expect_100_continue_handler([](const httplib::Request& req, httplib::Response& res) {
    return guard(req, res) == httplib::Server::HandlerResponse::Handled ? res.status : 100;
  });
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                   std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::fprintf(stderr, "error: %s %s: %s\n", req.method.c_str(), req.path.c_str(), what.c_str());
    send_error(res, 500, "internal", "Something went wrong on the server; nothing was saved.");
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    // httplib's own refusals (400 parse errors, 404 no route, 413 payload) get JSON too,
    // unless a handler already wrote a body.
    if (!res.body.empty()) return;
    switch (res.status) {
      case 404: send_error(res, 404, "not_found", "There is nothing at this address."); break;
      case 413: send_error(res, 413, "too_large", "The request body is larger than the limit of 1 MiB."); break;
      case 400: send_error(res, 400, "bad_request", "The request could not be read."); break;
      default: send_error(res, res.status, "http_error", "The request failed with status " + std::to_string(res.status) + "."); break;
    }
  });
}

}  // namespace handoff::server
