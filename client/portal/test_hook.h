// test_hook.h — publishes each frame's labelled widgets to JavaScript, so browser tests
// can find "Log in" and click its centre with real mouse events.
//
// Built on Dear ImGui 1.86's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE): ItemAdd gives
// every item's rectangle, ItemInfo its label. After each frame the registry is written to
// window.__handoff = {frame, dpr, items:[{label, x, y, w, h, disabled}]} in CSS pixels.
#pragma once

namespace handoff::portal {

// Starts hooking the current ImGui context.
void test_hook_install();
// Registers the last drawn item (e.g. a Text line) under `label`: for texts that tests
// must see but that ImGui gives no id (error messages, headings).
void test_hook_label_last_item(const char* label);
// Publishes this frame's registry and clears it. `dpr` converts pixels to CSS pixels;
// `frame_ms` is the CPU time the frame took (for scripts/bench-portal).
void test_hook_publish(float dpr, double frame_ms);

}  // namespace handoff::portal
