#include "screen_view_models.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <sstream>

#include "handoff/dates.h"
#include "handoff/money.h"
#include "handoff/names.h"
#include "handoff/wire_model.h"

namespace handoff::client {

namespace {
// A due-date field: blank is 0 ("no date"), a date its instant, anything else nullopt.
std::optional<Instant> due_from_field(const std::string& text) {
  if (text.find_first_not_of(" \t") == std::string::npos) return Instant{0};
  return parse_date(text);
}

std::string not_a_date(const std::string& text) {
  return "'" + text + "' is not a date. Type it like 2027-01-15 or 15 Jan 2027, or leave it empty.";
}
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Team: dashboard, clients, settings, invoices
//-----------------------------------------------------------------------------

void ClientsScreen::open(ScreenContext& ctx) {
  clients.load(ctx.api, api::clients_path());
  projects.load(ctx.api, api::projects_path());
}

void ClientsScreen::add_client(ScreenContext& ctx) {
  create_client.run(ctx.api, "POST", api::clients_path(), {{"name", new_client_name}}, [this, &ctx](const nlohmann::json& c) {
    new_client_name.clear();
    // The new client is preselected only where no client was chosen yet: a picker that
    // silently switched sent an invite to the wrong client.
    if (c.contains("id") && c["id"].is_number_integer()) {
      if (invite_client_id == 0) invite_client_id = c["id"].get<std::int64_t>();
      if (project_client_id == 0) project_client_id = c["id"].get<std::int64_t>();
    }
    clients.reload(ctx.api);
  });
}

void ClientsScreen::send_invite(ScreenContext& ctx) {
  invite_path.clear();
  invite.run(ctx.api, "POST", api::client_users_path(invite_client_id),
             {{"email", invite_email}, {"name", invite_name}}, [this](const nlohmann::json& r) {
               invite_path = r.value("invite_path", "");
               invite_email.clear();
               invite_name.clear();
             });
}

void ClientsScreen::add_project(ScreenContext& ctx) {
  create_project.run(ctx.api, "POST", api::projects_path(), {{"client_id", project_client_id}, {"name", new_project_name}},
                     [this, &ctx](const nlohmann::json& p) {
                       new_project_name.clear();
                       projects.reload(ctx.api);
                       if (p.contains("id")) ctx.navigate({Page::project, p["id"].get<std::int64_t>()});
                     });
}

void ClientsScreen::start_rename(const char* kind, std::int64_t id, std::string current) {
  rename_path = std::string(kind) == "clients" ? api::client_path(id) : api::project_path(id);
  rename_text = std::move(current);
  rename_focus = true;
  rename.clear_error();
}

bool ClientsScreen::renaming(const char* kind, std::int64_t id) const {
  return rename_path == (std::string(kind) == "clients" ? api::client_path(id) : api::project_path(id));
}

void ClientsScreen::cancel_rename() {
  rename_path.clear();
  rename.clear_error();
}

void ClientsScreen::save_rename(ScreenContext& ctx) {
  rename.run(ctx.api, "PATCH", rename_path, {{"name", rename_text}}, [this, &ctx](const nlohmann::json&) {
    rename_path.clear();
    clients.reload(ctx.api);
    projects.reload(ctx.api);
  });
}

bool track_upload(std::vector<Upload>& uploads, const std::string& name, std::int64_t loaded, std::int64_t total,
                  bool done, const std::string& error) {
  Upload* u = nullptr;
  for (Upload& x : uploads) {
    if (x.name == name && !x.done) u = &x;
  }
  if (!u) {
    uploads.push_back({name, 0, 0, false, ""});
    u = &uploads.back();
  }
  u->loaded = loaded;
  u->total = total;
  u->error = error;
  u->done = done;
  return done && error.empty();
}

void SettingsScreen::on_upload(ScreenContext& ctx, const std::string& file, std::int64_t loaded, std::int64_t total,
                               bool done, const std::string& error) {
  if (track_upload(uploads, file, loaded, total, done, error)) workspace.reload(ctx.api);
}

void SettingsScreen::remove_logo(ScreenContext& ctx) {
  save.run(ctx.api, "PATCH", api::workspace_path(), {{"logo_file_id", 0}},
           [this, &ctx](const nlohmann::json&) { workspace.reload(ctx.api); });
}

void SettingsScreen::sync() {
  if (!workspace.loaded() || workspace.version() == seen_version) return;
  seen_version = workspace.version();
  const nlohmann::json& w = workspace.data();
  name = w.value("name", "");
  brand_colour = w.value("brand_colour", "");
  currency = w.value("currency", "");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", w.value("tax_basis_points", 0) / 100.0);
  tax_percent = buf;
  payment_terms_days = std::to_string(w.value("payment_terms_days", 30));
  invoice_prefix = w.value("invoice_prefix", "");
}

void SettingsScreen::submit(ScreenContext& ctx) {
  nlohmann::json body = {{"name", name}, {"brand_colour", brand_colour}, {"currency", currency}};
  // "20" or "20.5" percent -> basis points, by the money rule's parser (2 decimals).
  if (std::optional<std::int64_t> bp = parse_amount(tax_percent, "USD")) body["tax_basis_points"] = *bp;
  else body["tax_basis_points"] = "invalid";  // the server explains
  std::int64_t days = 0;
  const auto [end, ec] = std::from_chars(payment_terms_days.data(), payment_terms_days.data() + payment_terms_days.size(), days);
  body["payment_terms_days"] = ec == std::errc() && end == payment_terms_days.data() + payment_terms_days.size()
                                   ? nlohmann::json(days) : nlohmann::json("not a number");
  body["invoice_prefix"] = invoice_prefix;
  save.run(ctx.api, "PATCH", api::workspace_path(), body, [this, &ctx](const nlohmann::json& w) {
    // The sidebar shows the logged-in workspace's name: it follows the save at once.
    if (ctx.me && w.contains("name") && w["name"].is_string()) ctx.me->workspace_name = w["name"].get<std::string>();
    workspace.reload(ctx.api);
  });
}

//-----------------------------------------------------------------------------
// [SECTION] Project: plan, files, deliverables
//-----------------------------------------------------------------------------

void ProjectScreen::open(ScreenContext& ctx, std::int64_t project_id) {
  id = project_id;
  refresh(ctx);
}

void ProjectScreen::refresh(ScreenContext& ctx) {
  project.load(ctx.api, api::project_path(id));
  files.load(ctx.api, api::project_files_path(id));
  if (ctx.me && ctx.me->role != Role::client && !users.loaded() && !users.loading()) users.load(ctx.api, api::users_path());
}

std::vector<std::pair<std::int64_t, std::string>> ProjectScreen::assignees() const {
  std::vector<std::pair<std::int64_t, std::string>> out;
  if (!users.loaded()) return out;
  for (const nlohmann::json& u : users.data().value("users", nlohmann::json::array())) {
    if (u.value("role", "") == "client") continue;
    out.emplace_back(u.value("id", 0), u.value("name", ""));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  return out;
}

void ProjectScreen::save_task(ScreenContext& ctx) {
  nlohmann::json body = {{"title", task_edit_title}, {"assignee_user_id", task_edit_assignee},
                         {"milestone_id", task_edit_milestone}};
  const std::optional<Instant> due = due_from_field(task_edit_due);
  if (!due) return change.refuse(not_a_date(task_edit_due));
  body["due"] = *due;
  change.run(ctx.api, "PATCH", api::task_path(comments_task_id), body,
             [this, &ctx](const nlohmann::json&) { refresh(ctx); });
}

void ProjectScreen::edit_entry(std::int64_t entry_id) {
  for (const TimeEntry& t : engagement.time_entries) {
    if (t.id != entry_id) continue;
    entry_edit_id = entry_id;
    entry_edit_minutes = std::to_string(t.minutes);
    entry_edit_rate = format_money(t.hourly_rate_minor, engagement.settings.currency);
    entry_edit_note = t.note;
    entry_edit_billable = t.billable;
    change.clear_error();
  }
}

namespace {
// A whole number of minutes, or nullopt.
std::optional<std::int64_t> whole_minutes(const std::string& text) {
  std::int64_t parsed = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return parsed;
}
}  // namespace

std::vector<Reason> ProjectScreen::entry_blockers(const ScreenContext& ctx) const {
  for (const TimeEntry& t : engagement.time_entries) {
    if (t.id != entry_edit_id) continue;
    TimeEntry edited = t;
    edited.minutes = whole_minutes(entry_edit_minutes).value_or(t.minutes);
    edited.hourly_rate_minor = parse_amount(entry_edit_rate, engagement.settings.currency).value_or(t.hourly_rate_minor);
    edited.billable = entry_edit_billable;
    edited.note = entry_edit_note;
    Result<Engagement> trial = edit_time_entry(engagement, ctx.actor(), edited);
    return trial.ok() ? std::vector<Reason>{} : trial.error().reasons;
  }
  return {};
}

void ProjectScreen::save_entry(ScreenContext& ctx) {
  const std::optional<std::int64_t> minutes = whole_minutes(entry_edit_minutes);
  const std::optional<std::int64_t> rate = parse_amount(entry_edit_rate, engagement.settings.currency);
  // What does not parse goes as text: the server names the field and keeps the entry.
  change.run(ctx.api, "PATCH", api::time_entry_path(entry_edit_id),
             {{"minutes", minutes ? nlohmann::json(*minutes) : nlohmann::json("not a number")},
              {"hourly_rate_minor", rate ? nlohmann::json(*rate) : nlohmann::json("not an amount")},
              {"billable", entry_edit_billable},
              {"note", entry_edit_note}},
             [this, &ctx](const nlohmann::json&) {
               entry_edit_id = 0;
               refresh(ctx);
             });
}

void ProjectScreen::sync() {
  if (!project.loaded() || project.version() == engagement_version) return;
  engagement_version = project.version();
  engagement = wire::engagement_from_json(project.data());
  if (!engagement.milestones.empty()) {
    if (!task_milestone_id) task_milestone_id = engagement.milestones.front().id;
    if (!deliverable_milestone_id) deliverable_milestone_id = engagement.milestones.front().id;
  }
}

void ProjectScreen::add_milestone(ScreenContext& ctx) {
  nlohmann::json body = {{"name", milestone_name},
                         {"billing", milestone_time_and_materials ? "time_and_materials" : "fixed_fee"}};
  if (!milestone_time_and_materials) {
    const std::optional<std::int64_t> fee = parse_amount(milestone_fee, engagement.settings.currency);
    body["amount_minor"] = fee ? nlohmann::json(*fee) : nlohmann::json("not an amount");
  }
  const std::optional<Instant> due = due_from_field(milestone_due);
  if (!due) return change.refuse(not_a_date(milestone_due));
  body["due"] = *due;
  change.run(ctx.api, "POST", api::project_milestones_path(id), body, [this, &ctx](const nlohmann::json&) {
    milestone_name.clear();
    milestone_fee.clear();
    milestone_due.clear();
    refresh(ctx);
  });
}

void ProjectScreen::edit_milestone(std::int64_t milestone_id) {
  for (const Milestone& m : engagement.milestones) {
    if (m.id != milestone_id) continue;
    milestone_edit_id = m.id;
    milestone_edit_name = m.name;
    milestone_edit_fee = m.billing == BillingKind::fixed_fee ? format_money(m.amount_minor, engagement.settings.currency) : "";
    milestone_edit_due = m.due ? format_date(m.due) : "";
    change.clear_error();
  }
}

std::vector<Reason> ProjectScreen::milestone_blockers(const ScreenContext& ctx) const {
  for (const Milestone& m : engagement.milestones) {
    if (m.id != milestone_edit_id) continue;
    Milestone edited = m;
    edited.name = milestone_edit_name;
    if (m.billing == BillingKind::fixed_fee) {
      edited.amount_minor = parse_amount(milestone_edit_fee, engagement.settings.currency).value_or(m.amount_minor);
    }
    edited.due = due_from_field(milestone_edit_due).value_or(m.due);
    Result<Engagement> trial = put_milestone(engagement, ctx.actor(), edited);
    return trial.ok() ? std::vector<Reason>{} : trial.error().reasons;
  }
  return {};
}

void ProjectScreen::save_milestone(ScreenContext& ctx) {
  const std::optional<Instant> due = due_from_field(milestone_edit_due);
  if (!due) return change.refuse(not_a_date(milestone_edit_due));
  nlohmann::json body = {{"name", milestone_edit_name}, {"due", *due}};
  for (const Milestone& m : engagement.milestones) {
    if (m.id != milestone_edit_id || m.billing != BillingKind::fixed_fee) continue;
    const std::optional<std::int64_t> fee = parse_amount(milestone_edit_fee, engagement.settings.currency);
    body["amount_minor"] = fee ? nlohmann::json(*fee) : nlohmann::json("not an amount");  // the server names the field
  }
  change.run(ctx.api, "PATCH", api::milestone_path(milestone_edit_id), body, [this, &ctx](const nlohmann::json&) {
    milestone_edit_id = 0;
    refresh(ctx);
  });
}

void ProjectScreen::add_task(ScreenContext& ctx) {
  change.run(ctx.api, "POST", api::project_tasks_path(id),
             {{"title", task_title}, {"milestone_id", task_milestone_id}, {"client_visible", task_client_visible}},
             [this, &ctx](const nlohmann::json&) {
               task_title.clear();
               refresh(ctx);
             });
}

void ProjectScreen::move_task(ScreenContext& ctx, std::int64_t task_id, TaskStatus to) {
  change.run(ctx.api, "PATCH", api::task_path(task_id), {{"status", name_of(to)}},
             [this, &ctx](const nlohmann::json&) { refresh(ctx); });
}

void ProjectScreen::set_task_visible(ScreenContext& ctx, std::int64_t task_id, bool visible) {
  change.run(ctx.api, "PATCH", api::task_path(task_id), {{"client_visible", visible}},
             [this, &ctx](const nlohmann::json&) { refresh(ctx); });
}

void ProjectScreen::add_deliverable(ScreenContext& ctx) {
  nlohmann::json qa = nlohmann::json::array();
  std::istringstream lines(deliverable_qa);
  for (std::string line; std::getline(lines, line);) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) qa.push_back(line);
  }
  change.run(ctx.api, "POST", api::milestone_deliverables_path(deliverable_milestone_id),
             {{"name", deliverable_name}, {"qa", qa}}, [this, &ctx](const nlohmann::json&) {
               deliverable_name.clear();
               deliverable_qa.clear();
               refresh(ctx);
             });
}

void ProjectScreen::add_version(ScreenContext& ctx, std::int64_t deliverable_id) {
  const std::int64_t file = version_file[deliverable_id];
  change.run(ctx.api, "POST", api::deliverable_versions_path(deliverable_id),
             {{"file_ids", file ? nlohmann::json::array({file}) : nlohmann::json::array()}},
             [this, &ctx](const nlohmann::json&) { refresh(ctx); });
}

void ProjectScreen::set_qa(ScreenContext& ctx, std::int64_t deliverable_id, std::size_t index, bool done) {
  change.run(ctx.api, "PUT", api::deliverable_qa_item_path(deliverable_id, static_cast<std::int64_t>(index) + 1),
             {{"done", done}}, [this, &ctx](const nlohmann::json&) { refresh(ctx); });
}

void ProjectScreen::send_for_approval(ScreenContext& ctx, std::int64_t deliverable_id) {
  change.run(ctx.api, "POST", api::deliverable_submit_path(deliverable_id), nlohmann::json::object(),
             [this, &ctx](const nlohmann::json&) { refresh(ctx); });
}

void ProjectScreen::download(ScreenContext& ctx, std::int64_t file_id) {
  ctx.effects.push_back({Effect::Kind::download_url, api::file_path(file_id), ""});
}

void ProjectScreen::start_timer(ScreenContext& ctx, std::int64_t task_id) {
  timer_task_id = task_id;
  timer_started_at = ctx.now;
}

std::int64_t ProjectScreen::timer_minutes(const ScreenContext& ctx) const {
  return timer_started_at ? std::max<std::int64_t>(1, (ctx.now - timer_started_at + 59) / 60) : 0;
}

void ProjectScreen::stop_timer(ScreenContext& ctx) {
  if (!timer_started_at) return;
  time_minutes = std::to_string(timer_minutes(ctx));
  time_task_id = timer_task_id;
  const std::int64_t started = timer_started_at;
  timer_started_at = 0;
  const std::optional<std::int64_t> rate = parse_amount(time_rate, engagement.settings.currency);
  change.run(ctx.api, "POST", api::project_time_entries_path(id),
             {{"task_id", time_task_id}, {"started_at", started}, {"minutes", std::stoll(time_minutes)},
              {"hourly_rate_minor", rate ? nlohmann::json(*rate) : nlohmann::json("not an amount")}, {"billable", true}},
             [this, &ctx](const nlohmann::json&) {
               time_minutes.clear();
               refresh(ctx);
             });
}

void ProjectScreen::log_time(ScreenContext& ctx) {
  const std::optional<std::int64_t> rate = parse_amount(time_rate, engagement.settings.currency);
  std::int64_t parsed = 0;
  const auto [end, ec] = std::from_chars(time_minutes.data(), time_minutes.data() + time_minutes.size(), parsed);
  const bool whole_number = ec == std::errc() && end == time_minutes.data() + time_minutes.size();
  // Not a number: sent as text, so the server explains (the form keeps what was typed).
  const nlohmann::json minutes = whole_number ? nlohmann::json(parsed) : nlohmann::json("not a number");
  change.run(ctx.api, "POST", api::project_time_entries_path(id),
             {{"task_id", time_task_id},
              {"started_at", ctx.now},
              {"minutes", minutes},
              {"hourly_rate_minor", rate ? nlohmann::json(*rate) : nlohmann::json("not an amount")},
              {"billable", true}},
             [this, &ctx](const nlohmann::json&) {
               time_minutes.clear();
               refresh(ctx);
             });
}

void ProjectScreen::submit_timesheet(ScreenContext& ctx) {
  const std::vector<Id> entries = entries_to_submit(engagement);
  Instant first = 0, last = 0;
  for (const TimeEntry& t : engagement.time_entries) {
    if (std::find(entries.begin(), entries.end(), t.id) == entries.end()) continue;
    first = first ? std::min(first, t.started_at) : t.started_at;
    last = std::max(last, t.started_at);
  }
  change.run(ctx.api, "POST", api::project_timesheets_path(id),
             {{"period_start", first}, {"period_end", last + 1}, {"entry_ids", entries}},
             [this, &ctx](const nlohmann::json&) { refresh(ctx); });
}

std::vector<Reason> ProjectScreen::timesheet_blockers(const ScreenContext& ctx, std::int64_t timesheet_id) const {
  std::string statement;
  for (const Timesheet& t : engagement.timesheets) {
    if (t.id == timesheet_id) statement = timesheet_statement(engagement, t);
  }
  const SignOff s{timesheet_typed_name, timesheet_consent, statement, "", ""};
  Result<Engagement> trial = handoff::approve_timesheet(engagement, ctx.actor(), timesheet_id, s, 1 << 30, ctx.now);
  return trial.ok() ? std::vector<Reason>{} : trial.error().reasons;
}

void ProjectScreen::approve_timesheet(ScreenContext& ctx, std::int64_t timesheet_id) {
  std::string statement;
  for (const Timesheet& t : engagement.timesheets) {
    if (t.id == timesheet_id) statement = timesheet_statement(engagement, t);
  }
  change.run(ctx.api, "POST", api::timesheet_approve_path(timesheet_id),
             {{"typed_name", timesheet_typed_name}, {"consent", timesheet_consent}, {"statement", statement}},
             [this, &ctx](const nlohmann::json&) {
               timesheet_typed_name.clear();
               timesheet_consent = false;
               refresh(ctx);
             });
}

void ProjectScreen::request_timesheet_changes(ScreenContext& ctx, std::int64_t timesheet_id) {
  change.run(ctx.api, "POST", api::timesheet_request_changes_path(timesheet_id), {{"comment", timesheet_comment}},
             [this, &ctx](const nlohmann::json&) {
               timesheet_comment.clear();
               refresh(ctx);
             });
}

void ProjectScreen::toggle_comments(ScreenContext& ctx, std::int64_t task_id) {
  if (comments_task_id == task_id) {
    comments_task_id = 0;
    return;
  }
  comments_task_id = task_id;
  comment_text.clear();
  comments.load(ctx.api, api::task_comments_path(task_id));
  for (const Task& t : engagement.tasks) {
    if (t.id != task_id) continue;
    task_edit_title = t.title;
    task_edit_assignee = t.assignee_user_id;
    task_edit_milestone = t.milestone_id;
    task_edit_due = t.due ? format_date(t.due) : "";
  }
}

void ProjectScreen::add_comment(ScreenContext& ctx) {
  post_comment.run(ctx.api, "POST", api::task_comments_path(comments_task_id), {{"body", comment_text}},
                   [this, &ctx](const nlohmann::json&) {
                     comment_text.clear();
                     comments.reload(ctx.api);
                   });
}

void ProjectScreen::on_upload(ScreenContext& ctx, const std::string& name, std::int64_t loaded, std::int64_t total,
                              bool done, const std::string& error) {
  if (track_upload(uploads, name, loaded, total, done, error)) files.reload(ctx.api);
}

//-----------------------------------------------------------------------------
// [SECTION] Deliverable: review, approve, certificate
//-----------------------------------------------------------------------------

void DeliverableScreen::open(ScreenContext& ctx, std::int64_t deliverable_id) {
  id = deliverable_id;
  deliverable.load(ctx.api, api::deliverable_path(id));
}

void DeliverableScreen::sync(ScreenContext& ctx) {
  // The whole project, once the deliverable says which: the core's checks need it.
  const std::int64_t project_id = deliverable.loaded() ? deliverable.data().value("project_id", 0) : 0;
  if (project_id && !project.loaded() && !project.loading()) project.load(ctx.api, api::project_path(project_id));
  if (!project.loaded() || project.version() == engagement_version) return;
  engagement_version = project.version();
  engagement = wire::engagement_from_json(project.data());
}

int DeliverableScreen::current_version() const {
  const auto& versions = deliverable.data().value("versions", nlohmann::json::array());
  return versions.empty() ? 0 : versions.back().value("number", 0);
}

std::vector<Reason> DeliverableScreen::approve_blockers(const ScreenContext& ctx) const {
  if (!deliverable.loaded()) return {{"loading", "Loading…"}};
  SignOff s{typed_name, consent, deliverable.data().value("statement", ""), "", ""};
  Engagement e = engagement;
  bool found = false;
  for (const Deliverable& d : e.deliverables) found |= d.id == id;
  if (!found) {
    // Without the project loaded the core cannot be asked; check what is local.
    std::vector<Reason> r;
    if (typed_name.find_first_not_of(" \t") == std::string::npos) r.push_back({"typed_name_missing", "Type your full name to sign."});
    if (!consent) r.push_back({"consent_missing", "Tick the box to agree to the statement before signing."});
    return r;
  }
  Result<Engagement> trial = approve_deliverable(e, ctx.actor(), id, current_version(), s, 1 << 30, ctx.now);
  return trial.ok() ? std::vector<Reason>{} : trial.error().reasons;
}

void DeliverableScreen::approve(ScreenContext& ctx) {
  decide.run(ctx.api, "POST", api::deliverable_approve_path(id),
             {{"version", current_version()}, {"typed_name", typed_name}, {"consent", consent},
              {"statement", deliverable.data().value("statement", "")}},
             [this, &ctx](const nlohmann::json&) {
               deliverable.reload(ctx.api);
               project.reload(ctx.api);
             });
}

void DeliverableScreen::request_changes(ScreenContext& ctx) {
  decide.run(ctx.api, "POST", api::deliverable_request_changes_path(id),
             {{"version", current_version()}, {"comment", comment}}, [this, &ctx](const nlohmann::json&) {
               comment.clear();
               deliverable.reload(ctx.api);
               project.reload(ctx.api);
             });
}

void DeliverableScreen::download_certificate(ScreenContext& ctx) {
  const std::int64_t approval = deliverable.data().value("approval_id", 0);
  certificate.run(ctx.api, "GET", api::approval_certificate_path(approval), nullptr,
                  [&ctx, approval](const nlohmann::json& cert) {
                    ctx.effects.push_back({Effect::Kind::download_text, cert.dump(2),
                                           "approval-" + std::to_string(approval) + "-certificate.json"});
                  });
}

//-----------------------------------------------------------------------------
// [SECTION] Billing: new invoice from approved work, one invoice
//-----------------------------------------------------------------------------

void NewInvoiceScreen::open(ScreenContext& ctx, std::int64_t id) {
  project_id = id;
  project.load(ctx.api, api::project_path(id));
}

void NewInvoiceScreen::sync() {
  if (!project.loaded() || project.version() == engagement_version) return;
  engagement_version = project.version();
  engagement = wire::engagement_from_json(project.data());
  items = billable_work(engagement);  // the same gate the server checks
  selected.assign(items.size(), false);
  for (std::size_t i = 0; i < items.size(); ++i) selected[i] = items[i].blockers.empty();
}

bool NewInvoiceScreen::can_create() const {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (selected[i] && items[i].blockers.empty()) return true;
  }
  return false;
}

