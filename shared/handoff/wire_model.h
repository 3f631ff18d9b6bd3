// wire_model.h — JSON shapes of the engagement model, shared by server and portal.
// Part of the wire contract (wire.h, kApiVersion). Field names are the model's; enum
// values are names.h spellings; money is integer minor units with a currency code.
//
// [SECTION] Reasons and errors
// [SECTION] Plan: milestones, tasks
// [SECTION] Delivery: deliverables, approvals
// [SECTION] Time and billing
// [SECTION] Views: project, progress, billable work
#pragma once

#include <nlohmann/json.hpp>

#include "handoff/model.h"
#include "handoff/rules.h"

namespace handoff::wire {

// [SECTION] Reasons and errors
nlohmann::json to_json(const Reason& r);
nlohmann::json to_json(const std::vector<Reason>& reasons);

// [SECTION] Plan: milestones, tasks
nlohmann::json to_json(const Milestone& m);
nlohmann::json to_json(const Task& t);

// [SECTION] Delivery: deliverables, approvals
nlohmann::json to_json(const FileRef& f);
// A deliverable with its versions and QA; `e` adds the derived fields the portal shows:
// "statement" (what approving the current version says) and "review_blockers".
nlohmann::json to_json(const Engagement& e, const Deliverable& d);
nlohmann::json to_json(const Approval& a);

// [SECTION] Time and billing
nlohmann::json to_json(const TimeEntry& t);
// Adds "amount_minor" and, while submitted, "statement".
nlohmann::json to_json(const Engagement& e, const Timesheet& t);
nlohmann::json to_json(const Authorisation& a);
nlohmann::json to_json(const InvoiceLine& l);
// Adds "balance_minor" and "overdue" at `now`.
nlohmann::json to_json(const Invoice& inv, Instant now);
nlohmann::json to_json(const Payment& p);

// [SECTION] Views: project, progress, billable work
nlohmann::json to_json(const ProjectProgress& p);
nlohmann::json to_json(const BillableItem& b);
// Everything about one project, as `actor` may see it (client users get client_view()).
// Includes the workspace settings the rules need ("settings").
nlohmann::json project_to_json(const Engagement& e, const Actor& actor, Instant now);

// The Engagement behind project_to_json(), so the portal can run the same rules the
// server runs (review blockers, billable work, statements) on what it was sent. Tolerant:
// a missing or mistyped field reads as its default; never throws.
Engagement engagement_from_json(const nlohmann::json& project);
Invoice invoice_from_json(const nlohmann::json& j);
InvoiceLine line_from_json(const nlohmann::json& j);

}  // namespace handoff::wire
