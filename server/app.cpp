#include "app.h"

#include "handoff/credentials.h"
#include "handoff/json_read.h"
#include "handoff/wire.h"

#include "handlers.h"
#include "http.h"
#include "store_accounts.h"

namespace handoff::server {

namespace {

// A precomputed argon2id hash of a random password: verifying against it when the email
// is unknown makes "no such user" cost as much as "wrong password" (no user enumeration
// by timing).
const std::string& dummy_hash() {
  static const std::string h = hash_password(random_hex(16));
  return h;
}

}  // namespace

void get_health(Call& call) { call.reply(200, {{"status", "ok"}, {"api_version", wire::kApiVersion}}); }

void post_session(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  Result<wire::LoginRequest> login = wire::login_request_from_json(*body);
  if (!login.ok()) return call.fail(login.error());

  const std::string email = normalize_email(login.value().email).value_or(login.value().email);
  const std::string address = call.ip();
  if (const std::int64_t wait = call.app.throttle.retry_after(email, address, call.now); wait > 0) {
    call.res.set_header("Retry-After", std::to_string(wait));
    return send_error(call.res, 429, "too_many_attempts",
                      "Too many failed logins. Try again in " + std::to_string((wait + 59) / 60) + " minute" +
                          (wait > 60 ? "s." : "."));
  }
  Database::Lease c = call.app.db.acquire();
  // An email may have an account in several workspaces: the password picks the account
  // (the oldest that matches), or workspace_id does. A password that could never have
  // been set (empty, too short: credentials.h) never logs in, whatever is stored.
  const std::vector<LoginAccount> accounts = login_accounts(*c, email, login.value().workspace_id);
  const std::string& password = login.value().password;
  std::int64_t user_id = 0;
  if (accounts.empty() || password_problem(password)) {
    verify_password(password, dummy_hash());  // the same cost as a real attempt
  } else {
    for (const auto& [id, hash] : accounts) {
      // An invited account without a password yet costs a hash check like any other.
      if (verify_password(password, hash.empty() ? dummy_hash() : hash) && !hash.empty()) {
        user_id = id;
        break;
      }
    }
  }
  if (!user_id) {
    call.app.throttle.record_failure(email, address, call.now);
    return send_error(call.res, 401, "wrong_credentials", "The email or password is not right.");
  }
  // A success forgets the account's failures only when the email names one account: with
  // several (one per workspace), a login to one must not reset guesses at another.
  if (accounts.size() == 1) call.app.throttle.record_success(email);
  const std::string token = create_session(*c, user_id, call.now, address, call.user_agent());
  std::optional<wire::Me> me = session_user(*c, token, call.now);
  call.res.set_header("Set-Cookie", session_cookie(token, kSessionLifetimeSeconds));
  call.reply(200, wire::to_json(*me));
}

void delete_session(Call& call) {
  const std::string token = session_token_from_cookie_header(call.req.get_header_value("Cookie"));
  if (!token.empty()) {
    Database::Lease c = call.app.db.acquire();
    server::delete_session(*c, token);
  }
  call.res.set_header("Set-Cookie", session_cookie("", 0));
  call.res.status = 204;
}

void get_me(Call& call) {
  const std::string token = session_token_from_cookie_header(call.req.get_header_value("Cookie"));
  Database::Lease c = call.app.db.acquire();
  std::optional<wire::Me> me = session_user(*c, token, call.now);
  if (!me) return send_error(call.res, 401, "not_logged_in", "Log in to continue.");
  call.reply(200, wire::to_json(*me));
}

void install_routes(httplib::Server& server, AppContext& app) {
  // Before a file upload's body is read (up to 25 MiB), its sender must be logged in:
  // an anonymous trickle of uploads must never hold the workers (the connection closes,
  // its body unread).
  auto guard_with_session = [&app](const httplib::Request& req, httplib::Response& res) {
    if (guard(req, res) == httplib::Server::HandlerResponse::Handled) return httplib::Server::HandlerResponse::Handled;
    if (is_upload(req) && !authenticate(app, req, app.now())) {
      send_error(res, 401, "not_logged_in", "Log in to continue.");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  };
  server.set_pre_routing_handler(guard_with_session);
  server.set_expect_100_continue_handler([guard_with_session](const httplib::Request& req, httplib::Response& res) {
    return guard_with_session(req, res) == httplib::Server::HandlerResponse::Handled ? res.status : 100;
  });
  install_api(server, app);
  // The portal: any other GET outside /api/ is a static file (or 404).
  server.Get(R"(/([A-Za-z0-9_.-]*))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    if (name.find("..") != std::string::npos || !app.web.serve(name, req, res)) {
      send_error(res, 404, "not_found", "There is nothing at this address.");
    }
  });
}

bool ensure_owner(Database& db, const std::string& email, const std::string& password,
                  std::int64_t now) {
  Database::Lease c = db.acquire();
  Transaction tx(*c);
  if (!no_users(*c)) return false;
  insert_first_owner(*c, email, hash_password(password), now);
  tx.commit();
  return true;
}

}  // namespace handoff::server
