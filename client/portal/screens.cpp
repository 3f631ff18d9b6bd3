#include "screens.h"

#include <algorithm>
#include <string>

#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"

#include "handoff/rules.h"

#include "test_hook.h"
#include "theme.h"

namespace handoff::portal {

namespace {

using client::Screen;
using client::Section;
using client::SessionViewModel;

constexpr ImGuiWindowFlags kPageFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_NoBringToFrontOnFocus;

// Text that tests (and screen readers of the registry) can find by its content.
void labelled_text(ImU32 colour, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
  test_hook_label_last_item(text.c_str());
}

void heading(const char* text) {
  ImGui::PushFont(fonts().heading);
  ImGui::TextUnformatted(text);
  ImGui::PopFont();
  test_hook_label_last_item(text);
}

// A small spinner; it always takes its space so the layout does not jump, and draws only
// while `active`.
void spinner(bool active) {
  const float r = px(7);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetFrameHeight();
  if (active) {
    const ImVec2 centre(p.x + r, p.y + h * 0.5f);
    const float t = static_cast<float>(ImGui::GetTime()) * 6.0f;
    ImGui::GetWindowDrawList()->PathArcTo(centre, r, t, t + 4.2f, 16);
    ImGui::GetWindowDrawList()->PathStroke(colour::brand, 0, px(2));
  }
  ImGui::Dummy(ImVec2(r * 2, h));
}

void draw_starting() {
  const ImVec2 size = ImGui::GetWindowSize();
  ImGui::SetCursorPos(ImVec2(size.x * 0.5f - px(60), size.y * 0.45f));
  spinner(true);
  ImGui::SameLine();
  labelled_text(colour::muted, "Loading…");
}

void draw_login(SessionViewModel& vm) {
  const ImVec2 size = ImGui::GetWindowSize();
  const float card_w = std::min(px(400), size.x - px(32));
  const float card_h = px(360);
  ImGui::SetCursorPos(ImVec2((size.x - card_w) * 0.5f, std::max(px(16), (size.y - card_h) * 0.4f)));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(px(28), px(28)));
  ImGui::BeginChild("login_card", ImVec2(card_w, card_h), true, ImGuiWindowFlags_AlwaysUseWindowPadding);

  heading("Log in to Handoff");
  ImGui::PushStyleColor(ImGuiCol_Text, colour::muted);
  ImGui::TextWrapped("Your projects, files, approvals and invoices in one place.");
  ImGui::PopStyleColor();
  ImGui::Spacing();

  ImGui::BeginDisabled(vm.busy());
  ImGui::TextUnformatted("Email");
  ImGui::SetNextItemWidth(-1);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  bool enter = ImGui::InputText("##Email", &vm.email, ImGuiInputTextFlags_EnterReturnsTrue);
  test_hook_label_last_item("Email");
  ImGui::TextUnformatted("Password");
  ImGui::SetNextItemWidth(-1);
  enter |= ImGui::InputText("##Password", &vm.password,
                            ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  test_hook_label_last_item("Password");
  ImGui::EndDisabled();

  ImGui::Spacing();
  ImGui::BeginDisabled(!vm.can_submit());
  const char* label = vm.busy() ? "Logging in…###login" : "Log in###login";
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
  const bool clicked = ImGui::Button(label, ImVec2(-1, 0));
  ImGui::PopStyleColor();
  ImGui::EndDisabled();
  if ((clicked || enter) && vm.can_submit()) vm.submit();

  if (!vm.error().empty()) labelled_text(colour::error, vm.error());
  ImGui::EndChild();
  ImGui::PopStyleVar();
}

void draw_app(SessionViewModel& vm, const client::ApiClient& api) {
  const float sidebar_w = px(220);
  const wire::Me& me = *vm.me();

  // Sidebar: workspace name, sections, who is logged in.
  ImGui::BeginChild("sidebar", ImVec2(sidebar_w, 0), true);
  ImGui::PushFont(fonts().strong);
  ImGui::TextWrapped("%s", me.workspace_name.c_str());
  ImGui::PopFont();
  test_hook_label_last_item(me.workspace_name.c_str());
  ImGui::Separator();
  for (Section s : client::kSections) {
    if (ImGui::Selectable(client::section_label(s), vm.section() == s, 0, ImVec2(0, px(32)))) vm.select(s);
  }
  ImGui::EndChild();

  ImGui::SameLine();
  ImGui::BeginChild("main", ImVec2(0, 0), true, ImGuiWindowFlags_AlwaysUseWindowPadding);
  // Top bar: the section's title on the left; activity, the user and Log out on the right.
  heading(client::section_label(vm.section()));
  const std::string who = me.email + " · " + std::string(name_of(me.role));
  const ImGuiStyle& style = ImGui::GetStyle();
  const float logout_w = ImGui::CalcTextSize("Log out").x + style.FramePadding.x * 2;
  const float right_w = px(14) + style.ItemSpacing.x + ImGui::CalcTextSize(who.c_str()).x +
                        style.ItemSpacing.x + logout_w;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_w));
  spinner(api.in_flight() > 0);
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour::muted), "%s", who.c_str());
  test_hook_label_last_item(who.c_str());
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
  if (ImGui::Button("Log out")) vm.log_out();
  ImGui::PopStyleColor();
  ImGui::Separator();
  ImGui::Spacing();
  labelled_text(colour::muted, client::section_empty_state(vm.section()));
  ImGui::EndChild();
}

}  // namespace

void draw_portal(SessionViewModel& session, const client::ApiClient& api) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::Begin("Handoff", nullptr, kPageFlags);
  switch (session.screen()) {
    case Screen::starting: draw_starting(); break;
    case Screen::login: draw_login(session); break;
    case Screen::app: draw_app(session, api); break;
  }
  ImGui::End();
}

}  // namespace handoff::portal
