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
