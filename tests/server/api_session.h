// api_session.h — one logged-in user talking JSON to a TestServer, for readable tests:
//   ApiSession owner(server);  owner.log_in(kOwnerEmail, kOwnerPassword);
//   Reply r = owner.post("/api/v1/clients", {{"name", "Northwind"}});  // r.status, r.json
#pragma once

#include <gtest/gtest.h>

#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "test_server.h"

namespace handoff::testing {

struct Reply {
  int status = 0;  // 0: no answer (connection failed)
  nlohmann::json json;
  std::string body;
  httplib::Headers headers;
  // The first reason code of an error reply, or "".
  std::string reason() const {
    if (!json.is_object() || !json.contains("error")) return "";
    const auto& r = json["error"]["reasons"];
    return r.empty() ? json["error"]["code"].get<std::string>() : r[0]["code"].get<std::string>();
  }
  std::string message() const { return json.is_object() && json.contains("error") ? json["error"]["message"].get<std::string>() : ""; }
};

class ApiSession {
 public:
  explicit ApiSession(const TestServer& server) : client_(server.client()) {}

  // Logs in; fails the test unless it worked.
  void log_in(const std::string& email, const std::string& password) {
    cookie_ = testing::log_in(client_, email, password);
    ASSERT_FALSE(cookie_.empty()) << "could not log in as " << email;
  }
  void use_cookie(std::string cookie) { cookie_ = std::move(cookie); }
  const std::string& cookie() const { return cookie_; }

  Reply get(const std::string& path) { return wrap(client_.Get(path, headers())); }
  Reply post(const std::string& path, const nlohmann::json& body = nlohmann::json::object()) {
    return wrap(client_.Post(path, headers(), body.dump(), "application/json"));
  }
  Reply put(const std::string& path, const nlohmann::json& body) {
    return wrap(client_.Put(path, headers(), body.dump(), "application/json"));
  }
  Reply patch(const std::string& path, const nlohmann::json& body) {
    return wrap(client_.Patch(path, headers(), body.dump(), "application/json"));
  }
  Reply del(const std::string& path) { return wrap(client_.Delete(path, headers())); }
  Reply raw_post(const std::string& path, const std::string& body, const std::string& content_type) {
    return wrap(client_.Post(path, headers(), body, content_type));
  }
  // Any method with a raw body (for the authorization matrix).
  Reply send(const std::string& method, const std::string& path, const std::string& body) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.headers = headers();
    if (method != "GET" && method != "DELETE") {
      req.body = body;
      req.set_header("Content-Type", "application/json");
    }
    return wrap(client_.send(req));
  }

 private:
  httplib::Headers headers() const {
    httplib::Headers h;
    if (!cookie_.empty()) h.emplace("Cookie", cookie_);
    return h;
  }
  static Reply wrap(const httplib::Result& r) {
    Reply out;
    if (!r) return out;
    out.status = r->status;
    out.body = r->body;
    out.headers = r->headers;
    out.json = nlohmann::json::parse(r->body, nullptr, false);
    return out;
  }
  httplib::Client client_;
  std::string cookie_;
};

}  // namespace handoff::testing
