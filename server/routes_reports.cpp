// The owner's dashboard, a client's progress, and the audit chain.
#include "handoff/audit.h"
#include "handoff/rules.h"
#include "handoff/wire_model.h"

#include <set>
#include <unordered_map>

#include "file_store.h"

#include "handlers.h"
#include "http.h"
#include "store_plan.h"
#include "store_workspace.h"

namespace handoff::server {

namespace {

// Projects of the caller's workspace that are not closed (clients: theirs).
std::vector<ProjectRow> open_projects(Connection& c, const Caller& caller) {
  std::vector<ProjectRow> out;
  for (Id id : open_project_ids(c, caller.workspace_id)) {
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

namespace {

// Every project of the workspace (or, for a client user, of their client), loaded.
std::vector<Engagement> engagements_of(Connection& c, const Caller& caller) {
  std::vector<Engagement> out;
  for (Id id : project_ids(c, caller.workspace_id)) {
    if (std::optional<ProjectRow> p = visible_project(c, caller, id)) out.push_back(load_engagement(c, *p));
  }
  return out;
}

// Reads and hashes each distinct blob once (no database connection is held meanwhile:
// a workspace's store can take seconds to read).
void hash_stored_files(const std::string& data_dir, std::vector<StoredFile>& files) {
  std::unordered_map<std::string, Blob> seen;
  for (StoredFile& f : files) {
    auto it = seen.find(f.sha256);
    if (it == seen.end()) {
      Blob b = read_blob(data_dir, f.sha256);
      b.bytes.clear();
      it = seen.emplace(f.sha256, std::move(b)).first;
    }
    f.present = it->second.present;
    f.actual_sha256 = it->second.actual_sha256;
  }
}

nlohmann::json head_json(const ChainHead& h) { return {{"seq", h.seq}, {"hash", h.hash}}; }

// Reads {"heads":[{"seq","hash"}, ...]} (at most 1,000), or answers 400.
std::optional<std::vector<ChainHead>> read_heads(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return std::nullopt;
  auto it = body->find("heads");
  const bool shape = body->size() == 1 && it != body->end() && it->is_array() && it->size() <= 1000;
  std::vector<ChainHead> heads;
  for (std::size_t i = 0; shape && i < it->size(); ++i) {
    const nlohmann::json& h = (*it)[i];
    static const nlohmann::json kNotAnObject = nlohmann::json::object();
    ObjectReader in(h.is_object() ? h : kNotAnObject);  // both lvalues: the reader keeps a reference
    ChainHead head{in.integer("seq", 0, INT64_MAX), in.string("hash", 64)};
    if (!h.is_object() || !in.finish() || head.hash.size() != 64) {
      call.fail({"invalid_request", "Head " + std::to_string(i + 1) + " must be {\"seq\": n, \"hash\": \"<64 hex digits>\"}.",
                 {{"bad_head", "Head " + std::to_string(i + 1) + " must be {\"seq\": n, \"hash\": \"<64 hex digits>\"}."}}});
      return std::nullopt;
    }
    heads.push_back(std::move(head));
  }
  if (!shape) {
    call.fail({"invalid_request", "Send {\"heads\": [{\"seq\": n, \"hash\": \"…\"}]} with at most 1,000 heads.",
               {{"bad_heads", "Send {\"heads\": [{\"seq\": n, \"hash\": \"…\"}]} with at most 1,000 heads."}}});
    return std::nullopt;
  }
  return heads;
}

}  // namespace

void get_audit_verify(Call& call) {
  std::vector<AuditEvent> chain;
  std::vector<Engagement> all;
  ChainHead recorded;
  std::vector<StoredFile> files;
  {
    Database::Lease c = call.app.db.acquire();
    ReadSnapshot snapshot(*c);  // rows and chain from one moment
    chain = load_chain(*c, call.caller.workspace_id);
    all = engagements_of(*c, call.caller);
    recorded = recorded_head(*c, call.caller.workspace_id);
    files = stored_files(*c, call.caller.workspace_id);  // hashed by hash_stored_files
  }
  hash_stored_files(call.app.data_dir, files);
  const ChainCheck check = verify_chain(chain);
  // Everything that is sealed against its seal, the file store against its hashes, and
  // the chain's end against the head the workspace recorded.
  std::vector<SealFinding> findings;
  if (!check.ok) findings.push_back({check.code, "event:" + std::to_string(check.seq), check.message});
  for (SealFinding& f : check_seals(chain, all)) findings.push_back(std::move(f));
  if (auto f = check_recorded_head(chain, recorded)) findings.push_back(*f);
  for (SealFinding& f : check_files(files)) findings.push_back(std::move(f));
  std::int64_t approvals = 0;
  for (const Engagement& e : all) approvals += static_cast<std::int64_t>(e.approvals.size());
  const ChainHead head = chain_head(chain);
  nlohmann::json list = nlohmann::json::array();
  for (const SealFinding& f : findings) list.push_back({{"code", f.code}, {"subject", f.subject}, {"message", f.message}});
  nlohmann::json out = {{"ok", findings.empty()}, {"events", chain.size()}, {"approvals_checked", approvals},
                        {"head", head.hash}, {"head_seq", head.seq}, {"findings", list}};
  if (!findings.empty()) {
    const SealFinding& first = findings.front();
    out["broken"] = {{"seq", check.ok ? 0 : check.seq}, {"code", first.code}, {"message", first.message}};
  }
  call.reply(200, out);
}

void post_audit_verify(Call& call) {
  std::optional<std::vector<ChainHead>> heads = read_heads(call);
  if (!heads) return;
  Database::Lease c = call.app.db.acquire();
  const std::vector<AuditEvent> chain = load_chain(*c, call.caller.workspace_id);
  const ChainCheck check = verify_chain(chain);
  nlohmann::json results = nlohmann::json::array();
  bool all_extend = true;
  for (const ChainHead& h : *heads) {
    const HeadCheck r = check_head(chain, h);
    all_extend = all_extend && r.extends;
    results.push_back({{"seq", h.seq}, {"hash", h.hash}, {"extends", r.extends}, {"message", r.message}});
  }
  nlohmann::json out = {{"ok", check.ok && all_extend}, {"chain_ok", check.ok}, {"heads", results},
                        {"head", head_json(chain_head(chain))}};
  if (!check.ok) out["broken"] = {{"seq", check.seq}, {"code", check.code}, {"message", check.message}};
  call.reply(200, out);
}

void get_audit_chain(Call& call) {
  Database::Lease c = call.app.db.acquire();
  const std::vector<AuditEvent> chain = load_chain(*c, call.caller.workspace_id);
  // The team sees every link with what it seals; a client sees only the links of its own
  // engagements' records (never how much happens for other clients) and the head. With
  // each link comes what its hash covers (at, actor, payload) — for clients always, for
  // the team with ?payloads=1 — so anyone can recompute the hashes of what they see.
  const bool staff = is_staff(call.caller.actor());
  const bool payloads = !staff || call.req.get_param_value("payloads") == "1";
  std::set<std::string> own;
  if (!staff) {
    for (const Engagement& e : engagements_of(*c, call.caller)) {
      for (const Approval& a : e.approvals) own.insert("approval:" + std::to_string(a.id));
      for (const Invoice& i : e.invoices) own.insert("invoice:" + std::to_string(i.id));
      for (const Payment& p : e.payments) own.insert("payment:" + std::to_string(p.id));
    }
  }
  nlohmann::json links = nlohmann::json::array();
  for (const AuditEvent& e : chain) {
    if (!staff && !own.count(e.subject)) continue;
    nlohmann::json link = {{"seq", e.seq}, {"prev_hash", e.prev_hash}, {"hash", e.hash}, {"action", e.action},
                           {"subject", e.subject}};
    if (payloads) {
      link["at"] = e.at;
      link["actor_user_id"] = e.actor_user_id;
      link["payload"] = e.payload;
    }
    links.push_back(std::move(link));
  }
  call.reply(200, {{"links", links}, {"head", head_json(chain_head(chain))}, {"complete", staff}});
}

}  // namespace handoff::server
