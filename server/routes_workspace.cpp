// Workspace settings and brand, users, invites.
#include "handoff/credentials.h"
#include "handoff/rules.h"
#include "handoff/sha256.h"
#include "handoff/wire.h"

#include "auth.h"
#include "handlers.h"
#include "http.h"
#include "store_accounts.h"
#include "store_plan.h"
#include "store_workspace.h"

namespace handoff::server {

namespace {

constexpr std::int64_t kInviteLifetimeSeconds = 14LL * 24 * 3600;

nlohmann::json user_json(const UserRow& u) {
  return {{"id", u.id},     {"email", u.email},          {"name", u.name},
          {"role", name_of(u.role)}, {"client_id", u.client_id}, {"has_password", u.has_password}};
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
  if (client_id && !workspace_client(*c, call.caller.workspace_id, client_id)) {
    return call.not_found("Client " + std::to_string(client_id));
  }
  // Only this workspace's accounts count: whether the email has an account elsewhere
  // must not show (the answer is the same as for a new email).
  if (email_taken(*c, call.caller.workspace_id, *email)) {
    return call.fail({"conflict", "Someone with this email already has an account.",
                      {{"email_taken", "Someone with this email already has an account."}}});
  }
  const std::string token = random_hex(32);
  const Id user_id = insert_invited_user(*c, call.caller.workspace_id, *email, name, role, client_id,
                                         sha256_hex(token), call.now, call.now + kInviteLifetimeSeconds);
  tx.commit();
  call.reply(201, {{"user", {{"id", user_id}, {"email", *email}, {"name", name}, {"role", name_of(role)},
                             {"client_id", client_id}, {"has_password", false}}},
                   {"invite_path", "/#/invite/" + token},
                   {"expires_at", call.now + kInviteLifetimeSeconds}});
}

}  // namespace

void get_workspace(Call& call) {
  Database::Lease c = call.app.db.acquire();
  const std::optional<WorkspaceRow> w = load_workspace(*c, call.caller.workspace_id);
  if (!w) return call.not_found("Workspace");
  nlohmann::json out = {{"id", w->id},
                        {"name", w->name},
                        {"currency", w->settings.currency},
                        {"brand_colour", w->brand_colour},
                        {"logo_file_id", w->logo_file_id}};
  if (is_staff(call.caller.actor())) {
    out["tax_basis_points"] = w->settings.tax_basis_points;
    out["payment_terms_days"] = w->settings.payment_terms_days;
    out["invoice_prefix"] = w->settings.invoice_prefix;
    out["invoice_number_digits"] = w->settings.invoice_number_digits;
    out["storage_quota_bytes"] = w->storage_quota_bytes;
    out["storage_used_bytes"] = w->storage_used_bytes;
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
  const Id ws = call.caller.workspace_id;
  if (s.currency != old_currency && workspace_has_invoices(*c, ws)) {
    return call.fail({"gate_closed", "The currency cannot change once invoices exist.",
                      {{"invoices_exist", "The currency cannot change once invoices exist."}}});
  }
  // Only a workspace file (uploaded through POST /workspace/logo, checked as an image)
  // may be the logo: a project file is neither checked nor visible to every client.
  if (logo && *logo != 0 && !is_workspace_level_file(*c, ws, *logo)) {
    return call.not_found("File " + std::to_string(*logo));
  }
  save_settings(*c, ws, s);
  if (name) set_workspace_name(*c, ws, *name);
  if (colour) set_brand_colour(*c, ws, *colour);
  if (logo) set_logo_file(*c, ws, *logo);
  if (quota) set_storage_quota(*c, ws, *quota);
  tx.commit();
  get_workspace(call);
}

void get_users(Call& call) {
  Database::Lease c = call.app.db.acquire();
  nlohmann::json out = nlohmann::json::array();
  for (const UserRow& u : workspace_users(*c, call.caller.workspace_id)) out.push_back(user_json(u));
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
  const std::optional<Id> user_id = open_invite_user(*c, sha256_hex(token), call.now);
  if (!user_id) {
    return send_error(call.res, 404, "invite_invalid",
                      "This invite link is not valid: it was used already or has expired. Ask for a new one.");
  }
  accept_invite(*c, sha256_hex(token), *user_id, hash_password(password), call.now);
  const std::string session = create_session(*c, *user_id, call.now, call.ip(), call.user_agent());
  std::optional<wire::Me> me = session_user(*c, session, call.now);
  tx.commit();
  call.res.set_header("Set-Cookie", session_cookie(session, kSessionLifetimeSeconds));
  call.reply(200, wire::to_json(*me));
}

}  // namespace handoff::server
