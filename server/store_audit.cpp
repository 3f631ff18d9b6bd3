// The audit chain in SQLite: appending a sealed event, reading the chain and its heads
// (contracts: store.h).
#include "store.h"

namespace handoff::server {

AuditEvent append_audit(Connection& c, Id workspace_id, AuditEvent e) {
  AuditEvent previous;
  bool has_previous = false;
  {
    Statement s = c.prepare("SELECT seq, hash FROM audit_event WHERE workspace_id = ? ORDER BY seq DESC LIMIT 1");
    s.bind(1, workspace_id);
    if (s.step()) {
      previous.seq = s.integer(0);
      previous.hash = s.text(1);
      has_previous = true;
    }
  }
  AuditEvent sealed = seal_event(std::move(e), has_previous ? &previous : nullptr);
  execute(c,
          "INSERT INTO audit_event(workspace_id, seq, at, actor_user_id, action, subject, payload, prev_hash, hash) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          workspace_id, sealed.seq, sealed.at, sealed.actor_user_id, sealed.action, sealed.subject, sealed.payload,
          sealed.prev_hash, sealed.hash);
  // Keep in sync with check_recorded_head (audit.h): the head beside the chain, same transaction.
  execute(c, "UPDATE workspace SET audit_head_seq = ?, audit_head_hash = ? WHERE id = ?", sealed.seq, sealed.hash,
          workspace_id);
  return sealed;
}

std::optional<ChainHead> first_seal(Connection& c, Id workspace_id, const std::string& subject) {
  Statement s = c.prepare("SELECT seq, hash FROM audit_event WHERE workspace_id = ? AND subject = ? ORDER BY seq LIMIT 1");
  s.bind(1, workspace_id).bind(2, subject);
  if (!s.step()) return std::nullopt;
  return ChainHead{s.integer(0), s.text(1)};
}

ChainHead recorded_head(Connection& c, Id workspace_id) {
  Statement s = c.prepare("SELECT audit_head_seq, audit_head_hash FROM workspace WHERE id = ?");
  s.bind(1, workspace_id);
  if (!s.step()) return {};
  return {s.integer(0), s.text(1)};
}

std::vector<AuditEvent> load_chain(Connection& c, Id workspace_id) {
  std::vector<AuditEvent> chain;
  Statement s = c.prepare(
      "SELECT seq, at, actor_user_id, action, subject, payload, prev_hash, hash FROM audit_event "
      "WHERE workspace_id = ? ORDER BY seq");
  s.bind(1, workspace_id);
  while (s.step()) {
    chain.push_back({s.integer(0), s.integer(1), s.integer(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7)});
  }
  return chain;
}

}  // namespace handoff::server
