// The whole approval-to-invoice path through HTTP alone: an owner sets up a client,
// project, milestone and deliverable; invoicing is refused with reasons; the client user
// (invited by link) approves; the invoice goes out; a payment is recorded; the audit chain
// verifies and the approval certificate checks out against the published chain.
#include <gtest/gtest.h>

#include "handoff/audit.h"
#include "handoff/sha256.h"

#include "api_session.h"
#include "engagement_setup.h"

using namespace handoff;
using namespace handoff::testing;

TEST(EngagementFlow, FromSetupToPaidInvoiceOverHttp) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const Seeded s = set_up_engagement(owner);

  // Invoicing before the client approved: refused with the core's reason.
  Reply billable = owner.get("/api/v1/projects/" + std::to_string(s.project) + "/billable");
  ASSERT_EQ(billable.status, 200);
  ASSERT_EQ(billable.json["items"].size(), 1u);
  EXPECT_FALSE(billable.json["items"][0]["billable"]);
  Reply refused = owner.post("/api/v1/projects/" + std::to_string(s.project) + "/invoices",
                             {{"lines", {{{"kind", "milestone"}, {"source_id", s.milestone}}}}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.reason(), "awaiting_approval");
  EXPECT_EQ(refused.message(), "Milestone 'Design': deliverable 'Logo v1' is awaiting client approval.");

  // The client accepts the invite (sets a password, is logged in) and sees what waits.
  ApiSession client(server);
  Reply accepted = client.post("/api/v1/invites/accept", {{"token", s.invite_token}, {"password", "ada-lovelace-1815"}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  client.use_cookie(accepted.headers.find("Set-Cookie")->second.substr(0, accepted.headers.find("Set-Cookie")->second.find(';')));
  EXPECT_EQ(accepted.json["role"], "client");
  EXPECT_EQ(client.post("/api/v1/invites/accept", {{"token", s.invite_token}, {"password", "another-password"}}).status, 404);

  Reply progress = client.get("/api/v1/projects/" + std::to_string(s.project) + "/progress");
  ASSERT_EQ(progress.status, 200);
  ASSERT_EQ(progress.json["waiting_on_client"].size(), 1u);
  EXPECT_EQ(progress.json["waiting_on_client"][0]["kind"], "approval");
  EXPECT_EQ(progress.json["milestones"][0]["status"], "in_review");

  // The client approves the exact version with typed name and consent.
  Reply d = client.get("/api/v1/deliverables/" + std::to_string(s.deliverable));
  ASSERT_EQ(d.status, 200);
  const std::string statement = d.json["statement"];
  EXPECT_NE(statement.find(d.json["versions"][0]["content_hash"].get<std::string>()), std::string::npos);
  Reply wrong_name = client.post("/api/v1/deliverables/" + std::to_string(s.deliverable) + "/approve",
                                 {{"version", 1}, {"typed_name", "A. Lovelace"}, {"consent", true}, {"statement", statement}});
  EXPECT_EQ(wrong_name.status, 409);
  EXPECT_EQ(wrong_name.reason(), "typed_name_mismatch");
  Reply approved = client.post("/api/v1/deliverables/" + std::to_string(s.deliverable) + "/approve",
                               {{"version", 1}, {"typed_name", "Ada Lovelace"}, {"consent", true}, {"statement", statement}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json["review"], "approved");
  const Id approval_id = approved.json["approval_id"];
  ASSERT_GT(approval_id, 0);

  // Now the invoice goes out, numbered, and is paid in two parts.
  Reply invoice = owner.post("/api/v1/projects/" + std::to_string(s.project) + "/invoices", {{"from_approved_work", true}});
  ASSERT_EQ(invoice.status, 201) << invoice.body;
  EXPECT_EQ(invoice.json["status"], "draft");
  EXPECT_EQ(invoice.json["total_minor"], 600000);  // $5,000 + 20 % tax
  const std::string inv = "/api/v1/invoices/" + std::to_string(invoice.json["id"].get<Id>());
  Reply sent = owner.post(inv + "/send");
  ASSERT_EQ(sent.status, 200) << sent.body;
  Reply after_send = owner.get(inv);
  EXPECT_EQ(after_send.json["number"], "INV-0001");
  EXPECT_EQ(after_send.json["status"], "sent");
  Reply part = owner.post(inv + "/payments", {{"amount_minor", 100000}, {"currency", "USD"}, {"idempotency_key", "pay-0001-a"}});
  ASSERT_EQ(part.status, 201) << part.body;
  EXPECT_EQ(part.json["status"], "partially_paid");
  Reply too_much = owner.post(inv + "/payments", {{"amount_minor", 600000}, {"currency", "USD"}, {"idempotency_key", "pay-0001-b"}});
  EXPECT_EQ(too_much.status, 409);
  EXPECT_EQ(too_much.reason(), "exceeds_balance");
  Reply rest = owner.post(inv + "/payments", {{"amount_minor", 500000}, {"currency", "USD"}, {"idempotency_key", "pay-0001-c"}});
  ASSERT_EQ(rest.status, 201);
  EXPECT_EQ(rest.json["status"], "paid");

  // The client sees the invoice paid; drafts never show.
  Reply client_invoices = client.get("/api/v1/invoices");
  ASSERT_EQ(client_invoices.json["invoices"].size(), 1u);
  EXPECT_EQ(client_invoices.json["invoices"][0]["status"], "paid");
  EXPECT_EQ(client.get("/api/v1/projects/" + std::to_string(s.project) + "/progress").json["milestones"][0]["status"], "paid");

  // The audit chain verifies; the certificate checks out against the public chain.
  Reply verify = owner.get("/api/v1/audit/verify");
  ASSERT_EQ(verify.status, 200);
  EXPECT_TRUE(verify.json["ok"]) << verify.body;
  EXPECT_EQ(verify.json["events"], 4);  // approval, invoice sent, two payments
  EXPECT_EQ(verify.json["approvals_checked"], 1);

  Reply cert = client.get("/api/v1/approvals/" + std::to_string(approval_id) + "/certificate");
  ASSERT_EQ(cert.status, 200);
  EXPECT_EQ(sha256_hex(cert.json["canonical_approval"].get<std::string>()), cert.json["approval_hash"]);
  Reply chain = client.get("/api/v1/audit/chain");
  ASSERT_EQ(chain.status, 200);
  Certificate c = certificate_from_json(cert.json);
  std::vector<ChainLink> links;
  for (const auto& l : chain.json["links"]) links.push_back({l["seq"], l["prev_hash"], l["hash"]});
  EXPECT_TRUE(verify_certificate(c, links).empty());
  c.approval.typed_name = "Someone Else";
  EXPECT_FALSE(verify_certificate(c, links).empty());

  // Dashboard: nothing awaiting, nothing unpaid, the project at 100 % of its milestone.
  Reply dash = owner.get("/api/v1/dashboard");
  ASSERT_EQ(dash.status, 200);
  EXPECT_TRUE(dash.json["awaiting_approval"].empty());
  EXPECT_EQ(dash.json["unpaid_minor"], 0);
}

TEST(EngagementFlow, ChangesRequestedSecondVersionAndTheGateReopening) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const Seeded s = set_up_engagement(owner);
  ApiSession client(server);
  client.use_cookie(accept_invite(client, s.invite_token));
  const std::string deliverable = "/api/v1/deliverables/" + std::to_string(s.deliverable);

  EXPECT_EQ(client.post(deliverable + "/request-changes", {{"version", 1}, {"comment", ""}}).reason(), "comment_missing");
  Reply changes = client.post(deliverable + "/request-changes", {{"version", 1}, {"comment", "Darker blue, please"}});
  ASSERT_EQ(changes.status, 200) << changes.body;
  EXPECT_EQ(changes.json["review"], "changes_requested");
  Reply refused = owner.post("/api/v1/projects/" + std::to_string(s.project) + "/invoices", {{"from_approved_work", true}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.reason(), "changes_requested");

  // Version 2: upload, QA, submit; the client approves it.
  const Id file2 = upload(owner, s.project, "logo.svg", "<svg fill='navy'/>");
  ASSERT_EQ(owner.post(deliverable + "/versions", {{"file_ids", {file2}}}).status, 200);
  ASSERT_EQ(owner.put(deliverable + "/qa/1", {{"done", true}}).status, 200);
  ASSERT_EQ(owner.post(deliverable + "/submit").status, 200);
  Reply stale = client.post(deliverable + "/approve", {{"version", 1}, {"typed_name", "Ada Lovelace"}, {"consent", true},
                                                        {"statement", "old"}});
  EXPECT_EQ(stale.reason(), "not_current_version");
  const std::string statement = client.get(deliverable).json["statement"];
  ASSERT_EQ(client.post(deliverable + "/approve", {{"version", 2}, {"typed_name", "Ada Lovelace"}, {"consent", true},
                                                   {"statement", statement}}).status, 200);
  Reply billable = owner.get("/api/v1/projects/" + std::to_string(s.project) + "/billable");
  EXPECT_TRUE(billable.json["items"][0]["billable"]);

  // A third version after approval reopens the gate.
  const Id file3 = upload(owner, s.project, "logo.svg", "<svg fill='black'/>");
  ASSERT_EQ(owner.post(deliverable + "/versions", {{"file_ids", {file3}}}).status, 200);
  Reply reopened = owner.post("/api/v1/projects/" + std::to_string(s.project) + "/invoices", {{"from_approved_work", true}});
  EXPECT_EQ(reopened.status, 409);
  EXPECT_EQ(reopened.reason(), "changed_after_approval");
  EXPECT_TRUE(owner.get("/api/v1/audit/verify").json["ok"]);
}

TEST(Caching, ReadsReflectEveryWriteImmediately) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const Seeded s = set_up_engagement(owner);
  ApiSession client(server);
  const std::string cookie = accept_invite(client, s.invite_token);
  client.use_cookie(cookie);
  const std::string progress = "/api/v1/projects/" + std::to_string(s.project) + "/progress";
  // Warm the caches (progress for the client, dashboard for the owner).
  EXPECT_EQ(client.get(progress).json["milestones"][0]["tasks_done"], 0);
  EXPECT_EQ(client.get(progress).json["milestones"][0]["tasks_done"], 0);
  EXPECT_EQ(owner.get("/api/v1/dashboard").json["awaiting_approval"].size(), 1u);
  // A write through the API shows on the very next read.
  ASSERT_EQ(owner.patch("/api/v1/tasks/" + std::to_string(s.task), {{"status", "done"}}).status, 200);
  EXPECT_EQ(client.get(progress).json["milestones"][0]["tasks_done"], 1);
  ASSERT_EQ(approve_as_client(client, s.deliverable).status, 200);
  EXPECT_TRUE(owner.get("/api/v1/dashboard").json["awaiting_approval"].empty());
  EXPECT_EQ(owner.get("/api/v1/dashboard").json["approved_unbilled"].size(), 1u);
  // Logging out ends the session at once, even though it was cached.
  EXPECT_EQ(client.get("/api/v1/projects").status, 200);
  ASSERT_EQ(client.del("/api/v1/session").status, 204);
  ApiSession stale(server);
  stale.use_cookie(cookie);
  EXPECT_EQ(stale.get("/api/v1/projects").status, 401);
  EXPECT_EQ(stale.get(progress).status, 401);
}
