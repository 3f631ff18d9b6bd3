// Time entries, timesheets, authorisations, invoices and payments.
#include "handoff/money.h"
#include "handoff/rules.h"
#include "handoff/wire_model.h"

#include "handlers.h"
#include "http.h"
#include "store_plan.h"
#include "store_workspace.h"

namespace handoff::server {

namespace {

void read_time_entry(ObjectReader& in, TimeEntry& t, bool patch) {
  if (auto v = in.optional_integer("task_id", 0, INT64_MAX)) t.task_id = *v;
  if (auto v = patch ? in.optional_integer("started_at", 0, kMaxInstant)
                     : std::optional<std::int64_t>(in.integer("started_at", 0, kMaxInstant))) t.started_at = *v;
  if (auto v = patch ? in.optional_integer("minutes", 1, 24 * 60)
                     : std::optional<std::int64_t>(in.integer("minutes", 1, 24 * 60))) t.minutes = *v;
  if (auto v = patch ? in.optional_integer("hourly_rate_minor", 0, kMaxAmountMinor)
                     : std::optional<std::int64_t>(in.integer("hourly_rate_minor", 0, kMaxAmountMinor))) t.hourly_rate_minor = *v;
  if (auto v = in.optional_boolean("billable")) t.billable = *v;
  if (auto v = in.optional_string("note", 2000)) t.note = *v;
  if (auto v = in.optional_integer("user_id", 0, INT64_MAX)) t.user_id = *v;
}

// Runs a rule on `table` row `id`'s project (404 unless visible) and answers with the
// whole project as the caller may see it.
void on_object(Call& call, std::string_view table, const char* what, const Rule& rule,
               Durability durability = Durability::normal, SaveContext extra = {}) {
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_for(call, *c, table, call.path_id(), what);
  if (!p) return;
  std::optional<Engagement> e = mutate(call, *c, *p, rule, durability, std::move(extra));
  if (e) call.reply(200, wire::project_to_json(*e, call.caller.actor(), call.now));
}

void on_project(Call& call, const Rule& rule, int status = 200, Durability durability = Durability::normal) {
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_or_404(call, *c, call.path_id());
  if (!p) return;
  std::optional<Engagement> e = mutate(call, *c, *p, rule, durability);
  if (e) call.reply(status, wire::project_to_json(*e, call.caller.actor(), call.now));
}

// Invoice lines from a request: each names its source; description, price and tax
// default to that source's line in `current` (the draft being edited), else to what
// billable_work() proposes for it. The gate judges the rest.
Result<std::vector<InvoiceLine>> read_lines(const nlohmann::json& body, const Engagement& e,
                                            const std::vector<InvoiceLine>& current = {}) {
  auto it = body.find("lines");
  if (it == body.end() || !it->is_array() || it->empty() || it->size() > 200 || body.size() != 1) {
    return Error{"invalid_request", "Send {\"lines\": [...]} with 1 to 200 lines.",
                 {{"bad_lines", "Send {\"lines\": [...]} with 1 to 200 lines."}}};
  }
  const std::vector<BillableItem> proposals = billable_work(e);
  std::vector<InvoiceLine> lines;
  for (const nlohmann::json& item : *it) {
    if (!item.is_object()) {
      return Error{"invalid_request", "Each line must be an object.", {{"wrong_type", "Each line must be an object."}}};
    }
    ObjectReader in(item);
    const std::optional<LineKind> kind = read_enum<LineKind>(in, "kind", true);
    const Id source = in.integer("source_id", 1, INT64_MAX);
    InvoiceLine l{kind.value_or(LineKind::milestone), source, "", e.settings.currency, 1000, 0,
                  e.settings.tax_basis_points, 0, 0};
    for (const BillableItem& b : proposals) {
      if (b.line.kind == l.kind && b.line.source_id == l.source_id) l = b.line;
    }
    for (const InvoiceLine& c : current) {
      if (c.kind == l.kind && c.source_id == l.source_id) l = c;
    }
    if (auto v = in.optional_name("description", 500)) l.description = *v;
    if (auto v = in.optional_integer("quantity_milli", 1, 1'000'000'000)) l.quantity_milli = *v;
    if (auto v = in.optional_integer("unit_price_minor", -kMaxAmountMinor, kMaxAmountMinor)) l.unit_price_minor = *v;
    if (auto v = in.optional_integer("tax_basis_points", 0, 10000)) l.tax_basis_points = static_cast<int>(*v);
    if (auto v = in.optional_string("currency", 3)) l.currency = *v;
    if (l.description.empty()) l.description = std::string(name_of(l.kind)) + " " + std::to_string(l.source_id);
    if (!in.finish()) return in.error();
    lines.push_back(std::move(l));
  }
  return lines;
}

}  // namespace

void post_time_entry(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  TimeEntry t;
  read_time_entry(in, t, false);
  if (!in.finish()) return call.fail(in.error());
  on_project(call, [&](const Engagement& before, Connection& c) {
    t.id = next_id(c, "time_entry");
    return add_time_entry(before, call.caller.actor(), t);
  }, 201);
}

void patch_time_entry(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  on_object(call, "time_entry", "Time entry", [&](const Engagement& before, Connection&) -> Result<Engagement> {
    TimeEntry t;
    for (const TimeEntry& x : before.time_entries) if (x.id == call.path_id()) t = x;
    ObjectReader in(*body);
    read_time_entry(in, t, true);
    if (!in.finish()) return in.error();
    return edit_time_entry(before, call.caller.actor(), t);
  });
}

void post_timesheet(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const Instant start = in.integer("period_start", 0, kMaxInstant);
  const Instant end = in.integer("period_end", 0, kMaxInstant);
  const std::optional<std::vector<Id>> entries = in.optional_id_list("entry_ids", 10000);
  if (!entries && !body->contains("entry_ids")) in.problem("entry_ids", "missing_field", "Field 'entry_ids' is required.");
  if (!in.finish()) return call.fail(in.error());
  on_project(call, [&](const Engagement& before, Connection& c) {
    return submit_timesheet(before, call.caller.actor(), next_id(c, "timesheet"), start, end, *entries);
  }, 201);
}

void post_timesheet_approve(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const SignOff s = read_sign_off(call, in, true);
  if (!in.finish()) return call.fail(in.error());
  on_object(call, "timesheet", "Timesheet", [&](const Engagement& before, Connection& c) {
    return approve_timesheet(before, call.caller.actor(), call.path_id(), s, next_id(c, "approval"), call.now);
  }, Durability::full);
}

void post_timesheet_request_changes(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const std::string comment = in.string("comment", 10000);
  if (!in.finish()) return call.fail(in.error());
  const SignOff where = read_sign_off(call, in, false);
  on_object(call, "timesheet", "Timesheet", [&](const Engagement& before, Connection& c) {
    return request_timesheet_changes(before, call.caller.actor(), call.path_id(), comment, where,
                                     next_id(c, "approval"), call.now);
  }, Durability::full);
}

void post_authorisation(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  Authorisation a;
  a.kind = read_enum<AuthorisationKind>(in, "kind", true).value_or(AuthorisationKind::deposit);
  a.description = in.name("description", 500);
  a.amount_minor = in.integer("amount_minor", 1, kMaxAmountMinor);
  a.proposal_hash = in.string("proposal_hash", 64);
  if (!in.finish()) return call.fail(in.error());
  on_project(call, [&](const Engagement& before, Connection& c) {
    a.id = next_id(c, "authorisation");
    return add_authorisation(before, call.caller.actor(), a);
  }, 201);
}

void post_proposal_signature(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const std::string hash = in.string("proposal_hash", 64);
  const SignOff s = read_sign_off(call, in, true);
  if (!in.finish()) return call.fail(in.error());
  on_project(call, [&](const Engagement& before, Connection& c) {
    return sign_proposal(before, call.caller.actor(), hash, s, next_id(c, "approval"), call.now);
  }, 201, Durability::full);
}

void get_billable(Call& call) {
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_or_404(call, *c, call.path_id());
  if (!p) return;
  nlohmann::json items = nlohmann::json::array();
  for (const BillableItem& b : billable_work(load_engagement(*c, *p))) items.push_back(wire::to_json(b));
  call.reply(200, {{"items", items}});
}

void post_invoice(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  const bool from_work = body->size() == 1 && body->contains("from_approved_work") &&
                         (*body)["from_approved_work"] == true;
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_or_404(call, *c, call.path_id());
  if (!p) return;
  Id new_id = 0;
  std::optional<Engagement> e = mutate(call, *c, *p, [&](const Engagement& before, Connection& cc) -> Result<Engagement> {
    std::vector<InvoiceLine> lines;
    if (from_work) {
      std::vector<Reason> blockers;
      for (const BillableItem& b : billable_work(before)) {
        if (b.blockers.empty()) lines.push_back(b.line);
        blockers.insert(blockers.end(), b.blockers.begin(), b.blockers.end());
      }
      if (lines.empty()) {
        if (blockers.empty()) blockers.push_back({"nothing_to_bill", "There is no work to bill in this project yet."});
        return Error{"gate_closed", "Nothing is billable yet: " + blockers.front().message, blockers};
      }
    } else {
      Result<std::vector<InvoiceLine>> read = read_lines(*body, before);
      if (!read.ok()) return read.error();
      lines = std::move(read).take();
    }
    new_id = next_id(cc, "invoice");
    return create_invoice(before, call.caller.actor(), new_id, std::move(lines), call.now);
  });
  if (!e) return;
  for (const Invoice& inv : e->invoices) if (inv.id == new_id) call.reply(201, wire::to_json(inv, call.now));
}

namespace {

// Sets draft invoice `id`'s lines to the request's (`append`: after the ones it has) and
// answers with the invoice. The gate judges every line again; a refusal changes nothing.
void change_invoice_lines(Call& call, bool append) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  Database::Lease c = call.app.db.acquire();
  const Id id = call.path_id();
  std::optional<ProjectRow> p = project_for(call, *c, "invoice", id, "Invoice");
  if (!p) return;
  std::optional<Engagement> e = mutate(call, *c, *p, [&](const Engagement& before, Connection&) -> Result<Engagement> {
    std::vector<InvoiceLine> current;
    for (const Invoice& inv : before.invoices) if (inv.id == id) current = inv.lines;
    std::vector<InvoiceLine> lines = append ? current : std::vector<InvoiceLine>{};
    Result<std::vector<InvoiceLine>> read = read_lines(*body, before, current);
    if (!read.ok()) return read.error();
    lines.insert(lines.end(), read.value().begin(), read.value().end());
    return replace_draft_lines(before, call.caller.actor(), id, std::move(lines));
  });
  if (!e) return;
  for (const Invoice& inv : e->invoices) if (inv.id == id) call.reply(200, wire::to_json(inv, call.now));
}

}  // namespace

void post_invoice_lines(Call& call) { change_invoice_lines(call, true); }

void put_invoice_lines(Call& call) { change_invoice_lines(call, false); }

void get_invoices(Call& call) {
  Database::Lease c = call.app.db.acquire();
  const bool client = call.caller.role == Role::client;
  nlohmann::json out = nlohmann::json::array();
  for (const InvoiceListRow& r : invoice_list(*c, call.caller.workspace_id,
                                              client ? std::optional<Id>(call.caller.client_id) : std::nullopt)) {
    // The core decides what "overdue" and "balance" mean; the row only carries the facts.
    Invoice inv;
    inv.status = r.status;
    inv.due_at = r.due_at;
    inv.total_minor = r.total_minor;
    inv.paid_minor = r.paid_minor;
    out.push_back({{"id", r.id}, {"project_id", r.project_id}, {"project_name", r.project_name},
                   {"number", r.number}, {"currency", r.currency}, {"status", name_of(inv.status)},
                   {"created_at", r.created_at}, {"sent_at", r.sent_at}, {"due_at", inv.due_at},
                   {"total_minor", inv.total_minor}, {"paid_minor", inv.paid_minor},
                   {"balance_minor", balance_minor(inv)}, {"overdue", is_overdue(inv, call.now)}});
  }
  call.reply(200, {{"invoices", out}});
}

void get_invoice(Call& call) {
  Database::Lease c = call.app.db.acquire();
  const Id id = call.path_id();
  std::optional<ProjectRow> p = project_for(call, *c, "invoice", id, "Invoice");
  if (!p) return;
  const Engagement full = load_engagement(*c, *p);
  const Engagement e = is_staff(call.caller.actor()) ? full : client_view(full);
  for (const Invoice& inv : e.invoices) {
    if (inv.id != id) continue;
    nlohmann::json out = wire::to_json(inv, call.now);
    nlohmann::json payments = nlohmann::json::array();
    for (const Payment& pay : e.payments) if (pay.invoice_id == id) payments.push_back(wire::to_json(pay));
    out["payments"] = payments;
    out["project"] = {{"id", p->id}, {"name", p->name}, {"client_name", e.client.name}};
    // The chain's head when the invoice was issued (the event that sealed it as sent): the
    // client keeps it and can later ask POST /audit/verify whether the chain extends it.
    if (std::optional<ChainHead> issued = first_seal(*c, p->workspace_id, "invoice:" + std::to_string(id))) {
      out["chain_head"] = {{"seq", issued->seq}, {"hash", issued->hash}};
    }
    return call.reply(200, out);
  }
  call.not_found("Invoice " + std::to_string(id));
}

void post_invoice_send(Call& call) {
  on_object(call, "invoice", "Invoice", [&](const Engagement& before, Connection& c) {
    const std::int64_t sequence = last_invoice_sequence(c, call.caller.workspace_id) + 1;
    return send_invoice(before, call.caller.actor(), call.path_id(), sequence, call.now);
  }, Durability::full);
}

void post_invoice_void(Call& call) {
  on_object(call, "invoice", "Invoice", [&](const Engagement& before, Connection&) {
    return void_invoice(before, call.caller.actor(), call.path_id());
  }, Durability::full);
}

void post_payment(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  Payment pay;
  pay.amount_minor = in.integer("amount_minor", -kMaxAmountMinor, kMaxAmountMinor);
  pay.currency = in.string("currency", 3);
  pay.reference = in.optional_name("reference", 200).value_or("");
  pay.received_at = in.optional_integer("received_at", 0, kMaxInstant).value_or(call.now);
  const std::string key = in.string("idempotency_key", 100);
  if (body->contains("idempotency_key") && key.size() < 8) {
    in.problem("idempotency_key", "too_short", "The idempotency key must be at least 8 characters.");
  }
  if (!in.finish()) return call.fail(in.error());
  const Id invoice_id = call.path_id();
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_for(call, *c, "invoice", invoice_id, "Invoice");
  if (!p) return;
  Id existing = 0;
  std::optional<Engagement> e = mutate(call, *c, *p, [&](const Engagement& before, Connection& cc) -> Result<Engagement> {
    // The same submission again (a retry, a double click): answer with the first record.
    if (std::optional<Id> first = payment_by_idempotency_key(cc, invoice_id, key)) {
      existing = *first;
      for (const Payment& stored : before.payments) {
        if (stored.id != existing) continue;
        if (std::optional<Error> e = payment_retry_problem(stored, pay, body->contains("received_at") && !body->at("received_at").is_null())) return *e;
      }
      return before;
    }
    pay.id = next_id(cc, "payment");
    return record_payment(before, call.caller.actor(), invoice_id, pay);
  }, Durability::full, SaveContext{0, 0, key});
  if (!e) return;
  const Id id = existing ? existing : pay.id;
  for (const Invoice& inv : e->invoices) {
    if (inv.id != invoice_id) continue;
    nlohmann::json out = wire::to_json(inv, call.now);
    out["payment_id"] = id;
    out["duplicate"] = existing != 0;
    call.reply(existing ? 200 : 201, out);
  }
}

}  // namespace handoff::server
