// Milestone status and progress for the client view.
#include <gtest/gtest.h>

#include "fixture.h"

using namespace handoff;
using namespace handoff::testing;

TEST(MilestoneStatus, FollowsWorkApprovalAndBilling) {
  Engagement e = sample_engagement();
  EXPECT_EQ(milestone_status(e, 2), MilestoneStatus::planned);  // task "Templates" is todo
  EXPECT_EQ(milestone_status(e, 1), MilestoneStatus::in_progress);  // a task is done
  e = version_ready_for_review(e, 11, "v1");
  EXPECT_EQ(milestone_status(e, 1), MilestoneStatus::in_review);
  e = ok(approve_deliverable(e, kClient, 11, 1, sign_off_for(e, 11), 501, kNow));
  EXPECT_EQ(milestone_status(e, 1), MilestoneStatus::approved);
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow));
  EXPECT_EQ(milestone_status(e, 1), MilestoneStatus::invoiced);
  e = ok(void_invoice(e, kOwner, 900));
  EXPECT_EQ(milestone_status(e, 1), MilestoneStatus::approved);
  EXPECT_EQ(name_of(MilestoneStatus::in_review), "in_review");
}

TEST(Progress, CountsTasksAndApprovedDeliverables) {
  Engagement e = sample_engagement();
  ProjectProgress team = project_progress(e, false);
  ASSERT_EQ(team.milestones.size(), 3u);
  // Design: tasks 1/2 done, deliverables 0/1 approved → 1/3.
  EXPECT_EQ(team.milestones[0].tasks.done, 1);
  EXPECT_EQ(team.milestones[0].tasks.total, 2);
  EXPECT_EQ(team.milestones[0].deliverables.total, 1);
  EXPECT_EQ(team.milestones[0].percent, 33);
  EXPECT_EQ(team.milestones[2].percent, 0);  // nothing to count
  EXPECT_EQ(team.percent, 25);               // 1 of 4 (3 tasks + 1 deliverable)

  // The client sees only client-visible tasks: "Internal review" is hidden.
  ProjectProgress client = project_progress(e, true);
  EXPECT_EQ(client.milestones[0].tasks.total, 1);
  EXPECT_EQ(client.milestones[0].percent, 50);
  EXPECT_EQ(client.percent, 33);

  e = approved_design(e);
  client = project_progress(e, true);
  EXPECT_EQ(client.milestones[0].deliverables.done, 1);
  EXPECT_EQ(client.milestones[0].percent, 100);
  EXPECT_EQ(client.milestones[0].status, MilestoneStatus::approved);
}

TEST(Progress, InvoicedMilestonesAreCompleteAndLooseTasksCount) {
  Engagement e = approved_design();
  e.tasks.push_back({24, 0, "Kick-off call", TaskStatus::done, true, 1, 0});
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow));
  ProjectProgress p = project_progress(e, false);
  EXPECT_EQ(p.milestones[0].percent, 100);  // even with "Internal review" still doing
  // Design 3 of 3 (complete) + Build 0 of 1 + loose task 1 of 1 → 4 of 5.
  EXPECT_EQ(p.percent, 80);
  EXPECT_EQ(Progress{}.percent(), 0);
  EXPECT_EQ((Progress{1, 3}).percent(), 33);
}
