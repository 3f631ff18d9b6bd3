// Time, authorisations, the billing gate, invoices and payments (rules.h).
#include <set>

#include "handoff/money.h"
#include "handoff/rules.h"
#include "handoff/rules_internal.h"

namespace handoff {

using namespace detail;

namespace {
constexpr std::int64_t kMaxEntryMinutes = 24 * 60;

bool is_live(const Invoice& inv) { return inv.status != InvoiceStatus::void_; }

// The timesheet (submitted or approved) currently holding entry `entry_id`, or nullptr.
const Timesheet* holding_timesheet(const Engagement& e, Id entry_id, Id ignore_timesheet = 0) {
  for (const Timesheet& t : e.timesheets) {
    if (t.id == ignore_timesheet || t.status == TimesheetStatus::changes_requested) continue;
    for (Id id : t.entry_ids) {
      if (id == entry_id) return &t;
    }
  }
  return nullptr;
}

// The latest approval record of timesheet `t` that approved it, or nullptr.
const Approval* timesheet_approval(const Engagement& e, const Timesheet& t) {
  const Approval* found = nullptr;
  for (const Approval& a : e.approvals) {
    if (a.subject_kind != SubjectKind::timesheet || a.subject_id != t.id) continue;
    found = a.decision == Decision::approved ? &a : nullptr;
  }
  return found;
}

// The approval that signed the proposal with `hash`, or nullptr.
const Approval* proposal_signature(const Engagement& e, const std::string& hash) {
  const Approval* found = nullptr;
  for (const Approval& a : e.approvals) {
    if (a.subject_kind != SubjectKind::proposal || a.subject_hash != hash) continue;
    found = a.decision == Decision::approved ? &a : nullptr;
  }
  return found;
}

// Total already billed against authorisation `id` on live invoices, except `ignore_invoice_id`.
std::int64_t billed_against(const Engagement& e, Id id, Id ignore_invoice_id) {
  std::int64_t sum = 0;
  for (const Invoice& inv : e.invoices) {
    if (!is_live(inv) || inv.id == ignore_invoice_id) continue;
    for (const InvoiceLine& l : inv.lines) {
      if (l.kind == LineKind::authorisation && l.source_id == id) sum += l.net_minor;
    }
  }
  return sum;
}

std::vector<Reason> check_entry_fields(const Engagement& e, const TimeEntry& t) {
  std::vector<Reason> reasons;
  if (t.minutes <= 0 || t.minutes > kMaxEntryMinutes) {
    reasons.push_back({"bad_minutes", "A time entry lasts between 1 minute and 24 hours."});
  }
  if (t.hourly_rate_minor < 0 || t.hourly_rate_minor > kMaxAmountMinor) {
    reasons.push_back({"bad_rate", "The hourly rate must be zero or more."});
  }
  if (t.task_id != 0 && !find_by_id(e.tasks, t.task_id)) {
    reasons.push_back({"no_such_task", "Task " + std::to_string(t.task_id) + " is not in this project."});
  }
  if (t.note.size() > 2000) reasons.push_back({"note_too_long", "Keep the note under 2,000 characters."});
  return reasons;
}

void compute_totals(Invoice& inv) {
  inv.net_minor = inv.tax_minor = 0;
  for (const InvoiceLine& l : inv.lines) {
    inv.net_minor += l.net_minor;
    inv.tax_minor += l.tax_minor;
  }
  inv.total_minor = inv.net_minor + inv.tax_minor;
}
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Time: entries and timesheets
//-----------------------------------------------------------------------------

Result<Engagement> add_time_entry(Engagement e, const Actor& actor, TimeEntry entry) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team records time.");
  std::vector<Reason> reasons = check_entry_fields(e, entry);
  if (entry.id <= 0 || find_by_id(e.time_entries, entry.id)) reasons.push_back({"bad_id", "The new entry's id is not free."});
  if (!reasons.empty()) return invalid(std::move(reasons));
  if (entry.user_id == 0) entry.user_id = actor.user_id;
  if (!is_team_member(e, entry.user_id)) return invalid({not_on_team(entry.user_id)});
  e.time_entries.push_back(std::move(entry));
  return e;
}

Result<Engagement> edit_time_entry(Engagement e, const Actor& actor, TimeEntry entry) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team edits time.");
  TimeEntry* existing = find_by_id(e.time_entries, entry.id);
  if (!existing) return not_found("Time entry " + std::to_string(entry.id));
  std::vector<Reason> reasons = check_entry_fields(e, entry);
  if (entry.user_id != existing->user_id && !is_team_member(e, entry.user_id)) reasons.push_back(not_on_team(entry.user_id));
  if (!reasons.empty()) return invalid(std::move(reasons));
  if (const Timesheet* t = holding_timesheet(e, entry.id)) {
    if (source_taken(e, LineKind::timesheet, t->id, 0)) {
      return gate_closed({{"already_invoiced", "This entry is on an invoiced timesheet; void the invoice to change it."}});
    }
    if (entry.started_at < t->period_start || entry.started_at >= t->period_end) {
      return gate_closed({{"outside_period", "The entry must stay inside its timesheet's period."}});
    }
  }
  *existing = std::move(entry);
  return e;
}

