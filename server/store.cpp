// The engagement model in SQLite, reading side: visibility, settings, loading an
// Engagement, ids (contracts: store.h). Writing back: store_save.cpp; the audit chain:
// store_audit.cpp.
#include "store.h"

#include <cassert>
#include <unordered_map>

#include "handoff/names.h"
#include "handoff/sha256.h"

namespace handoff::server {

namespace {

template <class E>
E parse_or(const std::string& s, E fallback) {
  return parse_name<E>(s).value_or(fallback);
}

}  // namespace

std::optional<ProjectRow> visible_project(Connection& c, const Caller& caller, Id project_id) {
  Statement s = c.prepare("SELECT id, workspace_id, client_id, name, status, created_at FROM project WHERE id = ? AND workspace_id = ?");
  s.bind(1, project_id).bind(2, caller.workspace_id);
  if (!s.step()) return std::nullopt;
  ProjectRow p{s.integer(0), s.integer(1), s.integer(2), s.text(3),
               parse_or(s.text(4), ProjectStatus::onboarding), s.integer(5)};
  if (caller.role == Role::client && caller.client_id != p.client_id) return std::nullopt;
  return p;
}

std::optional<Id> project_of(Connection& c, std::string_view table, Id id) {
  // Table names come from this fixed list only, never from input.
  static const std::unordered_map<std::string_view, const char*> sql = {
      {"milestone", "SELECT project_id FROM milestone WHERE id = ?"},
      {"task", "SELECT project_id FROM task WHERE id = ?"},
      {"deliverable", "SELECT project_id FROM deliverable WHERE id = ?"},
      {"time_entry", "SELECT project_id FROM time_entry WHERE id = ?"},
      {"timesheet", "SELECT project_id FROM timesheet WHERE id = ?"},
      {"authorisation", "SELECT project_id FROM authorisation WHERE id = ?"},
      {"invoice", "SELECT project_id FROM invoice WHERE id = ?"},
      {"approval", "SELECT project_id FROM approval WHERE id = ?"},
      {"file", "SELECT project_id FROM file WHERE id = ? AND project_id IS NOT NULL"},
  };
  auto it = sql.find(table);
  assert(it != sql.end());
  Statement s = c.prepare(it->second);
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return s.integer(0);
}

WorkspaceSettings load_settings(Connection& c, Id workspace_id) {
  Statement s = c.prepare(
      "SELECT currency, tax_basis_points, payment_terms_days, invoice_prefix, invoice_number_digits "
      "FROM workspace WHERE id = ?");
  s.bind(1, workspace_id);
  WorkspaceSettings w;
  if (s.step()) {
    w.currency = s.text(0);
    w.tax_basis_points = static_cast<int>(s.integer(1));
    w.payment_terms_days = static_cast<int>(s.integer(2));
    w.invoice_prefix = s.text(3);
    w.invoice_number_digits = static_cast<int>(s.integer(4));
  }
  return w;
}

Engagement load_engagement(Connection& c, const ProjectRow& project) {
  Engagement e;
  const Id pid = project.id;
  e.settings = load_settings(c, project.workspace_id);
  e.project = {project.id, project.client_id, project.name, project.status};
  {
    Statement s = c.prepare("SELECT id, role FROM user WHERE workspace_id = ? AND role IN ('owner', 'member') ORDER BY id");
    s.bind(1, project.workspace_id);
    while (s.step()) e.team.push_back({s.integer(0), parse_or(s.text(1), Role::member)});
  }
  {
    Statement s = c.prepare("SELECT id, name, status FROM client WHERE id = ?");
    s.bind(1, project.client_id);
    if (s.step()) e.client = {s.integer(0), s.text(1), parse_or(s.text(2), ClientStatus::lead)};
  }
  {
    Statement s = c.prepare("SELECT id, name, due, billing, amount_minor FROM milestone WHERE project_id = ? ORDER BY id");
    s.bind(1, pid);
    while (s.step()) {
      e.milestones.push_back({s.integer(0), s.text(1), s.integer(2), parse_or(s.text(3), BillingKind::fixed_fee),
                              s.integer(4)});
    }
  }
  {
    Statement s = c.prepare(
        "SELECT id, IFNULL(milestone_id, 0), title, status, client_visible, IFNULL(assignee_user_id, 0), due "
        "FROM task WHERE project_id = ? ORDER BY id");
    s.bind(1, pid);
    while (s.step()) {
      e.tasks.push_back({s.integer(0), s.integer(1), s.text(2), parse_or(s.text(3), TaskStatus::todo),
                         s.integer(4) != 0, s.integer(5), s.integer(6)});
    }
  }
  std::unordered_map<Id, std::size_t> deliverable_index;
  {
    Statement s = c.prepare("SELECT id, milestone_id, name, review FROM deliverable WHERE project_id = ? ORDER BY id");
    s.bind(1, pid);
    while (s.step()) {
      Deliverable d;
      d.id = s.integer(0);
      d.milestone_id = s.integer(1);
      d.name = s.text(2);
      d.review = parse_or(s.text(3), ReviewStatus::draft);
      deliverable_index[d.id] = e.deliverables.size();
      e.deliverables.push_back(std::move(d));
    }
  }
  if (!e.deliverables.empty()) {
    Statement q = c.prepare(
        "SELECT q.deliverable_id, q.text, q.done FROM qa_item q JOIN deliverable d ON d.id = q.deliverable_id "
        "WHERE d.project_id = ? ORDER BY q.deliverable_id, q.position");
    q.bind(1, pid);
    while (q.step()) e.deliverables[deliverable_index[q.integer(0)]].qa.push_back({q.text(1), q.integer(2) != 0});
    Statement v = c.prepare(
        "SELECT v.deliverable_id, v.number, v.content_hash, v.created_at, v.created_by FROM deliverable_version v "
        "JOIN deliverable d ON d.id = v.deliverable_id WHERE d.project_id = ? ORDER BY v.deliverable_id, v.number");
    v.bind(1, pid);
    while (v.step()) {
      e.deliverables[deliverable_index[v.integer(0)]].versions.push_back(
          {static_cast<int>(v.integer(1)), {}, v.text(2), v.integer(3), v.integer(4)});
    }
    Statement f = c.prepare(
        "SELECT f.deliverable_id, f.number, f.name, f.sha256, f.size FROM version_file f "
        "JOIN deliverable d ON d.id = f.deliverable_id WHERE d.project_id = ? "
        "ORDER BY f.deliverable_id, f.number, f.position");
    f.bind(1, pid);
    while (f.step()) {
      Deliverable& d = e.deliverables[deliverable_index[f.integer(0)]];
      const int number = static_cast<int>(f.integer(1));
      for (DeliverableVersion& ver : d.versions) {
        if (ver.number == number) ver.files.push_back({f.text(2), f.text(3), f.integer(4)});
      }
    }
  }
  {
    Statement s = c.prepare(
        "SELECT id, subject_kind, subject_id, subject_version, subject_hash, decision, user_id, typed_name, "
        "statement, consent, comment, at, ip, user_agent FROM approval WHERE project_id = ? ORDER BY id");
    s.bind(1, pid);
    while (s.step()) {
      Approval a;
      a.id = s.integer(0);
      a.subject_kind = parse_or(s.text(1), SubjectKind::deliverable_version);
      a.subject_id = s.integer(2);
      a.subject_version = static_cast<int>(s.integer(3));
      a.subject_hash = s.text(4);
      a.decision = parse_or(s.text(5), Decision::approved);
      a.user_id = s.integer(6);
      a.typed_name = s.text(7);
      a.statement = s.text(8);
      a.consent = s.integer(9) != 0;
      a.comment = s.text(10);
      a.at = s.integer(11);
      a.ip = s.text(12);
      a.user_agent = s.text(13);
      e.approvals.push_back(std::move(a));
    }
  }
  {
    Statement s = c.prepare(
        "SELECT id, user_id, IFNULL(task_id, 0), started_at, minutes, hourly_rate_minor, billable, note "
        "FROM time_entry WHERE project_id = ? ORDER BY id");
    s.bind(1, pid);
    while (s.step()) {
      e.time_entries.push_back({s.integer(0), s.integer(1), s.integer(2), s.integer(3), s.integer(4), s.integer(5),
                                s.integer(6) != 0, s.text(7)});
    }
  }
  {
    std::unordered_map<Id, std::size_t> index;
    Statement s = c.prepare("SELECT id, period_start, period_end, status FROM timesheet WHERE project_id = ? ORDER BY id");
    s.bind(1, pid);
    while (s.step()) {
      index[s.integer(0)] = e.timesheets.size();
      e.timesheets.push_back({s.integer(0), s.integer(1), s.integer(2), {}, parse_or(s.text(3), TimesheetStatus::submitted)});
    }
    if (!e.timesheets.empty()) {
      Statement t = c.prepare(
          "SELECT te.timesheet_id, te.time_entry_id FROM timesheet_entry te JOIN timesheet t ON t.id = te.timesheet_id "
          "WHERE t.project_id = ? ORDER BY te.timesheet_id, te.position");
      t.bind(1, pid);
      while (t.step()) e.timesheets[index[t.integer(0)]].entry_ids.push_back(t.integer(1));
    }
  }
  {
    Statement s = c.prepare(
        "SELECT id, kind, description, amount_minor, proposal_hash FROM authorisation WHERE project_id = ? ORDER BY id");
    s.bind(1, pid);
    while (s.step()) {
      e.authorisations.push_back({s.integer(0), parse_or(s.text(1), AuthorisationKind::deposit), s.text(2),
                                  s.integer(3), s.text(4)});
    }
  }
  {
    std::unordered_map<Id, std::size_t> index;
    Statement s = c.prepare(
        "SELECT id, IFNULL(sequence, 0), number, currency, status, created_at, sent_at, due_at, net_minor, tax_minor, "
        "total_minor, paid_minor FROM invoice WHERE project_id = ? ORDER BY id");
    s.bind(1, pid);
    while (s.step()) {
      Invoice inv;
      inv.id = s.integer(0);
      inv.sequence = s.integer(1);
      inv.number = s.text(2);
      inv.currency = s.text(3);
      inv.status = parse_or(s.text(4), InvoiceStatus::draft);
      inv.created_at = s.integer(5);
      inv.sent_at = s.integer(6);
      inv.due_at = s.integer(7);
      inv.net_minor = s.integer(8);
      inv.tax_minor = s.integer(9);
      inv.total_minor = s.integer(10);
      inv.paid_minor = s.integer(11);
      index[inv.id] = e.invoices.size();
      e.invoices.push_back(std::move(inv));
    }
    if (!e.invoices.empty()) {
      Statement l = c.prepare(
          "SELECT l.invoice_id, l.kind, l.source_id, l.description, l.currency, l.quantity_milli, l.unit_price_minor, "
          "l.tax_basis_points, l.net_minor, l.tax_minor FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id "
          "WHERE i.project_id = ? ORDER BY l.invoice_id, l.position");
      l.bind(1, pid);
      while (l.step()) {
        e.invoices[index[l.integer(0)]].lines.push_back(
            {parse_or(l.text(1), LineKind::milestone), l.integer(2), l.text(3), l.text(4), l.integer(5), l.integer(6),
             static_cast<int>(l.integer(7)), l.integer(8), l.integer(9)});
      }
      Statement p = c.prepare(
          "SELECT p.id, p.invoice_id, p.amount_minor, p.currency, p.received_at, p.reference FROM payment p "
          "JOIN invoice i ON i.id = p.invoice_id WHERE i.project_id = ? ORDER BY p.id");
      p.bind(1, pid);
      while (p.step()) e.payments.push_back({p.integer(0), p.integer(1), p.integer(2), p.text(3), p.integer(4), p.text(5)});
    }
  }
  return e;
}

Id next_id(Connection& c, std::string_view table) {
  static const std::unordered_map<std::string_view, const char*> sql = {
      {"client", "SELECT IFNULL(max(id), 0) + 1 FROM client"},
      {"project", "SELECT IFNULL(max(id), 0) + 1 FROM project"},
      {"milestone", "SELECT IFNULL(max(id), 0) + 1 FROM milestone"},
      {"task", "SELECT IFNULL(max(id), 0) + 1 FROM task"},
      {"comment", "SELECT IFNULL(max(id), 0) + 1 FROM comment"},
      {"file", "SELECT IFNULL(max(id), 0) + 1 FROM file"},
      {"deliverable", "SELECT IFNULL(max(id), 0) + 1 FROM deliverable"},
      {"approval", "SELECT IFNULL(max(id), 0) + 1 FROM approval"},
      {"time_entry", "SELECT IFNULL(max(id), 0) + 1 FROM time_entry"},
      {"timesheet", "SELECT IFNULL(max(id), 0) + 1 FROM timesheet"},
      {"authorisation", "SELECT IFNULL(max(id), 0) + 1 FROM authorisation"},
      {"invoice", "SELECT IFNULL(max(id), 0) + 1 FROM invoice"},
      {"payment", "SELECT IFNULL(max(id), 0) + 1 FROM payment"},
      {"user", "SELECT IFNULL(max(id), 0) + 1 FROM user"},
  };
  auto it = sql.find(table);
  assert(it != sql.end());
  Statement s = c.prepare(it->second);
  s.step();
  return s.integer(0);
}

}  // namespace handoff::server
