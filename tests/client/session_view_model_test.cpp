// The session view-model (login screen, app frame) against a fake server.
#include <gtest/gtest.h>

#include "handoff/wire.h"

#include "fake_server.h"
#include "session_view_model.h"

using namespace handoff;
using namespace handoff::client;
using handoff::client::testing::FakeServer;

namespace {

std::string me_body() {
  return wire::to_json(wire::Me{1, 0, "owner@handoff.local", "Owner", Role::owner, 1, "My workspace"}).dump();
}

std::string error_body(const char* code, const char* message) {
  return wire::error_to_json(Error{code, message, {}}).dump();
}

struct SessionTest : ::testing::Test {
  ApiClient api;
  FakeServer server{api};
  SessionViewModel vm{api};

  void start_logged_out() {
    vm.start();
    server.reply(server.only(), 401, error_body("not_logged_in", "Log in to continue."));
  }
};

}  // namespace

TEST_F(SessionTest, StartsByAskingWhoIsLoggedIn) {
  vm.start();
  EXPECT_EQ(vm.screen(), Screen::starting);
  ApiRequest r = server.only();
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/api/v1/me");
  server.reply(r, 200, me_body());
  EXPECT_EQ(vm.screen(), Screen::app);
  EXPECT_EQ(vm.me()->email, "owner@handoff.local");
}

TEST_F(SessionTest, NoSessionShowsLoginWithoutAnError) {
  start_logged_out();
  EXPECT_EQ(vm.screen(), Screen::login);
  EXPECT_EQ(vm.error(), "");
}

TEST_F(SessionTest, UnreachableServerAtStartSaysSo) {
  vm.start();
  server.reply(server.only(), 0, "");
  EXPECT_EQ(vm.screen(), Screen::login);
  EXPECT_EQ(vm.error(), "Cannot reach the server. Check your connection and try again.");
}

TEST_F(SessionTest, LocalValidationSendsNothing) {
  start_logged_out();
  vm.submit();
  EXPECT_EQ(vm.error(), "Enter your email address.");
  vm.email = "not-an-email";
  vm.submit();
  EXPECT_EQ(vm.error(), "That email address does not look right.");
  vm.email = "owner@handoff.local";
  vm.submit();
  EXPECT_EQ(vm.error(), "Enter your password.");
  EXPECT_TRUE(server.take().empty());
  EXPECT_FALSE(vm.busy());
}

TEST_F(SessionTest, SuccessfulLoginEntersTheAppAndForgetsThePassword) {
  start_logged_out();
  vm.email = "owner@handoff.local";
  vm.password = "correct horse";
  vm.submit();
  EXPECT_TRUE(vm.busy());
  EXPECT_FALSE(vm.can_submit());
  ApiRequest r = server.only();
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/api/v1/session");
  EXPECT_EQ(nlohmann::json::parse(r.body), (nlohmann::json{{"email", "owner@handoff.local"}, {"password", "correct horse"}}));
  vm.submit();  // double submit while busy: ignored
  EXPECT_TRUE(server.take().empty());
  server.reply(r, 200, me_body());
  EXPECT_FALSE(vm.busy());
  EXPECT_EQ(vm.screen(), Screen::app);
  EXPECT_EQ(vm.password, "");
}

TEST_F(SessionTest, WrongPasswordShowsTheServersSentenceAndClearsThePassword) {
  start_logged_out();
  vm.email = "owner@handoff.local";
  vm.password = "wrong";
  vm.submit();
  server.reply(server.only(), 401, error_body("wrong_credentials", "The email or password is not right."));
  EXPECT_EQ(vm.screen(), Screen::login);
  EXPECT_EQ(vm.error(), "The email or password is not right.");
  EXPECT_EQ(vm.password, "");
  EXPECT_EQ(vm.email, "owner@handoff.local");
}

TEST_F(SessionTest, RateLimitedLoginExplainsTheWait) {
  start_logged_out();
  vm.email = "owner@handoff.local";
  vm.password = "guess";
  vm.submit();
  server.reply(server.only(), 429, error_body("too_many_attempts", "Too many failed logins. Try again in 15 minutes."));
  EXPECT_EQ(vm.error(), "Too many failed logins. Try again in 15 minutes.");
}

TEST_F(SessionTest, GarbledSuccessIsAnErrorNotACrash) {
  start_logged_out();
  vm.email = "owner@handoff.local";
  vm.password = "pw";
  vm.submit();
  server.reply(server.only(), 200, "{\"user_id\":\"x\"}");
  EXPECT_EQ(vm.screen(), Screen::login);
  EXPECT_NE(vm.error(), "");
}

TEST_F(SessionTest, LogOut) {
  vm.start();
  server.reply(server.only(), 200, me_body());
  vm.log_out();
  ApiRequest r = server.only();
  EXPECT_EQ(r.method, "DELETE");
  EXPECT_EQ(r.path, "/api/v1/session");
  server.reply(r, 204, "");
  EXPECT_EQ(vm.screen(), Screen::login);
  EXPECT_FALSE(vm.me());
}

TEST(ApiClientQueue, EachRequestAnsweredOnceAndHandlersMaySendMore) {
  ApiClient api;
  int calls = 0;
  const auto first = api.send("GET", "/a", "", [&](const ApiResponse&) {
    ++calls;
    api.send("GET", "/b", "", [&](const ApiResponse&) { ++calls; });
  });
  EXPECT_EQ(api.in_flight(), 1u);
  auto out = api.take_outgoing();
  ASSERT_EQ(out.size(), 1u);
  api.deliver(first, {200, ""});
  api.deliver(first, {200, ""});  // a duplicate answer is ignored
  EXPECT_EQ(calls, 1);
  out = api.take_outgoing();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].path, "/b");
  api.deliver(out[0].id, {200, ""});
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(api.in_flight(), 0u);
}
