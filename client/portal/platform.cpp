#include "platform.h"

#include <emscripten.h>
#include <GLES3/gl3.h>

#include <map>

#include <nlohmann/json.hpp>

#include "imgui.h"

namespace handoff::portal {

namespace {

EM_JS(int, js_string_length, (int which), {
  var s = which == 0 ? location.hash : which == 1 ? location.origin : which == 2 ? window.handoffPlatform.newKey()
        : which == 3 ? window.handoffPlatform.takeUploadEvents() : which == 4 ? window.handoffPlatform.pastedText()
        : which == 5 ? window.handoffInput.takeText() : window.handoffInput.takePointer();
  Module.__handoff_string = s;
  return lengthBytesUTF8(s) + 1;
});
// (The string is dropped after the copy: typed text, passwords included, does not linger.)
EM_JS(void, js_string_copy, (char* buffer, int size), {
  stringToUTF8(Module.__handoff_string, buffer, size);
  Module.__handoff_string = '';
});

}  // namespace

// Reads one of the JS strings above (0 hash, 1 origin, 2 key, 3 upload events, 4 paste,
// 5 typed text, 6 touch pointer).
std::string js_string(int which) {
  const int size = js_string_length(which);
  std::string out(static_cast<std::size_t>(size), '\0');
  js_string_copy(out.data(), size);
  out.resize(static_cast<std::size_t>(size - 1));
  return out;
}

namespace {

EM_JS(void, js_set_hash, (const char* hash), { location.hash = UTF8ToString(hash); });
EM_JS(double, js_now, (), { return Date.now() / 1000; });
EM_JS(int, js_dropped_count, (), { return window.handoffPlatform.droppedCount(); });
EM_JS(void, js_upload_dropped, (const char* path), { window.handoffPlatform.uploadDropped(UTF8ToString(path)); });
EM_JS(void, js_pick_files, (const char* path, const char* accept), {
  window.handoffPlatform.pickFiles(UTF8ToString(path), UTF8ToString(accept));
});
// Images: requested once, decoded by the browser, polled each frame: -1 failed, 0 loading,
// else width * 65536 + height; then copied as RGBA into the wasm heap.
EM_JS(void, js_image_request, (const char* path), { window.handoffPlatform.loadImage(UTF8ToString(path)); });
EM_JS(int, js_image_state, (const char* path), { return window.handoffPlatform.imageState(UTF8ToString(path)); });
EM_JS(void, js_image_copy, (const char* path, unsigned char* out), {
  HEAPU8.set(window.handoffPlatform.imagePixels(UTF8ToString(path)), out);
});
EM_JS(void, js_download_url, (const char* url), { window.handoffPlatform.downloadUrl(UTF8ToString(url)); });
EM_JS(void, js_download_text, (const char* name, const char* text), {
  window.handoffPlatform.downloadText(UTF8ToString(name), UTF8ToString(text));
});
EM_JS(void, js_copy_text, (const char* text), { window.handoffPlatform.copyText(UTF8ToString(text)); });

std::string g_clipboard;  // what GetClipboardTextFn hands ImGui (valid until the next call)

struct Image {
  GLuint texture = 0;
  int width = 0, height = 0;
  bool failed = false;
};
std::map<std::string, Image> g_images;  // by path; the portal shows one or two

}  // namespace

std::string location_hash() { return js_string(0); }
void set_location_hash(const std::string& hash) { js_set_hash(hash.c_str()); }
std::string location_origin() { return js_string(1); }
std::int64_t unix_now() { return static_cast<std::int64_t>(js_now()); }
std::string new_random_key() { return js_string(2); }

EM_JS(void, js_set_title, (const char* title), { document.title = UTF8ToString(title); });

void set_document_title(const std::string& title) {
  static std::string shown;  // the page has one title
  if (title == shown) return;
  shown = title;
  js_set_title(title.c_str());
}

EM_JS(int, js_take_input_flag, (), {
  var v = window.__handoff_input ? 1 : 0;
  window.__handoff_input = false;
  return v;
});

bool take_input_flag() { return js_take_input_flag() != 0; }

EM_JS(double, js_take_wheel, (int axis), { return window.handoffPlatform.takeWheel(axis); });

float take_wheel_y() { return static_cast<float>(js_take_wheel(1)); }
float take_wheel_x() { return static_cast<float>(js_take_wheel(0)); }

bool platform_pump(client::PortalViewModel& vm) {
  bool happened = false;
  for (const client::Effect& e : vm.take_effects()) {
    happened = true;
    switch (e.kind) {
      case client::Effect::Kind::copy_text: js_copy_text(e.text.c_str()); break;
      case client::Effect::Kind::download_url: js_download_url(e.text.c_str()); break;
      case client::Effect::Kind::download_text: js_download_text(e.name.c_str(), e.text.c_str()); break;
      case client::Effect::Kind::pick_files: js_pick_files(e.text.c_str(), e.name.c_str()); break;
      case client::Effect::Kind::upload_dropped: js_upload_dropped(e.text.c_str()); break;
    }
  }
  // Files dropped on the page go to the project on screen (elsewhere they wait).
  if (js_dropped_count() > 0 && vm.route().page == client::Page::project && vm.project.id == vm.route().id) {
    js_upload_dropped(vm.project.upload_path().c_str());
    happened = true;
  }
  const std::string events = js_string(3);
  if (events != "[]") {
    happened = true;
    const nlohmann::json list = nlohmann::json::parse(events, nullptr, false);
    if (list.is_array()) {
      for (const auto& u : list) {
        if (!u.is_object()) continue;
        vm.on_upload(u.value("target", ""), u.value("name", ""), u.value("loaded", 0LL), u.value("total", 0LL),
                     u.value("done", false), u.value("error", ""));
      }
    }
  }
  return happened;
}

ImTextureID image_texture(const std::string& path, ImVec2* size) {
  auto [it, inserted] = g_images.try_emplace(path);
  Image& image = it->second;
  if (inserted) js_image_request(path.c_str());
  if (image.texture) {
    *size = ImVec2(static_cast<float>(image.width), static_cast<float>(image.height));
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(image.texture));
  }
  if (image.failed) return ImTextureID{};
  const int state = js_image_state(path.c_str());
  if (state < 0) image.failed = true;
  if (state <= 0) return ImTextureID{};
  image.width = state >> 16;
  image.height = state & 0xffff;
  std::vector<unsigned char> pixels(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 4);
  js_image_copy(path.c_str(), pixels.data());
  glGenTextures(1, &image.texture);
  glBindTexture(GL_TEXTURE_2D, image.texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  *size = ImVec2(static_cast<float>(image.width), static_cast<float>(image.height));
  return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(image.texture));
}

void install_clipboard() {
  ImGuiIO& io = ImGui::GetIO();
  io.SetClipboardTextFn = [](void*, const char* text) { js_copy_text(text); };
  io.GetClipboardTextFn = [](void*) -> const char* {
    g_clipboard = js_string(4);
    return g_clipboard.c_str();
  };
}

}  // namespace handoff::portal
