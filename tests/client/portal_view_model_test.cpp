// Routes, the portal view-model and the screens' view-models against a fake server.
#include <gtest/gtest.h>

#include "handoff/dates.h"
#include "handoff/wire_model.h"

#include "../core/fixture.h"
#include "fake_server.h"
#include "portal_view_model.h"

using namespace handoff;
using namespace handoff::client;
using handoff::client::testing::FakeServer;
namespace fx = handoff::testing;

namespace {

std::string me_json(Role role) {
  wire::Me me{role == Role::client ? 3 : 1, role == Role::client ? 10 : 0, "x@y.z",
              role == Role::client ? "Ada Lovelace" : "Olive Owner", role, 1, "Studio"};
  return wire::to_json(me).dump();
}

struct PortalTest : ::testing::Test {
  ApiClient api;
  FakeServer server{api};
  PortalTest() {
    server.auto_reply("/api/v1/workspace", 200, R"({"name":"Studio","brand_colour":"#ff6600"})");
    server.auto_reply("/api/v1/users", 200,
                      R"({"users":[{"id":2,"name":"Max Member","role":"member"},{"id":3,"name":"Ada Lovelace","role":"client"},)"
                      R"({"id":1,"name":"Olive Owner","role":"owner"}]})");
  }
  int keys = 0;
  PortalViewModel vm{api, [this] { return "key-" + std::to_string(++keys) + "-0000"; }};

  // Starts at `hash` and logs in as `role` (answering GET /me).
  void start_as(Role role, const std::string& hash = "") {
    vm.start(hash, fx::kNow);
    ApiRequest me = server.only();
    ASSERT_EQ(me.path, "/api/v1/me");
    server.reply(me, 200, me_json(role));
    vm.frame(vm.take_new_hash().value_or(hash), fx::kNow);
  }
  // Answers the project screen's loads with engagement `e` as `who` sees it (no files).
  void show_project(const Engagement& e, const Actor& who) {
    answer("/api/v1/projects/100", wire::project_to_json(e, who, fx::kNow).dump());
    answer("/api/v1/projects/100/files", R"({"files":[]})");
    vm.frame("#/projects/100", fx::kNow);
  }
  // Answers the one pending GET of `path` with `body`.
  void answer(const std::string& path, const std::string& body, int status = 200) {
    for (const ApiRequest& r : server.take()) {
      if (r.path == path) return server.reply(r, status, body);
      ADD_FAILURE() << "unexpected request " << r.method << " " << r.path;
    }
  }
};

}  // namespace

TEST(Routes, ParseAndFormatRoundTrip) {
  for (const Route& r : {Route{Page::dashboard}, Route{Page::clients}, Route{Page::projects}, Route{Page::project, 7},
                         Route{Page::new_invoice, 7}, Route{Page::deliverable, 12}, Route{Page::invoices},
                         Route{Page::invoice, 3}, Route{Page::settings}, Route{Page::home},
                         Route{Page::invite, 0, "abc123"}}) {
    EXPECT_EQ(parse_route(route_hash(r)), r) << route_hash(r);
  }
  for (const char* garbage : {"", "#", "#/", "#/projects/x", "#/projects/-1", "#/nope", "#/invoices/3/4", "#/invite"}) {
    EXPECT_EQ(parse_route(garbage).page, Page::dashboard) << garbage;
  }
  EXPECT_EQ(route_hash({Page::login}), "");
}

TEST_F(PortalTest, TeamLandsOnTheDashboardClientsOnTheirHome) {
  start_as(Role::owner);
  EXPECT_EQ(vm.route().page, Page::dashboard);
  answer("/api/v1/dashboard", "{}");
  EXPECT_EQ(vm.nav().size(), 5u);

  ApiClient api2;
  FakeServer server2(api2);
  server2.auto_reply("/api/v1/workspace", 200, "{}");
  PortalViewModel client(api2, [] { return std::string("k"); });
  client.start("", fx::kNow);
  server2.reply(server2.only(), 200, me_json(Role::client));
  client.frame("", fx::kNow);
  EXPECT_EQ(client.route().page, Page::home);
  EXPECT_EQ(client.take_new_hash(), "#/home");
  ASSERT_EQ(client.nav().size(), 2u);
  EXPECT_STREQ(client.nav()[0].label, "Home");
}

TEST_F(PortalTest, ADeepLinkSurvivesLoggingIn) {
  vm.start("#/projects/7", fx::kNow);
  server.reply(server.only(), 401, R"({"error":{"code":"not_logged_in","message":"Log in to continue.","reasons":[]}})");
  vm.frame("#/projects/7", fx::kNow);
  EXPECT_EQ(vm.route().page, Page::login);
  vm.session.email = "owner@handoff.local";
  vm.session.password = "correct horse";
  vm.session.submit();
  server.reply(server.only(), 200, me_json(Role::owner));
  vm.frame("#/projects/7", fx::kNow);
  EXPECT_EQ(vm.route(), (Route{Page::project, 7}));
  std::vector<std::string> paths;
  for (const ApiRequest& r : server.take()) paths.push_back(r.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"/api/v1/projects/7", "/api/v1/projects/7/files"}));
}

