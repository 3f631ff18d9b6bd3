// Hashes, statements, deliverables, review and approvals (rules.h).
#include "handoff/audit.h"
#include "handoff/money.h"
#include "handoff/rules.h"
#include "handoff/rules_internal.h"
#include "handoff/sha256.h"
#include "handoff/text.h"

namespace handoff {

using namespace detail;

//-----------------------------------------------------------------------------
// [SECTION] Hashes and statements
//-----------------------------------------------------------------------------

namespace {
void field(std::string& out, std::string_view name, std::string_view value) { append_canonical_field(out, name, value); }
bool is_sha256_hex(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}
}  // namespace

std::string version_content_hash(const std::vector<FileRef>& files) {
  std::string canonical = "handoff.version.v1\n";
  for (const FileRef& f : files) {
    field(canonical, "name", f.name);
    field(canonical, "sha256", f.sha256);
    field(canonical, "size", std::to_string(f.size));
  }
  return sha256_hex(canonical);
}

std::string timesheet_content_hash(const Engagement& e, const Timesheet& t) {
  std::string canonical = "handoff.timesheet.v1\n";
  field(canonical, "period_start", std::to_string(t.period_start));
  field(canonical, "period_end", std::to_string(t.period_end));
  std::vector<Id> ids = t.entry_ids;
  std::sort(ids.begin(), ids.end());
  for (Id id : ids) {
    const TimeEntry* te = find_by_id(e.time_entries, id);
    field(canonical, "entry", std::to_string(id));
    if (!te) {
      field(canonical, "missing", "");
      continue;
    }
    field(canonical, "user", std::to_string(te->user_id));
    field(canonical, "task", std::to_string(te->task_id));
    field(canonical, "started_at", std::to_string(te->started_at));
    field(canonical, "minutes", std::to_string(te->minutes));
    field(canonical, "rate", std::to_string(te->hourly_rate_minor));
    field(canonical, "billable", te->billable ? "1" : "0");
  }
  return sha256_hex(canonical);
}

std::string approval_statement(const Engagement& e, const Deliverable& d, const DeliverableVersion& v) {
  return "I approve " + quoted(d.name) + " version " + std::to_string(v.number) + " for project " +
         quoted(e.project.name) + " as delivered (" + std::to_string(v.files.size()) +
         (v.files.size() == 1 ? " file" : " files") + ", SHA-256 " + v.content_hash + ").";
}

std::string timesheet_statement(const Engagement& e, const Timesheet& t) {
  std::int64_t minutes = 0;
  for (Id id : t.entry_ids) {
    if (const TimeEntry* te = find_by_id(e.time_entries, id)) minutes += te->minutes;
  }
  const std::optional<std::int64_t> amount = timesheet_amount(e, t);
  return "I approve " + std::to_string(minutes / 60) + "h " + std::to_string(minutes % 60) + "m of work on " +
         quoted(e.project.name) + " totalling " + format_money(amount.value_or(0), e.settings.currency) +
         " (timesheet " + std::to_string(t.id) + ", SHA-256 " + timesheet_content_hash(e, t) + ").";
}

//-----------------------------------------------------------------------------
// [SECTION] Shared checks
//-----------------------------------------------------------------------------

namespace detail {

bool same_person_name(const std::string& typed, const std::string& account_name) {
  const std::string a = fold_name(typed);
  return !a.empty() && a == fold_name(account_name);
}

bool is_client_of(const Engagement& e, const Actor& actor) {
  return actor.role == Role::client && actor.client_id != 0 && actor.client_id == e.client.id;
}

void check_sign_off(const Engagement&, const Actor& actor, const SignOff& s, const std::string& statement,
                    std::vector<Reason>& reasons) {
  if (looks_blank(s.typed_name)) {
    reasons.push_back({"typed_name_missing", "Type your full name to sign."});
  } else if (!same_person_name(s.typed_name, actor.full_name)) {
    reasons.push_back({"typed_name_mismatch",
                       "The typed name must match the name on your account: " + quoted(actor.full_name) + "."});
  }
  if (!s.consent) {
    reasons.push_back({"consent_missing", "Tick the box to agree to the statement before signing."});
  }
  if (s.statement != statement) {
    reasons.push_back({"statement_mismatch",
                       "What you agreed to is out of date; reload to see the current statement and sign again."});
  }
}

Approval approval_record(SubjectKind kind, Id subject_id, int version, std::string hash, Decision decision,
                         const Actor& actor, const SignOff& where, Id approval_id, Instant now) {
  Approval a;
  a.id = approval_id;
  a.subject_kind = kind;
  a.subject_id = subject_id;
  a.subject_version = version;
  a.subject_hash = std::move(hash);
  a.decision = decision;
  a.user_id = actor.user_id;
  a.at = now;
  a.ip = where.ip;
  a.user_agent = where.user_agent.substr(0, 512);
  return a;
}

Approval signature_record(SubjectKind kind, Id subject_id, int version, std::string hash, const Actor& actor,
                          const SignOff& s, std::string statement, Id approval_id, Instant now) {
  Approval a = approval_record(kind, subject_id, version, std::move(hash), Decision::approved, actor, s, approval_id, now);
  a.typed_name = s.typed_name;
  a.statement = std::move(statement);
  a.consent = true;
  return a;
}

bool source_taken(const Engagement& e, LineKind kind, Id source_id, Id ignore_invoice_id) {
  for (const Invoice& inv : e.invoices) {
    if (inv.status == InvoiceStatus::void_ || inv.id == ignore_invoice_id) continue;
    for (const InvoiceLine& l : inv.lines) {
      if (l.kind == kind && l.source_id == source_id) return true;
    }
  }
  return false;
}

}  // namespace detail

//-----------------------------------------------------------------------------
// [SECTION] Delivery: deliverables, versions, QA, review
//-----------------------------------------------------------------------------

Result<Engagement> add_deliverable(Engagement e, const Actor& actor, Id new_id, Id milestone_id, std::string name,
                                   std::vector<std::string> qa_items) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team can add deliverables.");
  std::vector<Reason> reasons;
  if (!find_by_id(e.milestones, milestone_id)) return not_found("Milestone " + std::to_string(milestone_id));
  if (looks_blank(name)) reasons.push_back({"name_missing", "Give the deliverable a name."});
  if (name.size() > 200) reasons.push_back({"name_too_long", "Keep the deliverable's name under 200 characters."});
  if (new_id <= 0 || find_by_id(e.deliverables, new_id)) reasons.push_back({"bad_id", "The new deliverable's id is not free."});
  for (const std::string& item : qa_items) {
    if (looks_blank(item)) {
      reasons.push_back({"qa_item_empty", "QA checklist items cannot be empty."});
      break;
    }
  }
  if (!reasons.empty()) return invalid(std::move(reasons));
  Deliverable d;
  d.id = new_id;
  d.milestone_id = milestone_id;
  d.name = std::move(name);
  for (std::string& item : qa_items) d.qa.push_back({std::move(item), false});
  e.deliverables.push_back(std::move(d));
  return e;
}

