// The approval record's canonical form and the hash chain: any change to any field of
// any past record, any removal, insertion or reordering is found and located.
#include <gtest/gtest.h>

#include <functional>

#include "handoff/audit.h"
#include "handoff/sha256.h"

#include "fixture.h"

using namespace handoff;
using namespace handoff::testing;

namespace {

std::vector<AuditEvent> sample_chain(int n = 5) {
  std::vector<AuditEvent> chain;
  for (int i = 0; i < n; ++i) {
    Approval a;
    a.id = 100 + i;
    a.subject_id = 11;
    a.subject_version = i + 1;
    a.subject_hash = sha256_hex("version " + std::to_string(i));
    a.user_id = 3;
    a.typed_name = "Ada Lovelace";
    a.statement = "I approve version " + std::to_string(i + 1);
    a.consent = true;
    a.at = kNow + i;
    a.ip = "203.0.113.5";
    a.user_agent = "Firefox";
    chain.push_back(seal_event(approval_event(a), chain.empty() ? nullptr : &chain.back()));
  }
  return chain;
}

}  // namespace

TEST(ApprovalRecord, CanonicalFormIsVersionedAndCoversEveryField) {
  Approval a;
  a.id = 7;
  a.typed_name = "Ada";
  const std::string c = canonical_approval(a);
  EXPECT_EQ(c.rfind("handoff.approval.v1\n", 0), 0u);
  EXPECT_NE(c.find("typed_name:3:Ada\n"), std::string::npos);
  // Each field changes the hash.
  const std::string base = approval_hash(a);
  std::vector<std::function<void(Approval&)>> edits = {
      [](Approval& x) { x.id = 8; },
      [](Approval& x) { x.subject_kind = SubjectKind::timesheet; },
      [](Approval& x) { x.subject_id = 1; },
      [](Approval& x) { x.subject_version = 2; },
      [](Approval& x) { x.subject_hash = "ff"; },
      [](Approval& x) { x.decision = Decision::withdrawn; },
      [](Approval& x) { x.user_id = 9; },
      [](Approval& x) { x.typed_name = "Adb"; },
      [](Approval& x) { x.statement = "s"; },
      [](Approval& x) { x.consent = true; },
      [](Approval& x) { x.comment = "c"; },
      [](Approval& x) { x.at = 1; },
      [](Approval& x) { x.ip = "1.2.3.4"; },
      [](Approval& x) { x.user_agent = "ua"; },
  };
  for (std::size_t i = 0; i < edits.size(); ++i) {
    Approval b = a;
    edits[i](b);
    EXPECT_NE(approval_hash(b), base) << "edit " << i;
  }
}

TEST(ApprovalRecord, FieldBoundariesCannotBeForged) {
  // Moving text between adjacent fields keeps the concatenation but not the hash.
  Approval a, b;
  a.typed_name = "Ada Lovelace";
  a.statement = "I approve";
  b.typed_name = "Ada";
  b.statement = " LovelaceI approve";
  EXPECT_NE(approval_hash(a), approval_hash(b));
  Approval c;
  c.typed_name = "x\ntyped_name:3:Ada";
  EXPECT_NE(approval_hash(c), approval_hash(a));
}

TEST(Chain, LinksEachEventToThePrevious) {
  auto chain = sample_chain();
  EXPECT_EQ(chain[0].seq, 1);
  EXPECT_EQ(chain[0].prev_hash, kGenesisHash);
  for (std::size_t i = 1; i < chain.size(); ++i) {
    EXPECT_EQ(chain[i].seq, static_cast<std::int64_t>(i) + 1);
    EXPECT_EQ(chain[i].prev_hash, chain[i - 1].hash);
  }
  EXPECT_TRUE(verify_chain(chain).ok);
  EXPECT_TRUE(verify_chain({}).ok);
  EXPECT_EQ(chain[2].subject, "approval:102");
  EXPECT_EQ(chain[2].action, "approval.recorded");
}

