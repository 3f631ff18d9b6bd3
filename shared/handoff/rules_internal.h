// rules_internal.h — helpers shared by the rules' .cpp files. Not part of the API.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "handoff/model.h"
#include "handoff/result.h"
#include "handoff/rules.h"

namespace handoff::detail {

// Finds the element with `id` in a vector of records; nullptr if absent.
template <class T>
T* find_by_id(std::vector<T>& v, Id id) {
  auto it = std::find_if(v.begin(), v.end(), [&](const T& x) { return x.id == id; });
  return it == v.end() ? nullptr : &*it;
}
template <class T>
const T* find_by_id(const std::vector<T>& v, Id id) {
  auto it = std::find_if(v.begin(), v.end(), [&](const T& x) { return x.id == id; });
  return it == v.end() ? nullptr : &*it;
}

inline Error not_found(const std::string& what) {
  return Error{"not_found", what + " does not exist.", {{"not_found", what + " does not exist."}}};
}
inline Error forbidden(std::string message) {
  Reason r{"forbidden", message};
  return Error{"forbidden", std::move(message), {std::move(r)}};
}
// A refusal with every reason; the message is the first reason or a count.
inline Error refuse(const char* code, std::vector<Reason> reasons) {
  std::string message = reasons.size() == 1 ? reasons.front().message
                                            : std::to_string(reasons.size()) + " conditions are not met.";
  return Error{code, std::move(message), std::move(reasons)};
}
inline Error gate_closed(std::vector<Reason> reasons) { return refuse("gate_closed", std::move(reasons)); }
inline Error invalid(std::vector<Reason> reasons) { return refuse("invalid_request", std::move(reasons)); }

// 'Name' in quotes for sentences.
inline std::string quoted(const std::string& s) { return "'" + s + "'"; }

// Whether `user_id` is on the engagement's team (owner or member of the workspace).
inline bool is_team_member(const Engagement& e, Id user_id) {
  return std::any_of(e.team.begin(), e.team.end(), [&](const TeamMember& m) { return m.user_id == user_id; });
}
// The reason a time entry names a user who is not on the team.
inline Reason not_on_team(Id user_id) {
  return {"no_such_user",
          "User " + std::to_string(user_id) + " is not on this workspace's team; record time for a team member."};
}

// Names compare equal in fold_name() form (text.h): any case, any run of white space.
bool same_person_name(const std::string& typed, const std::string& account_name);

// The client-side checks of a sign-off shared by every approval kind: client of this
// engagement (else forbidden), typed name, consent, statement. Appends reasons.
void check_sign_off(const Engagement& e, const Actor& actor, const SignOff& s, const std::string& statement,
                    std::vector<Reason>& reasons);
bool is_client_of(const Engagement& e, const Actor& actor);

// A new approval record: who (actor), what (kind, subject, version, hash), the decision,
// when and from where. Every approval-like rule builds its record here.
Approval approval_record(SubjectKind kind, Id subject_id, int version, std::string hash, Decision decision,
                         const Actor& actor, const SignOff& where, Id approval_id, Instant now);
// The same for a signature (Decision::approved): typed name, consent, the statement agreed to.
Approval signature_record(SubjectKind kind, Id subject_id, int version, std::string hash, const Actor& actor,
                          const SignOff& s, std::string statement, Id approval_id, Instant now);

// True when an invoice that is not void (drafts included) bills `kind`/`source_id`,
// not counting invoice `ignore_invoice_id`.
bool source_taken(const Engagement& e, LineKind kind, Id source_id, Id ignore_invoice_id);

}  // namespace handoff::detail