void NewInvoiceScreen::submit(ScreenContext& ctx) {
  nlohmann::json lines = nlohmann::json::array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!selected[i]) continue;
    const InvoiceLine& l = items[i].line;
    lines.push_back({{"kind", name_of(l.kind)}, {"source_id", l.source_id}, {"unit_price_minor", l.unit_price_minor}});
  }
  create.run(ctx.api, "POST", api::project_invoices_path(project_id), {{"lines", lines}},
             [&ctx](const nlohmann::json& inv) { ctx.navigate({Page::invoice, inv.value("id", 0)}); });
}

void InvoiceScreen::open(ScreenContext& ctx, std::int64_t invoice_id) {
  id = invoice_id;
  payment_key = ctx.new_key();
  invoice.load(ctx.api, api::invoice_path(id));
}

void InvoiceScreen::sync(ScreenContext& ctx) {
  if (!invoice.loaded()) return;
  const bool staff = ctx.me && ctx.me->role != Role::client;
  const std::int64_t project_id = invoice.data().value("project", nlohmann::json::object()).value("id", 0);
  if (staff && is_draft() && project_id && !project.loading() &&
      (!project.loaded() || project.data().value("id", 0) != project_id)) {
    project.load(ctx.api, api::project_path(project_id));
  }
  if (project.loaded() && project.version() != engagement_version) {
    engagement_version = project.version();
    engagement = wire::engagement_from_json(project.data());
  }
  if (invoice.version() == lines_version) return;
  lines_version = invoice.version();
  lines_changed = false;
  lines.clear();
  for (const nlohmann::json& j : invoice.data().value("lines", nlohmann::json::array())) add_line(wire::line_from_json(j));
  lines_changed = false;
}

