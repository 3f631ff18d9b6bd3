// Someone holding the database file and the file store changes what was sealed: the audit
// check names each kind of change, downloads never pass altered bytes off as intact, a
// certificate is refused for an altered approval, and heads held outside the database
// tell when the chain's end was cut off.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "handoff/sha256.h"

#include "api_session.h"
#include "engagement_setup.h"

using namespace handoff;
using namespace handoff::testing;

namespace {

// An engagement with everything that gets sealed: an approved deliverable and an approved
// timesheet, both billed on one sent invoice, partly paid.
struct Sealed {
  TestServer server;
  BothSides both{server};
  std::int64_t approval = 0, invoice = 0, payment = 0, timesheet = 0, entry = 0;
  std::string project;

  Sealed() {
    ApiSession& owner = both.owner;
    ApiSession& client = both.client;
    const Seeded& s = both.s;
    project = "/api/v1/projects/" + std::to_string(s.project);
    Reply approved = approve_as_client(client, s.deliverable);
    EXPECT_EQ(approved.status, 200) << approved.body;
    approval = approved.json.value("approval_id", 0);
    Reply e = owner.post(project + "/time-entries", {{"started_at", 1800000000}, {"minutes", 90}, {"hourly_rate_minor", 10000}});
    EXPECT_EQ(e.status, 201) << e.body;
    entry = e.json["time_entries"][0]["id"];
    Reply sheet = owner.post(project + "/timesheets", {{"period_start", 1799990000}, {"period_end", 1800100000}, {"entry_ids", {entry}}});
    EXPECT_EQ(sheet.status, 201) << sheet.body;
    timesheet = sheet.json["timesheets"][0]["id"];
    const std::string statement = client.get(project).json["timesheets"][0]["statement"];
    EXPECT_EQ(client.post("/api/v1/timesheets/" + std::to_string(timesheet) + "/approve",
                          {{"typed_name", "Ada Lovelace"}, {"consent", true}, {"statement", statement}}).status, 200);
    Reply inv = owner.post(project + "/invoices", {{"from_approved_work", true}});
    EXPECT_EQ(inv.status, 201) << inv.body;
    invoice = inv.json["id"];
    EXPECT_EQ(inv.json["lines"].size(), 2u);
    EXPECT_EQ(owner.post(invoice_path() + "/send").status, 200);
    Reply paid = owner.post(invoice_path() + "/payments", {{"amount_minor", 100000}, {"currency", "USD"}, {"idempotency_key", "pay-0001-a"}});
    EXPECT_EQ(paid.status, 201) << paid.body;
    payment = paid.json["payment_id"];
    Reply verify = owner.get("/api/v1/audit/verify");
    EXPECT_TRUE(verify.json["ok"]) << verify.body;
    // The triggers only stop honest mistakes; whoever holds the file can drop them.
    EXPECT_EQ(sql_on(server, "DROP TRIGGER approval_no_update; DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; "
                             "DROP TRIGGER payment_no_update; DROP TRIGGER payment_no_delete;"), "");
  }
  std::string invoice_path() const { return "/api/v1/invoices/" + std::to_string(invoice); }

  // The findings of the owner's audit check, as "code subject" strings.
  std::vector<std::string> findings() {
    Reply r = both.owner.get("/api/v1/audit/verify");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    for (const auto& f : r.json["findings"]) out.push_back(f["code"].get<std::string>() + " " + f["subject"].get<std::string>());
    EXPECT_EQ(r.json["ok"], out.empty());
    return out;
  }
  std::string blob(std::int64_t file_id) {
    const std::string sha = both.owner.get("/api/v1/projects/" + std::to_string(both.s.project) + "/files").json["files"][0]["sha256"];
    EXPECT_EQ(both.owner.get("/api/v1/projects/" + std::to_string(both.s.project) + "/files").json["files"][0]["id"], file_id);
    return server.data_dir() + "/files/" + sha.substr(0, 2) + "/" + sha;
  }
};

bool has(const std::vector<std::string>& findings, const std::string& wanted) {
  return std::find(findings.begin(), findings.end(), wanted) != findings.end();
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += x + "; ";
  return s;
}

}  // namespace

