// Deliverables, versions, QA, review and approvals: every transition allowed and refused.
#include <gtest/gtest.h>

#include "handoff/audit.h"

#include "fixture.h"

using namespace handoff;
using namespace handoff::testing;
using Codes = std::vector<std::string>;

TEST(Deliverable, AddValidatesAndOnlyStaffMayAdd) {
  Engagement e = sample_engagement();
  EXPECT_EQ(add_deliverable(e, kClient, 12, 1, "Brand book", {}).error().code, "forbidden");
  EXPECT_EQ(add_deliverable(e, kOwner, 12, 99, "Brand book", {}).error().code, "not_found");
  auto bad = add_deliverable(e, kMember, 11, 1, "  ", {"ok", " "});
  EXPECT_EQ(bad.error().code, "invalid_request");
  EXPECT_EQ(codes(bad), (Codes{"name_missing", "bad_id", "qa_item_empty"}));
  EXPECT_EQ(codes(add_deliverable(e, kOwner, 12, 1, std::string(201, 'x'), {})), Codes{"name_too_long"});
  Engagement added = ok(add_deliverable(e, kMember, 12, 2, "Brand book", {}));
  EXPECT_EQ(added.deliverables.back().review, ReviewStatus::draft);
}

TEST(Version, NumbersIncreaseAndHashBindsBytes) {
  Engagement e = sample_engagement();
  e = ok(add_version(e, kOwner, 11, {file("logo.svg", "A")}, kNow));
  e = ok(add_version(e, kOwner, 11, {file("logo.svg", "B")}, kNow + 1));
  const Deliverable& d = e.deliverables[0];
  ASSERT_EQ(d.versions.size(), 2u);
  EXPECT_EQ(d.versions[0].number, 1);
  EXPECT_EQ(d.versions[1].number, 2);
  EXPECT_NE(d.versions[0].content_hash, d.versions[1].content_hash);
  EXPECT_EQ(d.versions[1].content_hash, version_content_hash({file("logo.svg", "B")}));
  // Renaming a file, or changing a size, changes the hash too.
  EXPECT_NE(version_content_hash({file("logo.svg", "B")}), version_content_hash({file("logo2.svg", "B")}));
  FileRef bigger = file("logo.svg", "B");
  bigger.size += 1;
  EXPECT_NE(version_content_hash({file("logo.svg", "B")}), version_content_hash({bigger}));
}

TEST(Version, RefusesBadFilesAndNonStaff) {
  Engagement e = sample_engagement();
  EXPECT_EQ(add_version(e, kClient, 11, {file("a", "x")}, kNow).error().code, "forbidden");
  EXPECT_EQ(add_version(e, kOwner, 77, {file("a", "x")}, kNow).error().code, "not_found");
  EXPECT_EQ(codes(add_version(e, kOwner, 11, {}, kNow)), Codes{"no_files"});
  FileRef bad{"a", "not-a-hash", 1};
  FileRef negative = file("b", "y");
  negative.size = -1;
  EXPECT_EQ(codes(add_version(e, kOwner, 11, {bad, negative}, kNow)), (Codes{"bad_file", "bad_file"}));
}

TEST(Review, NeedsAVersionAndCompleteQa) {
  Engagement e = sample_engagement();
  EXPECT_EQ(codes(review_blockers(e, 11)), (Codes{"no_version", "qa_incomplete", "qa_incomplete"}));
  EXPECT_EQ(codes(submit_for_review(e, kOwner, 11)), (Codes{"no_version", "qa_incomplete", "qa_incomplete"}));
  e = ok(add_version(e, kOwner, 11, {file("logo.svg", "A")}, kNow));
  e = ok(set_qa_item(e, kOwner, 11, 0, true));
  auto one_left = submit_for_review(e, kOwner, 11);
  EXPECT_EQ(one_left.error().code, "gate_closed");
  EXPECT_EQ(one_left.error().message, "QA item 'Files export at 2x' is not checked.");
  e = ok(set_qa_item(e, kOwner, 11, 1, true));
  EXPECT_TRUE(review_blockers(e, 11).empty());
  EXPECT_EQ(submit_for_review(e, kClient, 11).error().code, "forbidden");
  e = ok(submit_for_review(e, kMember, 11));
  EXPECT_EQ(e.deliverables[0].review, ReviewStatus::in_review);
  EXPECT_EQ(codes(submit_for_review(e, kOwner, 11)), Codes{"already_in_review"});
  EXPECT_EQ(codes(review_blockers(e, 999)), Codes{"not_found"});
}

TEST(Review, EmptyChecklistIsComplete) {
  Engagement e = ok(add_deliverable(sample_engagement(), kOwner, 12, 2, "Copy", {}));
  e = ok(add_version(e, kOwner, 12, {file("copy.md", "hello")}, kNow));
  EXPECT_TRUE(review_blockers(e, 12).empty());
}