TEST(Chain, TamperingWithAnyFieldOfAnyEventIsLocated) {
  const auto original = sample_chain();
  std::vector<std::pair<const char*, std::function<void(AuditEvent&)>>> edits = {
      {"at", [](AuditEvent& e) { e.at += 1; }},
      {"actor", [](AuditEvent& e) { e.actor_user_id = 99; }},
      {"action", [](AuditEvent& e) { e.action = "approval.forged"; }},
      {"subject", [](AuditEvent& e) { e.subject = "approval:999"; }},
      {"payload", [](AuditEvent& e) { e.payload.replace(e.payload.find("Ada"), 3, "Eve"); }},
      {"hash", [](AuditEvent& e) { e.hash[0] = e.hash[0] == 'a' ? 'b' : 'a'; }},
  };
  for (std::size_t at = 0; at < original.size(); ++at) {
    for (const auto& [name, edit] : edits) {
      auto chain = original;
      edit(chain[at]);
      const ChainCheck c = verify_chain(chain);
      EXPECT_FALSE(c.ok) << name << " at " << at;
      EXPECT_EQ(c.index, at) << name << " at " << at;
      EXPECT_EQ(c.code, "hash_mismatch") << name << " at " << at;
      EXPECT_EQ(c.message, "Event " + std::to_string(at + 1) + " (" + chain[at].subject + ") was altered after it was recorded.");
    }
  }
}

TEST(Chain, RecomputingTheHashOfAnEditedEventBreaksTheNextLink) {
  auto chain = sample_chain();
  chain[1].payload += "x";
  chain[1].hash = sha256_hex(canonical_audit_event(chain[1]));  // a careful forger
  const ChainCheck c = verify_chain(chain);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.index, 2u);
  EXPECT_EQ(c.code, "link_broken");
}

TEST(Chain, PrevHashTamperingIsFound) {
  auto chain = sample_chain();
  chain[3].prev_hash = chain[1].hash;
  const ChainCheck c = verify_chain(chain);
  EXPECT_EQ(c.index, 3u);
  EXPECT_EQ(c.code, "link_broken");
  auto first = sample_chain();
  first[0].prev_hash = first[1].hash;
  EXPECT_EQ(verify_chain(first).code, "link_broken");
  EXPECT_EQ(verify_chain(first).index, 0u);
}

TEST(Chain, RemovalInsertionAndReorderingAreFound) {
  auto removed = sample_chain();
  removed.erase(removed.begin() + 2);
  EXPECT_EQ(verify_chain(removed).code, "sequence_broken");
  EXPECT_EQ(verify_chain(removed).index, 2u);

  auto removed_last = sample_chain();
  removed_last.pop_back();  // truncation at the end keeps a valid prefix: detected by count elsewhere
  EXPECT_TRUE(verify_chain(removed_last).ok);

  auto reordered = sample_chain();
  std::swap(reordered[1], reordered[2]);
  EXPECT_EQ(verify_chain(reordered).index, 1u);

  auto inserted = sample_chain();
  AuditEvent extra = inserted[1];
  extra.subject = "approval:666";
  inserted.insert(inserted.begin() + 2, extra);
  EXPECT_FALSE(verify_chain(inserted).ok);
  EXPECT_EQ(verify_chain(inserted).index, 2u);

  // Renumbering after a removal is caught by the links.
  auto renumbered = sample_chain();
  renumbered.erase(renumbered.begin() + 1);
  for (std::size_t i = 0; i < renumbered.size(); ++i) renumbered[i].seq = static_cast<std::int64_t>(i) + 1;
  EXPECT_FALSE(verify_chain(renumbered).ok);
  EXPECT_EQ(verify_chain(renumbered).index, 1u);
}

TEST(Chain, KnownAnswerIsIdenticalInEveryBuild) {
  // Pins the canonical format: the native and wasm builds must produce this exact hash,
  // and any change to the format must change kApprovalFormat/kAuditEventFormat.
  Approval a;
  a.id = 1;
  a.subject_id = 11;
  a.subject_version = 1;
  a.subject_hash = sha256_hex("logo");
  a.user_id = 3;
  a.typed_name = "Ada Lovelace";
  a.statement = "I approve";
  a.consent = true;
  a.at = 1800000000;
  a.ip = "203.0.113.5";
  a.user_agent = "Firefox";
  const AuditEvent e = seal_event(approval_event(a), nullptr);
  EXPECT_EQ(approval_hash(a), "64a6845cd87ed1a5651ded8c32579fc64402541d4fe0f2b432194fdaf2036f07");
  EXPECT_EQ(e.hash, "99a3955f3690c028682792d174f09d4ebbe6f929d573bb4dd3f94d242e7e8c26");
  EXPECT_EQ(canonical_audit_event(e).substr(0, 31), "handoff.audit_event.v1\nseq:1:1\n");
}

