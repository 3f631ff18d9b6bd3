// session_view_model.h — who is using the portal: starting up, logging in, logged in.
//
// State + intents, no drawing. The login screen binds its fields to `email` and
// `password`, shows `error()` and `busy()`, and calls submit(); the app frame reads me()
// and calls log_out().
#pragma once

#include <optional>
#include <string>

#include "handoff/wire.h"

#include "api_client.h"

namespace handoff::client {

enum class Screen {
  starting,  // asking the server whether a session cookie is still valid
  login,     // the login form
  app,       // the app frame for me()
};

class SessionViewModel {
 public:
  explicit SessionViewModel(ApiClient& api) : api_(api) {}

  // Intent: on page load, resume a session from the cookie (GET /me).
  void start();
  // Intent: log in with `email` and `password`. Validates locally first: an empty or
  // malformed email or empty password sets error() without a request.
  void submit();
  // Intent: log out (DELETE /session); returns to the login screen even if offline.
  void log_out();
  // Enters the app as `me` (after login, or after accepting an invite).
  void enter_app(wire::Me me);

  Screen screen() const { return screen_; }
  const std::optional<wire::Me>& me() const { return me_; }
  bool busy() const { return busy_; }                  // a login or logout is on the wire
  const std::string& error() const { return error_; }  // a sentence, or "" for none
  bool can_submit() const { return !busy_; }

  std::string email;     // bound to the Email field
  std::string password;  // bound to the Password field

 private:
  ApiClient& api_;
  Screen screen_ = Screen::starting;
  std::optional<wire::Me> me_;
  bool busy_ = false;
  std::string error_;
};

// The sentence to show for a failed request: the server's message when it sent one,
// otherwise what the person can do about it (status 0: the server is unreachable).
std::string describe_failure(const ApiResponse& r);

}  // namespace handoff::client
