// transport_fetch.h — the browser transport: performs ApiClient's queued requests with
// emscripten fetch (same-origin, so the session cookie travels with them).
#pragma once

#include "api_client.h"

namespace handoff::portal {

// Starts every request queued in `api`; answers arrive later through api.deliver().
void transport_pump(client::ApiClient& api);

}  // namespace handoff::portal