TEST(Qa, ClearedByANewVersionAndLockedWhileInReview) {
  Engagement e = version_ready_for_review(sample_engagement(), 11, "v1");
  EXPECT_EQ(codes(set_qa_item(e, kOwner, 11, 0, false)), Codes{"qa_locked"});
  EXPECT_EQ(codes(set_qa_item(e, kOwner, 11, 5, true)), Codes{"no_such_qa_item"});
  EXPECT_EQ(set_qa_item(e, kClient, 11, 0, true).error().code, "forbidden");
  e = ok(add_version(e, kOwner, 11, {file("logo.svg", "v2")}, kNow + 10));
  EXPECT_EQ(e.deliverables[0].review, ReviewStatus::draft);  // pending review voided
  for (const QaItem& q : e.deliverables[0].qa) EXPECT_FALSE(q.done);
  EXPECT_EQ(codes(set_qa_item(sample_engagement(), kOwner, 11, 0, true)), Codes{"no_version"});
}

TEST(Approve, TheClientApprovesTheCurrentVersionWithNameAndConsent) {
  Engagement e = version_ready_for_review(sample_engagement(), 11, "<svg/>");
  const SignOff s = sign_off_for(e, 11);
  EXPECT_NE(s.statement.find(e.deliverables[0].versions.back().content_hash), std::string::npos);
  e = ok(approve_deliverable(e, kClient, 11, 1, s, 501, kNow + 5));
  EXPECT_EQ(e.deliverables[0].review, ReviewStatus::approved);
  ASSERT_EQ(e.approvals.size(), 1u);
  const Approval& a = e.approvals[0];
  EXPECT_EQ(a.id, 501);
  EXPECT_EQ(a.decision, Decision::approved);
  EXPECT_EQ(a.subject_kind, SubjectKind::deliverable_version);
  EXPECT_EQ(a.subject_version, 1);
  EXPECT_EQ(a.subject_hash, e.deliverables[0].versions[0].content_hash);
  EXPECT_EQ(a.typed_name, "Ada Lovelace");
  EXPECT_TRUE(a.consent);
  EXPECT_EQ(a.at, kNow + 5);
  EXPECT_EQ(a.ip, "203.0.113.5");
  EXPECT_EQ(a.user_id, kClient.user_id);
  EXPECT_EQ(current_approval(e, e.deliverables[0]), &e.approvals[0]);
}

TEST(Approve, OnlyAClientOfThisEngagement) {
  Engagement e = version_ready_for_review(sample_engagement(), 11, "x");
  for (const Actor& who : {kOwner, kMember, kOtherClient}) {
    auto r = approve_deliverable(e, who, 11, 1, sign_off_for(e, 11, who), 501, kNow);
    EXPECT_EQ(r.error().code, "forbidden") << who.full_name;
  }
  Actor unassigned = kClient;
  unassigned.client_id = 0;
  EXPECT_EQ(approve_deliverable(e, unassigned, 11, 1, sign_off_for(e, 11), 501, kNow).error().code, "forbidden");
  EXPECT_EQ(approve_deliverable(e, kClient, 404, 1, sign_off_for(e, 11), 501, kNow).error().code, "not_found");
}

TEST(Approve, EveryMissingConditionIsReportedAtOnce) {
  Engagement e = version_ready_for_review(sample_engagement(), 11, "x");
  SignOff s = sign_off_for(e, 11);
  s.typed_name = "  ";
  s.consent = false;
  s.statement = "I approve something else";
  auto r = approve_deliverable(e, kClient, 11, 1, s, 501, kNow);
  EXPECT_EQ(r.error().code, "gate_closed");
  EXPECT_EQ(codes(r), (Codes{"typed_name_missing", "consent_missing", "statement_mismatch"}));
  EXPECT_EQ(r.error().message, "3 conditions are not met.");
}

TEST(Approve, TypedNameMustMatchTheAccountNameLoosely) {
  Engagement e = version_ready_for_review(sample_engagement(), 11, "x");
  SignOff s = sign_off_for(e, 11);
  s.typed_name = "Ada King";
  auto wrong = approve_deliverable(e, kClient, 11, 1, s, 501, kNow);
  EXPECT_EQ(codes(wrong), Codes{"typed_name_mismatch"});
  EXPECT_EQ(wrong.error().message, "The typed name must match the name on your account: 'Ada Lovelace'.");
  s.typed_name = "  ada   LOVELACE ";
  EXPECT_TRUE(approve_deliverable(e, kClient, 11, 1, s, 501, kNow).ok());
}