std::vector<Id> entries_to_submit(const Engagement& e) {
  std::vector<Id> out;
  for (const TimeEntry& t : e.time_entries) {
    if (t.billable && !holding_timesheet(e, t.id)) out.push_back(t.id);
  }
  return out;
}

std::optional<std::int64_t> timesheet_amount(const Engagement& e, const Timesheet& t) {
  std::int64_t sum = 0;
  for (Id id : t.entry_ids) {
    const TimeEntry* te = find_by_id(e.time_entries, id);
    if (!te) continue;
    const std::optional<std::int64_t> a = time_amount(te->minutes, te->hourly_rate_minor);
    if (!a) return std::nullopt;
    const std::optional<std::int64_t> s = add_amounts(sum, *a);
    if (!s) return std::nullopt;
    sum = *s;
  }
  return sum;
}

Result<Engagement> submit_timesheet(Engagement e, const Actor& actor, Id new_id, Instant period_start,
                                    Instant period_end, std::vector<Id> entry_ids) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team submits timesheets.");
  std::vector<Reason> reasons;
  if (new_id <= 0 || find_by_id(e.timesheets, new_id)) reasons.push_back({"bad_id", "The new timesheet's id is not free."});
  if (period_end <= period_start) reasons.push_back({"bad_period", "The period must end after it starts."});
  if (entry_ids.empty()) reasons.push_back({"no_entries", "Choose the time entries to send for approval."});
  std::set<Id> seen;
  for (Id id : entry_ids) {
    if (!seen.insert(id).second) {
      reasons.push_back({"duplicate_entry", "Entry " + std::to_string(id) + " is listed twice."});
      continue;
    }
    const TimeEntry* te = find_by_id(e.time_entries, id);
    if (!te) {
      reasons.push_back({"no_such_entry", "Time entry " + std::to_string(id) + " is not in this project."});
      continue;
    }
    if (!te->billable) reasons.push_back({"not_billable", "Time entry " + std::to_string(id) + " is not billable."});
    if (te->started_at < period_start || te->started_at >= period_end) {
      reasons.push_back({"outside_period", "Time entry " + std::to_string(id) + " is outside the period."});
    }
    if (const Timesheet* t = holding_timesheet(e, id)) {
      reasons.push_back({"already_on_timesheet",
                         "Time entry " + std::to_string(id) + " is already on timesheet " + std::to_string(t->id) + "."});
    }
  }
  if (!reasons.empty()) return gate_closed(std::move(reasons));
  Timesheet t;
  t.id = new_id;
  t.period_start = period_start;
  t.period_end = period_end;
  t.entry_ids = std::move(entry_ids);
  if (!timesheet_amount(e, t)) return invalid({{"amount_too_large", "The timesheet's total is too large."}});
  e.timesheets.push_back(std::move(t));
  return e;
}

namespace {
// Preconditions of a client decision on a submitted timesheet.
Timesheet* timesheet_target(Engagement& e, const Actor& actor, Id timesheet_id, Id approval_id,
                            std::optional<Error>& error, std::vector<Reason>& reasons) {
  if (!is_client_of(e, actor)) {
    error = forbidden("Only the client of this project can approve timesheets.");
    return nullptr;
  }
  Timesheet* t = find_by_id(e.timesheets, timesheet_id);
  if (!t) {
    error = not_found("Timesheet " + std::to_string(timesheet_id));
    return nullptr;
  }
  if (t->status != TimesheetStatus::submitted) {
    reasons.push_back({"not_submitted", "Timesheet " + std::to_string(t->id) + " is not awaiting your decision."});
  }
  if (approval_id <= 0 || find_by_id(e.approvals, approval_id)) {
    reasons.push_back({"bad_id", "The new approval record's id is not free."});
  }
  return t;
}
}  // namespace

