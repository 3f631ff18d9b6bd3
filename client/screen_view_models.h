// screen_view_models.h — one view-model per screen: state + intents, no drawing.
//
// [SECTION] Team: dashboard, clients, settings, invoices
// [SECTION] Project: plan, files, deliverables
// [SECTION] Deliverable: review, approve, certificate
// [SECTION] Billing: new invoice from approved work, one invoice
// [SECTION] Client: home, invite
#pragma once

#include <map>
#include <string>
#include <vector>

#include "handoff/api_paths.h"
#include "handoff/model.h"
#include "handoff/rules.h"

#include "screen_context.h"

namespace handoff::client {

//-----------------------------------------------------------------------------
// [SECTION] Team: dashboard, clients, settings, invoices
//-----------------------------------------------------------------------------

struct DashboardScreen {
  Resource data;  // GET /dashboard
  void open(ScreenContext& ctx) { data.load(ctx.api, api::dashboard_path()); }
};

struct ClientsScreen {
  Resource clients;   // GET /clients
  Resource projects;  // GET /projects
  std::string new_client_name;
  Action create_client;
  // Inviting a client user: the invite link is shown once, ready to copy.
  std::int64_t invite_client_id = 0;
  std::string invite_email, invite_name, invite_path;
  Action invite;
  // A new project for a client.
  std::int64_t project_client_id = 0;
  std::string new_project_name;
  Action create_project;

  // Renaming one client or project in place: `rename_path` is what is being renamed
  // ("/api/v1/clients/4"); "" when nothing is.
  std::string rename_path, rename_text;
  bool rename_focus = false;  // the form just opened: its field takes the keyboard
  Action rename;

  void open(ScreenContext& ctx);
  void add_client(ScreenContext& ctx);
  void send_invite(ScreenContext& ctx);
  void add_project(ScreenContext& ctx);
  // `kind` is "clients" or "projects"; `current` fills the field.
  void start_rename(const char* kind, std::int64_t id, std::string current);
  bool renaming(const char* kind, std::int64_t id) const;
  void cancel_rename();
  void save_rename(ScreenContext& ctx);
};

// A file upload the platform performs (progress from the browser's XHR).
struct Upload {
  std::string name;
  std::int64_t loaded = 0, total = 0;
  bool done = false;
  std::string error;
};

// Keeps `uploads` in step with the platform's progress reports for `name` (one row per
// file being uploaded). Returns true when this report finished an upload without error.
bool track_upload(std::vector<Upload>& uploads, const std::string& name, std::int64_t loaded, std::int64_t total,
                  bool done, const std::string& error);

inline std::string logo_upload_path() { return api::workspace_logo_path(); }

struct SettingsScreen {
  Resource workspace;  // GET /workspace
  std::string name, brand_colour, currency, tax_percent, payment_terms_days, invoice_prefix;
  Action save;
  unsigned seen_version = 0;
  std::vector<Upload> uploads;  // the logo, while it uploads
  void open(ScreenContext& ctx) { workspace.load(ctx.api, api::workspace_path()); }
  // Copies loaded values into the form once per load.
  void sync();
  void submit(ScreenContext& ctx);
  // Opens the file picker for an image; the platform POSTs it to logo_upload_path().
  void pick_logo(ScreenContext& ctx) { ctx.effects.push_back({Effect::Kind::pick_files, logo_upload_path(), "image/*"}); }
  void remove_logo(ScreenContext& ctx);
  void on_upload(ScreenContext& ctx, const std::string& name, std::int64_t loaded, std::int64_t total, bool done,
                 const std::string& error);
  // The logo's file id (0: none).
  std::int64_t logo_file_id() const { return workspace.loaded() ? workspace.data().value("logo_file_id", 0) : 0; }
};

struct InvoicesScreen {
  Resource list;  // GET /invoices
  void open(ScreenContext& ctx) { list.load(ctx.api, api::invoices_path()); }
};

//-----------------------------------------------------------------------------
// [SECTION] Project: plan, files, deliverables
//-----------------------------------------------------------------------------

struct ProjectScreen {
  std::int64_t id = 0;
  Resource project;  // GET /projects/:id
  Resource files;    // GET /projects/:id/files
  Engagement engagement;  // rebuilt from `project` for the core's explanations
  unsigned engagement_version = 0;

