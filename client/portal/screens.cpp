#include "screens.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "imgui.h"

#include "handoff/dates.h"
#include "handoff/names.h"
#include "handoff/rules.h"

#include "platform.h"
#include "test_hook.h"
#include "theme.h"
#include "touch.h"
#include "ui_kit.h"

namespace handoff::portal {

namespace {

using client::Page;
using client::PortalViewModel;
using client::Route;
using client::Screen;
using nlohmann::json;

constexpr ImGuiWindowFlags kPageFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

std::string id_label(const std::string& label, std::int64_t id) { return label + "##" + std::to_string(id); }

// A small button whose label for tests names what it acts on: "Rename" drawn, "Rename
// Northwind" registered (several rows have the same visible button).
bool button_for(const char* visible, const std::string& test_label, bool enabled = true) {
  const bool clicked = button((std::string(visible) + "##" + test_label).c_str(), enabled);
  test_hook_label_last_item(test_label.c_str());
  return clicked;
}

// Loading, error and empty states of a resource; true when its data can be drawn.
bool ready(const client::Resource& r) {
  if (!r.error().empty()) {
    error_text(r.error());
    return false;
  }
  if (!r.loaded()) {
    spinner(true);
    ImGui::SameLine();
    muted("Loading…");
    return false;
  }
  return true;
}

const char* label_of(TaskStatus s) { return s == TaskStatus::todo ? "To do" : s == TaskStatus::doing ? "Doing" : "Done"; }

const char* label_of(ReviewStatus s) {
  switch (s) {
    case ReviewStatus::draft: return "Draft";
    case ReviewStatus::in_review: return "Awaiting client approval";
    case ReviewStatus::approved: return "Approved";
    case ReviewStatus::changes_requested: return "Changes requested";
  }
  return "";
}

const char* label_of(MilestoneStatus s) {
  switch (s) {
    case MilestoneStatus::planned: return "Planned";
    case MilestoneStatus::in_progress: return "In progress";
    case MilestoneStatus::in_review: return "In review";
    case MilestoneStatus::approved: return "Approved";
    case MilestoneStatus::invoiced: return "Invoiced";
    case MilestoneStatus::paid: return "Paid";
  }
  return "";
}

std::string label_of_invoice_status(const std::string& status, bool overdue) {
  if (overdue) return "Overdue";
  if (status == "partially_paid") return "Partially paid";
  if (status.empty()) return "";
  std::string s = status;
  s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

//-----------------------------------------------------------------------------
// Login and invite
//-----------------------------------------------------------------------------

void centred_card_begin(const char* id, float height) {
  if (touch_device()) height *= 1.3f;  // 44-px fields
  const ImVec2 size = ImGui::GetWindowSize();
  const float w = std::min(px(420), size.x - px(32));
  ImGui::SetCursorPos(ImVec2((size.x - w) * 0.5f, std::max(px(16), (size.y - px(height)) * 0.4f)));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(px(28), px(28)));
  ImGui::BeginChild(id, ImVec2(w, px(height)), true, ImGuiWindowFlags_AlwaysUseWindowPadding);
}

void centred_card_end() {
  ImGui::EndChild();
  ImGui::PopStyleVar();
}

void draw_login(client::SessionViewModel& vm) {
  centred_card_begin("login_card", 380);
  heading("Log in to Handoff");
  muted("Your projects, files, approvals and invoices in one place.");
  ImGui::Spacing();
  ImGui::BeginDisabled(vm.busy());
  bool enter = text_field("Email", &vm.email, -1, FieldKind::username, ImGui::IsWindowAppearing());
  enter |= text_field("Password", &vm.password, -1, FieldKind::current_password);
  ImGui::EndDisabled();
  ImGui::Spacing();
  const bool clicked = primary_button(vm.busy() ? "Logging in…###login" : "Log in###login", vm.can_submit(), -1);
  if ((clicked || enter) && vm.can_submit()) vm.submit();
  error_text(vm.error());
  centred_card_end();
}

void draw_invite(PortalViewModel& vm) {
  centred_card_begin("invite_card", 360);
  heading("Welcome to Handoff");
  muted("Choose a password for your account. You will use it with your email address to log in.");
  ImGui::Spacing();
  const bool enter = text_field("New password", &vm.invite_password, -1, FieldKind::new_password, ImGui::IsWindowAppearing());
  muted("At least 10 characters.");
  if ((primary_button("Set password and continue", !vm.invite.busy(), -1) || enter)) vm.accept_invite();
  error_text(vm.invite.error());
  reasons(vm.invite.reasons());
  centred_card_end();
}

//-----------------------------------------------------------------------------
// Team screens
//-----------------------------------------------------------------------------

void draw_dashboard(PortalViewModel& vm) {
  client::DashboardScreen& s = vm.dashboard;
  if (!ready(s.data)) return;
  const json& d = s.data.data();
  const std::string currency = d.value("currency", "USD");
  begin_card("projects", "Active projects");
  const json& projects = d.value("projects", json::array());
  if (projects.empty()) empty_state("No projects yet. Add a client under Clients, then start a project for them.");
  for (const json& p : projects) {
    if (link(id_label(p.value("name", ""), p.value("id", 0)).c_str())) vm.navigate({Page::project, p.value("id", 0)});
    ImGui::SameLine();
    muted(p.value("client_name", ""));
    progress_bar(p.value("percent", 0) / 100.0f, std::to_string(p.value("percent", 0)) + "% done");
  }
  end_card();
  begin_card("awaiting", "Awaiting client approval");
  const json& awaiting = d.value("awaiting_approval", json::array());
  if (awaiting.empty()) empty_state("Nothing is waiting on clients. Send finished work for approval from its project.");
  for (const json& a : awaiting) {
    const std::string label = a.value("name", "") + " · " + a.value("client_name", "");
    if (a.contains("deliverable_id")) {
      if (link(id_label(label, a.value("deliverable_id", 0)).c_str())) vm.navigate({Page::deliverable, a.value("deliverable_id", 0)});
    } else {
      text(label);
    }
  }
  end_card();
  begin_card("unbilled", "Approved, not yet invoiced");
  const json& unbilled = d.value("approved_unbilled", json::array());
  if (unbilled.empty()) empty_state("No approved work waits to be billed.");
  for (const json& u : unbilled) {
    const json& line = u.value("line", json::object());
    const std::string label = line.value("description", "") + " · " + u.value("project_name", "") + " · " +
                              money(line.value("unit_price_minor", 0), currency);
    if (link(id_label(label, u.value("project_id", 0) * 1000 + line.value("source_id", 0)).c_str())) {
      vm.navigate({Page::new_invoice, u.value("project_id", 0)});
    }
  }
  end_card();
  begin_card("unpaid", "Unpaid invoices");
  const json& unpaid = d.value("unpaid_invoices", json::array());
  if (unpaid.empty()) empty_state("Every sent invoice is paid.");
  for (const json& i : unpaid) {
    const std::string label = i.value("number", "") + " · " + i.value("client_name", "") + " · " +
                              money(i.value("balance_minor", 0), currency) + " due " + format_date(i.value("due_at", 0)) +
                              (i.value("overdue", false) ? " · OVERDUE" : "");
    if (link(id_label(label, i.value("invoice_id", 0)).c_str())) vm.navigate({Page::invoice, i.value("invoice_id", 0)});
  }
  end_card();
}

using Choices = std::vector<std::pair<std::int64_t, std::string>>;  // {id, name}

// One choice among `options` bound to `*id`, registered for tests as `label` (drawn above
// it unless `caption` is false). Each option reads `prefix + name`; `none`, if given, is
// offered first as id 0; `placeholder` shows while nothing is chosen.
void choice_combo(const char* label, const Choices& options, std::int64_t* id, const std::string& prefix,
                  const char* none, const char* placeholder = "", bool caption = true) {
  std::string current = none && *id == 0 ? none : placeholder;
  for (const auto& [option, name] : options) {
    if (option == *id) current = name;
  }
  if (caption) ImGui::TextUnformatted(label);
  ImGui::SetNextItemWidth(px(260));
  if (ImGui::BeginCombo((std::string("##") + label).c_str(), current.c_str())) {
    if (none && ImGui::Selectable(none, *id == 0)) *id = 0;
    for (const auto& [option, name] : options) {
      if (ImGui::Selectable(id_label(prefix + name, option).c_str(), option == *id)) *id = option;
    }
    ImGui::EndCombo();
  }
  test_hook_label_last_item(label);
}

// The {id, name} objects of a loaded list (clients, files) as choices.
Choices choices_of(const json& list) {
  Choices out;
  for (const json& x : list) out.emplace_back(x.value("id", 0), x.value("name", ""));
  return out;
}

Choices milestone_choices(const Engagement& e) {
  Choices out;
  for (const Milestone& m : e.milestones) out.emplace_back(m.id, m.name);
  return out;
}

// The in-place rename of a client or project: Enter or "Save name" saves, Escape or
// "Cancel" leaves the name as it was.
void draw_rename_form(PortalViewModel& vm) {
  client::ClientsScreen& s = vm.clients;
  const bool enter = text_field("New name", &s.rename_text, 320, FieldKind::text, s.rename_focus);
  s.rename_focus = false;
  if (primary_button("Save name", !s.rename.busy()) || enter) s.save_rename(vm.ctx);
  ImGui::SameLine();
  if (button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) s.cancel_rename();
  error_text(s.rename.error());
  reasons(s.rename.reasons());
}

// A client's or project's row: its Rename button and `draw_name`, or the rename form while
// it is being renamed.
template <class DrawName>
void renamable_row(PortalViewModel& vm, const char* kind, std::int64_t id, const std::string& name, DrawName draw_name) {
  client::ClientsScreen& s = vm.clients;
  ImGui::PushID(kind);
  ImGui::PushID(static_cast<int>(id));
  if (s.renaming(kind, id)) {
    draw_rename_form(vm);
  } else {
    if (button_for("Rename", "Rename " + name)) s.start_rename(kind, id, name);
    ImGui::SameLine();
    draw_name();
  }
  ImGui::PopID();
  ImGui::PopID();
}

void draw_clients(PortalViewModel& vm, bool projects_only) {
  client::ClientsScreen& s = vm.clients;
  if (!ready(s.clients) || !ready(s.projects)) return;
  const json& clients = s.clients.data().value("clients", json::array());
  if (!projects_only) {
    begin_card("clients", "Clients");
    if (clients.empty()) empty_state("No clients yet. Add the first one below; then invite its people and start a project.");
    for (const json& c : clients) {
      renamable_row(vm, "clients", c.value("id", 0), c.value("name", ""), [&] { text(c.value("name", "") + " · " + c.value("status", "")); });
    }
    ImGui::Spacing();
    const bool enter = text_field("New client name", &s.new_client_name, 320);
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ImGui::GetTextLineHeightWithSpacing());
    if (primary_button("Add client", !s.create_client.busy()) || enter) s.add_client(vm.ctx);
    error_text(s.create_client.error());
    end_card();

    begin_card("invite", "Invite a client user");
    muted("They get a link to set a password and see their projects, approvals and invoices.");
    choice_combo("Client for the invite", choices_of(clients), &s.invite_client_id, "", nullptr, "Choose a client");
    bool invite_enter = text_field("Full name", &s.invite_name, 320, FieldKind::name);
    invite_enter |= text_field("Email address", &s.invite_email, 320, FieldKind::email);
    if ((primary_button("Create invite link", s.invite_client_id != 0 && !s.invite.busy()) || invite_enter) && s.invite_client_id != 0) {
      s.send_invite(vm.ctx);
    }
    error_text(s.invite.error());
    reasons(s.invite.reasons());
    if (!s.invite_path.empty()) {
      const std::string url = vm.ctx.origin + s.invite_path;
      muted("Send this link to them (it works once, for 14 days):");
      text(url);
      if (button("Copy invite link")) vm.ctx.effects.push_back({client::Effect::Kind::copy_text, url, ""});
    }
    end_card();
  }
  begin_card("projects", "Projects");
  const json& projects = s.projects.data().value("projects", json::array());
  if (projects.empty()) empty_state("No projects yet. Start one for a client below.");
  for (const json& p : projects) {
    renamable_row(vm, "projects", p.value("id", 0), p.value("name", ""), [&] {
      if (link(id_label(p.value("name", ""), p.value("id", 0)).c_str())) vm.navigate({Page::project, p.value("id", 0)});
      ImGui::SameLine();
      muted(p.value("client_name", "") + " · " + std::to_string(p.value("percent", 0)) + "% done");
    });
  }
  ImGui::Spacing();
  choice_combo("Client for the project", choices_of(clients), &s.project_client_id, "", nullptr, "Choose a client");
  const bool enter = text_field("Project name", &s.new_project_name, 320);
  if ((primary_button("Create project", s.project_client_id != 0 && !s.create_project.busy()) || enter) && s.project_client_id != 0) {
    s.add_project(vm.ctx);
  }
  error_text(s.create_project.error());
  end_card();
}

void draw_settings(PortalViewModel& vm) {
  client::SettingsScreen& s = vm.settings;
  if (!ready(s.workspace)) return;
  begin_card("workspace", "Workspace");
  bool enter = text_field("Workspace name", &s.name, 320);
  enter |= text_field("Brand colour (#rrggbb)", &s.brand_colour, 160);
  enter |= text_field("Currency (ISO code)", &s.currency, 100);
  enter |= text_field("Tax rate (%)", &s.tax_percent, 100, FieldKind::number);
  enter |= text_field("Payment terms (days)", &s.payment_terms_days, 100, FieldKind::number);
  enter |= text_field("Invoice number prefix (e.g. INV-)", &s.invoice_prefix, 160);
  if (primary_button("Save settings", !s.save.busy()) || enter) s.submit(vm.ctx);
  error_text(s.save.error());
  reasons(s.save.reasons());
  end_card();

  begin_card("logo", "Logo");
  muted("Shown above the workspace name, to your team and your clients. PNG, JPEG, GIF or WebP, up to 1 MiB.");
  if (s.logo_file_id()) {
    text("Your logo is at the top left.");
    if (button("Remove logo", !s.save.busy())) s.remove_logo(vm.ctx);
    ImGui::SameLine();
  } else {
    empty_state("No logo yet. Upload one and clients see it when they log in.");
  }
  if (button(s.logo_file_id() ? "Replace logo" : "Upload logo")) s.pick_logo(vm.ctx);
  for (const client::Upload& u : s.uploads) {
    if (!u.done) progress_bar(u.total ? static_cast<float>(u.loaded) / static_cast<float>(u.total) : 0.0f, "Uploading " + u.name);
    else if (!u.error.empty()) error_text(u.name + ": " + u.error);
  }
  end_card();
}

void draw_invoices(PortalViewModel& vm) {
  client::InvoicesScreen& s = vm.invoices;
  if (!ready(s.list)) return;
  const json& list = s.list.data().value("invoices", json::array());
  if (list.empty()) {
    empty_state(vm.ctx.me && vm.ctx.me->role == Role::client
                    ? "No invoices yet. Invoices appear here once the team sends them."
                    : "No invoices yet. Open a project and choose 'Create invoice' once work is approved.");
    return;
  }
  if (ImGui::BeginTable("invoices", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    for (const char* h : {"Invoice", "Project", "Status", "Total", "Balance"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const json& i : list) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string number = i.value("number", "").empty() ? "Draft" : i.value("number", "");
      if (link(id_label(number, i.value("id", 0)).c_str())) vm.navigate({Page::invoice, i.value("id", 0)});
      ImGui::TableNextColumn();
      text(i.value("project_name", ""));
      ImGui::TableNextColumn();
      text(label_of_invoice_status(i.value("status", ""), i.value("overdue", false)));
      ImGui::TableNextColumn();
      text(money(i.value("total_minor", 0), i.value("currency", "USD")));
      ImGui::TableNextColumn();
      text(money(i.value("balance_minor", 0), i.value("currency", "USD")));
    }
    ImGui::EndTable();
  }
}

//-----------------------------------------------------------------------------
// Project
//-----------------------------------------------------------------------------

enum class FormAction { none, save, cancel };

// An edit form's last row: Save (enabled when the core's `blockers` are empty and nothing
// is in flight; `enter` from the form's fields saves too), Cancel (or Escape), then the
// blockers and the last request's error.
FormAction save_or_cancel(const char* save_label, const std::vector<Reason>& blockers, const client::Action& action,
                          bool enter) {
  FormAction out = FormAction::none;
  if ((primary_button(save_label, blockers.empty() && !action.busy()) || enter) && blockers.empty()) out = FormAction::save;
  ImGui::SameLine();
  if (button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) out = FormAction::cancel;
  for (const Reason& r : blockers) muted("• " + r.message);
  error_text(action.error());
  reasons(action.reasons());
  return out;
}

// The milestones that have a due date, on a line from the earliest to the latest (today
// marked), each dot coloured by status: grey planned or in progress, amber in review,
// brand colour approved, invoiced or paid. Labels alternate above and below the line.
void draw_timeline(const Engagement& e, Instant now) {
  std::vector<const Milestone*> dated;
  for (const Milestone& m : e.milestones) {
    if (m.due) dated.push_back(&m);
  }
  if (dated.empty()) return;
  std::sort(dated.begin(), dated.end(), [](const Milestone* a, const Milestone* b) { return a->due < b->due; });
  Instant lo = std::min(dated.front()->due, now), hi = std::max(dated.back()->due, now);
  if (hi <= lo) hi = lo + 86400;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x, line = ImGui::GetTextLineHeight();
  const float margin = px(24), axis = origin.y + line + px(14);
  auto x_of = [&](Instant t) {
    return origin.x + margin + (width - 2 * margin) * static_cast<float>(static_cast<double>(t - lo) / static_cast<double>(hi - lo));
  };
  draw->AddLine(ImVec2(origin.x + margin, axis), ImVec2(origin.x + width - margin, axis), IM_COL32(0xd0, 0xd5, 0xdd, 0xff), px(2));
  const ImU32 text_colour = ImGui::GetColorU32(ImGuiCol_Text);
  // A label at `x` (centred, kept inside the card), registered for tests as `name`.
  auto label_at = [&](float x, float y, const std::string& text, ImU32 colour, const std::string& name) {
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const float left = std::clamp(x - size.x * 0.5f, origin.x, origin.x + width - size.x);
    draw->AddText(ImVec2(left, y), colour, text.c_str());
    ImGui::SetCursorScreenPos(ImVec2(left, y));
    ImGui::Dummy(size);
    test_hook_label_last_item(name.c_str());
  };
  const float today = x_of(now);
  draw->AddLine(ImVec2(today, axis - px(9)), ImVec2(today, axis + px(9)), colour::error, px(2));
  for (std::size_t i = 0; i < dated.size(); ++i) {
    const Milestone& m = *dated[i];
    const MilestoneStatus status = milestone_status(e, m.id);
    const ImU32 dot = status == MilestoneStatus::in_review ? IM_COL32(0xd9, 0x8e, 0x04, 0xff)
                      : status >= MilestoneStatus::approved ? ImGui::GetColorU32(ImGuiCol_Button)
                                                           : colour::muted;
    const float x = x_of(m.due);
    draw->AddCircleFilled(ImVec2(x, axis), px(6), dot);
    const std::string text = m.name + " · " + format_date(m.due);
    const float y = i % 2 == 0 ? axis - px(12) - line : axis + px(10);
    label_at(x, y, text, text_colour, "Timeline: " + text + " · " + label_of(status));
  }
  label_at(today, axis + px(10) + (dated.size() > 1 ? line + px(2) : 0.0f), "Today", colour::error, "Timeline: today");
  ImGui::SetCursorScreenPos(ImVec2(origin.x, axis + px(10) + line * 2 + px(12)));
  ImGui::Dummy(ImVec2(width, 0));
}

void draw_project(PortalViewModel& vm) {
  client::ProjectScreen& s = vm.project;
  if (!ready(s.project)) return;
  const Engagement& e = s.engagement;
  const json& p = s.project.data();
  const std::string currency = e.settings.currency;
  const bool staff = vm.ctx.me && vm.ctx.me->role != Role::client;
  muted(p.value("client_name", "") + " · " + std::to_string(p.value("progress", json::object()).value("percent", 0)) +
        "% done");
  error_text(s.change.error());
  reasons(s.change.reasons());
  if (staff && primary_button("Create invoice")) vm.navigate({Page::new_invoice, s.id});

  begin_card("milestones", "Milestones");
  if (e.milestones.empty()) empty_state("No milestones yet. Add the first: a name, its fixed fee and when it is due.");
  draw_timeline(e, vm.ctx.now);
  for (const Milestone& m : e.milestones) {
    ImGui::PushID(static_cast<int>(m.id));
    const std::string line = m.name + " · " +
                             (m.billing == BillingKind::fixed_fee ? money(m.amount_minor, currency) : "time and materials") +
                             " · " + label_of(milestone_status(e, m.id)) + (m.due ? " · due " + format_date(m.due) : "");
    if (staff && s.milestone_edit_id != m.id) {
      if (button_for("Edit", "Edit milestone " + m.name)) s.edit_milestone(m.id);
      ImGui::SameLine();
    }
    text(line);
    if (staff && s.milestone_edit_id == m.id) {
      bool enter = text_field("Name of this milestone", &s.milestone_edit_name, 260);
      if (m.billing == BillingKind::fixed_fee) enter |= text_field("Fee of this milestone", &s.milestone_edit_fee, 160, FieldKind::number);
      enter |= text_field("Due date of this milestone", &s.milestone_edit_due, 200, FieldKind::date);
      switch (save_or_cancel("Save milestone", s.milestone_blockers(vm.ctx), s.change, enter)) {
        case FormAction::save: s.save_milestone(vm.ctx); break;
        case FormAction::cancel: s.cancel_milestone_edit(); break;
        case FormAction::none: break;
      }
    }
    ImGui::PopID();
  }
  if (staff) {
    ImGui::Spacing();
    bool enter = text_field("Milestone name", &s.milestone_name, 260);
    enter |= text_field("Fixed fee", &s.milestone_fee, 160, FieldKind::number);
    enter |= text_field("Due date (like 2027-01-15; optional)", &s.milestone_due, 200, FieldKind::date);
    ImGui::Checkbox("Time and materials (billed from timesheets)", &s.milestone_time_and_materials);
    if (primary_button("Add milestone", !s.change.busy()) || enter) s.add_milestone(vm.ctx);
  }
  end_card();

  begin_card("tasks", "Tasks");
  const std::vector<std::pair<std::int64_t, std::string>> assignees = s.assignees();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float card_height = ImGui::GetTextLineHeightWithSpacing() * 2 + ImGui::GetFrameHeight() + style.ItemSpacing.y * 2;
  if (ImGui::BeginTable("board", 3, ImGuiTableFlags_BordersInnerV)) {
    for (TaskStatus column : {TaskStatus::todo, TaskStatus::doing, TaskStatus::done}) ImGui::TableSetupColumn(label_of(column));
    ImGui::TableHeadersRow();
    ImGui::TableNextRow();
    for (TaskStatus column : {TaskStatus::todo, TaskStatus::doing, TaskStatus::done}) {
      ImGui::TableNextColumn();
      // Boards with thousands of tasks draw only the cards that show. Cards have one fixed
      // height, so the visible range is arithmetic (ImGuiListClipper cannot be used in a
      // table cell: in 1.86 it ends the table's row, and what follows overlaps the board).
      std::vector<const Task*> tasks;
      for (const Task& t : e.tasks) {
        if (t.status == column) tasks.push_back(&t);
      }
      const ImVec2 origin = ImGui::GetCursorScreenPos();
      const float clip_top = ImGui::GetWindowDrawList()->GetClipRectMin().y;
      const float clip_bottom = ImGui::GetWindowDrawList()->GetClipRectMax().y;
      const int count = static_cast<int>(tasks.size());
      const int first = std::clamp(static_cast<int>((clip_top - origin.y) / card_height), 0, count);
      const int last = std::clamp(static_cast<int>((clip_bottom - origin.y) / card_height) + 1, first, count);
      for (int i = first; i < last; ++i) {
        const Task& t = *tasks[static_cast<std::size_t>(i)];
        ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + static_cast<float>(i) * card_height));
        ImGui::PushID(static_cast<int>(t.id));
        // The title is a drag source: drop it on another column to move the task.
        if (ImGui::Selectable(id_label(t.title + (t.client_visible ? "" : " (internal)"), t.id).c_str(), s.comments_task_id == t.id)) {
          s.toggle_comments(vm.ctx, t.id);
        }
        if (staff && ImGui::BeginDragDropSource()) {
          ImGui::SetDragDropPayload("handoff.task", &t.id, sizeof t.id);
          ImGui::TextUnformatted(t.title.c_str());
          ImGui::EndDragDropSource();
        }
        const bool late = is_task_overdue(t, vm.ctx.now);
        std::string meta = t.due ? (late ? "overdue, was due " : "due ") + format_date(t.due) : "";
        for (const auto& [user_id, name] : assignees) {
          if (user_id == t.assignee_user_id) meta += (meta.empty() ? "" : " · ") + name;
        }
        // One line, never wrapped (the card's height is fixed).
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(late ? colour::error : colour::muted), "%s", meta.empty() ? " " : meta.c_str());
        if (!meta.empty()) test_hook_label_last_item(meta.c_str());
        if (link(id_label(s.comments_task_id == t.id ? "Hide comments" : "Comments", t.id).c_str())) s.toggle_comments(vm.ctx, t.id);
        if (staff) {
          ImGui::SameLine();
          if (column != TaskStatus::todo && button("<")) s.move_task(vm.ctx, t.id, column == TaskStatus::done ? TaskStatus::doing : TaskStatus::todo);
          if (column != TaskStatus::todo) ImGui::SameLine();
          if (column != TaskStatus::done && button(">")) s.move_task(vm.ctx, t.id, column == TaskStatus::todo ? TaskStatus::doing : TaskStatus::done);
          ImGui::SameLine();
          bool visible = t.client_visible;
          if (ImGui::Checkbox("Client sees it", &visible)) s.set_task_visible(vm.ctx, t.id, visible);
        }
        ImGui::PopID();
      }
      ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + static_cast<float>(count) * card_height));
      ImGui::Dummy(ImVec2(0, 0));  // the cell (and so the row) reaches past the last card
      if (staff) {
        // The column's drop zone (the whole remaining cell would be nicer; ImGui 1.86
        // tables give no cell rectangle to target, so the zone is a visible strip).
        const std::string zone = std::string("Drop here to move to ") + label_of(column);
        ImGui::PushStyleColor(ImGuiCol_Text, colour::muted);
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.96f, 0.97f, 0.98f, 1));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.86f, 0.89f, 0.97f, 1));
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.86f, 0.89f, 0.97f, 1));
        ImGui::Button(("+ " + zone).c_str(), ImVec2(-1, px(36)));
        ImGui::PopStyleColor(4);
        if (ImGui::BeginDragDropTarget()) {
          if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload("handoff.task")) {
            std::int64_t task_id = 0;
            std::memcpy(&task_id, payload->Data, sizeof task_id);
            s.move_task(vm.ctx, task_id, column);
          }
          ImGui::EndDragDropTarget();
        }
      }
    }
    ImGui::EndTable();
  }
  if (e.tasks.empty()) empty_state(staff ? "No tasks yet." : "No tasks shared with you yet.");
  if (s.comments_task_id) {
    std::string title;
    for (const Task& t : e.tasks) {
      if (t.id == s.comments_task_id) title = t.title;
    }
    if (staff) {
      subheading(("Task: " + title).c_str());
      bool enter = text_field("Title of this task", &s.task_edit_title, 320);
      choice_combo("Assigned to", assignees, &s.task_edit_assignee, "Assign to ", "Nobody");
      choice_combo("Milestone of this task", milestone_choices(e), &s.task_edit_milestone, "Under ", "No milestone");
      enter |= text_field("Due date (like 2027-01-15; empty for none)", &s.task_edit_due, 200, FieldKind::date);
      if (primary_button("Save task", !s.change.busy()) || enter) s.save_task(vm.ctx);
      error_text(s.change.error());
      reasons(s.change.reasons());
    }
    subheading(("Comments on " + title).c_str());
    if (ready(s.comments)) {
      const json& list = s.comments.data().value("comments", json::array());
      if (list.empty()) empty_state("No comments yet. Ask a question or leave a note below.");
      for (const json& c : list) {
        text(c.value("user_name", "") + ": " + c.value("body", ""));
        muted(format_date(c.value("created_at", 0)));
      }
    }
    multiline_field("Your comment", &s.comment_text, 2);
    if (primary_button("Post comment", !s.post_comment.busy())) s.add_comment(vm.ctx);
    error_text(s.post_comment.error());
    reasons(s.post_comment.reasons());
  }
  if (staff) {
    const bool enter = text_field("Task title", &s.task_title, 320);
    choice_combo("Milestone for the task", milestone_choices(e), &s.task_milestone_id, "Under ", "No milestone");
    ImGui::Checkbox("Client can see this task", &s.task_client_visible);
    if (primary_button("Add task", !s.change.busy()) || enter) s.add_task(vm.ctx);
  }
  end_card();

  begin_card("time", "Time");
  if (staff) {
    Choices tasks;
    for (const Task& t : e.tasks) tasks.emplace_back(t.id, t.title);
    choice_combo("Task for the time", tasks, &s.time_task_id, "Time on ", "No task");
    text_field("Hourly rate", &s.time_rate, 160, FieldKind::number);
    if (s.timer_started_at) {
      if (primary_button(("Stop timer (" + std::to_string(s.timer_minutes(vm.ctx)) + " min)###timer").c_str(), !s.change.busy())) {
        s.stop_timer(vm.ctx);
      }
    } else if (primary_button("Start timer###timer")) {
      s.start_timer(vm.ctx, s.time_task_id);
    }
    const bool enter = text_field("Minutes", &s.time_minutes, 100, FieldKind::number);
    if (button("Log time", !s.change.busy()) || enter) s.log_time(vm.ctx);
  }
  if (e.time_entries.empty()) empty_state(staff ? "No time logged yet. Start the timer or log minutes by hand." : "No time to review.");
  for (const TimeEntry& t : e.time_entries) {
    std::string task;
    for (const Task& x : e.tasks) {
      if (x.id == t.task_id) task = " · " + x.title;
    }
    ImGui::PushID(static_cast<int>(t.id));
    const std::string line = std::to_string(t.minutes) + " min at " + money(t.hourly_rate_minor, currency) + "/h" + task +
                             " · " + format_date(t.started_at) + (t.billable ? "" : " · not billable") +
                             (t.note.empty() ? "" : " · " + t.note);
    if (staff && s.entry_edit_id != t.id) {
      if (button_for("Edit", "Edit time entry " + std::to_string(t.id))) s.edit_entry(t.id);
      ImGui::SameLine();
    }
    text(line);
    if (staff && s.entry_edit_id == t.id) {
      bool enter = text_field("Minutes of this entry", &s.entry_edit_minutes, 100, FieldKind::number);
      enter |= text_field("Hourly rate of this entry", &s.entry_edit_rate, 160, FieldKind::number);
      enter |= text_field("Note", &s.entry_edit_note, 320);
      ImGui::Checkbox("Billable", &s.entry_edit_billable);
      test_hook_label_last_item("Billable");
      switch (save_or_cancel("Save entry", s.entry_blockers(vm.ctx), s.change, enter)) {
        case FormAction::save: s.save_entry(vm.ctx); break;
        case FormAction::cancel: s.cancel_entry_edit(); break;
        case FormAction::none: break;
      }
    }
    ImGui::PopID();
  }
  const std::vector<Id> to_submit = entries_to_submit(e);
  if (staff && !to_submit.empty() &&
      primary_button(("Submit timesheet (" + std::to_string(to_submit.size()) + " entries)###submit_timesheet").c_str(), !s.change.busy())) {
    s.submit_timesheet(vm.ctx);
  }
  for (const Timesheet& t : e.timesheets) {
    ImGui::PushID(static_cast<int>(t.id));
    const char* status = t.status == TimesheetStatus::submitted ? "awaiting client approval"
                         : t.status == TimesheetStatus::approved ? "approved" : "changes requested";
    subheading(("Timesheet " + std::to_string(t.id) + ": " + money(timesheet_amount(e, t).value_or(0), currency) + ", " + status).c_str());
    if (!staff && t.status == TimesheetStatus::submitted) {
      text(timesheet_statement(e, t));
      text_field("Type your full name to approve the timesheet", &s.timesheet_typed_name, 320, FieldKind::name);
      ImGui::Checkbox("I agree to the timesheet statement", &s.timesheet_consent);
      test_hook_label_last_item("I agree to the timesheet statement");
      const std::vector<Reason> blockers = s.timesheet_blockers(vm.ctx, t.id);
      if (primary_button("Approve timesheet", blockers.empty() && !s.change.busy())) s.approve_timesheet(vm.ctx, t.id);
      for (const Reason& r : blockers) muted("• " + r.message);
      multiline_field("What is wrong with the timesheet?", &s.timesheet_comment, 2);
      if (button("Request timesheet changes", !s.change.busy())) s.request_timesheet_changes(vm.ctx, t.id);
    }
    ImGui::PopID();
  }
  end_card();

  begin_card("files", "Files");
  muted("Upload with the button or drop files anywhere on this page.");
  if (button("Upload files")) s.pick_files(vm.ctx);
  for (const client::Upload& u : s.uploads) {
    if (!u.done) progress_bar(u.total ? static_cast<float>(u.loaded) / static_cast<float>(u.total) : 0.0f, "Uploading " + u.name);
    else if (!u.error.empty()) error_text(u.name + ": " + u.error);
  }
  if (s.files.loaded()) {
    const json& files = s.files.data().value("files", json::array());
    if (files.empty()) empty_state("No files yet.");
    for (const json& f : files) {
      if (link(id_label(f.value("name", ""), f.value("id", 0)).c_str())) s.download(vm.ctx, f.value("id", 0));
      ImGui::SameLine();
      muted(std::to_string((f.value("size", 0) + 1023) / 1024) + " KB · " + format_date(f.value("created_at", 0)));
    }
  }
  end_card();

  begin_card("deliverables", "Deliverables");
  if (e.deliverables.empty()) empty_state(staff ? "No deliverables yet. Add one under a milestone, upload its files, then send it for approval."
                                                : "Nothing to review yet.");
  const json files = s.files.loaded() ? s.files.data().value("files", json::array()) : json::array();
  for (const Deliverable& d : e.deliverables) {
    ImGui::PushID(static_cast<int>(d.id));
    subheading(d.name.c_str());
    muted(std::string(label_of(d.review)) + (d.versions.empty() ? " · no version yet" : " · version " + std::to_string(d.versions.back().number)));
    if (link(id_label("Open " + d.name, d.id).c_str())) vm.navigate({Page::deliverable, d.id});
    if (staff) {
      for (std::size_t i = 0; i < d.qa.size(); ++i) {
        bool done = d.qa[i].done;
        if (ImGui::Checkbox(id_label(d.qa[i].text, static_cast<std::int64_t>(i)).c_str(), &done)) s.set_qa(vm.ctx, d.id, i, done);
        test_hook_label_last_item(("QA: " + d.qa[i].text).c_str());
      }
      std::int64_t& chosen = s.version_file[d.id];
      choice_combo(("File for " + d.name).c_str(), choices_of(files), &chosen, "Use ", nullptr, "Choose an uploaded file", false);
      ImGui::SameLine();
      if (button("Add as new version", chosen != 0)) s.add_version(vm.ctx, d.id);
      const std::vector<Reason> blockers = s.send_blockers(d.id);
      if (primary_button("Send for approval", blockers.empty() && !s.change.busy())) s.send_for_approval(vm.ctx, d.id);
      if (d.review == ReviewStatus::draft || d.review == ReviewStatus::changes_requested) reasons(blockers);
    }
    ImGui::Spacing();
    ImGui::PopID();
  }
  if (staff && !e.milestones.empty()) {
    ImGui::Spacing();
    choice_combo("Milestone for the deliverable", milestone_choices(e), &s.deliverable_milestone_id, "", nullptr);
    const bool enter = text_field("Deliverable name", &s.deliverable_name, 320);
    multiline_field("QA checklist (one item per line)", &s.deliverable_qa);
    if (primary_button("Add deliverable", !s.change.busy()) || enter) s.add_deliverable(vm.ctx);
  }
  end_card();
}

