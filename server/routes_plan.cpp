// Clients, projects, milestones, tasks and comments.
#include "handoff/money.h"
#include "handoff/rules.h"
#include "handoff/wire_model.h"

#include "handlers.h"
#include "http.h"
#include "store_plan.h"

namespace handoff::server {

namespace {

nlohmann::json client_json(const ClientRow& r) {
  return {{"id", r.id}, {"name", r.name}, {"status", name_of(r.status)}, {"created_at", r.created_at}};
}

// Reads milestone fields into `m` (all optional when `patch`).
void read_milestone(ObjectReader& in, Milestone& m, bool patch) {
  if (auto name = patch ? in.optional_name("name", 200) : std::optional<std::string>(in.name("name", 200))) m.name = *name;
  if (auto due = in.optional_integer("due", 0, kMaxInstant)) m.due = *due;
  if (auto billing = read_enum<BillingKind>(in, "billing", false)) m.billing = *billing;
  if (auto amount = in.optional_integer("amount_minor", 0, kMaxAmountMinor)) m.amount_minor = *amount;
}

void read_task(ObjectReader& in, Task& t, bool patch) {
  if (auto title = patch ? in.optional_name("title", 500) : std::optional<std::string>(in.name("title", 500))) t.title = *title;
  if (auto m = in.optional_integer("milestone_id", 0, INT64_MAX)) t.milestone_id = *m;
  if (auto status = read_enum<TaskStatus>(in, "status", false)) t.status = *status;
  if (auto v = in.optional_boolean("client_visible")) t.client_visible = *v;
  if (auto a = in.optional_integer("assignee_user_id", 0, INT64_MAX)) t.assignee_user_id = *a;
  if (auto due = in.optional_integer("due", 0, kMaxInstant)) t.due = *due;
}

}  // namespace

void get_clients(Call& call) {
  Database::Lease c = call.app.db.acquire();
  nlohmann::json out = nlohmann::json::array();
  for (const ClientRow& r : workspace_clients(*c, call.caller.workspace_id)) out.push_back(client_json(r));
  call.reply(200, {{"clients", out}});
}

void post_client(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const std::string name = in.name("name", 200);
  const ClientStatus status = read_enum<ClientStatus>(in, "status", false).value_or(ClientStatus::lead);
  if (body->contains("name") && !in.has_problem("name") && looks_blank(name)) {
    in.problem("name", "name_missing", "Give the client a name.");
  }
  if (!in.finish()) return call.fail(in.error());
  Database::Lease c = call.app.db.acquire();
  Transaction tx(*c);
  const Id id = insert_client(*c, call.caller.workspace_id, name, status, call.now);
  tx.commit();
  call.reply(201, {{"id", id}, {"name", name}, {"status", name_of(status)}, {"created_at", call.now}});
}

void patch_client(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  std::optional<std::string> name = in.optional_name("name", 200);
  std::optional<ClientStatus> status = read_enum<ClientStatus>(in, "status", false);
  if (name && looks_blank(*name)) in.problem("name", "name_missing", "Give the client a name.");
  if (!in.finish()) return call.fail(in.error());
  Database::Lease c = call.app.db.acquire();
  Transaction tx(*c);
  const Id id = call.path_id();
  if (!workspace_client(*c, call.caller.workspace_id, id)) return call.not_found("Client " + std::to_string(id));
  update_client(*c, id, name, status);
  tx.commit();
  call.reply(200, client_json(*workspace_client(*c, call.caller.workspace_id, id)));
}

void get_projects(Call& call) {
  Database::Lease c = call.app.db.acquire();
  const bool client = call.caller.role == Role::client;
  const std::vector<Id> ids = project_ids(*c, call.caller.workspace_id,
                                          client ? std::optional<Id>(call.caller.client_id) : std::nullopt);
  nlohmann::json out = nlohmann::json::array();
  for (Id id : ids) {
    std::optional<ProjectRow> p = visible_project(*c, call.caller, id);
    if (!p) continue;
    const Engagement e = load_engagement(*c, *p);
    const ProjectProgress progress = project_progress(e, client);
    out.push_back({{"id", p->id}, {"client_id", p->client_id}, {"client_name", e.client.name}, {"name", p->name},
                   {"status", name_of(p->status)}, {"percent", progress.percent}});
  }
  call.reply(200, {{"projects", out}});
}

void post_project(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const Id client_id = in.integer("client_id", 1, INT64_MAX);
  const std::string name = in.name("name", 200);
  const ProjectStatus status = read_enum<ProjectStatus>(in, "status", false).value_or(ProjectStatus::onboarding);
  if (body->contains("name") && !in.has_problem("name") && looks_blank(name)) {
    in.problem("name", "name_missing", "Give the project a name.");
  }
  if (!in.finish()) return call.fail(in.error());
  Database::Lease c = call.app.db.acquire();
  Transaction tx(*c);
  if (!workspace_client(*c, call.caller.workspace_id, client_id)) {
    return call.not_found("Client " + std::to_string(client_id));
  }
  const Id id = insert_project(*c, call.caller.workspace_id, client_id, name, status, call.now);
  activate_lead_client(*c, client_id);
  tx.commit();
  std::optional<ProjectRow> p = visible_project(*c, call.caller, id);
  call.reply(201, wire::project_to_json(load_engagement(*c, *p), call.caller.actor(), call.now));
}

void get_project(Call& call) {
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_or_404(call, *c, call.path_id());
  if (!p) return;
  call.reply(200, wire::project_to_json(load_engagement(*c, *p), call.caller.actor(), call.now));
}

void patch_project(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  std::optional<std::string> name = in.optional_name("name", 200);
  std::optional<ProjectStatus> status = read_enum<ProjectStatus>(in, "status", false);
  if (name && looks_blank(*name)) in.problem("name", "name_missing", "Give the project a name.");
  if (!in.finish()) return call.fail(in.error());
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_or_404(call, *c, call.path_id());
  if (!p) return;
  {
    Transaction tx(*c);
    update_project(*c, p->id, name, status);
    tx.commit();
  }
  p = visible_project(*c, call.caller, p->id);
  call.reply(200, wire::project_to_json(load_engagement(*c, *p), call.caller.actor(), call.now));
}

void post_milestone(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  Milestone m;
  read_milestone(in, m, false);
  if (!in.finish()) return call.fail(in.error());
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_or_404(call, *c, call.path_id());
  if (!p) return;
  auto e = mutate(call, *c, *p, [&](const Engagement& before, Connection& cc) {
    m.id = next_id(cc, "milestone");
    return put_milestone(before, call.caller.actor(), m);
  });
  if (e) call.reply(201, wire::to_json(m));
}

void patch_milestone(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  Database::Lease c = call.app.db.acquire();
  const Id id = call.path_id();
  std::optional<ProjectRow> p = project_for(call, *c, "milestone", id, "Milestone");
  if (!p) return;
  Milestone m;
  auto e = mutate(call, *c, *p, [&](const Engagement& before, Connection&) -> Result<Engagement> {
    for (const Milestone& x : before.milestones) if (x.id == id) m = x;
    ObjectReader in(*body);
    read_milestone(in, m, true);
    if (!in.finish()) return in.error();
    return put_milestone(before, call.caller.actor(), m);
  });
  if (e) call.reply(200, wire::to_json(m));
}

void post_task(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  Task t;
  read_task(in, t, false);
  if (!in.finish()) return call.fail(in.error());
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_or_404(call, *c, call.path_id());
  if (!p) return;
  auto e = mutate(call, *c, *p, [&](const Engagement& before, Connection& cc) {
    t.id = next_id(cc, "task");
    return put_task(before, call.caller.actor(), t);
  });
  if (e) call.reply(201, wire::to_json(t));
}

void patch_task(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  Database::Lease c = call.app.db.acquire();
  const Id id = call.path_id();
  std::optional<ProjectRow> p = project_for(call, *c, "task", id, "Task");
  if (!p) return;
  Task t;
  auto e = mutate(call, *c, *p, [&](const Engagement& before, Connection&) -> Result<Engagement> {
    for (const Task& x : before.tasks) if (x.id == id) t = x;
    ObjectReader in(*body);
    read_task(in, t, true);
    if (!in.finish()) return in.error();
    return put_task(before, call.caller.actor(), t);
  });
  if (e) call.reply(200, wire::to_json(t));
}

namespace {
// The task `id` if the caller may see it (clients: client-visible tasks of their
// projects); otherwise answers 404.
std::optional<Task> visible_task(Call& call, Connection& c, Id id) {
  std::optional<ProjectRow> p = project_for(call, c, "task", id, "Task");
  if (!p) return std::nullopt;
  const Engagement e = load_engagement(c, *p);
  for (const Task& t : e.tasks) {
    if (t.id == id && can_see_task(e, call.caller.actor(), t)) return t;
  }
  call.not_found("Task " + std::to_string(id));
  return std::nullopt;
}
}  // namespace

void get_comments(Call& call) {
  Database::Lease c = call.app.db.acquire();
  std::optional<Task> t = visible_task(call, *c, call.path_id());
  if (!t) return;
  nlohmann::json out = nlohmann::json::array();
  for (const CommentRow& r : task_comments(*c, t->id)) {
    out.push_back({{"id", r.id}, {"user_id", r.user_id}, {"user_name", r.user_name}, {"body", r.body},
                   {"created_at", r.created_at}});
  }
  call.reply(200, {{"comments", out}});
}

void post_comment(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const std::string text = in.string("body", 10000);
  if (body->contains("body") && !in.has_problem("body") && looks_blank(text)) {
    in.problem("body", "body_missing", "Write something before posting the comment.");
  }
  if (!in.finish()) return call.fail(in.error());
  Database::Lease c = call.app.db.acquire();
  std::optional<Task> t = visible_task(call, *c, call.path_id());
  if (!t) return;
  Transaction tx(*c);
  const Id id = insert_comment(*c, t->id, call.caller.user_id, text, call.now);
  tx.commit();
  call.reply(201, {{"id", id}, {"user_id", call.caller.user_id}, {"user_name", call.caller.name}, {"body", text},
                   {"created_at", call.now}});
}

}  // namespace handoff::server