Result<Engagement> approve_timesheet(Engagement e, const Actor& actor, Id timesheet_id, const SignOff& s,
                                     Id approval_id, Instant now) {
  std::optional<Error> error;
  std::vector<Reason> reasons;
  Timesheet* t = timesheet_target(e, actor, timesheet_id, approval_id, error, reasons);
  if (!t) return *error;
  const std::string statement = timesheet_statement(e, *t);
  check_sign_off(e, actor, s, statement, reasons);
  if (!reasons.empty()) return gate_closed(std::move(reasons));
  Approval a = signature_record(SubjectKind::timesheet, t->id, 0, timesheet_content_hash(e, *t), actor, s, statement,
                                approval_id, now);
  t->status = TimesheetStatus::approved;
  e.approvals.push_back(std::move(a));
  return e;
}

Result<Engagement> request_timesheet_changes(Engagement e, const Actor& actor, Id timesheet_id, std::string comment,
                                             const SignOff& where, Id approval_id, Instant now) {
  std::optional<Error> error;
  std::vector<Reason> reasons;
  Timesheet* t = timesheet_target(e, actor, timesheet_id, approval_id, error, reasons);
  if (!t) return *error;
  if (comment.find_first_not_of(" \t\r\n") == std::string::npos) {
    reasons.push_back({"comment_missing", "Say what should change, so the team can act on it."});
  }
  if (!reasons.empty()) return gate_closed(std::move(reasons));
  Approval a = approval_record(SubjectKind::timesheet, t->id, 0, timesheet_content_hash(e, *t),
                               Decision::changes_requested, actor, where, approval_id, now);
  a.comment = std::move(comment);
  t->status = TimesheetStatus::changes_requested;  // its entries are free for a new timesheet
  e.approvals.push_back(std::move(a));
  return e;
}

//-----------------------------------------------------------------------------
// [SECTION] Authorisations and the proposal seam
//-----------------------------------------------------------------------------

Result<Engagement> add_authorisation(Engagement e, const Actor& actor, Authorisation a) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team records authorisations.");
  std::vector<Reason> reasons;
  if (a.id <= 0 || find_by_id(e.authorisations, a.id)) reasons.push_back({"bad_id", "The authorisation's id is not free."});
  if (a.amount_minor <= 0 || a.amount_minor > kMaxAmountMinor) {
    reasons.push_back({"bad_amount", "An authorised amount must be more than zero."});
  }
  if (a.proposal_hash.size() != 64 || a.proposal_hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
    reasons.push_back({"bad_proposal_hash", "An authorisation must name the signed proposal's SHA-256."});
  }
  if (a.description.empty()) reasons.push_back({"description_missing", "Describe the deposit or retainer."});
  if (!reasons.empty()) return invalid(std::move(reasons));
  e.authorisations.push_back(std::move(a));
  return e;
}

Result<Engagement> sign_proposal(Engagement e, const Actor& actor, std::string proposal_hash, const SignOff& s,
                                 Id approval_id, Instant now) {
  if (!is_client_of(e, actor)) return forbidden("Only the client can sign the proposal.");
  std::vector<Reason> reasons;
  if (proposal_hash.size() != 64 || s.statement.find(proposal_hash) == std::string::npos) {
    reasons.push_back({"statement_mismatch", "The statement must name the proposal version's SHA-256."});
  }
  if (approval_id <= 0 || find_by_id(e.approvals, approval_id)) {
    reasons.push_back({"bad_id", "The new approval record's id is not free."});
  }
  check_sign_off(e, actor, s, s.statement, reasons);
  if (!reasons.empty()) return gate_closed(std::move(reasons));
  Approval a = signature_record(SubjectKind::proposal, 0, 0, std::move(proposal_hash), actor, s, s.statement,
                                approval_id, now);
  e.approvals.push_back(std::move(a));
  return e;
}