//-----------------------------------------------------------------------------
// Deliverable: review and approve
//-----------------------------------------------------------------------------

void draw_deliverable(PortalViewModel& vm) {
  client::DeliverableScreen& s = vm.deliverable;
  if (!ready(s.deliverable)) return;
  const json& d = s.deliverable.data();
  const std::string review = d.value("review", "draft");
  const bool client_user = vm.ctx.me && vm.ctx.me->role == Role::client;
  heading(d.value("name", "").c_str());
  muted(std::string(label_of(parse_name<ReviewStatus>(review).value_or(ReviewStatus::draft))) + " · version " +
        std::to_string(s.current_version()));
  const json& versions = d.value("versions", json::array());
  if (!versions.empty()) {
    begin_card("files", "Files in this version");
    for (const json& f : versions.back().value("files", json::array())) {
      text(f.value("name", "") + " · " + std::to_string((f.value("size", 0) + 1023) / 1024) + " KB");
      ImGui::PushStyleColor(ImGuiCol_Text, colour::muted);
      ellipsized("SHA-256 " + f.value("sha256", ""), ImGui::GetContentRegionAvail().x);  // the full hash on a tap
      ImGui::PopStyleColor();
    }
    end_card();
  }
  if (client_user && review == "in_review") {
    begin_card("approve", "Approve this version");
    text(d.value("statement", ""));
    ImGui::Spacing();
    text_field("Type your full name to sign", &s.typed_name, 320, FieldKind::name);
    ImGui::Checkbox("I agree to the statement above", &s.consent);
    test_hook_label_last_item("I agree to the statement above");
    const std::vector<Reason> blockers = s.approve_blockers(vm.ctx);
    if (primary_button("Approve", blockers.empty() && !s.decide.busy())) s.approve(vm.ctx);
    for (const Reason& r : blockers) muted("• " + r.message);
    end_card();
    begin_card("changes", "Or ask for changes");
    multiline_field("What should change?", &s.comment);
    if (button("Request changes", !s.decide.busy())) s.request_changes(vm.ctx);
    end_card();
  }
  error_text(s.decide.error());
  reasons(s.decide.reasons());
  if (review == "approved" && d.value("approval_id", 0) != 0) {
    begin_card("certificate", "Approval certificate");
    muted("The signed record is sealed into the audit chain. Keep the certificate: anyone can verify it.");
    if (button("Download certificate", !s.certificate.busy())) s.download_certificate(vm.ctx);
    error_text(s.certificate.error());
    end_card();
  }
  if (review == "changes_requested") muted("Changes were requested; the team will send a new version.");
  if (link("Back to the project")) vm.navigate({Page::project, d.value("project_id", 0)});
}

