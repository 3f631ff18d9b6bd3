// What an outside tester broke, one test per defect (each failed before its fix): empty
// passwords, another workspace's ids, smuggling lengths, ranges on JSON, control and
// direction characters, Unicode typed names, reused idempotency keys, duplicate JSON keys,
// invites that revealed accounts elsewhere — and the schema change that fixed the last.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <cctype>
#include <filesystem>
#include <set>

#include "auth.h"
#include "db.h"

#include "api_session.h"
#include "engagement_setup.h"

using namespace handoff;
using namespace handoff::testing;

namespace {

std::int64_t id_of(const Reply& r) { return r.json.is_object() && r.json.contains("id") ? r.json["id"].get<std::int64_t>() : 0; }

std::string cookie_of(const Reply& r) {
  auto it = r.headers.find("Set-Cookie");
  return it == r.headers.end() ? "" : it->second.substr(0, it->second.find(';'));
}

// How many responses `raw` holds (status lines "HTTP/1.x NNN ").
int answers_in(const std::string& raw) {
  int n = 0;
  for (std::size_t p = raw.find("HTTP/1."); p != std::string::npos; p = raw.find("HTTP/1.", p + 1)) {
    if (p + 13 <= raw.size() && raw[p + 8] == ' ' && std::isdigit(static_cast<unsigned char>(raw[p + 9])) &&
        std::isdigit(static_cast<unsigned char>(raw[p + 10])) && std::isdigit(static_cast<unsigned char>(raw[p + 11])) &&
        raw[p + 12] == ' ') {
      ++n;
    }
  }
  return n;
}

// Logs in as the owner of a second workspace, "Elsewhere".
void log_in_elsewhere(TestServer& server, ApiSession& other) {
  ASSERT_EQ(server.run_admin("create-workspace --name Elsewhere --owner-email other@elsewhere.test"), 0);
  other.log_in("other@elsewhere.test", kOwnerPassword);
}

}  // namespace

TEST(Attacker, EmptyPasswordIsNeverSetNorAccepted) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const Seeded s = set_up_engagement(owner);
  ApiSession anyone(server);
  const std::string before = server.fingerprint();
  for (const char* weak : {"", "short"}) {
    Reply r = anyone.post("/api/v1/invites/accept", {{"token", s.invite_token}, {"password", weak}});
    EXPECT_EQ(r.status, 400) << weak << " " << r.body;
    EXPECT_EQ(r.reason(), "weak_password") << weak;
    EXPECT_TRUE(cookie_of(r).empty());
  }
  EXPECT_EQ(server.fingerprint(), before) << "a refused invite must change nothing";
  // An account whose stored hash is of "" (set before this rule, or by hand) still never
  // logs in with an empty or short password.
  ASSERT_EQ(sql_on(server, "UPDATE user SET password_hash = '" + server::hash_password("") + "' WHERE email = 'ada@northwind.test'"), "");
  Reply empty = anyone.post("/api/v1/session", {{"email", "ada@northwind.test"}, {"password", ""}});
  EXPECT_EQ(empty.status, 401) << empty.body;
  EXPECT_TRUE(cookie_of(empty).empty());
  // The invite still works with a real password.
  EXPECT_EQ(anyone.post("/api/v1/invites/accept", {{"token", s.invite_token}, {"password", "ada-lovelace-1815"}}).status, 200);
}