TEST_F(PortalTest, BackAndForwardFollowTheHash) {
  start_as(Role::owner);
  server.take();
  vm.navigate({Page::invoices});
  EXPECT_EQ(vm.take_new_hash(), "#/invoices");
  vm.frame("#/invoices", fx::kNow);  // the platform set it: nothing new
  EXPECT_EQ(server.take().size(), 1u);
  vm.frame("#/dashboard", fx::kNow);  // the back button
  EXPECT_EQ(vm.route().page, Page::dashboard);
  EXPECT_FALSE(vm.take_new_hash());
  EXPECT_EQ(server.only().path, "/api/v1/dashboard");
}

TEST_F(PortalTest, AnInviteLinkSetsAPasswordAndLogsIn) {
  vm.start("#/invite/tok123", fx::kNow);
  EXPECT_TRUE(server.take().empty());  // no session check on the invite page
  EXPECT_EQ(vm.route().page, Page::invite);
  vm.invite_password = "ada-lovelace-1815";
  vm.accept_invite();
  ApiRequest r = server.only();
  EXPECT_EQ(r.path, "/api/v1/invites/accept");
  EXPECT_EQ(nlohmann::json::parse(r.body), (nlohmann::json{{"token", "tok123"}, {"password", "ada-lovelace-1815"}}));
  server.reply(r, 200, me_json(Role::client));
  vm.frame("#/invite/tok123", fx::kNow);
  EXPECT_EQ(vm.route().page, Page::home);
  EXPECT_EQ(vm.invite_password, "");
}

TEST_F(PortalTest, ProjectScreenExplainsWithTheCoreAndParsesMoney) {
  start_as(Role::owner, "#/projects/100");
  Engagement e = fx::sample_engagement();
  e = fx::ok(add_version(e, fx::kOwner, 11, {fx::file("logo.svg", "v1")}, fx::kNow));
  show_project(e, fx::kOwner);
  const std::vector<Reason> blockers = vm.project.send_blockers(11);
  ASSERT_EQ(blockers.size(), 2u);
  EXPECT_EQ(blockers[0].message, "QA item 'Colours match brand' is not checked.");

  vm.project.milestone_name = "Launch";
  vm.project.milestone_fee = "$12,500.50";
  vm.project.add_milestone(vm.ctx);
  ApiRequest r = server.only();
  EXPECT_EQ(r.path, "/api/v1/projects/100/milestones");
  EXPECT_EQ(nlohmann::json::parse(r.body)["amount_minor"], 1250050);
  server.reply(r, 400, R"({"error":{"code":"invalid_request","message":"Give the milestone a name.","reasons":[]}})");
  EXPECT_EQ(vm.project.change.error(), "Give the milestone a name.");
  EXPECT_EQ(vm.project.milestone_name, "Launch");  // kept for correcting

  vm.project.pick_files(vm.ctx);
  std::vector<Effect> effects = vm.take_effects();
  ASSERT_EQ(effects.size(), 1u);
  EXPECT_EQ(effects[0].kind, Effect::Kind::pick_files);
  EXPECT_EQ(effects[0].text, "/api/v1/projects/100/files");
  vm.on_upload("/api/v1/projects/100/files", "logo.svg", 50, 100, false, "");
  EXPECT_EQ(vm.project.uploads.size(), 1u);
  vm.on_upload("/api/v1/projects/7/files", "other.svg", 50, 100, false, "");  // another project's: not shown here
  EXPECT_EQ(vm.project.uploads.size(), 1u);
  vm.on_upload("/api/v1/projects/100/files", "logo.svg", 100, 100, true, "");
  EXPECT_TRUE(vm.project.uploads[0].done);
  EXPECT_EQ(server.only().path, "/api/v1/projects/100/files");  // the list refreshes
}

TEST_F(PortalTest, NewInvoiceListsExactlyWhatTheGateAllows) {
  start_as(Role::owner, "#/projects/100/invoice");
  Engagement e = fx::approved_design();
  answer("/api/v1/projects/100", wire::project_to_json(e, fx::kOwner, fx::kNow).dump());
  vm.frame("#/projects/100/invoice", fx::kNow);
  ASSERT_EQ(vm.new_invoice.items.size(), 2u);  // Design (approved), Build (no deliverables)
  EXPECT_TRUE(vm.new_invoice.items[0].blockers.empty());
  EXPECT_EQ(vm.new_invoice.items[1].blockers[0].code, "no_deliverables");
  EXPECT_TRUE(vm.new_invoice.selected[0]);
  EXPECT_FALSE(vm.new_invoice.selected[1]);
  EXPECT_TRUE(vm.new_invoice.can_create());
  vm.new_invoice.submit(vm.ctx);
  ApiRequest r = server.only();
  EXPECT_EQ(nlohmann::json::parse(r.body)["lines"].size(), 1u);
  server.reply(r, 201, R"({"id":900})");
  EXPECT_EQ(vm.route(), (Route{Page::invoice, 900}));
  EXPECT_EQ(vm.take_new_hash(), "#/invoices/900");

  Engagement blocked = fx::sample_engagement();
  vm.navigate({Page::new_invoice, 100});
  for (const ApiRequest& q : server.take()) {
    if (q.path == "/api/v1/projects/100") server.reply(q, 200, wire::project_to_json(blocked, fx::kOwner, fx::kNow).dump());
  }
  vm.frame("#/projects/100/invoice", fx::kNow);
  EXPECT_FALSE(vm.new_invoice.can_create());
}

