#include "transport_fetch.h"

#include <emscripten/fetch.h>

#include <cstring>
#include <memory>
#include <string>

#include "theme.h"

namespace handoff::portal {

namespace {

struct InFlight {
  client::ApiClient* api;
  std::uint64_t id;
  std::string method;
  std::string body;
};

void on_done(emscripten_fetch_t* fetch) {
  std::unique_ptr<InFlight> f(static_cast<InFlight*>(fetch->userData));
  client::ApiResponse r;
  r.status = fetch->status;  // 0 when the network failed
  if (fetch->data && fetch->numBytes > 0) r.body.assign(fetch->data, static_cast<std::size_t>(fetch->numBytes));
  theme_want_glyphs(r.body);  // names and comments in scripts the font lacks get their glyphs
  emscripten_fetch_close(fetch);
  f->api->deliver(f->id, r);
}

}  // namespace

void transport_pump(client::ApiClient& api) {
  static const char* kJsonHeaders[] = {"Content-Type", "application/json", "Accept", "application/json", nullptr};
  for (client::ApiRequest& r : api.take_outgoing()) {
    auto* f = new InFlight{&api, r.id, std::move(r.method), std::move(r.body)};
    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, f->method.c_str(), sizeof(attr.requestMethod) - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.requestHeaders = kJsonHeaders;
    if (!f->body.empty()) {
      attr.requestData = f->body.data();
      attr.requestDataSize = f->body.size();
    }
    attr.userData = f;
    attr.onsuccess = on_done;
    attr.onerror = on_done;
    emscripten_fetch(&attr, r.path.c_str());
  }
}

}  // namespace handoff::portal
