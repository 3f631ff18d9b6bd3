#include <gtest/gtest.h>

#include <string>

#include "handoff/credentials.h"

using handoff::normalize_email;
using handoff::password_problem;

TEST(NormalizeEmail, TrimsAndLowercases) {
  EXPECT_EQ(normalize_email("  Owner@Example.COM \n"), "owner@example.com");
}

TEST(NormalizeEmail, RefusesMalformed) {
  for (const char* bad : {"", "   ", "owner", "@example.com", "owner@", "owner@example", "owner@.com",
                          "owner@example.", "a@b@c.com", "own er@example.com", "owner@exa\tmple.com"}) {
    EXPECT_FALSE(normalize_email(bad)) << bad;
  }
}

TEST(NormalizeEmail, RefusesControlCharactersAndOverlongAddresses) {
  EXPECT_FALSE(normalize_email(std::string("a\x01@b.com")));
  EXPECT_FALSE(normalize_email(std::string("a\r\n@b.com")));
  EXPECT_FALSE(normalize_email(std::string(250, 'a') + "@b.com"));
  EXPECT_TRUE(normalize_email(std::string(240, 'a') + "@b.com"));
}

TEST(NormalizeEmail, KeepsUtf8LocalParts) {
  EXPECT_EQ(normalize_email("J\xC3\xBCrgen@Example.de"), "j\xC3\xBCrgen@example.de");
}

TEST(PasswordProblem, LengthBounds) {
  EXPECT_TRUE(password_problem("short"));
  EXPECT_FALSE(password_problem("ten chars!"));
  EXPECT_FALSE(password_problem(std::string(1024, 'x')));
  EXPECT_TRUE(password_problem(std::string(1025, 'x')));
  EXPECT_EQ(*password_problem(""), "Use at least 10 characters.");
}