//-----------------------------------------------------------------------------
// Billing
//-----------------------------------------------------------------------------

void draw_new_invoice(PortalViewModel& vm) {
  client::NewInvoiceScreen& s = vm.new_invoice;
  if (!ready(s.project)) return;
  const std::string currency = s.engagement.settings.currency;
  muted("Only work with a signature behind it can be billed. What cannot, says why.");
  if (s.items.empty()) empty_state("Nothing to bill in this project yet: add fixed-fee milestones or submit timesheets.");
  std::int64_t total = 0;
  for (std::size_t i = 0; i < s.items.size(); ++i) {
    const BillableItem& item = s.items[i];
    ImGui::PushID(static_cast<int>(i));
    bool selected = s.selected[i];
    ImGui::BeginDisabled(!item.blockers.empty());
    if (ImGui::Checkbox(item.line.description.c_str(), &selected)) s.selected[i] = selected;
    test_hook_label_last_item(("Bill " + item.line.description).c_str());
    ImGui::EndDisabled();
    ImGui::SameLine();
    text(money(item.line.unit_price_minor, currency));
    reasons(item.blockers);
    if (s.selected[i] && item.blockers.empty()) total += item.line.unit_price_minor;
    ImGui::PopID();
  }
  ImGui::Separator();
  text("Net total " + money(total, currency) + " (tax added per line at " +
       std::to_string(s.engagement.settings.tax_basis_points / 100) + "%)");
  if (primary_button("Create invoice", s.can_create() && !s.create.busy())) s.submit(vm.ctx);
  error_text(s.create.error());
  reasons(s.create.reasons());
}

