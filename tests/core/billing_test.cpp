// The billing gate, invoices and payments: nothing billed without a matching signature,
// nothing billed twice, numbering without gaps, totals equal to their lines.
#include <gtest/gtest.h>

#include <set>

#include "handoff/money.h"

#include "fixture.h"

using namespace handoff;
using namespace handoff::testing;
using Codes = std::vector<std::string>;

namespace {

// Support milestone time: two entries of 90 min at $120/h and 30 min at $80/h.
Engagement with_time(Engagement e = sample_engagement()) {
  e = ok(add_time_entry(e, kMember, {31, 2, 22, kNow, 90, 12000, true, "design review"}));
  e = ok(add_time_entry(e, kMember, {32, 2, 0, kNow + 3600, 30, 8000, true, ""}));
  e = ok(add_time_entry(e, kMember, {33, 2, 0, kNow + 7200, 45, 8000, false, "internal"}));
  return e;
}

SignOff timesheet_sign_off(const Engagement& e, Id id) {
  for (const Timesheet& t : e.timesheets) {
    if (t.id == id) return {kClient.full_name, true, timesheet_statement(e, t), "203.0.113.5", "Firefox"};
  }
  return {};
}

InvoiceLine timesheet_line(const Engagement& e, Id id) {
  for (const Timesheet& t : e.timesheets) {
    if (t.id == id) return {LineKind::timesheet, id, "Time", "USD", 1000, timesheet_amount(e, t).value_or(0), 0, 0, 0};
  }
  return {};
}

constexpr const char* kProposalHash = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

Engagement with_deposit(Engagement e = sample_engagement()) {
  return ok(add_authorisation(e, kOwner, {41, AuthorisationKind::deposit, "Deposit 30%", 510000, kProposalHash}));
}

InvoiceLine deposit_line(std::int64_t amount) {
  return {LineKind::authorisation, 41, "Deposit", "USD", 1000, amount, 0, 0, 0};
}

Engagement signed_proposal(Engagement e) {
  SignOff s{kClient.full_name, true, std::string("I accept proposal ") + kProposalHash + ".", "203.0.113.5", "UA"};
  return ok(sign_proposal(e, kClient, kProposalHash, s, 601, kNow));
}

}  // namespace

TEST(Gate, MilestoneNeedsEveryDeliverableApprovedAtItsCurrentVersion) {
  Engagement e = sample_engagement();
  const InvoiceLine line = milestone_line(e, 1);
  EXPECT_EQ(codes(line_blockers(e, line, 0)), Codes{"no_version"});
  e = version_ready_for_review(e, 11, "v1");
  auto blockers = line_blockers(e, line, 0);
  ASSERT_EQ(codes(blockers), Codes{"awaiting_approval"});
  EXPECT_EQ(blockers[0].message, "Milestone 'Design': deliverable 'Logo v1' is awaiting client approval.");
  auto refused = create_invoice(e, kOwner, 900, {line}, kNow);
  EXPECT_EQ(refused.error().code, "gate_closed");
  EXPECT_EQ(refused.error().message, "Milestone 'Design': deliverable 'Logo v1' is awaiting client approval.");

  e = ok(request_changes(e, kClient, 11, 1, "darker", {}, 501, kNow));
  EXPECT_EQ(codes(line_blockers(e, line, 0)), Codes{"changes_requested"});
  e = version_ready_for_review(e, 11, "v2");
  e = ok(approve_deliverable(e, kClient, 11, 2, sign_off_for(e, 11), 502, kNow));
  EXPECT_TRUE(line_blockers(e, line, 0).empty());
  EXPECT_TRUE(create_invoice(e, kOwner, 900, {line}, kNow).ok());
}

