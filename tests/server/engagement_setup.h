// engagement_setup.h — builds a small engagement through the API, as an owner would.
#pragma once

#include <string>

#include "handoff/audit.h"
#include "handoff/names.h"

#include "api_session.h"

namespace handoff::testing {

struct Seeded {
  std::int64_t client = 0, project = 0, milestone = 0, task = 0, file = 0, deliverable = 0;
  std::string invite_token;
};

// Uploads `bytes` as `name` to the project; returns the file id (fails the test otherwise).
inline std::int64_t upload(ApiSession& s, std::int64_t project, const std::string& name, const std::string& bytes) {
  Reply r = s.raw_post("/api/v1/projects/" + std::to_string(project) + "/files?name=" + name, bytes,
                       "application/octet-stream");
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json.is_object() && r.json.contains("id") ? r.json["id"].get<std::int64_t>() : 0;
}

// Client "Northwind" with user Ada Lovelace (invited), project "Website" with 20 % tax,
// fixed-fee milestone "Design" ($5,000), a client-visible task, deliverable "Logo" with
// one QA item and version 1, QA ticked and sent for approval.
inline Seeded set_up_engagement(ApiSession& owner) {
  Seeded s;
  auto id_of = [](const Reply& r) {
    EXPECT_TRUE(r.status == 200 || r.status == 201) << r.status << " " << r.body;
    return r.json.is_object() && r.json.contains("id") ? r.json["id"].get<std::int64_t>() : 0;
  };
  EXPECT_EQ(owner.patch("/api/v1/workspace", {{"tax_basis_points", 2000}}).status, 200);
  s.client = id_of(owner.post("/api/v1/clients", {{"name", "Northwind"}}));
  Reply invite = owner.post("/api/v1/clients/" + std::to_string(s.client) + "/users",
                            {{"email", "ada@northwind.test"}, {"name", "Ada Lovelace"}});
  EXPECT_EQ(invite.status, 201) << invite.body;
  if (invite.status == 201) s.invite_token = invite.json["invite_path"].get<std::string>().substr(10);  // "/#/invite/"
  s.project = id_of(owner.post("/api/v1/projects", {{"client_id", s.client}, {"name", "Website"}}));
  const std::string project = "/api/v1/projects/" + std::to_string(s.project);
  s.milestone = id_of(owner.post(project + "/milestones", {{"name", "Design"}, {"billing", "fixed_fee"},
                                                           {"amount_minor", 500000}, {"due", 1900000000}}));
  s.task = id_of(owner.post(project + "/tasks", {{"title", "Sketches"}, {"milestone_id", s.milestone},
                                                 {"client_visible", true}}));
  s.file = upload(owner, s.project, "logo.svg", "<svg/>");
  s.deliverable = id_of(owner.post("/api/v1/milestones/" + std::to_string(s.milestone) + "/deliverables",
                                   {{"name", "Logo"}, {"qa", {"Colours match brand"}}}));
  const std::string d = "/api/v1/deliverables/" + std::to_string(s.deliverable);
  EXPECT_EQ(owner.post(d + "/versions", {{"file_ids", {s.file}}}).status, 200);
  Reply early = owner.post(d + "/submit");
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.reason(), "qa_incomplete");
  EXPECT_EQ(owner.put(d + "/qa/1", {{"done", true}}).status, 200);
  EXPECT_EQ(owner.post(d + "/submit").status, 200);
  return s;
}

// The client (Ada Lovelace) approves `version` of `deliverable` exactly as the server shows
// it: typed name, consent, and the statement fetched from the deliverable.
inline Reply approve_as_client(ApiSession& client, std::int64_t deliverable, int version = 1) {
  const std::string d = "/api/v1/deliverables/" + std::to_string(deliverable);
  return client.post(d + "/approve", {{"version", version}, {"typed_name", "Ada Lovelace"}, {"consent", true},
                                      {"statement", client.get(d).json["statement"]}});
}

// Accepts an invite with a fixed password; returns the session cookie pair.
inline std::string accept_invite(ApiSession& s, const std::string& token);

// Both sides of set_up_engagement(): the owner logged in, the client user (Ada Lovelace)
// logged in through her invite link.
struct BothSides {
  ApiSession owner, client;
  Seeded s;
  explicit BothSides(const TestServer& server) : owner(server), client(server) {
    owner.log_in(kOwnerEmail, kOwnerPassword);
    s = set_up_engagement(owner);
    client.use_cookie(accept_invite(client, s.invite_token));
  }
};

// Accepts an invite with a fixed password; returns the session cookie pair.
inline std::string accept_invite(ApiSession& s, const std::string& token) {
  Reply r = s.post("/api/v1/invites/accept", {{"token", token}, {"password", "ada-lovelace-1815"}});
  EXPECT_EQ(r.status, 200) << r.body;
  auto it = r.headers.find("Set-Cookie");
  return it == r.headers.end() ? "" : it->second.substr(0, it->second.find(';'));
}

// A Certificate (shared/handoff/audit.h) from the certificate endpoint's JSON.
inline Certificate certificate_from_json(const nlohmann::json& j) {
  Certificate c;
  const auto& a = j["approval"];
  c.approval.id = a["id"];
  c.approval.subject_kind = parse_name<SubjectKind>(a["subject_kind"].get<std::string>()).value();
  c.approval.subject_id = a["subject_id"];
  c.approval.subject_version = a["subject_version"];
  c.approval.subject_hash = a["subject_hash"];
  c.approval.decision = parse_name<Decision>(a["decision"].get<std::string>()).value();
  c.approval.user_id = a["user_id"];
  c.approval.typed_name = a["typed_name"];
  c.approval.statement = a["statement"];
  c.approval.consent = a["consent"];
  c.approval.comment = a["comment"];
  c.approval.at = a["at"];
  c.approval.ip = a["ip"];
  c.approval.user_agent = a["user_agent"];
  const auto& e = j["event"];
  c.event = {e["seq"], e["at"], e["actor_user_id"], e["action"], e["subject"], e["payload"], e["prev_hash"], e["hash"]};
  return c;
}

}  // namespace handoff::testing
