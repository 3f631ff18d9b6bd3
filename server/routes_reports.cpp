// The owner's dashboard, a client's progress, and the audit chain.
#include "handoff/audit.h"
#include "handoff/rules.h"
#include "handoff/wire_model.h"

#include "handlers.h"
#include "http.h"

namespace handoff::server {

namespace {

// Projects of the caller's workspace that are not closed (clients: theirs).
std::vector<ProjectRow> open_projects(Connection& c, const Caller& caller) {
  Statement s = c.prepare("SELECT id FROM project WHERE workspace_id = ? AND status != 'closed' ORDER BY id");
  s.bind(1, caller.workspace_id);
  std::vector<Id> ids;
  while (s.step()) ids.push_back(s.integer(0));
  std::vector<ProjectRow> out;
  for (Id id : ids) {
    if (std::optional<ProjectRow> p = visible_project(c, caller, id)) out.push_back(*p);
  }
  return out;
}

}  // namespace

void get_dashboard(Call& call) {
  const std::string key = "dashboard:" + std::to_string(call.caller.workspace_id) + ":" + std::to_string(call.now / 60);
  reply_cached(call, key, [&]() -> std::optional<nlohmann::json> {
  Database::Lease c = call.app.db.acquire();
  nlohmann::json projects = nlohmann::json::array(), awaiting = nlohmann::json::array(),
                 unbilled = nlohmann::json::array(), unpaid = nlohmann::json::array();
  std::int64_t unpaid_total = 0, overdue_total = 0, unbilled_total = 0;
  for (const ProjectRow& p : open_projects(*c, call.caller)) {
    const Engagement e = load_engagement(*c, p);
    const ProjectProgress progress = project_progress(e, false);
    projects.push_back({{"id", p.id}, {"name", p.name}, {"client_name", e.client.name},
                        {"status", name_of(p.status)}, {"percent", progress.percent}});
    for (const Deliverable& d : e.deliverables) {
      if (d.review != ReviewStatus::in_review) continue;
      awaiting.push_back({{"project_id", p.id}, {"project_name", p.name}, {"client_name", e.client.name},
                          {"deliverable_id", d.id}, {"name", d.name}, {"version", d.versions.back().number}});
    }
    for (const Timesheet& t : e.timesheets) {
      if (t.status != TimesheetStatus::submitted) continue;
      awaiting.push_back({{"project_id", p.id}, {"project_name", p.name}, {"client_name", e.client.name},
                          {"timesheet_id", t.id}, {"name", "Timesheet " + std::to_string(t.id)}, {"version", 0}});
    }
    for (const BillableItem& b : billable_work(e)) {
      if (!b.blockers.empty()) continue;
      unbilled_total += b.line.unit_price_minor;
      unbilled.push_back({{"project_id", p.id}, {"project_name", p.name}, {"client_name", e.client.name},
                          {"line", wire::to_json(b.line)}});
    }
    for (const Invoice& inv : e.invoices) {
      if (inv.status != InvoiceStatus::sent && inv.status != InvoiceStatus::partially_paid) continue;
      const bool overdue = is_overdue(inv, call.now);
      unpaid_total += balance_minor(inv);
      if (overdue) overdue_total += balance_minor(inv);
      unpaid.push_back({{"project_id", p.id}, {"project_name", p.name}, {"client_name", e.client.name},
                        {"invoice_id", inv.id}, {"number", inv.number}, {"balance_minor", balance_minor(inv)},
                        {"due_at", inv.due_at}, {"overdue", overdue}});
    }
  }
  return nlohmann::json{{"currency", load_settings(*c, call.caller.workspace_id).currency},
                        {"projects", projects},
                        {"awaiting_approval", awaiting},
                        {"approved_unbilled", unbilled},
                        {"approved_unbilled_minor", unbilled_total},
                        {"unpaid_invoices", unpaid},
                        {"unpaid_minor", unpaid_total},
                        {"overdue_minor", overdue_total}};
  });
}

void get_progress(Call& call) {
  // The key names the audience: a hit implies the project was visible to it.
  const bool client = call.caller.role == Role::client;
  const std::string key = "progress:" + std::to_string(call.caller.workspace_id) + ":" +
                          std::to_string(call.path_id()) + ":" + std::to_string(client ? call.caller.client_id : 0) +
                          ":" + std::to_string(call.now / 60);
  reply_cached(call, key, [&]() -> std::optional<nlohmann::json> {
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_or_404(call, *c, call.path_id());
  if (!p) return std::nullopt;
  const Engagement e = load_engagement(*c, *p);
  nlohmann::json out = wire::to_json(project_progress(e, client));
  // What waits on the client, for the top of their home screen.
  nlohmann::json waiting = nlohmann::json::array();
  for (const Deliverable& d : e.deliverables) {
    if (d.review == ReviewStatus::in_review) {
      waiting.push_back({{"kind", "approval"}, {"deliverable_id", d.id}, {"name", d.name},
                         {"version", d.versions.back().number}});
    }
  }
  for (const Timesheet& t : e.timesheets) {
    if (t.status == TimesheetStatus::submitted) waiting.push_back({{"kind", "timesheet"}, {"timesheet_id", t.id}});
  }
  for (const Invoice& inv : e.invoices) {
    if (inv.status == InvoiceStatus::sent || inv.status == InvoiceStatus::partially_paid) {
      waiting.push_back({{"kind", "invoice"}, {"invoice_id", inv.id}, {"number", inv.number},
                         {"balance_minor", balance_minor(inv)}, {"overdue", is_overdue(inv, call.now)}});
    }
  }
  out["project_id"] = p->id;
  out["name"] = p->name;
  out["currency"] = e.settings.currency;
  out["waiting_on_client"] = waiting;
  return out;
  });
}

void get_audit_verify(Call& call) {
  Database::Lease c = call.app.db.acquire();
  const std::vector<AuditEvent> chain = load_chain(*c, call.caller.workspace_id);
  ChainCheck check = verify_chain(chain);
  // Every stored approval must be sealed, byte for byte, into the chain.
  std::int64_t approvals = 0;
  if (check.ok) {
    std::unordered_map<std::string, const AuditEvent*> by_subject;
    for (const AuditEvent& e : chain) by_subject[e.subject] = &e;
    Statement s = c->prepare(
        "SELECT a.id, a.project_id FROM approval a JOIN project p ON p.id = a.project_id WHERE p.workspace_id = ? "
        "ORDER BY a.id");
    s.bind(1, call.caller.workspace_id);
    std::vector<std::pair<Id, Id>> rows;
    while (s.step()) rows.push_back({s.integer(0), s.integer(1)});
    std::unordered_map<Id, Engagement> loaded;
    for (const auto& [approval_id, project_id] : rows) {
      ++approvals;
      if (!loaded.count(project_id)) {
        Caller system = call.caller;
        system.role = Role::owner;
        loaded[project_id] = load_engagement(*c, *visible_project(*c, system, project_id));
      }
      const Engagement& e = loaded[project_id];
      const Approval* a = nullptr;
      for (const Approval& x : e.approvals) if (x.id == approval_id) a = &x;
      auto ev = by_subject.find("approval:" + std::to_string(approval_id));
      if (!a || ev == by_subject.end() || ev->second->payload != canonical_approval(*a)) {
        check = ChainCheck{false, 0, ev == by_subject.end() ? 0 : ev->second->seq, "record_mismatch",
                           "Approval " + std::to_string(approval_id) + " differs from the record sealed in the chain."};
        break;
      }
    }
  }
  nlohmann::json out = {{"ok", check.ok}, {"events", chain.size()}, {"approvals_checked", approvals},
                        {"head", chain.empty() ? std::string(kGenesisHash) : chain.back().hash}};
  if (!check.ok) out["broken"] = {{"seq", check.seq}, {"code", check.code}, {"message", check.message}};
  call.reply(200, out);
}

void get_audit_chain(Call& call) {
  Database::Lease c = call.app.db.acquire();
  Statement s = c->prepare("SELECT seq, prev_hash, hash FROM audit_event WHERE workspace_id = ? ORDER BY seq");
  s.bind(1, call.caller.workspace_id);
  nlohmann::json links = nlohmann::json::array();
  while (s.step()) links.push_back({{"seq", s.integer(0)}, {"prev_hash", s.text(1)}, {"hash", s.text(2)}});
  call.reply(200, {{"links", links}});
}

}  // namespace handoff::server
