#include "handoff/login_throttle.h"

#include <cassert>

namespace handoff {

namespace {
// Count of failures still inside the window at `now`.
std::size_t live_failures(const ThrottleState& state, std::int64_t now, const ThrottlePolicy& p) {
  std::size_t n = 0;
  for (std::int64_t t : state.failures) {
    if (t > now - p.window_seconds) ++n;
  }
  return n;
}
}  // namespace

std::int64_t throttle_retry_after(const ThrottleState& state, std::int64_t now,
                                  const ThrottlePolicy& policy) {
  assert(policy.max_failures > 0);
  if (live_failures(state, now, policy) < static_cast<std::size_t>(policy.max_failures)) return 0;
  // Locked: it opens when enough failures have aged out that fewer than max remain.
  // The failure that must expire is the (live - max + 1)-th oldest live one.
  std::size_t live_seen = 0;
  const std::size_t must_expire = live_failures(state, now, policy) - policy.max_failures + 1;
  for (std::int64_t t : state.failures) {
    if (t <= now - policy.window_seconds) continue;
    if (++live_seen == must_expire) return t + policy.window_seconds - now;
  }
  return 0;  // unreachable: must_expire <= live count
}

void throttle_record_failure(ThrottleState& state, std::int64_t now, const ThrottlePolicy& policy) {
  state.failures.push_back(now);
  while (!state.failures.empty() && state.failures.front() <= now - policy.window_seconds) {
    state.failures.pop_front();
  }
  // Bound memory: more than max failures never changes a decision beyond the newest max.
  while (state.failures.size() > static_cast<std::size_t>(policy.max_failures)) {
    state.failures.pop_front();
  }
}

bool throttle_is_idle(const ThrottleState& state, std::int64_t now, const ThrottlePolicy& policy) {
  return live_failures(state, now, policy) == 0;
}

}  // namespace handoff