Result<Engagement> add_version(Engagement e, const Actor& actor, Id deliverable_id, std::vector<FileRef> files,
                               Instant now) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team can add versions.");
  Deliverable* d = find_by_id(e.deliverables, deliverable_id);
  if (!d) return not_found("Deliverable " + std::to_string(deliverable_id));
  std::vector<Reason> reasons;
  if (files.empty()) reasons.push_back({"no_files", "A version needs at least one file."});
  for (const FileRef& f : files) {
    if (!is_sha256_hex(f.sha256) || f.size < 0 || f.name.empty()) {
      reasons.push_back({"bad_file", "File " + quoted(f.name) + " has no valid content hash or size."});
    }
  }
  if (!reasons.empty()) return invalid(std::move(reasons));
  DeliverableVersion v;
  v.number = d->versions.empty() ? 1 : d->versions.back().number + 1;
  v.content_hash = version_content_hash(files);
  v.files = std::move(files);
  v.created_at = now;
  v.created_by = actor.user_id;
  d->versions.push_back(std::move(v));
  for (QaItem& q : d->qa) q.done = false;  // QA is per version
  d->review = ReviewStatus::draft;         // voids a pending review; an old approval no longer counts
  return e;
}

Result<Engagement> set_qa_item(Engagement e, const Actor& actor, Id deliverable_id, std::size_t index, bool done) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team runs QA.");
  Deliverable* d = find_by_id(e.deliverables, deliverable_id);
  if (!d) return not_found("Deliverable " + std::to_string(deliverable_id));
  std::vector<Reason> reasons;
  if (index >= d->qa.size()) {
    return invalid({{"no_such_qa_item", quoted(d->name) + " has no QA item " + std::to_string(index + 1) + "."}});
  }
  if (d->versions.empty()) reasons.push_back({"no_version", "Add a version of " + quoted(d->name) + " before QA."});
  if (d->review == ReviewStatus::in_review || d->review == ReviewStatus::approved) {
    reasons.push_back({"qa_locked", "QA of " + quoted(d->name) + " version " + std::to_string(d->versions.back().number) +
                                        " is closed: it was sent to the client. Add a new version to change it."});
  }
  if (!reasons.empty()) return gate_closed(std::move(reasons));
  d->qa[index].done = done;
  return e;
}