TEST_F(PortalTest, TheClientSeesWhyBeforeClickingApproveAndSignsTheExactStatement) {
  start_as(Role::client, "#/deliverables/11");
  Engagement e = fx::version_ready_for_review(fx::sample_engagement(), 11, "<svg/>");
  const nlohmann::json project = wire::project_to_json(e, fx::kClient, fx::kNow);
  answer("/api/v1/deliverables/11", project["deliverables"][0].dump());
  vm.frame("#/deliverables/11", fx::kNow);
  answer("/api/v1/projects/100", project.dump());
  vm.frame("#/deliverables/11", fx::kNow);
  std::vector<Reason> why = vm.deliverable.approve_blockers(vm.ctx);
  ASSERT_EQ(why.size(), 2u);
  EXPECT_EQ(why[0].code, "typed_name_missing");
  EXPECT_EQ(why[1].code, "consent_missing");
  vm.deliverable.typed_name = "Ada King";
  vm.deliverable.consent = true;
  why = vm.deliverable.approve_blockers(vm.ctx);
  ASSERT_EQ(why.size(), 1u);
  EXPECT_EQ(why[0].message, "The typed name must match the name on your account: 'Ada Lovelace'.");
  vm.deliverable.typed_name = "ada lovelace";
  EXPECT_TRUE(vm.deliverable.approve_blockers(vm.ctx).empty());
  vm.deliverable.approve(vm.ctx);
  ApiRequest r = server.only();
  const nlohmann::json body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["version"], 1);
  EXPECT_EQ(body["statement"], project["deliverables"][0]["statement"]);
  EXPECT_EQ(body["consent"], true);
}

TEST_F(PortalTest, PaymentsCarryOneKeyPerFormSoADoubleClickRecordsOnce) {
  start_as(Role::owner, "#/invoices/900");
  answer("/api/v1/invoices/900", R"({"id":900,"currency":"USD","status":"sent","total_minor":600000,"paid_minor":0})");
  vm.invoice.payment_amount = "1,000";
  vm.invoice.record_payment(vm.ctx);
  vm.invoice.record_payment(vm.ctx);  // double click while busy: ignored
  ApiRequest r = server.only();
  const nlohmann::json body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["amount_minor"], 100000);
  EXPECT_EQ(body["idempotency_key"], "key-1-0000");
  server.reply(r, 500, "");  // a failed attempt keeps the key: a retry is the same payment
  vm.invoice.payment_amount = "1,000";
  vm.invoice.record_payment(vm.ctx);
  ApiRequest retry = server.only();
  EXPECT_EQ(nlohmann::json::parse(retry.body)["idempotency_key"], "key-1-0000");
  server.reply(retry, 201, "{}");
  EXPECT_EQ(vm.invoice.payment_key, "key-2-0000");  // the next payment is a new one
}

TEST_F(PortalTest, CertificatesDownloadAsJsonFiles) {
  start_as(Role::client, "#/deliverables/11");
  answer("/api/v1/deliverables/11", R"({"id":11,"project_id":100,"approval_id":501,"versions":[]})");
  vm.frame("#/deliverables/11", fx::kNow);
  server.take();
  vm.deliverable.download_certificate(vm.ctx);
  ApiRequest r = server.only();
  EXPECT_EQ(r.path, "/api/v1/approvals/501/certificate");
  server.reply(r, 200, R"({"format":"handoff.certificate.v1"})");
  std::vector<Effect> effects = vm.take_effects();
  ASSERT_EQ(effects.size(), 1u);
  EXPECT_EQ(effects[0].kind, Effect::Kind::download_text);
  EXPECT_EQ(effects[0].name, "approval-501-certificate.json");
  EXPECT_NE(effects[0].text.find("handoff.certificate.v1"), std::string::npos);
}

TEST(ResourceLoads, AStaleAnswerNeverOverwritesANewerOne) {
  ApiClient api;
  FakeServer server(api);
  Resource r;
  r.load(api, "/api/v1/projects/7");
  r.load(api, "/api/v1/projects/8");
  std::vector<ApiRequest> both = server.take();
  ASSERT_EQ(both.size(), 2u);
  server.reply(both[1], 200, R"({"id":8})");
  server.reply(both[0], 200, R"({"id":7})");  // late answer for the old path
  EXPECT_EQ(r.data()["id"], 8);
}

