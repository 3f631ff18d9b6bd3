#include "resource.h"

#include "handoff/json_read.h"
#include "handoff/wire.h"

#include "session_view_model.h"

namespace handoff::client {

void Resource::load(ApiClient& api, std::string path) {
  path_ = std::move(path);
  loading_ = true;
  std::weak_ptr<int> alive = alive_;
  const unsigned sequence = ++sequence_;
  api.send("GET", path_, "", [this, alive, sequence](const ApiResponse& r) {
    if (alive.expired() || sequence != sequence_) return;
    loading_ = false;
    if (r.status == 200) {
      Result<nlohmann::json> j = parse_json_object(r.body);
      if (j.ok()) {
        data_ = std::move(j).take();
        loaded_ = true;
        error_.clear();
        ++version_;
        return;
      }
    }
    error_ = describe_failure(r);
  });
}

void Action::run(ApiClient& api, const std::string& method, const std::string& path, const nlohmann::json& body,
                 Done on_ok) {
  if (busy_) return;
  busy_ = true;
  clear_error();
  std::weak_ptr<int> alive = alive_;
  api.send(method, path, body.is_null() ? "" : body.dump(), [this, alive, on_ok = std::move(on_ok)](const ApiResponse& r) {
    if (alive.expired()) return;
    busy_ = false;
    if (r.status >= 200 && r.status < 300) {
      Result<nlohmann::json> j = parse_json_object(r.body);
      on_ok(j.ok() ? j.value() : nlohmann::json::object());
      return;
    }
    const Error e = r.status == 0 ? Error{"unreachable", describe_failure(r), {}} : wire::error_from_body(r.status, r.body);
    error_ = e.message;
    reasons_ = e.reasons;
  });
}

}  // namespace handoff::client
