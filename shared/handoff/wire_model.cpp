#include "handoff/wire_model.h"

#include "handoff/names.h"

namespace handoff::wire {

using nlohmann::json;

json to_json(const Reason& r) { return {{"code", r.code}, {"message", r.message}}; }

json to_json(const std::vector<Reason>& reasons) {
  json out = json::array();
  for (const Reason& r : reasons) out.push_back(to_json(r));
  return out;
}

json to_json(const Milestone& m) {
  return {{"id", m.id}, {"name", m.name}, {"due", m.due}, {"billing", name_of(m.billing)}, {"amount_minor", m.amount_minor}};
}

json to_json(const Task& t) {
  return {{"id", t.id},
          {"milestone_id", t.milestone_id},
          {"title", t.title},
          {"status", name_of(t.status)},
          {"client_visible", t.client_visible},
          {"assignee_user_id", t.assignee_user_id},
          {"due", t.due}};
}

json to_json(const FileRef& f) { return {{"name", f.name}, {"sha256", f.sha256}, {"size", f.size}}; }

json to_json(const Engagement& e, const Deliverable& d) {
  json versions = json::array();
  for (const DeliverableVersion& v : d.versions) {
    json files = json::array();
    for (const FileRef& f : v.files) files.push_back(to_json(f));
    versions.push_back({{"number", v.number},
                        {"content_hash", v.content_hash},
                        {"created_at", v.created_at},
                        {"created_by", v.created_by},
                        {"files", files}});
  }
  json qa = json::array();
  for (const QaItem& q : d.qa) qa.push_back({{"text", q.text}, {"done", q.done}});
  const Approval* approval = current_approval(e, d);
  return {{"id", d.id},
          {"project_id", e.project.id},
          {"milestone_id", d.milestone_id},
          {"name", d.name},
          {"review", name_of(d.review)},
          {"versions", versions},
          {"qa", qa},
          {"statement", d.versions.empty() ? "" : approval_statement(e, d, d.versions.back())},
          {"review_blockers", to_json(review_blockers(e, d.id))},
          {"approval_id", approval ? approval->id : 0}};
}

json to_json(const Approval& a) {
  return {{"id", a.id},
          {"subject_kind", name_of(a.subject_kind)},
          {"subject_id", a.subject_id},
          {"subject_version", a.subject_version},
          {"subject_hash", a.subject_hash},
          {"decision", name_of(a.decision)},
          {"user_id", a.user_id},
          {"typed_name", a.typed_name},
          {"statement", a.statement},
          {"consent", a.consent},
          {"comment", a.comment},
          {"at", a.at},
          {"ip", a.ip},
          {"user_agent", a.user_agent}};
}

json to_json(const TimeEntry& t) {
  return {{"id", t.id},         {"user_id", t.user_id},
          {"task_id", t.task_id}, {"started_at", t.started_at},
          {"minutes", t.minutes}, {"hourly_rate_minor", t.hourly_rate_minor},
          {"billable", t.billable}, {"note", t.note}};
}

json to_json(const Engagement& e, const Timesheet& t) {
  return {{"id", t.id},
          {"period_start", t.period_start},
          {"period_end", t.period_end},
          {"entry_ids", t.entry_ids},
          {"status", name_of(t.status)},
          {"amount_minor", timesheet_amount(e, t).value_or(0)},
          {"statement", t.status == TimesheetStatus::submitted ? timesheet_statement(e, t) : ""}};
}

json to_json(const Authorisation& a) {
  return {{"id", a.id},
          {"kind", name_of(a.kind)},
          {"description", a.description},
          {"amount_minor", a.amount_minor},
          {"proposal_hash", a.proposal_hash}};
}

json to_json(const InvoiceLine& l) {
  return {{"kind", name_of(l.kind)},
          {"source_id", l.source_id},
          {"description", l.description},
          {"currency", l.currency},
          {"quantity_milli", l.quantity_milli},
          {"unit_price_minor", l.unit_price_minor},
          {"tax_basis_points", l.tax_basis_points},
          {"net_minor", l.net_minor},
          {"tax_minor", l.tax_minor}};
}

json to_json(const Invoice& inv, Instant now) {
  json lines = json::array();
  for (const InvoiceLine& l : inv.lines) lines.push_back(to_json(l));
  return {{"id", inv.id},
          {"number", inv.number},
          {"currency", inv.currency},
          {"status", name_of(inv.status)},
          {"created_at", inv.created_at},
          {"sent_at", inv.sent_at},
          {"due_at", inv.due_at},
          {"net_minor", inv.net_minor},
          {"tax_minor", inv.tax_minor},
          {"total_minor", inv.total_minor},
          {"paid_minor", inv.paid_minor},
          {"balance_minor", balance_minor(inv)},
          {"overdue", is_overdue(inv, now)},
          {"lines", lines}};
}

json to_json(const Payment& p) {
  return {{"id", p.id},           {"invoice_id", p.invoice_id}, {"amount_minor", p.amount_minor},
          {"currency", p.currency}, {"received_at", p.received_at}, {"reference", p.reference}};
}

json to_json(const ProjectProgress& p) {
  json milestones = json::array();
  for (const MilestoneProgress& m : p.milestones) {
    milestones.push_back({{"milestone_id", m.milestone_id},
                          {"name", m.name},
                          {"status", name_of(m.status)},
                          {"tasks_done", m.tasks.done},
                          {"tasks_total", m.tasks.total},
                          {"deliverables_approved", m.deliverables.done},
                          {"deliverables_total", m.deliverables.total},
                          {"percent", m.percent}});
  }
  return {{"percent", p.percent}, {"milestones", milestones}};
}

json to_json(const BillableItem& b) {
  return {{"line", to_json(b.line)}, {"billable", b.blockers.empty()}, {"blockers", to_json(b.blockers)}};
}

json project_to_json(const Engagement& full, const Actor& actor, Instant now) {
  const bool staff = is_staff(actor);
  const Engagement e = staff ? full : client_view(full);
  json out = {{"id", e.project.id},
              {"client_id", e.project.client_id},
              {"client_name", e.client.name},
              {"name", e.project.name},
              {"status", name_of(e.project.status)},
              {"currency", e.settings.currency},
              {"progress", to_json(project_progress(full, !staff))}};
  auto list = [](const auto& items, auto&& f) {
    json a = json::array();
    for (const auto& x : items) a.push_back(f(x));
    return a;
  };
  out["milestones"] = list(e.milestones, [](const Milestone& m) { return to_json(m); });
  out["tasks"] = list(e.tasks, [](const Task& t) { return to_json(t); });
  out["deliverables"] = list(e.deliverables, [&](const Deliverable& d) { return to_json(full, d); });
  out["approvals"] = list(e.approvals, [](const Approval& a) { return to_json(a); });
  out["time_entries"] = list(e.time_entries, [](const TimeEntry& t) { return to_json(t); });
  out["timesheets"] = list(e.timesheets, [&](const Timesheet& t) { return to_json(full, t); });
  out["authorisations"] = list(e.authorisations, [](const Authorisation& a) { return to_json(a); });
  out["invoices"] = list(e.invoices, [&](const Invoice& i) { return to_json(i, now); });
  out["payments"] = list(e.payments, [](const Payment& p) { return to_json(p); });
  if (staff) {
    out["team"] = list(e.team, [](const TeamMember& m) { return json{{"user_id", m.user_id}, {"role", name_of(m.role)}}; });
  }
  out["settings"] = {{"currency", e.settings.currency},
                     {"tax_basis_points", e.settings.tax_basis_points},
                     {"payment_terms_days", e.settings.payment_terms_days},
                     {"invoice_prefix", e.settings.invoice_prefix},
                     {"invoice_number_digits", e.settings.invoice_number_digits}};
  return out;
}

namespace {
// Exception-free readers (the wasm build aborts on throw): wrong or missing -> default.
std::int64_t int_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}
std::string str_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
bool bool_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}
const json& array_of(const json& j, const char* key) {
  static const json empty = json::array();
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : empty;
}
template <class E>
E enum_of(const json& j, const char* key, E fallback) {
  return parse_name<E>(str_of(j, key)).value_or(fallback);
}
}  // namespace

