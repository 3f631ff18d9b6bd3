// screens.h — the portal's screens: each draws a view-model and turns input into its
// intents. No state lives here.
#pragma once

#include "session_view_model.h"

namespace handoff::portal {

// Draws the whole page for the current screen, filling the window.
void draw_portal(client::SessionViewModel& session, const client::ApiClient& api);

}  // namespace handoff::portal