TEST(Attacker, IdsOfAnotherWorkspaceAreNotReferences) {
  TestServer server;
  ApiSession a(server), b(server);
  a.log_in(kOwnerEmail, kOwnerPassword);
  const std::int64_t a_owner = a.get("/api/v1/me").json["user_id"];
  log_in_elsewhere(server, b);
  const std::int64_t b_owner = b.get("/api/v1/me").json["user_id"];
  const std::int64_t client = id_of(b.post("/api/v1/clients", {{"name", "Fabrikam"}}));
  const std::string project = "/api/v1/projects/" + std::to_string(id_of(b.post("/api/v1/projects", {{"client_id", client}, {"name", "Site"}})));
  const std::string before = server.fingerprint();
  for (std::int64_t foreign : {a_owner, std::int64_t{999999}}) {
    Reply task = b.post(project + "/tasks", {{"title", "Steal"}, {"assignee_user_id", foreign}});
    EXPECT_EQ(task.status, 400) << task.body;
    EXPECT_EQ(task.reason(), "no_such_assignee");
    Reply time = b.post(project + "/time-entries", {{"started_at", 1800000000}, {"minutes", 30}, {"hourly_rate_minor", 1}, {"user_id", foreign}});
    EXPECT_EQ(time.status, 400) << time.body;
    EXPECT_EQ(time.reason(), "no_such_user");
  }
  EXPECT_EQ(server.fingerprint(), before);
  // Its own team works, and a task cannot later be moved onto a foreign user either.
  Reply own = b.post(project + "/tasks", {{"title", "Plan"}, {"assignee_user_id", b_owner}});
  ASSERT_EQ(own.status, 201) << own.body;
  Reply moved = b.patch("/api/v1/tasks/" + std::to_string(id_of(own)), {{"assignee_user_id", a_owner}});
  EXPECT_EQ(moved.status, 400) << moved.body;
  Reply entry = b.post(project + "/time-entries", {{"started_at", 1800000000}, {"minutes", 30}, {"hourly_rate_minor", 1}});
  ASSERT_EQ(entry.status, 201) << entry.body;
  Reply edited = b.patch("/api/v1/time-entries/" + std::to_string(entry.json["time_entries"][0]["id"].get<std::int64_t>()),
                         {{"user_id", a_owner}});
  EXPECT_EQ(edited.status, 400) << edited.body;
  EXPECT_EQ(edited.reason(), "no_such_user");
}

