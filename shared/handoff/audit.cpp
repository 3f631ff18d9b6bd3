#include "handoff/audit.h"

#include "handoff/rules.h"
#include "handoff/sha256.h"

namespace handoff {

void append_canonical_field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ':';
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

namespace {
void field(std::string& out, const char* name, const std::string& value) { append_canonical_field(out, name, value); }
void field(std::string& out, const char* name, std::int64_t value) { append_canonical_field(out, name, std::to_string(value)); }
}  // namespace

std::string canonical_approval(const Approval& a) {
  std::string out = std::string(kApprovalFormat) + "\n";
  field(out, "id", a.id);
  field(out, "subject_kind", std::string(name_of(a.subject_kind)));
  field(out, "subject_id", a.subject_id);
  field(out, "subject_version", a.subject_version);
  field(out, "subject_hash", a.subject_hash);
  field(out, "decision", std::string(name_of(a.decision)));
  field(out, "user_id", a.user_id);
  field(out, "typed_name", a.typed_name);
  field(out, "statement", a.statement);
  field(out, "consent", a.consent ? 1 : 0);
  field(out, "comment", a.comment);
  field(out, "at", a.at);
  field(out, "ip", a.ip);
  field(out, "user_agent", a.user_agent);
  return out;
}

std::string approval_hash(const Approval& a) { return sha256_hex(canonical_approval(a)); }

std::string canonical_invoice(const Invoice& inv) {
  std::string out = "handoff.invoice.v1\n";
  field(out, "id", inv.id);
  field(out, "sequence", inv.sequence);
  field(out, "number", inv.number);
  field(out, "status", std::string(name_of(inv.status)));
  field(out, "currency", inv.currency);
  field(out, "sent_at", inv.sent_at);
  field(out, "due_at", inv.due_at);
  field(out, "net_minor", inv.net_minor);
  field(out, "tax_minor", inv.tax_minor);
  field(out, "total_minor", inv.total_minor);
  field(out, "paid_minor", inv.paid_minor);
  for (const InvoiceLine& l : inv.lines) {
    field(out, "line.kind", std::string(name_of(l.kind)));
    field(out, "line.source_id", l.source_id);
    field(out, "line.description", l.description);
    field(out, "line.quantity_milli", l.quantity_milli);
    field(out, "line.unit_price_minor", l.unit_price_minor);
    field(out, "line.tax_basis_points", l.tax_basis_points);
    field(out, "line.net_minor", l.net_minor);
    field(out, "line.tax_minor", l.tax_minor);
  }
  return out;
}

std::string canonical_payment(const Payment& p) {
  std::string out = "handoff.payment.v1\n";
  field(out, "id", p.id);
  field(out, "invoice_id", p.invoice_id);
  field(out, "amount_minor", p.amount_minor);
  field(out, "currency", p.currency);
  field(out, "received_at", p.received_at);
  field(out, "reference", p.reference);
  return out;
}

std::string canonical_audit_event(const AuditEvent& e) {
  std::string out = std::string(kAuditEventFormat) + "\n";
  field(out, "seq", e.seq);
  field(out, "at", e.at);
  field(out, "actor_user_id", e.actor_user_id);
  field(out, "action", e.action);
  field(out, "subject", e.subject);
  field(out, "payload", e.payload);
  field(out, "prev_hash", e.prev_hash);
  return out;
}

AuditEvent seal_event(AuditEvent e, const AuditEvent* previous) {
  e.seq = previous ? previous->seq + 1 : 1;
  e.prev_hash = previous ? previous->hash : kGenesisHash;
  e.hash = sha256_hex(canonical_audit_event(e));
  return e;
}

AuditEvent approval_event(const Approval& a) {
  AuditEvent e;
  e.at = a.at;
  e.actor_user_id = a.user_id;
  e.action = "approval.recorded";
  e.subject = "approval:" + std::to_string(a.id);
  e.payload = canonical_approval(a);
  return e;
}

std::vector<std::string> verify_certificate(const Certificate& cert, const std::vector<ChainLink>& chain) {
  std::vector<std::string> problems;
  if (cert.event.payload != canonical_approval(cert.approval)) {
    problems.push_back("The sealed record differs from the approval in the certificate.");
  }
  if (cert.event.hash != sha256_hex(canonical_audit_event(cert.event))) {
    problems.push_back("The certificate's audit event does not match its own hash.");
  }
  const ChainLink* at = nullptr;
  for (const ChainLink& l : chain) {
    if (l.seq == cert.event.seq) at = &l;
  }
  if (!at) {
    problems.push_back("The chain has no event " + std::to_string(cert.event.seq) + ".");
  } else if (at->hash != cert.event.hash || at->prev_hash != cert.event.prev_hash) {
    problems.push_back("The chain's event " + std::to_string(cert.event.seq) + " is not the one in the certificate.");
  }
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (chain[i].seq != chain[i - 1].seq + 1 || chain[i].prev_hash != chain[i - 1].hash) {
      problems.push_back("The chain is broken between events " + std::to_string(chain[i - 1].seq) + " and " +
                         std::to_string(chain[i].seq) + ".");
      break;
    }
  }
  return problems;
}

ChainCheck verify_chain(const std::vector<AuditEvent>& chain) {
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const AuditEvent& e = chain[i];
    const std::string where = "Event " + std::to_string(i + 1) + " (" + e.subject + ")";
    auto broken = [&](const char* code, std::string message) {
      return ChainCheck{false, i, e.seq, code, std::move(message)};
    };
    if (e.seq != static_cast<std::int64_t>(i) + 1) {
      return broken("sequence_broken", where + " has sequence number " + std::to_string(e.seq) + " where " +
                                           std::to_string(i + 1) + " belongs: events were removed or reordered.");
    }
    const std::string& expected_prev = i == 0 ? std::string(kGenesisHash) : chain[i - 1].hash;
    if (e.prev_hash != expected_prev) {
      return broken("link_broken", where + " does not follow the event before it: the chain was cut or spliced here.");
    }
    if (e.hash != sha256_hex(canonical_audit_event(e))) {
      return broken("hash_mismatch", where + " was altered after it was recorded.");
    }
  }
  return {};
}

}  // namespace handoff
