// The contract is the documentation: docs/api.md documents exactly the routes the server
// registers (routes()), each with the access the table gives it, and the paths the portal
// builds (api_paths.h) are routes the server has.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "handoff/api_paths.h"
#include "handoff/wire.h"

#include "api.h"

using namespace handoff;

namespace {

std::string read_docs() {
  std::ifstream in(std::string(HANDOFF_SOURCE_DIR) + "/docs/api.md");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The route headings of docs/api.md: "### `METHOD /api/v1/...` — access".
std::set<std::string> documented_routes(const std::string& docs) {
  std::set<std::string> out;
  std::istringstream lines(docs);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("### `", 0) == 0) out.insert(line);
  }
  return out;
}

std::string heading(const server::Route& r) {
  return "### `" + std::string(r.method) + " " + server::documented_path(r) + "` — " + server::access_name(r.access);
}

}  // namespace

TEST(ApiDocs, EveryRouteIsDocumentedWithItsAccessAndNothingElse) {
  const std::string docs = read_docs();
  ASSERT_FALSE(docs.empty()) << "docs/api.md is missing";
  const std::set<std::string> documented = documented_routes(docs);
  std::set<std::string> served;
  for (const server::Route& r : server::routes()) served.insert(heading(r));
  for (const std::string& h : served) EXPECT_TRUE(documented.count(h)) << "docs/api.md lacks the heading: " << h;
  for (const std::string& h : documented) {
    EXPECT_TRUE(served.count(h)) << "docs/api.md documents a route the server does not have (or with another access): " << h;
  }
}

TEST(ApiDocs, EveryPathThePortalCanBuildIsARoute) {
  const std::vector<std::string> built = {
      api::index_path(),
      api::health_path(),
      api::session_path(),
      api::me_path(),
      api::workspace_path(),
      api::users_path(),
      api::members_path(),
      api::client_users_path(3),
      api::invite_accept_path(),
      api::clients_path(),
      api::client_path(3),
      api::projects_path(),
      api::project_path(3),
      api::project_milestones_path(3),
      api::milestone_path(3),
      api::project_tasks_path(3),
      api::task_path(3),
      api::task_comments_path(3),
      api::project_files_path(3),
      api::file_path(3),
      api::workspace_logo_path(),
      api::milestone_deliverables_path(3),
      api::deliverable_path(3),
      api::deliverable_versions_path(3),
      api::deliverable_qa_item_path(3, 4),
      api::deliverable_submit_path(3),
      api::deliverable_approve_path(3),
      api::deliverable_request_changes_path(3),
      api::deliverable_withdraw_path(3),
      api::approval_certificate_path(3),
      api::project_time_entries_path(3),
      api::time_entry_path(3),
      api::project_timesheets_path(3),
      api::timesheet_approve_path(3),
      api::timesheet_request_changes_path(3),
      api::project_authorisations_path(3),
      api::project_proposal_signatures_path(3),
      api::project_billable_path(3),
      api::project_invoices_path(3),
      api::invoice_lines_path(3),
      api::invoices_path(),
      api::invoice_path(3),
      api::invoice_send_path(3),
      api::invoice_void_path(3),
      api::invoice_payments_path(3),
      api::dashboard_path(),
      api::project_progress_path(3),
      api::audit_verify_path(),
      api::audit_chain_path(),
  };
  for (const std::string& path : built) {
    bool matched = false;
    for (const server::Route& r : server::routes()) matched = matched || std::regex_match(path, std::regex(r.pattern));
    EXPECT_TRUE(matched) << path << " matches no route";
  }
}

TEST(ApiDocs, PathsAreBuiltFromTheVersion) {
  EXPECT_EQ(api::api_root(), "/api/v1");
  EXPECT_EQ(wire::kApiVersion, api::kApiVersion);
  EXPECT_EQ(std::string(wire::kHealthPath), api::health_path());
  EXPECT_EQ(std::string(wire::kSessionPath), api::session_path());
  EXPECT_EQ(std::string(wire::kMePath), api::me_path());
  EXPECT_EQ(api::project_path(7), "/api/v1/projects/7");
  EXPECT_EQ(api::deliverable_qa_item_path(7, 2), "/api/v1/deliverables/7/qa/2");
  EXPECT_EQ(api::route_pattern(api::paths::kDeliverableQaItem), R"(/api/v1/deliverables/(\d+)/qa/(\d+))");
  EXPECT_EQ(api::documented_path(api::paths::kDeliverableQaItem), "/api/v1/deliverables/{id}/qa/{item}");
  EXPECT_EQ(api::fill_path("/x/{}/y/{}", {5}), "/api/v1/x/5/y/{}");
}