TEST_F(PortalTest, ClientsScreenAddsAClientInvitesAUserAndStartsAProject) {
  start_as(Role::owner, "#/clients");
  answer("/api/v1/clients", R"({"clients":[]})");
  answer("/api/v1/projects", R"({"projects":[]})");
  vm.clients.new_client_name = "Northwind";
  vm.clients.add_client(vm.ctx);
  ApiRequest add = server.only();
  EXPECT_EQ(nlohmann::json::parse(add.body), (nlohmann::json{{"name", "Northwind"}}));
  server.reply(add, 201, R"({"id":10,"name":"Northwind","status":"lead"})");
  EXPECT_EQ(vm.clients.invite_client_id, 10);   // the new client is preselected
  EXPECT_EQ(vm.clients.project_client_id, 10);
  EXPECT_EQ(server.only().path, "/api/v1/clients");  // the list refreshes
  // A second client does not take over pickers that already name one.
  vm.clients.new_client_name = "Contoso";
  vm.clients.add_client(vm.ctx);
  server.reply(server.only(), 201, R"({"id":11,"name":"Contoso","status":"lead"})");
  EXPECT_EQ(vm.clients.invite_client_id, 10);
  EXPECT_EQ(vm.clients.project_client_id, 10);
  EXPECT_EQ(server.only().path, "/api/v1/clients");
  vm.clients.invite_name = "Ada Lovelace";
  vm.clients.invite_email = "ada@northwind.test";
  vm.clients.send_invite(vm.ctx);
  ApiRequest invite = server.only();
  EXPECT_EQ(invite.path, "/api/v1/clients/10/users");
  server.reply(invite, 201, R"({"invite_path":"/#/invite/abc"})");
  EXPECT_EQ(vm.clients.invite_path, "/#/invite/abc");
  vm.clients.new_project_name = "Website";
  vm.clients.add_project(vm.ctx);
  ApiRequest project = server.only();
  server.reply(project, 201, R"({"id":100})");
  EXPECT_EQ(vm.route(), (Route{Page::project, 100}));
}

TEST_F(PortalTest, SettingsLoadIntoTheFormAndSaveTaxAsBasisPoints) {
  server.auto_reply("/api/v1/workspace", 200,
                    R"({"name":"Studio","brand_colour":"#2f5bea","currency":"EUR","tax_basis_points":1950,)"
                    R"("payment_terms_days":14,"invoice_prefix":"ST-"})");
  start_as(Role::owner, "#/settings");
  server.take();  // answers the workspace loads
  vm.frame("#/settings", fx::kNow);
  EXPECT_EQ(vm.settings.name, "Studio");
  EXPECT_EQ(vm.settings.tax_percent, "19.50");
  EXPECT_EQ(vm.settings.payment_terms_days, "14");
  EXPECT_EQ(vm.settings.invoice_prefix, "ST-");
  vm.settings.tax_percent = "20";
  vm.settings.payment_terms_days = "30";
  vm.settings.name = "Studio B";
  vm.settings.submit(vm.ctx);
  ApiRequest r = server.only();
  EXPECT_EQ(r.method, "PATCH");
  const nlohmann::json body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["tax_basis_points"], 2000);
  EXPECT_EQ(body["name"], "Studio B");
  EXPECT_EQ(body["payment_terms_days"], 30);
  EXPECT_EQ(body["invoice_prefix"], "ST-");
  server.reply(r, 400, R"({"error":{"code":"invalid_request","message":"Brand colour must look like #2f5bea.","reasons":[{"code":"bad_colour","message":"Brand colour must look like #2f5bea."}]}})");
  EXPECT_EQ(vm.settings.save.error(), "Brand colour must look like #2f5bea.");
  ASSERT_EQ(vm.settings.save.reasons().size(), 1u);
  ASSERT_TRUE(vm.ctx.me);
  EXPECT_NE(vm.ctx.me->workspace_name, "Studio B");  // a refused save renames nothing
  vm.settings.submit(vm.ctx);
  server.reply(server.only(), 200, R"({"id":1,"name":"Studio B","brand_colour":"#2f5bea","currency":"EUR"})");
  EXPECT_EQ(vm.ctx.me->workspace_name, "Studio B");  // the sidebar follows the rename at once
}

TEST_F(PortalTest, ClientHomeLoadsEachProjectsProgress) {
  start_as(Role::client);
  std::vector<ApiRequest> first = server.take();
  EXPECT_EQ(vm.brand_colour(), "#ff6600");  // loaded once logged in, for the client's view
  ASSERT_EQ(first.size(), 2u);
  for (const ApiRequest& r : first) {
    if (r.path == "/api/v1/projects") server.reply(r, 200, R"({"projects":[{"id":7,"name":"Website"},{"id":8,"name":"App"}]})");
    else server.reply(r, 200, R"({"invoices":[]})");
  }
  vm.frame("#/home", fx::kNow);
  std::vector<std::string> paths;
  for (const ApiRequest& r : server.take()) paths.push_back(r.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"/api/v1/projects/7/progress", "/api/v1/projects/8/progress"}));
  vm.frame("#/home", fx::kNow);  // no reload while nothing changed
  EXPECT_TRUE(server.take().empty());
}

TEST_F(PortalTest, LoggingOutReturnsToTheLoginScreen) {
  start_as(Role::owner);
  server.take();
  vm.log_out();
  server.reply(server.only(), 204, "");
  vm.frame("#/dashboard", fx::kNow);
  EXPECT_EQ(vm.route().page, Page::login);
}