TEST(Certificate, VerifiesAgainstThePublishedChainAndCatchesTampering) {
  auto chain = sample_chain();
  std::vector<ChainLink> links;
  for (const AuditEvent& e : chain) links.push_back({e.seq, e.prev_hash, e.hash});
  Approval a;  // the record sealed as event 3 (see sample_chain)
  a.id = 102;
  a.subject_id = 11;
  a.subject_version = 3;
  a.subject_hash = sha256_hex("version 2");
  a.user_id = 3;
  a.typed_name = "Ada Lovelace";
  a.statement = "I approve version 3";
  a.consent = true;
  a.at = kNow + 2;
  a.ip = "203.0.113.5";
  a.user_agent = "Firefox";
  Certificate cert{a, chain[2]};
  EXPECT_TRUE(verify_certificate(cert, links).empty());

  Certificate edited = cert;
  edited.approval.typed_name = "Eve";
  EXPECT_EQ(verify_certificate(edited, links).size(), 1u);

  std::vector<ChainLink> rewritten = links;
  rewritten[2].hash = sha256_hex("forged");
  EXPECT_FALSE(verify_certificate(cert, rewritten).empty());

  std::vector<ChainLink> cut = links;
  cut.erase(cut.begin() + 2);
  EXPECT_FALSE(verify_certificate(cert, cut).empty());
}

//-----------------------------------------------------------------------------
// Records against their seals, heads held outside the database
//-----------------------------------------------------------------------------

namespace {

// An engagement whose approval, sent invoice and payment were sealed as the server seals
// them (store.cpp save_changes), and that chain.
struct SealedEngagement {
  Engagement e;
  std::vector<AuditEvent> chain;
  SealedEngagement() {
    e = approved_design();
    auto append = [&](AuditEvent ev) { chain.push_back(seal_event(std::move(ev), chain.empty() ? nullptr : &chain.back())); };
    append(approval_event(e.approvals.back()));
    e = ok(create_invoice(e, kOwner, 900, {milestone_line(e, 1)}, kNow + 100));
    e = ok(send_invoice(e, kOwner, 900, 1, kNow + 200));
    append({0, kNow + 200, kOwner.user_id, "invoice.sent", "invoice:900", canonical_invoice(e.invoices.back()), "", ""});
    e = ok(record_payment(e, kOwner, 900, Payment{77, 900, 100000, "USD", kNow + 300, "bank"}));
    append({0, kNow + 300, kOwner.user_id, "payment.recorded", "payment:77", canonical_payment(e.payments.back()), "", ""});
  }
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const SealFinding& f : check_seals(chain, {e})) out.push_back(f.code + " " + f.subject);
    return out;
  }
};

}  // namespace

TEST(Seals, AnUntouchedEngagementMatchesItsSeals) {
  SealedEngagement s;
  EXPECT_TRUE(verify_chain(s.chain).ok);
  EXPECT_TRUE(s.codes().empty());
  EXPECT_EQ(s.e.invoices[0].status, InvoiceStatus::partially_paid);  // status moved on since the seal, legitimately
}

