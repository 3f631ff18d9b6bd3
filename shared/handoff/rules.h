// rules.h — what may happen next in an engagement, and why not.
//
// Every rule is a pure function: it takes the Engagement by value plus who asks and what
// they ask, and returns the next Engagement or an Error carrying *every* unmet condition
// as a Reason with a stable code and a sentence a person can act on. Ids for new records
// and the current instant come in as arguments. The portal calls these for instant
// feedback; the server calls the same functions to enforce them.
//
// Error codes at the top level map to HTTP statuses at the server:
//   "not_found" 404 · "forbidden" 403 · "invalid_request" 400 · "gate_closed" 409
//
// Index
// [SECTION] Hashes and statements
// [SECTION] Workspace settings
// [SECTION] Plan: milestones and tasks
// [SECTION] Delivery: deliverables, versions, QA, review
// [SECTION] Approvals: approve, request changes, withdraw
// [SECTION] Time: entries and timesheets
// [SECTION] Authorisations and the proposal seam
// [SECTION] The billing gate
// [SECTION] Invoices and payments
// [SECTION] Progress
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "handoff/model.h"
#include "handoff/names.h"
#include "handoff/result.h"

namespace handoff {

//-----------------------------------------------------------------------------
// [SECTION] Hashes and statements
//-----------------------------------------------------------------------------

// SHA-256 hex over a versioned, length-prefixed listing of the files (name, hash, size,
// in order): equal iff the version has exactly these files with exactly these bytes.
std::string version_content_hash(const std::vector<FileRef>& files);

// SHA-256 hex over the timesheet's period and each entry's billing fields (id, user,
// task, start, minutes, rate, billable) in entry-id order. Editing any of them after
// approval changes it. Entries that no longer exist hash as "missing".
std::string timesheet_content_hash(const Engagement& e, const Timesheet& t);

// The sentence a client agrees to when approving `version` of deliverable `d`; it names
// the content hash, so the record binds to the exact bytes.
std::string approval_statement(const Engagement& e, const Deliverable& d, const DeliverableVersion& version);
// The sentence a client agrees to when approving timesheet `t` (names its total and hash).
std::string timesheet_statement(const Engagement& e, const Timesheet& t);

//-----------------------------------------------------------------------------
// [SECTION] Workspace settings
//-----------------------------------------------------------------------------

// Every problem with `s`: a supported currency, tax 0..10000 bp, terms 0..365 days,
// an invoice prefix of at most 20 letters, digits, '-', '_' or '/', 1..12 digits.
std::vector<Reason> settings_problems(const WorkspaceSettings& s);
// "#rrggbb" in lower or upper case.
bool is_brand_colour(std::string_view s);

//-----------------------------------------------------------------------------
// [SECTION] Plan: milestones and tasks
//-----------------------------------------------------------------------------

// Staff only. Adds or replaces (same id) a milestone: name 1..200 bytes, amount 0..max
// (fixed fee > 0), time-and-materials milestones carry no amount. Changing the fee or the
// billing kind of a milestone already on a live invoice is refused.
Result<Engagement> put_milestone(Engagement e, const Actor& actor, Milestone m);

// Staff only. Adds or replaces (same id) a task: title 1..500 bytes, milestone of this
// project or 0.
Result<Engagement> put_task(Engagement e, const Actor& actor, Task t);

// Whether `actor` may see (and comment on) task `t` of engagement `e`: staff always;
// the engagement's client users only client-visible tasks.
bool can_see_task(const Engagement& e, const Actor& actor, const Task& t);

// Whether task `t` is late at `now`: it has a due date, the date's day is over (a task due
// on 1 Mar is late from 2 Mar 00:00 UTC) and it is not done.
bool is_task_overdue(const Task& t, Instant now);

// What the engagement's client users see: client-visible tasks only, deliverables once
// sent for review (not drafts never shown), no draft invoices, time entries only as part
// of timesheets sent to them, no workspace settings beyond currency and terms.
Engagement client_view(const Engagement& e);

//-----------------------------------------------------------------------------
// [SECTION] Delivery: deliverables, versions, QA, review
//-----------------------------------------------------------------------------

// Staff only. Adds a deliverable under `milestone_id` with a QA checklist (may be empty).
Result<Engagement> add_deliverable(Engagement e, const Actor& actor, Id new_id, Id milestone_id,
                                   std::string name, std::vector<std::string> qa_items);

// Staff only. Adds a new current version; it supersedes the previous one: QA items are
// cleared, a pending review of the old version is voided (back to draft), and an
// approval of the old version no longer backs billing. `files` must be non-empty with
// 64-hex hashes and non-negative sizes.
Result<Engagement> add_version(Engagement e, const Actor& actor, Id deliverable_id,
                               std::vector<FileRef> files, Instant now);

// Staff only. Ticks or clears QA item `index` of the current version (not while in review).
Result<Engagement> set_qa_item(Engagement e, const Actor& actor, Id deliverable_id, std::size_t index, bool done);

// Why `deliverable_id` cannot be sent for review now (empty: it can). For the portal to
// show beside the "Send for approval" button.
std::vector<Reason> review_blockers(const Engagement& e, Id deliverable_id);

// Staff only. Sends the current version to the client: needs a version, a complete QA
// checklist, and a draft or changes-requested review state.
Result<Engagement> submit_for_review(Engagement e, const Actor& actor, Id deliverable_id);

//-----------------------------------------------------------------------------
// [SECTION] Approvals: approve, request changes, withdraw
//-----------------------------------------------------------------------------

// What the client typed and agreed to, and where from (the server fills ip/user agent).
struct SignOff {
  std::string typed_name;
  bool consent = false;
  std::string statement;  // must equal the statement shown (approval_statement())
  std::string ip;
  std::string user_agent;
};

// Client of this engagement only. Approves `version` (must be current, in review), with
// the typed full name matching the actor's name and consent to the exact statement.
// Appends an Approval (id `approval_id`, at `now`).
Result<Engagement> approve_deliverable(Engagement e, const Actor& actor, Id deliverable_id, int version,
                                       const SignOff& sign_off, Id approval_id, Instant now);

// Client of this engagement only. Asks for changes to the current version in review;
// `comment` (what to change) is required. Appends an Approval with that decision.
Result<Engagement> request_changes(Engagement e, const Actor& actor, Id deliverable_id, int version,
                                   std::string comment, const SignOff& where, Id approval_id, Instant now);

// Client of this engagement only. Withdraws the approval of the current version while
// its milestone is not on a live invoice. The old record stays; a new one says
// "withdrawn" and the deliverable returns to review.
Result<Engagement> withdraw_approval(Engagement e, const Actor& actor, Id deliverable_id, std::string comment,
                                     const SignOff& where, Id approval_id, Instant now);

// The approval record that currently backs `d` (the latest approved record for its
// current version's hash, not followed by a withdrawal), or nullptr.
const Approval* current_approval(const Engagement& e, const Deliverable& d);

//-----------------------------------------------------------------------------
// [SECTION] Time: entries and timesheets
//-----------------------------------------------------------------------------

// Staff only. Records time: minutes 1..24h, rate 0..kMaxAmountMinor, task of this project.
Result<Engagement> add_time_entry(Engagement e, const Actor& actor, TimeEntry entry);
// Staff only. Replaces an entry's fields. Refused once its timesheet is on a live
// invoice; allowed on an approved, unbilled timesheet — which then no longer backs
// billing until approved again (the hash changed).
Result<Engagement> edit_time_entry(Engagement e, const Actor& actor, TimeEntry entry);

// Staff only. Sends billable entries in [start, end) to the client as one timesheet.
// Each entry must exist, be billable, lie inside the period, and not be in another
// submitted or approved timesheet.
Result<Engagement> submit_timesheet(Engagement e, const Actor& actor, Id new_id, Instant period_start,
                                    Instant period_end, std::vector<Id> entry_ids);

// Client of this engagement only: approve (typed name, consent, exact statement) or
// request changes (comment required; releases the entries for a new timesheet).
Result<Engagement> approve_timesheet(Engagement e, const Actor& actor, Id timesheet_id, const SignOff& sign_off,
                                     Id approval_id, Instant now);
Result<Engagement> request_timesheet_changes(Engagement e, const Actor& actor, Id timesheet_id,
                                             std::string comment, const SignOff& where, Id approval_id,
                                             Instant now);

// Billable entries on no submitted or approved timesheet, in id order: what the next
// timesheet would send to the client.
std::vector<Id> entries_to_submit(const Engagement& e);

// Sum of the timesheet's entries, each rounded by the money rule; nullopt on overflow.
std::optional<std::int64_t> timesheet_amount(const Engagement& e, const Timesheet& t);

//-----------------------------------------------------------------------------
// [SECTION] Authorisations and the proposal seam
//-----------------------------------------------------------------------------

// Staff only. Records a deposit or retainer the proposal (by hash) allows.
Result<Engagement> add_authorisation(Engagement e, const Actor& actor, Authorisation a);

// Client of this engagement only. Signs the proposal version with `proposal_hash`
// (typed name + consent to `statement`, which must name the hash). The proposal issue
// will produce the statement; until then any statement containing the hash is accepted.
Result<Engagement> sign_proposal(Engagement e, const Actor& actor, std::string proposal_hash,
                                 const SignOff& sign_off, Id approval_id, Instant now);

//-----------------------------------------------------------------------------
// [SECTION] The billing gate
//-----------------------------------------------------------------------------

// Every reason `line` is not backed by a signature, ignoring what invoice
// `ignore_invoice_id` itself claims (0: none). Empty means the line may be billed.
//   milestone     — fixed fee, has deliverables, each approved at its current version,
//                   not on another live (non-void) invoice, amount equal to the fee
//   timesheet     — approved, unchanged since (hash), not on another live invoice,
//                   amount equal to the entries' sum
//   authorisation — the proposal it names is signed; amount within what remains
std::vector<Reason> line_blockers(const Engagement& e, const InvoiceLine& line, Id ignore_invoice_id);

// What "create from approved work" lists: every candidate line (fixed-fee milestones,
// timesheets, authorisations with money left) with its blockers (empty: billable now).
// Sources already on a live invoice are omitted — except on `ignore_invoice_id` (a draft
// being edited: what it could hold, its own claims not counted against it).
struct BillableItem {
  InvoiceLine line;
  std::vector<Reason> blockers;
};
std::vector<BillableItem> billable_work(const Engagement& e, Id ignore_invoice_id = 0);

//-----------------------------------------------------------------------------
// [SECTION] Invoices and payments
//-----------------------------------------------------------------------------

// "INV-0042" from the settings' prefix and digits. Precondition: sequence > 0.
std::string format_invoice_number(const WorkspaceSettings& s, std::int64_t sequence);

// Staff only. Creates a draft from `lines` (net/tax are computed here, inputs ignored);
// every line must pass the gate, no source twice, at least one line, totals in range.
Result<Engagement> create_invoice(Engagement e, const Actor& actor, Id new_id, std::vector<InvoiceLine> lines,
                                  Instant now);

// Staff only. Replaces a draft's lines, checked exactly as create_invoice checks them.
Result<Engagement> replace_draft_lines(Engagement e, const Actor& actor, Id invoice_id, std::vector<InvoiceLine> lines);

// Staff only. Sends a draft: re-checks the gate (work may have changed since drafting),
// assigns `sequence` (the workspace's next; issued numbers never have gaps), sets
// sent_at = now and due_at = now + payment terms.
Result<Engagement> send_invoice(Engagement e, const Actor& actor, Id invoice_id, std::int64_t sequence, Instant now);

// Staff only. Voids a draft or an unpaid sent invoice (its number stays used), releasing
// everything it billed. Refused once any payment was recorded.
Result<Engagement> void_invoice(Engagement e, const Actor& actor, Id invoice_id);

// Staff only. Records a payment on a sent invoice: positive, same currency, at most the
// balance. Moves the invoice to partially paid or paid.
Result<Engagement> record_payment(Engagement e, const Actor& actor, Id invoice_id, Payment payment);

// A payment request reusing the idempotency key of `stored` is a retry only when it asks
// for the same payment: amount, currency, reference, and received_at when the request gave
// one. Returns nullopt for a retry (answer with `stored`), else a "conflict" Error saying
// what differs — a key reused for a different payment must never silently succeed.
std::optional<Error> payment_retry_problem(const Payment& stored, const Payment& again, bool received_at_given);
// Sent or partially paid and past its due date at `now`.
bool is_overdue(const Invoice& inv, Instant now);
std::int64_t balance_minor(const Invoice& inv);

//-----------------------------------------------------------------------------
// [SECTION] Progress
//-----------------------------------------------------------------------------

struct Progress {
  int done = 0;
  int total = 0;
  int percent() const { return total == 0 ? 0 : done * 100 / total; }
};

struct MilestoneProgress {
  Id milestone_id = 0;
  std::string name;
  MilestoneStatus status = MilestoneStatus::planned;
  Progress tasks;          // done / all (client view: client-visible only)
  Progress deliverables;   // approved at current version / all
  int percent = 0;         // (tasks done + deliverables approved) / (tasks + deliverables)
};

struct ProjectProgress {
  std::vector<MilestoneProgress> milestones;
  int percent = 0;         // over all counted tasks and deliverables of the project
};

// Derived status of a milestone (see model.h MilestoneStatus).
MilestoneStatus milestone_status(const Engagement& e, Id milestone_id);
// Progress by milestone and overall. `client_view`: count only client-visible tasks.
ProjectProgress project_progress(const Engagement& e, bool client_view);

}  // namespace handoff