TEST_F(PortalTest, TaskCommentsOpenPostAndClose) {
  start_as(Role::client, "#/projects/100");
  server.take();
  vm.project.toggle_comments(vm.ctx, 21);
  ApiRequest r = server.only();
  EXPECT_EQ(r.path, "/api/v1/tasks/21/comments");
  server.reply(r, 200, R"({"comments":[]})");
  vm.project.comment_text = "Can we see the sketches?";
  vm.project.add_comment(vm.ctx);
  ApiRequest post = server.only();
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(nlohmann::json::parse(post.body)["body"], "Can we see the sketches?");
  server.reply(post, 201, "{}");
  EXPECT_EQ(vm.project.comment_text, "");
  EXPECT_EQ(server.only().path, "/api/v1/tasks/21/comments");  // reloads the thread
  vm.project.toggle_comments(vm.ctx, 21);
  EXPECT_EQ(vm.project.comments_task_id, 0);
}

TEST_F(PortalTest, TimerLogsTheElapsedMinutesAndTimesheetsSubmitWhatIsFree) {
  start_as(Role::owner, "#/projects/100");
  Engagement e = fx::sample_engagement();
  show_project(e, fx::kOwner);
  vm.project.time_rate = "120";
  vm.project.start_timer(vm.ctx, 21);
  vm.frame("#/projects/100", fx::kNow + 130);  // 2 min 10 s later
  EXPECT_EQ(vm.project.timer_minutes(vm.ctx), 3);
  vm.project.stop_timer(vm.ctx);
  ApiRequest r = server.only();
  const nlohmann::json body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["minutes"], 3);
  EXPECT_EQ(body["task_id"], 21);
  EXPECT_EQ(body["hourly_rate_minor"], 12000);
  EXPECT_EQ(body["started_at"], fx::kNow);
  EXPECT_EQ(vm.project.timer_started_at, 0);

  // Two logged entries, one already on a submitted timesheet: the next sheet takes the other.
  e = fx::ok(add_time_entry(e, fx::kOwner, {31, 1, 21, fx::kNow, 60, 12000, true, ""}));
  e = fx::ok(add_time_entry(e, fx::kOwner, {32, 1, 21, fx::kNow + 600, 30, 12000, true, ""}));
  e = fx::ok(submit_timesheet(e, fx::kOwner, 51, fx::kNow, fx::kNow + 1, {31}));
  server.reply(r, 201, "{}");
  for (const ApiRequest& q : server.take()) {
    server.reply(q, 200, q.path == "/api/v1/projects/100" ? wire::project_to_json(e, fx::kOwner, fx::kNow).dump() : R"({"files":[]})");
  }
  vm.frame("#/projects/100", fx::kNow + 200);
  vm.project.submit_timesheet(vm.ctx);
  const nlohmann::json sheet = nlohmann::json::parse(server.only().body);
  EXPECT_EQ(sheet["entry_ids"], (nlohmann::json{32}));
  EXPECT_EQ(sheet["period_start"], fx::kNow + 600);
  EXPECT_EQ(sheet["period_end"], fx::kNow + 601);
}

TEST_F(PortalTest, TheClientApprovesATimesheetWithTheExactStatement) {
  start_as(Role::client, "#/projects/100");
  Engagement e = fx::sample_engagement();
  e = fx::ok(add_time_entry(e, fx::kOwner, {31, 1, 21, fx::kNow, 90, 12000, true, ""}));
  e = fx::ok(submit_timesheet(e, fx::kOwner, 51, fx::kNow, fx::kNow + 1, {31}));
  show_project(e, fx::kClient);
  EXPECT_EQ(vm.project.timesheet_blockers(vm.ctx, 51).size(), 2u);  // name and consent
  vm.project.timesheet_typed_name = "Ada Lovelace";
  vm.project.timesheet_consent = true;
  EXPECT_TRUE(vm.project.timesheet_blockers(vm.ctx, 51).empty());
  vm.project.approve_timesheet(vm.ctx, 51);
  ApiRequest r = server.only();
  EXPECT_EQ(r.path, "/api/v1/timesheets/51/approve");
  EXPECT_EQ(nlohmann::json::parse(r.body)["statement"], timesheet_statement(e, e.timesheets[0]));
}