InvoiceLine InvoiceScreen::edited_line(std::size_t i) const {
  const LineDraft& d = lines.at(i);
  InvoiceLine l = d.line;
  l.description = d.description;
  if (std::optional<std::int64_t> price = parse_amount(d.unit_price, l.currency)) l.unit_price_minor = *price;
  // Percent with up to two decimals -> basis points (the money parser's rule).
  if (std::optional<std::int64_t> bp = parse_amount(d.tax_percent, "USD")) l.tax_basis_points = static_cast<int>(*bp);
  return l;
}

std::vector<Reason> InvoiceScreen::line_blockers(std::size_t i) const {
  if (!project.loaded()) return {};
  return handoff::line_blockers(engagement, edited_line(i), id);
}

std::vector<BillableItem> InvoiceScreen::addable() const {
  if (!project.loaded()) return {};
  std::vector<BillableItem> out;
  for (BillableItem& item : billable_work(engagement, id)) {  // lines removed from the form come back here
    bool listed = false;
    for (const LineDraft& d : lines) listed |= d.line.kind == item.line.kind && d.line.source_id == item.line.source_id;
    if (!listed) out.push_back(std::move(item));
  }
  return out;
}

void InvoiceScreen::add_line(const InvoiceLine& l) {
  char tax[32];
  std::snprintf(tax, sizeof tax, "%g", l.tax_basis_points / 100.0);
  lines.push_back({l, l.description, format_money(l.unit_price_minor, l.currency), tax});
  lines_changed = true;
}

