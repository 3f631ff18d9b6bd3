// handlers.h — every API handler, grouped by area; routes.cpp maps paths to them.
#pragma once

#include <optional>
#include <string>

#include "handoff/json_read.h"
#include "handoff/names.h"

#include "api.h"

namespace handoff::server {

// Reads an enum field spelled as in names.h; records "out_of_range" for unknown values.
template <class E>
std::optional<E> read_enum(ObjectReader& in, const char* field, bool required) {
  std::optional<std::string> s = required ? std::optional<std::string>(in.string(field, 64)) : in.optional_string(field, 64);
  if (!s || s->empty()) return std::nullopt;
  std::optional<E> v = parse_name<E>(*s);
  if (!v) in.problem(field, "out_of_range", std::string("Field '") + field + "' has an unknown value.");
  return v;
}

inline constexpr std::int64_t kMaxInstant = 253402300799;  // 9999-12-31T23:59:59Z

// [SECTION] Session (app.cpp); the route list (routes.cpp)
void get_api_index(Call& call);
void get_health(Call& call);
void post_session(Call& call);
void delete_session(Call& call);
void get_me(Call& call);

// [SECTION] Workspace, users, invites (routes_workspace.cpp)
void get_workspace(Call& call);
void patch_workspace(Call& call);
void get_users(Call& call);
void post_member(Call& call);
void post_client_user(Call& call);
void post_invite_accept(Call& call);

// [SECTION] Clients, projects, milestones, tasks, comments (routes_plan.cpp)
void get_clients(Call& call);
void post_client(Call& call);
void patch_client(Call& call);
void get_projects(Call& call);
void post_project(Call& call);
void get_project(Call& call);
void patch_project(Call& call);
void post_milestone(Call& call);
void patch_milestone(Call& call);
void post_task(Call& call);
void patch_task(Call& call);
void get_comments(Call& call);
void post_comment(Call& call);

// [SECTION] Files (routes_files.cpp)
void get_project_files(Call& call);
void post_project_file(Call& call);
void post_workspace_logo(Call& call);
void get_file(Call& call);

// [SECTION] Delivery and approvals (routes_delivery.cpp)
void post_deliverable(Call& call);
void get_deliverable(Call& call);
void post_version(Call& call);
void put_qa_item(Call& call);
void post_submit(Call& call);
void post_approve(Call& call);
void post_request_changes(Call& call);
void post_withdraw(Call& call);
void get_certificate(Call& call);

// [SECTION] Time and billing (routes_billing.cpp)
void post_time_entry(Call& call);
void patch_time_entry(Call& call);
void post_timesheet(Call& call);
void post_timesheet_approve(Call& call);
void post_timesheet_request_changes(Call& call);
void post_authorisation(Call& call);
void post_proposal_signature(Call& call);
void get_billable(Call& call);
void post_invoice(Call& call);
void post_invoice_lines(Call& call);
void put_invoice_lines(Call& call);
void get_invoices(Call& call);
void get_invoice(Call& call);
void post_invoice_send(Call& call);
void post_invoice_void(Call& call);
void post_payment(Call& call);

// [SECTION] Reports and audit (routes_reports.cpp)
void get_dashboard(Call& call);
void get_progress(Call& call);
void get_audit_verify(Call& call);
void post_audit_verify(Call& call);
void get_audit_chain(Call& call);

}  // namespace handoff::server