TEST_F(PortalTest, ClientsAndProjectsAreRenamedInPlace) {
  start_as(Role::owner, "#/clients");
  server.take();
  vm.clients.start_rename("clients", 10, "Northwind");
  EXPECT_TRUE(vm.clients.renaming("clients", 10));
  EXPECT_FALSE(vm.clients.renaming("projects", 10));
  vm.clients.rename_text = "Northwind Traders";
  vm.clients.save_rename(vm.ctx);
  ApiRequest r = server.only();
  EXPECT_EQ(r.method, "PATCH");
  EXPECT_EQ(r.path, "/api/v1/clients/10");
  EXPECT_EQ(nlohmann::json::parse(r.body), (nlohmann::json{{"name", "Northwind Traders"}}));
  server.reply(r, 400, R"({"error":{"code":"invalid_request","message":"Give the client a name.","reasons":[]}})");
  EXPECT_TRUE(vm.clients.renaming("clients", 10));  // still open, with the error, to correct
  EXPECT_EQ(vm.clients.rename.error(), "Give the client a name.");
  vm.clients.save_rename(vm.ctx);
  server.reply(server.only(), 200, "{}");
  EXPECT_FALSE(vm.clients.renaming("clients", 10));
  std::vector<std::string> reloaded;
  for (const ApiRequest& q : server.take()) reloaded.push_back(q.path);
  EXPECT_EQ(reloaded, (std::vector<std::string>{"/api/v1/clients", "/api/v1/projects"}));

  vm.clients.start_rename("projects", 100, "Website");
  vm.clients.cancel_rename();
  EXPECT_FALSE(vm.clients.renaming("projects", 100));
  EXPECT_TRUE(server.take().empty());
}

TEST_F(PortalTest, AnOpenTaskIsAssignedAndGetsADueDateTypedByAPerson) {
  start_as(Role::owner, "#/projects/100");
  Engagement e = fx::sample_engagement();
  show_project(e, fx::kOwner);
  // The team, by name; client users are not assignees.
  using Who = std::pair<std::int64_t, std::string>;
  EXPECT_EQ(vm.project.assignees(), (std::vector<Who>{{2, "Max Member"}, {1, "Olive Owner"}}));

  vm.project.toggle_comments(vm.ctx, 23);
  server.reply(server.only(), 200, R"({"comments":[]})");
  EXPECT_EQ(vm.project.task_edit_title, "Templates");
  EXPECT_EQ(vm.project.task_edit_assignee, 1);
  EXPECT_EQ(vm.project.task_edit_due, "");

  vm.project.task_edit_assignee = 2;
  vm.project.task_edit_due = "31 Feb 2027";
  vm.project.save_task(vm.ctx);
  EXPECT_TRUE(server.take().empty());  // refused here: not a day
  EXPECT_EQ(vm.project.change.error(), "'31 Feb 2027' is not a date. Type it like 2027-01-15 or 15 Jan 2027, or leave it empty.");

  vm.project.task_edit_due = "2027-03-01";
  vm.project.save_task(vm.ctx);
  ApiRequest r = server.only();
  EXPECT_EQ(r.method, "PATCH");
  EXPECT_EQ(r.path, "/api/v1/tasks/23");
  const nlohmann::json body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["assignee_user_id"], 2);
  EXPECT_EQ(body["due"], *parse_date("2027-03-01"));
  EXPECT_EQ(body["title"], "Templates");
  EXPECT_EQ(body["milestone_id"], 2);  // kept as it was
  EXPECT_TRUE(vm.project.change.error().empty());
  server.reply(r, 200, "{}");
  e.tasks[2].assignee_user_id = 2;
  e.tasks[2].due = *parse_date("2027-03-01");
  for (const ApiRequest& q : server.take()) {
    server.reply(q, 200, q.path == "/api/v1/projects/100" ? wire::project_to_json(e, fx::kOwner, fx::kNow).dump() : R"({"files":[]})");
  }
  vm.frame("#/projects/100", fx::kNow);
  // Reopened, the task shows what was saved, as people read dates; clearing removes it.
  vm.project.toggle_comments(vm.ctx, 23);
  vm.project.toggle_comments(vm.ctx, 23);
  server.take();
  EXPECT_EQ(vm.project.task_edit_due, "1 Mar 2027");
  vm.project.task_edit_due = " ";
  vm.project.task_edit_milestone = 1;
  vm.project.save_task(vm.ctx);
  const nlohmann::json moved = nlohmann::json::parse(server.only().body);
  EXPECT_EQ(moved["due"], 0);
  EXPECT_EQ(moved["milestone_id"], 1);
}

