// The API's table of contents. Every route, who may call it, and its handler. Paths come
// from the wire contract (shared/handoff/api_paths.h).
// Keep in sync: docs/api.md (tests/server/api_docs_test.cpp fails when a route here is not
// documented there with the same access, or the other way round) and
// tests/server/authorization_test.cpp (which fails when a route here has no row in its matrix).
#include "handoff/api_paths.h"

#include "handlers.h"

namespace handoff::server {

using api::route_pattern;
namespace paths = api::paths;

const std::vector<Route>& routes() {
  static const std::vector<Route> table = {
      // Session
      {"GET", route_pattern(paths::kIndex), Access::anyone, get_api_index},
      {"GET", route_pattern(paths::kHealth), Access::anyone, get_health},
      {"POST", route_pattern(paths::kSession), Access::anyone, post_session},
      {"DELETE", route_pattern(paths::kSession), Access::anyone, delete_session},
      {"GET", route_pattern(paths::kMe), Access::user, get_me},
      // Workspace, users, invites
      {"GET", route_pattern(paths::kWorkspace), Access::user, get_workspace},
      {"PATCH", route_pattern(paths::kWorkspace), Access::owner, patch_workspace},
      {"GET", route_pattern(paths::kUsers), Access::staff, get_users},
      {"POST", route_pattern(paths::kMembers), Access::owner, post_member},
      {"POST", route_pattern(paths::kClientUsers), Access::staff, post_client_user},
      {"POST", route_pattern(paths::kInviteAccept), Access::anyone, post_invite_accept},
      // Clients, projects, milestones, tasks, comments
      {"GET", route_pattern(paths::kClients), Access::staff, get_clients},
      {"POST", route_pattern(paths::kClients), Access::staff, post_client},
      {"PATCH", route_pattern(paths::kClient), Access::staff, patch_client},
      {"GET", route_pattern(paths::kProjects), Access::user, get_projects},
      {"POST", route_pattern(paths::kProjects), Access::staff, post_project},
      {"GET", route_pattern(paths::kProject), Access::user, get_project},
      {"PATCH", route_pattern(paths::kProject), Access::staff, patch_project},
      {"POST", route_pattern(paths::kProjectMilestones), Access::staff, post_milestone},
      {"PATCH", route_pattern(paths::kMilestone), Access::staff, patch_milestone},
      {"POST", route_pattern(paths::kProjectTasks), Access::staff, post_task},
      {"PATCH", route_pattern(paths::kTask), Access::staff, patch_task},
      {"GET", route_pattern(paths::kTaskComments), Access::user, get_comments},
      {"POST", route_pattern(paths::kTaskComments), Access::user, post_comment},
      // Files
      {"GET", route_pattern(paths::kProjectFiles), Access::user, get_project_files},
      {"POST", route_pattern(paths::kProjectFiles), Access::user, post_project_file},
      {"GET", route_pattern(paths::kFile), Access::user, get_file},
      {"POST", route_pattern(paths::kWorkspaceLogo), Access::owner, post_workspace_logo},
      // Delivery and approvals
      {"POST", route_pattern(paths::kMilestoneDeliverables), Access::staff, post_deliverable},
      {"GET", route_pattern(paths::kDeliverable), Access::user, get_deliverable},
      {"POST", route_pattern(paths::kDeliverableVersions), Access::staff, post_version},
      {"PUT", route_pattern(paths::kDeliverableQaItem), Access::staff, put_qa_item},
      {"POST", route_pattern(paths::kDeliverableSubmit), Access::staff, post_submit},
      {"POST", route_pattern(paths::kDeliverableApprove), Access::user, post_approve},
      {"POST", route_pattern(paths::kDeliverableRequestChanges), Access::user, post_request_changes},
      {"POST", route_pattern(paths::kDeliverableWithdraw), Access::user, post_withdraw},
      {"GET", route_pattern(paths::kApprovalCertificate), Access::user, get_certificate},
      // Time and billing
      {"POST", route_pattern(paths::kProjectTimeEntries), Access::staff, post_time_entry},
      {"PATCH", route_pattern(paths::kTimeEntry), Access::staff, patch_time_entry},
      {"POST", route_pattern(paths::kProjectTimesheets), Access::staff, post_timesheet},
      {"POST", route_pattern(paths::kTimesheetApprove), Access::user, post_timesheet_approve},
      {"POST", route_pattern(paths::kTimesheetRequestChanges), Access::user, post_timesheet_request_changes},
      {"POST", route_pattern(paths::kProjectAuthorisations), Access::staff, post_authorisation},
      {"POST", route_pattern(paths::kProjectProposalSignatures), Access::user, post_proposal_signature},
      {"GET", route_pattern(paths::kProjectBillable), Access::staff, get_billable},
      {"POST", route_pattern(paths::kProjectInvoices), Access::staff, post_invoice},
      {"POST", route_pattern(paths::kInvoiceLines), Access::staff, post_invoice_lines},
      {"PUT", route_pattern(paths::kInvoiceLines), Access::staff, put_invoice_lines},
      {"GET", route_pattern(paths::kInvoices), Access::user, get_invoices},
      {"GET", route_pattern(paths::kInvoice), Access::user, get_invoice},
      {"POST", route_pattern(paths::kInvoiceSend), Access::staff, post_invoice_send},
      {"POST", route_pattern(paths::kInvoiceVoid), Access::staff, post_invoice_void},
      {"POST", route_pattern(paths::kInvoicePayments), Access::staff, post_payment},
      // Reports and audit
      {"GET", route_pattern(paths::kDashboard), Access::staff, get_dashboard},
      {"GET", route_pattern(paths::kProjectProgress), Access::user, get_progress},
      {"GET", route_pattern(paths::kAuditVerify), Access::staff, get_audit_verify},
      {"POST", route_pattern(paths::kAuditVerify), Access::user, post_audit_verify},
      {"GET", route_pattern(paths::kAuditChain), Access::user, get_audit_chain},
  };
  return table;
}

const char* access_name(Access access) {
  switch (access) {
    case Access::anyone: return "anyone";
    case Access::user: return "user";
    case Access::staff: return "staff";
    case Access::owner: return "owner";
  }
  return "";
}

std::string documented_path(const Route& route) {
  static const std::string id = R"((\d+))";
  std::string out = route.pattern;
  int n = 0;
  for (std::size_t at = out.find(id); at != std::string::npos; at = out.find(id, at)) {
    out.replace(at, id.size(), n++ == 0 ? "{id}" : "{item}");
  }
  return out;
}

// The table above as JSON, for anyone: what docs/api.md documents, without the prose.
void get_api_index(Call& call) {
  nlohmann::json list = nlohmann::json::array();
  for (const Route& r : routes()) {
    list.push_back({{"method", r.method}, {"path", documented_path(r)}, {"access", access_name(r.access)}});
  }
  call.reply(200, {{"api_version", api::kApiVersion}, {"documentation", "docs/api.md"}, {"routes", list}});
}

}  // namespace handoff::server
