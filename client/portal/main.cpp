// The portal's app loop: GLFW window on the page's canvas, WebGL2, Dear ImGui.
// Each frame: match the canvas to its CSS size × devicePixelRatio, start queued requests,
// draw the current screen from the view-model, publish the test registry.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

#include "api_client.h"
#include "platform.h"
#include "portal_view_model.h"
#include "screens.h"
#include "test_hook.h"
#include "text_layer.h"
#include "theme.h"
#include "touch.h"
#include "transport_fetch.h"

namespace {

struct KeyEvent {
  int key, scancode, action, mods;
};

struct Portal {
  GLFWwindow* window = nullptr;
  handoff::client::ApiClient api;
  handoff::client::PortalViewModel vm{api, handoff::portal::new_random_key};
  // Dear ImGui 1.86 keeps one down/up flag per key per frame, so a key pressed and
  // released between two frames (a quick Enter or Tab tap on a busy machine) would never
  // be seen. Releases of keys pressed since the last frame wait for the next one.
  std::vector<int> pressed_this_frame;
  std::vector<KeyEvent> deferred_releases;
  // Idle frames are skipped: nothing is drawn while nothing can have changed.
  int quiet_frames = 0;
  double last_draw_ms = 0;
  std::size_t last_in_flight = 0;
  std::uint64_t last_generation = 0;
};

// Frames drawn after the last change (lets ImGui settle hover, focus and layout), and
// the idle heartbeat (keeps a caret blinking) in milliseconds.
constexpr int kSettleFrames = 4;
constexpr double kIdleRedrawMs = 500;

Portal* g_portal = nullptr;  // for the GLFW callback below (the page has one portal)

void key_callback(GLFWwindow* window, int key, int scancode, int action, int mods) {
  Portal& p = *g_portal;
  const bool pressed_now = std::find(p.pressed_this_frame.begin(), p.pressed_this_frame.end(), key) !=
                           p.pressed_this_frame.end();
  if (action == GLFW_RELEASE && pressed_now) {
    p.deferred_releases.push_back({key, scancode, action, mods});
    return;
  }
  if (action == GLFW_PRESS) p.pressed_this_frame.push_back(key);
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

// After a frame has seen this frame's presses: deliver the releases held back.
void release_deferred_keys(Portal& p) {
  p.pressed_this_frame.clear();
  std::vector<KeyEvent> releases;
  releases.swap(p.deferred_releases);
  for (const KeyEvent& k : releases) ImGui_ImplGlfw_KeyCallback(p.window, k.key, k.scancode, k.action, k.mods);
}

// Keeps the canvas backing store at CSS size × devicePixelRatio (sharp at any DPI, follows
// window resizes) and the fonts rasterised for the current ratio. The canvas is sized
// directly, not through glfwSetWindowSize: Emscripten's GLFW turns a size equal to the
// screen's into a fullscreen request and leaves the canvas as it was.
void sync_canvas() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
  const int want_w = static_cast<int>(std::lround(css_w * ratio));
  const int want_h = static_cast<int>(std::lround(css_h * ratio));
  int w = 0, h = 0;
  emscripten_get_canvas_element_size("#canvas", &w, &h);
  if (want_w > 0 && want_h > 0 && (w != want_w || h != want_h)) emscripten_set_canvas_element_size("#canvas", want_w, want_h);
  if (handoff::portal::theme_apply(ratio)) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
}

void frame(void* arg) {
  Portal& p = *static_cast<Portal*>(arg);
  sync_canvas();
  p.vm.frame(handoff::portal::location_hash(), handoff::portal::unix_now());
  if (std::optional<std::string> hash = p.vm.take_new_hash()) handoff::portal::set_location_hash(*hash);
  bool changed = handoff::portal::platform_pump(p.vm);
  handoff::portal::transport_pump(p.api);
  glfwPollEvents();
  // Draw only when something may have changed: input, requests started or answered,
  // uploads, a spinner turning, or the settling frames after any of these.
  changed |= handoff::portal::take_input_flag();
  const std::size_t in_flight = p.api.in_flight();
  changed |= in_flight > 0 || in_flight != p.last_in_flight || !p.deferred_releases.empty() ||
             handoff::portal::touch_pending();
  changed |= p.api.answered() != p.last_generation;
  p.last_in_flight = in_flight;
  p.last_generation = p.api.answered();
  if (changed) p.quiet_frames = 0;
  const double now_ms = emscripten_get_now();
  if (++p.quiet_frames > kSettleFrames && now_ms - p.last_draw_ms < kIdleRedrawMs) return;
  p.last_draw_ms = now_ms;
  const double frame_start = emscripten_get_now();

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  int canvas_w = 0, canvas_h = 0;
  emscripten_get_canvas_element_size("#canvas", &canvas_w, &canvas_h);
  ImGuiIO& io = ImGui::GetIO();  // the canvas, not GLFW's idea of the window (see sync_canvas)
  io.DisplaySize = ImVec2(static_cast<float>(canvas_w), static_cast<float>(canvas_h));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  io.MouseWheel += handoff::portal::take_wheel_y();   // normalised in the page (boot.js)
  io.MouseWheelH += handoff::portal::take_wheel_x();
  handoff::portal::touch_apply_pointer();  // a finger, as the mouse
  handoff::portal::text_layer_begin_frame();                      // what was typed into fields
  ImGui::NewFrame();
  handoff::portal::touch_apply_pan();                             // a swipe scrolls what is under it
  handoff::portal::theme_brand(p.vm.brand_colour());
  handoff::portal::draw_portal(p.vm);
  ImGui::Render();

  glViewport(0, 0, canvas_w, canvas_h);
  glClearColor(0.97f, 0.97f, 0.98f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  handoff::portal::text_layer_publish(handoff::portal::dpr());  // fields follow their pixels, same paint
  const double frame_ms = emscripten_get_now() - frame_start;  // CPU: layout, drawing, GL submission
  handoff::portal::test_hook_publish(handoff::portal::dpr(), frame_ms);
  release_deferred_keys(p);
  handoff::portal::transport_pump(p.api);  // requests made by this frame's clicks
}

}  // namespace

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "portal: glfwInit failed\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  static Portal portal;  // lives for the page
  portal.window = glfwCreateWindow(1280, 720, "Handoff", nullptr, nullptr);
  if (!portal.window) {
    std::fprintf(stderr, "portal: WebGL2 is not available\n");
    return 1;
  }
  glfwMakeContextCurrent(portal.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is code, not a saved file
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  handoff::portal::test_hook_install();
  handoff::portal::theme_apply(static_cast<float>(emscripten_get_device_pixel_ratio()));
  ImGui_ImplGlfw_InitForOpenGL(portal.window, true);
  g_portal = &portal;
  glfwSetKeyCallback(portal.window, key_callback);  // wraps the backend's (see Portal)
  // GLFW's wheel values are raw and reversed (TOOLCHAIN.md): the page normalises the wheel
  // instead (take_wheel_y), so the backend's scroll callback is replaced by nothing.
  glfwSetScrollCallback(portal.window, [](GLFWwindow*, double, double) {});
  ImGui_ImplOpenGL3_Init("#version 300 es");

  handoff::portal::install_clipboard();
  portal.vm.ctx.origin = handoff::portal::location_origin();
  portal.vm.start(handoff::portal::location_hash(), handoff::portal::unix_now());
  emscripten_set_main_loop_arg(frame, &portal, 0, true);
  return 0;
}
