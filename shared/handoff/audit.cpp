#include "handoff/audit.h"

#include <map>
#include <set>

#include "handoff/money.h"
#include "handoff/names.h"
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
    // A client's view lists only its own engagements' events: a gap in seq is expected,
    // but where two links are adjacent the later must point at the earlier.
    const bool adjacent = chain[i].seq == chain[i - 1].seq + 1;
    if (chain[i].seq <= chain[i - 1].seq || (adjacent && chain[i].prev_hash != chain[i - 1].hash)) {
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

std::optional<std::vector<std::pair<std::string, std::string>>> parse_canonical(std::string_view canonical) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = canonical.find('\n');
  if (pos == std::string_view::npos) return std::nullopt;
  ++pos;
  while (pos < canonical.size()) {
    const std::size_t colon = canonical.find(':', pos);
    if (colon == std::string_view::npos) return std::nullopt;
    const std::size_t colon2 = canonical.find(':', colon + 1);
    if (colon2 == std::string_view::npos || colon2 == colon + 1 || colon2 - colon > 12) return std::nullopt;
    std::size_t length = 0;
    for (std::size_t k = colon + 1; k < colon2; ++k) {
      if (canonical[k] < '0' || canonical[k] > '9') return std::nullopt;
      length = length * 10 + static_cast<std::size_t>(canonical[k] - '0');
    }
    if (colon2 + 1 + length >= canonical.size() || canonical[colon2 + 1 + length] != '\n') return std::nullopt;
    out.emplace_back(std::string(canonical.substr(pos, colon - pos)), std::string(canonical.substr(colon2 + 1, length)));
    pos = colon2 + 2 + length;
  }
  return out;
}

ChainHead chain_head(const std::vector<AuditEvent>& chain) {
  if (chain.empty()) return {0, kGenesisHash};
  return {chain.back().seq, chain.back().hash};
}

HeadCheck check_head(const std::vector<AuditEvent>& chain, const ChainHead& head) {
  HeadCheck out{head, false, ""};
  const std::string which = "Event " + std::to_string(head.seq) + " (" + head.hash.substr(0, 12) + "…)";
  if (head.seq <= 0) {
    out.extends = head.seq == 0 && head.hash == kGenesisHash;
    out.message = out.extends ? "Every chain extends the empty chain." : "That is not a chain head.";
    return out;
  }
  const AuditEvent* at = nullptr;
  for (const AuditEvent& e : chain) {
    if (e.seq == head.seq) at = &e;
  }
  if (!at) {
    out.message = which + " is no longer in the chain: the chain was cut back or replaced after that head was issued.";
  } else if (at->hash != head.hash) {
    out.message = which + " was replaced by another event: the chain was rewritten after that head was issued.";
  } else {
    out.extends = true;
    out.message = which + " is in the chain; " + std::to_string(chain_head(chain).seq - head.seq) +
                  " event(s) were added since.";
  }
  return out;
}

namespace {

std::string short_hash(const std::string& h) { return h.substr(0, 12) + "…"; }

// The first field two canonical forms disagree on (ignoring `skip`), or "".
std::string first_difference(const std::string& sealed, const std::string& current, const std::set<std::string>& skip,
                             std::string& sealed_value, std::string& current_value) {
  auto a = parse_canonical(sealed), b = parse_canonical(current);
  if (!a || !b) return "form";
  std::vector<std::pair<std::string, std::string>> x, y;
  for (auto& f : *a) if (!skip.count(f.first)) x.push_back(f);
  for (auto& f : *b) if (!skip.count(f.first)) y.push_back(f);
  for (std::size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    if (i >= x.size() || i >= y.size()) return "number of lines";
    if (x[i] != y[i]) {
      sealed_value = x[i].second;
      current_value = y[i].second;
      return x[i].first;
    }
  }
  return "";
}

}  // namespace