  std::string milestone_name, milestone_fee, milestone_due;  // due: a date as typed, or ""
  bool milestone_time_and_materials = false;
  // Editing one milestone at a time (0: none): name, fee (fixed-fee only) and due date.
  std::int64_t milestone_edit_id = 0;
  std::string milestone_edit_name, milestone_edit_fee, milestone_edit_due;
  std::string task_title;
  std::int64_t task_milestone_id = 0;
  bool task_client_visible = true;
  std::int64_t deliverable_milestone_id = 0;
  std::string deliverable_name, deliverable_qa;  // QA: one item per line
  std::map<std::int64_t, std::int64_t> version_file;  // deliverable -> chosen file id
  std::vector<Upload> uploads;
  Action change;  // every mutation of this screen (one at a time)
  // Time: a timer running in this browser, manual entries, timesheets for the client.
  std::int64_t timer_task_id = 0;
  std::int64_t timer_started_at = 0;  // unix seconds; 0 when no timer runs
  std::int64_t time_task_id = 0;
  std::string time_minutes, time_rate;
  // The client's sign-off on a submitted timesheet.
  std::string timesheet_typed_name, timesheet_comment;
  bool timesheet_consent = false;
  // One task open at a time: its comments (team and client alike) and, for the team, its
  // details to edit (filled from the task when it opens).
  std::int64_t comments_task_id = 0;
  Resource comments;  // GET /tasks/:id/comments
  std::string comment_text;
  Action post_comment;
  std::string task_edit_title, task_edit_due;  // due: "2027-01-15", "15 Jan 2027" or "" for none
  std::int64_t task_edit_assignee = 0;         // 0: nobody
  std::int64_t task_edit_milestone = 0;        // 0: not under a milestone
  Resource users;                              // GET /users (team only): who tasks go to
  // Editing one time entry at a time (0: none).
  std::int64_t entry_edit_id = 0;
  std::string entry_edit_minutes, entry_edit_rate, entry_edit_note;
  bool entry_edit_billable = true;

  void open(ScreenContext& ctx, std::int64_t project_id);
  void refresh(ScreenContext& ctx);
  // Keeps `engagement` in step with the loaded JSON.
  void sync();
  void add_milestone(ScreenContext& ctx);
  void edit_milestone(std::int64_t milestone_id);  // opens its form with its values
  void cancel_milestone_edit() { milestone_edit_id = 0; }
  // What stops saving the edited milestone (the core's put_milestone, run locally): e.g.
  // a new fee while the milestone is on a live invoice. Empty when Save works.
  std::vector<Reason> milestone_blockers(const ScreenContext& ctx) const;
  void save_milestone(ScreenContext& ctx);
  void add_task(ScreenContext& ctx);
  void move_task(ScreenContext& ctx, std::int64_t task_id, TaskStatus to);
  void set_task_visible(ScreenContext& ctx, std::int64_t task_id, bool visible);
  void add_deliverable(ScreenContext& ctx);
  void add_version(ScreenContext& ctx, std::int64_t deliverable_id);
  void set_qa(ScreenContext& ctx, std::int64_t deliverable_id, std::size_t index, bool done);
  void send_for_approval(ScreenContext& ctx, std::int64_t deliverable_id);
  // The file picker, for several files; each is POSTed to upload_path().
  void pick_files(ScreenContext& ctx) { ctx.effects.push_back({Effect::Kind::pick_files, upload_path(), ""}); }
  std::string upload_path() const { return api::project_files_path(id); }
  // Team members and the owner, for assigning tasks: {id, name}, by name.
  std::vector<std::pair<std::int64_t, std::string>> assignees() const;
  // Saves the open task's title, assignee and due date (a due date that is not one is
  // refused here, with a sentence, before any request).
  void save_task(ScreenContext& ctx);
  void edit_entry(std::int64_t entry_id);  // opens the entry's form with its values
  void cancel_entry_edit() { entry_edit_id = 0; }
  // What stops saving the edited entry now (the core's rule, run locally): e.g. already
  // invoiced. Empty when Save works.
  std::vector<Reason> entry_blockers(const ScreenContext& ctx) const;
  void save_entry(ScreenContext& ctx);
  void download(ScreenContext& ctx, std::int64_t file_id);
  void start_timer(ScreenContext& ctx, std::int64_t task_id);
  // Stops the timer and records the elapsed minutes (at least 1) at the hourly rate.
  void stop_timer(ScreenContext& ctx);
  std::int64_t timer_minutes(const ScreenContext& ctx) const;
  void log_time(ScreenContext& ctx);  // a manual entry: minutes at the hourly rate
  // Sends every billable entry not yet on a timesheet to the client (entries_to_submit()).
  void submit_timesheet(ScreenContext& ctx);
  // Client: what stops approving timesheet `id` now (the core's rule, run locally).
  std::vector<Reason> timesheet_blockers(const ScreenContext& ctx, std::int64_t id) const;
  void approve_timesheet(ScreenContext& ctx, std::int64_t id);
  void request_timesheet_changes(ScreenContext& ctx, std::int64_t id);
  // Opens (or closes, when already open) the comments of task `task_id`.
  void toggle_comments(ScreenContext& ctx, std::int64_t task_id);
  void add_comment(ScreenContext& ctx);
  // The platform reports upload progress and completion.
  void on_upload(ScreenContext& ctx, const std::string& name, std::int64_t loaded, std::int64_t total, bool done,
                 const std::string& error);
  // Why the deliverable cannot be sent for approval now (the core's own sentences).
  std::vector<Reason> send_blockers(std::int64_t deliverable_id) const { return review_blockers(engagement, deliverable_id); }
};

//-----------------------------------------------------------------------------
// [SECTION] Deliverable: review, approve, certificate
//-----------------------------------------------------------------------------

struct DeliverableScreen {
  std::int64_t id = 0;
  Resource deliverable;  // GET /deliverables/:id
  Resource project;      // GET /projects/:project (for the core's checks and names)
  Engagement engagement;
  unsigned engagement_version = 0;
  std::string typed_name;
  bool consent = false;
  std::string comment;
  Action decide;
  Action certificate;

