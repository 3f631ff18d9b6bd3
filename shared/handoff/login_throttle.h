// login_throttle.h — the rule that rate-limits failed logins.
//
// Pure: the caller owns the state (one per account, one per address) and passes the time
// in. A key is locked once it has `max_failures` failures inside the sliding `window`;
// it unlocks when the oldest of them leaves the window. A success does not erase an
// address's failures (an attacker may own one account), but does clear an account's.
#pragma once

#include <cstdint>
#include <deque>

namespace handoff {

struct ThrottlePolicy {
  int max_failures;             // failures allowed inside the window before locking
  std::int64_t window_seconds;  // sliding window length
};

inline constexpr ThrottlePolicy kAccountThrottle{5, 15 * 60};   // per email address
inline constexpr ThrottlePolicy kAddressThrottle{20, 15 * 60};  // per client IP address

struct ThrottleState {
  std::deque<std::int64_t> failures;  // unix seconds, oldest first, pruned to the window
};

// Seconds until `state` may try again at `now`; 0 when a try is allowed now.
std::int64_t throttle_retry_after(const ThrottleState& state, std::int64_t now,
                                  const ThrottlePolicy& policy);

// Records a failed attempt at `now` and drops failures older than the window.
void throttle_record_failure(ThrottleState& state, std::int64_t now, const ThrottlePolicy& policy);

// True when the state holds nothing inside the window at `now` (the caller may forget it).
bool throttle_is_idle(const ThrottleState& state, std::int64_t now, const ThrottlePolicy& policy);

}  // namespace handoff
