// save_changes: writing back exactly what a core rule changed, with its audit events
// (contract: store.h).
#include "store.h"

#include <cassert>
#include <unordered_map>

#include "handoff/names.h"
#include "handoff/sha256.h"

namespace handoff::server {

namespace {

// Index of records by id, for matching `before` and `after`.
template <class T>
std::unordered_map<Id, const T*> by_id(const std::vector<T>& v) {
  std::unordered_map<Id, const T*> m;
  for (const T& x : v) m.emplace(x.id, &x);
  return m;
}

std::int64_t nullable(Id id) { return id; }  // 0 is stored as NULL by the SQL (NULLIF(?, 0))

}  // namespace

void save_changes(Connection& c, const ProjectRow& project, const Engagement& before, const Engagement& after,
                  const SaveContext& ctx) {
  const Id pid = project.id;
  const Id wid = project.workspace_id;
  assert(after.milestones.size() >= before.milestones.size());

  // Milestones and tasks: insert new, update changed.
  {
    auto old = by_id(before.milestones);
    for (const Milestone& m : after.milestones) {
      auto it = old.find(m.id);
      if (it == old.end()) {
        execute(c, "INSERT INTO milestone(id, project_id, name, due, billing, amount_minor) VALUES (?, ?, ?, ?, ?, ?)",
                m.id, pid, m.name, m.due, name_of(m.billing), m.amount_minor);
      } else if (!(*it->second == m)) {
        execute(c, "UPDATE milestone SET name = ?, due = ?, billing = ?, amount_minor = ? WHERE id = ?", m.name, m.due,
                name_of(m.billing), m.amount_minor, m.id);
      }
    }
  }
  {
    auto old = by_id(before.tasks);
    for (const Task& t : after.tasks) {
      auto it = old.find(t.id);
      if (it == old.end()) {
        execute(c,
                "INSERT INTO task(id, project_id, milestone_id, title, status, client_visible, assignee_user_id, due) "
                "VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, NULLIF(?, 0), ?)",
                t.id, pid, nullable(t.milestone_id), t.title, name_of(t.status), t.client_visible,
                nullable(t.assignee_user_id), t.due);
      } else if (!(*it->second == t)) {
        execute(c,
                "UPDATE task SET milestone_id = NULLIF(?, 0), title = ?, status = ?, client_visible = ?, "
                "assignee_user_id = NULLIF(?, 0), due = ? WHERE id = ?",
                nullable(t.milestone_id), t.title, name_of(t.status), t.client_visible, nullable(t.assignee_user_id),
                t.due, t.id);
      }
    }
  }
  // Deliverables: row, QA items (replaced when changed), versions (append only).
  {
    auto old = by_id(before.deliverables);
    for (const Deliverable& d : after.deliverables) {
      auto it = old.find(d.id);
      const Deliverable* prev = it == old.end() ? nullptr : it->second;
      if (!prev) {
        execute(c, "INSERT INTO deliverable(id, project_id, milestone_id, name, review) VALUES (?, ?, ?, ?, ?)", d.id,
                pid, d.milestone_id, d.name, name_of(d.review));
      } else if (prev->name != d.name || prev->review != d.review || prev->milestone_id != d.milestone_id) {
        execute(c, "UPDATE deliverable SET milestone_id = ?, name = ?, review = ? WHERE id = ?", d.milestone_id, d.name,
                name_of(d.review), d.id);
      }
      if (!prev || prev->qa != d.qa) {
        if (prev) execute(c, "DELETE FROM qa_item WHERE deliverable_id = ?", d.id);
        for (std::size_t i = 0; i < d.qa.size(); ++i) {
          execute(c, "INSERT INTO qa_item(deliverable_id, position, text, done) VALUES (?, ?, ?, ?)", d.id,
                  static_cast<std::int64_t>(i), d.qa[i].text, d.qa[i].done);
        }
      }
      const std::size_t known = prev ? prev->versions.size() : 0;
      assert(d.versions.size() >= known);
      for (std::size_t i = known; i < d.versions.size(); ++i) {
        const DeliverableVersion& v = d.versions[i];
        execute(c,
                "INSERT INTO deliverable_version(deliverable_id, number, content_hash, created_at, created_by) "
                "VALUES (?, ?, ?, ?, ?)",
                d.id, v.number, v.content_hash, v.created_at, v.created_by);
        for (std::size_t f = 0; f < v.files.size(); ++f) {
          execute(c,
                  "INSERT INTO version_file(deliverable_id, number, position, name, sha256, size) VALUES (?, ?, ?, ?, ?, ?)",
                  d.id, v.number, static_cast<std::int64_t>(f), v.files[f].name, v.files[f].sha256, v.files[f].size);
        }
      }
    }
  }
  // Approvals: append only, each sealed into the audit chain.
  {
    auto old = by_id(before.approvals);
    for (const Approval& a : after.approvals) {
      if (old.count(a.id)) continue;
      execute(c,
              "INSERT INTO approval(id, project_id, subject_kind, subject_id, subject_version, subject_hash, decision, "
              "user_id, typed_name, statement, consent, comment, at, ip, user_agent, record_hash) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              a.id, pid, name_of(a.subject_kind), a.subject_id, a.subject_version, a.subject_hash, name_of(a.decision),
              a.user_id, a.typed_name, a.statement, a.consent, a.comment, a.at, a.ip, a.user_agent, approval_hash(a));
      append_audit(c, wid, approval_event(a));
    }
  }
  // Time entries, timesheets, authorisations.
  {
    auto old = by_id(before.time_entries);
    for (const TimeEntry& t : after.time_entries) {
      auto it = old.find(t.id);
      if (it == old.end()) {
        execute(c,
                "INSERT INTO time_entry(id, project_id, user_id, task_id, started_at, minutes, hourly_rate_minor, "
                "billable, note) VALUES (?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?)",
                t.id, pid, t.user_id, nullable(t.task_id), t.started_at, t.minutes, t.hourly_rate_minor, t.billable,
                t.note);
      } else if (!(*it->second == t)) {
        execute(c,
                "UPDATE time_entry SET user_id = ?, task_id = NULLIF(?, 0), started_at = ?, minutes = ?, "
                "hourly_rate_minor = ?, billable = ?, note = ? WHERE id = ?",
                t.user_id, nullable(t.task_id), t.started_at, t.minutes, t.hourly_rate_minor, t.billable, t.note, t.id);
      }
    }
  }
  {
    auto old = by_id(before.timesheets);
    for (const Timesheet& t : after.timesheets) {
      auto it = old.find(t.id);
      if (it == old.end()) {
        execute(c, "INSERT INTO timesheet(id, project_id, period_start, period_end, status) VALUES (?, ?, ?, ?, ?)",
                t.id, pid, t.period_start, t.period_end, name_of(t.status));
        for (std::size_t i = 0; i < t.entry_ids.size(); ++i) {
          execute(c, "INSERT INTO timesheet_entry(timesheet_id, position, time_entry_id) VALUES (?, ?, ?)", t.id,
                  static_cast<std::int64_t>(i), t.entry_ids[i]);
        }
      } else if (it->second->status != t.status) {
        execute(c, "UPDATE timesheet SET status = ? WHERE id = ?", name_of(t.status), t.id);
      }
    }
  }
  {
    auto old = by_id(before.authorisations);
    for (const Authorisation& a : after.authorisations) {
      if (old.count(a.id)) continue;
      execute(c,
              "INSERT INTO authorisation(id, project_id, kind, description, amount_minor, proposal_hash) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              a.id, pid, name_of(a.kind), a.description, a.amount_minor, a.proposal_hash);
    }
  }
  // Invoices: rows, lines (replaced while draft), numbering, audit of sends and voids.
  {
    auto old = by_id(before.invoices);
    for (const Invoice& inv : after.invoices) {
      auto it = old.find(inv.id);
      const Invoice* prev = it == old.end() ? nullptr : it->second;
      if (prev && *prev == inv) continue;
      if (!prev) {
        execute(c,
                "INSERT INTO invoice(id, workspace_id, project_id, sequence, number, currency, status, created_at, "
                "sent_at, due_at, net_minor, tax_minor, total_minor, paid_minor) "
                "VALUES (?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                inv.id, wid, pid, inv.sequence, inv.number, inv.currency, name_of(inv.status), inv.created_at,
                inv.sent_at, inv.due_at, inv.net_minor, inv.tax_minor, inv.total_minor, inv.paid_minor);
      } else {
        execute(c,
                "UPDATE invoice SET sequence = NULLIF(?, 0), number = ?, status = ?, sent_at = ?, due_at = ?, "
                "net_minor = ?, tax_minor = ?, total_minor = ?, paid_minor = ? WHERE id = ?",
                inv.sequence, inv.number, name_of(inv.status), inv.sent_at, inv.due_at, inv.net_minor, inv.tax_minor,
                inv.total_minor, inv.paid_minor, inv.id);
      }
      if (!prev || prev->lines != inv.lines) {
        if (prev) execute(c, "DELETE FROM invoice_line WHERE invoice_id = ?", inv.id);
        for (std::size_t i = 0; i < inv.lines.size(); ++i) {
          const InvoiceLine& l = inv.lines[i];
          execute(c,
                  "INSERT INTO invoice_line(invoice_id, position, kind, source_id, description, currency, "
                  "quantity_milli, unit_price_minor, tax_basis_points, net_minor, tax_minor) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  inv.id, static_cast<std::int64_t>(i), name_of(l.kind), l.source_id, l.description, l.currency,
                  l.quantity_milli, l.unit_price_minor, l.tax_basis_points, l.net_minor, l.tax_minor);
        }
      }
      if (inv.sequence > 0 && (!prev || prev->sequence != inv.sequence)) {
        execute(c, "UPDATE workspace SET last_invoice_sequence = max(last_invoice_sequence, ?) WHERE id = ?",
                inv.sequence, wid);
      }
      const InvoiceStatus was = prev ? prev->status : InvoiceStatus::draft;
      const char* action = nullptr;
      if (was == InvoiceStatus::draft && inv.status == InvoiceStatus::sent) action = "invoice.sent";
      if (was != InvoiceStatus::void_ && inv.status == InvoiceStatus::void_) action = "invoice.voided";
      if (action) {
        append_audit(c, wid, {0, ctx.now, ctx.actor_user_id, action, "invoice:" + std::to_string(inv.id),
                              canonical_invoice(inv), "", ""});
      }
    }
  }
  {
    auto old = by_id(before.payments);
    for (const Payment& p : after.payments) {
      if (old.count(p.id)) continue;
      execute(c,
              "INSERT INTO payment(id, invoice_id, amount_minor, currency, received_at, reference, idempotency_key) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              p.id, p.invoice_id, p.amount_minor, p.currency, p.received_at, p.reference, ctx.idempotency_key);
      append_audit(c, wid, {0, ctx.now, ctx.actor_user_id, "payment.recorded", "payment:" + std::to_string(p.id),
                            canonical_payment(p), "", ""});
    }
  }
}

}  // namespace handoff::server
