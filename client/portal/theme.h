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

// (Re)builds the font atlas and style for `dpr` when it changed since the last call.
// Returns true when it rebuilt (the renderer's font texture must be recreated).
bool theme_apply(float dpr);
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
