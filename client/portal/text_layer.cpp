#include "text_layer.h"

#include <emscripten.h>

#include <map>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "imgui.h"
#include "imgui_internal.h"

#include "platform.h"
#include "test_hook.h"
#include "theme.h"

namespace handoff::portal {

namespace {

struct Published {
  ImGuiID id = 0;
  std::string label;
  FieldKind kind = FieldKind::text;
  ImRect bb, clip;
  std::string value;
  bool disabled = false;
};

// The page's state as of this frame, and this frame's fields. Browser-only, one thread.
struct Layer {
  std::map<ImGuiID, std::string> edits;  // typed since the last frame, by field id
  std::set<ImGuiID> submits;             // Enter pressed
  ImGuiID focused = 0;                   // the element with the keyboard
  ImGuiID focused_before = 0;            // ... as of the previous frame (to scroll to a new focus)
  ImGuiID focus_request = 0;             // the portal asks the page to focus this field
  std::string focused_label;
  std::vector<Published> fields;
} g_layer;

const char* kind_name(FieldKind k) {
  switch (k) {  // keep in sync with `kinds` in assets/input.js
    case FieldKind::text: return "text";
    case FieldKind::name: return "name";
    case FieldKind::email: return "email";
    case FieldKind::username: return "username";
    case FieldKind::current_password: return "current_password";
    case FieldKind::new_password: return "new_password";
    case FieldKind::number: return "number";
    case FieldKind::date: return "date";
    case FieldKind::url: return "url";
    case FieldKind::multiline: return "multiline";
  }
  return "text";
}

// What the phone keyboard's Enter key says.
const char* enter_hint(FieldKind k) {
  switch (k) {
    case FieldKind::username:
    case FieldKind::email: return "next";
    case FieldKind::current_password:
    case FieldKind::new_password: return "go";
    case FieldKind::multiline: return "enter";
    default: return "done";
  }
}

bool is_password(FieldKind k) { return k == FieldKind::current_password || k == FieldKind::new_password; }

// One bullet per character (code point), as browsers draw a password.
std::string bullets(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) out += "\xE2\x80\xA2";
  }
  return out;
}

EM_JS(void, js_text_layer_sync, (const char* json, unsigned focus), {
  if (!window.handoffInput) return;
  if (focus) window.handoffInput.focus(focus);
  window.handoffInput.sync(UTF8ToString(json));
});

}  // namespace

void text_layer_begin_frame() {
  Layer& l = g_layer;
  l.edits.clear();
  l.submits.clear();
  l.focused_before = l.focused;
  const nlohmann::json in = nlohmann::json::parse(js_string(5), nullptr, false);
  if (!in.is_object()) return;
  const nlohmann::json edits = in.value("edits", nlohmann::json::object());  // items() keeps a reference
  for (const auto& [key, value] : edits.items()) {
    if (!value.is_string()) continue;
    theme_want_glyphs(value.get_ref<const std::string&>());  // e.g. a name typed in Chinese
    l.edits[static_cast<ImGuiID>(std::stoul(key))] = value.get<std::string>();
  }
  for (const auto& id : in.value("submits", nlohmann::json::array())) {
    if (id.is_number_unsigned()) l.submits.insert(id.get<ImGuiID>());
  }
  l.focused = in.value("focused", 0u);
}