void InvoiceScreen::remove_line(std::size_t i) {
  if (i >= lines.size()) return;
  lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i));
  lines_changed = true;
}

bool InvoiceScreen::lines_unsaved() const {
  const nlohmann::json& saved = invoice.data().value("lines", nlohmann::json::array());
  if (lines_changed || saved.size() != lines.size()) return true;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const InvoiceLine was = wire::line_from_json(saved[i]), now = edited_line(i);
    // Text that does not parse is unsaved too (edited_line() keeps the old value for it).
    const bool parses = parse_amount(lines[i].unit_price, was.currency) && parse_amount(lines[i].tax_percent, "USD");
    if (!parses || now.description != was.description || now.unit_price_minor != was.unit_price_minor ||
        now.tax_basis_points != was.tax_basis_points) {
      return true;
    }
  }
  return false;
}

void InvoiceScreen::save_lines(ScreenContext& ctx) {
  if (lines.empty()) return change.refuse("An invoice needs at least one line; void the draft instead.");
  nlohmann::json body = nlohmann::json::array();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const LineDraft& d = lines[i];
    const std::optional<std::int64_t> price = parse_amount(d.unit_price, d.line.currency);
    const std::optional<std::int64_t> tax = parse_amount(d.tax_percent, "USD");
    if (!price) return change.refuse("'" + d.unit_price + "' is not an amount (line " + std::to_string(i + 1) + ").");
    if (!tax) return change.refuse("'" + d.tax_percent + "' is not a tax rate in percent (line " + std::to_string(i + 1) + ").");
    body.push_back({{"kind", name_of(d.line.kind)},
                    {"source_id", d.line.source_id},
                    {"description", d.description},
                    {"unit_price_minor", *price},
                    {"tax_basis_points", *tax}});
  }
  change.run(ctx.api, "PUT", api::invoice_lines_path(id), {{"lines", body}}, [this, &ctx](const nlohmann::json&) {
    invoice.reload(ctx.api);
    project.reload(ctx.api);
  });
}

