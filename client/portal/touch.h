// touch.h — fingers on the canvas (gestures recognised in assets/input.js): a tap clicks,
// a long press picks up (then drags, e.g. a task on the board), a swipe scrolls what is
// under the finger and glides on.
#pragma once

namespace handoff::portal {

// Applies the finger as Dear ImGui's mouse: after the platform backend's NewFrame (which
// sets the mouse from GLFW), before ImGui::NewFrame(). One press or release per frame, as
// Dear ImGui 1.86 sees one state per frame; the rest waits (touch_pending()).
void touch_apply_pointer();
// Scrolls the window under the finger by this frame's swipe. After ImGui::NewFrame().
void touch_apply_pan();
// Finger events still waiting for a frame.
bool touch_pending();
// A touch device (a coarse pointer, or a finger was seen): targets grow to 44 CSS px.
bool touch_device();

}  // namespace handoff::portal
