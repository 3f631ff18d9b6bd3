#include <gtest/gtest.h>

#include "handoff/login_throttle.h"

using namespace handoff;

namespace {
constexpr ThrottlePolicy kPolicy{3, 100};
}

TEST(LoginThrottle, AllowsUntilMaxFailuresInsideWindow) {
  ThrottleState s;
  EXPECT_EQ(throttle_retry_after(s, 1000, kPolicy), 0);
  throttle_record_failure(s, 1000, kPolicy);
  throttle_record_failure(s, 1010, kPolicy);
  EXPECT_EQ(throttle_retry_after(s, 1010, kPolicy), 0);
  throttle_record_failure(s, 1020, kPolicy);
  // Locked until the oldest failure (1000) leaves the 100 s window at 1100.
  EXPECT_EQ(throttle_retry_after(s, 1020, kPolicy), 80);
  EXPECT_EQ(throttle_retry_after(s, 1099, kPolicy), 1);
  EXPECT_EQ(throttle_retry_after(s, 1100, kPolicy), 0);
}

TEST(LoginThrottle, FailuresOutsideWindowDoNotCount) {
  ThrottleState s;
  throttle_record_failure(s, 0, kPolicy);
  throttle_record_failure(s, 1, kPolicy);
  throttle_record_failure(s, 500, kPolicy);  // the first two have aged out
  EXPECT_EQ(throttle_retry_after(s, 500, kPolicy), 0);
  EXPECT_EQ(s.failures.size(), 1u);
}

TEST(LoginThrottle, MemoryIsBoundedByMaxFailures) {
  ThrottleState s;
  for (int i = 0; i < 1000; ++i) throttle_record_failure(s, 1000 + i / 100, kPolicy);
  EXPECT_LE(s.failures.size(), 3u);
  EXPECT_GT(throttle_retry_after(s, 1009, kPolicy), 0);
}

TEST(LoginThrottle, IdleOnceEverythingAgedOut) {
  ThrottleState s;
  EXPECT_TRUE(throttle_is_idle(s, 0, kPolicy));
  throttle_record_failure(s, 10, kPolicy);
  EXPECT_FALSE(throttle_is_idle(s, 109, kPolicy));
  EXPECT_TRUE(throttle_is_idle(s, 110, kPolicy));
}

TEST(LoginThrottle, ProductionPoliciesAreStricterPerAccountThanPerAddress) {
  EXPECT_LT(kAccountThrottle.max_failures, kAddressThrottle.max_failures);
  EXPECT_GE(kAccountThrottle.window_seconds, 60);
}