FieldEvents text_layer_field(const char* id_text, const char* label, std::string* value, FieldKind kind,
                             const ImVec2& size, bool take_focus) {
  FieldEvents out;
  Layer& l = g_layer;
  ImGuiContext& g = *ImGui::GetCurrentContext();
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const ImGuiID id = window->GetID(id_text);
  if (auto it = l.edits.find(id); it != l.edits.end()) {
    out.changed = *value != it->second;
    *value = it->second;
  }
  out.submitted = kind != FieldKind::multiline && l.submits.count(id) > 0;
  if (take_focus) l.focus_request = id;
  if (window->SkipItems) return out;

  const ImGuiStyle& style = g.Style;
  const ImVec2 item(size.x > 0 ? size.x : ImGui::CalcItemWidth(), size.y > 0 ? size.y : ImGui::GetFrameHeight());
  const ImRect bb(window->DC.CursorPos, ImVec2(window->DC.CursorPos.x + item.x, window->DC.CursorPos.y + item.y));
  ImGui::ItemSize(bb, style.FramePadding.y);
  const bool disabled = (g.CurrentItemFlags & ImGuiItemFlags_Disabled) != 0;
  const bool focused = l.focused == id;
  ImGui::ItemAdd(bb, id);
  test_hook_label_last_item(label);
  if (focused) {
    l.focused_label = label;
    if (l.focused_before != id) ImGui::ScrollToBringRectIntoView(window, bb);  // e.g. above a phone keyboard
  }

  // The frame and the ring; the text when the element is not showing its own.
  ImDrawList* draw = window->DrawList;
  draw->AddRectFilled(bb.Min, bb.Max, ImGui::GetColorU32(ImGuiCol_FrameBg), style.FrameRounding);
  const float ring = focused ? std::max(2.0f, style.FrameBorderSize * 2) : style.FrameBorderSize;
  draw->AddRect(bb.Min, bb.Max, ImGui::GetColorU32(focused ? ImGuiCol_CheckMark : ImGuiCol_Border), style.FrameRounding, 0,
                ring);
  const std::string shown = is_password(kind) ? bullets(*value) : *value;
  const ImRect inner(ImVec2(bb.Min.x + style.FramePadding.x, bb.Min.y + style.FramePadding.y),
                     ImVec2(bb.Max.x - style.FramePadding.x, bb.Max.y - style.FramePadding.y));
  const ImU32 text_colour = ImGui::GetColorU32(disabled ? ImGuiCol_TextDisabled : ImGuiCol_Text);
  if (!focused && !shown.empty()) {
    const ImVec4 clip(inner.Min.x, bb.Min.y, inner.Max.x, bb.Max.y);
    if (kind == FieldKind::multiline) {
      draw->AddText(g.Font, g.FontSize, inner.Min, text_colour, shown.c_str(), nullptr, inner.GetWidth(), &clip);
    } else {
      const float y = bb.Min.y + (bb.GetHeight() - g.FontSize) * 0.5f;
      draw->AddText(g.Font, g.FontSize, ImVec2(inner.Min.x, y), text_colour, shown.c_str(), nullptr, 0.0f, &clip);
    }
  }

  ImRect clip = window->ClipRect;
  if (window_hidden(window)) clip = ImRect(bb.Min, bb.Min);  // laid out, not shown yet: nothing to click
  l.fields.push_back({id, label, kind, bb, clip, *value, disabled});
  return out;
}

void text_layer_publish(float dpr) {
  Layer& l = g_layer;
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  // A popup over the page, or a press or drag that started on the canvas: the fields let
  // the mouse through, so the canvas keeps seeing it.
  const bool blocked = g.OpenPopupStack.Size > 0 || g.ActiveId != 0 || g.DragDropActive;
  nlohmann::json fields = nlohmann::json::array();
  for (const Published& f : l.fields) {
    fields.push_back({{"id", f.id},
                      {"label", f.label},
                      {"kind", kind_name(f.kind)},
                      {"enter", enter_hint(f.kind)},
                      {"x", f.bb.Min.x / dpr},
                      {"y", f.bb.Min.y / dpr},
                      {"w", f.bb.GetWidth() / dpr},
                      {"h", f.bb.GetHeight() / dpr},
                      {"cx", f.clip.Min.x / dpr},
                      {"cy", f.clip.Min.y / dpr},
                      {"cw", std::max(0.0f, f.clip.GetWidth()) / dpr},
                      {"ch", std::max(0.0f, f.clip.GetHeight()) / dpr},
                      {"value", f.value},
                      {"disabled", f.disabled}});
  }
  const nlohmann::json out = {{"fields", fields}, {"blocked", blocked}};
  js_text_layer_sync(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str(), l.focus_request);
  l.focus_request = 0;
  bool focused_drawn = false;
  for (const Published& f : l.fields) focused_drawn |= f.id == l.focused;
  if (!focused_drawn) l.focused_label.clear();
  l.fields.clear();
}

const std::string& text_layer_focused_label() { return g_layer.focused_label; }

}  // namespace handoff::portal