std::vector<Reason> review_blockers(const Engagement& e, Id deliverable_id) {
  const Deliverable* d = find_by_id(e.deliverables, deliverable_id);
  if (!d) return {{"not_found", "Deliverable " + std::to_string(deliverable_id) + " does not exist."}};
  std::vector<Reason> reasons;
  if (d->versions.empty()) {
    reasons.push_back({"no_version", "Upload a version of " + quoted(d->name) + " first."});
  }
  for (const QaItem& q : d->qa) {
    if (!q.done) reasons.push_back({"qa_incomplete", "QA item " + quoted(q.text) + " is not checked."});
  }
  if (d->review == ReviewStatus::in_review) {
    reasons.push_back({"already_in_review", quoted(d->name) + " is already awaiting client approval."});
  } else if (d->review == ReviewStatus::approved) {
    reasons.push_back({"already_approved", quoted(d->name) + " is already approved; add a new version to change it."});
  }
  return reasons;
}

Result<Engagement> submit_for_review(Engagement e, const Actor& actor, Id deliverable_id) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team can send work for approval.");
  Deliverable* d = find_by_id(e.deliverables, deliverable_id);
  if (!d) return not_found("Deliverable " + std::to_string(deliverable_id));
  std::vector<Reason> reasons = review_blockers(e, deliverable_id);
  if (!reasons.empty()) return gate_closed(std::move(reasons));
  d->review = ReviewStatus::in_review;
  return e;
}

//-----------------------------------------------------------------------------
// [SECTION] Approvals: approve, request changes, withdraw
//-----------------------------------------------------------------------------

namespace {

// Common preconditions of a client decision on the current version of a deliverable.
// Returns the deliverable or fills `error`.
Deliverable* decision_target(Engagement& e, const Actor& actor, Id deliverable_id, int version, Id approval_id,
                             std::optional<Error>& error) {
  if (!is_client_of(e, actor)) {
    error = forbidden("Only the client of this project can approve or request changes.");
    return nullptr;
  }
  Deliverable* d = find_by_id(e.deliverables, deliverable_id);
  if (!d || d->versions.empty()) {
    error = not_found("Deliverable " + std::to_string(deliverable_id));
    return nullptr;
  }
  std::vector<Reason> reasons;
  if (approval_id <= 0 || find_by_id(e.approvals, approval_id)) {
    reasons.push_back({"bad_id", "The new approval record's id is not free."});
  }
  const int current = d->versions.back().number;
  if (version != current) {
    reasons.push_back({"not_current_version", "Version " + std::to_string(version) + " of " + quoted(d->name) +
                                                  " has been replaced by version " + std::to_string(current) +
                                                  "; review the current version."});
  }
  if (d->review != ReviewStatus::in_review) {
    reasons.push_back({"not_in_review", quoted(d->name) + " is not awaiting your decision (it is " +
                                            std::string(name_of(d->review)) + ")."});
  }
  if (!reasons.empty()) {
    error = gate_closed(std::move(reasons));
    return nullptr;
  }
  return d;
}

}  // namespace

