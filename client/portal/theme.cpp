#include "theme.h"

#include <emscripten.h>

#include <cmath>
#include <set>
#include <utility>
#include <vector>

namespace handoff::portal {

namespace {
// The browser build is single-threaded; the theme is per page.
Fonts g_fonts;
float g_dpr = 0.0f;
std::string g_brand;  // the brand colour applied to the style ("" = default)

// The font files are packaged with the portal (--preload-file, see client/CMakeLists.txt).
constexpr const char* kRegular = "/fonts/Inter-Regular.otf";
constexpr const char* kSemiBold = "/fonts/Inter-SemiBold.otf";

// What Inter has: Latin with its extensions (incl. Vietnamese), Greek, Cyrillic, and the
// punctuation, currency and arrows people paste.
constexpr ImWchar kInterRanges[] = {0x0020, 0x024F,  // Basic Latin, Latin-1, Extended-A and -B
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
// What the atlas starts with (what the portal's own words and most names need). The rest
// of kInterRanges joins when text needs it: rasterising all of it for three faces took
// 270 ms at startup (DPR 1) against about 80 ms for these.
constexpr ImWchar kStartRanges[] = {0x0020, 0x017F, 0x2010, 0x2027, 0x20AC, 0x20AC, 0x2212, 0x2212, 0};

// Characters outside kStartRanges seen in text: from Inter when it has them, else drawn by
// the browser into the atlas. At most kMaxExtra (a few thousand CJK names would otherwise
// grow the atlas without bound).
constexpr std::size_t kMaxExtra = 512;  // at DPR 3 about 10,000 px each over three faces: stays within 4096²
std::set<ImWchar> g_extra;     // in the atlas
std::set<ImWchar> g_wanted;    // seen in text, not yet in the atlas
double g_last_build_ms = 0;

bool in(const ImWchar* ranges, unsigned cp) {
  for (const ImWchar* r = ranges; r[0]; r += 2) {
    if (cp >= r[0] && cp <= r[1]) return true;
  }
  return false;
}

// The browser's rasteriser (assets/input.js): a glyph's advance at `size` px, then its
// coverage as one alpha byte per pixel of a `w`×`h` box with the baseline at `ascent`.
EM_JS(int, js_glyph_advance, (int cp, float size, int bold), {
  return window.handoffInput ? window.handoffInput.glyphAdvance(cp, size, bold) : 0;
});
EM_JS(void, js_glyph_pixels, (int cp, float size, int bold, int w, int h, float ascent, unsigned char* out), {
  HEAPU8.set(window.handoffInput.glyphPixels(cp, size, bold, w, h, ascent), out);
});

struct ExtraGlyph {
  ImFont* font;
  ImWchar cp;
  int rect;
  bool bold;
  float size;
};
}  // namespace

void theme_want_glyphs(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    unsigned cp = c;
    std::size_t n = 1;
    if (c >= 0xF0) n = 4;
    else if (c >= 0xE0) n = 3;
    else if (c >= 0xC0) n = 2;
    if (n > 1) {
      if (i + n > s.size()) break;
      cp = c & (0xFF >> (n + 1));
      for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += n;
    if (cp < 0x80 || cp > 0xFFFF || in(kStartRanges, cp) || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xE000 && cp <= 0xF8FF)) continue;
    const ImWchar w = static_cast<ImWchar>(cp);
    if (!g_extra.count(w) && g_extra.size() + g_wanted.size() < kMaxExtra) g_wanted.insert(w);
  }
}

GlyphStats glyph_stats() {
  // Counted in the atlas itself (the body face), not in what was asked for.
  int added = 0;
  for (ImWchar cp : g_extra) {
    if (g_fonts.body && g_fonts.body->FindGlyphNoFallback(cp)) ++added;
  }
  return {added, static_cast<int>(g_wanted.size()), g_last_build_ms};
}

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
  const bool new_glyphs = !g_wanted.empty();
  if (new_dpr == g_dpr && !new_glyphs) return false;
  const bool style_too = new_dpr != g_dpr;
  g_dpr = new_dpr;
  const double start = emscripten_get_now();
  g_extra.insert(g_wanted.begin(), g_wanted.end());
  g_wanted.clear();

  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.OversampleH = g_dpr >= 2 ? 1 : 2;  // dense screens need no sub-pixel copies (and phones have less memory)
  cfg.OversampleV = 1;
  // What clients type: Latin with its extensions (incl. Vietnamese), Greek, Cyrillic, and
  // the punctuation, currency and arrows people paste. All are in Inter.
  // The start ranges plus the wanted characters Inter has (kept: the atlas reads them at build).
  static ImVector<ImWchar> ranges;
  ImFontGlyphRangesBuilder wanted;
  wanted.AddRanges(kStartRanges);
  for (ImWchar cp : g_extra) {
    if (in(kInterRanges, cp)) wanted.AddChar(cp);
  }
  ranges.clear();
  wanted.BuildRanges(&ranges);
  g_fonts.body = io.Fonts->AddFontFromFileTTF(kRegular, 16.0f * g_dpr, &cfg, ranges.Data);
  g_fonts.strong = io.Fonts->AddFontFromFileTTF(kSemiBold, 16.0f * g_dpr, &cfg, ranges.Data);
  g_fonts.heading = io.Fonts->AddFontFromFileTTF(kSemiBold, 24.0f * g_dpr, &cfg, ranges.Data);
  if (!g_fonts.body) g_fonts.body = io.Fonts->AddFontDefault();  // never a blank page
  if (!g_fonts.strong) g_fonts.strong = g_fonts.body;
  if (!g_fonts.heading) g_fonts.heading = g_fonts.strong;
  io.FontDefault = g_fonts.body;

