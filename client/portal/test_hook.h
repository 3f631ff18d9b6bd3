// test_hook.h — publishes each frame's labelled widgets to JavaScript, so browser tests
// can find "Log in" and click its centre with real mouse events.
//
// Built on Dear ImGui 1.86's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE): ItemAdd gives
// every item's rectangle, ItemInfo its label. After each frame the registry is written to
// window.__handoff = {frame, dpr, items:[{label, x, y, w, h, disabled}]} in CSS pixels.
#pragma once

struct ImGuiWindow;

namespace handoff::portal {

// A window appearing is laid out in a hidden first frame (auto-fit) at a provisional
// position: what it holds must not be published yet (to tests, or as page elements by the
// text layer), or a click lands where nothing is.
bool window_hidden(const ImGuiWindow* w);

// Starts hooking the current ImGui context.
void test_hook_install();
// Registers the last drawn item (e.g. a Text line) under `label`: for texts that tests
// must see but that ImGui gives no id (error messages, headings).
void test_hook_label_last_item(const char* label);
// Publishes this frame's registry and clears it. `dpr` converts pixels to CSS pixels;
// `frame_ms` is the CPU time the frame took (for scripts/bench-portal).
void test_hook_publish(float dpr, double frame_ms);

}  // namespace handoff::portal