Result<Engagement> approve_deliverable(Engagement e, const Actor& actor, Id deliverable_id, int version,
                                       const SignOff& s, Id approval_id, Instant now) {
  std::optional<Error> error;
  Deliverable* d = decision_target(e, actor, deliverable_id, version, approval_id, error);
  std::vector<Reason> reasons;
  if (!d) {
    if (error->code != "gate_closed") return *error;
    reasons = error->reasons;
    // Still report sign-off problems alongside, so the client fixes everything at once.
    d = find_by_id(e.deliverables, deliverable_id);
  }
  const DeliverableVersion& v = d->versions.back();
  const std::string statement = approval_statement(e, *d, v);
  check_sign_off(e, actor, s, statement, reasons);
  if (!reasons.empty()) return gate_closed(std::move(reasons));

  Approval a = signature_record(SubjectKind::deliverable_version, d->id, v.number, v.content_hash, actor, s, statement,
                                approval_id, now);
  d->review = ReviewStatus::approved;
  e.approvals.push_back(std::move(a));
  return e;
}

Result<Engagement> request_changes(Engagement e, const Actor& actor, Id deliverable_id, int version,
                                   std::string comment, const SignOff& where, Id approval_id, Instant now) {
  std::optional<Error> error;
  Deliverable* d = decision_target(e, actor, deliverable_id, version, approval_id, error);
  std::vector<Reason> reasons;
  if (!d) {
    if (error->code != "gate_closed") return *error;
    reasons = error->reasons;
  }
  if (looks_blank(comment)) {
    reasons.push_back({"comment_missing", "Say what should change, so the team can act on it."});
  }
  if (comment.size() > 10000) reasons.push_back({"comment_too_long", "Keep the comment under 10,000 characters."});
  if (!reasons.empty()) return gate_closed(std::move(reasons));
  const DeliverableVersion& v = d->versions.back();
  Approval a = approval_record(SubjectKind::deliverable_version, d->id, v.number, v.content_hash,
                          Decision::changes_requested, actor, where, approval_id, now);
  a.comment = std::move(comment);
  d->review = ReviewStatus::changes_requested;
  e.approvals.push_back(std::move(a));
  return e;
}

const Approval* current_approval(const Engagement& e, const Deliverable& d) {
  if (d.versions.empty()) return nullptr;
  const std::string& hash = d.versions.back().content_hash;
  const Approval* found = nullptr;
  for (const Approval& a : e.approvals) {  // in order: the last word wins
    if (a.subject_kind != SubjectKind::deliverable_version || a.subject_id != d.id) continue;
    if (a.decision == Decision::approved && a.subject_hash == hash && a.subject_version == d.versions.back().number) {
      found = &a;
    } else if (a.decision == Decision::withdrawn || a.decision == Decision::changes_requested) {
      found = nullptr;
    }
  }
  return found;
}

Result<Engagement> withdraw_approval(Engagement e, const Actor& actor, Id deliverable_id, std::string comment,
                                     const SignOff& where, Id approval_id, Instant now) {
  if (!is_client_of(e, actor)) return forbidden("Only the client of this project can withdraw an approval.");
  Deliverable* d = find_by_id(e.deliverables, deliverable_id);
  if (!d) return not_found("Deliverable " + std::to_string(deliverable_id));
  std::vector<Reason> reasons;
  const Approval* current = current_approval(e, *d);
  if (!current || d->review != ReviewStatus::approved) {
    reasons.push_back({"not_approved", quoted(d->name) + " has no approval to withdraw."});
  }
  if (source_taken(e, LineKind::milestone, d->milestone_id, 0)) {
    reasons.push_back({"already_invoiced", "The milestone of " + quoted(d->name) +
                                               " is already invoiced; contact the team to void the invoice first."});
  }
  if (approval_id <= 0 || find_by_id(e.approvals, approval_id)) {
    reasons.push_back({"bad_id", "The new approval record's id is not free."});
  }
  if (comment.size() > 10000) reasons.push_back({"comment_too_long", "Keep the comment under 10,000 characters."});
  if (!reasons.empty()) return gate_closed(std::move(reasons));
  const DeliverableVersion& v = d->versions.back();
  Approval a = approval_record(SubjectKind::deliverable_version, d->id, v.number, v.content_hash, Decision::withdrawn,
                          actor, where, approval_id, now);
  a.comment = std::move(comment);
  d->review = ReviewStatus::in_review;
  e.approvals.push_back(std::move(a));
  return e;
}

}  // namespace handoff
