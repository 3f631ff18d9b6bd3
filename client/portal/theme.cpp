#include "theme.h"

namespace handoff::portal {

namespace {
// The browser build is single-threaded; the theme is per page.
Fonts g_fonts;
float g_dpr = 0.0f;
std::string g_brand;  // the brand colour applied to the style ("" = default)

// The font files are packaged with the portal (--preload-file, see client/CMakeLists.txt).
constexpr const char* kRegular = "/fonts/Inter-Regular.otf";
constexpr const char* kSemiBold = "/fonts/Inter-SemiBold.otf";
}  // namespace

const Fonts& fonts() { return g_fonts; }

void theme_brand(const std::string& hex) {
  std::string& applied = g_brand;
  if (hex == applied || hex.size() != 7 || hex[0] != '#') return;
  unsigned v = 0;
  for (std::size_t i = 1; i < 7; ++i) {
    const char c = hex[i];
    const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return;
    v = v * 16 + static_cast<unsigned>(d);
  }
  applied = hex;
  const ImVec4 brand((v >> 16 & 0xff) / 255.0f, (v >> 8 & 0xff) / 255.0f, (v & 0xff) / 255.0f, 1.0f);
  ImVec4* c = ImGui::GetStyle().Colors;
  c[ImGuiCol_Button] = brand;
  c[ImGuiCol_ButtonHovered] = ImVec4(brand.x * 0.85f, brand.y * 0.85f, brand.z * 0.85f, 1);
  c[ImGuiCol_ButtonActive] = ImVec4(brand.x * 0.7f, brand.y * 0.7f, brand.z * 0.7f, 1);
  c[ImGuiCol_PlotHistogram] = brand;
  c[ImGuiCol_CheckMark] = brand;
}
float dpr() { return g_dpr; }

bool theme_apply(float new_dpr) {
  if (new_dpr <= 0.0f) new_dpr = 1.0f;
  if (new_dpr == g_dpr) return false;
  g_dpr = new_dpr;

  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.OversampleH = g_dpr >= 2 ? 1 : 2;  // dense screens need no sub-pixel copies (and phones have less memory)
  cfg.OversampleV = 1;
  // What clients type: Latin with its extensions (incl. Vietnamese), Greek, Cyrillic, and
  // the punctuation, currency and arrows people paste. All are in Inter.
  static const ImWchar ranges[] = {0x0020, 0x024F,  // Basic Latin, Latin-1, Extended-A and -B
                                   0x0300, 0x036F,  // combining accents
                                   0x0370, 0x03FF,  // Greek
                                   0x0400, 0x052F,  // Cyrillic and its supplement
                                   0x1E00, 0x1EFF,  // Latin Extended Additional
                                   0x2000, 0x206F,  // general punctuation (dashes, quotes, bullet, ellipsis)
                                   0x20A0, 0x20CF,  // currency signs
                                   0x2100, 0x215F,  // letterlike (numero, trade mark)
                                   0x2190, 0x21FF,  // arrows
                                   0x2212, 0x2212,  // minus
                                   0};
  g_fonts.body = io.Fonts->AddFontFromFileTTF(kRegular, 16.0f * g_dpr, &cfg, ranges);
  g_fonts.strong = io.Fonts->AddFontFromFileTTF(kSemiBold, 16.0f * g_dpr, &cfg, ranges);
  g_fonts.heading = io.Fonts->AddFontFromFileTTF(kSemiBold, 24.0f * g_dpr, &cfg, ranges);
  if (!g_fonts.body) g_fonts.body = io.Fonts->AddFontDefault();  // never a blank page
  if (!g_fonts.strong) g_fonts.strong = g_fonts.body;
  if (!g_fonts.heading) g_fonts.heading = g_fonts.strong;
  io.FontDefault = g_fonts.body;

  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  style.WindowPadding = ImVec2(24, 24);
  style.FramePadding = ImVec2(10, 8);
  style.ItemSpacing = ImVec2(10, 10);
  style.FrameRounding = 6;
  style.WindowRounding = 0;
  style.ChildRounding = 8;
  style.FrameBorderSize = 1;
  style.WindowBorderSize = 0;
  style.SelectableTextAlign = ImVec2(0.0f, 0.5f);
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_Text] = ImVec4(0.10f, 0.12f, 0.16f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_Border] = ImVec4(0.80f, 0.82f, 0.86f, 1.0f);
  c[ImGuiCol_Button] = ImGui::ColorConvertU32ToFloat4(colour::brand);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.15f, 0.30f, 0.80f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.12f, 0.24f, 0.66f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.88f, 0.91f, 0.99f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.92f, 0.94f, 0.99f, 1.0f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.84f, 0.88f, 0.99f, 1.0f);
  style.ScaleAllSizes(g_dpr);
  ImGui::GetStyle() = style;
  g_brand.clear();  // the new style has the default colours: theme_brand re-applies
  return true;
}

}  // namespace handoff::portal