TEST(Gate, EveryDeliverableOfTheMilestoneCounts) {
  Engagement e = approved_design();
  e = ok(add_deliverable(e, kOwner, 12, 1, "Brand book", {}));
  EXPECT_EQ(codes(line_blockers(e, milestone_line(e, 1), 0)), Codes{"no_version"});
  e = ok(add_version(e, kOwner, 12, {file("book.pdf", "pdf")}, kNow));
  auto b = line_blockers(e, milestone_line(e, 1), 0);
  ASSERT_EQ(codes(b), Codes{"not_sent"});
  EXPECT_EQ(b[0].message, "Milestone 'Design': deliverable 'Brand book v1' has not been sent for approval.");
}

TEST(Gate, MilestoneWithoutDeliverablesOrNotFixedFeeOrWrongAmount) {
  Engagement e = sample_engagement();
  EXPECT_EQ(codes(line_blockers(e, milestone_line(e, 2), 0)), Codes{"no_deliverables"});
  InvoiceLine tm = milestone_line(e, 3);
  EXPECT_EQ(codes(line_blockers(e, tm, 0)), (Codes{"not_fixed_fee", "no_deliverables"}));
  e = approved_design(e);
  InvoiceLine more = milestone_line(e, 1);
  more.unit_price_minor += 1;
  EXPECT_EQ(codes(line_blockers(e, more, 0)), Codes{"amount_mismatch"});
  more = milestone_line(e, 1);
  more.quantity_milli = 2000;
  EXPECT_EQ(codes(line_blockers(e, more, 0)), Codes{"amount_mismatch"});
  InvoiceLine ghost{LineKind::milestone, 999, "x", "USD", 1000, 1, 0, 0, 0};
  EXPECT_EQ(codes(line_blockers(e, ghost, 0)), Codes{"no_such_milestone"});
}

TEST(Gate, ADeliverableChangedAfterApprovalReopensTheGate) {
  Engagement e = approved_design();
  EXPECT_TRUE(line_blockers(e, milestone_line(e, 1), 0).empty());
  e = ok(add_version(e, kOwner, 11, {file("logo.svg", "<svg>v2</svg>")}, kNow + 100));
  auto b = line_blockers(e, milestone_line(e, 1), 0);
  ASSERT_EQ(codes(b), Codes{"changed_after_approval"});
  EXPECT_EQ(b[0].message, "Milestone 'Design': deliverable 'Logo v2' changed after the client approved an earlier "
                          "version; send it for approval again.");
  // Identical bytes re-uploaded as a new version still need a new approval (bound to the version).
  Engagement same = approved_design();
  same = ok(add_version(same, kOwner, 11, {file("logo.svg", "<svg>v1</svg>")}, kNow + 100));
  EXPECT_EQ(codes(line_blockers(same, milestone_line(same, 1), 0)), Codes{"changed_after_approval"});
}

TEST(Gate, WithdrawnApprovalClosesTheGate) {
  Engagement e = approved_design();
  e = ok(withdraw_approval(e, kClient, 11, "wait", {}, 502, kNow));
  EXPECT_EQ(codes(line_blockers(e, milestone_line(e, 1), 0)), Codes{"awaiting_approval"});
}

TEST(Gate, NothingIsBilledTwice) {
  Engagement e = approved_design();
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow));
  auto twice = create_invoice(e, kOwner, 901, {milestone_line(e, 1)}, kNow);
  EXPECT_EQ(codes(twice), Codes{"already_billed"});
  EXPECT_EQ(codes(create_invoice(e, kOwner, 901, {milestone_line(e, 1), milestone_line(e, 1)}, kNow)),
            (Codes{"duplicate_line", "already_billed", "already_billed"}));
  // Voiding releases it.
  e = ok(void_invoice(e, kOwner, 900));
  EXPECT_TRUE(create_invoice(e, kOwner, 901, {milestone_line(e, 1)}, kNow).ok());
}

