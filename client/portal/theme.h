// theme.h — fonts, colours and sizes. Everything is drawn in device pixels: fonts are
// rasterised at 16 CSS px × devicePixelRatio so text stays sharp at any zoom or DPI.
#pragma once

#include <string>

#include "imgui.h"

namespace handoff::portal {

struct Fonts {
  ImFont* body = nullptr;     // Inter Regular, 16 CSS px
  ImFont* strong = nullptr;   // Inter SemiBold, 16 CSS px
  ImFont* heading = nullptr;  // Inter SemiBold, 24 CSS px
};

// (Re)builds the font atlas and style for `dpr` when it changed since the last call, or
// the atlas when text needs glyphs it lacks (theme_want_glyphs). Returns true when it
// rebuilt (the renderer's font texture must be recreated).
bool theme_apply(float dpr);
// Notes the characters of `utf8` the atlas lacks: the next theme_apply() adds them — from
// Inter (Greek, Cyrillic, Vietnamese, arrows…), or for what Inter lacks (CJK, Hebrew,
// Thai…) rasterised by the browser's own fonts (assets/input.js) — so a name like 李 or
// Ωμέγα never shows as "?". Call it on text arriving from the
// server and from the keyboard. Only the Basic Multilingual Plane (ImWchar is 16 bits).
void theme_want_glyphs(const std::string& utf8);
// Figures for tests and benchmarks: glyphs added so far, wanted but not yet added, and the
// time the last atlas build took (ms).
struct GlyphStats {
  int added = 0, waiting = 0;
  double last_build_ms = 0;
};
GlyphStats glyph_stats();
const Fonts& fonts();
// Applies the workspace's brand colour ("#rrggbb") to buttons and highlights; "" or an
// invalid value keeps Handoff's default blue.
void theme_brand(const std::string& hex);
float dpr();
// CSS pixels to device pixels.
inline float px(float css) { return css * dpr(); }

namespace colour {
inline constexpr ImU32 brand = IM_COL32(0x2f, 0x5b, 0xea, 0xff);
inline constexpr ImU32 error = IM_COL32(0xc0, 0x27, 0x2d, 0xff);
inline constexpr ImU32 muted = IM_COL32(0x5f, 0x66, 0x73, 0xff);
}  // namespace colour

}  // namespace handoff::portal
