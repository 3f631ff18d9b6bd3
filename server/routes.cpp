// The API's table of contents. Every route, who may call it, and its handler.
// Keep in sync: README "API" and tests/server/authorization_test.cpp (which fails when a
// route here has no row in its matrix).
#include "handlers.h"

namespace handoff::server {

const std::vector<Route>& routes() {
  static const std::vector<Route> table = {
      // Session
      {"GET", R"(/api/v1/health)", Access::anyone, get_health},
      {"POST", R"(/api/v1/session)", Access::anyone, post_session},
      {"DELETE", R"(/api/v1/session)", Access::anyone, delete_session},
      {"GET", R"(/api/v1/me)", Access::user, get_me},
      // Workspace, users, invites
      {"GET", R"(/api/v1/workspace)", Access::user, get_workspace},
      {"PATCH", R"(/api/v1/workspace)", Access::owner, patch_workspace},
      {"GET", R"(/api/v1/users)", Access::staff, get_users},
      {"POST", R"(/api/v1/members)", Access::owner, post_member},
      {"POST", R"(/api/v1/clients/(\d+)/users)", Access::staff, post_client_user},
      {"POST", R"(/api/v1/invites/accept)", Access::anyone, post_invite_accept},
      // Clients, projects, milestones, tasks, comments
      {"GET", R"(/api/v1/clients)", Access::staff, get_clients},
      {"POST", R"(/api/v1/clients)", Access::staff, post_client},
      {"PATCH", R"(/api/v1/clients/(\d+))", Access::staff, patch_client},
      {"GET", R"(/api/v1/projects)", Access::user, get_projects},
      {"POST", R"(/api/v1/projects)", Access::staff, post_project},
      {"GET", R"(/api/v1/projects/(\d+))", Access::user, get_project},
      {"PATCH", R"(/api/v1/projects/(\d+))", Access::staff, patch_project},
      {"POST", R"(/api/v1/projects/(\d+)/milestones)", Access::staff, post_milestone},
      {"PATCH", R"(/api/v1/milestones/(\d+))", Access::staff, patch_milestone},
      {"POST", R"(/api/v1/projects/(\d+)/tasks)", Access::staff, post_task},
      {"PATCH", R"(/api/v1/tasks/(\d+))", Access::staff, patch_task},
      {"GET", R"(/api/v1/tasks/(\d+)/comments)", Access::user, get_comments},
      {"POST", R"(/api/v1/tasks/(\d+)/comments)", Access::user, post_comment},
      // Files
      {"GET", R"(/api/v1/projects/(\d+)/files)", Access::user, get_project_files},
      {"POST", R"(/api/v1/projects/(\d+)/files)", Access::user, post_project_file},
      {"GET", R"(/api/v1/files/(\d+))", Access::user, get_file},
      {"POST", R"(/api/v1/workspace/logo)", Access::owner, post_workspace_logo},
      // Delivery and approvals
      {"POST", R"(/api/v1/milestones/(\d+)/deliverables)", Access::staff, post_deliverable},
      {"GET", R"(/api/v1/deliverables/(\d+))", Access::user, get_deliverable},
      {"POST", R"(/api/v1/deliverables/(\d+)/versions)", Access::staff, post_version},
      {"PUT", R"(/api/v1/deliverables/(\d+)/qa/(\d+))", Access::staff, put_qa_item},
      {"POST", R"(/api/v1/deliverables/(\d+)/submit)", Access::staff, post_submit},
      {"POST", R"(/api/v1/deliverables/(\d+)/approve)", Access::user, post_approve},
      {"POST", R"(/api/v1/deliverables/(\d+)/request-changes)", Access::user, post_request_changes},
      {"POST", R"(/api/v1/deliverables/(\d+)/withdraw)", Access::user, post_withdraw},
      {"GET", R"(/api/v1/approvals/(\d+)/certificate)", Access::user, get_certificate},
      // Time and billing
      {"POST", R"(/api/v1/projects/(\d+)/time-entries)", Access::staff, post_time_entry},
      {"PATCH", R"(/api/v1/time-entries/(\d+))", Access::staff, patch_time_entry},
      {"POST", R"(/api/v1/projects/(\d+)/timesheets)", Access::staff, post_timesheet},
      {"POST", R"(/api/v1/timesheets/(\d+)/approve)", Access::user, post_timesheet_approve},
      {"POST", R"(/api/v1/timesheets/(\d+)/request-changes)", Access::user, post_timesheet_request_changes},
      {"POST", R"(/api/v1/projects/(\d+)/authorisations)", Access::staff, post_authorisation},
      {"POST", R"(/api/v1/projects/(\d+)/proposal-signatures)", Access::user, post_proposal_signature},
      {"GET", R"(/api/v1/projects/(\d+)/billable)", Access::staff, get_billable},
      {"POST", R"(/api/v1/projects/(\d+)/invoices)", Access::staff, post_invoice},
      {"POST", R"(/api/v1/invoices/(\d+)/lines)", Access::staff, post_invoice_lines},
      {"PUT", R"(/api/v1/invoices/(\d+)/lines)", Access::staff, put_invoice_lines},
      {"GET", R"(/api/v1/invoices)", Access::user, get_invoices},
      {"GET", R"(/api/v1/invoices/(\d+))", Access::user, get_invoice},
      {"POST", R"(/api/v1/invoices/(\d+)/send)", Access::staff, post_invoice_send},
      {"POST", R"(/api/v1/invoices/(\d+)/void)", Access::staff, post_invoice_void},
      {"POST", R"(/api/v1/invoices/(\d+)/payments)", Access::staff, post_payment},
      // Reports and audit
      {"GET", R"(/api/v1/dashboard)", Access::staff, get_dashboard},
      {"GET", R"(/api/v1/projects/(\d+)/progress)", Access::user, get_progress},
      {"GET", R"(/api/v1/audit/verify)", Access::staff, get_audit_verify},
      {"POST", R"(/api/v1/audit/verify)", Access::user, post_audit_verify},
      {"GET", R"(/api/v1/audit/chain)", Access::user, get_audit_chain},
  };
  return table;
}

}  // namespace handoff::server
