// Authorization as a matrix: every route (the server's own table, routes()) × the owner,
// a member, a client user of this engagement, a client user of another client, the owner
// of another workspace, and an anonymous caller. Allowed calls pass authorization (the
// core may still refuse them for the state they find: 400/409); refused ones get exactly
// 401, 403 or 404 and change nothing in the database (a fingerprint of every table).
#include <gtest/gtest.h>

#include <array>
#include <regex>
#include <set>

#include "api.h"

#include "api_session.h"
#include "engagement_setup.h"

using namespace handoff;
using namespace handoff::testing;

namespace {

enum Who { kOwnerA, kMemberA, kClientX, kClientY, kOwnerB, kAnon, kWhoCount };
const char* kWhoNames[] = {"owner", "member", "client of this engagement", "client of another client",
                           "owner of another workspace", "anonymous"};
constexpr int OK = 0;  // allowed: authorization passes (2xx, or 400/409 from the rules)

struct Row {
  const char* method;
  const char* pattern;  // exactly as in server/routes.cpp
  const char* body;     // JSON; "{n}" becomes a fresh number per call
  std::array<int, kWhoCount> expect;
};

// Keep in sync with server/routes.cpp (the test fails when a route has no row or a row no route).
// Order matters only for DELETE /session, which must come last.
const std::vector<Row> kMatrix = {
    //                                                                                  owner member client other  otherWS anon
    {"GET", R"(/api/v1)", "", {OK, OK, OK, OK, OK, OK}},
    {"GET", R"(/api/v1/health)", "", {OK, OK, OK, OK, OK, OK}},
    {"POST", R"(/api/v1/session)", R"({"email":"nobody{n}@x.test","password":"wrong password"})", {401, 401, 401, 401, 401, 401}},
    {"GET", R"(/api/v1/me)", "", {OK, OK, OK, OK, OK, 401}},
    {"GET", R"(/api/v1/workspace)", "", {OK, OK, OK, OK, OK, 401}},
    {"PATCH", R"(/api/v1/workspace)", R"({"name":"Studio {n}"})", {OK, 403, 403, 403, OK, 401}},
    {"GET", R"(/api/v1/users)", "", {OK, OK, 403, 403, OK, 401}},
    {"POST", R"(/api/v1/members)", R"({"email":"m{n}@studio.test","name":"Member {n}"})", {OK, 403, 403, 403, OK, 401}},
    {"POST", R"(/api/v1/clients/(\d+)/users)", R"({"email":"c{n}@client.test","name":"Client {n}"})", {OK, OK, 403, 403, 404, 401}},
    {"POST", R"(/api/v1/invites/accept)", R"({"token":"00ff","password":"long enough password"})", {404, 404, 404, 404, 404, 404}},
    {"GET", R"(/api/v1/clients)", "", {OK, OK, 403, 403, OK, 401}},
    {"POST", R"(/api/v1/clients)", R"({"name":"Client {n}"})", {OK, OK, 403, 403, OK, 401}},
    {"PATCH", R"(/api/v1/clients/(\d+))", R"({"status":"active"})", {OK, OK, 403, 403, 404, 401}},
    {"GET", R"(/api/v1/projects)", "", {OK, OK, OK, OK, OK, 401}},
    {"POST", R"(/api/v1/projects)", R"({"client_id":{client},"name":"Project {n}"})", {OK, OK, 403, 403, 404, 401}},
    {"GET", R"(/api/v1/projects/(\d+))", "", {OK, OK, OK, 404, 404, 401}},
    {"PATCH", R"(/api/v1/projects/(\d+))", R"({"status":"active"})", {OK, OK, 403, 403, 404, 401}},
    {"POST", R"(/api/v1/projects/(\d+)/milestones)", R"({"name":"M {n}","billing":"fixed_fee","amount_minor":1000})", {OK, OK, 403, 403, 404, 401}},
    {"PATCH", R"(/api/v1/milestones/(\d+))", R"({"due":1900000001})", {OK, OK, 403, 403, 404, 401}},
    {"POST", R"(/api/v1/projects/(\d+)/tasks)", R"({"title":"Task {n}"})", {OK, OK, 403, 403, 404, 401}},
    {"PATCH", R"(/api/v1/tasks/(\d+))", R"({"status":"doing"})", {OK, OK, 403, 403, 404, 401}},
    {"GET", R"(/api/v1/tasks/(\d+)/comments)", "", {OK, OK, OK, 404, 404, 401}},
    {"POST", R"(/api/v1/tasks/(\d+)/comments)", R"({"body":"Comment {n}"})", {OK, OK, OK, 404, 404, 401}},
    {"GET", R"(/api/v1/projects/(\d+)/files)", "", {OK, OK, OK, 404, 404, 401}},
    {"POST", R"(/api/v1/projects/(\d+)/files)", R"(file bytes {n})", {OK, OK, OK, 404, 404, 401}},
    {"GET", R"(/api/v1/files/(\d+))", "", {OK, OK, OK, 404, 404, 401}},
    {"POST", R"(/api/v1/workspace/logo)", R"(not an image {n})", {OK, 403, 403, 403, OK, 401}},
    {"POST", R"(/api/v1/milestones/(\d+)/deliverables)", R"({"name":"Deliverable {n}"})", {OK, OK, 403, 403, 404, 401}},
    {"GET", R"(/api/v1/deliverables/(\d+))", "", {OK, OK, OK, 404, 404, 401}},
    {"POST", R"(/api/v1/deliverables/(\d+)/approve)", R"({"version":1,"typed_name":"Ada Lovelace","consent":true,"statement":"s"})", {403, 403, OK, 404, 404, 401}},
    {"POST", R"(/api/v1/deliverables/(\d+)/request-changes)", R"({"version":1,"comment":"More {n}"})", {403, 403, OK, 404, 404, 401}},
    {"POST", R"(/api/v1/deliverables/(\d+)/withdraw)", R"({"comment":"Wait"})", {403, 403, OK, 404, 404, 401}},
    {"GET", R"(/api/v1/approvals/(\d+)/certificate)", "", {OK, OK, OK, 404, 404, 401}},
    {"POST", R"(/api/v1/deliverables/(\d+)/versions)", R"({"file_ids":[{file}]})", {OK, OK, 403, 403, 404, 401}},
    {"PUT", R"(/api/v1/deliverables/(\d+)/qa/(\d+))", R"({"done":true})", {OK, OK, 403, 403, 404, 401}},
    {"POST", R"(/api/v1/deliverables/(\d+)/submit)", R"({})", {OK, OK, 403, 403, 404, 401}},
    {"POST", R"(/api/v1/projects/(\d+)/time-entries)", R"({"started_at":1800000000,"minutes":30,"hourly_rate_minor":9000})", {OK, OK, 403, 403, 404, 401}},
    {"PATCH", R"(/api/v1/time-entries/(\d+))", R"({"note":"Note {n}"})", {OK, OK, 403, 403, 404, 401}},
    {"POST", R"(/api/v1/projects/(\d+)/timesheets)", R"({"period_start":1799990000,"period_end":1800100000,"entry_ids":[{time_entry}]})", {OK, OK, 403, 403, 404, 401}},
    {"POST", R"(/api/v1/timesheets/(\d+)/approve)", R"({"typed_name":"Ada Lovelace","consent":true,"statement":"s"})", {403, 403, OK, 404, 404, 401}},
    {"POST", R"(/api/v1/timesheets/(\d+)/request-changes)", R"({"comment":"Which call?"})", {403, 403, OK, 404, 404, 401}},
    {"POST", R"(/api/v1/projects/(\d+)/authorisations)", R"({"kind":"deposit","description":"Deposit","amount_minor":1000,"proposal_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})", {OK, OK, 403, 403, 404, 401}},
    {"POST", R"(/api/v1/projects/(\d+)/proposal-signatures)", R"({"proposal_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","typed_name":"Ada Lovelace","consent":true,"statement":"I accept aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})", {403, 403, OK, 404, 404, 401}},
    {"GET", R"(/api/v1/projects/(\d+)/billable)", "", {OK, OK, 403, 403, 404, 401}},
    {"POST", R"(/api/v1/projects/(\d+)/invoices)", R"({"from_approved_work":true})", {OK, OK, 403, 403, 404, 401}},
    {"GET", R"(/api/v1/invoices)", "", {OK, OK, OK, OK, OK, 401}},
    {"GET", R"(/api/v1/invoices/(\d+))", "", {OK, OK, 404, 404, 404, 401}},  // a draft: clients never see drafts
    {"POST", R"(/api/v1/invoices/(\d+)/lines)", R"({"lines":[{"kind":"authorisation","source_id":1,"unit_price_minor":1}]})", {OK, OK, 403, 403, 404, 401}},
    {"PUT", R"(/api/v1/invoices/(\d+)/lines)", R"({"lines":[{"kind":"authorisation","source_id":1,"unit_price_minor":1}]})", {OK, OK, 403, 403, 404, 401}},
    {"POST", R"(/api/v1/invoices/(\d+)/send)", R"({})", {OK, OK, 403, 403, 404, 401}},
    {"POST", R"(/api/v1/invoices/(\d+)/payments)", R"({"amount_minor":1,"currency":"USD","idempotency_key":"key-{n}-abcdef"})", {OK, OK, 403, 403, 404, 401}},
    {"POST", R"(/api/v1/invoices/(\d+)/void)", R"({})", {OK, OK, 403, 403, 404, 401}},
    {"GET", R"(/api/v1/dashboard)", "", {OK, OK, 403, 403, OK, 401}},
    {"GET", R"(/api/v1/projects/(\d+)/progress)", "", {OK, OK, OK, 404, 404, 401}},
    {"GET", R"(/api/v1/audit/verify)", "", {OK, OK, 403, 403, OK, 401}},
    {"POST", R"(/api/v1/audit/verify)", R"({"heads":[]})", {OK, OK, OK, OK, OK, 401}},
    {"GET", R"(/api/v1/audit/chain)", "", {OK, OK, OK, OK, OK, 401}},
    {"DELETE", R"(/api/v1/session)", "", {OK, OK, OK, OK, OK, OK}},
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

}  // namespace