// A draft's lines as a form: description and tax for every line, the price where it is
// not fixed by an approval, remove, add more approved work; the gate's reasons beside each.
void draw_draft_lines(PortalViewModel& vm) {
  client::InvoiceScreen& s = vm.invoice;
  begin_card("edit_lines", "Edit lines");
  if (!ready(s.project)) {
    end_card();
    return;
  }
  bool enter = false;  // Enter in any field saves the lines
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    client::LineDraft& d = s.lines[i];
    const std::string n = std::to_string(i + 1);
    ImGui::PushID(static_cast<int>(i));
    enter |= text_field(("Description of line " + n).c_str(), &d.description, 420);
    if (d.line.kind == LineKind::authorisation) {
      enter |= text_field(("Price of line " + n).c_str(), &d.unit_price, 160, FieldKind::number);
    } else {
      muted("Price " + d.unit_price + (d.line.kind == LineKind::milestone ? ", the milestone's fixed fee" : ", the approved timesheet's total"));
    }
    enter |= text_field(("Tax % of line " + n).c_str(), &d.tax_percent, 100, FieldKind::number);
    const bool remove = button_for("Remove line", "Remove line " + n);
    reasons(s.line_blockers(i));
    ImGui::Spacing();
    ImGui::PopID();
    if (remove) {
      s.remove_line(i);
      break;  // indices moved; the next frame draws the rest
    }
  }
  if (s.lines.empty()) empty_state("No lines left. Add approved work below, or void the draft.");
  const std::vector<BillableItem> more = s.addable();
  if (!more.empty()) subheading("More work in this project");
  for (const BillableItem& item : more) {
    ImGui::PushID(static_cast<int>(item.line.source_id * 4 + static_cast<int>(item.line.kind)));
    if (button_for("Add", "Add " + item.line.description, item.blockers.empty())) s.add_line(item.line);
    ImGui::SameLine();
    text(item.line.description + " · " + money(item.line.unit_price_minor, item.line.currency));
    for (const Reason& r : item.blockers) muted("• " + r.message);
    ImGui::PopID();
  }
  if (primary_button("Save lines", !s.change.busy()) || enter) s.save_lines(vm.ctx);
  if (s.lines_changed) {
    ImGui::SameLine();
    muted("Lines were added or removed: save before sending.");
  }
  end_card();
}

