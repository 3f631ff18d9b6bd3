#include "touch.h"

#include <cfloat>
#include <deque>

#include <nlohmann/json.hpp>

#include "imgui.h"
#include "imgui_internal.h"

#include "platform.h"

namespace handoff::portal {

namespace {

struct PointerEvent {
  enum class Type { move, down, up, leave, pan } type = Type::move;
  ImVec2 pos, delta;
};

// The finger's state. Browser-only, one thread.
struct Touch {
  std::deque<PointerEvent> pending;
  bool device = false;    // touch_device()
  bool owns = false;      // the finger drives ImGui's mouse (until a real mouse moves)
  bool down = false;
  ImVec2 pos{-FLT_MAX, -FLT_MAX};
  ImVec2 pan;             // this frame's swipe, in canvas pixels
  ImVec2 last_glfw{-FLT_MAX, -FLT_MAX};  // GLFW's mouse position last frame
} g_touch;

PointerEvent::Type type_of(const std::string& t) {
  using T = PointerEvent::Type;
  return t == "down" ? T::down : t == "up" ? T::up : t == "leave" ? T::leave : t == "pan" ? T::pan : T::move;
}

}  // namespace

void touch_apply_pointer() {
  Touch& t = g_touch;
  const nlohmann::json in = nlohmann::json::parse(js_string(6), nullptr, false);
  if (in.is_object()) {
    t.device = in.value("touch", false);
    for (const auto& e : in.value("pointer", nlohmann::json::array())) {
      if (!e.is_object()) continue;
      t.pending.push_back({type_of(e.value("t", "")), ImVec2(e.value("x", 0.0f), e.value("y", 0.0f)),
                           ImVec2(e.value("dx", 0.0f), e.value("dy", 0.0f))});
    }
  }
  ImGuiIO& io = ImGui::GetIO();
  // A real mouse that moved takes the pointer back (a laptop with a touch screen).
  const bool mouse_moved = io.MousePos.x != t.last_glfw.x || io.MousePos.y != t.last_glfw.y;
  t.last_glfw = io.MousePos;
  if (mouse_moved && t.pending.empty()) t.owns = false;

  t.pan = ImVec2(0, 0);
  bool pressed_or_released = false;
  while (!t.pending.empty()) {
    const PointerEvent& e = t.pending.front();
    using T = PointerEvent::Type;
    if (e.type == T::down || e.type == T::up) {
      if (pressed_or_released) break;  // one transition per frame
      pressed_or_released = true;
      t.down = e.type == T::down;
    } else if (e.type == T::leave) {
      if (pressed_or_released) break;  // let the release be seen where it happened
      t.pos = ImVec2(-FLT_MAX, -FLT_MAX);
      t.down = false;
    } else {
      t.pos = e.pos;
      if (e.type == T::pan) t.pan = ImVec2(t.pan.x + e.delta.x, t.pan.y + e.delta.y);
    }
    t.owns = true;
    t.pending.pop_front();
  }
  if (t.owns) {
    io.MousePos = t.pos;
    io.MouseDown[0] = t.down;
  }
}

void touch_apply_pan() {
  Touch& t = g_touch;
  if (t.pan.x == 0 && t.pan.y == 0) return;
  ImGuiContext& g = *ImGui::GetCurrentContext();
  // The window under the finger, or the nearest parent that can scroll (as the wheel does).
  auto scrolls = [](ImGuiWindow* w, int axis) {
    return w->ScrollMax[axis] > 0 && !(w->Flags & ImGuiWindowFlags_NoScrollWithMouse);
  };
  for (int axis = 0; axis < 2; ++axis) {
    const float d = axis ? t.pan.y : t.pan.x;
    if (d == 0) continue;
    ImGuiWindow* w = g.HoveredWindow;
    while (w && (w->Flags & ImGuiWindowFlags_ChildWindow) && !scrolls(w, axis)) w = w->ParentWindow;
    if (!w || !scrolls(w, axis)) continue;
    const float target = ImClamp(w->Scroll[axis] - d, 0.0f, w->ScrollMax[axis]);
    if (axis) ImGui::SetScrollY(w, target);
    else ImGui::SetScrollX(w, target);
  }
}

bool touch_pending() { return !g_touch.pending.empty(); }
bool touch_device() { return g_touch.device; }

}  // namespace handoff::portal
