#include "handoff/wire.h"

#include "handoff/credentials.h"
#include "handoff/json_read.h"
#include "handoff/rules.h"

namespace handoff::wire {

nlohmann::json error_to_json(const Error& error) {
  nlohmann::json reasons = nlohmann::json::array();
  for (const Reason& r : error.reasons) reasons.push_back({{"code", r.code}, {"message", r.message}});
  return {{"error", {{"code", error.code}, {"message", error.message}, {"reasons", reasons}}}};
}

Error error_from_body(int status, std::string_view body) {
  Error fallback{"unexpected_response",
                 "The server answered " + std::to_string(status) + " without an explanation.", {}};
  Result<nlohmann::json> parsed = parse_json_object(body);
  if (!parsed.ok()) return fallback;
  auto e = parsed.value().find("error");
  if (e == parsed.value().end() || !e->is_object()) return fallback;
  auto code = e->find("code");
  auto message = e->find("message");
  if (code == e->end() || !code->is_string() || message == e->end() || !message->is_string()) {
    return fallback;
  }
  Error out{code->get<std::string>(), message->get<std::string>(), {}};
  auto reasons = e->find("reasons");
  if (reasons != e->end() && reasons->is_array()) {
    for (const auto& r : *reasons) {
      if (!r.is_object()) continue;
      auto rc = r.find("code");
      auto rm = r.find("message");
      if (rc != r.end() && rc->is_string() && rm != r.end() && rm->is_string()) {
        out.reasons.push_back({rc->get<std::string>(), rm->get<std::string>()});
      }
    }
  }
  return out;
}

nlohmann::json to_json(const LoginRequest& r) {
  return {{"email", r.email}, {"password", r.password}};
}

Result<LoginRequest> login_request_from_json(const nlohmann::json& j) {
  ObjectReader in(j);
  LoginRequest r;
  r.email = in.string("email", kMaxEmailLength + 64);
  r.password = in.string("password", kMaxPasswordLength);
  if (!in.finish()) return in.error();
  return r;
}

nlohmann::json to_json(const Me& me) {
  return {{"user_id", me.user_id},           {"client_id", me.client_id}, {"email", me.email},
          {"name", me.name},                 {"role", name_of(me.role)},
          {"workspace_id", me.workspace_id}, {"workspace_name", me.workspace_name}};
}

Result<Me> me_from_json(const nlohmann::json& j) {
  ObjectReader in(j);
  Me me;
  me.user_id = in.integer("user_id", 1, INT64_MAX);
  me.client_id = in.optional_integer("client_id", 0, INT64_MAX).value_or(0);
  me.email = in.string("email", 1024);
  me.name = in.string("name", 1024);
  const std::string role = in.string("role", 16);
  me.workspace_id = in.integer("workspace_id", 1, INT64_MAX);
  me.workspace_name = in.string("workspace_name", 1024);
  if (const std::optional<Role> r = parse_name<Role>(role)) {
    me.role = *r;
  } else if (!role.empty()) {
    in.problem("role", "out_of_range", "Field 'role' is not a known role.");
  }
  if (!in.finish(/*allow_unknown=*/true)) return in.error();
  return me;
}

}  // namespace handoff::wire