void draw_invoice(PortalViewModel& vm) {
  client::InvoiceScreen& s = vm.invoice;
  if (!ready(s.invoice)) return;
  const json& inv = s.invoice.data();
  const std::string currency = inv.value("currency", "USD");
  const std::string status = inv.value("status", "");
  const bool staff = vm.ctx.me && vm.ctx.me->role != Role::client;
  heading((inv.value("number", "").empty() ? std::string("Draft invoice") : "Invoice " + inv.value("number", "")).c_str());
  text("Status: " + label_of_invoice_status(status, inv.value("overdue", false)));
  muted(inv.value("project", json::object()).value("name", "") + " · " + inv.value("project", json::object()).value("client_name", ""));
  if (inv.value("due_at", 0)) muted("Sent " + format_date(inv.value("sent_at", 0)) + " · due " + format_date(inv.value("due_at", 0)));
  if (ImGui::BeginTable("lines", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    for (const char* h : {"Line", "Net", "Tax", "Amount"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const json& l : inv.value("lines", json::array())) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text(l.value("description", ""));
      ImGui::TableNextColumn();
      text(money(l.value("net_minor", 0), currency));
      ImGui::TableNextColumn();
      text(money(l.value("tax_minor", 0), currency));
      ImGui::TableNextColumn();
      text(money(l.value("net_minor", 0) + l.value("tax_minor", 0), currency));
    }
    ImGui::EndTable();
  }
  text("Total " + money(inv.value("total_minor", 0), currency));
  text("Paid " + money(inv.value("paid_minor", 0), currency));
  text("Balance " + money(inv.value("balance_minor", 0), currency));
  error_text(s.change.error());
  reasons(s.change.reasons());
  if (!staff) return;
  if (status == "draft") {
    const bool unsaved = s.lines_unsaved();
    if (primary_button("Send invoice", !unsaved && !s.change.busy())) s.send(vm.ctx);
    if (unsaved) {
      ImGui::SameLine();
      muted("Save the edited lines first (below), or the invoice goes out without your changes.");
    }
  }
  if ((status == "sent" || status == "partially_paid")) {
    begin_card("payment", "Record a payment");
    bool enter = text_field("Amount received", &s.payment_amount, 160, FieldKind::number);
    enter |= text_field("Reference (optional)", &s.payment_reference, 260);
    if (primary_button("Record payment", !s.change.busy()) || enter) s.record_payment(vm.ctx);
    end_card();
  }
  if ((status == "draft" || status == "sent") && inv.value("paid_minor", 0) == 0) {
    if (!s.confirming_void) {
      if (button("Void invoice", !s.change.busy())) s.confirming_void = true;
    } else {
      error_text(status == "sent" ? "Void " + inv.value("number", "") + "? Its number stays used and the client sees it voided; the work it billed can be invoiced again."
                                  : "Void this draft? The work it holds can be invoiced again.");
      if (button("Yes, void it", !s.change.busy())) s.void_invoice(vm.ctx);
      ImGui::SameLine();
      if (button("Keep it") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) s.confirming_void = false;
    }
  }
  // Below the actions, so the buttons stay put while the project (for the gate) loads.
  if (status == "draft") draw_draft_lines(vm);
}

//-----------------------------------------------------------------------------
// Client home
//-----------------------------------------------------------------------------

void draw_home(PortalViewModel& vm) {
  client::HomeScreen& s = vm.client_home;
  if (!ready(s.projects)) return;
  const json& projects = s.projects.data().value("projects", json::array());
  if (projects.empty()) empty_state("No projects yet. Your team will add you to one.");
  for (const json& p : projects) {
    const std::int64_t id = p.value("id", 0);
    begin_card(std::to_string(id).c_str(), p.value("name", "").c_str());
    auto it = s.progress.find(id);
    if (it == s.progress.end() || !ready(it->second)) {
      end_card();
      continue;
    }
    const json& pr = it->second.data();
    const std::string currency = pr.value("currency", "USD");
    for (const json& w : pr.value("waiting_on_client", json::array())) {
      const std::string kind = w.value("kind", "");
      if (kind == "approval") {
        if (link(id_label("Review and approve: " + w.value("name", "") + " (version " + std::to_string(w.value("version", 0)) + ")",
                          w.value("deliverable_id", 0)).c_str())) {
          vm.navigate({Page::deliverable, w.value("deliverable_id", 0)});
        }
      } else if (kind == "invoice") {
        if (link(id_label("Pay invoice " + w.value("number", "") + ": " + money(w.value("balance_minor", 0), currency) +
                              (w.value("overdue", false) ? " (overdue)" : ""),
                          w.value("invoice_id", 0)).c_str())) {
          vm.navigate({Page::invoice, w.value("invoice_id", 0)});
        }
      } else if (kind == "timesheet") {
        if (link(id_label("Review a timesheet awaiting your approval", w.value("timesheet_id", 0)).c_str())) {
          vm.navigate({Page::project, id});
        }
      }
    }
    if (pr.value("waiting_on_client", json::array()).empty()) muted("Nothing waits on you right now.");
    if (link(id_label("Open " + p.value("name", "") + ": tasks, files and comments", id).c_str())) vm.navigate({Page::project, id});
    progress_bar(pr.value("percent", 0) / 100.0f, std::to_string(pr.value("percent", 0)) + "% of " + p.value("name", "") + " done");
    for (const json& m : pr.value("milestones", json::array())) {
      text(m.value("name", "") + " · " + label_of(parse_name<MilestoneStatus>(m.value("status", "")).value_or(MilestoneStatus::planned)) +
           " · " + std::to_string(m.value("percent", 0)) + "%");
    }
    end_card();
  }
}

//-----------------------------------------------------------------------------
// Frame
//-----------------------------------------------------------------------------

const char* page_title(Page p) {
  switch (p) {
    case Page::dashboard: return "Dashboard";
    case Page::clients: return "Clients";
    case Page::projects: return "Projects";
    case Page::project: return "Project";
    case Page::new_invoice: return "New invoice";
    case Page::deliverable: return "Deliverable";
    case Page::invoices: return "Invoices";
    case Page::invoice: return "Invoice";
    case Page::settings: return "Settings";
    case Page::home: return "Home";
    case Page::login:
    case Page::invite: return "";
  }
  return "";
}

// The heading of the screen shown: the page's name, or the project's once it is loaded.
std::string screen_title(PortalViewModel& vm) {
  std::string title = page_title(vm.route().page);
  if (vm.route().page == Page::project && vm.project.project.loaded()) title = vm.project.project.data().value("name", title);
  return title;
}

// The tab's title: the screen, the workspace ("Dashboard · Northwind Studio").
std::string document_title(PortalViewModel& vm) {
  if (vm.route().page == Page::invite && vm.session.screen() != Screen::app) return "Welcome · Handoff";
  if (vm.session.screen() != Screen::app) return "Log in · Handoff";
  const std::string title = screen_title(vm);
  const wire::Me* me = vm.ctx.me ? &*vm.ctx.me : vm.session.me() ? &*vm.session.me() : nullptr;
  return title + " · " + (me && !me->workspace_name.empty() ? me->workspace_name : std::string("Handoff"));
}

// Below this width (CSS px) the sidebar becomes a top bar with a menu: phones, and
// desktops at 200 % zoom or in a narrow window.
constexpr float kNarrowCss = 700;
bool g_menu_open = false;  // the narrow layout's menu (view state only: nothing to save)

bool narrow_layout() { return ImGui::GetMainViewport()->Size.x < px(kNarrowCss); }

// The workspace's logo, fitted within `max_w` × `max_h` keeping its aspect ratio.
void logo_image(PortalViewModel& vm, float max_w, float max_h) {
  const std::string logo = vm.logo_path();
  ImVec2 logo_size;
  if (ImTextureID texture = logo.empty() ? ImTextureID{} : image_texture(logo, &logo_size)) {
    const float scale = std::min({max_w / logo_size.x, max_h / logo_size.y, 1.0f * px(1)});
    ImGui::Image(texture, ImVec2(logo_size.x * scale, logo_size.y * scale));
    test_hook_label_last_item("Workspace logo");
  }
}

void nav_items(PortalViewModel& vm, float height) {
  for (const client::NavItem& item : vm.nav()) {
    const bool current = item.route.page == vm.route().page;
    if (ImGui::Selectable(item.label, current, 0, ImVec2(0, height))) {
      vm.navigate(item.route);
      g_menu_open = false;
    }
  }
}

void draw_sidebar(PortalViewModel& vm, const wire::Me& me) {
  ImGui::BeginChild("sidebar", ImVec2(px(220), 0), true);
  logo_image(vm, ImGui::GetContentRegionAvail().x, px(64));
  ImGui::PushFont(fonts().strong);
  ImGui::TextWrapped("%s", me.workspace_name.c_str());
  ImGui::PopFont();
  test_hook_label_last_item(me.workspace_name.c_str());
  ImGui::Separator();
  nav_items(vm, touch_device() ? px(44) : px(32));
  ImGui::EndChild();
}

// Narrow screens: logo, workspace name and a Menu button in one bar; the menu opens below
// it with the pages, who is signed in, and Log out.
void draw_top_bar(PortalViewModel& vm, const wire::Me& me) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float bar_h = ImGui::GetFrameHeight() + px(16);
  const float menu_h = g_menu_open ? (px(48) + style.ItemSpacing.y) * static_cast<float>(vm.nav().size() + 2) + px(16) : 0;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(px(12), px(8)));
  ImGui::BeginChild("top_bar", ImVec2(0, bar_h + menu_h), true, ImGuiWindowFlags_AlwaysUseWindowPadding |
                                                                   ImGuiWindowFlags_NoScrollbar);
  const char* menu_label = g_menu_open ? "Close menu" : "Menu";
  const float menu_w = ImGui::CalcTextSize(menu_label).x + style.FramePadding.x * 2;
  const float right = ImGui::GetWindowContentRegionMax().x;
  logo_image(vm, px(96), ImGui::GetFrameHeight());
  if (ImGui::GetItemRectSize().x > 0 && !vm.logo_path().empty()) ImGui::SameLine();
  // The name takes what the spinner and the button leave, cut with "…" when longer.
  const float name_w = std::max(px(40), right - ImGui::GetCursorPosX() - menu_w - px(14) - style.ItemSpacing.x * 3);
  ImGui::AlignTextToFramePadding();
  ImGui::PushFont(fonts().strong);
  ellipsized(me.workspace_name, name_w);
  ImGui::PopFont();
  ImGui::SameLine(right - menu_w - px(14) - style.ItemSpacing.x);
  spinner(vm.api.in_flight() > 0);
  ImGui::SameLine(right - menu_w);
  if (button(menu_label)) g_menu_open = !g_menu_open;
  if (g_menu_open) {
    ImGui::Separator();
    nav_items(vm, px(48));
    const std::string who = vm.ctx.me ? vm.ctx.me->email + " · " + std::string(name_of(vm.ctx.me->role)) : "";
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + px(8));
    muted(who);
    if (primary_button("Log out", true, -1)) {
      g_menu_open = false;
      vm.log_out();
    }
  }
  ImGui::EndChild();
  ImGui::PopStyleVar();
}