TEST(Approve, OnlyTheCurrentVersionInReview) {
  Engagement e = version_ready_for_review(sample_engagement(), 11, "v1");
  const SignOff old_statement = sign_off_for(e, 11);
  e = version_ready_for_review(e, 11, "v2");
  auto stale = approve_deliverable(e, kClient, 11, 1, old_statement, 501, kNow);
  EXPECT_EQ(codes(stale), (Codes{"not_current_version", "statement_mismatch"}));
  EXPECT_EQ(stale.error().reasons[0].message,
            "Version 1 of 'Logo' has been replaced by version 2; review the current version.");

  Engagement draft = ok(add_version(sample_engagement(), kOwner, 11, {file("a", "a")}, kNow));
  EXPECT_EQ(codes(approve_deliverable(draft, kClient, 11, 1, sign_off_for(draft, 11), 501, kNow)),
            Codes{"not_in_review"});
  e = ok(approve_deliverable(e, kClient, 11, 2, sign_off_for(e, 11), 501, kNow));
  EXPECT_EQ(codes(approve_deliverable(e, kClient, 11, 2, sign_off_for(e, 11), 502, kNow)), Codes{"not_in_review"});
  EXPECT_EQ(codes(approve_deliverable(e, kClient, 11, 2, sign_off_for(e, 11), 501, kNow)),
            (Codes{"bad_id", "not_in_review"}));
}

TEST(RequestChanges, NeedsACommentAndLeadsToANewVersion) {
  Engagement e = version_ready_for_review(sample_engagement(), 11, "v1");
  EXPECT_EQ(codes(request_changes(e, kClient, 11, 1, "  ", {}, 501, kNow)), Codes{"comment_missing"});
  EXPECT_EQ(codes(request_changes(e, kClient, 11, 1, std::string(10001, 'x'), {}, 501, kNow)),
            Codes{"comment_too_long"});
  EXPECT_EQ(request_changes(e, kOwner, 11, 1, "x", {}, 501, kNow).error().code, "forbidden");
  e = ok(request_changes(e, kClient, 11, 1, "Make the blue darker", {"", false, "", "198.51.100.1", "Safari"}, 501, kNow));
  EXPECT_EQ(e.deliverables[0].review, ReviewStatus::changes_requested);
  EXPECT_EQ(e.approvals.back().decision, Decision::changes_requested);
  EXPECT_EQ(e.approvals.back().comment, "Make the blue darker");
  EXPECT_EQ(e.approvals.back().ip, "198.51.100.1");
  EXPECT_EQ(current_approval(e, e.deliverables[0]), nullptr);
  // QA is re-done on the same version before resending, or a new version is added.
  EXPECT_TRUE(review_blockers(e, 11).empty());
  e = version_ready_for_review(e, 11, "v2");
  e = ok(approve_deliverable(e, kClient, 11, 2, sign_off_for(e, 11), 502, kNow));
  EXPECT_EQ(e.deliverables[0].review, ReviewStatus::approved);
}

TEST(Withdraw, IsANewRecordAndReturnsToReview) {
  Engagement e = approved_design();
  const Approval original = e.approvals[0];
  EXPECT_EQ(withdraw_approval(e, kOtherClient, 11, "", {}, 502, kNow).error().code, "forbidden");
  EXPECT_EQ(withdraw_approval(e, kClient, 12345, "", {}, 502, kNow).error().code, "not_found");
  e = ok(withdraw_approval(e, kClient, 11, "Signed too early", {}, 502, kNow + 100));
  ASSERT_EQ(e.approvals.size(), 2u);
  EXPECT_EQ(canonical_approval(e.approvals[0]), canonical_approval(original));  // never edited
  EXPECT_EQ(e.approvals[1].decision, Decision::withdrawn);
  EXPECT_EQ(e.deliverables[0].review, ReviewStatus::in_review);
  EXPECT_EQ(current_approval(e, e.deliverables[0]), nullptr);
  EXPECT_EQ(codes(withdraw_approval(e, kClient, 11, "", {}, 503, kNow)), Codes{"not_approved"});
  // Approving again works and backs billing again.
  e = ok(approve_deliverable(e, kClient, 11, 1, sign_off_for(e, 11), 503, kNow + 200));
  EXPECT_EQ(current_approval(e, e.deliverables[0])->id, 503);
}

TEST(Withdraw, RefusedOnceInvoiced) {
  Engagement e = approved_design();
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow));
  EXPECT_EQ(codes(withdraw_approval(e, kClient, 11, "", {}, 502, kNow)), Codes{"already_invoiced"});
  e = ok(void_invoice(e, kOwner, 900));
  EXPECT_TRUE(withdraw_approval(e, kClient, 11, "", {}, 502, kNow).ok());
}
