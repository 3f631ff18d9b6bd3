#include "app.h"

#include "handoff/credentials.h"
#include "handoff/json_read.h"
#include "handoff/wire.h"

#include "http.h"

namespace handoff::server {

namespace {

// A precomputed argon2id hash of a random password: verifying against it when the email
// is unknown makes "no such user" cost as much as "wrong password" (no user enumeration
// by timing).
const std::string& dummy_hash() {
  static const std::string h = hash_password(random_hex(16));
  return h;
}

std::string session_cookie(const std::string& token, std::int64_t max_age) {
  return std::string(wire::kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
}

void post_session(AppContext& app, const httplib::Request& req, httplib::Response& res) {
  Result<nlohmann::json> body = parse_json_object(req.body);
  if (!body.ok()) return send_error(res, 400, body.error());
  Result<wire::LoginRequest> login = wire::login_request_from_json(body.value());
  if (!login.ok()) return send_error(res, 400, login.error());

  const std::int64_t now = app.now();
  const std::string email = normalize_email(login.value().email).value_or(login.value().email);
  const std::string& address = req.remote_addr;  // the socket's, never a header
  if (const std::int64_t wait = app.throttle.retry_after(email, address, now); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    return send_error(res, 429, "too_many_attempts",
                      "Too many failed logins. Try again in " + std::to_string((wait + 59) / 60) +
                          " minute" + (wait > 60 ? "s." : "."));
  }

  Database::Lease c = app.db.acquire();
  std::int64_t user_id = 0;
  std::string hash;
  {
    Statement s = c->prepare("SELECT id, password_hash FROM user WHERE email = ?");
    s.bind(1, email);
    if (s.step()) {
      user_id = s.integer(0);
      hash = s.text(1);
    }
  }
  const bool ok = verify_password(login.value().password, user_id ? hash : dummy_hash()) && user_id;
  if (!ok) {
    app.throttle.record_failure(email, address, now);
    return send_error(res, 401, "wrong_credentials", "The email or password is not right.");
  }
  app.throttle.record_success(email);
  const std::string token =
      create_session(*c, user_id, now, address, req.get_header_value("User-Agent"));
  std::optional<wire::Me> me = session_user(*c, token, now);
  res.set_header("Set-Cookie", session_cookie(token, kSessionLifetimeSeconds));
  send_json(res, 200, wire::to_json(*me));
}

void delete_session_route(AppContext& app, const httplib::Request& req, httplib::Response& res) {
  const std::string token = session_token_from_cookie_header(req.get_header_value("Cookie"));
  if (!token.empty()) {
    Database::Lease c = app.db.acquire();
    delete_session(*c, token);
  }
  res.set_header("Set-Cookie", session_cookie("", 0));
  res.status = 204;
}

void get_me(AppContext& app, const httplib::Request& req, httplib::Response& res) {
  const std::string token = session_token_from_cookie_header(req.get_header_value("Cookie"));
  Database::Lease c = app.db.acquire();
  std::optional<wire::Me> me = session_user(*c, token, app.now());
  if (!me) return send_error(res, 401, "not_logged_in", "Log in to continue.");
  send_json(res, 200, wire::to_json(*me));
}

}  // namespace

void install_routes(httplib::Server& server, AppContext& app) {
  const std::string health(wire::kHealthPath), session(wire::kSessionPath), me(wire::kMePath);
  server.Get(health, [&](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, {{"status", "ok"}, {"api_version", wire::kApiVersion}});
  });
  server.Post(session, [&](const auto& req, auto& res) { post_session(app, req, res); });
  server.Delete(session, [&](const auto& req, auto& res) { delete_session_route(app, req, res); });
  server.Get(me, [&](const auto& req, auto& res) { get_me(app, req, res); });

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
  {
    Statement s = c->prepare("SELECT count(*) FROM user");
    if (s.step() && s.integer(0) > 0) return false;
  }
  c->prepare("INSERT INTO workspace(name, created_at) VALUES ('My workspace', ?)").bind(1, now).run();
  const std::int64_t workspace_id = c->last_insert_id();
  c->prepare("INSERT INTO user(workspace_id, email, name, role, password_hash, created_at) "
             "VALUES (?, ?, 'Owner', 'owner', ?, ?)")
      .bind(1, workspace_id)
      .bind(2, email)
      .bind(3, hash_password(password))
      .bind(4, now)
      .run();
  tx.commit();
  return true;
}

}  // namespace handoff::server
