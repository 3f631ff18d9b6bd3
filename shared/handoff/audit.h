// audit.h — the tamper-evident record: canonical serialisations and the hash chain.
//
// Every approval and every audit event has one canonical byte form: a version line, then
// "name:length:value\n" per field in a fixed order (length-prefixed, so no value can
// forge a field boundary). SHA-256 over it identifies the record. Each audit event also
// carries the previous event's hash, so changing, removing or inserting any past record
// breaks every later link, and verify_chain() says exactly where.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "handoff/model.h"

namespace handoff {

inline constexpr const char* kApprovalFormat = "handoff.approval.v1";
inline constexpr const char* kAuditEventFormat = "handoff.audit_event.v1";
// The previous-hash of the first event.
inline constexpr const char* kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

// Appends one canonical field, "name:length:value\n": the length prefix means no value
// can forge a field boundary. Every canonical form in Handoff is built from these.
void append_canonical_field(std::string& out, std::string_view name, std::string_view value);

// Canonical bytes and SHA-256 hex of an approval record (every field, in model order).
std::string canonical_approval(const Approval& a);
std::string approval_hash(const Approval& a);

// Canonical bytes of an invoice (number, status, dates, currency, totals and every line)
// and of a payment: the payloads of "invoice.*" and "payment.recorded" audit events.
std::string canonical_invoice(const Invoice& inv);
std::string canonical_payment(const Payment& p);

struct AuditEvent {
  std::int64_t seq = 0;      // 1, 2, 3, ... in chain order
  Instant at = 0;
  Id actor_user_id = 0;      // 0: the system
  std::string action;        // "approval.recorded", "invoice.sent", ...
  std::string subject;       // "approval:12", "invoice:7"
  std::string payload;       // canonical bytes of the subject (e.g. canonical_approval)
  std::string prev_hash;     // hash of event seq-1, or kGenesisHash
  std::string hash;          // SHA-256 hex of canonical_audit_event(*this)
};

// Canonical bytes of everything in the event except `hash`.
std::string canonical_audit_event(const AuditEvent& e);

// Links `e` after `previous` (nullptr for the first event): sets seq, prev_hash, hash.
AuditEvent seal_event(AuditEvent e, const AuditEvent* previous);

// The audit event recording approval `a` by its user at its time.
AuditEvent approval_event(const Approval& a);

struct ChainCheck {
  bool ok = true;
  std::size_t index = 0;       // first broken position (when !ok)
  std::int64_t seq = 0;        // that event's seq as stored
  std::string code;            // "hash_mismatch" | "link_broken" | "sequence_broken"
  std::string message;         // "Event 7 (approval:3) was altered after it was recorded."
};

// The public part of the chain: what anyone holding a certificate checks it against.
struct ChainLink {
  std::int64_t seq = 0;
  std::string prev_hash;
  std::string hash;
};

// An approval certificate: the record, its canonical bytes and hash, and the audit event
// that sealed it into the chain. A client keeps it; verify_certificate() checks it
// against the published chain without trusting the server's database.
struct Certificate {
  Approval approval;
  AuditEvent event;
};

// Every reason `cert` does not hold against `chain` (empty: it verifies):
//   the event's payload is exactly canonical_approval(approval);
//   the event's hash is the hash of its canonical bytes;
//   the chain has a link at the event's seq with the same hash and prev_hash, its seqs
//   increase, and every link that follows its neighbour (seq + 1) points at it (the record
//   was not cut out later). `chain` may be partial (a client's view): gaps are allowed.
std::vector<std::string> verify_certificate(const Certificate& cert, const std::vector<ChainLink>& chain);

// Checks every event from the start: seq runs 1..n, each prev_hash equals the previous
// event's hash (the first equals kGenesisHash), each hash equals its canonical hash.
// Reports the first break. An empty chain is ok.
ChainCheck verify_chain(const std::vector<AuditEvent>& chain);

// The fields of a canonical form in order ("name", "value"); the version line is skipped.
// Returns nullopt when `canonical` is not a well-formed canonical form.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_canonical(std::string_view canonical);

//-----------------------------------------------------------------------------
// Anchors: heads held outside the database
//-----------------------------------------------------------------------------
// Whoever holds the database could rewrite a record and re-seal the whole chain. So every
// certificate (and invoice, and later every email) carries the chain's head when it was
// issued; a holder later asks whether the chain still extends it. A rewritten or cut
// chain cannot: event `seq` would have another hash, or be gone.
struct ChainHead {
  std::int64_t seq = 0;  // 0 with kGenesisHash: the empty chain
  std::string hash;
  friend bool operator==(const ChainHead&, const ChainHead&) = default;
};
// The newest event's (seq, hash), or {0, kGenesisHash} for an empty chain.
ChainHead chain_head(const std::vector<AuditEvent>& chain);

struct HeadCheck {
  ChainHead head;
  bool extends = false;
  std::string message;  // one sentence either way
};
// Whether `chain` (already checked by verify_chain) extends `head`: it has event head.seq
// and that event's hash is head.hash. A head of seq 0 is extended by every chain.
HeadCheck check_head(const std::vector<AuditEvent>& chain, const ChainHead& head);

//-----------------------------------------------------------------------------
// Records against their seals
//-----------------------------------------------------------------------------
// One disagreement between what is stored and what the chain sealed.
struct SealFinding {
  std::string code;     // unsealed_record | record_mismatch | record_missing | version_altered |
                        // timesheet_altered | file_missing | file_altered | head_mismatch
  std::string subject;  // "approval:3", "invoice:7", "file:12", "chain"
  std::string message;  // one sentence a person can act on
  friend bool operator==(const SealFinding&, const SealFinding&) = default;
};

// Every way the records of `engagements` (all projects of one workspace) disagree with
// `chain`, that workspace's chain:
//   approvals and payments: each has an event whose payload is its canonical form;
//   invoices once sent: the latest invoice event's payload equals the invoice in every
//     field but status and paid_minor; paid_minor is the sum of its payments; status is
//     void after "invoice.voided", else sent / partially_paid / paid by what was paid; a
//     draft has no event;
//   deliverable versions: content_hash is version_content_hash(files), and an approval
//     names its version's hash;
//   timesheets billed on a sent invoice: still hash to what the client approved;
//   every approval, invoice and payment event still has its record.
std::vector<SealFinding> check_seals(const std::vector<AuditEvent>& chain, const std::vector<Engagement>& engagements);

// What the file store holds for one file row: present, and the SHA-256 of its bytes.
struct StoredFile {
  Id id = 0;
  std::string name;
  std::string sha256;          // what the database says
  bool present = false;        // the blob exists
  std::string actual_sha256;   // what its bytes hash to (when present)
};
// A finding per missing or altered blob.
std::vector<SealFinding> check_files(const std::vector<StoredFile>& files);

// The workspace records its chain's head beside the chain (same transaction). Returns a
// finding when they differ: newest events were removed, or appended behind its back.
std::optional<SealFinding> check_recorded_head(const std::vector<AuditEvent>& chain, const ChainHead& recorded);

}  // namespace handoff