TEST(Timesheet, ApprovedTimesheetBacksExactlyItsEntries) {
  Engagement e = with_time();
  EXPECT_EQ(codes(submit_timesheet(e, kOwner, 51, kNow, kNow + 86400, {31, 32, 33, 31, 99})),
            (Codes{"not_billable", "duplicate_entry", "no_such_entry"}));
  EXPECT_EQ(codes(submit_timesheet(e, kOwner, 51, kNow + 86400, kNow, {})), (Codes{"bad_period", "no_entries"}));
  EXPECT_EQ(codes(submit_timesheet(e, kOwner, 51, kNow + 1, kNow + 86400, {31})), Codes{"outside_period"});
  EXPECT_EQ(submit_timesheet(e, kClient, 51, kNow, kNow + 86400, {31}).error().code, "forbidden");
  e = ok(submit_timesheet(e, kOwner, 51, kNow, kNow + 86400, {31, 32}));
  EXPECT_EQ(timesheet_amount(e, e.timesheets[0]), 18000 + 4000);  // 1.5h × 120 + 0.5h × 80
  EXPECT_EQ(codes(submit_timesheet(e, kOwner, 52, kNow, kNow + 86400, {32})), Codes{"already_on_timesheet"});
  EXPECT_EQ(codes(line_blockers(e, timesheet_line(e, 51), 0)), Codes{"timesheet_not_approved"});

  const std::string statement = timesheet_statement(e, e.timesheets[0]);
  EXPECT_NE(statement.find("2h 0m"), std::string::npos) << statement;
  EXPECT_NE(statement.find("$220.00"), std::string::npos) << statement;
  EXPECT_EQ(approve_timesheet(e, kOtherClient, 51, timesheet_sign_off(e, 51), 701, kNow).error().code, "forbidden");
  e = ok(approve_timesheet(e, kClient, 51, timesheet_sign_off(e, 51), 701, kNow));
  EXPECT_TRUE(line_blockers(e, timesheet_line(e, 51), 0).empty());
  InvoiceLine wrong = timesheet_line(e, 51);
  wrong.unit_price_minor = 99999;
  EXPECT_EQ(codes(line_blockers(e, wrong, 0)), Codes{"amount_mismatch"});
  EXPECT_EQ(codes(approve_timesheet(e, kClient, 51, timesheet_sign_off(e, 51), 702, kNow)), Codes{"not_submitted"});
}

TEST(Timesheet, EditingAnEntryAfterApprovalReopensTheGate) {
  Engagement e = with_time();
  e = ok(submit_timesheet(e, kOwner, 51, kNow, kNow + 86400, {31, 32}));
  e = ok(approve_timesheet(e, kClient, 51, timesheet_sign_off(e, 51), 701, kNow));
  e = ok(edit_time_entry(e, kMember, {32, 2, 0, kNow + 3600, 45, 8000, true, "longer"}));
  EXPECT_EQ(codes(line_blockers(e, timesheet_line(e, 51), 0)), Codes{"changed_after_approval"});
  // A note-only edit does not change what was approved for billing.
  Engagement notes = with_time();
  notes = ok(submit_timesheet(notes, kOwner, 51, kNow, kNow + 86400, {31, 32}));
  notes = ok(approve_timesheet(notes, kClient, 51, timesheet_sign_off(notes, 51), 701, kNow));
  notes = ok(edit_time_entry(notes, kMember, {32, 2, 0, kNow + 3600, 30, 8000, true, "typo fixed"}));
  EXPECT_TRUE(line_blockers(notes, timesheet_line(notes, 51), 0).empty());
  // Once invoiced, entries are frozen.
  notes = ok(create_invoice(notes, kOwner, 900, {timesheet_line(notes, 51)}, kNow));
  EXPECT_EQ(codes(edit_time_entry(notes, kMember, {32, 2, 0, kNow + 3600, 60, 8000, true, ""})),
            Codes{"already_invoiced"});
}

