// names.h — the one spelling of every enum value, shared by JSON, SQL and the portal.
//
//   name_of(ReviewStatus::in_review)            -> "in_review"
//   parse_name<ReviewStatus>("in_review")       -> ReviewStatus::in_review
//   parse_name<ReviewStatus>("In Review")       -> nullopt
//
// Keep in sync with model.h: every enumerator appears exactly once in its table.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "handoff/model.h"

namespace handoff {

template <class E>
struct EnumNames;  // specialised below: static constexpr std::array<std::pair<E, std::string_view>, N> table

#define HANDOFF_ENUM_NAMES(Enum, ...)                                                 \
  template <>                                                                          \
  struct EnumNames<Enum> {                                                             \
    static constexpr auto table = std::to_array<std::pair<Enum, std::string_view>>({__VA_ARGS__}); \
  }

HANDOFF_ENUM_NAMES(Role, {Role::owner, "owner"}, {Role::member, "member"}, {Role::client, "client"});
HANDOFF_ENUM_NAMES(ClientStatus, {ClientStatus::lead, "lead"}, {ClientStatus::active, "active"},
                   {ClientStatus::past, "past"});
HANDOFF_ENUM_NAMES(ProjectStatus, {ProjectStatus::onboarding, "onboarding"}, {ProjectStatus::active, "active"},
                   {ProjectStatus::delivered, "delivered"}, {ProjectStatus::closed, "closed"});
HANDOFF_ENUM_NAMES(BillingKind, {BillingKind::fixed_fee, "fixed_fee"},
                   {BillingKind::time_and_materials, "time_and_materials"});
HANDOFF_ENUM_NAMES(MilestoneStatus, {MilestoneStatus::planned, "planned"},
                   {MilestoneStatus::in_progress, "in_progress"}, {MilestoneStatus::in_review, "in_review"},
                   {MilestoneStatus::approved, "approved"}, {MilestoneStatus::invoiced, "invoiced"},
                   {MilestoneStatus::paid, "paid"});
HANDOFF_ENUM_NAMES(TaskStatus, {TaskStatus::todo, "todo"}, {TaskStatus::doing, "doing"}, {TaskStatus::done, "done"});
HANDOFF_ENUM_NAMES(ReviewStatus, {ReviewStatus::draft, "draft"}, {ReviewStatus::in_review, "in_review"},
                   {ReviewStatus::approved, "approved"}, {ReviewStatus::changes_requested, "changes_requested"});
HANDOFF_ENUM_NAMES(SubjectKind, {SubjectKind::deliverable_version, "deliverable_version"},
                   {SubjectKind::timesheet, "timesheet"}, {SubjectKind::proposal, "proposal"});
HANDOFF_ENUM_NAMES(Decision, {Decision::approved, "approved"}, {Decision::changes_requested, "changes_requested"},
                   {Decision::withdrawn, "withdrawn"});
HANDOFF_ENUM_NAMES(TimesheetStatus, {TimesheetStatus::submitted, "submitted"},
                   {TimesheetStatus::approved, "approved"}, {TimesheetStatus::changes_requested, "changes_requested"});
HANDOFF_ENUM_NAMES(AuthorisationKind, {AuthorisationKind::deposit, "deposit"}, {AuthorisationKind::retainer, "retainer"});
HANDOFF_ENUM_NAMES(LineKind, {LineKind::milestone, "milestone"}, {LineKind::timesheet, "timesheet"},
                   {LineKind::authorisation, "authorisation"});
HANDOFF_ENUM_NAMES(InvoiceStatus, {InvoiceStatus::draft, "draft"}, {InvoiceStatus::sent, "sent"},
                   {InvoiceStatus::partially_paid, "partially_paid"}, {InvoiceStatus::paid, "paid"},
                   {InvoiceStatus::void_, "void"});

#undef HANDOFF_ENUM_NAMES

// The name of `value`. Total: every enumerator has one (a missing one is a build-time
// table error caught by tests/core/names_test.cpp).
template <class E>
constexpr std::string_view name_of(E value) {
  for (const auto& [v, name] : EnumNames<E>::table) {
    if (v == value) return name;
  }
  return "";
}

// The enumerator spelled exactly `name`, or nullopt.
template <class E>
constexpr std::optional<E> parse_name(std::string_view name) {
  for (const auto& [v, n] : EnumNames<E>::table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace handoff
