// Milestone status and progress (rules.h).
#include "handoff/rules.h"
#include "handoff/rules_internal.h"

namespace handoff {

using namespace detail;

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
