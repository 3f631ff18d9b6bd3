// screens.h — the portal's screens: each draws a view-model and turns input into its
// intents. No state lives here (see client/portal_view_model.h).
#pragma once

#include "portal_view_model.h"

namespace handoff::portal {

// Draws the whole page for the current route, filling the window.
void draw_portal(client::PortalViewModel& vm);

}  // namespace handoff::portal
