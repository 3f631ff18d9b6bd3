// Building the API's paths (see api_paths.h).
#include "handoff/api_paths.h"

namespace handoff::api {

std::string api_root() { return "/api/v" + std::to_string(kApiVersion); }

namespace {

// The root followed by `path_template` with each "{}" replaced by `hole(n)` (n from 0).
template <class Hole>
std::string expand(std::string_view path_template, Hole hole) {
  std::string out = api_root();
  std::size_t n = 0;
  for (std::size_t i = 0; i < path_template.size(); ++i) {
    if (path_template[i] == '{' && i + 1 < path_template.size() && path_template[i + 1] == '}') {
      out += hole(n++);
      ++i;
    } else {
      out += path_template[i];
    }
  }
  return out;
}

}  // namespace

std::string route_pattern(std::string_view path_template) {
  return expand(path_template, [](std::size_t) { return std::string(R"((\d+))"); });
}

std::string documented_path(std::string_view path_template) {
  return expand(path_template, [](std::size_t n) { return std::string(n == 0 ? "{id}" : "{item}"); });
}

std::string fill_path(std::string_view path_template, std::initializer_list<std::int64_t> ids) {
  return expand(path_template, [&ids](std::size_t n) {
    return n < ids.size() ? std::to_string(ids.begin()[n]) : std::string("{}");
  });
}

std::string index_path() { return api_root(); }
std::string health_path() { return fill_path(paths::kHealth, {}); }
std::string session_path() { return fill_path(paths::kSession, {}); }
std::string me_path() { return fill_path(paths::kMe, {}); }
std::string workspace_path() { return fill_path(paths::kWorkspace, {}); }
std::string users_path() { return fill_path(paths::kUsers, {}); }
std::string members_path() { return fill_path(paths::kMembers, {}); }
std::string client_users_path(std::int64_t client_id) { return fill_path(paths::kClientUsers, {client_id}); }
std::string invite_accept_path() { return fill_path(paths::kInviteAccept, {}); }
std::string clients_path() { return fill_path(paths::kClients, {}); }
std::string client_path(std::int64_t client_id) { return fill_path(paths::kClient, {client_id}); }
std::string projects_path() { return fill_path(paths::kProjects, {}); }
std::string project_path(std::int64_t project_id) { return fill_path(paths::kProject, {project_id}); }
std::string project_milestones_path(std::int64_t project_id) { return fill_path(paths::kProjectMilestones, {project_id}); }
std::string milestone_path(std::int64_t milestone_id) { return fill_path(paths::kMilestone, {milestone_id}); }
std::string project_tasks_path(std::int64_t project_id) { return fill_path(paths::kProjectTasks, {project_id}); }
std::string task_path(std::int64_t task_id) { return fill_path(paths::kTask, {task_id}); }
std::string task_comments_path(std::int64_t task_id) { return fill_path(paths::kTaskComments, {task_id}); }
std::string project_files_path(std::int64_t project_id) { return fill_path(paths::kProjectFiles, {project_id}); }
std::string file_path(std::int64_t file_id) { return fill_path(paths::kFile, {file_id}); }
std::string workspace_logo_path() { return fill_path(paths::kWorkspaceLogo, {}); }
std::string milestone_deliverables_path(std::int64_t milestone_id) { return fill_path(paths::kMilestoneDeliverables, {milestone_id}); }
std::string deliverable_path(std::int64_t deliverable_id) { return fill_path(paths::kDeliverable, {deliverable_id}); }
std::string deliverable_versions_path(std::int64_t deliverable_id) { return fill_path(paths::kDeliverableVersions, {deliverable_id}); }
std::string deliverable_qa_item_path(std::int64_t deliverable_id, std::int64_t qa_item) { return fill_path(paths::kDeliverableQaItem, {deliverable_id, qa_item}); }
std::string deliverable_submit_path(std::int64_t deliverable_id) { return fill_path(paths::kDeliverableSubmit, {deliverable_id}); }
std::string deliverable_approve_path(std::int64_t deliverable_id) { return fill_path(paths::kDeliverableApprove, {deliverable_id}); }
std::string deliverable_request_changes_path(std::int64_t deliverable_id) { return fill_path(paths::kDeliverableRequestChanges, {deliverable_id}); }
std::string deliverable_withdraw_path(std::int64_t deliverable_id) { return fill_path(paths::kDeliverableWithdraw, {deliverable_id}); }
std::string approval_certificate_path(std::int64_t approval_id) { return fill_path(paths::kApprovalCertificate, {approval_id}); }
std::string project_time_entries_path(std::int64_t project_id) { return fill_path(paths::kProjectTimeEntries, {project_id}); }
std::string time_entry_path(std::int64_t time_entry_id) { return fill_path(paths::kTimeEntry, {time_entry_id}); }
std::string project_timesheets_path(std::int64_t project_id) { return fill_path(paths::kProjectTimesheets, {project_id}); }
std::string timesheet_approve_path(std::int64_t timesheet_id) { return fill_path(paths::kTimesheetApprove, {timesheet_id}); }
std::string timesheet_request_changes_path(std::int64_t timesheet_id) { return fill_path(paths::kTimesheetRequestChanges, {timesheet_id}); }
std::string project_authorisations_path(std::int64_t project_id) { return fill_path(paths::kProjectAuthorisations, {project_id}); }
std::string project_proposal_signatures_path(std::int64_t project_id) { return fill_path(paths::kProjectProposalSignatures, {project_id}); }
std::string project_billable_path(std::int64_t project_id) { return fill_path(paths::kProjectBillable, {project_id}); }
std::string project_invoices_path(std::int64_t project_id) { return fill_path(paths::kProjectInvoices, {project_id}); }
std::string invoice_lines_path(std::int64_t invoice_id) { return fill_path(paths::kInvoiceLines, {invoice_id}); }
std::string invoices_path() { return fill_path(paths::kInvoices, {}); }
std::string invoice_path(std::int64_t invoice_id) { return fill_path(paths::kInvoice, {invoice_id}); }
std::string invoice_send_path(std::int64_t invoice_id) { return fill_path(paths::kInvoiceSend, {invoice_id}); }
std::string invoice_void_path(std::int64_t invoice_id) { return fill_path(paths::kInvoiceVoid, {invoice_id}); }
std::string invoice_payments_path(std::int64_t invoice_id) { return fill_path(paths::kInvoicePayments, {invoice_id}); }
std::string dashboard_path() { return fill_path(paths::kDashboard, {}); }
std::string project_progress_path(std::int64_t project_id) { return fill_path(paths::kProjectProgress, {project_id}); }
std::string audit_verify_path() { return fill_path(paths::kAuditVerify, {}); }
std::string audit_chain_path() { return fill_path(paths::kAuditChain, {}); }

}  // namespace handoff::api
