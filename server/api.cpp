#include "api.h"

#include <charconv>

#include "handoff/json_read.h"
#include "handoff/names.h"
#include "handoff/sha256.h"
#include "handoff/wire.h"

#include "auth.h"
#include "http.h"
#include "store_accounts.h"

namespace handoff::server {

Id Call::path_id(std::size_t n) const {
  if (n >= req.matches.size()) return 0;
  const std::string s = req.matches[n];
  Id id = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  return ec == std::errc() && end == s.data() + s.size() && id > 0 ? id : 0;
}

std::optional<nlohmann::json> Call::json_body() {
  Result<nlohmann::json> body = parse_json_object(req.body);
  if (!body.ok()) {
    send_error(res, 400, body.error());
    return std::nullopt;
  }
  return std::move(body).take();
}

std::string Call::ip() const {
  if (!app.trusted_proxies.count(req.remote_addr)) return req.remote_addr;
  const std::size_t n = req.get_header_value_count("X-Forwarded-For");
  if (n == 0) return req.remote_addr;
  std::string last = req.get_header_value("X-Forwarded-For", n - 1);
  if (const std::size_t comma = last.rfind(','); comma != std::string::npos) last.erase(0, comma + 1);
  last.erase(0, last.find_first_not_of(' '));
  last.erase(last.find_last_not_of(' ') + 1);
  const bool address = !last.empty() && last.size() <= 45 &&
                       last.find_first_not_of("0123456789abcdefABCDEF.:") == std::string::npos;
  return address ? last : req.remote_addr;
}

void Call::reply(int status, const nlohmann::json& body) { send_json(res, status, body); }

void Call::fail(const Error& e) {
  int status = 400;
  if (e.code == "not_found") status = 404;
  else if (e.code == "forbidden") status = 403;
  else if (e.code == "gate_closed" || e.code == "conflict") status = 409;
  else if (e.code == "too_large") status = 413;
  send_error(res, status, e);
}

void Call::not_found(const std::string& what) {
  send_error(res, 404, Error{"not_found", what + " does not exist.", {}});
}

std::optional<Caller> authenticate(AppContext& app, const httplib::Request& req, Instant now) {
  const std::string token = session_token_from_cookie_header(req.get_header_value("Cookie"));
  if (token.size() != 64) return std::nullopt;
  const std::string key = sha256_hex(token);
  const std::uint64_t generation = app.db.generation();  // before reading: see cache.h
  if (std::optional<Caller> cached = app.sessions.get(key, generation)) {
    if (cached->session_expires_at > now) return cached;
    return std::nullopt;
  }
  Database::Lease c = app.db.acquire();
  std::optional<Caller> caller = caller_for_session(*c, key, now);
  if (!caller) return std::nullopt;
  app.sessions.put(key, generation, *caller);
  return caller;
}

void reply_cached(Call& call, const std::string& key, const std::function<std::optional<nlohmann::json>()>& compute) {
  auto serve = [&](std::string body) {
    call.res.status = 200;
    call.res.set_header("Cache-Control", "no-store");
    call.res.set_content(std::move(body), "application/json; charset=utf-8");
  };
  if (std::optional<std::string> body = call.app.responses.get(key, call.app.db.generation())) return serve(std::move(*body));
  std::lock_guard<std::mutex> single_flight(call.app.responses.compute_lock(key));
  const std::uint64_t generation = call.app.db.generation();  // before reading: see cache.h
  if (std::optional<std::string> body = call.app.responses.get(key, generation)) return serve(std::move(*body));
  std::optional<nlohmann::json> out = compute();
  if (!out) return;
  std::string body = out->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  call.app.responses.put(key, generation, body);
  serve(std::move(body));
}

SignOff read_sign_off(Call& call, ObjectReader& in, bool signing) {
  SignOff s;
  if (signing) {
    s.typed_name = in.name("typed_name", 200);
    s.consent = in.boolean("consent");
    // Compared byte for byte with the statement shown; a name stored before the text rules
    // may carry any character, and must not make signing impossible.
    s.statement = in.exact("statement", 4000);
  }
  s.ip = call.ip();
  s.user_agent = call.user_agent();
  return s;
}

std::optional<ProjectRow> project_or_404(Call& call, Connection& c, Id id) {
  std::optional<ProjectRow> p = id ? visible_project(c, call.caller, id) : std::nullopt;
  if (!p) call.not_found("Project " + std::to_string(id));
  return p;
}

std::optional<ProjectRow> project_for(Call& call, Connection& c, std::string_view table, Id id, const char* what) {
  std::optional<Id> pid = id ? project_of(c, table, id) : std::nullopt;
  std::optional<ProjectRow> p = pid ? visible_project(c, call.caller, *pid) : std::nullopt;
  if (!p) call.not_found(std::string(what) + " " + std::to_string(id));
  return p;
}

std::optional<Engagement> mutate(Call& call, Connection& c, const ProjectRow& project, const Rule& rule,
                                 Durability durability, SaveContext extra) {
  Transaction tx(c, durability);
  const Engagement before = load_engagement(c, project);
  Result<Engagement> after = rule(before, c);
  if (!after.ok()) {
    call.fail(after.error());
    return std::nullopt;
  }
  extra.actor_user_id = call.caller.user_id;
  extra.now = call.now;
  save_changes(c, project, before, after.value(), extra);
  tx.commit();
  return std::move(after).take();
}

void install_api(httplib::Server& server, AppContext& app) {
  for (const Route& r : routes()) {
    auto run = [&app, r](const httplib::Request& req, httplib::Response& res) {
      Call call{req, res, app, {}, app.now()};
      if (r.access != Access::anyone) {
        std::optional<Caller> caller = authenticate(app, req, call.now);
        if (!caller) return send_error(res, 401, "not_logged_in", "Log in to continue.");
        const bool staff = caller->role == Role::owner || caller->role == Role::member;
        if ((r.access == Access::staff && !staff) || (r.access == Access::owner && caller->role != Role::owner)) {
          return send_error(res, 403, "forbidden",
                            r.access == Access::owner ? "Only the workspace owner can do this."
                                                      : "Only the workspace's team can do this.");
        }
        call.caller = std::move(*caller);
      }
      r.handler(call);
    };
    const std::string m = r.method;
    if (m == "GET") server.Get(r.pattern, run);
    else if (m == "POST") server.Post(r.pattern, run);
    else if (m == "PUT") server.Put(r.pattern, run);
    else if (m == "PATCH") server.Patch(r.pattern, run);
    else if (m == "DELETE") server.Delete(r.pattern, run);
  }
}

}  // namespace handoff::server