TEST(Timesheet, ChangesRequestedReleasesTheEntries) {
  Engagement e = with_time();
  e = ok(submit_timesheet(e, kOwner, 51, kNow, kNow + 86400, {31, 32}));
  EXPECT_EQ(codes(request_timesheet_changes(e, kClient, 51, "", {}, 701, kNow)), Codes{"comment_missing"});
  e = ok(request_timesheet_changes(e, kClient, 51, "Entry 32 was a call", {}, 701, kNow));
  EXPECT_EQ(codes(line_blockers(e, timesheet_line(e, 51), 0)), Codes{"timesheet_not_approved"});
  EXPECT_TRUE(submit_timesheet(e, kOwner, 52, kNow, kNow + 86400, {31}).ok());
}

TEST(TimeEntry, Validation) {
  Engagement e = sample_engagement();
  EXPECT_EQ(add_time_entry(e, kClient, {31, 3, 0, kNow, 60, 100, true, ""}).error().code, "forbidden");
  EXPECT_EQ(codes(add_time_entry(e, kOwner, {31, 1, 999, kNow, 0, -1, true, std::string(2001, 'x')})),
            (Codes{"bad_minutes", "bad_rate", "no_such_task", "note_too_long"}));
  EXPECT_EQ(codes(add_time_entry(e, kOwner, {31, 1, 0, kNow, 24 * 60 + 1, 100, true, ""})), Codes{"bad_minutes"});
  e = ok(add_time_entry(e, kOwner, {31, 0, 0, kNow, 60, 100, true, ""}));
  EXPECT_EQ(e.time_entries[0].user_id, kOwner.user_id);  // defaults to who records it
  EXPECT_EQ(codes(add_time_entry(e, kOwner, {31, 1, 0, kNow, 60, 100, true, ""})), Codes{"bad_id"});
  EXPECT_EQ(edit_time_entry(e, kOwner, {77, 1, 0, kNow, 60, 100, true, ""}).error().code, "not_found");
}

TEST(Authorisation, DepositNeedsTheSignedProposalAndStaysWithinTheAmount) {
  Engagement e = with_deposit();
  EXPECT_EQ(codes(line_blockers(e, deposit_line(150000), 0)), Codes{"proposal_not_signed"});
  e = signed_proposal(e);
  EXPECT_TRUE(line_blockers(e, deposit_line(150000), 0).empty());
  EXPECT_EQ(codes(line_blockers(e, deposit_line(510001), 0)), Codes{"exceeds_authorisation"});
  EXPECT_EQ(codes(line_blockers(e, deposit_line(0), 0)), Codes{"bad_amount"});
  e = ok(create_invoice(e, kOwner, 900, {deposit_line(400000)}, kNow));
  auto b = line_blockers(e, deposit_line(200000), 0);
  ASSERT_EQ(codes(b), Codes{"exceeds_authorisation"});
  EXPECT_EQ(b[0].message, "Deposit 'Deposit 30%': only $1,100.00 of the authorised $5,100.00 remains to bill.");
  EXPECT_TRUE(create_invoice(e, kOwner, 901, {deposit_line(110000)}, kNow).ok());
  e = ok(void_invoice(e, kOwner, 900));
  EXPECT_TRUE(line_blockers(e, deposit_line(510000), 0).empty());
}

TEST(Authorisation, ValidationAndTheProposalSeam) {
  Engagement e = sample_engagement();
  EXPECT_EQ(add_authorisation(e, kClient, {41, AuthorisationKind::retainer, "x", 1, kProposalHash}).error().code,
            "forbidden");
  EXPECT_EQ(codes(add_authorisation(e, kOwner, {0, AuthorisationKind::retainer, "", 0, "nothex"})),
            (Codes{"bad_id", "bad_amount", "bad_proposal_hash", "description_missing"}));
  SignOff wrong{kClient.full_name, true, "I accept a proposal.", "", ""};
  EXPECT_EQ(codes(sign_proposal(e, kClient, kProposalHash, wrong, 601, kNow)), Codes{"statement_mismatch"});
  EXPECT_EQ(sign_proposal(e, kOwner, kProposalHash, wrong, 601, kNow).error().code, "forbidden");
  Engagement retainer = ok(add_authorisation(e, kOwner, {42, AuthorisationKind::retainer, "May retainer", 200000, kProposalHash}));
  InvoiceLine l{LineKind::authorisation, 42, "May", "USD", 1000, 200000, 0, 0, 0};
  EXPECT_EQ(line_blockers(retainer, l, 0)[0].message,
            "Retainer 'May retainer': the proposal that allows it is not signed by the client.");
}

