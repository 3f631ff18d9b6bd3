// api.h — how every API route is declared and run.
//
// The API's table of contents is routes() (routes.cpp): method, path pattern, who may
// call it, handler. run_route() authenticates (401), checks the role (403), and hands
// the handler a Call. Objects the caller may not see answer 404, never 403: their
// existence is not revealed. Core Errors map to statuses in one place (send_core_error).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "handoff/json_read.h"
#include "handoff/model.h"
#include "handoff/rules.h"
#include "handoff/result.h"

#include "app_context.h"
#include "store.h"

namespace handoff::server {

enum class Access {
  anyone,  // no session needed
  user,    // any logged-in user (clients see only their engagements)
  staff,   // owner or member
  owner,   // the workspace owner
};

struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  AppContext& app;
  Caller caller;   // empty for Access::anyone
  Instant now = 0;

  // The n-th captured id in the path; 0 when it is not a valid id (then: 404).
  Id path_id(std::size_t n = 1) const;
  // The body as a JSON object, or nullopt after answering 400.
  std::optional<nlohmann::json> json_body();
  void reply(int status, const nlohmann::json& body);
  // Answers the core Error with its status: not_found 404, forbidden 403, gate_closed
  // and conflict 409, too_large 413, anything else 400.
  void fail(const Error& e);
  void not_found(const std::string& what);
  // Where a request came from: the socket's address — or, when that is a trusted reverse
  // proxy, the address the proxy appended last to X-Forwarded-For (what a client sends
  // itself comes before it and is never believed). Recorded in sign-offs, and what the
  // login throttle counts per address.
  std::string ip() const;
  std::string user_agent() const { return req.get_header_value("User-Agent").substr(0, 512); }
};

using Handler = void (*)(Call&);

struct Route {
  const char* method;   // GET POST PUT PATCH DELETE
  std::string pattern;  // httplib regex; ids as (\d+): api::route_pattern (api_paths.h)
  Access access;
  Handler handler;
};

// Every API route, in the order docs/api.md lists them.
const std::vector<Route>& routes();

// How docs/api.md and GET /api/v1 name an access level: "anyone", "user", "staff", "owner".
const char* access_name(Access access);
// A route's path as docs/api.md writes it: each (\d+) of the pattern as {id}, a second
// one as {item} (api::documented_path of the same template).
std::string documented_path(const Route& route);

// Registers routes() on `server`.
void install_api(httplib::Server& server, AppContext& app);

// The logged-in caller of `req`, or nullopt. Sessions are looked up through
// app.sessions (cache.h), so a warm request needs no query.
std::optional<Caller> authenticate(AppContext& app, const httplib::Request& req, Instant now);

// Answers 200 with the JSON cached under `key` while the database is unchanged, or with
// `compute()`'s result, which is then cached. `compute` returns nullopt when it answered
// itself (a 404): such answers are not cached. Keys must name everything the body
// depends on besides the data (the audience, the minute for time-based fields).
void reply_cached(Call& call, const std::string& key, const std::function<std::optional<nlohmann::json>()>& compute);

// A sign-off from a request body: typed_name, consent and statement when `signing`,
// and always where from (the socket's address, the user agent).
SignOff read_sign_off(Call& call, ObjectReader& in, bool signing);

// The project behind `table` row `id` if the caller may see it; otherwise answers 404.
std::optional<ProjectRow> project_for(Call& call, Connection& c, std::string_view table, Id id, const char* what);
// The project `id` if the caller may see it; otherwise answers 404.
std::optional<ProjectRow> project_or_404(Call& call, Connection& c, Id id);

// Runs `rule` on the project's engagement inside one write transaction: on success saves
// exactly what changed (with audit events) and commits, returning the new engagement; on
// refusal answers with the core's reasons and returns nullopt (nothing written).
using Rule = std::function<Result<Engagement>(const Engagement&, Connection&)>;
std::optional<Engagement> mutate(Call& call, Connection& c, const ProjectRow& project, const Rule& rule,
                                 Durability durability = Durability::normal, SaveContext extra = {});

}  // namespace handoff::server