  // Characters Inter lacks: boxes the size of the line, filled by the browser after the build.
  std::vector<ExtraGlyph> extra;
  // (ImFont::FontSize is set only by the build: the sizes are the ones asked for above.)
  const std::pair<ImFont*, float> faces[] = {{g_fonts.body, 16.0f * g_dpr}, {g_fonts.strong, 16.0f * g_dpr},
                                             {g_fonts.heading, 24.0f * g_dpr}};
  for (const auto& [font, size] : faces) {
    const bool bold = font != g_fonts.body;
    for (ImWchar cp : g_extra) {
      if (in(kInterRanges, cp)) continue;  // Inter draws it
      const int advance = js_glyph_advance(cp, size, bold);
      if (advance <= 0) continue;
      const int rect = io.Fonts->AddCustomRectFontGlyph(font, cp, advance, static_cast<int>(std::ceil(size)),
                                                        static_cast<float>(advance));
      extra.push_back({font, cp, rect, bold, size});
    }
  }
  unsigned char* atlas = nullptr;
  int atlas_w = 0, atlas_h = 0;
  io.Fonts->GetTexDataAsRGBA32(&atlas, &atlas_w, &atlas_h);  // builds; the boxes get their place
  std::vector<unsigned char> alpha;
  for (const ExtraGlyph& g : extra) {
    const ImFontAtlasCustomRect* r = io.Fonts->GetCustomRectByIndex(g.rect);
    alpha.assign(static_cast<std::size_t>(r->Width) * r->Height, 0);
    js_glyph_pixels(g.cp, g.size, g.bold, r->Width, r->Height, g.font->Ascent, alpha.data());
    for (int y = 0; y < r->Height; ++y) {
      for (int x = 0; x < r->Width; ++x) {
        unsigned char* p = atlas + (static_cast<std::size_t>(r->Y + y) * atlas_w + r->X + x) * 4;
        p[0] = p[1] = p[2] = 255;
        p[3] = alpha[static_cast<std::size_t>(y) * r->Width + x];
      }
    }
  }
  g_last_build_ms = emscripten_get_now() - start;
  if (!style_too) return true;

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
