#include "ui_kit.h"

#include "handoff/money.h"

#include "misc/cpp/imgui_stdlib.h"
#include "test_hook.h"
#include "theme.h"

namespace handoff::portal {

void heading(const char* t) {
  ImGui::PushFont(fonts().heading);
  ImGui::TextUnformatted(t);
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

bool text_field(const char* label, std::string* value, float width, bool password, bool focus) {
  ImGui::TextUnformatted(label);
  ImGui::SetNextItemWidth(width < 0 ? -1 : px(width));
  if (focus) ImGui::SetKeyboardFocusHere();
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue;
  if (password) flags |= ImGuiInputTextFlags_Password;
  const bool enter = ImGui::InputText((std::string("##") + label).c_str(), value, flags);
  test_hook_label_last_item(label);
  return enter;
}

bool multiline_field(const char* label, std::string* value, float height_lines) {
  ImGui::TextUnformatted(label);
  const bool changed = ImGui::InputTextMultiline((std::string("##") + label).c_str(), value,
                                                 ImVec2(-1, ImGui::GetTextLineHeight() * height_lines + px(16)));
  test_hook_label_last_item(label);
  return changed;
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
  ImGui::PushStyleColor(ImGuiCol_Text, colour::brand);
  const bool clicked = ImGui::Selectable(label, false, ImGuiSelectableFlags_None,
                                         ImVec2(ImGui::CalcTextSize(label, nullptr, true).x, 0));
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
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

std::string money(std::int64_t minor, const std::string& currency) { return format_money(minor, currency); }

}  // namespace handoff::portal