TEST(Invoice, TotalsAreTheSumOfTheLinesWithPerLineTax) {
  Engagement e = with_deposit(approved_design());
  e = signed_proposal(e);
  InvoiceLine a = milestone_line(e, 1);         // $5,000.00 at 20 %
  InvoiceLine b = deposit_line(333);            // $3.33
  b.quantity_milli = 1500;                      // × 1.5 = $4.995 → $5.00
  b.tax_basis_points = 825;                     // 8.25 % of $5.00 = $0.4125 → $0.41
  e = ok(create_invoice(e, kOwner, 900, {a, b}, kNow));
  const Invoice& inv = e.invoices[0];
  EXPECT_EQ(inv.status, InvoiceStatus::draft);
  EXPECT_EQ(inv.number, "");
  ASSERT_EQ(inv.lines.size(), 2u);
  EXPECT_EQ(inv.lines[0].net_minor, 500000);
  EXPECT_EQ(inv.lines[0].tax_minor, 100000);
  EXPECT_EQ(inv.lines[1].net_minor, 500);
  EXPECT_EQ(inv.lines[1].tax_minor, 41);
  EXPECT_EQ(inv.net_minor, 500500);
  EXPECT_EQ(inv.tax_minor, 100041);
  EXPECT_EQ(inv.total_minor, 600541);
  EXPECT_EQ(inv.total_minor, inv.lines[0].net_minor + inv.lines[0].tax_minor + inv.lines[1].net_minor + inv.lines[1].tax_minor);
}

TEST(Invoice, InputValidationIsReportedWithGateReasons) {
  Engagement e = sample_engagement();
  EXPECT_EQ(create_invoice(e, kClient, 900, {milestone_line(e, 1)}, kNow).error().code, "forbidden");
  auto empty = create_invoice(e, kOwner, 900, {}, kNow);
  EXPECT_EQ(empty.error().code, "invalid_request");
  EXPECT_EQ(codes(empty), Codes{"no_lines"});
  InvoiceLine bad = milestone_line(e, 1);
  bad.currency = "EUR";
  bad.tax_basis_points = 10001;
  bad.description = "";
  auto r = create_invoice(e, kOwner, 900, {bad}, kNow);
  EXPECT_EQ(r.error().code, "invalid_request");
  EXPECT_EQ(codes(r), (Codes{"currency_mismatch", "bad_tax", "bad_description", "no_version"}));
  InvoiceLine huge = milestone_line(e, 1);
  huge.unit_price_minor = INT64_MAX;
  EXPECT_EQ(codes(create_invoice(e, kOwner, 900, {huge}, kNow))[0], "amount_too_large");
}