std::vector<SealFinding> check_seals(const std::vector<AuditEvent>& chain, const std::vector<Engagement>& engagements) {
  std::vector<SealFinding> out;
  std::map<std::string, std::vector<const AuditEvent*>> by_subject;
  for (const AuditEvent& e : chain) by_subject[e.subject].push_back(&e);
  auto sealed = [&](const std::string& subject) -> const AuditEvent* {
    auto it = by_subject.find(subject);
    return it == by_subject.end() ? nullptr : it->second.back();
  };
  std::set<std::string> records;  // subjects that still have a record
  // A record sealed byte for byte (approvals, payments): its event must exist and carry
  // exactly its canonical form.
  auto check_record = [&](const std::string& subject, const std::string& name, const std::string& canonical) {
    records.insert(subject);
    const AuditEvent* ev = sealed(subject);
    if (!ev) {
      out.push_back({"unsealed_record", subject, name + " was never sealed into the chain."});
    } else if (ev->payload != canonical) {
      out.push_back({"record_mismatch", subject,
                     name + " differs from the record sealed in event " + std::to_string(ev->seq) + "."});
    }
  };
  for (const Engagement& e : engagements) {
    for (const Approval& a : e.approvals) {
      check_record("approval:" + std::to_string(a.id), "Approval " + std::to_string(a.id), canonical_approval(a));
    }
    for (const Deliverable& d : e.deliverables) {
      for (const DeliverableVersion& v : d.versions) {
        if (v.content_hash != version_content_hash(v.files)) {
          out.push_back({"version_altered", "deliverable:" + std::to_string(d.id),
                         "Version " + std::to_string(v.number) + " of '" + d.name +
                             "' lists files that no longer hash to its content hash " + short_hash(v.content_hash) +
                             ": a file's name, hash or size was changed."});
        }
      }
      for (const Approval& a : e.approvals) {
        if (a.subject_kind != SubjectKind::deliverable_version || a.subject_id != d.id) continue;
        for (const DeliverableVersion& v : d.versions) {
          if (v.number == a.subject_version && v.content_hash != a.subject_hash) {
            out.push_back({"version_altered", "deliverable:" + std::to_string(d.id),
                           "Approval " + std::to_string(a.id) + " signed version " + std::to_string(v.number) + " of '" +
                               d.name + "' as " + short_hash(a.subject_hash) + ", but that version now hashes to " +
                               short_hash(v.content_hash) + "."});
          }
        }
      }
    }
    for (const Payment& p : e.payments) {
      check_record("payment:" + std::to_string(p.id),
                   "Payment " + std::to_string(p.id) + " (" + format_money(p.amount_minor, p.currency) + ")",
                   canonical_payment(p));
    }
    for (const Invoice& inv : e.invoices) {
      const std::string subject = "invoice:" + std::to_string(inv.id);
      records.insert(subject);
      const std::string name = "Invoice " + (inv.number.empty() ? std::to_string(inv.id) : inv.number);
      const AuditEvent* ev = sealed(subject);
      if (inv.status == InvoiceStatus::draft) {
        if (ev) out.push_back({"record_mismatch", subject, name + " is a draft, but was sealed as sent in event " + std::to_string(ev->seq) + "."});
        continue;
      }
      if (!ev) {
        out.push_back({"unsealed_record", subject, name + " is marked " + std::string(name_of(inv.status)) +
                                                       " but was never sealed into the chain."});
        continue;
      }
      std::string was, now;
      const std::string field = first_difference(ev->payload, canonical_invoice(inv), {"status", "paid_minor"}, was, now);
      if (!field.empty()) {
        out.push_back({"record_mismatch", subject, name + "'s " + field + " differs from what event " +
                                                       std::to_string(ev->seq) + " sealed (sealed '" + was + "', now '" +
                                                       now + "')."});
      }
      std::int64_t paid = 0;
      for (const Payment& p : e.payments) {
        if (p.invoice_id == inv.id) paid += p.amount_minor;
      }
      if (paid != inv.paid_minor) {
        out.push_back({"record_mismatch", subject, name + " records " + format_money(inv.paid_minor, inv.currency) +
                                                       " paid, but its sealed payments add up to " +
                                                       format_money(paid, inv.currency) + "."});
      }
      const InvoiceStatus expected = ev->action == "invoice.voided" ? InvoiceStatus::void_
                                     : paid == 0                    ? InvoiceStatus::sent
                                     : paid < inv.total_minor       ? InvoiceStatus::partially_paid
                                                                    : InvoiceStatus::paid;
      if (inv.status != expected) {
        out.push_back({"record_mismatch", subject, name + " is marked " + std::string(name_of(inv.status)) +
                                                       ", but its seals and payments make it " +
                                                       std::string(name_of(expected)) + "."});
      }
      if (inv.status == InvoiceStatus::void_) continue;
      for (const InvoiceLine& l : inv.lines) {
        if (l.kind != LineKind::timesheet) continue;
        const Timesheet* t = nullptr;
        for (const Timesheet& x : e.timesheets) if (x.id == l.source_id) t = &x;
        const Approval* signed_by = nullptr;
        for (const Approval& a : e.approvals) {
          if (a.subject_kind == SubjectKind::timesheet && a.subject_id == l.source_id && a.decision == Decision::approved) signed_by = &a;
        }
        if (!t || !signed_by) continue;
        const std::string hash = timesheet_content_hash(e, *t);
        if (hash != signed_by->subject_hash) {
          out.push_back({"timesheet_altered", "timesheet:" + std::to_string(t->id),
                         "Timesheet " + std::to_string(t->id) + " was billed on " + name + " as approved (" +
                             short_hash(signed_by->subject_hash) + "), but its entries now hash to " + short_hash(hash) +
                             ": minutes, rates or dates were changed after approval."});
        }
      }
    }
  }
  for (const auto& [subject, events] : by_subject) {
    const bool kept = subject.starts_with("approval:") || subject.starts_with("invoice:") || subject.starts_with("payment:");
    if (kept && !records.count(subject)) {
      out.push_back({"record_missing", subject, "The record " + subject + " sealed in event " +
                                                    std::to_string(events.back()->seq) + " is gone from the database."});
    }
  }
  return out;
}

std::vector<SealFinding> check_files(const std::vector<StoredFile>& files) {
  std::vector<SealFinding> out;
  for (const StoredFile& f : files) {
    const std::string subject = "file:" + std::to_string(f.id);
    if (!f.present) {
      out.push_back({"file_missing", subject, "File " + std::to_string(f.id) + " ('" + f.name +
                                                  "') is missing from the file store; restore it from a backup."});
    } else if (f.actual_sha256 != f.sha256) {
      out.push_back({"file_altered", subject, "File " + std::to_string(f.id) + " ('" + f.name +
                                                  "') no longer matches its SHA-256 " + short_hash(f.sha256) +
                                                  ": its bytes were changed; restore it from a backup."});
    }
  }
  return out;
}

std::optional<SealFinding> check_recorded_head(const std::vector<AuditEvent>& chain, const ChainHead& recorded) {
  const ChainHead actual = chain_head(chain);
  const ChainHead want = recorded.seq == 0 ? ChainHead{0, kGenesisHash} : recorded;
  if (actual == want) return std::nullopt;
  return SealFinding{"head_mismatch", "chain",
                     "The chain ends at event " + std::to_string(actual.seq) + ", but the workspace recorded event " +
                         std::to_string(want.seq) + " (" + short_hash(want.hash) +
                         ") as its newest: events were removed from the end, or added behind its back."};
}

}  // namespace handoff
