#include "ui_kit.h"

#include "handoff/money.h"

#include <algorithm>

#include "imgui_internal.h"

#include "test_hook.h"
#include "theme.h"
#include "touch.h"

namespace handoff::portal {

void heading(const char* t) {
  ImGui::PushFont(fonts().heading);
  ImGui::PushTextWrapPos(0.0f);  // a long title wraps at word boundaries, never off the edge
  ImGui::TextUnformatted(t);
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  test_hook_label_last_item(t);
}

void subheading(const char* t) {
  ImGui::PushFont(fonts().strong);
  ImGui::TextUnformatted(t);
  ImGui::PopFont();
  test_hook_label_last_item(t);
}

void text(const std::string& s) {
  ImGui::TextWrapped("%s", s.c_str());
  test_hook_label_last_item(s.c_str());
}

void muted(const std::string& s) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour::muted);
  text(s);
  ImGui::PopStyleColor();
}

void error_text(const std::string& s) {
  if (s.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, colour::error);
  text(s);
  ImGui::PopStyleColor();
}

void reasons(const std::vector<Reason>& rs) {
  for (const Reason& r : rs) error_text("• " + r.message);
}

bool text_field(const char* label, std::string* value, float width, FieldKind kind, bool focus) {
  ImGui::TextUnformatted(label);
  const float avail = ImGui::GetContentRegionAvail().x;
  const float w = width < 0 ? avail : std::min(px(width), avail);  // never wider than a phone
  const FieldEvents e = text_layer_field((std::string("##") + label).c_str(), label, value, kind, ImVec2(w, 0), focus);
  return e.submitted;
}

bool multiline_field(const char* label, std::string* value, float height_lines) {
  ImGui::TextUnformatted(label);
  const ImVec2 size(ImGui::GetContentRegionAvail().x, ImGui::GetTextLineHeight() * height_lines + px(16));
  return text_layer_field((std::string("##") + label).c_str(), label, value, FieldKind::multiline, size, false).changed;
}

bool primary_button(const char* label, bool enabled, float width) {
  ImGui::BeginDisabled(!enabled);
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
  const bool clicked = ImGui::Button(label, ImVec2(width, 0));
  ImGui::PopStyleColor();
  ImGui::EndDisabled();
  return clicked && enabled;
}

bool button(const char* label, bool enabled) {
  ImGui::BeginDisabled(!enabled);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.93f, 0.94f, 0.97f, 1));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.86f, 0.89f, 0.97f, 1));
  const bool clicked = ImGui::Button(label);
  ImGui::PopStyleColor(2);
  ImGui::EndDisabled();
  return clicked && enabled;
}

bool link(const char* label) {
  // Wraps at word boundaries within the column (a phone is narrow); on touch devices the
  // target is at least 44 CSS px tall. Registered under its visible text.
  const char* end = ImGui::FindRenderedTextEnd(label);
  const float wrap = std::max(px(40), ImGui::GetContentRegionAvail().x);
  const ImVec2 text_size = ImGui::CalcTextSize(label, end, false, wrap);
  const float h = std::max(text_size.y, touch_device() ? px(44) : 0.0f);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton(label, ImVec2(std::max(1.0f, text_size.x), h));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 text_pos(pos.x, pos.y + (h - text_size.y) * 0.5f);
  const ImU32 brand = ImGui::GetColorU32(ImGuiCol_CheckMark);  // the workspace's colour (theme_brand)
  draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), text_pos, brand, label, end, wrap);
  if (hovered) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    const float underline = text_pos.y + text_size.y;
    draw->AddLine(ImVec2(text_pos.x, underline), ImVec2(text_pos.x + text_size.x, underline), brand, px(1));
  }
  ImGuiContext& g = *ImGui::GetCurrentContext();
  IMGUI_TEST_ENGINE_ITEM_INFO(g.LastItemData.ID, label, 0);  // its own id: links may read alike
  return clicked;
}

void progress_bar(float fraction, const std::string& caption) {
  ImGui::ProgressBar(fraction, ImVec2(-1, px(18)), caption.c_str());  // brand colour from the style
  test_hook_label_last_item(caption.c_str());
}

void spinner(bool active) {
  const float r = px(7);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetFrameHeight();
  if (active) {
    const float t = static_cast<float>(ImGui::GetTime()) * 6.0f;
    ImGui::GetWindowDrawList()->PathArcTo(ImVec2(p.x + r, p.y + h * 0.5f), r, t, t + 4.2f, 16);
    ImGui::GetWindowDrawList()->PathStroke(colour::brand, 0, px(2));
  }
  ImGui::Dummy(ImVec2(r * 2, h));
}

void begin_card(const char* id, const char* title) {
  ImGui::PushID(id);
  ImGui::Spacing();
  if (title && *title) subheading(title);
  ImGui::Spacing();
}

void end_card() {
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::PopID();
}

void empty_state(const std::string& s) { muted(s); }

void ellipsized(const std::string& s, float max_w) {
  if (ImGui::CalcTextSize(s.c_str()).x <= max_w) {
    ImGui::TextUnformatted(s.c_str());
    test_hook_label_last_item(s.c_str());
    return;
  }
  // The longest prefix (whole code points) that fits with "…" after it.
  const char* ellipsis = "\xE2\x80\xA6";
  std::size_t lo = 0, hi = s.size();
  while (lo < hi) {
    std::size_t mid = (lo + hi + 1) / 2;
    while (mid > 0 && mid < s.size() && (static_cast<unsigned char>(s[mid]) & 0xC0) == 0x80) --mid;
    if (mid <= lo) break;
    if (ImGui::CalcTextSize((s.substr(0, mid) + ellipsis).c_str()).x <= max_w) lo = mid;
    else hi = mid - 1;
  }
  while (lo > 0 && lo < s.size() && (static_cast<unsigned char>(s[lo]) & 0xC0) == 0x80) --lo;
  ImGui::PushID(s.c_str());
  if (ImGui::Selectable((s.substr(0, lo) + ellipsis + "##cut").c_str(), false, 0, ImVec2(max_w, 0))) ImGui::OpenPopup("full");
  test_hook_label_last_item(s.c_str());  // found by its whole value
  if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  if (ImGui::BeginPopup("full")) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::min(px(360), ImGui::GetMainViewport()->Size.x - px(48)));
    ImGui::TextUnformatted(s.c_str());
    ImGui::PopTextWrapPos();
    if (button("Copy")) {
      ImGui::SetClipboardText(s.c_str());
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  ImGui::PopID();
}

std::string money(std::int64_t minor, const std::string& currency) { return format_money(minor, currency); }

}  // namespace handoff::portal
