#include <gtest/gtest.h>

#include "handoff/json_read.h"
#include "handoff/wire.h"

using namespace handoff;

TEST(Wire, ErrorRoundTrip) {
  Error e{"gate_closed", "Cannot invoice yet.", {{"awaiting_approval", "Deliverable 'Logo' is awaiting approval."}}};
  const std::string body = wire::error_to_json(e).dump();
  Error back = wire::error_from_body(409, body);
  EXPECT_EQ(back.code, "gate_closed");
  EXPECT_EQ(back.message, "Cannot invoice yet.");
  ASSERT_EQ(back.reasons.size(), 1u);
  EXPECT_EQ(back.reasons[0], e.reasons[0]);
}

TEST(Wire, ErrorFromAnythingElseStillGivesASentence) {
  for (const char* body : {"", "<html>", "{}", R"({"error":"x"})", R"({"error":{"code":1}})"}) {
    Error e = wire::error_from_body(502, body);
    EXPECT_EQ(e.code, "unexpected_response") << body;
    EXPECT_NE(e.message.find("502"), std::string::npos);
  }
}

TEST(Wire, LoginRequestValidation) {
  auto ok = wire::login_request_from_json(wire::to_json(wire::LoginRequest{"a@b.co", "pw"}));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value().email, "a@b.co");

  auto wrong = wire::login_request_from_json(nlohmann::json{{"email", 5}});
  ASSERT_FALSE(wrong.ok());
  ASSERT_EQ(wrong.error().reasons.size(), 2u);
  EXPECT_EQ(wrong.error().reasons[0].code, "wrong_type");
  EXPECT_EQ(wrong.error().reasons[1].code, "missing_field");
}

TEST(Wire, MeRoundTripAndTolerance) {
  wire::Me me{7, 0, "o@x.io", "Owner", Role::owner, 3, "Studio"};
  nlohmann::json j = wire::to_json(me);
  j["added_by_a_newer_server"] = true;
  auto back = wire::me_from_json(j);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value().role, Role::owner);
  EXPECT_EQ(back.value().workspace_name, "Studio");

  j["role"] = "admin";
  EXPECT_FALSE(wire::me_from_json(j).ok());
}

#include "handoff/wire_model.h"

#include "fixture.h"

TEST(WireModel, EngagementRoundTripsThroughProjectJson) {
  using namespace handoff::testing;
  Engagement e = approved_design();
  e = ok(add_time_entry(e, kOwner, {31, 1, 21, kNow, 45, 9000, true, "call"}));
  e = ok(submit_timesheet(e, kOwner, 51, kNow, kNow + 86400, {31}));
  e = ok(add_authorisation(e, kOwner, {41, AuthorisationKind::deposit, "Deposit", 1000, std::string(64, 'a')}));
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow));
  e = ok(send_invoice(e, kOwner, 900, 1, kNow));
  e = ok(record_payment(e, kOwner, 900, {801, 900, 1000, "USD", kNow, "wire"}));
  const Engagement back = wire::engagement_from_json(wire::project_to_json(e, kOwner, kNow));
  EXPECT_EQ(back.milestones, e.milestones);
  EXPECT_EQ(back.tasks, e.tasks);
  EXPECT_EQ(back.deliverables, e.deliverables);
  EXPECT_EQ(back.approvals, e.approvals);
  EXPECT_EQ(back.time_entries, e.time_entries);
  EXPECT_EQ(back.timesheets, e.timesheets);
  EXPECT_EQ(back.authorisations, e.authorisations);
  EXPECT_EQ(back.payments, e.payments);
  ASSERT_EQ(back.invoices.size(), 1u);
  EXPECT_EQ(back.invoices[0].lines, e.invoices[0].lines);
  EXPECT_EQ(back.invoices[0].number, "INV-0001");
  EXPECT_EQ(back.settings, e.settings);
  // The same rules give the same answers on both sides of the wire.
  EXPECT_EQ(billable_work(back).size(), billable_work(e).size());
  EXPECT_EQ(approval_statement(back, back.deliverables[0], back.deliverables[0].versions[0]),
            approval_statement(e, e.deliverables[0], e.deliverables[0].versions[0]));
  // Garbage reads as defaults, never aborts.
  EXPECT_TRUE(wire::engagement_from_json(nlohmann::json::parse(R"({"milestones":[{"id":"x"}],"tasks":7})")).tasks.empty());
}
