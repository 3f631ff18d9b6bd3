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

#include "handoff/model.h"
#include "handoff/rules.h"

#include "screen_context.h"

namespace handoff::client {

//-----------------------------------------------------------------------------
// [SECTION] Team: dashboard, clients, settings, invoices
//-----------------------------------------------------------------------------

struct DashboardScreen {
  Resource data;  // GET /dashboard
  void open(ScreenContext& ctx) { data.load(ctx.api, "/api/v1/dashboard"); }
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

  void open(ScreenContext& ctx);
  void add_client(ScreenContext& ctx);
  void send_invite(ScreenContext& ctx);
  void add_project(ScreenContext& ctx);
};

struct SettingsScreen {
  Resource workspace;  // GET /workspace
  std::string name, brand_colour, currency, tax_percent;
  Action save;
  unsigned seen_version = 0;
  void open(ScreenContext& ctx) { workspace.load(ctx.api, "/api/v1/workspace"); }
  // Copies loaded values into the form once per load.
  void sync();
  void submit(ScreenContext& ctx);
};

struct InvoicesScreen {
  Resource list;  // GET /invoices
  void open(ScreenContext& ctx) { list.load(ctx.api, "/api/v1/invoices"); }
};

//-----------------------------------------------------------------------------
// [SECTION] Project: plan, files, deliverables
//-----------------------------------------------------------------------------

// A file upload the platform performs (progress from the browser's XHR).
struct Upload {
  std::string name;
  std::int64_t loaded = 0, total = 0;
  bool done = false;
  std::string error;
};

struct ProjectScreen {
  std::int64_t id = 0;
  Resource project;  // GET /projects/:id
  Resource files;    // GET /projects/:id/files
  Engagement engagement;  // rebuilt from `project` for the core's explanations
  unsigned engagement_version = 0;

  std::string milestone_name, milestone_fee;
  bool milestone_time_and_materials = false;
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
  // Comments of one task at a time (team and client alike).
  std::int64_t comments_task_id = 0;
  Resource comments;  // GET /tasks/:id/comments
  std::string comment_text;
  Action post_comment;

  void open(ScreenContext& ctx, std::int64_t project_id);
  void refresh(ScreenContext& ctx);
  // Keeps `engagement` in step with the loaded JSON.
  void sync();
  void add_milestone(ScreenContext& ctx);
  void add_task(ScreenContext& ctx);
  void move_task(ScreenContext& ctx, std::int64_t task_id, TaskStatus to);
  void set_task_visible(ScreenContext& ctx, std::int64_t task_id, bool visible);
  void add_deliverable(ScreenContext& ctx);
  void add_version(ScreenContext& ctx, std::int64_t deliverable_id);
  void set_qa(ScreenContext& ctx, std::int64_t deliverable_id, std::size_t index, bool done);
  void send_for_approval(ScreenContext& ctx, std::int64_t deliverable_id);
  void pick_files(ScreenContext& ctx) { ctx.effects.push_back({Effect::Kind::pick_files, "", "", id}); }
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

struct InvoiceScreen {
  std::int64_t id = 0;
  Resource invoice;  // GET /invoices/:id
  std::string payment_amount, payment_reference;
  std::string payment_key;  // one per payment form: a double click records one payment
  Action change;

  void open(ScreenContext& ctx, std::int64_t invoice_id);
  void send(ScreenContext& ctx);
  void void_invoice(ScreenContext& ctx);
  void record_payment(ScreenContext& ctx);
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