TEST(Tamper, PaymentAmount) {
  Sealed t;
  ASSERT_EQ(sql_on(t.server, "UPDATE payment SET amount_minor = 600000"), "");
  const auto f = t.findings();
  EXPECT_TRUE(has(f, "record_mismatch payment:" + std::to_string(t.payment))) << joined(f);
}

TEST(Tamper, InvoiceNumber) {
  Sealed t;
  ASSERT_EQ(sql_on(t.server, "UPDATE invoice SET number = 'INV-9999'"), "");
  const auto f = t.findings();
  EXPECT_TRUE(has(f, "record_mismatch invoice:" + std::to_string(t.invoice))) << joined(f);
}

TEST(Tamper, InvoiceTotal) {
  Sealed t;
  ASSERT_EQ(sql_on(t.server, "UPDATE invoice SET total_minor = total_minor - 50000, net_minor = net_minor - 50000"), "");
  const auto f = t.findings();
  EXPECT_TRUE(has(f, "record_mismatch invoice:" + std::to_string(t.invoice))) << joined(f);
}

TEST(Tamper, InvoiceStatusMarkedPaid) {
  Sealed t;
  ASSERT_EQ(sql_on(t.server, "UPDATE invoice SET status = 'paid'"), "");
  const auto f = t.findings();
  EXPECT_TRUE(has(f, "record_mismatch invoice:" + std::to_string(t.invoice))) << joined(f);
}

TEST(Tamper, InvoiceLineDescription) {
  Sealed t;
  ASSERT_EQ(sql_on(t.server, "UPDATE invoice_line SET description = 'Something else' WHERE position = 0"), "");
  const auto f = t.findings();
  EXPECT_TRUE(has(f, "record_mismatch invoice:" + std::to_string(t.invoice))) << joined(f);
}

TEST(Tamper, NewestAuditEventDeleted) {
  Sealed t;
  // The holder keeps the head from the invoice (issued before the payment).
  Reply invoice = t.both.client.get(t.invoice_path());
  ASSERT_TRUE(invoice.json.contains("chain_head")) << invoice.body;
  const nlohmann::json invoice_head = invoice.json["chain_head"];
  Reply before = t.both.owner.get("/api/v1/audit/chain");
  const nlohmann::json newest = before.json["head"];
  ASSERT_EQ(sql_on(t.server, "DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event)"), "");
  const auto f = t.findings();
  EXPECT_TRUE(has(f, "head_mismatch chain")) << joined(f);
  EXPECT_TRUE(has(f, "unsealed_record payment:" + std::to_string(t.payment))) << joined(f);
  // Even with the payment row and the recorded head put in line, a head held outside
  // the database tells: the chain no longer extends it.
  ASSERT_EQ(sql_on(t.server, "DELETE FROM payment; UPDATE invoice SET paid_minor = 0, status = 'sent'; "
                             "UPDATE workspace SET audit_head_seq = (SELECT max(seq) FROM audit_event), "
                             "audit_head_hash = (SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1)"), "");
  EXPECT_TRUE(t.findings().empty()) << joined(t.findings());  // the database alone now looks consistent
  Reply heads = t.both.client.post("/api/v1/audit/verify", {{"heads", {newest, invoice_head}}});
  ASSERT_EQ(heads.status, 200) << heads.body;
  EXPECT_FALSE(heads.json["ok"]);
  EXPECT_FALSE(heads.json["heads"][0]["extends"]) << heads.body;
  EXPECT_NE(heads.json["heads"][0]["message"].get<std::string>().find("no longer in the chain"), std::string::npos);
  EXPECT_TRUE(heads.json["heads"][1]["extends"]) << heads.body;
}

