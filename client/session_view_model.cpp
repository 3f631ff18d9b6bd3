#include "session_view_model.h"

#include "handoff/credentials.h"
#include "handoff/json_read.h"

namespace handoff::client {

std::string describe_failure(const ApiResponse& r) {
  if (r.status == 0) return "Cannot reach the server. Check your connection and try again.";
  return wire::error_from_body(r.status, r.body).message;
}

namespace {
std::optional<wire::Me> parse_me(const ApiResponse& r) {
  Result<nlohmann::json> j = parse_json_object(r.body);
  if (!j.ok()) return std::nullopt;
  Result<wire::Me> me = wire::me_from_json(j.value());
  if (!me.ok()) return std::nullopt;
  return std::move(me).take();
}
}  // namespace

void SessionViewModel::start() {
  screen_ = Screen::starting;
  api_.send("GET", std::string(wire::kMePath), "", [this](const ApiResponse& r) {
    if (r.status == 200) {
      if (auto me = parse_me(r)) return enter_app(std::move(*me));
    }
    screen_ = Screen::login;
    // 401 is the normal "no session" answer: no error to show.
    if (r.status != 401) error_ = describe_failure(r);
  });
}

void SessionViewModel::submit() {
  if (busy_) return;
  if (email.find_first_not_of(" \t") == std::string::npos) {
    error_ = "Enter your email address.";
    return;
  }
  if (!normalize_email(email)) {
    error_ = "That email address does not look right.";
    return;
  }
  if (password.empty()) {
    error_ = "Enter your password.";
    return;
  }
  busy_ = true;
  error_.clear();
  const std::string body = wire::to_json(wire::LoginRequest{email, password}).dump();
  api_.send("POST", std::string(wire::kSessionPath), body, [this](const ApiResponse& r) {
    busy_ = false;
    if (r.status == 200) {
      if (auto me = parse_me(r)) return enter_app(std::move(*me));
      error_ = "The server's answer could not be read. Reload the page and try again.";
      return;
    }
    error_ = describe_failure(r);
    password.clear();  // a failed password is retyped, never resubmitted
  });
}

void SessionViewModel::log_out() {
  busy_ = true;
  api_.send("DELETE", std::string(wire::kSessionPath), "", [this](const ApiResponse&) {
    busy_ = false;
    me_.reset();
    password.clear();
    error_.clear();
    screen_ = Screen::login;
  });
}

void SessionViewModel::enter_app(wire::Me me) {
  me_ = std::move(me);
  password.clear();
  error_.clear();
  screen_ = Screen::app;
}

}  // namespace handoff::client
