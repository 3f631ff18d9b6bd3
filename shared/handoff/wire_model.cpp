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
  return out;
}

}  // namespace handoff::wire
