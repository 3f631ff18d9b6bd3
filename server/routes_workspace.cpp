// Workspace settings and brand, users, invites.
#include "handoff/credentials.h"
#include "handoff/rules.h"
#include "handoff/sha256.h"
#include "handoff/wire.h"

#include "auth.h"
#include "handlers.h"
#include "http.h"

namespace handoff::server {

namespace {

constexpr std::int64_t kInviteLifetimeSeconds = 14LL * 24 * 3600;

nlohmann::json user_json(Statement& s) {
  return {{"id", s.integer(0)},   {"email", s.text(1)},          {"name", s.text(2)},
          {"role", s.text(3)},    {"client_id", s.integer(4)},  {"has_password", s.integer(5) != 0}};
}

// Creates a user without a password plus a one-time invite; answers 201 with the link.
void invite_user(Call& call, Role role, Id client_id) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const std::string email_in = in.string("email", kMaxEmailLength + 64);
  const std::string name = in.name("name", 200);
  std::optional<std::string> email = normalize_email(email_in);
  if (!email_in.empty() && !email) in.problem("email", "bad_email", "That email address does not look right.");
  if (body->contains("name") && !in.has_problem("name") && looks_blank(name)) {
    in.problem("name", "name_missing", "Give the person's full name: they type it to sign approvals.");
  }
  if (!in.finish()) return call.fail(in.error());

  Database::Lease c = call.app.db.acquire();
  Transaction tx(*c);
  if (client_id) {
    Statement s = c->prepare("SELECT 1 FROM client WHERE id = ? AND workspace_id = ?");
    s.bind(1, client_id).bind(2, call.caller.workspace_id);
    if (!s.step()) return call.not_found("Client " + std::to_string(client_id));
  }
  {
    // Only this workspace's accounts count: whether the email has an account elsewhere
    // must not show (the answer is the same as for a new email).
    Statement s = c->prepare("SELECT 1 FROM user WHERE email = ? AND workspace_id = ?");
    s.bind(1, *email).bind(2, call.caller.workspace_id);
    if (s.step()) {
      return call.fail({"conflict", "Someone with this email already has an account.",
                        {{"email_taken", "Someone with this email already has an account."}}});
    }
  }
  const Id user_id = next_id(*c, "user");
  execute(*c,
          "INSERT INTO user(id, workspace_id, email, name, role, password_hash, created_at, client_id) "
          "VALUES (?, ?, ?, ?, ?, NULL, ?, NULLIF(?, 0))",
          user_id, call.caller.workspace_id, *email, name, name_of(role), call.now, client_id);
  const std::string token = random_hex(32);
  execute(*c, "INSERT INTO invite(token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
          sha256_hex(token), user_id, call.now, call.now + kInviteLifetimeSeconds);
  tx.commit();
  call.reply(201, {{"user", {{"id", user_id}, {"email", *email}, {"name", name}, {"role", name_of(role)},
                             {"client_id", client_id}, {"has_password", false}}},
                   {"invite_path", "/#/invite/" + token},
                   {"expires_at", call.now + kInviteLifetimeSeconds}});
}

}  // namespace

void get_workspace(Call& call) {
  Database::Lease c = call.app.db.acquire();
  Statement s = c->prepare(
      "SELECT id, name, currency, tax_basis_points, payment_terms_days, invoice_prefix, invoice_number_digits, "
      "brand_colour, IFNULL(logo_file_id, 0), storage_quota_bytes, "
      "(SELECT IFNULL(sum(size), 0) FROM file WHERE workspace_id = workspace.id) FROM workspace WHERE id = ?");
  s.bind(1, call.caller.workspace_id);
  if (!s.step()) return call.not_found("Workspace");
  nlohmann::json out = {{"id", s.integer(0)},         {"name", s.text(1)},
                        {"currency", s.text(2)},      {"brand_colour", s.text(7)},
                        {"logo_file_id", s.integer(8)}};
  if (is_staff(call.caller.actor())) {
    out["tax_basis_points"] = s.integer(3);
    out["payment_terms_days"] = s.integer(4);
    out["invoice_prefix"] = s.text(5);
    out["invoice_number_digits"] = s.integer(6);
    out["storage_quota_bytes"] = s.integer(9);
    out["storage_used_bytes"] = s.integer(10);
  }
  call.reply(200, out);
}