  void open(ScreenContext& ctx, std::int64_t deliverable_id);
  void sync(ScreenContext& ctx);
  // Everything that stops `me` approving right now, as the server would say it (the same
  // core rule run locally, before anyone clicks). Empty: the Approve button works.
  std::vector<Reason> approve_blockers(const ScreenContext& ctx) const;
  void approve(ScreenContext& ctx);
  void request_changes(ScreenContext& ctx);
  void download_certificate(ScreenContext& ctx);
  int current_version() const;
};

//-----------------------------------------------------------------------------
// [SECTION] Billing: new invoice from approved work, one invoice
//-----------------------------------------------------------------------------

struct NewInvoiceScreen {
  std::int64_t project_id = 0;
  Resource project;
  Engagement engagement;
  unsigned engagement_version = 0;
  std::vector<BillableItem> items;  // billable_work(): what may be billed and why not
  std::vector<bool> selected;
  Action create;

  void open(ScreenContext& ctx, std::int64_t id);
  void sync();
  bool can_create() const;
  void submit(ScreenContext& ctx);
};

// One line of a draft invoice as it is being edited: the line plus the text fields.
struct LineDraft {
  InvoiceLine line;         // kind and source; amounts from the last save
  std::string description;  // editable for every line
  std::string unit_price;   // editable for authorisation lines (others bill a fixed amount)
  std::string tax_percent;  // "20" or "20.5"
};

struct InvoiceScreen {
  std::int64_t id = 0;
  Resource invoice;  // GET /invoices/:id
  std::string payment_amount, payment_reference;
  std::string payment_key;  // one per payment form: a double click records one payment
  Action change;
  // Drafts (team only): the lines being edited and the project, so the core's gate can
  // judge each edited line before anyone clicks Save.
  Resource project;
  Engagement engagement;
  unsigned engagement_version = 0, lines_version = 0;
  std::vector<LineDraft> lines;
  bool lines_changed = false;  // a line was added or removed since the last save
  bool confirming_void = false;  // "Void invoice" asks once more before it voids

  void open(ScreenContext& ctx, std::int64_t invoice_id);
  // Keeps the drafts and the engagement in step with what loaded.
  void sync(ScreenContext& ctx);
  bool is_draft() const { return invoice.loaded() && invoice.data().value("status", "") == "draft"; }
  void send(ScreenContext& ctx);
  void void_invoice(ScreenContext& ctx);
  void record_payment(ScreenContext& ctx);
  // Line `i` as the edited fields say (unparseable amounts stay as they were).
  InvoiceLine edited_line(std::size_t i) const;
  // Why line `i`, as edited, cannot be billed (the core's gate; empty: it can).
  std::vector<Reason> line_blockers(std::size_t i) const;
  // Work in this project that could be added (not on any invoice), with the gate's reasons.
  std::vector<BillableItem> addable() const;
  void add_line(const InvoiceLine& line);
  void remove_line(std::size_t i);
  void save_lines(ScreenContext& ctx);  // replaces the draft's lines with `lines`
  // Whether the form differs from the saved draft (then Send would send the old lines).
  bool lines_unsaved() const;
};

//-----------------------------------------------------------------------------
// [SECTION] Client: home, invite
//-----------------------------------------------------------------------------

struct HomeScreen {
  Resource projects;                      // GET /projects
  std::map<std::int64_t, Resource> progress;  // project -> GET /projects/:id/progress
  Resource invoices;
  unsigned seen_version = 0;
  void open(ScreenContext& ctx);
  void sync(ScreenContext& ctx);  // loads each project's progress once the list arrives
};

}  // namespace handoff::client
