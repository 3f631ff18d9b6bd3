// screen_context.h — what a screen's view-model may use besides its own state.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "handoff/model.h"
#include "handoff/wire.h"

#include "api_client.h"
#include "resource.h"
#include "route.h"

namespace handoff::client {

struct ScreenContext {
  ApiClient& api;
  std::function<void(Route)> navigate;
  std::vector<Effect>& effects;
  std::function<std::string()> new_key;     // a fresh random idempotency key (platform)
  std::int64_t now = 0;                     // unix seconds, set by the platform each frame
  std::string origin;                       // "http://127.0.0.1:8080", for links to copy
  std::optional<wire::Me> me;               // who is logged in
  Actor actor() const {
    return me ? Actor{me->user_id, me->role, me->client_id, me->name} : Actor{};
  }
};

}  // namespace handoff::client
