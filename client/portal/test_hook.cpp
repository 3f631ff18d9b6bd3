#include "test_hook.h"

#include <emscripten.h>

#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "imgui.h"
#include "imgui_internal.h"

#include "text_layer.h"
#include "theme.h"

namespace {

struct HookItem {
  ImRect bb;
  ImRect clip;       // the window's visible area when the item was added
  std::string label;
  bool disabled = false;  // inside BeginDisabled(): clicks do nothing
  bool hidden = false;    // its window is laid out but not shown this frame
  ImGuiID widget = 0;     // relabelled items: the widget's own id (to tell when it is active)
};


// The registry of the frame being drawn. Browser-only code, single-threaded.
struct Registry {
  std::unordered_map<ImGuiID, std::size_t> index;
  std::vector<HookItem> items;
  unsigned frame = 0;
} g_registry;

HookItem& item_for(ImGuiID id) {
  auto [it, added] = g_registry.index.emplace(id, g_registry.items.size());
  if (added) g_registry.items.push_back({});
  return g_registry.items[it->second];
}

// The visible part of a label: ImGui hides everything from "##" on.
std::string visible_label(const char* label) {
  const char* end = ImGui::FindRenderedTextEnd(label);
  return std::string(label, end);
}

EM_JS(void, publish_registry, (const char* json), {
  window.__handoff = JSON.parse(UTF8ToString(json));
});

}  // namespace

namespace handoff::portal {

bool window_hidden(const ImGuiWindow* w) {
  return w && (w->HiddenFramesCannotSkipItems > 0 || w->HiddenFramesCanSkipItems > 0 || w->Hidden);
}

}  // namespace handoff::portal

using handoff::portal::window_hidden;

// [SECTION] ImGui 1.86 test-engine hook entry points (declared in imgui_internal.h)

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  HookItem& item = item_for(id);
  item.bb = bb;
  item.clip = ctx->CurrentWindow ? ctx->CurrentWindow->ClipRect : bb;
  item.disabled = (ctx->CurrentItemFlags & ImGuiItemFlags_Disabled) != 0;
  item.hidden = window_hidden(ctx->CurrentWindow);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
  if (label) item_for(id).label = visible_label(label);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID id) {
  auto it = g_registry.index.find(id);
  return it == g_registry.index.end() ? nullptr : g_registry.items[it->second].label.c_str();
}

namespace handoff::portal {

void test_hook_install() { ImGui::GetCurrentContext()->TestEngineHookItems = true; }

void test_hook_label_last_item(const char* label) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  // A synthetic id from the label and the window, distinct from ImGui's own ids.
  const ImGuiID id = ImHashStr(label, 0, g.CurrentWindow ? g.CurrentWindow->ID : 0) ^ 0x5EED;
  HookItem& item = item_for(id);
  item.bb = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  item.clip = g.CurrentWindow ? g.CurrentWindow->ClipRect : item.bb;
  item.label = label;
  item.widget = g.LastItemData.ID;
  item.disabled = (g.LastItemData.InFlags & ImGuiItemFlags_Disabled) != 0;  // the item's, not the current scope's
  item.hidden = window_hidden(g.CurrentWindow);
}

void test_hook_publish(float dpr, double frame_ms) {
  nlohmann::json items = nlohmann::json::array();
  for (const HookItem& it : g_registry.items) {
    if (it.label.empty() || it.hidden) continue;
    ImRect r = it.bb;
    r.ClipWithFull(it.clip);
    if (r.GetWidth() <= 0 || r.GetHeight() <= 0) continue;  // scrolled away or clipped
    items.push_back({{"label", it.label},
                     {"x", r.Min.x / dpr},
                     {"y", r.Min.y / dpr},
                     {"w", r.GetWidth() / dpr},
                     {"h", r.GetHeight() / dpr},
                     {"disabled", it.disabled}});
  }
  // The widget being edited or pressed (a text field after a click), by its label: tests
  // type only once the field they clicked has the keyboard.
  std::string active = text_layer_focused_label();  // a text field has the page's keyboard
  const ImGuiID active_id = ImGui::GetCurrentContext()->ActiveId;
  for (const auto& [id, index] : g_registry.index) {
    const HookItem& it = g_registry.items[index];
    if (active.empty() && active_id && (id == active_id || it.widget == active_id) && !it.label.empty()) active = it.label;
  }
  const GlyphStats glyphs = glyph_stats();
  nlohmann::json out = {{"frame", ++g_registry.frame}, {"dpr", dpr}, {"frame_ms", frame_ms}, {"active", active},
                        {"items", items},
                        {"glyphs", {{"added", glyphs.added}, {"waiting", glyphs.waiting}, {"build_ms", glyphs.last_build_ms}}}};
  publish_registry(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  g_registry.index.clear();
  g_registry.items.clear();
}

}  // namespace handoff::portal