TEST(Authorization, TheMatrixCoversEveryRoute) {
  std::set<std::string> served, listed;
  for (const server::Route& r : server::routes()) served.insert(std::string(r.method) + " " + r.pattern);
  for (const Row& r : kMatrix) listed.insert(std::string(r.method) + " " + r.pattern);
  for (const std::string& s : served) EXPECT_TRUE(listed.count(s)) << "no matrix row for " << s;
  for (const std::string& s : listed) EXPECT_TRUE(served.count(s)) << "matrix row for a route that does not exist: " << s;
}

TEST(Authorization, EveryRouteForEveryKindOfCaller) {
  TestServer server;
  std::array<ApiSession, kWhoCount> who{ApiSession(server), ApiSession(server), ApiSession(server),
                                        ApiSession(server), ApiSession(server), ApiSession(server)};
  who[kOwnerA].log_in(kOwnerEmail, kOwnerPassword);
  const Seeded s = set_up_engagement(who[kOwnerA]);
  who[kClientX].use_cookie(accept_invite(who[kClientX], s.invite_token));

  // A member, and a user of another client of the same workspace.
  Reply member = who[kOwnerA].post("/api/v1/members", {{"email", "max@studio.test"}, {"name", "Max Member"}});
  who[kMemberA].use_cookie(accept_invite(who[kMemberA], member.json["invite_path"].get<std::string>().substr(10)));
  const std::int64_t other_client = who[kOwnerA].post("/api/v1/clients", {{"name", "Contoso"}}).json["id"];
  Reply bob = who[kOwnerA].post("/api/v1/clients/" + std::to_string(other_client) + "/users",
                                {{"email", "bob@contoso.test"}, {"name", "Bob Client"}});
  who[kClientY].use_cookie(accept_invite(who[kClientY], bob.json["invite_path"].get<std::string>().substr(10)));
  // Another workspace on the same server.
  ASSERT_EQ(server.run_admin("create-workspace --name Elsewhere --owner-email other@elsewhere.test"), 0);
  who[kOwnerB].log_in("other@elsewhere.test", kOwnerPassword);

  // The rest of the world the routes refer to: an approval, time, a timesheet, an invoice.
  const std::string statement = who[kClientX].get("/api/v1/deliverables/" + std::to_string(s.deliverable)).json["statement"];
  Reply approved = who[kClientX].post("/api/v1/deliverables/" + std::to_string(s.deliverable) + "/approve",
                                      {{"version", 1}, {"typed_name", "Ada Lovelace"}, {"consent", true}, {"statement", statement}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  const std::int64_t approval = approved.json["approval_id"];
  const std::string project = "/api/v1/projects/" + std::to_string(s.project);
  Reply entry = who[kOwnerA].post(project + "/time-entries", {{"started_at", 1800000000}, {"minutes", 60}, {"hourly_rate_minor", 10000}});
  ASSERT_EQ(entry.status, 201) << entry.body;
  const std::int64_t time_entry = entry.json["time_entries"][0]["id"];
  Reply sheet = who[kOwnerA].post(project + "/timesheets", {{"period_start", 1799990000}, {"period_end", 1800100000}, {"entry_ids", {time_entry}}});
  ASSERT_EQ(sheet.status, 201) << sheet.body;
  const std::int64_t timesheet = sheet.json["timesheets"][0]["id"];
  Reply invoice = who[kOwnerA].post(project + "/invoices", {{"from_approved_work", true}});
  ASSERT_EQ(invoice.status, 201) << invoice.body;

  // The fingerprint sees a change when there is one (or the refusals below prove nothing).
  const std::string fp = server.fingerprint();
  ASSERT_EQ(who[kOwnerA].patch(project, {{"name", "Website (renamed)"}}).status, 200);
  ASSERT_NE(server.fingerprint(), fp);

  const std::map<std::string, std::int64_t> ids = {
      {"clients", s.client},   {"projects", s.project},   {"milestones", s.milestone}, {"tasks", s.task},
      {"files", s.file},       {"deliverables", s.deliverable}, {"qa", 1},         {"approvals", approval},
      {"time-entries", time_entry}, {"timesheets", timesheet}, {"invoices", invoice.json["id"]}};
  int n = 0, cells = 0;
  for (const Row& row : kMatrix) {
    // "/api/v1/projects/(\d+)/files" -> "/api/v1/projects/7/files"
    std::string path = row.pattern;
    for (std::size_t p = path.find(R"((\d+))"); p != std::string::npos; p = path.find(R"((\d+))")) {
      const std::size_t slash = path.rfind('/', p - 2);
      const std::string segment = path.substr(slash + 1, p - slash - 2);
      ASSERT_TRUE(ids.count(segment)) << "no id for " << segment;
      path.replace(p, 5, std::to_string(ids.at(segment)));
    }
    // Refused callers first (they must change nothing), then the allowed ones.
    for (int pass = 0; pass < 2; ++pass) {
      for (int w = 0; w < kWhoCount; ++w) {
        const int expect = row.expect[static_cast<std::size_t>(w)];
        if ((pass == 0) != (expect != OK)) continue;
        std::string body = replace_all(row.body, "{n}", std::to_string(++n));
        body = replace_all(body, "{client}", std::to_string(s.client));
        body = replace_all(body, "{file}", std::to_string(s.file));
        body = replace_all(body, "{time_entry}", std::to_string(time_entry));
        const std::string before = expect == OK ? "" : server.fingerprint();
        Reply r = who[static_cast<std::size_t>(w)].send(row.method, path, body);
        ++cells;
        const std::string cell = std::string(row.method) + " " + path + " as " + kWhoNames[w];
        ASSERT_NE(r.status, 0) << cell << ": no answer";
        EXPECT_LT(r.status, 500) << cell << ": " << r.body;
        if (expect == OK) {
          EXPECT_TRUE(r.status != 401 && r.status != 403 && r.status != 404) << cell << " was refused: " << r.status << " " << r.body;
        } else {
          EXPECT_EQ(r.status, expect) << cell << ": " << r.body;
          EXPECT_EQ(server.fingerprint(), before) << cell << " changed the database";
          EXPECT_TRUE(r.json.is_object() && r.json.contains("error")) << cell << ": not a JSON error: " << r.body;
        }
      }
    }
  }
  EXPECT_EQ(cells, static_cast<int>(kMatrix.size()) * kWhoCount);
}