TEST(Attacker, DuplicateOrConflictingContentLengthIsRefused) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const std::string body = R"({"name":"Smuggled"})";
  const std::string head = "POST /api/v1/clients HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + owner.cookie() +
                           "\r\nContent-Type: application/json\r\n";
  const std::string twice = raw_exchange(server.port(), head + "Content-Length: " + std::to_string(body.size()) +
                                                            "\r\nContent-Length: 0\r\n\r\n" + body);
  EXPECT_EQ(raw_status(twice), 400) << twice;
  EXPECT_NE(twice.find("duplicate_content_length"), std::string::npos);
  const std::string same = raw_exchange(server.port(), head + "Content-Length: " + std::to_string(body.size()) +
                                                           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(raw_status(same), 400) << same;
  const std::string with_te = raw_exchange(server.port(), head + "Content-Length: " + std::to_string(body.size()) +
                                                              "\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
  EXPECT_EQ(raw_status(with_te), 400) << with_te;
  EXPECT_NE(with_te.find("ambiguous_length"), std::string::npos);
  const std::string two_hosts = raw_exchange(server.port(), "GET /api/v1/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
  EXPECT_EQ(raw_status(two_hosts), 400);
  EXPECT_TRUE(owner.get("/api/v1/clients").json["clients"].empty()) << "nothing may have been created";
}

// Header lines httplib would skip (a proxy might read them otherwise and disagree about
// where a body ends) are refused whole: one 400, the connection closed, nothing smuggled.
TEST(Attacker, AmbiguousHeaderLinesAreRefusedNotSkipped) {
  TestServer server;
  const std::string inner = "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string length = std::to_string(inner.size());
  const std::vector<std::string> requests = {
      "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\n\r\n" + inner,        // bare LF
      "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length : " + length + "\r\n\r\n" + inner,     // space before ':'
      "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: y\r\n\tContent-Length: " + length + "\r\n\r\n" + inner,  // folded
      "GET /api/v1/health HTTP/1.1\r\nHost: x\rContent-Length: " + length + "\r\n\r\n" + inner,        // bare CR
      std::string("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-\0A: 1\r\n\r\n", 49),                       // NUL in a name
      "GET /api/v1/health HTTP/1.1\r\nX-A: 1\r\n\r\n",                                                  // no Host
  };
  for (const std::string& r : requests) {
    const std::string raw = raw_exchange(server.port(), r);
    EXPECT_EQ(raw_status(raw), 400) << r;
    EXPECT_EQ(answers_in(raw), 1) << raw;
    EXPECT_NE(raw.find("malformed_headers"), std::string::npos) << raw;
  }
  // HTTP/1.0 may omit Host; a well-formed request is unaffected.
  EXPECT_EQ(raw_status(raw_exchange(server.port(), "GET /api/v1/health HTTP/1.0\r\n\r\n")), 200);
}

// An upload's body is read only from someone logged in: an anonymous sender is answered
// at once, before a byte of its 25 MiB, and the connection closes.
TEST(Attacker, AnonymousUploadsAreRefusedBeforeTheirBody) {
  TestServer server;
  const std::string raw = raw_exchange(server.port(),
      "POST /api/v1/projects/1/files?name=x HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
      "Content-Length: 26214400\r\n\r\n", 2000);
  EXPECT_EQ(raw_status(raw), 401) << raw;
  EXPECT_NE(raw.find("Connection: close"), std::string::npos) << raw;
}

TEST(Attacker, BlankLookingNamesAndProjectFilesAsLogo) {
  TestServer server;
  BothSides both(server);
  for (const char* blank : {"\xe2\xa0\x80", "\xe3\x85\xa4", "\xc2\xa0", "\xe3\x80\x80"}) {
    Reply r = both.owner.post("/api/v1/clients", {{"name", blank}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.reason(), "name_missing");
    EXPECT_EQ(both.owner.patch("/api/v1/workspace", {{"name", blank}}).reason(), "name_missing");
  }
  Reply logo = both.owner.patch("/api/v1/workspace", {{"logo_file_id", both.s.file}});
  EXPECT_EQ(logo.status, 404) << logo.body;
}

TEST(Attacker, RangesApplyToFileDownloadsOnly) {
  TestServer server;
  BothSides both(server);
  auto c = server.client();
  // JSON answers and errors are never partial.
  auto me = c.Get("/api/v1/me", {{"Range", "bytes=0-9"}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 401);
  EXPECT_TRUE(nlohmann::json::parse(me->body, nullptr, false).is_object()) << me->body;
  auto health = c.Get("/api/v1/health", {{"Range", "bytes=0-3"}});
  EXPECT_EQ(health->status, 200);
  EXPECT_TRUE(nlohmann::json::parse(health->body, nullptr, false).is_object()) << health->body;
  // A file: one range is served as 206 with its Content-Range.
  const std::string file = "/api/v1/files/" + std::to_string(both.s.file);  // "<svg/>"
  httplib::Headers cookie{{"Cookie", both.owner.cookie()}};
  httplib::Headers ranged = cookie;
  ranged.emplace("Range", "bytes=1-3");
  auto part = c.Get(file, ranged);
  ASSERT_TRUE(part);
  EXPECT_EQ(part->status, 206);
  EXPECT_EQ(part->body, "svg");
  EXPECT_EQ(part->get_header_value("Content-Range"), "bytes 1-3/6");
  ranged = cookie;
  ranged.emplace("Range", "bytes=-2");
  EXPECT_EQ(c.Get(file, ranged)->body, "/>");
  // Several ranges: the whole file (never a multipart answer); one past the end: 416
  // with a whole JSON error.
  ranged = cookie;
  ranged.emplace("Range", "bytes=0-1,2-3");
  auto multi = c.Get(file, ranged);
  EXPECT_EQ(multi->status, 200);
  EXPECT_EQ(multi->body, "<svg/>");
  ranged = cookie;
  ranged.emplace("Range", "bytes=100-");
  auto past = c.Get(file, ranged);
  EXPECT_EQ(past->status, 416);
  EXPECT_EQ(past->get_header_value("Content-Range"), "bytes */6");
  EXPECT_TRUE(nlohmann::json::parse(past->body, nullptr, false).is_object()) << past->body;
  // A stale If-Range gets the whole file.
  ranged = cookie;
  ranged.emplace("Range", "bytes=1-3");
  ranged.emplace("If-Range", "\"stale\"");
  auto whole = c.Get(file, ranged);
  EXPECT_EQ(whole->status, 200);
  EXPECT_EQ(whole->body, "<svg/>");
}

TEST(Attacker, ControlAndDirectionCharactersInNames) {
  TestServer server;
  BothSides both(server);
  ApiSession& owner = both.owner;
  const std::string before = server.fingerprint();
  const std::vector<std::pair<std::string, std::string>> bad = {
      {std::string("a\0b", 3), "control_characters"}, {"a\r\nb", "control_characters"}, {"a\x07" "b", "control_characters"},
      {"a\xc2\x85" "b", "control_characters"},  // U+0085, a C1 control
      {"invoice\xe2\x80\xae" "gpj.exe", "hidden_characters"}, {"x\xe2\x81\xa6y", "hidden_characters"}};
  for (const auto& [name, code] : bad) {
    Reply r = owner.post("/api/v1/clients", {{"name", name}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.reason(), code) << r.body;
    EXPECT_NE(r.message().find("Field 'name'"), std::string::npos) << r.body;
  }
  const std::string project = "/api/v1/projects/" + std::to_string(both.s.project);
  EXPECT_EQ(owner.post(project + "/tasks", {{"title", "Fix\xe2\x80\xae" "it"}}).reason(), "hidden_characters");
  EXPECT_EQ(owner.patch(project, {{"name", "Web\nsite"}}).reason(), "control_characters");
  EXPECT_EQ(owner.post("/api/v1/clients/" + std::to_string(both.s.client) + "/users",
                       {{"email", "eve@northwind.test"}, {"name", "Eve\xe2\x80\x8f"}}).reason(), "hidden_characters");
  const std::string comments = "/api/v1/tasks/" + std::to_string(both.s.task) + "/comments";
  EXPECT_EQ(owner.post(comments, {{"body", "ok\xe2\x80\xae"}}).reason(), "hidden_characters");
  EXPECT_EQ(server.fingerprint(), before) << "refused names must store nothing";
  // Paragraphs keep their line breaks; the em dash and accents are ordinary text.
  EXPECT_EQ(owner.post(comments, {{"body", "Two lines\nTyped é — ünïcode"}}).status, 201);
  // A file name is kept, without the characters that disguise it, and the answer says so.
  Reply up = owner.raw_post(project + "/files?name=invoice%E2%80%AEgpj.exe", "MZ", "application/octet-stream");
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json["name"], "invoicegpj.exe");
  EXPECT_NE(up.json.value("notice", "").find("removed"), std::string::npos) << up.body;
}

TEST(Attacker, TypedNamesMatchInAnyCaseOfAnyScript) {
  TestServer server;
  BothSides both(server);
  Reply invite = both.owner.post("/api/v1/clients/" + std::to_string(both.s.client) + "/users",
                                 {{"email", "zoe@northwind.test"}, {"name", "Zoë Łukasz"}});
  ASSERT_EQ(invite.status, 201);
  ApiSession zoe(server);
  Reply accepted = zoe.post("/api/v1/invites/accept", {{"token", invite.json["invite_path"].get<std::string>().substr(10)},
                                                       {"password", "zoe-lukasz-2026"}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  zoe.use_cookie(cookie_of(accepted));
  const std::string d = "/api/v1/deliverables/" + std::to_string(both.s.deliverable);
  const std::string statement = zoe.get(d).json["statement"];
  Reply unaccented = zoe.post(d + "/approve", {{"version", 1}, {"typed_name", "Zoe Lukasz"}, {"consent", true}, {"statement", statement}});
  EXPECT_EQ(unaccented.status, 409);
  EXPECT_EQ(unaccented.reason(), "typed_name_mismatch");
  Reply ok = zoe.post(d + "/approve", {{"version", 1}, {"typed_name", "  zoë \u00a0ŁUKASZ "}, {"consent", true}, {"statement", statement}});
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST(Attacker, AReusedIdempotencyKeyForAnotherPaymentIsAConflict) {
  TestServer server;
  BothSides both(server);
  ASSERT_EQ(approve_as_client(both.client, both.s.deliverable).status, 200);
  const std::int64_t invoice = id_of(both.owner.post("/api/v1/projects/" + std::to_string(both.s.project) + "/invoices",
                                                     {{"from_approved_work", true}}));
  const std::string inv = "/api/v1/invoices/" + std::to_string(invoice);
  ASSERT_EQ(both.owner.post(inv + "/send").status, 200);
  const nlohmann::json first = {{"amount_minor", 100000}, {"currency", "USD"}, {"idempotency_key", "pay-2026-11-23"}};
  ASSERT_EQ(both.owner.post(inv + "/payments", first).status, 201);
  Reply retry = both.owner.post(inv + "/payments", first);
  EXPECT_EQ(retry.status, 200);
  EXPECT_TRUE(retry.json["duplicate"]);
  const std::string before = server.fingerprint();
  nlohmann::json other = first;
  other["amount_minor"] = 250000;
  Reply conflict = both.owner.post(inv + "/payments", other);
  EXPECT_EQ(conflict.status, 409) << conflict.body;
  EXPECT_EQ(conflict.reason(), "idempotency_key_reused");
  EXPECT_NE(conflict.message().find("amount"), std::string::npos) << conflict.body;
  EXPECT_EQ(server.fingerprint(), before);
}

TEST(Attacker, DuplicateJsonKeysAreRefused) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  auto c = server.client();
  auto login = c.Post("/api/v1/session", R"({"email":"owner@handoff.local","password":"x","password":")" +
                                             std::string(kOwnerPassword) + "\"}", "application/json");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 400);
  EXPECT_NE(login->body.find("duplicate_key"), std::string::npos) << login->body;
  EXPECT_TRUE(login->get_header_value("Set-Cookie").empty());
  Reply nested = owner.raw_post("/api/v1/clients", R"({"name":"A","status":{"x":1,"x":2}})", "application/json");
  EXPECT_EQ(nested.status, 400);
  EXPECT_EQ(nested.json["error"]["code"], "duplicate_key");
}

TEST(Attacker, InvitingAnEmailWithAnAccountElsewhereRevealsNothing) {
  TestServer server;
  ApiSession a(server), b(server);
  a.log_in(kOwnerEmail, kOwnerPassword);
  log_in_elsewhere(server, b);  // other@elsewhere.test owns "Elsewhere"
  const std::int64_t client = id_of(a.post("/api/v1/clients", {{"name", "Northwind"}}));
  const std::string users = "/api/v1/clients/" + std::to_string(client) + "/users";
  Reply fresh = a.post(users, {{"email", "new@northwind.test"}, {"name", "New Person"}});
  Reply known = a.post(users, {{"email", "other@elsewhere.test"}, {"name", "Other Person"}});
  ASSERT_EQ(fresh.status, 201) << fresh.body;
  EXPECT_EQ(known.status, 201) << known.body;
  std::set<std::string> fresh_keys, known_keys;
  for (const auto& [k, v] : fresh.json.items()) fresh_keys.insert(k);
  for (const auto& [k, v] : known.json.items()) known_keys.insert(k);
  EXPECT_EQ(fresh_keys, known_keys);
  EXPECT_EQ(known.json["user"]["has_password"], false);
  // The invite works: the person gets a second account, in this workspace.
  ApiSession person(server);
  Reply accepted = person.post("/api/v1/invites/accept", {{"token", known.json["invite_path"].get<std::string>().substr(10)},
                                                          {"password", "another-password-1"}});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.json["workspace_name"], "My workspace");
  // Each password opens its own account; workspace_id picks when both would match.
  ApiSession again(server);
  Reply as_client = again.post("/api/v1/session", {{"email", "other@elsewhere.test"}, {"password", "another-password-1"}});
  EXPECT_EQ(as_client.status, 200);
  EXPECT_EQ(as_client.json["role"], "client");
  Reply as_owner = again.post("/api/v1/session", {{"email", "other@elsewhere.test"}, {"password", kOwnerPassword}});
  EXPECT_EQ(as_owner.status, 200);
  EXPECT_EQ(as_owner.json["workspace_name"], "Elsewhere");
  // Within one workspace an email is still one account.
  Reply twice = a.post(users, {{"email", "other@elsewhere.test"}, {"name", "Other Person"}});
  EXPECT_EQ(twice.status, 409);
}

// Behind a trusted reverse proxy, the address recorded with a sign-off is the client's as
// the proxy appended it to X-Forwarded-For; from anyone else the header is ignored.
TEST(Attacker, OnlyATrustedProxyNamesTheClientsAddress) {
  for (const bool trusted : {true, false}) {
    if (trusted) setenv("HANDOFF_TRUSTED_PROXY", "127.0.0.1", 1);
    TestServer server;
    unsetenv("HANDOFF_TRUSTED_PROXY");
    BothSides both(server);
    const std::string d = "/api/v1/deliverables/" + std::to_string(both.s.deliverable);
    auto c = server.client();
    const nlohmann::json body = {{"version", 1}, {"typed_name", "Ada Lovelace"}, {"consent", true},
                                 {"statement", both.client.get(d).json["statement"]}};
    auto r = c.Post(d + "/approve", {{"Cookie", both.client.cookie()}, {"X-Forwarded-For", "198.51.100.7, 203.0.113.9"}},
                    body.dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    const nlohmann::json project = both.owner.get("/api/v1/projects/" + std::to_string(both.s.project)).json;
    EXPECT_EQ(project["approvals"][0]["ip"], trusted ? "203.0.113.9" : "127.0.0.1");
  }
}

// Schema 3 rebuilt the user table (one email, several workspaces): a database made by the
// previous schema comes through with every user, session and reference intact.
TEST(Attacker, TheUserTableRebuildKeepsAnExistingDatabase) {
  TestServer server;
  server.crash();
  const std::string path = server.data_dir() + "/handoff.db";
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    auto run = [&](const std::string& sql) {
      char* err = nullptr;
      const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
      EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "") << "\n" << sql.substr(0, 200);
      sqlite3_free(err);
    };
    run("PRAGMA foreign_keys=ON; BEGIN");
    run(std::string(server::migrations()[0]));
    run(std::string(server::migrations()[1]));
    run("INSERT INTO workspace(id, name, created_at) VALUES (1, 'Studio', 1)");
    run("INSERT INTO user(id, workspace_id, email, name, role, password_hash, created_at) VALUES (1, 1, '" +
        std::string(kOwnerEmail) + "', 'Owner', 'owner', '" + server::hash_password(kOwnerPassword) + "', 1)");
    run("INSERT INTO client(id, workspace_id, name, status, created_at) VALUES (1, 1, 'Northwind', 'active', 1)");
    run("INSERT INTO user(id, workspace_id, email, name, role, password_hash, created_at, client_id) VALUES "
        "(2, 1, 'ada@northwind.test', 'Ada Lovelace', 'client', NULL, 1, 1)");
    run("INSERT INTO project(id, workspace_id, client_id, name, status, created_at) VALUES (1, 1, 1, 'Website', 'active', 1)");
    run("INSERT INTO task(id, project_id, title, status, client_visible, assignee_user_id, due) VALUES (1, 1, 'Plan', 'todo', 1, 1, 0)");
    run("INSERT INTO invite(token_hash, user_id, created_at, expires_at) VALUES ('" + std::string(64, 'c') + "', 2, 1, 2)");
    run("INSERT INTO session(token_hash, user_id, created_at, expires_at, ip, user_agent) VALUES ('" +
        std::string(64, 'd') + "', 1, 1, 2, '127.0.0.1', 'test')");
    // One sealed event: the new schema must record it as the workspace's head.
    AuditEvent first{0, 1, 1, "invoice.voided", "invoice:0", "handoff.invoice.v1\n", "", ""};
    first = seal_event(first, nullptr);
    run("INSERT INTO audit_event(workspace_id, seq, at, actor_user_id, action, subject, payload, prev_hash, hash) "
        "VALUES (1, 1, 1, 1, 'invoice.voided', 'invoice:0', 'handoff.invoice.v1\n', '" + first.prev_hash + "', '" +
        first.hash + "')");
    run("PRAGMA user_version=2; COMMIT");
    sqlite3_close(db);
  }
  server.restart();
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  Reply users = owner.get("/api/v1/users");
  ASSERT_EQ(users.json["users"].size(), 2u) << users.body;
  EXPECT_EQ(users.json["users"][1]["email"], "ada@northwind.test");
  Reply project = owner.get("/api/v1/projects/1");
  ASSERT_EQ(project.status, 200) << project.body;
  EXPECT_EQ(project.json["tasks"][0]["assignee_user_id"], 1);
  EXPECT_EQ(sql_value(server, "PRAGMA foreign_key_check"), "") << "a reference points nowhere";
  Reply verify = owner.get("/api/v1/audit/verify");
  EXPECT_EQ(verify.json["head_seq"], 1) << verify.body;
  EXPECT_EQ(verify.json["head"], sql_value(server, "SELECT audit_head_hash FROM workspace WHERE id = 1"));
  for (const auto& f : verify.json["findings"]) EXPECT_NE(f["code"], "head_mismatch") << verify.body;
}