TEST(Invoice, NumberedOnSendWithoutGaps) {
  Engagement e = approved_design();
  e = ok(add_deliverable(e, kOwner, 12, 2, "Site", {}));
  e = version_ready_for_review(e, 12, "site");
  e = ok(approve_deliverable(e, kClient, 12, 1, sign_off_for(e, 12), 502, kNow));
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow));
  e = ok(create_invoice(e, kOwner, 901, {milestone_line(e, 2)}, kNow));
  EXPECT_EQ(send_invoice(e, kClient, 901, 1, kNow).error().code, "forbidden");
  EXPECT_EQ(send_invoice(e, kOwner, 999, 1, kNow).error().code, "not_found");
  EXPECT_EQ(codes(send_invoice(e, kOwner, 901, 0, kNow)), Codes{"bad_sequence"});
  // Sent in the other order than created: numbers follow sending.
  e = ok(send_invoice(e, kOwner, 901, 1, kNow));
  e = ok(send_invoice(e, kOwner, 900, 2, kNow + 10));
  EXPECT_EQ(e.invoices[1].number, "INV-0001");
  EXPECT_EQ(e.invoices[0].number, "INV-0002");
  EXPECT_EQ(e.invoices[1].due_at, kNow + 14 * 86400);
  EXPECT_EQ(codes(send_invoice(e, kOwner, 900, 3, kNow)), Codes{"not_draft"});
  // Voiding keeps the number: issued numbers stay gap-free.
  e = ok(void_invoice(e, kOwner, 900));
  EXPECT_EQ(e.invoices[0].number, "INV-0002");
  EXPECT_EQ(e.invoices[0].status, InvoiceStatus::void_);
  EXPECT_EQ(codes(void_invoice(e, kOwner, 900)), Codes{"already_void"});
  WorkspaceSettings s;
  s.invoice_prefix = "2027-";
  s.invoice_number_digits = 2;
  EXPECT_EQ(format_invoice_number(s, 7), "2027-07");
  EXPECT_EQ(format_invoice_number(s, 123), "2027-123");
}

TEST(Invoice, SendingRechecksTheGate) {
  Engagement e = approved_design();
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow));
  e = ok(add_version(e, kOwner, 11, {file("logo.svg", "changed")}, kNow + 5));  // after drafting
  auto r = send_invoice(e, kOwner, 900, 1, kNow + 10);
  EXPECT_EQ(r.error().code, "gate_closed");
  EXPECT_EQ(codes(r), Codes{"changed_after_approval"});
}

TEST(Payment, PartialThenPaidNeverMoreThanTheBalance) {
  Engagement e = approved_design();
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow));  // $6,000.00 with tax
  EXPECT_EQ(codes(record_payment(e, kOwner, 900, {801, 0, 100, "USD", kNow, ""})), Codes{"not_payable"});
  e = ok(send_invoice(e, kOwner, 900, 1, kNow));
  EXPECT_EQ(record_payment(e, kClient, 900, {801, 0, 100, "USD", kNow, ""}).error().code, "forbidden");
  EXPECT_EQ(codes(record_payment(e, kOwner, 900, {801, 0, 0, "USD", kNow, ""})), Codes{"bad_amount"});
  EXPECT_EQ(codes(record_payment(e, kOwner, 900, {801, 0, -5, "EUR", kNow, ""})),
            (Codes{"bad_amount", "currency_mismatch"}));
  EXPECT_EQ(codes(record_payment(e, kOwner, 900, {801, 0, 600001, "USD", kNow, ""})), Codes{"exceeds_balance"});
  e = ok(record_payment(e, kOwner, 900, {801, 0, 250000, "USD", kNow, "wire 1"}));
  EXPECT_EQ(e.invoices[0].status, InvoiceStatus::partially_paid);
  EXPECT_EQ(balance_minor(e.invoices[0]), 350000);
  EXPECT_EQ(codes(record_payment(e, kOwner, 900, {801, 0, 1, "USD", kNow, ""})), Codes{"bad_id"});
  EXPECT_EQ(codes(void_invoice(e, kOwner, 900)), Codes{"has_payments"});
  e = ok(record_payment(e, kOwner, 900, {802, 0, 350000, "USD", kNow, "wire 2"}));
  EXPECT_EQ(e.invoices[0].status, InvoiceStatus::paid);
  EXPECT_EQ(balance_minor(e.invoices[0]), 0);
  EXPECT_EQ(codes(record_payment(e, kOwner, 900, {803, 0, 1, "USD", kNow, ""})),
            (Codes{"not_payable", "exceeds_balance"}));
  EXPECT_EQ(milestone_status(e, 1), MilestoneStatus::paid);
}

