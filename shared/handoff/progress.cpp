// Plan (milestones, tasks), milestone status and progress (rules.h).
#include "handoff/money.h"
#include "handoff/rules.h"
#include "handoff/rules_internal.h"
#include "handoff/text.h"

namespace handoff {

using namespace detail;

Result<Engagement> put_milestone(Engagement e, const Actor& actor, Milestone m) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team plans milestones.");
  std::vector<Reason> reasons;
  if (m.id <= 0) reasons.push_back({"bad_id", "The milestone's id is not valid."});
  if (looks_blank(m.name) || m.name.size() > 200) {
    reasons.push_back({"bad_name", "Give the milestone a name of at most 200 characters."});
  }
  if (m.amount_minor < 0 || m.amount_minor > kMaxAmountMinor) {
    reasons.push_back({"bad_amount", "The fee must be zero or more, and at most " +
                                         format_money(kMaxAmountMinor, e.settings.currency) + "."});
  } else if (m.billing == BillingKind::fixed_fee && m.amount_minor == 0) {
    reasons.push_back({"fee_missing", "A fixed-fee milestone needs its fee."});
  } else if (m.billing == BillingKind::time_and_materials && m.amount_minor != 0) {
    reasons.push_back({"fee_not_allowed", "A time-and-materials milestone is billed from timesheets; leave its fee at zero."});
  }
  if (!reasons.empty()) return invalid(std::move(reasons));
  if (Milestone* existing = find_by_id(e.milestones, m.id)) {
    if ((existing->amount_minor != m.amount_minor || existing->billing != m.billing) &&
        source_taken(e, LineKind::milestone, m.id, 0)) {
      return gate_closed({{"already_invoiced", "Milestone " + quoted(existing->name) +
                                                   " is invoiced; void the invoice before changing its fee."}});
    }
    *existing = std::move(m);
  } else {
    e.milestones.push_back(std::move(m));
  }
  return e;
}

Result<Engagement> put_task(Engagement e, const Actor& actor, Task t) {
  if (!is_staff(actor)) return forbidden("Only the workspace's team plans tasks.");
  std::vector<Reason> reasons;
  const Task* before = find_by_id(e.tasks, t.id);
  if (t.assignee_user_id != 0 && (!before || before->assignee_user_id != t.assignee_user_id) &&
      !is_team_member(e, t.assignee_user_id)) {
    reasons.push_back({"no_such_assignee", "User " + std::to_string(t.assignee_user_id) +
                                               " is not on this workspace's team; assign the task to a team member."});
  }
  if (t.id <= 0) reasons.push_back({"bad_id", "The task's id is not valid."});
  if (looks_blank(t.title) || t.title.size() > 500) {
    reasons.push_back({"bad_title", "Give the task a title of at most 500 characters."});
  }
  if (t.milestone_id != 0 && !find_by_id(e.milestones, t.milestone_id)) {
    reasons.push_back({"no_such_milestone", "Milestone " + std::to_string(t.milestone_id) + " is not in this project."});
  }
  if (!reasons.empty()) return invalid(std::move(reasons));
  if (Task* existing = find_by_id(e.tasks, t.id)) {
    *existing = std::move(t);
  } else {
    e.tasks.push_back(std::move(t));
  }
  return e;
}

bool can_see_task(const Engagement& e, const Actor& actor, const Task& t) {
  return is_staff(actor) || (is_client_of(e, actor) && t.client_visible);
}

bool is_task_overdue(const Task& t, Instant now) {
  return t.due != 0 && t.status != TaskStatus::done && now >= t.due + 86400;
}

Engagement client_view(const Engagement& e) {
  Engagement v = e;
  v.team.clear();
  std::erase_if(v.tasks, [](const Task& t) { return !t.client_visible; });
  std::erase_if(v.deliverables, [&](const Deliverable& d) {
    if (d.review != ReviewStatus::draft) return false;
    // A draft that was shown before (it has review history) stays visible.
    for (const Approval& a : e.approvals) {
      if (a.subject_kind == SubjectKind::deliverable_version && a.subject_id == d.id) return false;
    }
    return true;
  });
  std::erase_if(v.invoices, [](const Invoice& i) { return i.status == InvoiceStatus::draft; });
  std::erase_if(v.time_entries, [&](const TimeEntry& t) {
    for (const Timesheet& s : e.timesheets) {
      if (std::find(s.entry_ids.begin(), s.entry_ids.end(), t.id) != s.entry_ids.end()) return false;
    }
    return true;
  });
  return v;
}

MilestoneStatus milestone_status(const Engagement& e, Id milestone_id) {
  // Billing states first: a milestone on a live invoice is invoiced, or paid with it.
  for (const Invoice& inv : e.invoices) {
    if (inv.status == InvoiceStatus::void_) continue;
    for (const InvoiceLine& l : inv.lines) {
      if (l.kind == LineKind::milestone && l.source_id == milestone_id) {
        return inv.status == InvoiceStatus::paid ? MilestoneStatus::paid : MilestoneStatus::invoiced;
      }
    }
  }
  int deliverables = 0, approved = 0, in_review = 0;
  for (const Deliverable& d : e.deliverables) {
    if (d.milestone_id != milestone_id) continue;
    ++deliverables;
    if (current_approval(e, d)) ++approved;
    else if (d.review == ReviewStatus::in_review) ++in_review;
  }
  if (deliverables > 0 && approved == deliverables) return MilestoneStatus::approved;
  if (in_review > 0) return MilestoneStatus::in_review;
  bool started = approved > 0;
  for (const Deliverable& d : e.deliverables) started |= d.milestone_id == milestone_id && !d.versions.empty();
  for (const Task& t : e.tasks) started |= t.milestone_id == milestone_id && t.status != TaskStatus::todo;
  return started ? MilestoneStatus::in_progress : MilestoneStatus::planned;
}

ProjectProgress project_progress(const Engagement& e, bool client_view) {
  ProjectProgress out;
  int done_all = 0, total_all = 0;
  for (const Milestone& m : e.milestones) {
    MilestoneProgress mp;
    mp.milestone_id = m.id;
    mp.name = m.name;
    mp.status = milestone_status(e, m.id);
    for (const Task& t : e.tasks) {
      if (t.milestone_id != m.id || (client_view && !t.client_visible)) continue;
      ++mp.tasks.total;
      if (t.status == TaskStatus::done) ++mp.tasks.done;
    }
    for (const Deliverable& d : e.deliverables) {
      if (d.milestone_id != m.id) continue;
      ++mp.deliverables.total;
      if (current_approval(e, d)) ++mp.deliverables.done;
    }
    const int done = mp.tasks.done + mp.deliverables.done;
    const int total = mp.tasks.total + mp.deliverables.total;
    // Billed milestones are complete whatever their task list says.
    const bool complete = mp.status == MilestoneStatus::invoiced || mp.status == MilestoneStatus::paid;
    mp.percent = complete ? 100 : total == 0 ? 0 : done * 100 / total;
    done_all += complete ? total : done;
    total_all += total;
    out.milestones.push_back(std::move(mp));
  }
  // Tasks outside any milestone count towards the project.
  for (const Task& t : e.tasks) {
    if (t.milestone_id != 0 || (client_view && !t.client_visible)) continue;
    ++total_all;
    if (t.status == TaskStatus::done) ++done_all;
  }
  out.percent = total_all == 0 ? 0 : done_all * 100 / total_all;
  return out;
}

}  // namespace handoff
