// Logging in and out over HTTP against a real server and SQLite file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_server.h"

using namespace handoff::testing;

namespace {
httplib::Result post_login(httplib::Client& c, const std::string& email, const std::string& password,
                           const char* address_header = nullptr) {
  httplib::Headers h;
  if (address_header) h.emplace("REMOTE_ADDR", address_header);  // a spoof attempt
  return c.Post("/api/v1/session", h, nlohmann::json{{"email", email}, {"password", password}}.dump(),
                "application/json");
}
nlohmann::json body_of(const httplib::Result& r) { return nlohmann::json::parse(r->body); }
}  // namespace

TEST(Health, ReportsReadyAndApiVersion) {
  TestServer s;
  auto c = s.client();
  auto r = c.Get("/api/v1/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(body_of(r)["api_version"], 1);
}

TEST(Session, FirstRunCreatesOwnerWhoCanLogIn) {
  TestServer s;
  EXPECT_NE(s.output().find("First run: created the owner owner@handoff.local"), std::string::npos);
  auto c = s.client();
  auto r = post_login(c, "  Owner@Handoff.Local ", kOwnerPassword);  // normalised email
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(body_of(r)["email"], kOwnerEmail);
  EXPECT_EQ(body_of(r)["role"], "owner");

  const std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("handoff_session=", 0), 0u);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  const std::string token = cookie.substr(16, cookie.find(';') - 16);
  EXPECT_EQ(token.size(), 64u);  // 256 bits, hex
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Session, MeNeedsTheCookieAndLogoutEndsIt) {
  TestServer s;
  auto c = s.client();
  auto anonymous = c.Get("/api/v1/me");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(body_of(anonymous)["error"]["code"], "not_logged_in");

  const std::string cookie = log_in(c, kOwnerEmail, kOwnerPassword);
  ASSERT_FALSE(cookie.empty());
  auto me = c.Get("/api/v1/me", {{"Cookie", cookie}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(body_of(me)["workspace_name"], "My workspace");

  auto out = c.Delete("/api/v1/session", {{"Cookie", cookie}});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204);
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  auto after = c.Get("/api/v1/me", {{"Cookie", cookie}});
  EXPECT_EQ(after->status, 401);
}

TEST(Session, ForgedOrMalformedCookiesAreNotSessions) {
  TestServer s;
  auto c = s.client();
  for (const std::string& v : {"handoff_session=" + std::string(64, 'a'), std::string("handoff_session="),
                              std::string("handoff_session=../../etc/passwd"), std::string("other=1")}) {
    auto r = c.Get("/api/v1/me", {{"Cookie", v}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << v;
  }
}

TEST(Session, SessionsSurviveARestartPasswordIsNotStoredInClear) {
  TestServer s;
  auto c = s.client();
  const std::string cookie = log_in(c, kOwnerEmail, kOwnerPassword);
  ASSERT_FALSE(cookie.empty());
  s.restart();
  EXPECT_EQ(s.output().find("First run"), std::string::npos);  // the owner is reused
  auto c2 = s.client();
  auto me = c2.Get("/api/v1/me", {{"Cookie", cookie}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  // Neither the password nor the token is in the database file.
  std::ifstream db(s.data_dir() + "/handoff.db", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(db)), std::istreambuf_iterator<char>());
  std::ifstream wal(s.data_dir() + "/handoff.db-wal", std::ios::binary);
  const std::string wal_bytes((std::istreambuf_iterator<char>(wal)), std::istreambuf_iterator<char>());
  for (const std::string& b : {bytes, wal_bytes}) {
    EXPECT_EQ(b.find(kOwnerPassword), std::string::npos);
    EXPECT_EQ(b.find(cookie.substr(16)), std::string::npos);
  }
  EXPECT_NE((bytes + wal_bytes).find("$argon2id$"), std::string::npos);
}

TEST(Session, WrongPasswordAndUnknownEmailAnswerTheSame) {
  TestServer s;
  auto c = s.client();
  auto wrong = post_login(c, kOwnerEmail, "not the password");
  auto unknown = post_login(c, "nobody@handoff.local", "not the password");
  ASSERT_TRUE(wrong && unknown);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_EQ(wrong->body, unknown->body);
  EXPECT_EQ(body_of(wrong)["error"]["message"], "The email or password is not right.");
}

TEST(Session, FailedLoginsAreRateLimitedPerAccount) {
  TestServer s;
  auto c = s.client();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(post_login(c, kOwnerEmail, "guess " + std::to_string(i))->status, 401);
  auto locked = post_login(c, kOwnerEmail, kOwnerPassword);  // even the right password waits
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->status, 429);
  EXPECT_EQ(body_of(locked)["error"]["code"], "too_many_attempts");
  const int retry_after = std::stoi(locked->get_header_value("Retry-After"));
  EXPECT_GT(retry_after, 800);
  EXPECT_LE(retry_after, 900);
}

TEST(Session, FailedLoginsAreRateLimitedPerAddressAndHeadersCannotSpoofIt) {
  TestServer s;
  auto c = s.client();
  // 20 failures spread over many accounts from one address, each "claiming" another address.
  for (int i = 0; i < 20; ++i) {
    auto r = post_login(c, "user" + std::to_string(i) + "@x.io", "guess", ("10.0.0." + std::to_string(i)).c_str());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
  }
  auto r = post_login(c, kOwnerEmail, kOwnerPassword, "10.9.9.9");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
}