TEST(Seals, EachKindOfChangeIsNamed) {
  using Codes = std::vector<std::string>;
  { SealedEngagement s; s.e.invoices[0].number = "INV-9999"; EXPECT_EQ(s.codes(), Codes{"record_mismatch invoice:900"}); }
  { SealedEngagement s; s.e.invoices[0].total_minor -= 1; EXPECT_FALSE(s.codes().empty()); }
  { SealedEngagement s; s.e.invoices[0].lines[0].description = "Other"; EXPECT_EQ(s.codes(), Codes{"record_mismatch invoice:900"}); }
  { SealedEngagement s; s.e.invoices[0].status = InvoiceStatus::paid; EXPECT_EQ(s.codes(), Codes{"record_mismatch invoice:900"}); }
  { SealedEngagement s; s.e.invoices[0].status = InvoiceStatus::draft; EXPECT_EQ(s.codes(), Codes{"record_mismatch invoice:900"}); }
  {
    SealedEngagement s;
    s.e.payments[0].amount_minor = 600000;
    // The payment's seal, and the invoice twice: its paid amount and the status that follows.
    EXPECT_EQ(s.codes(), (Codes{"record_mismatch payment:77", "record_mismatch invoice:900", "record_mismatch invoice:900"}));
  }
  { SealedEngagement s; s.e.approvals[0].typed_name = "Eve"; EXPECT_EQ(s.codes(), Codes{"record_mismatch approval:501"}); }
  { SealedEngagement s; s.e.deliverables[0].versions[0].files[0].size += 1; EXPECT_EQ(s.codes()[0], "version_altered deliverable:11"); }
  { SealedEngagement s; s.chain.pop_back(); EXPECT_EQ(s.codes(), Codes{"unsealed_record payment:77"}); }
  {
    SealedEngagement s;
    s.e.payments.clear();
    s.e.invoices[0].paid_minor = 0;
    s.e.invoices[0].status = InvoiceStatus::sent;
    EXPECT_EQ(s.codes(), Codes{"record_missing payment:77"});
  }
}

TEST(Seals, TheRecordedHeadCatchesACutEnd) {
  SealedEngagement s;
  const ChainHead head = chain_head(s.chain);
  EXPECT_EQ(head.seq, 3);
  EXPECT_FALSE(check_recorded_head(s.chain, head));
  EXPECT_FALSE(check_recorded_head({}, {0, ""}));
  s.chain.pop_back();
  std::optional<SealFinding> f = check_recorded_head(s.chain, head);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->code, "head_mismatch");
  EXPECT_NE(f->message.find("event 3"), std::string::npos);
}

TEST(Heads, AHeldHeadIsExtendedOnlyByTheSameHistory) {
  SealedEngagement s;
  const ChainHead early{s.chain[0].seq, s.chain[0].hash};
  EXPECT_TRUE(check_head(s.chain, early).extends);
  EXPECT_NE(check_head(s.chain, early).message.find("2 event(s) were added since"), std::string::npos);
  EXPECT_TRUE(check_head(s.chain, {0, kGenesisHash}).extends);
  // Rewrite history: change the first event and re-seal everything after it.
  std::vector<AuditEvent> rewritten;
  for (AuditEvent ev : s.chain) {
    if (ev.seq == 1) ev.at += 1;
    rewritten.push_back(seal_event(ev, rewritten.empty() ? nullptr : &rewritten.back()));
  }
  EXPECT_TRUE(verify_chain(rewritten).ok);  // internally consistent...
  EXPECT_FALSE(check_head(rewritten, early).extends);  // ...but not the history the holder saw
  const ChainHead newest = chain_head(s.chain);
  s.chain.pop_back();
  EXPECT_FALSE(check_head(s.chain, newest).extends);
  EXPECT_NE(check_head(s.chain, newest).message.find("no longer in the chain"), std::string::npos);
}

TEST(Seals, FilesAgainstTheirHashes) {
  const std::string sha = sha256_hex("bytes");
  EXPECT_TRUE(check_files({{1, "a.txt", sha, true, sha}}).empty());
  const auto f = check_files({{1, "a.txt", sha, true, sha256_hex("bytez")}, {2, "b.txt", sha, false, ""}});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].code, "file_altered");
  EXPECT_EQ(f[1].code, "file_missing");
  EXPECT_NE(f[1].message.find("b.txt"), std::string::npos);
}

TEST(Canonical, ParsesBackWhatItWrote) {
  Approval a;
  a.typed_name = "Zoë\nwith: colons:12:";
  a.statement = "";
  auto fields = parse_canonical(canonical_approval(a));
  ASSERT_TRUE(fields);
  ASSERT_EQ(fields->size(), 14u);
  EXPECT_EQ((*fields)[7].first, "typed_name");
  EXPECT_EQ((*fields)[7].second, a.typed_name);
  EXPECT_FALSE(parse_canonical("handoff.x.v1\nname:5:abc\n"));
  EXPECT_FALSE(parse_canonical("no newline"));
}
