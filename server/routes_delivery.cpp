// Deliverables, versions, QA, review, approvals and certificates.
#include "handoff/audit.h"
#include "handoff/rules.h"
#include "handoff/wire.h"
#include "handoff/wire_model.h"

#include "handlers.h"
#include "http.h"
#include "store_workspace.h"

namespace handoff::server {

namespace {

const Deliverable* find_deliverable(const Engagement& e, Id id) {
  for (const Deliverable& d : e.deliverables) if (d.id == id) return &d;
  return nullptr;
}

// Answers with the deliverable as the caller may see it.
void reply_deliverable(Call& call, const Engagement& e, Id id, int status) {
  const Engagement view = is_staff(call.caller.actor()) ? e : client_view(e);
  const Deliverable* d = find_deliverable(view, id);
  if (!d) return call.not_found("Deliverable " + std::to_string(id));
  call.reply(status, wire::to_json(e, *d));
}

// Runs a rule on the deliverable's project: 404 unless visible; the rule decides the rest.
void on_deliverable(Call& call, const Rule& rule, Durability durability = Durability::normal) {
  Database::Lease c = call.app.db.acquire();
  const Id id = call.path_id();
  std::optional<ProjectRow> p = project_for(call, *c, "deliverable", id, "Deliverable");
  if (!p) return;
  if (call.caller.role == Role::client) {
    // A client may act only on deliverables they can see (sent for review at least once).
    const Engagement view = client_view(load_engagement(*c, *p));
    if (!find_deliverable(view, id)) return call.not_found("Deliverable " + std::to_string(id));
  }
  std::optional<Engagement> e = mutate(call, *c, *p, rule, durability);
  if (e) reply_deliverable(call, *e, id, 200);
}

}  // namespace

void post_deliverable(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const std::string name = in.name("name", 200);
  const std::vector<std::string> qa = in.optional_string_list("qa", 100, 500).value_or(std::vector<std::string>{});
  if (!in.finish()) return call.fail(in.error());
  Database::Lease c = call.app.db.acquire();
  const Id milestone_id = call.path_id();
  std::optional<ProjectRow> p = project_for(call, *c, "milestone", milestone_id, "Milestone");
  if (!p) return;
  Id new_id = 0;
  std::optional<Engagement> e = mutate(call, *c, *p, [&](const Engagement& before, Connection& cc) {
    new_id = next_id(cc, "deliverable");
    return add_deliverable(before, call.caller.actor(), new_id, milestone_id, name, qa);
  });
  if (e) reply_deliverable(call, *e, new_id, 201);
}

void get_deliverable(Call& call) {
  Database::Lease c = call.app.db.acquire();
  const Id id = call.path_id();
  std::optional<ProjectRow> p = project_for(call, *c, "deliverable", id, "Deliverable");
  if (!p) return;
  reply_deliverable(call, load_engagement(*c, *p), id, 200);
}

void post_version(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const std::optional<std::vector<Id>> ids = in.optional_id_list("file_ids", 50);
  if (!ids && !body->contains("file_ids")) in.problem("file_ids", "missing_field", "Field 'file_ids' is required.");
  if (!in.finish()) return call.fail(in.error());
  const std::vector<Id> file_ids = ids.value_or(std::vector<Id>{});
  on_deliverable(call, [&](const Engagement& before, Connection& c) -> Result<Engagement> {
    std::vector<FileRef> files;
    for (Id fid : file_ids) {
      std::optional<FileRef> f = project_file_ref(c, before.project.id, fid);
      if (!f) return Error{"not_found", "File " + std::to_string(fid) + " is not in this project.", {}};
      files.push_back(std::move(*f));
    }
    return add_version(before, call.caller.actor(), call.path_id(), files, call.now);
  });
}

void put_qa_item(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const bool done = in.boolean("done");
  if (!in.finish()) return call.fail(in.error());
  const Id index = call.path_id(2);
  if (!index) return call.not_found("QA item");
  on_deliverable(call, [&](const Engagement& before, Connection&) {
    return set_qa_item(before, call.caller.actor(), call.path_id(), static_cast<std::size_t>(index - 1), done);
  });
}

void post_submit(Call& call) {
  on_deliverable(call, [&](const Engagement& before, Connection&) {
    return submit_for_review(before, call.caller.actor(), call.path_id());
  });
}

void post_approve(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const int version = static_cast<int>(in.integer("version", 1, 1000000));
  const SignOff s = read_sign_off(call, in, true);
  if (!in.finish()) return call.fail(in.error());
  on_deliverable(call, [&](const Engagement& before, Connection& c) {
    return approve_deliverable(before, call.caller.actor(), call.path_id(), version, s, next_id(c, "approval"), call.now);
  }, Durability::full);
}

void post_request_changes(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const int version = static_cast<int>(in.integer("version", 1, 1000000));
  const std::string comment = in.string("comment", 10000);
  const SignOff where = read_sign_off(call, in, false);
  if (!in.finish()) return call.fail(in.error());
  on_deliverable(call, [&](const Engagement& before, Connection& c) {
    return request_changes(before, call.caller.actor(), call.path_id(), version, comment, where,
                           next_id(c, "approval"), call.now);
  }, Durability::full);
}

void post_withdraw(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const std::string comment = in.optional_string("comment", 10000).value_or("");
  const SignOff where = read_sign_off(call, in, false);
  if (!in.finish()) return call.fail(in.error());
  on_deliverable(call, [&](const Engagement& before, Connection& c) {
    return withdraw_approval(before, call.caller.actor(), call.path_id(), comment, where, next_id(c, "approval"),
                             call.now);
  }, Durability::full);
}

void get_certificate(Call& call) {
  Database::Lease c = call.app.db.acquire();
  const Id id = call.path_id();
  std::optional<ProjectRow> p = project_for(call, *c, "approval", id, "Approval");
  if (!p) return;
  const Engagement e = load_engagement(*c, *p);
  const Approval* a = nullptr;
  for (const Approval& x : e.approvals) if (x.id == id) a = &x;
  if (!a) return call.not_found("Approval " + std::to_string(id));
  const std::vector<AuditEvent> chain = load_chain(*c, p->workspace_id);
  const std::string subject = "approval:" + std::to_string(id);
  Certificate cert{*a, {}};
  for (const AuditEvent& ev : chain) if (ev.subject == subject) cert.event = ev;
  // A certificate vouches for the record: one that no longer matches its seal (or whose
  // chain was cut or rewritten) is refused with the reasons, never served as if intact.
  std::vector<ChainLink> links;
  for (const AuditEvent& ev : chain) links.push_back({ev.seq, ev.prev_hash, ev.hash});
  std::vector<std::string> problems = verify_certificate(cert, links);
  const ChainCheck whole = verify_chain(chain);
  if (!whole.ok) problems.push_back(whole.message);
  // The certificate also lists the approved version's files: they must still hash to what
  // was signed (check_seals' findings about this approval and its deliverable).
  const std::string deliverable = a->subject_kind == SubjectKind::deliverable_version
                                      ? "deliverable:" + std::to_string(a->subject_id) : "";
  for (const SealFinding& f : check_seals(chain, {e})) {
    if (f.subject == subject || (!deliverable.empty() && f.subject == deliverable)) problems.push_back(f.message);
  }
  if (!problems.empty()) {
    std::vector<Reason> reasons;
    for (const std::string& m : problems) reasons.push_back({"record_altered", m});
    return call.fail({"conflict", "Approval " + std::to_string(id) +
                                      " no longer matches what was sealed; no certificate can vouch for it. "
                                      "The workspace owner's audit check shows what changed.",
                      reasons});
  }
  const ChainHead head = chain_head(chain);
  nlohmann::json out = {
      {"format", "handoff.certificate.v1"},
      {"approval", wire::to_json(*a)},
      {"approval_hash", approval_hash(*a)},
      {"canonical_approval", canonical_approval(*a)},
      {"event", {{"seq", cert.event.seq}, {"at", cert.event.at}, {"actor_user_id", cert.event.actor_user_id},
                 {"action", cert.event.action}, {"subject", cert.event.subject}, {"payload", cert.event.payload},
                 {"prev_hash", cert.event.prev_hash}, {"hash", cert.event.hash}}},
      {"chain_head", {{"seq", head.seq}, {"hash", head.hash}}},
      {"project", {{"id", p->id}, {"name", p->name}}},
      {"how_to_verify", wire::certificate_how_to_verify()},
  };
  if (a->subject_kind == SubjectKind::deliverable_version) {
    for (const Deliverable& d : e.deliverables) {
      if (d.id != a->subject_id) continue;
      for (const DeliverableVersion& v : d.versions) {
        if (v.number != a->subject_version) continue;
        nlohmann::json files = nlohmann::json::array();
        for (const FileRef& f : v.files) files.push_back({{"name", f.name}, {"sha256", f.sha256}, {"size", f.size}});
        out["version"] = {{"deliverable", d.name}, {"number", v.number}, {"content_hash", v.content_hash}, {"files", files}};
      }
    }
  }
  call.reply(200, out);
}

}  // namespace handoff::server