void InvoiceScreen::send(ScreenContext& ctx) {
  change.run(ctx.api, "POST", api::invoice_send_path(id), nlohmann::json::object(),
             [this, &ctx](const nlohmann::json&) { invoice.reload(ctx.api); });
}

void InvoiceScreen::void_invoice(ScreenContext& ctx) {
  confirming_void = false;
  change.run(ctx.api, "POST", api::invoice_void_path(id), nlohmann::json::object(),
             [this, &ctx](const nlohmann::json&) { invoice.reload(ctx.api); });
}

void InvoiceScreen::record_payment(ScreenContext& ctx) {
  const std::string currency = invoice.data().value("currency", "USD");
  const std::optional<std::int64_t> amount = parse_amount(payment_amount, currency);
  if (!amount) {
    change.run(ctx.api, "POST", api::invoice_payments_path(id),
               {{"amount_minor", "not an amount"}, {"currency", currency}, {"idempotency_key", payment_key}},
               [](const nlohmann::json&) {});
    return;
  }
  change.run(ctx.api, "POST", api::invoice_payments_path(id),
             {{"amount_minor", *amount}, {"currency", currency}, {"reference", payment_reference},
              {"idempotency_key", payment_key}},
             [this, &ctx](const nlohmann::json&) {
               payment_amount.clear();
               payment_reference.clear();
               payment_key = ctx.new_key();  // the next payment is a new one
               invoice.reload(ctx.api);
             });
}

//-----------------------------------------------------------------------------
// [SECTION] Client: home, invite
//-----------------------------------------------------------------------------

void HomeScreen::open(ScreenContext& ctx) {
  projects.load(ctx.api, api::projects_path());
  invoices.load(ctx.api, api::invoices_path());
}

void HomeScreen::sync(ScreenContext& ctx) {
  if (!projects.loaded() || projects.version() == seen_version) return;
  seen_version = projects.version();
  for (const auto& p : projects.data().value("projects", nlohmann::json::array())) {
    const std::int64_t id = p.value("id", 0);
    progress[id].load(ctx.api, api::project_progress_path(id));
  }
}

}  // namespace handoff::client