TEST_F(PortalTest, TimeEntriesAreEditedUntilTheyAreInvoiced) {
  start_as(Role::owner, "#/projects/100");
  Engagement e = fx::sample_engagement();
  e = fx::ok(add_time_entry(e, fx::kOwner, {31, 1, 21, fx::kNow, 90, 12000, true, "Calls"}));
  show_project(e, fx::kOwner);
  vm.project.edit_entry(31);
  EXPECT_EQ(vm.project.entry_edit_id, 31);
  EXPECT_EQ(vm.project.entry_edit_minutes, "90");
  EXPECT_EQ(vm.project.entry_edit_rate, "$120.00");
  EXPECT_EQ(vm.project.entry_edit_note, "Calls");
  EXPECT_TRUE(vm.project.entry_blockers(vm.ctx).empty());
  vm.project.entry_edit_minutes = "75";
  vm.project.entry_edit_rate = "150";
  vm.project.entry_edit_billable = false;
  vm.project.save_entry(vm.ctx);
  ApiRequest r = server.only();
  EXPECT_EQ(r.method, "PATCH");
  EXPECT_EQ(r.path, "/api/v1/time-entries/31");
  const nlohmann::json body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["minutes"], 75);
  EXPECT_EQ(body["hourly_rate_minor"], 15000);
  EXPECT_EQ(body["billable"], false);
  server.reply(r, 200, "{}");
  EXPECT_EQ(vm.project.entry_edit_id, 0);
  server.take();

  // Once its approved timesheet is on an invoice, the core says why before any click.
  e = fx::ok(submit_timesheet(e, fx::kOwner, 51, fx::kNow, fx::kNow + 1, {31}));
  e = fx::ok(approve_timesheet(e, fx::kClient, 51, {"Ada Lovelace", true, timesheet_statement(e, e.timesheets[0]), "", ""}, 601, fx::kNow + 5));
  e = fx::ok(create_invoice(e, fx::kOwner, 900,
                            {{LineKind::timesheet, 51, "Time", "USD", 1000, timesheet_amount(e, e.timesheets[0]).value(), 2000, 0, 0}},
                            fx::kNow + 10));
  vm.project.refresh(vm.ctx);
  for (const ApiRequest& q : server.take()) {
    server.reply(q, 200, q.path == "/api/v1/projects/100" ? wire::project_to_json(e, fx::kOwner, fx::kNow).dump() : R"({"files":[]})");
  }
  vm.frame("#/projects/100", fx::kNow);
  vm.project.edit_entry(31);
  const std::vector<Reason> blockers = vm.project.entry_blockers(vm.ctx);
  ASSERT_FALSE(blockers.empty());
  EXPECT_NE(blockers[0].message.find("invoice"), std::string::npos) << blockers[0].message;
}

TEST_F(PortalTest, ADraftInvoicesLinesAreEditedWithTheGateJudgingEachOne) {
  start_as(Role::owner, "#/invoices/900");
  Engagement e = fx::approved_design();
  e = fx::ok(create_invoice(e, fx::kOwner, 900, {fx::milestone_line(e, 1)}, fx::kNow + 100));
  nlohmann::json inv = wire::to_json(e.invoices[0], fx::kNow);
  inv["project"] = {{"id", 100}, {"name", "Website"}, {"client_name", "Northwind"}};
  answer("/api/v1/invoices/900", inv.dump());
  vm.frame("#/invoices/900", fx::kNow);
  answer("/api/v1/projects/100", wire::project_to_json(e, fx::kOwner, fx::kNow).dump());
  vm.frame("#/invoices/900", fx::kNow);
  ASSERT_EQ(vm.invoice.lines.size(), 1u);
  EXPECT_FALSE(vm.invoice.lines_changed);
  EXPECT_EQ(vm.invoice.lines[0].unit_price, "$5,000.00");
  EXPECT_EQ(vm.invoice.lines[0].tax_percent, "20");
  EXPECT_TRUE(vm.invoice.line_blockers(0).empty());  // its own claim does not count against it
  EXPECT_FALSE(vm.invoice.lines_unsaved());
  vm.invoice.lines[0].tax_percent = "20.0";  // the same rate, typed differently
  EXPECT_FALSE(vm.invoice.lines_unsaved());
  vm.invoice.lines[0].tax_percent = "twenty";
  EXPECT_TRUE(vm.invoice.lines_unsaved());
  vm.invoice.lines[0].tax_percent = "20";
  // A fixed fee cannot change: the core says so before Save.
  vm.invoice.lines[0].unit_price = "4000";
  EXPECT_EQ(fx::codes(vm.invoice.line_blockers(0)), (std::vector<std::string>{"amount_mismatch"}));
  vm.invoice.lines[0].unit_price = "$5,000.00";
  vm.invoice.lines[0].description = "Design, as approved";
  vm.invoice.lines[0].tax_percent = "7.5";
  EXPECT_TRUE(vm.invoice.lines_unsaved());  // Send would send the old lines
  // Build has no deliverables: addable, with the reason it cannot be billed yet.
  const std::vector<BillableItem> more = vm.invoice.addable();
  ASSERT_EQ(more.size(), 1u);
  EXPECT_EQ(more[0].line.source_id, 2);
  EXPECT_EQ(fx::codes(more[0].blockers), (std::vector<std::string>{"no_deliverables"}));
  vm.invoice.add_line(more[0].line);
  EXPECT_EQ(vm.invoice.lines.size(), 2u);
  EXPECT_TRUE(vm.invoice.addable().empty());
  vm.invoice.remove_line(1);
  vm.invoice.lines.push_back(vm.invoice.lines[0]);
  vm.invoice.lines[1].tax_percent = "lots";
  vm.invoice.save_lines(vm.ctx);
  EXPECT_TRUE(server.take().empty());
  EXPECT_EQ(vm.invoice.change.error(), "'lots' is not a tax rate in percent (line 2).");
  vm.invoice.remove_line(1);
  vm.invoice.save_lines(vm.ctx);
  ApiRequest r = server.only();
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.path, "/api/v1/invoices/900/lines");
  const nlohmann::json line = nlohmann::json::parse(r.body)["lines"][0];
  EXPECT_EQ(line["kind"], "milestone");
  EXPECT_EQ(line["source_id"], 1);
  EXPECT_EQ(line["description"], "Design, as approved");
  EXPECT_EQ(line["unit_price_minor"], 500000);
  EXPECT_EQ(line["tax_basis_points"], 750);
  server.reply(r, 200, "{}");
  std::vector<std::string> reloaded;
  for (const ApiRequest& q : server.take()) reloaded.push_back(q.path);
  EXPECT_EQ(reloaded, (std::vector<std::string>{"/api/v1/invoices/900", "/api/v1/projects/100"}));
  vm.invoice.remove_line(0);
  vm.invoice.save_lines(vm.ctx);
  EXPECT_EQ(vm.invoice.change.error(), "An invoice needs at least one line; void the draft instead.");
}