TEST(Tamper, RewrittenChainDoesNotExtendAHeldHead) {
  Sealed t;
  Reply cert = t.both.client.get("/api/v1/approvals/" + std::to_string(t.approval) + "/certificate");
  ASSERT_EQ(cert.status, 200) << cert.body;
  const nlohmann::json held = cert.json["chain_head"];
  Reply ok = t.both.client.post("/api/v1/audit/verify", {{"heads", {held}}});
  EXPECT_TRUE(ok.json["ok"]) << ok.body;
  EXPECT_TRUE(ok.json["heads"][0]["extends"]);
  // A head that was never issued (another hash at the same seq) does not verify.
  nlohmann::json forged = held;
  forged["hash"] = std::string(64, 'a');
  Reply bad = t.both.client.post("/api/v1/audit/verify", {{"heads", {forged}}});
  EXPECT_FALSE(bad.json["ok"]);
  EXPECT_NE(bad.json["heads"][0]["message"].get<std::string>().find("rewritten"), std::string::npos);
  // Malformed heads are refused with a sentence.
  Reply malformed = t.both.client.post("/api/v1/audit/verify", {{"heads", {{{"seq", "x"}}}}});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.reason(), "bad_head");
}

TEST(Tamper, ApprovalRecordAndItsCertificate) {
  Sealed t;
  ASSERT_EQ(sql_on(t.server, "UPDATE approval SET typed_name = 'Eve'"), "");
  const auto f = t.findings();
  EXPECT_TRUE(has(f, "record_mismatch approval:" + std::to_string(t.approval))) << joined(f);
  Reply cert = t.both.client.get("/api/v1/approvals/" + std::to_string(t.approval) + "/certificate");
  EXPECT_EQ(cert.status, 409) << cert.body;
  EXPECT_EQ(cert.reason(), "record_altered");
}

TEST(Tamper, VersionFileList) {
  Sealed t;
  ASSERT_EQ(sql_on(t.server, "UPDATE version_file SET size = size + 1"), "");
  const auto f = t.findings();
  EXPECT_TRUE(has(f, "version_altered deliverable:" + std::to_string(t.both.s.deliverable))) << joined(f);
}

TEST(Tamper, InvoicedTimesheetMinutes) {
  Sealed t;
  ASSERT_EQ(sql_on(t.server, "UPDATE time_entry SET minutes = 900"), "");
  const auto f = t.findings();
  EXPECT_TRUE(has(f, "timesheet_altered timesheet:" + std::to_string(t.timesheet))) << joined(f);
}

TEST(Tamper, OneFlippedBitInAStoredFile) {
  Sealed t;
  const std::string path = t.blob(t.both.s.file);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ASSERT_FALSE(bytes.empty());
  bytes[0] = static_cast<char>(bytes[0] ^ 0x01);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  const auto f = t.findings();
  EXPECT_TRUE(has(f, "file_altered file:" + std::to_string(t.both.s.file))) << joined(f);
  // The download is refused, never served with the original hash as its ETag.
  Reply r = t.both.client.get("/api/v1/files/" + std::to_string(t.both.s.file));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.reason(), "file_damaged");
  EXPECT_EQ(r.headers.count("ETag"), 0u);
  EXPECT_NE(r.body.find("logo.svg"), std::string::npos) << r.body;
}

TEST(Tamper, MissingBlob) {
  Sealed t;
  std::filesystem::remove(t.blob(t.both.s.file));
  const auto f = t.findings();
  EXPECT_TRUE(has(f, "file_missing file:" + std::to_string(t.both.s.file))) << joined(f);
  Reply r = t.both.client.get("/api/v1/files/" + std::to_string(t.both.s.file));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.reason(), "file_missing");
  EXPECT_NE(r.message().find("restore it from a backup"), std::string::npos) << r.body;
}

TEST(Tamper, DeletedPaymentRowAndItsSeal) {
  Sealed t;
  ASSERT_EQ(sql_on(t.server, "DELETE FROM payment"), "");
  const auto f = t.findings();
  EXPECT_TRUE(has(f, "record_missing payment:" + std::to_string(t.payment))) << joined(f);
  EXPECT_TRUE(has(f, "record_mismatch invoice:" + std::to_string(t.invoice))) << joined(f);  // paid_minor no longer adds up
}

