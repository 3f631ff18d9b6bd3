// wire.h — the HTTP contract between the portal and the server, in one place.
//
// Both sides compile this file: the server to parse requests and write responses, the
// portal to write requests and parse responses. Change a shape here and both follow.
// Bump kApiVersion (and the /api/vN prefix) only for incompatible changes.
//
// [SECTION] Version and paths
// [SECTION] Errors
// [SECTION] Session
// [SECTION] Certificates
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "handoff/api_paths.h"
#include "handoff/model.h"
#include "handoff/result.h"

namespace handoff::wire {

//-----------------------------------------------------------------------------
// [SECTION] Version and paths
//-----------------------------------------------------------------------------

// Every path, built from the version: api_paths.h. These three stay for code that wants a
// constant; tests/server/api_docs_test.cpp checks they equal api::health_path() etc.
inline constexpr int kApiVersion = api::kApiVersion;
inline constexpr std::string_view kHealthPath = "/api/v1/health";    // GET: readiness
inline constexpr std::string_view kSessionPath = "/api/v1/session";  // POST log in, DELETE log out
inline constexpr std::string_view kMePath = "/api/v1/me";            // GET: who is logged in
inline constexpr std::string_view kSessionCookie = "handoff_session";

//-----------------------------------------------------------------------------
// [SECTION] Errors: {"error":{"code","message","reasons":[{"code","message"}]}}
//-----------------------------------------------------------------------------

nlohmann::json error_to_json(const Error& error);
// Reads an error body; a body that is not one yields Error{"unexpected_response", ...}
// mentioning `status`, so the portal always has a sentence to show.
Error error_from_body(int status, std::string_view body);

//-----------------------------------------------------------------------------
// [SECTION] Session
//-----------------------------------------------------------------------------

struct LoginRequest {
  std::string email;     // as typed; the server normalises it
  std::string password;
  Id workspace_id = 0;   // optional: which workspace, when the email has accounts in several
};
nlohmann::json to_json(const LoginRequest& r);
Result<LoginRequest> login_request_from_json(const nlohmann::json& j);

struct Me {
  std::int64_t user_id = 0;
  std::int64_t client_id = 0;  // the client a client user belongs to; 0 for the team
  std::string email;
  std::string name;
  Role role = Role::client;
  std::int64_t workspace_id = 0;
  std::string workspace_name;
};
nlohmann::json to_json(const Me& me);
Result<Me> me_from_json(const nlohmann::json& j);

//-----------------------------------------------------------------------------
// [SECTION] Certificates
//-----------------------------------------------------------------------------

// The "how_to_verify" object every approval certificate carries: each canonical form
// (field order, lengths in bytes) so that anyone can recompute every hash of their own
// engagement without Handoff. Keep in sync: shared/handoff/audit.cpp (canonical_approval,
// canonical_audit_event), delivery.cpp (version_content_hash), README "Verifying a
// certificate", scripts/verify_certificate.py.
nlohmann::json certificate_how_to_verify();

}  // namespace handoff::wire
