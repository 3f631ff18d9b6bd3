// api_paths.h — every path of the HTTP API, in one place, built from one version constant.
//
// Part of the wire contract (wire.h): the server registers route_pattern() of each
// template (server/routes.cpp), the portal asks for the concrete paths below, and
// docs/api.md documents each route (tests/server/api_docs_test.cpp keeps the three in
// step). Plain functions of integers returning std::string: nothing here needs JSON,
// httplib or the rules, so any target can use it (library handoff_wire).
//
// [SECTION] Version and building paths
// [SECTION] Path templates
// [SECTION] Concrete paths
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace handoff::api {

//-----------------------------------------------------------------------------
// [SECTION] Version and building paths
//-----------------------------------------------------------------------------

// The API's version: every path starts with /api/v<kApiVersion>. Bump only for
// incompatible changes (wire::kApiVersion is this constant).
inline constexpr int kApiVersion = 1;

// "/api/v1": the prefix of every API path.
std::string api_root();

// The pattern the server registers for a path template: the root, then the template with
// each "{}" as a captured id: route_pattern("/projects/{}/tasks") is
// R"(/api/v1/projects/(\d+)/tasks)".
std::string route_pattern(std::string_view path_template);

// The same path as documentation writes it, the first "{}" as "{id}", a second as
// "{item}": "/api/v1/projects/{id}/tasks", "/api/v1/deliverables/{id}/qa/{item}".
std::string documented_path(std::string_view path_template);

// A concrete path: the root, then the template with its "{}" replaced by `ids` in
// order: fill_path("/deliverables/{}/qa/{}", {7, 2}) is "/api/v1/deliverables/7/qa/2".
// Ids beyond the template's "{}" are ignored; "{}" beyond the ids are left as they are.
std::string fill_path(std::string_view path_template, std::initializer_list<std::int64_t> ids);

//-----------------------------------------------------------------------------
// [SECTION] Path templates (below the root; "{}" is an id). One per path: several
// methods may share one (GET and PATCH /projects/{}).
//-----------------------------------------------------------------------------

namespace paths {
inline constexpr std::string_view kIndex = "";  // the root itself: GET lists the routes
inline constexpr std::string_view kHealth = "/health";
inline constexpr std::string_view kSession = "/session";
inline constexpr std::string_view kMe = "/me";
inline constexpr std::string_view kWorkspace = "/workspace";
inline constexpr std::string_view kUsers = "/users";
inline constexpr std::string_view kMembers = "/members";
inline constexpr std::string_view kClientUsers = "/clients/{}/users";
inline constexpr std::string_view kInviteAccept = "/invites/accept";
inline constexpr std::string_view kClients = "/clients";
inline constexpr std::string_view kClient = "/clients/{}";
inline constexpr std::string_view kProjects = "/projects";
inline constexpr std::string_view kProject = "/projects/{}";
inline constexpr std::string_view kProjectMilestones = "/projects/{}/milestones";
inline constexpr std::string_view kMilestone = "/milestones/{}";
inline constexpr std::string_view kProjectTasks = "/projects/{}/tasks";
inline constexpr std::string_view kTask = "/tasks/{}";
inline constexpr std::string_view kTaskComments = "/tasks/{}/comments";
inline constexpr std::string_view kProjectFiles = "/projects/{}/files";
inline constexpr std::string_view kFile = "/files/{}";
inline constexpr std::string_view kWorkspaceLogo = "/workspace/logo";
inline constexpr std::string_view kMilestoneDeliverables = "/milestones/{}/deliverables";
inline constexpr std::string_view kDeliverable = "/deliverables/{}";
inline constexpr std::string_view kDeliverableVersions = "/deliverables/{}/versions";
inline constexpr std::string_view kDeliverableQaItem = "/deliverables/{}/qa/{}";
inline constexpr std::string_view kDeliverableSubmit = "/deliverables/{}/submit";
inline constexpr std::string_view kDeliverableApprove = "/deliverables/{}/approve";
inline constexpr std::string_view kDeliverableRequestChanges = "/deliverables/{}/request-changes";
inline constexpr std::string_view kDeliverableWithdraw = "/deliverables/{}/withdraw";
inline constexpr std::string_view kApprovalCertificate = "/approvals/{}/certificate";
inline constexpr std::string_view kProjectTimeEntries = "/projects/{}/time-entries";
inline constexpr std::string_view kTimeEntry = "/time-entries/{}";
inline constexpr std::string_view kProjectTimesheets = "/projects/{}/timesheets";
inline constexpr std::string_view kTimesheetApprove = "/timesheets/{}/approve";
inline constexpr std::string_view kTimesheetRequestChanges = "/timesheets/{}/request-changes";
inline constexpr std::string_view kProjectAuthorisations = "/projects/{}/authorisations";
inline constexpr std::string_view kProjectProposalSignatures = "/projects/{}/proposal-signatures";
inline constexpr std::string_view kProjectBillable = "/projects/{}/billable";
inline constexpr std::string_view kProjectInvoices = "/projects/{}/invoices";
inline constexpr std::string_view kInvoiceLines = "/invoices/{}/lines";
inline constexpr std::string_view kInvoices = "/invoices";
inline constexpr std::string_view kInvoice = "/invoices/{}";
inline constexpr std::string_view kInvoiceSend = "/invoices/{}/send";
inline constexpr std::string_view kInvoiceVoid = "/invoices/{}/void";
inline constexpr std::string_view kInvoicePayments = "/invoices/{}/payments";
inline constexpr std::string_view kDashboard = "/dashboard";
inline constexpr std::string_view kProjectProgress = "/projects/{}/progress";
inline constexpr std::string_view kAuditVerify = "/audit/verify";
inline constexpr std::string_view kAuditChain = "/audit/chain";
}  // namespace paths

//-----------------------------------------------------------------------------
// [SECTION] Concrete paths, for the portal (ids are the objects' ids; qa_item counts
// from 1). Query strings (?name=, ?payloads=1) are the caller's to append.
//-----------------------------------------------------------------------------

std::string index_path();
std::string health_path();
std::string session_path();
std::string me_path();
std::string workspace_path();
std::string users_path();
std::string members_path();
std::string client_users_path(std::int64_t client_id);
std::string invite_accept_path();
std::string clients_path();
std::string client_path(std::int64_t client_id);
std::string projects_path();
std::string project_path(std::int64_t project_id);
std::string project_milestones_path(std::int64_t project_id);
std::string milestone_path(std::int64_t milestone_id);
std::string project_tasks_path(std::int64_t project_id);
std::string task_path(std::int64_t task_id);
std::string task_comments_path(std::int64_t task_id);
std::string project_files_path(std::int64_t project_id);
std::string file_path(std::int64_t file_id);
std::string workspace_logo_path();
std::string milestone_deliverables_path(std::int64_t milestone_id);
std::string deliverable_path(std::int64_t deliverable_id);
std::string deliverable_versions_path(std::int64_t deliverable_id);
std::string deliverable_qa_item_path(std::int64_t deliverable_id, std::int64_t qa_item);
std::string deliverable_submit_path(std::int64_t deliverable_id);
std::string deliverable_approve_path(std::int64_t deliverable_id);
std::string deliverable_request_changes_path(std::int64_t deliverable_id);
std::string deliverable_withdraw_path(std::int64_t deliverable_id);
std::string approval_certificate_path(std::int64_t approval_id);
std::string project_time_entries_path(std::int64_t project_id);
std::string time_entry_path(std::int64_t time_entry_id);
std::string project_timesheets_path(std::int64_t project_id);
std::string timesheet_approve_path(std::int64_t timesheet_id);
std::string timesheet_request_changes_path(std::int64_t timesheet_id);
std::string project_authorisations_path(std::int64_t project_id);
std::string project_proposal_signatures_path(std::int64_t project_id);
std::string project_billable_path(std::int64_t project_id);
std::string project_invoices_path(std::int64_t project_id);
std::string invoice_lines_path(std::int64_t invoice_id);
std::string invoices_path();
std::string invoice_path(std::int64_t invoice_id);
std::string invoice_send_path(std::int64_t invoice_id);
std::string invoice_void_path(std::int64_t invoice_id);
std::string invoice_payments_path(std::int64_t invoice_id);
std::string dashboard_path();
std::string project_progress_path(std::int64_t project_id);
std::string audit_verify_path();
std::string audit_chain_path();

}  // namespace handoff::api