//-----------------------------------------------------------------------------
// [SECTION] The billing gate
//-----------------------------------------------------------------------------

std::vector<Reason> line_blockers(const Engagement& e, const InvoiceLine& line, Id ignore_invoice_id) {
  std::vector<Reason> reasons;
  switch (line.kind) {
    case LineKind::milestone: {
      const Milestone* m = find_by_id(e.milestones, line.source_id);
      if (!m) return {{"no_such_milestone", "Milestone " + std::to_string(line.source_id) + " is not in this project."}};
      const std::string who = "Milestone " + quoted(m->name);
      if (m->billing != BillingKind::fixed_fee) {
        reasons.push_back({"not_fixed_fee", who + " is billed by time; invoice its approved timesheets instead."});
      }
      int count = 0;
      for (const Deliverable& d : e.deliverables) {
        if (d.milestone_id != m->id) continue;
        ++count;
        const std::string name = quoted(d.name + (d.versions.empty() ? "" : " v" + std::to_string(d.versions.back().number)));
        if (d.versions.empty()) {
          reasons.push_back({"no_version", who + ": deliverable " + quoted(d.name) + " has no version yet."});
        } else if (current_approval(e, d)) {
          continue;
        } else if (d.review == ReviewStatus::in_review) {
          reasons.push_back({"awaiting_approval", who + ": deliverable " + name + " is awaiting client approval."});
        } else if (d.review == ReviewStatus::changes_requested) {
          reasons.push_back({"changes_requested", who + ": the client requested changes to deliverable " + name + "."});
        } else {
          // Draft. Say so differently when an older version had been approved.
          bool older_approved = false;
          for (const Approval& a : e.approvals) {
            older_approved |= a.subject_kind == SubjectKind::deliverable_version && a.subject_id == d.id &&
                              a.decision == Decision::approved;
          }
          reasons.push_back(older_approved
                                ? Reason{"changed_after_approval", who + ": deliverable " + name +
                                                                       " changed after the client approved an earlier version; send it for approval again."}
                                : Reason{"not_sent", who + ": deliverable " + name + " has not been sent for approval."});
        }
      }
      if (count == 0) {
        reasons.push_back({"no_deliverables", who + " has no deliverables for the client to approve."});
      }
      if (source_taken(e, LineKind::milestone, m->id, ignore_invoice_id)) {
        reasons.push_back({"already_billed", who + " is already on another invoice."});
      }
      if (line.quantity_milli != 1000 || line.unit_price_minor != m->amount_minor) {
        reasons.push_back({"amount_mismatch", who + " must be billed once at its fixed fee of " +
                                                  format_money(m->amount_minor, e.settings.currency) + "."});
      }
      break;
    }
    case LineKind::timesheet: {
      const Timesheet* t = find_by_id(e.timesheets, line.source_id);
      if (!t) return {{"no_such_timesheet", "Timesheet " + std::to_string(line.source_id) + " is not in this project."}};
      const std::string who = "Timesheet " + std::to_string(t->id);
      const Approval* a = timesheet_approval(e, *t);
      if (t->status != TimesheetStatus::approved || !a) {
        reasons.push_back({"timesheet_not_approved", who + " is not approved by the client."});
      } else if (a->subject_hash != timesheet_content_hash(e, *t)) {
        reasons.push_back({"changed_after_approval",
                           who + " changed after the client approved it; submit it for approval again."});
      }
      if (source_taken(e, LineKind::timesheet, t->id, ignore_invoice_id)) {
        reasons.push_back({"already_billed", who + " is already on another invoice."});
      }
      const std::optional<std::int64_t> amount = timesheet_amount(e, *t);
      if (!amount || line.quantity_milli != 1000 || line.unit_price_minor != *amount) {
        reasons.push_back({"amount_mismatch", who + " must be billed at exactly its entries' total of " +
                                                  format_money(amount.value_or(0), e.settings.currency) + "."});
      }
      break;
    }
    case LineKind::authorisation: {
      const Authorisation* a = find_by_id(e.authorisations, line.source_id);
      if (!a) return {{"no_such_authorisation", "Authorisation " + std::to_string(line.source_id) + " is not in this project."}};
      const std::string who = (a->kind == AuthorisationKind::deposit ? "Deposit " : "Retainer ") + quoted(a->description);
      if (!proposal_signature(e, a->proposal_hash)) {
        reasons.push_back({"proposal_not_signed", who + ": the proposal that allows it is not signed by the client."});
      }
      const std::optional<std::int64_t> amount = line_amount(line.quantity_milli, line.unit_price_minor);
      const std::int64_t remaining = a->amount_minor - billed_against(e, a->id, ignore_invoice_id);
      if (!amount || *amount <= 0) {
        reasons.push_back({"bad_amount", who + ": the amount must be more than zero."});
      } else if (*amount > remaining) {
        reasons.push_back({"exceeds_authorisation", who + ": only " + format_money(remaining, e.settings.currency) +
                                                        " of the authorised " +
                                                        format_money(a->amount_minor, e.settings.currency) +
                                                        " remains to bill."});
      }
      break;
    }
  }
  return reasons;
}