// The page title, and on wide screens who is signed in and Log out at its right — on the
// next line when both do not fit (e.g. at 200 % zoom), never over each other.
void draw_title_row(PortalViewModel& vm, const wire::Me& me, bool narrow) {
  const std::string title = screen_title(vm);
  heading(title.c_str());
  if (narrow) return;
  const std::string who = me.email + " · " + std::string(name_of(me.role));
  const ImGuiStyle& style = ImGui::GetStyle();
  const float logout_w = ImGui::CalcTextSize("Log out").x + style.FramePadding.x * 2;
  const float right_w = px(14) + style.ItemSpacing.x + ImGui::CalcTextSize(who.c_str()).x + style.ItemSpacing.x + logout_w;
  ImGui::PushFont(fonts().heading);
  const float title_w = ImGui::CalcTextSize(title.c_str()).x;
  ImGui::PopFont();
  const float avail = ImGui::GetWindowContentRegionMax().x - ImGui::GetWindowContentRegionMin().x;
  if (title_w + style.ItemSpacing.x * 2 + right_w <= avail) {
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - right_w);
  } else {
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_w));
  }
  spinner(vm.api.in_flight() > 0);
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour::muted), "%s", who.c_str());
  test_hook_label_last_item(who.c_str());
  ImGui::SameLine();
  if (primary_button("Log out")) vm.log_out();
}

