#include "api.h"

#include <charconv>

#include "handoff/json_read.h"
#include "handoff/wire.h"

#include "auth.h"
#include "http.h"

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

std::optional<Caller> authenticate(Connection& c, const httplib::Request& req, Instant now) {
  const std::string token = session_token_from_cookie_header(req.get_header_value("Cookie"));
  if (token.empty()) return std::nullopt;
  std::optional<wire::Me> me = session_user(c, token, now);
  if (!me) return std::nullopt;
  return Caller{me->user_id, me->workspace_id, me->role, me->client_id, me->name, me->email};
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
        std::optional<Caller> caller;
        {
          Database::Lease c = app.db.acquire();
          caller = authenticate(*c, req, call.now);
        }
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
