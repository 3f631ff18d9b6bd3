// platform.h — the browser services the portal's view-models ask for as data: location
// hash, time, origin, random keys, clipboard, uploads, downloads (assets/boot.js).
#pragma once

#include <string>

#include "imgui.h"

#include "portal_view_model.h"

namespace handoff::portal {

std::string location_hash();
void set_location_hash(const std::string& hash);
std::string location_origin();
std::int64_t unix_now();
std::string new_random_key();
// Sets document.title (what the tab, history and screen readers call the page) when it changed.
void set_document_title(const std::string& title);

// One string from the page's JavaScript (assets/boot.js, assets/input.js): 0 location
// hash, 1 origin, 2 a random key, 3 upload events, 4 the last paste, 5 text typed into the
// text layer, 6 the touch pointer's events. Keep in sync with js_string_length.
std::string js_string(int which);

// Performs the view-model's effects and feeds back upload progress and dropped files.
// Returns true when anything happened (the frame must be drawn).
bool platform_pump(client::PortalViewModel& vm);

// True (once) when the person did anything since the last call: input, resize, hash.
bool take_input_flag();
// The mouse wheel / trackpad movement since the last call, normalised in the page
// (boot.js): ImGui wheel units, positive up (vertical) and left (horizontal).
float take_wheel_y();
float take_wheel_x();

// The image at same-origin `path` as a texture, decoded by the browser (PNG, JPEG, GIF,
// WebP) and at most 512 pixels on its longer side; `*size` gets its pixel size. Null while
// it loads or when it cannot be decoded (asked for once per path; the heartbeat redraws).
ImTextureID image_texture(const std::string& path, ImVec2* size);

// Routes ImGui's clipboard through the browser (copy writes the system clipboard; paste
// reads what the page's last paste event carried).
void install_clipboard();

}  // namespace handoff::portal