void draw_app(PortalViewModel& vm) {
  const wire::Me& me = vm.ctx.me ? *vm.ctx.me : *vm.session.me();  // ctx.me follows renames
  const bool narrow = narrow_layout();
  if (narrow) {
    draw_top_bar(vm, me);
  } else {
    g_menu_open = false;
    draw_sidebar(vm, me);
    ImGui::SameLine();
  }
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, narrow ? ImVec2(px(14), px(14)) : ImGui::GetStyle().WindowPadding);
  ImGui::BeginChild("main", ImVec2(0, 0), !narrow, ImGuiWindowFlags_AlwaysUseWindowPadding);
  ImGui::PopStyleVar();
  draw_title_row(vm, me, narrow);
  ImGui::Separator();
  ImGui::BeginChild("content", ImVec2(0, 0), false);
  switch (vm.route().page) {
    case Page::dashboard: draw_dashboard(vm); break;
    case Page::clients: draw_clients(vm, false); break;
    case Page::projects: draw_clients(vm, true); break;
    case Page::settings: draw_settings(vm); break;
    case Page::invoices: draw_invoices(vm); break;
    case Page::project: draw_project(vm); break;
    case Page::deliverable: draw_deliverable(vm); break;
    case Page::new_invoice: draw_new_invoice(vm); break;
    case Page::invoice: draw_invoice(vm); break;
    case Page::home: draw_home(vm); break;
    case Page::login:
    case Page::invite: break;
  }
  ImGui::EndChild();
  ImGui::EndChild();
}

}  // namespace

void draw_portal(PortalViewModel& vm) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const ImGuiStyle& style = ImGui::GetStyle();
  // Fingers need targets of at least 44 CSS px (WCAG 2.5.5): taller frames on touch devices.
  const bool touch = touch_device();
  if (touch) {
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(style.FramePadding.x, std::max(style.FramePadding.y, (px(44) - ImGui::GetFontSize()) * 0.5f)));
  }
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, narrow_layout() ? ImVec2(px(8), px(8)) : style.WindowPadding);
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  ImGui::Begin("Handoff", nullptr, kPageFlags);
  ImGui::PopStyleVar();
  set_document_title(document_title(vm));
  if (vm.route().page == Page::invite && vm.session.screen() != Screen::app) {
    draw_invite(vm);
  } else {
    switch (vm.session.screen()) {
      case Screen::starting:
        spinner(true);
        ImGui::SameLine();
        muted("Loading…");
        break;
      case Screen::login: draw_login(vm.session); break;
      case Screen::app: draw_app(vm); break;
    }
  }
  ImGui::End();
  if (touch) ImGui::PopStyleVar();
}

}  // namespace handoff::portal