TEST_F(PortalTest, TheLogoUploadsFromSettingsAndTheHeaderFollows) {
  start_as(Role::owner, "#/settings");
  server.take();
  vm.frame("#/settings", fx::kNow);
  EXPECT_EQ(vm.logo_path(), "");
  vm.settings.pick_logo(vm.ctx);
  const std::vector<Effect> effects = vm.take_effects();
  ASSERT_EQ(effects.size(), 1u);
  EXPECT_EQ(effects[0].kind, Effect::Kind::pick_files);
  EXPECT_EQ(effects[0].text, "/api/v1/workspace/logo");
  EXPECT_EQ(effects[0].name, "image/*");
  vm.on_upload("/api/v1/workspace/logo", "mark.png", 10, 40, false, "");
  ASSERT_EQ(vm.settings.uploads.size(), 1u);
  EXPECT_FALSE(vm.settings.uploads[0].done);
  vm.on_upload("/api/v1/workspace/logo", "mark.png", 40, 40, true, "The logo must be a PNG, JPEG, GIF or WebP image.");
  EXPECT_TRUE(server.take().empty());  // failed: nothing to reload; the error shows
  EXPECT_EQ(vm.settings.uploads[0].error, "The logo must be a PNG, JPEG, GIF or WebP image.");

  server.auto_reply("/api/v1/workspace", 200, R"({"name":"Studio","brand_colour":"#ff6600","logo_file_id":9})");
  vm.on_upload("/api/v1/workspace/logo", "mark.png", 40, 40, true, "");
  server.take();  // the settings screen reloads the workspace...
  vm.frame("#/settings", fx::kNow);
  server.take();  // ...and so, seeing it changed, does the header
  EXPECT_EQ(vm.settings.logo_file_id(), 9);
  EXPECT_EQ(vm.logo_path(), "/api/v1/files/9");
  vm.settings.remove_logo(vm.ctx);
  ApiRequest r = server.only();
  EXPECT_EQ(r.method, "PATCH");
  EXPECT_EQ(nlohmann::json::parse(r.body), (nlohmann::json{{"logo_file_id", 0}}));
}

TEST_F(PortalTest, MilestonesGetDueDatesAndTheCoreGuardsAnInvoicedFee) {
  start_as(Role::owner, "#/projects/100");
  Engagement e = fx::approved_design();
  e = fx::ok(create_invoice(e, fx::kOwner, 900, {fx::milestone_line(e, 1)}, fx::kNow + 100));
  show_project(e, fx::kOwner);

  // A new milestone with a due date as a person types it.
  vm.project.milestone_name = "Launch";
  vm.project.milestone_fee = "2,000";
  vm.project.milestone_due = "next week";
  vm.project.add_milestone(vm.ctx);
  EXPECT_TRUE(server.take().empty());
  EXPECT_EQ(vm.project.change.error(), "'next week' is not a date. Type it like 2027-01-15 or 15 Jan 2027, or leave it empty.");
  vm.project.milestone_due = "2027-06-30";
  vm.project.add_milestone(vm.ctx);
  EXPECT_EQ(nlohmann::json::parse(server.only().body)["due"], *parse_date("2027-06-30"));

  // Design is on an invoice: its name and date may change, its fee may not.
  vm.project.edit_milestone(1);
  EXPECT_EQ(vm.project.milestone_edit_name, "Design");
  EXPECT_EQ(vm.project.milestone_edit_fee, "$5,000.00");
  EXPECT_EQ(vm.project.milestone_edit_due, "29 Jan 2027");
  EXPECT_TRUE(vm.project.milestone_blockers(vm.ctx).empty());
  vm.project.milestone_edit_fee = "6000";
  ASSERT_FALSE(vm.project.milestone_blockers(vm.ctx).empty());
  vm.project.milestone_edit_fee = "$5,000.00";
  vm.project.milestone_edit_name = "Brand design";
  vm.project.milestone_edit_due = "1 Feb 2027";
  EXPECT_TRUE(vm.project.milestone_blockers(vm.ctx).empty());
  vm.project.change = Action{};
  vm.project.save_milestone(vm.ctx);
  ApiRequest r = server.only();
  EXPECT_EQ(r.method, "PATCH");
  EXPECT_EQ(r.path, "/api/v1/milestones/1");
  const nlohmann::json body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["name"], "Brand design");
  EXPECT_EQ(body["due"], *parse_date("2027-02-01"));
  EXPECT_EQ(body["amount_minor"], 500000);
  server.reply(r, 200, "{}");
  EXPECT_EQ(vm.project.milestone_edit_id, 0);
}