std::vector<BillableItem> billable_work(const Engagement& e, Id ignore_invoice_id) {
  std::vector<BillableItem> out;
  const int tax = e.settings.tax_basis_points;
  for (const Milestone& m : e.milestones) {
    if (m.billing != BillingKind::fixed_fee || source_taken(e, LineKind::milestone, m.id, ignore_invoice_id)) continue;
    InvoiceLine l{LineKind::milestone, m.id, m.name, e.settings.currency, 1000, m.amount_minor, tax, 0, 0};
    out.push_back({l, line_blockers(e, l, ignore_invoice_id)});
  }
  for (const Timesheet& t : e.timesheets) {
    if (t.status == TimesheetStatus::changes_requested || source_taken(e, LineKind::timesheet, t.id, ignore_invoice_id)) continue;
    InvoiceLine l{LineKind::timesheet, t.id, "Time: timesheet " + std::to_string(t.id), e.settings.currency, 1000,
                  timesheet_amount(e, t).value_or(0), tax, 0, 0};
    out.push_back({l, line_blockers(e, l, ignore_invoice_id)});
  }
  for (const Authorisation& a : e.authorisations) {
    const std::int64_t remaining = a.amount_minor - billed_against(e, a.id, ignore_invoice_id);
    if (remaining <= 0) continue;
    InvoiceLine l{LineKind::authorisation, a.id, a.description, e.settings.currency, 1000, remaining, tax, 0, 0};
    out.push_back({l, line_blockers(e, l, ignore_invoice_id)});
  }
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Invoices and payments
//-----------------------------------------------------------------------------

std::vector<Reason> settings_problems(const WorkspaceSettings& s) {
  std::vector<Reason> reasons;
  if (!find_currency(s.currency)) {
    reasons.push_back({"unknown_currency", "Currency " + quoted(s.currency) + " is not supported."});
  }
  if (s.tax_basis_points < 0 || s.tax_basis_points > 10000) {
    reasons.push_back({"bad_tax", "Tax must be between 0 % and 100 %."});
  }
  if (s.payment_terms_days < 0 || s.payment_terms_days > 365) {
    reasons.push_back({"bad_terms", "Payment terms must be between 0 and 365 days."});
  }
  if (s.invoice_prefix.size() > 20 ||
      s.invoice_prefix.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_/") !=
          std::string::npos) {
    reasons.push_back({"bad_prefix", "The invoice prefix may use up to 20 letters, digits, '-', '_' or '/'."});
  }
  if (s.invoice_number_digits < 1 || s.invoice_number_digits > 12) {
    reasons.push_back({"bad_digits", "Invoice numbers have between 1 and 12 digits."});
  }
  return reasons;
}

bool is_brand_colour(std::string_view s) {
  return s.size() == 7 && s[0] == '#' && s.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string_view::npos;
}

std::string format_invoice_number(const WorkspaceSettings& s, std::int64_t sequence) {
  std::string digits = std::to_string(sequence);
  if (static_cast<int>(digits.size()) < s.invoice_number_digits) {
    digits.insert(0, static_cast<std::size_t>(s.invoice_number_digits) - digits.size(), '0');
  }
  return s.invoice_prefix + digits;
}

Result<Engagement> create_invoice(Engagement e, const Actor& actor, Id new_id, std::vector<InvoiceLine> lines,
                                  Instant now) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team creates invoices.");
  // Two kinds of "no": malformed input (400) and unbacked work (409). Both are reported
  // together; the code says which kind the caller must fix first.
  std::vector<Reason> bad;
  std::vector<Reason> gate;
  if (new_id <= 0 || find_by_id(e.invoices, new_id)) bad.push_back({"bad_id", "The new invoice's id is not free."});
  if (lines.empty()) bad.push_back({"no_lines", "An invoice needs at least one line of approved work."});
  std::set<std::pair<LineKind, Id>> sources;
  std::int64_t total = 0;
  bool totals_ok = true;
  for (InvoiceLine& l : lines) {
    if (!sources.insert({l.kind, l.source_id}).second) {
      bad.push_back({"duplicate_line", "The same work appears twice on this invoice."});
    }
    if (l.currency != e.settings.currency) {
      bad.push_back({"currency_mismatch", "Line " + quoted(l.description) + " is in " + quoted(l.currency) +
                                              "; every line must be in the workspace currency " +
                                              e.settings.currency + "."});
    }
    if (l.tax_basis_points < 0 || l.tax_basis_points > 10000) {
      bad.push_back({"bad_tax", "Tax must be between 0 % and 100 %."});
      l.tax_basis_points = 0;
    }
    if (l.quantity_milli <= 0) bad.push_back({"bad_quantity", "Quantities must be more than zero."});
    if (l.description.empty() || l.description.size() > 500) {
      bad.push_back({"bad_description", "Every line needs a description under 500 characters."});
    }
    const std::optional<std::int64_t> net = line_amount(l.quantity_milli, l.unit_price_minor);
    if (!net) {
      bad.push_back({"amount_too_large", "A line's amount is larger than Handoff allows."});
      totals_ok = false;
      continue;
    }
    l.net_minor = *net;
    l.tax_minor = tax_amount(l.net_minor, l.tax_basis_points);
    const std::optional<std::int64_t> t1 = add_amounts(total, l.net_minor);
    const std::optional<std::int64_t> t2 = t1 ? add_amounts(*t1, l.tax_minor) : std::nullopt;
    if (!t2 && totals_ok) {
      bad.push_back({"amount_too_large", "The invoice total is larger than Handoff allows."});
      totals_ok = false;
    }
    total = t2.value_or(total);
    std::vector<Reason> blockers = line_blockers(e, l, 0);
    gate.insert(gate.end(), blockers.begin(), blockers.end());
  }
  if (!bad.empty()) {
    bad.insert(bad.end(), gate.begin(), gate.end());
    return invalid(std::move(bad));
  }
  if (!gate.empty()) return gate_closed(std::move(gate));
  Invoice inv;
  inv.id = new_id;
  inv.currency = e.settings.currency;
  inv.created_at = now;
  inv.lines = std::move(lines);
  compute_totals(inv);
  e.invoices.push_back(std::move(inv));
  return e;
}

