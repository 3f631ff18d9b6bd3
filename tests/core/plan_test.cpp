// Milestones, tasks and who sees them.
#include <gtest/gtest.h>

#include "handoff/money.h"

#include "fixture.h"

using namespace handoff;
using namespace handoff::testing;
using Codes = std::vector<std::string>;

TEST(Milestone, AddEditAndValidate) {
  Engagement e = sample_engagement();
  EXPECT_EQ(put_milestone(e, kClient, {4, "Launch", 0, BillingKind::fixed_fee, 100}).error().code, "forbidden");
  EXPECT_EQ(codes(put_milestone(e, kOwner, {0, " ", 0, BillingKind::fixed_fee, -1})),
            (Codes{"bad_id", "bad_name", "bad_amount"}));
  EXPECT_EQ(codes(put_milestone(e, kOwner, {4, "Launch", 0, BillingKind::fixed_fee, 0})), Codes{"fee_missing"});
  EXPECT_EQ(codes(put_milestone(e, kOwner, {4, "Ops", 0, BillingKind::time_and_materials, 5})), Codes{"fee_not_allowed"});
  EXPECT_EQ(codes(put_milestone(e, kOwner, {4, "Launch", 0, BillingKind::fixed_fee, kMaxAmountMinor + 1})),
            Codes{"bad_amount"});
  e = ok(put_milestone(e, kMember, {4, "Launch", kNow, BillingKind::fixed_fee, 100000}));
  EXPECT_EQ(e.milestones.size(), 4u);
  e = ok(put_milestone(e, kOwner, {4, "Launch day", kNow, BillingKind::fixed_fee, 120000}));
  EXPECT_EQ(e.milestones.size(), 4u);
  EXPECT_EQ(e.milestones[3].name, "Launch day");
}

TEST(Milestone, FeeIsFrozenOnceInvoiced) {
  Engagement e = approved_design();
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow));
  EXPECT_EQ(codes(put_milestone(e, kOwner, {1, "Design", 0, BillingKind::fixed_fee, 1})), Codes{"already_invoiced"});
  EXPECT_TRUE(put_milestone(e, kOwner, {1, "Design (renamed)", 0, BillingKind::fixed_fee, 500000}).ok());
}

TEST(Task, AddEditValidateAndVisibility) {
  Engagement e = sample_engagement();
  EXPECT_EQ(put_task(e, kClient, {24, 0, "x", TaskStatus::todo, false, 0, 0}).error().code, "forbidden");
  EXPECT_EQ(codes(put_task(e, kOwner, {0, 9, "", TaskStatus::todo, false, 0, 0})),
            (Codes{"bad_id", "bad_title", "no_such_milestone"}));
  e = ok(put_task(e, kOwner, {24, 2, "Deploy", TaskStatus::todo, true, 2, kNow}));
  e = ok(put_task(e, kOwner, {24, 2, "Deploy", TaskStatus::done, true, 2, kNow}));
  EXPECT_EQ(e.tasks.back().status, TaskStatus::done);
  const Task& internal = e.tasks[1];  // "Internal review"
  EXPECT_TRUE(can_see_task(e, kOwner, internal));
  EXPECT_FALSE(can_see_task(e, kClient, internal));
  EXPECT_TRUE(can_see_task(e, kClient, e.tasks[0]));
  EXPECT_FALSE(can_see_task(e, kOtherClient, e.tasks[0]));
}

TEST(Task, OverdueOnceItsDayIsOverUnlessDone) {
  Task t{21, 1, "Sketches", TaskStatus::doing, true, 0, 0};
  EXPECT_FALSE(is_task_overdue(t, kNow));  // no due date
  t.due = kNow / 86400 * 86400;            // due today (UTC midnight, as parse_date gives)
  EXPECT_FALSE(is_task_overdue(t, t.due + 86399));
  EXPECT_TRUE(is_task_overdue(t, t.due + 86400));
  t.status = TaskStatus::done;
  EXPECT_FALSE(is_task_overdue(t, t.due + 86400 * 30));
}