TEST(Invoice, OverdueByDueDate) {
  Engagement e = approved_design();
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow));
  EXPECT_FALSE(is_overdue(e.invoices[0], kNow + 100 * 86400));  // drafts are never overdue
  e = ok(send_invoice(e, kOwner, 900, 1, kNow));
  const Instant due = e.invoices[0].due_at;
  EXPECT_FALSE(is_overdue(e.invoices[0], due));
  EXPECT_TRUE(is_overdue(e.invoices[0], due + 1));
  e = ok(record_payment(e, kOwner, 900, {801, 0, 1000, "USD", kNow, ""}));
  EXPECT_TRUE(is_overdue(e.invoices[0], due + 1));
  e = ok(record_payment(e, kOwner, 900, {802, 0, balance_minor(e.invoices[0]), "USD", kNow, ""}));
  EXPECT_FALSE(is_overdue(e.invoices[0], due + 1));
}

TEST(BillableWork, ListsEveryCandidateWithItsReasons) {
  Engagement e = with_deposit(with_time());
  e = ok(submit_timesheet(e, kOwner, 51, kNow, kNow + 86400, {31, 32}));
  auto items = billable_work(e);
  ASSERT_EQ(items.size(), 4u);  // Design, Build (fixed fee), timesheet 51, deposit
  EXPECT_EQ(items[0].line.source_id, 1);
  EXPECT_EQ(codes(items[0].blockers), Codes{"no_version"});
  EXPECT_EQ(codes(items[1].blockers), Codes{"no_deliverables"});
  EXPECT_EQ(codes(items[2].blockers), Codes{"timesheet_not_approved"});
  EXPECT_EQ(items[2].line.unit_price_minor, 22000);
  EXPECT_EQ(codes(items[3].blockers), Codes{"proposal_not_signed"});
  EXPECT_EQ(items[3].line.unit_price_minor, 510000);

  e = approved_design(e);
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow));
  items = billable_work(e);
  ASSERT_EQ(items.size(), 3u);  // Design is taken
  EXPECT_EQ(items[0].line.source_id, 2);
}

TEST(Timesheet, RemainingRefusals) {
  Engagement e = with_time();
  e = ok(submit_timesheet(e, kOwner, 51, kNow, kNow + 86400, {31, 32}));
  EXPECT_EQ(approve_timesheet(e, kClient, 99, timesheet_sign_off(e, 51), 701, kNow).error().code, "not_found");
  // Moving an entry out of its timesheet's period is refused.
  EXPECT_EQ(codes(edit_time_entry(e, kMember, {32, 2, 0, kNow + 90000, 30, 8000, true, ""})), Codes{"outside_period"});
  e = ok(approve_timesheet(e, kClient, 51, timesheet_sign_off(e, 51), 701, kNow));
  EXPECT_EQ(codes(request_timesheet_changes(e, kClient, 51, "x", {}, 701, kNow)), (Codes{"not_submitted", "bad_id"}));
  e = ok(create_invoice(e, kOwner, 900, {timesheet_line(e, 51)}, kNow));
  EXPECT_EQ(codes(line_blockers(e, timesheet_line(e, 51), 0)), Codes{"already_billed"});
  EXPECT_TRUE(line_blockers(e, timesheet_line(e, 51), 900).empty());  // the invoice itself
  // A timesheet whose entry disappeared hashes differently from one that has it.
  Timesheet ghost{60, kNow, kNow + 86400, {31, 999}, TimesheetStatus::submitted};
  Timesheet real{60, kNow, kNow + 86400, {31}, TimesheetStatus::submitted};
  EXPECT_NE(timesheet_content_hash(e, ghost), timesheet_content_hash(e, real));
}