Result<Engagement> replace_draft_lines(Engagement e, const Actor& actor, Id invoice_id, std::vector<InvoiceLine> lines) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team edits invoices.");
  auto it = std::find_if(e.invoices.begin(), e.invoices.end(), [&](const Invoice& i) { return i.id == invoice_id; });
  if (it == e.invoices.end()) return not_found("Invoice " + std::to_string(invoice_id));
  if (it->status != InvoiceStatus::draft) {
    return gate_closed({{"not_draft", "Invoice " + it->number + " was sent; void it and create a new one instead."}});
  }
  const Instant created_at = it->created_at;
  const std::size_t position = static_cast<std::size_t>(it - e.invoices.begin());
  e.invoices.erase(it);
  Result<Engagement> r = create_invoice(std::move(e), actor, invoice_id, std::move(lines), created_at);
  if (!r.ok()) return r;
  Engagement out = std::move(r).take();
  // Keep the invoice where it was in id order.
  std::rotate(out.invoices.begin() + static_cast<std::ptrdiff_t>(position), out.invoices.end() - 1, out.invoices.end());
  return out;
}

Result<Engagement> send_invoice(Engagement e, const Actor& actor, Id invoice_id, std::int64_t sequence, Instant now) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team sends invoices.");
  Invoice* inv = find_by_id(e.invoices, invoice_id);
  if (!inv) return not_found("Invoice " + std::to_string(invoice_id));
  std::vector<Reason> reasons;
  if (inv->status != InvoiceStatus::draft) {
    reasons.push_back({"not_draft", "Invoice " + inv->number + " was already sent."});
  }
  if (sequence <= 0) reasons.push_back({"bad_sequence", "The invoice number sequence must be positive."});
  for (const InvoiceLine& l : inv->lines) {
    std::vector<Reason> blockers = line_blockers(e, l, inv->id);
    reasons.insert(reasons.end(), blockers.begin(), blockers.end());
  }
  if (!reasons.empty()) return gate_closed(std::move(reasons));
  inv->sequence = sequence;
  inv->number = format_invoice_number(e.settings, sequence);
  inv->status = InvoiceStatus::sent;
  inv->sent_at = now;
  inv->due_at = now + static_cast<Instant>(e.settings.payment_terms_days) * 86400;
  return e;
}