// The client's view of the chain holds its own engagements' links only.
TEST(Tamper, AClientSeesOnlyItsOwnEngagementsLinks) {
  Sealed t;
  ApiSession& owner = t.both.owner;
  // A second client, Contoso, approves a deliverable of its own project: one more event.
  auto id_of = [](const Reply& r) { return r.json.is_object() && r.json.contains("id") ? r.json["id"].get<std::int64_t>() : 0; };
  const std::int64_t contoso = id_of(owner.post("/api/v1/clients", {{"name", "Contoso"}}));
  Reply invite = owner.post("/api/v1/clients/" + std::to_string(contoso) + "/users", {{"email", "bob@contoso.test"}, {"name", "Bob Builder"}});
  ASSERT_EQ(invite.status, 201) << invite.body;
  ApiSession bob(t.server);
  Reply accepted = bob.post("/api/v1/invites/accept", {{"token", invite.json["invite_path"].get<std::string>().substr(10)},
                                                       {"password", "bob-builds-things"}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  bob.use_cookie(accepted.headers.find("Set-Cookie")->second.substr(0, accepted.headers.find("Set-Cookie")->second.find(';')));
  const std::int64_t project = id_of(owner.post("/api/v1/projects", {{"client_id", contoso}, {"name", "Intranet"}}));
  const std::int64_t milestone = id_of(owner.post("/api/v1/projects/" + std::to_string(project) + "/milestones",
                                                  {{"name", "Plan"}, {"billing", "fixed_fee"}, {"amount_minor", 1000}}));
  const std::int64_t file = upload(owner, project, "plan.txt", "the plan");
  const std::int64_t deliverable = id_of(owner.post("/api/v1/milestones/" + std::to_string(milestone) + "/deliverables", {{"name", "Plan"}}));
  const std::string d = "/api/v1/deliverables/" + std::to_string(deliverable);
  ASSERT_EQ(owner.post(d + "/versions", {{"file_ids", {file}}}).status, 200);
  ASSERT_EQ(owner.post(d + "/submit").status, 200);
  Reply approved = bob.post(d + "/approve", {{"version", 1}, {"typed_name", "bob builder"}, {"consent", true},
                                             {"statement", bob.get(d).json["statement"]}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  const std::string contoso_subject = "approval:" + std::to_string(approved.json["approval_id"].get<std::int64_t>());

  Reply full = owner.get("/api/v1/audit/chain");
  Reply mine = t.both.client.get("/api/v1/audit/chain");
  Reply theirs = bob.get("/api/v1/audit/chain");
  ASSERT_EQ(mine.status, 200);
  EXPECT_TRUE(full.json["complete"]);
  EXPECT_FALSE(mine.json["complete"]);
  EXPECT_EQ(full.json["links"].size(), 5u);     // approval, timesheet approval, invoice, payment; Contoso's approval
  EXPECT_EQ(mine.json["links"].size(), 4u);
  EXPECT_EQ(theirs.json["links"].size(), 1u);
  for (const auto& l : mine.json["links"]) EXPECT_NE(l["subject"], contoso_subject);
  EXPECT_EQ(theirs.json["links"][0]["subject"], contoso_subject);
  EXPECT_EQ(full.json["head"], mine.json["head"]);
  // Bob's certificate still verifies against his partial view.
  Reply cert = bob.get("/api/v1/approvals/" + contoso_subject.substr(9) + "/certificate");
  ASSERT_EQ(cert.status, 200) << cert.body;
  Certificate c = certificate_from_json(cert.json);
  std::vector<ChainLink> links;
  for (const auto& l : theirs.json["links"]) links.push_back({l["seq"], l["prev_hash"], l["hash"]});
  EXPECT_TRUE(verify_certificate(c, links).empty());
}