TEST(Invoice, TotalOverflowAcrossLinesIsRefused) {
  Engagement e = with_deposit();
  e.authorisations[0].amount_minor = kMaxAmountMinor;
  e = ok(add_authorisation(e, kOwner, {42, AuthorisationKind::retainer, "Retainer", kMaxAmountMinor, kProposalHash}));
  e = signed_proposal(e);
  InvoiceLine a = deposit_line(kMaxAmountMinor);
  InvoiceLine b{LineKind::authorisation, 42, "Retainer", "USD", 1000, kMaxAmountMinor, 0, 0, 0};
  EXPECT_EQ(codes(create_invoice(e, kOwner, 900, {a, b}, kNow)), Codes{"amount_too_large"});
}

TEST(Invoice, DraftLinesAreReplacedThroughTheSameGate) {
  Engagement e = with_deposit(approved_design());
  e = signed_proposal(e);
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow));
  e = ok(replace_draft_lines(e, kOwner, 900, {milestone_line(e, 1), deposit_line(1000)}));
  ASSERT_EQ(e.invoices.size(), 1u);
  EXPECT_EQ(e.invoices[0].lines.size(), 2u);
  EXPECT_EQ(e.invoices[0].net_minor, 501000);
  EXPECT_EQ(e.invoices[0].created_at, kNow);
  EXPECT_EQ(codes(replace_draft_lines(e, kOwner, 900, {milestone_line(e, 2)})), Codes{"no_deliverables"});
  EXPECT_EQ(replace_draft_lines(e, kClient, 900, {}).error().code, "forbidden");
  EXPECT_EQ(replace_draft_lines(e, kOwner, 901, {}).error().code, "not_found");
  e = ok(send_invoice(e, kOwner, 900, 1, kNow));
  EXPECT_EQ(codes(replace_draft_lines(e, kOwner, 900, {milestone_line(e, 1)})), Codes{"not_draft"});
}

TEST(Settings, ProblemsAndBrandColour) {
  WorkspaceSettings s;
  EXPECT_TRUE(settings_problems(s).empty());
  s.currency = "XXX";
  s.tax_basis_points = -1;
  s.payment_terms_days = 366;
  s.invoice_prefix = "INV <script>";
  s.invoice_number_digits = 0;
  EXPECT_EQ(codes(settings_problems(s)), (Codes{"unknown_currency", "bad_tax", "bad_terms", "bad_prefix", "bad_digits"}));
  EXPECT_TRUE(is_brand_colour("#2f5bEA"));
  EXPECT_FALSE(is_brand_colour("2f5bea"));
  EXPECT_FALSE(is_brand_colour("#2f5bez"));
  EXPECT_FALSE(is_brand_colour("#2f5be"));
}

TEST(Timesheet, EntriesToSubmitAreBillableAndFree) {
  Engagement e = with_time();  // 31 and 32 billable, 33 not
  EXPECT_EQ(entries_to_submit(e), (std::vector<Id>{31, 32}));
  e = ok(submit_timesheet(e, kOwner, 51, kNow, kNow + 86400, {31}));
  EXPECT_EQ(entries_to_submit(e), (std::vector<Id>{32}));
  e = ok(request_timesheet_changes(e, kClient, 51, "which call?", {}, 701, kNow));
  EXPECT_EQ(entries_to_submit(e), (std::vector<Id>{31, 32}));  // released again
}

TEST(BillableWork, ADraftBeingEditedSeesItsOwnSourcesWithoutItsClaimAgainstThem) {
  Engagement e = approved_design();
  e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow + 100));
  for (const BillableItem& b : billable_work(e)) EXPECT_NE(b.line.source_id, 1);  // taken: omitted
  bool design = false;
  for (const BillableItem& b : billable_work(e, 900)) {
    if (b.line.kind != LineKind::milestone || b.line.source_id != 1) continue;
    design = true;
    EXPECT_TRUE(b.blockers.empty()) << b.blockers.front().message;
  }
  EXPECT_TRUE(design);
}