Result<Engagement> void_invoice(Engagement e, const Actor& actor, Id invoice_id) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team voids invoices.");
  Invoice* inv = find_by_id(e.invoices, invoice_id);
  if (!inv) return not_found("Invoice " + std::to_string(invoice_id));
  std::vector<Reason> reasons;
  if (inv->status == InvoiceStatus::void_) reasons.push_back({"already_void", "The invoice is already void."});
  if (inv->paid_minor > 0) {
    reasons.push_back({"has_payments", "Invoice " + inv->number + " has payments recorded; it cannot be voided."});
  }
  if (!reasons.empty()) return gate_closed(std::move(reasons));
  inv->status = InvoiceStatus::void_;
  return e;
}

Result<Engagement> record_payment(Engagement e, const Actor& actor, Id invoice_id, Payment p) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team records payments.");
  Invoice* inv = find_by_id(e.invoices, invoice_id);
  if (!inv) return not_found("Invoice " + std::to_string(invoice_id));
  std::vector<Reason> reasons;
  if (p.id <= 0 || find_by_id(e.payments, p.id)) reasons.push_back({"bad_id", "The payment's id is not free."});
  if (inv->status != InvoiceStatus::sent && inv->status != InvoiceStatus::partially_paid) {
    reasons.push_back({"not_payable", "Only sent, unpaid invoices take payments (this one is " +
                                          std::string(name_of(inv->status)) + ")."});
  }
  if (p.amount_minor <= 0) reasons.push_back({"bad_amount", "A payment must be more than zero."});
  if (p.currency != inv->currency) {
    reasons.push_back({"currency_mismatch", "The payment is in " + p.currency + " but the invoice is in " + inv->currency + "."});
  }
  if (p.amount_minor > balance_minor(*inv)) {
    reasons.push_back({"exceeds_balance", "The payment is more than the balance of " +
                                              format_money(balance_minor(*inv), inv->currency) + "."});
  }
  if (!reasons.empty()) return gate_closed(std::move(reasons));
  p.invoice_id = inv->id;
  inv->paid_minor += p.amount_minor;
  inv->status = inv->paid_minor == inv->total_minor ? InvoiceStatus::paid : InvoiceStatus::partially_paid;
  e.payments.push_back(std::move(p));
  return e;
}

std::optional<Error> payment_retry_problem(const Payment& stored, const Payment& again, bool received_at_given) {
  std::vector<std::string> differs;
  if (stored.amount_minor != again.amount_minor) differs.push_back("amount");
  if (stored.currency != again.currency) differs.push_back("currency");
  if (stored.reference != again.reference) differs.push_back("reference");
  if (received_at_given && stored.received_at != again.received_at) differs.push_back("date received");
  if (differs.empty()) return std::nullopt;
  std::string what = differs.front();
  for (std::size_t i = 1; i < differs.size(); ++i) what += (i + 1 == differs.size() ? " and " : ", ") + differs[i];
  const std::string message = "This idempotency key was already used for payment " + std::to_string(stored.id) + " of " +
                              format_money(stored.amount_minor, stored.currency) + "; this request differs in its " +
                              what + ". Use a new key for a new payment.";
  return Error{"conflict", message, {{"idempotency_key_reused", message}}};
}

bool is_overdue(const Invoice& inv, Instant now) {
  return (inv.status == InvoiceStatus::sent || inv.status == InvoiceStatus::partially_paid) && now > inv.due_at;
}

std::int64_t balance_minor(const Invoice& inv) { return inv.total_minor - inv.paid_minor; }

}  // namespace handoff
