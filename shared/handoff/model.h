// model.h — the engagement model (DESIGN.md §3) as plain data.
//
// Everything a rule needs about one project lives in an Engagement, passed by value into
// the rules (rules.h) which return the next Engagement or every reason they cannot. Ids
// and instants are plain integers handed in by the caller; the core never invents either.
//
// Index
// [SECTION] Basics: ids, instants, roles, actors
// [SECTION] Workspace settings
// [SECTION] Client, project, milestone, task
// [SECTION] Deliverables, versions, QA
// [SECTION] Approvals (the immutable sign-off record)
// [SECTION] Time entries and timesheets
// [SECTION] Authorisations (deposits, retainers)
// [SECTION] Invoices and payments
// [SECTION] The Engagement aggregate
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace handoff {

//-----------------------------------------------------------------------------
// [SECTION] Basics: ids, instants, roles, actors
//-----------------------------------------------------------------------------

using Id = std::int64_t;       // positive; 0 means "none"
using Instant = std::int64_t;  // seconds since the Unix epoch, UTC

enum class Role { owner, member, client };

// Who asks. For client users `client_id` is the Client they belong to.
struct Actor {
  Id user_id = 0;
  Role role = Role::client;
  Id client_id = 0;
  std::string full_name;  // what an approval's typed name must match
  friend bool operator==(const Actor&, const Actor&) = default;
};

inline bool is_staff(const Actor& a) { return a.role == Role::owner || a.role == Role::member; }

//-----------------------------------------------------------------------------
// [SECTION] Workspace settings
//-----------------------------------------------------------------------------

struct WorkspaceSettings {
  std::string currency = "USD";     // ISO 4217; every amount in the workspace uses it
  int tax_basis_points = 0;         // default tax on new invoice lines (2000 = 20 %)
  int payment_terms_days = 14;      // due date = sent date + terms
  std::string invoice_prefix = "INV-";
  int invoice_number_digits = 4;    // zero-padded sequence: INV-0001
  friend bool operator==(const WorkspaceSettings&, const WorkspaceSettings&) = default;
};

//-----------------------------------------------------------------------------
// [SECTION] Client, project, milestone, task
//-----------------------------------------------------------------------------

enum class ClientStatus { lead, active, past };
struct Client {
  Id id = 0;
  std::string name;
  ClientStatus status = ClientStatus::lead;
  friend bool operator==(const Client&, const Client&) = default;
};

enum class ProjectStatus { onboarding, active, delivered, closed };
struct Project {
  Id id = 0;
  Id client_id = 0;
  std::string name;
  ProjectStatus status = ProjectStatus::onboarding;
  friend bool operator==(const Project&, const Project&) = default;
};

enum class BillingKind {
  fixed_fee,            // billed once, as a milestone line, when every deliverable is approved
  time_and_materials,   // billed through client-approved timesheets
};

struct Milestone {
  Id id = 0;
  std::string name;
  Instant due = 0;
  BillingKind billing = BillingKind::fixed_fee;
  std::int64_t amount_minor = 0;  // fixed fee; 0 for time and materials
  friend bool operator==(const Milestone&, const Milestone&) = default;
};

// Derived, never stored: see milestone_status() in rules.h.
enum class MilestoneStatus { planned, in_progress, in_review, approved, invoiced, paid };

enum class TaskStatus { todo, doing, done };
struct Task {
  Id id = 0;
  Id milestone_id = 0;        // 0: not under a milestone
  std::string title;
  TaskStatus status = TaskStatus::todo;
  bool client_visible = false;
  Id assignee_user_id = 0;
  Instant due = 0;            // 0: no due date
  friend bool operator==(const Task&, const Task&) = default;
};

//-----------------------------------------------------------------------------
// [SECTION] Deliverables, versions, QA
//-----------------------------------------------------------------------------

struct FileRef {
  std::string name;    // display name only; storage is by hash
  std::string sha256;  // 64 lower-case hex digits of the file's exact bytes
  std::int64_t size = 0;
  friend bool operator==(const FileRef&, const FileRef&) = default;
};

// Versions are immutable once added. Version numbers start at 1 and never repeat.
struct DeliverableVersion {
  int number = 0;
  std::vector<FileRef> files;
  std::string content_hash;  // version_content_hash(files): what an approval binds to
  Instant created_at = 0;
  Id created_by = 0;
  friend bool operator==(const DeliverableVersion&, const DeliverableVersion&) = default;
};

struct QaItem {
  std::string text;
  bool done = false;  // for the current version; a new version clears every item
  friend bool operator==(const QaItem&, const QaItem&) = default;
};

// Review state of the *current* version.
enum class ReviewStatus {
  draft,               // being prepared: QA, then send for approval
  in_review,           // sent to the client, awaiting a decision
  approved,            // the client approved exactly this version
  changes_requested,   // the client asked for changes; a new version is expected
};

struct Deliverable {
  Id id = 0;
  Id milestone_id = 0;
  std::string name;
  std::vector<DeliverableVersion> versions;  // oldest first; back() is current
  std::vector<QaItem> qa;
  ReviewStatus review = ReviewStatus::draft;
  friend bool operator==(const Deliverable&, const Deliverable&) = default;
};

//-----------------------------------------------------------------------------
// [SECTION] Approvals (the immutable sign-off record)
//-----------------------------------------------------------------------------

enum class SubjectKind { deliverable_version, timesheet, proposal };
enum class Decision { approved, changes_requested, withdrawn };

// Never edited, never deleted: a change of mind is a new record (Decision::withdrawn).
struct Approval {
  Id id = 0;
  SubjectKind subject_kind = SubjectKind::deliverable_version;
  Id subject_id = 0;           // deliverable id, timesheet id or authorisation's proposal id
  int subject_version = 0;     // deliverable version number; 0 when not versioned
  std::string subject_hash;    // SHA-256 hex of exactly what was approved
  Decision decision = Decision::approved;
  Id user_id = 0;
  std::string typed_name;      // empty unless decision == approved
  std::string statement;       // the sentence shown and agreed to
  bool consent = false;
  std::string comment;         // why changes are requested, or why withdrawn
  Instant at = 0;              // server time
  std::string ip;
  std::string user_agent;
  friend bool operator==(const Approval&, const Approval&) = default;
};

//-----------------------------------------------------------------------------
// [SECTION] Time entries and timesheets
//-----------------------------------------------------------------------------

struct TimeEntry {
  Id id = 0;
  Id user_id = 0;
  Id task_id = 0;                    // 0: not on a task
  Instant started_at = 0;
  std::int64_t minutes = 0;          // > 0
  std::int64_t hourly_rate_minor = 0;
  bool billable = true;
  std::string note;
  friend bool operator==(const TimeEntry&, const TimeEntry&) = default;
};

enum class TimesheetStatus { submitted, approved, changes_requested };
// A period of time entries sent to the client for sign-off. Its content hash covers the
// entries' billing-relevant fields, so editing an entry after approval is detected.
struct Timesheet {
  Id id = 0;
  Instant period_start = 0;   // inclusive
  Instant period_end = 0;     // exclusive
  std::vector<Id> entry_ids;
  TimesheetStatus status = TimesheetStatus::submitted;
  friend bool operator==(const Timesheet&, const Timesheet&) = default;
};

//-----------------------------------------------------------------------------
// [SECTION] Authorisations (deposits, retainers)
//-----------------------------------------------------------------------------

// A signed proposal's permission to bill money before work is approved. The proposal
// itself arrives in a later issue: here it is the hash of the proposal version the
// client signed, and the approval (SubjectKind::proposal) that signed it.
enum class AuthorisationKind { deposit, retainer };
struct Authorisation {
  Id id = 0;
  AuthorisationKind kind = AuthorisationKind::deposit;
  std::string description;
  std::int64_t amount_minor = 0;  // the most that may be billed against it, in total
  std::string proposal_hash;      // SHA-256 hex of the signed proposal version
  friend bool operator==(const Authorisation&, const Authorisation&) = default;
};

//-----------------------------------------------------------------------------
// [SECTION] Invoices and payments
//-----------------------------------------------------------------------------

// Every line says what signature backs it. Keep in sync: names.h.
enum class LineKind {
  milestone,      // source_id: a fixed-fee milestone whose deliverables are all approved
  timesheet,      // source_id: a client-approved timesheet (all its entries)
  authorisation,  // source_id: a deposit or retainer authorisation
};

struct InvoiceLine {
  LineKind kind = LineKind::milestone;
  Id source_id = 0;
  std::string description;
  std::string currency;                // must be the workspace's: mixed currencies are refused
  std::int64_t quantity_milli = 1000;  // 1000 = 1
  std::int64_t unit_price_minor = 0;
  int tax_basis_points = 0;
  // Derived by the rules (never trusted from input):
  std::int64_t net_minor = 0;
  std::int64_t tax_minor = 0;
  friend bool operator==(const InvoiceLine&, const InvoiceLine&) = default;
};

enum class InvoiceStatus { draft, sent, partially_paid, paid, void_ };

struct Invoice {
  Id id = 0;
  std::int64_t sequence = 0;  // 0 while draft; assigned on send, consecutive per workspace
  std::string number;         // "INV-0007" once sent
  std::string currency;
  std::vector<InvoiceLine> lines;
  InvoiceStatus status = InvoiceStatus::draft;
  Instant created_at = 0;
  Instant sent_at = 0;
  Instant due_at = 0;
  // Derived from lines and payments by the rules:
  std::int64_t net_minor = 0;
  std::int64_t tax_minor = 0;
  std::int64_t total_minor = 0;
  std::int64_t paid_minor = 0;
  friend bool operator==(const Invoice&, const Invoice&) = default;
};

struct Payment {
  Id id = 0;
  Id invoice_id = 0;
  std::int64_t amount_minor = 0;
  std::string currency;
  Instant received_at = 0;
  std::string reference;
  friend bool operator==(const Payment&, const Payment&) = default;
};

//-----------------------------------------------------------------------------
// [SECTION] The Engagement aggregate
//-----------------------------------------------------------------------------

// A person on the workspace's team (owner or member): who may be assigned a task or
// record time. Clients are never on it.
struct TeamMember {
  Id user_id = 0;
  Role role = Role::member;
  friend bool operator==(const TeamMember&, const TeamMember&) = default;
};

// One project with everything its rules look at. Vectors keep insertion order.
struct Engagement {
  WorkspaceSettings settings;
  std::vector<TeamMember> team;          // the workspace's owner and members (empty in a client's view)
  Client client;
  Project project;
  std::vector<Milestone> milestones;
  std::vector<Task> tasks;
  std::vector<Deliverable> deliverables;
  std::vector<Approval> approvals;       // append-only log
  std::vector<TimeEntry> time_entries;
  std::vector<Timesheet> timesheets;
  std::vector<Authorisation> authorisations;
  std::vector<Invoice> invoices;
  std::vector<Payment> payments;
  friend bool operator==(const Engagement&, const Engagement&) = default;
};

}  // namespace handoff