void patch_workspace(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  std::optional<std::string> name = in.optional_name("name", 200);
  std::optional<std::string> currency = in.optional_string("currency", 3);
  std::optional<std::int64_t> tax = in.optional_integer("tax_basis_points", 0, 10000);
  std::optional<std::int64_t> terms = in.optional_integer("payment_terms_days", 0, 365);
  std::optional<std::string> prefix = in.optional_string("invoice_prefix", 20);
  std::optional<std::int64_t> digits = in.optional_integer("invoice_number_digits", 1, 12);
  std::optional<std::string> colour = in.optional_string("brand_colour", 7);
  std::optional<std::int64_t> logo = in.optional_integer("logo_file_id", 0, INT64_MAX);
  std::optional<std::int64_t> quota = in.optional_integer("storage_quota_bytes", 0, 1LL << 40);
  if (name && looks_blank(*name)) in.problem("name", "name_missing", "Give the workspace a name.");
  if (colour && !is_brand_colour(*colour)) in.problem("brand_colour", "bad_colour", "Brand colour must look like #2f5bea.");
  if (!in.finish()) return call.fail(in.error());

  Database::Lease c = call.app.db.acquire();
  Transaction tx(*c);
  WorkspaceSettings s = load_settings(*c, call.caller.workspace_id);
  const std::string old_currency = s.currency;
  if (currency) s.currency = *currency;
  if (tax) s.tax_basis_points = static_cast<int>(*tax);
  if (terms) s.payment_terms_days = static_cast<int>(*terms);
  if (prefix) s.invoice_prefix = *prefix;
  if (digits) s.invoice_number_digits = static_cast<int>(*digits);
  std::vector<Reason> problems = settings_problems(s);
  if (!problems.empty()) return call.fail({"invalid_request", problems.front().message, problems});
  if (s.currency != old_currency) {
    Statement any = c->prepare("SELECT 1 FROM invoice WHERE workspace_id = ? LIMIT 1");
    any.bind(1, call.caller.workspace_id);
    if (any.step()) {
      return call.fail({"gate_closed", "The currency cannot change once invoices exist.",
                        {{"invoices_exist", "The currency cannot change once invoices exist."}}});
    }
  }
  if (logo && *logo != 0) {
    // Only a workspace file (uploaded through POST /workspace/logo, checked as an image)
    // may be the logo: a project file is neither checked nor visible to every client.
    Statement f = c->prepare("SELECT 1 FROM file WHERE id = ? AND workspace_id = ? AND project_id IS NULL");
    f.bind(1, *logo).bind(2, call.caller.workspace_id);
    if (!f.step()) return call.not_found("File " + std::to_string(*logo));
  }
  execute(*c,
          "UPDATE workspace SET currency = ?, tax_basis_points = ?, payment_terms_days = ?, invoice_prefix = ?, "
          "invoice_number_digits = ? WHERE id = ?",
          s.currency, s.tax_basis_points, s.payment_terms_days, s.invoice_prefix, s.invoice_number_digits,
          call.caller.workspace_id);
  if (name) execute(*c, "UPDATE workspace SET name = ? WHERE id = ?", *name, call.caller.workspace_id);
  if (colour) execute(*c, "UPDATE workspace SET brand_colour = ? WHERE id = ?", *colour, call.caller.workspace_id);
  if (logo) execute(*c, "UPDATE workspace SET logo_file_id = NULLIF(?, 0) WHERE id = ?", *logo, call.caller.workspace_id);
  if (quota) execute(*c, "UPDATE workspace SET storage_quota_bytes = ? WHERE id = ?", *quota, call.caller.workspace_id);
  tx.commit();
  get_workspace(call);
}

void get_users(Call& call) {
  Database::Lease c = call.app.db.acquire();
  Statement s = c->prepare(
      "SELECT id, email, name, role, IFNULL(client_id, 0), password_hash IS NOT NULL FROM user "
      "WHERE workspace_id = ? ORDER BY id");
  s.bind(1, call.caller.workspace_id);
  nlohmann::json out = nlohmann::json::array();
  while (s.step()) out.push_back(user_json(s));
  call.reply(200, {{"users", out}});
}

void post_member(Call& call) { invite_user(call, Role::member, 0); }

void post_client_user(Call& call) {
  const Id client_id = call.path_id();
  if (!client_id) return call.not_found("Client");
  invite_user(call, Role::client, client_id);
}

void post_invite_accept(Call& call) {
  std::optional<nlohmann::json> body = call.json_body();
  if (!body) return;
  ObjectReader in(*body);
  const std::string token = in.exact("token", 128);
  const std::string password = in.exact("password", 4 * kMaxPasswordLength);  // password_problem says "at most"
  // One rule for every path that sets a password (the core's password_problem), applied
  // to the empty string too: "" is the weakest password there is.
  if (body->contains("password") && !in.has_problem("password")) {
    if (std::optional<std::string> problem = password_problem(password)) in.problem("password", "weak_password", *problem);
  }
  if (!in.finish()) return call.fail(in.error());

  Database::Lease c = call.app.db.acquire();
  Transaction tx(*c);
  Id user_id = 0;
  {
    Statement s = c->prepare("SELECT user_id FROM invite WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?");
    s.bind(1, sha256_hex(token)).bind(2, call.now);
    if (s.step()) user_id = s.integer(0);
  }
  if (!user_id) {
    return send_error(call.res, 404, "invite_invalid",
                      "This invite link is not valid: it was used already or has expired. Ask for a new one.");
  }
  execute(*c, "UPDATE user SET password_hash = ? WHERE id = ?", hash_password(password), user_id);
  execute(*c, "UPDATE invite SET used_at = ? WHERE token_hash = ?", call.now, sha256_hex(token));
  const std::string session = create_session(*c, user_id, call.now, call.ip(), call.user_agent());
  std::optional<wire::Me> me = session_user(*c, session, call.now);
  tx.commit();
  call.res.set_header("Set-Cookie", session_cookie(session, kSessionLifetimeSeconds));
  call.reply(200, wire::to_json(*me));
}

}  // namespace handoff::server