InvoiceLine line_from_json(const json& l) {
  return {enum_of(l, "kind", LineKind::milestone), int_of(l, "source_id"), str_of(l, "description"),
          str_of(l, "currency"), int_of(l, "quantity_milli"), int_of(l, "unit_price_minor"),
          static_cast<int>(int_of(l, "tax_basis_points")), int_of(l, "net_minor"), int_of(l, "tax_minor")};
}

Invoice invoice_from_json(const json& j) {
  Invoice inv;
  inv.id = int_of(j, "id");
  inv.number = str_of(j, "number");
  inv.currency = str_of(j, "currency");
  inv.status = enum_of(j, "status", InvoiceStatus::draft);
  inv.created_at = int_of(j, "created_at");
  inv.sent_at = int_of(j, "sent_at");
  inv.due_at = int_of(j, "due_at");
  inv.net_minor = int_of(j, "net_minor");
  inv.tax_minor = int_of(j, "tax_minor");
  inv.total_minor = int_of(j, "total_minor");
  inv.paid_minor = int_of(j, "paid_minor");
  for (const json& l : array_of(j, "lines")) inv.lines.push_back(line_from_json(l));
  return inv;
}

Engagement engagement_from_json(const json& p) {
  Engagement e;
  if (!p.is_object()) return e;
  e.project = {int_of(p, "id"), int_of(p, "client_id"), str_of(p, "name"), enum_of(p, "status", ProjectStatus::onboarding)};
  e.client = {int_of(p, "client_id"), str_of(p, "client_name"), ClientStatus::active};
  if (auto it = p.find("settings"); it != p.end() && it->is_object()) {
    e.settings.currency = str_of(*it, "currency");
    e.settings.tax_basis_points = static_cast<int>(int_of(*it, "tax_basis_points"));
    e.settings.payment_terms_days = static_cast<int>(int_of(*it, "payment_terms_days"));
    e.settings.invoice_prefix = str_of(*it, "invoice_prefix");
    e.settings.invoice_number_digits = static_cast<int>(int_of(*it, "invoice_number_digits"));
  }
  for (const json& m : array_of(p, "team")) {
    e.team.push_back({int_of(m, "user_id"), enum_of(m, "role", Role::member)});
  }
  for (const json& m : array_of(p, "milestones")) {
    e.milestones.push_back({int_of(m, "id"), str_of(m, "name"), int_of(m, "due"),
                            enum_of(m, "billing", BillingKind::fixed_fee), int_of(m, "amount_minor")});
  }
  for (const json& t : array_of(p, "tasks")) {
    e.tasks.push_back({int_of(t, "id"), int_of(t, "milestone_id"), str_of(t, "title"), enum_of(t, "status", TaskStatus::todo),
                       bool_of(t, "client_visible"), int_of(t, "assignee_user_id"), int_of(t, "due")});
  }
  for (const json& d : array_of(p, "deliverables")) {
    Deliverable x;
    x.id = int_of(d, "id");
    x.milestone_id = int_of(d, "milestone_id");
    x.name = str_of(d, "name");
    x.review = enum_of(d, "review", ReviewStatus::draft);
    for (const json& v : array_of(d, "versions")) {
      DeliverableVersion ver{static_cast<int>(int_of(v, "number")), {}, str_of(v, "content_hash"), int_of(v, "created_at"),
                             int_of(v, "created_by")};
      for (const json& f : array_of(v, "files")) ver.files.push_back({str_of(f, "name"), str_of(f, "sha256"), int_of(f, "size")});
      x.versions.push_back(std::move(ver));
    }
    for (const json& q : array_of(d, "qa")) x.qa.push_back({str_of(q, "text"), bool_of(q, "done")});
    e.deliverables.push_back(std::move(x));
  }
  for (const json& a : array_of(p, "approvals")) {
    Approval x;
    x.id = int_of(a, "id");
    x.subject_kind = enum_of(a, "subject_kind", SubjectKind::deliverable_version);
    x.subject_id = int_of(a, "subject_id");
    x.subject_version = static_cast<int>(int_of(a, "subject_version"));
    x.subject_hash = str_of(a, "subject_hash");
    x.decision = enum_of(a, "decision", Decision::approved);
    x.user_id = int_of(a, "user_id");
    x.typed_name = str_of(a, "typed_name");
    x.statement = str_of(a, "statement");
    x.consent = bool_of(a, "consent");
    x.comment = str_of(a, "comment");
    x.at = int_of(a, "at");
    x.ip = str_of(a, "ip");
    x.user_agent = str_of(a, "user_agent");
    e.approvals.push_back(std::move(x));
  }
  for (const json& t : array_of(p, "time_entries")) {
    e.time_entries.push_back({int_of(t, "id"), int_of(t, "user_id"), int_of(t, "task_id"), int_of(t, "started_at"),
                              int_of(t, "minutes"), int_of(t, "hourly_rate_minor"), bool_of(t, "billable"), str_of(t, "note")});
  }
  for (const json& t : array_of(p, "timesheets")) {
    Timesheet x{int_of(t, "id"), int_of(t, "period_start"), int_of(t, "period_end"), {},
                enum_of(t, "status", TimesheetStatus::submitted)};
    for (const json& id : array_of(t, "entry_ids")) {
      if (id.is_number_integer()) x.entry_ids.push_back(id.get<Id>());
    }
    e.timesheets.push_back(std::move(x));
  }
  for (const json& a : array_of(p, "authorisations")) {
    e.authorisations.push_back({int_of(a, "id"), enum_of(a, "kind", AuthorisationKind::deposit), str_of(a, "description"),
                                int_of(a, "amount_minor"), str_of(a, "proposal_hash")});
  }
  for (const json& i : array_of(p, "invoices")) e.invoices.push_back(invoice_from_json(i));
  for (const json& x : array_of(p, "payments")) {
    e.payments.push_back({int_of(x, "id"), int_of(x, "invoice_id"), int_of(x, "amount_minor"), str_of(x, "currency"),
                          int_of(x, "received_at"), str_of(x, "reference")});
  }
  return e;
}

}  // namespace handoff::wire
