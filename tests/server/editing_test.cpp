// Editing what already exists, over HTTP: a draft invoice's lines replaced whole (the gate
// judges every line again; a refusal changes nothing), and the workspace logo (images only,
// owners only, shown to everyone in the workspace and no one outside it).
#include <gtest/gtest.h>

#include "handoff/sha256.h"

#include "api_session.h"
#include "engagement_setup.h"

using namespace handoff;
using namespace handoff::testing;

namespace {

// A 1×1 PNG (signature, IHDR, IDAT, IEND), enough for the signature check.
const std::string kPng(
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9c"
    "c\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xae" "B`\x82",
    67);

}  // namespace

TEST(InvoiceLines, PutReplacesADraftsLinesAndTheGateJudgesEachOne) {
  TestServer server;
  BothSides both(server);
  ApiSession& owner = both.owner;
  ApiSession& client = both.client;
  const Seeded& s = both.s;
  ASSERT_EQ(approve_as_client(client, s.deliverable).status, 200);
  const std::string project = "/api/v1/projects/" + std::to_string(s.project);
  // Time billed by an approved timesheet, so the draft can hold two lines.
  Reply entry = owner.post(project + "/time-entries", {{"started_at", 1800000000}, {"minutes", 90}, {"hourly_rate_minor", 10000}});
  ASSERT_EQ(entry.status, 201) << entry.body;
  const std::int64_t entry_id = entry.json["time_entries"][0]["id"];
  Reply sheet = owner.post(project + "/timesheets", {{"period_start", 1799990000}, {"period_end", 1800100000}, {"entry_ids", {entry_id}}});
  ASSERT_EQ(sheet.status, 201) << sheet.body;
  const std::int64_t timesheet = sheet.json["timesheets"][0]["id"];
  Reply invoice = owner.post(project + "/invoices", {{"lines", {{{"kind", "milestone"}, {"source_id", s.milestone}}}}});
  ASSERT_EQ(invoice.status, 201) << invoice.body;
  const std::string lines = "/api/v1/invoices/" + std::to_string(invoice.json["id"].get<std::int64_t>()) + "/lines";
  ASSERT_EQ(invoice.json["lines"].size(), 1u);

  // Not yet approved: the timesheet line is refused and the draft is as it was.
  const std::string fp = server.fingerprint();
  Reply early = owner.send("PUT", lines, nlohmann::json{{"lines", {{{"kind", "timesheet"}, {"source_id", timesheet}}}}}.dump());
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(early.reason(), "timesheet_not_approved");
  EXPECT_EQ(server.fingerprint(), fp);

  const std::string ts = "/api/v1/timesheets/" + std::to_string(timesheet);
  const std::string statement = client.get(project).json["timesheets"][0]["statement"];
  ASSERT_EQ(client.post(ts + "/approve", {{"typed_name", "Ada Lovelace"}, {"consent", true}, {"statement", statement}}).status, 200);

  // Replace: the milestone with a new description and the timesheet, tax changed on one.
  Reply put = owner.send("PUT", lines, nlohmann::json{{"lines",
                                                       {{{"kind", "milestone"}, {"source_id", s.milestone}, {"description", "Design, as approved"}},
                                                        {{"kind", "timesheet"}, {"source_id", timesheet}, {"tax_basis_points", 0}}}}}
                                           .dump());
  ASSERT_EQ(put.status, 200) << put.body;
  ASSERT_EQ(put.json["lines"].size(), 2u);
  EXPECT_EQ(put.json["lines"][0]["description"], "Design, as approved");
  EXPECT_EQ(put.json["lines"][1]["net_minor"], 15000);
  EXPECT_EQ(put.json["lines"][1]["tax_minor"], 0);
  EXPECT_EQ(put.json["total_minor"], 500000 + 100000 + 15000);  // 20 % tax on the milestone only

  // A fixed fee cannot be edited away; removing a line is a replace without it.
  Reply cheaper = owner.send("PUT", lines, nlohmann::json{{"lines", {{{"kind", "milestone"}, {"source_id", s.milestone}, {"unit_price_minor", 1}}}}}.dump());
  EXPECT_EQ(cheaper.status, 409);
  EXPECT_EQ(cheaper.reason(), "amount_mismatch");
  Reply only_time = owner.send("PUT", lines, nlohmann::json{{"lines", {{{"kind", "timesheet"}, {"source_id", timesheet}}}}}.dump());
  ASSERT_EQ(only_time.status, 200) << only_time.body;
  EXPECT_EQ(only_time.json["lines"].size(), 1u);
  EXPECT_EQ(owner.get("/api/v1/dashboard").json["approved_unbilled"].size(), 1u);  // the milestone is billable again

  // Empty, malformed and wrong-typed requests are refused with a sentence.
  for (const std::string bad : {R"({"lines":[]})", R"({"lines":{}})", R"({"lines":[{"kind":"timesheet"}]})",
                                R"({"lines":[{"kind":"timesheet","source_id":"one"}]})", R"({"lines":[1]})", "{"}) {
    Reply r = owner.send("PUT", lines, bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
    EXPECT_FALSE(r.json["error"]["message"].get<std::string>().empty()) << bad;
  }
  // Sent invoices are final.
  ASSERT_EQ(owner.post(lines.substr(0, lines.size() - 6) + "/send").status, 200);
  Reply late = owner.send("PUT", lines, nlohmann::json{{"lines", {{{"kind", "timesheet"}, {"source_id", timesheet}}}}}.dump());
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(late.reason(), "not_draft");
}

TEST(WorkspaceLogo, OwnerUploadsAnImageEveryoneInTheWorkspaceSeesIt) {
  TestServer server;
  BothSides both(server);
  ApiSession& owner = both.owner;
  ApiSession& client = both.client;
  const Seeded& s = both.s;

  // Not an image: refused, nothing stored.
  const std::string fp = server.fingerprint();
  for (const std::string& bad : {std::string("<svg onload='alert(1)'/>"), std::string("GIF88a"), std::string()}) {
    Reply r = owner.raw_post("/api/v1/workspace/logo?name=logo.svg", bad, "application/octet-stream");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.reason(), "not_an_image");
  }
  // Too large: refused before the body is read, with the logo's own limit.
  const std::string big = raw_exchange(server.port(),
      "POST /api/v1/workspace/logo?name=big.png HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
      "Content-Length: 2000000\r\n\r\n" + kPng);
  EXPECT_EQ(raw_status(big), 413) << big.substr(0, 200);
  EXPECT_NE(big.find("logo can be at most 1 MiB"), std::string::npos) << big.substr(0, 400);
  EXPECT_EQ(server.fingerprint(), fp);
  EXPECT_EQ(owner.get("/api/v1/workspace").json["logo_file_id"], 0);

  // A PNG with a hostile name: stored, named safely, set as the logo in one step.
  Reply ok = owner.raw_post("/api/v1/workspace/logo?name=..%2F..%2Fetc%2Flogo%0D%0A.png", kPng, "application/octet-stream");
  ASSERT_EQ(ok.status, 200) << ok.body;
  const std::int64_t logo = ok.json["logo_file_id"];
  ASSERT_NE(logo, 0);
  EXPECT_EQ(client.get("/api/v1/workspace").json["logo_file_id"], logo);
  Reply bytes = client.get("/api/v1/files/" + std::to_string(logo));
  ASSERT_EQ(bytes.status, 200);
  EXPECT_EQ(bytes.body, kPng);
  EXPECT_EQ(bytes.headers.find("Content-Disposition")->second.find('\r'), std::string::npos);
  EXPECT_NE(bytes.headers.find("Content-Disposition")->second.find("filename=\"logo.png\""), std::string::npos)
      << bytes.headers.find("Content-Disposition")->second;
  // Another workspace never sees it; the project's file list does not show it.
  ASSERT_EQ(server.run_admin("create-workspace --name Elsewhere --owner-email other@elsewhere.test"), 0);
  ApiSession other(server);
  other.log_in("other@elsewhere.test", kOwnerPassword);
  EXPECT_EQ(other.get("/api/v1/files/" + std::to_string(logo)).status, 404);
  for (const auto& f : owner.get("/api/v1/projects/" + std::to_string(s.project) + "/files").json["files"]) {
    EXPECT_NE(f["id"], logo);
  }
  // Removing the logo keeps the file (an approval may not point at it, but history might).
  ASSERT_EQ(owner.patch("/api/v1/workspace", {{"logo_file_id", 0}}).status, 200);
  EXPECT_EQ(client.get("/api/v1/workspace").json["logo_file_id"], 0);
}
