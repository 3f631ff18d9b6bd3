// fixture.h — a small engagement and its people, for the rules' tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "handoff/rules.h"
#include "handoff/sha256.h"

namespace handoff::testing {

inline const Actor kOwner{1, Role::owner, 0, "Olive Owner"};
inline const Actor kMember{2, Role::member, 0, "Max Member"};
inline const Actor kClient{3, Role::client, 10, "Ada Lovelace"};       // client of the engagement
inline const Actor kOtherClient{4, Role::client, 11, "Grace Hopper"};  // another client's user

inline constexpr Instant kNow = 1'800'000'000;  // 2027-01-15

// Unwraps a Result the test expects to succeed, failing with the reasons otherwise.
template <class T>
T ok(Result<T> r) {
  if (!r.ok()) {
    std::string why = r.error().code + ": " + r.error().message;
    for (const Reason& x : r.error().reasons) why += "\n  " + x.code + ": " + x.message;
    ADD_FAILURE() << why;
    return T{};
  }
  return std::move(r).take();
}

// The reason codes of a refusal, in order.
template <class T>
std::vector<std::string> codes(const Result<T>& r) {
  std::vector<std::string> out;
  if (!r.ok()) {
    for (const Reason& x : r.error().reasons) out.push_back(x.code);
  }
  return out;
}
inline std::vector<std::string> codes(const std::vector<Reason>& reasons) {
  std::vector<std::string> out;
  for (const Reason& x : reasons) out.push_back(x.code);
  return out;
}

inline FileRef file(const std::string& name, const std::string& bytes) {
  return FileRef{name, sha256_hex(bytes), static_cast<std::int64_t>(bytes.size())};
}

// Client 10 ("Northwind"), project 100 with two fixed-fee milestones:
//   milestone 1 "Design" $5,000.00 with deliverable 11 "Logo" (QA: 2 items)
//   milestone 2 "Build"  $12,000.00 with no deliverables yet
//   milestone 3 "Support" time and materials
inline Engagement sample_engagement() {
  Engagement e;
  e.settings.currency = "USD";
  e.settings.tax_basis_points = 2000;
  e.team = {{kOwner.user_id, Role::owner}, {kMember.user_id, Role::member}};
  e.client = {10, "Northwind", ClientStatus::active};
  e.project = {100, 10, "Website", ProjectStatus::active};
  e.milestones = {{1, "Design", kNow + 86400 * 14, BillingKind::fixed_fee, 500000},
                  {2, "Build", kNow + 86400 * 40, BillingKind::fixed_fee, 1200000},
                  {3, "Support", kNow + 86400 * 90, BillingKind::time_and_materials, 0}};
  e.tasks = {{21, 1, "Sketches", TaskStatus::done, true, 1, 0},
             {22, 1, "Internal review", TaskStatus::doing, false, 2, 0},
             {23, 2, "Templates", TaskStatus::todo, true, 1, 0}};
  e = ok(add_deliverable(e, kOwner, 11, 1, "Logo", {"Colours match brand", "Files export at 2x"}));
  return e;
}

// Adds a version of deliverable `id`, ticks its QA and sends it for review.
inline Engagement version_ready_for_review(Engagement e, Id id, const std::string& bytes, Instant at = kNow) {
  e = ok(add_version(e, kOwner, id, {file("logo.svg", bytes)}, at));
  std::size_t qa_items = 0;  // counted first: `e` is replaced on every step below
  for (const Deliverable& x : e.deliverables) if (x.id == id) qa_items = x.qa.size();
  for (std::size_t i = 0; i < qa_items; ++i) e = ok(set_qa_item(e, kOwner, id, i, true));
  return ok(submit_for_review(e, kOwner, id));
}

// The exact sign-off a client gives for the current version of deliverable `id`.
inline SignOff sign_off_for(const Engagement& e, Id id, const Actor& who = kClient) {
  for (const Deliverable& d : e.deliverables) {
    if (d.id == id && !d.versions.empty()) {
      return SignOff{who.full_name, true, approval_statement(e, d, d.versions.back()), "203.0.113.5", "Firefox"};
    }
  }
  return SignOff{};
}

inline int current_version(const Engagement& e, Id id) {
  for (const Deliverable& d : e.deliverables) if (d.id == id) return d.versions.empty() ? 0 : d.versions.back().number;
  return 0;
}

// Milestone 1's deliverable approved by the client.
inline Engagement approved_design(Engagement e = sample_engagement(), Id approval_id = 501) {
  e = version_ready_for_review(std::move(e), 11, "<svg>v1</svg>");
  return ok(approve_deliverable(e, kClient, 11, current_version(e, 11), sign_off_for(e, 11), approval_id, kNow + 60));
}

inline InvoiceLine milestone_line(const Engagement& e, Id milestone_id) {
  for (const Milestone& m : e.milestones) {
    if (m.id == milestone_id) return InvoiceLine{LineKind::milestone, m.id, m.name, "USD", 1000, m.amount_minor, 2000, 0, 0};
  }
  return {};
}

}  // namespace handoff::testing
