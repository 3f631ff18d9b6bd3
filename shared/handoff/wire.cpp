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
  nlohmann::json j = {{"email", r.email}, {"password", r.password}};
  if (r.workspace_id != 0) j["workspace_id"] = r.workspace_id;
  return j;
}

Result<LoginRequest> login_request_from_json(const nlohmann::json& j) {
  ObjectReader in(j);
  LoginRequest r;
  r.email = in.string("email", kMaxEmailLength + 64);
  r.password = in.exact("password", kMaxPasswordLength);
  r.workspace_id = in.optional_integer("workspace_id", 1, INT64_MAX).value_or(0);
  if (!in.finish()) return in.error();
  return r;
}

nlohmann::json to_json(const Me& me) {
  return {{"user_id", me.user_id},           {"client_id", me.client_id}, {"email", me.email},
          {"name", me.name},                 {"role", name_of(me.role)},
          {"workspace_id", me.workspace_id}, {"workspace_name", me.workspace_name}};
}

Result<Me> me_from_json(const nlohmann::json& j) {
  ObjectReader in(j, ObjectReader::Source::response);
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

nlohmann::json certificate_how_to_verify() {
  return {
      {"hash", "Every hash is SHA-256, written as 64 lower-case hex digits."},
      {"canonical_form",
       "A canonical form is a first line naming the format (for example handoff.approval.v1) and a newline, then for "
       "each field in the order given: the field name, ':', the value's length in bytes of UTF-8 as a decimal number, "
       "':', the value, and a newline (0x0A). Integers are decimal; true/false are 1/0; absent text is empty (length 0)."},
      {"approval",
       "handoff.approval.v1 with the fields id, subject_kind, subject_id, subject_version, subject_hash, decision, "
       "user_id, typed_name, statement, consent, comment, at, ip, user_agent, taken from 'approval'. The result is "
       "'canonical_approval'; its hash is 'approval_hash'; it is byte for byte the sealing event's payload."},
      {"event",
       "handoff.audit_event.v1 with the fields seq, at, actor_user_id, action, subject, payload, prev_hash, taken from "
       "'event'. Its hash is event.hash. prev_hash is the hash of event seq-1 (64 zeros for event 1)."},
      {"version",
       "handoff.version.v1 with, for each file of 'version.files' in order, the fields name, sha256, size. Its hash is "
       "version.content_hash, the subject_hash the approval signed and the hash named in the statement. Each file's "
       "sha256 is the hash of the file's bytes: the statement's hash covers every file's name, hash and size, so it "
       "is not the hash of any one file."},
      {"chain_head",
       "The newest event of the workspace's chain when this certificate was issued. Keep it: POST /api/v1/audit/verify "
       "with {\"heads\": [chain_head]} says whether the chain still extends it. A chain that was rewritten or cut "
       "back after issue cannot."},
      {"script",
       "scripts/verify_certificate.py in Handoff's source recomputes all of the above with Python's standard "
       "library: verify_certificate.py certificate.json [the approved files...]"},
  };
}

}  // namespace handoff::wire
