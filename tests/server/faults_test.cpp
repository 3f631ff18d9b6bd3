// Bad input on the model's routes, hostile file names, double submissions under
// concurrency, a crash in the middle of writes, append-only records, backup and restore.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "api_session.h"
#include "engagement_setup.h"

using namespace handoff;
using namespace handoff::testing;

namespace {

std::int64_t count_rows(const TestServer& s, const std::string& table, const std::string& where = "1") {
  const std::string n = sql_value(s, "SELECT count(*) FROM " + table + " WHERE " + where);
  return n.empty() ? -1 : std::stoll(n);
}

}  // namespace

TEST(ModelInput, WrongTypesRangesAndUnknownFieldsChangeNothing) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const Seeded s = set_up_engagement(owner);
  const std::string milestones = "/api/v1/projects/" + std::to_string(s.project) + "/milestones";
  const std::string before = server.fingerprint();
  struct Case { nlohmann::json body; const char* reason; };
  const std::vector<Case> cases = {
      {{{"name", "M"}, {"billing", "fixed_fee"}, {"amount_minor", -1}}, "out_of_range"},
      {{{"name", "M"}, {"billing", "fixed_fee"}, {"amount_minor", 9223372036854775807LL}}, "out_of_range"},
      {nlohmann::json::parse(R"({"name":"M","billing":"fixed_fee","amount_minor":18446744073709551615})"), "out_of_range"},
      {{{"name", "M"}, {"billing", "fixed_fee"}, {"amount_minor", 12.5}}, "wrong_type"},
      {{{"name", "M"}, {"billing", "fixed_fee"}, {"amount_minor", "500"}}, "wrong_type"},
      {{{"name", "M"}, {"billing", "hourly"}, {"amount_minor", 5}}, "out_of_range"},
      {{{"name", std::string(100000, 'x')}, {"billing", "fixed_fee"}, {"amount_minor", 5}}, "too_long"},
      {{{"name", 7}}, "wrong_type"},
      {{{"billing", "fixed_fee"}, {"amount_minor", 5}}, "missing_field"},
      {{{"name", "M"}, {"amount_minor", 5}, {"is_admin", true}}, "unknown_field"},
      {{{"name", " "}, {"billing", "fixed_fee"}, {"amount_minor", 5}}, "bad_name"},
  };
  for (const Case& c : cases) {
    Reply r = owner.post(milestones, c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump().substr(0, 120) << " -> " << r.body.substr(0, 300);
    EXPECT_EQ(r.reason(), c.reason) << c.body.dump().substr(0, 120);
  }
  Reply payment = owner.post("/api/v1/invoices/1/payments", {{"amount_minor", 1}, {"currency", "USD"}, {"idempotency_key", "short"}});
  EXPECT_EQ(payment.status, 400);
  EXPECT_EQ(server.fingerprint(), before);
}

TEST(ModelInput, IdsOfOtherProjectsAndTenantsInBodiesAreNotFound) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const Seeded a = set_up_engagement(owner);
  const std::int64_t other_project = owner.post("/api/v1/projects", {{"client_id", a.client}, {"name", "Other"}}).json["id"];
  const std::int64_t foreign_file = upload(owner, other_project, "secret.pdf", "secret");
  const std::string before = server.fingerprint();
  // A file of another project cannot become a version of this deliverable.
  Reply r = owner.post("/api/v1/deliverables/" + std::to_string(a.deliverable) + "/versions", {{"file_ids", {foreign_file}}});
  EXPECT_EQ(r.status, 404);
  // A task cannot hang under another project's milestone.
  Reply t = owner.post("/api/v1/projects/" + std::to_string(other_project) + "/tasks", {{"title", "x"}, {"milestone_id", a.milestone}});
  EXPECT_EQ(t.status, 400);
  EXPECT_EQ(t.reason(), "no_such_milestone");
  // Ids past int64 or not ids at all in paths: plain 404.
  EXPECT_EQ(owner.get("/api/v1/projects/99999999999999999999").status, 404);
  EXPECT_EQ(owner.get("/api/v1/projects/0").status, 404);
  EXPECT_EQ(owner.get("/api/v1/projects/-1").status, 404);
  EXPECT_EQ(server.fingerprint(), before);
}

TEST(Files, HostileNamesAreCleanedAndDownloadsAreSafeAttachments) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const std::int64_t client = owner.post("/api/v1/clients", {{"name", "C"}}).json["id"];
  const std::int64_t project = owner.post("/api/v1/projects", {{"client_id", client}, {"name", "P"}}).json["id"];
  const std::string upload_path = "/api/v1/projects/" + std::to_string(project) + "/files?name=";
  Reply traversal = owner.raw_post(upload_path + "..%2F..%2Fetc%2Fpasswd", "root:x:0:0", "application/octet-stream");
  ASSERT_EQ(traversal.status, 201);
  EXPECT_EQ(traversal.json["name"], "passwd");
  Reply crlf = owner.raw_post(upload_path + "report%0D%0ASet-Cookie%3A%20handoff_session%3Devil.html",
                              "<script>alert(1)</script>", "text/html");
  ASSERT_EQ(crlf.status, 201);
  EXPECT_EQ(crlf.json["name"], "reportSet-Cookie: handoff_session=evil.html");
  // Stored by hash only: nothing named after the upload exists in the data directory.
  for (const auto& e : std::filesystem::recursive_directory_iterator(server.data_dir())) {
    EXPECT_EQ(e.path().filename().string().find("passwd"), std::string::npos) << e.path();
    EXPECT_EQ(e.path().filename().string().find("report"), std::string::npos) << e.path();
  }
  Reply download = owner.get("/api/v1/files/" + std::to_string(crlf.json["id"].get<std::int64_t>()));
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, "<script>alert(1)</script>");
  EXPECT_EQ(download.headers.count("Set-Cookie"), 0u);
  // The header as sent (httplib's client percent-decodes header values, so read raw bytes).
  const std::string raw = raw_exchange(server.port(), "GET /api/v1/files/" + std::to_string(crlf.json["id"].get<std::int64_t>()) +
                                                          " HTTP/1.1\r\nHost: x\r\nCookie: " + owner.cookie() + "\r\n\r\n");
  EXPECT_NE(raw.find("\r\nContent-Disposition: attachment; filename=\"reportSet-Cookie: handoff_session=evil.html\"; "
                     "filename*=UTF-8''reportSet-Cookie%3A%20handoff_session%3Devil.html\r\n"),
            std::string::npos) << raw.substr(0, 600);
  EXPECT_EQ(download.headers.find("Content-Type")->second, "application/octet-stream");
  EXPECT_EQ(download.headers.find("X-Content-Type-Options")->second, "nosniff");
}

TEST(Files, SizeLimitAndWorkspaceQuota) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const std::int64_t client = owner.post("/api/v1/clients", {{"name", "C"}}).json["id"];
  const std::int64_t project = owner.post("/api/v1/projects", {{"client_id", client}, {"name", "P"}}).json["id"];
  const std::string path = "/api/v1/projects/" + std::to_string(project) + "/files?name=big.bin";
  const std::string raw = raw_exchange(server.port(),
      "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + owner.cookie() +
      "\r\nContent-Length: " + std::to_string((25u << 20) + 1) + "\r\n\r\n");
  EXPECT_EQ(raw_status(raw), 413);
  ASSERT_EQ(owner.patch("/api/v1/workspace", {{"storage_quota_bytes", 1000}}).status, 200);
  EXPECT_EQ(owner.raw_post(path, std::string(600, 'a'), "application/octet-stream").status, 201);
  Reply full = owner.raw_post(path, std::string(600, 'b'), "application/octet-stream");
  EXPECT_EQ(full.status, 413);
  EXPECT_EQ(full.json["error"]["code"], "quota_exceeded");
  EXPECT_EQ(count_rows(server, "file"), 1);
}

TEST(Concurrency, FiftySimultaneousApprovalsRecordExactlyOne) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const Seeded s = set_up_engagement(owner);
  ApiSession client(server);
  const std::string cookie = accept_invite(client, s.invite_token);
  client.use_cookie(cookie);
  const std::string path = "/api/v1/deliverables/" + std::to_string(s.deliverable) + "/approve";
  const nlohmann::json body = {{"version", 1}, {"typed_name", "Ada Lovelace"}, {"consent", true},
                               {"statement", client.get("/api/v1/deliverables/" + std::to_string(s.deliverable)).json["statement"]}};
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&] {
      ApiSession c(server);
      c.use_cookie(cookie);
      const int status = c.post(path, body).status;
      (status == 200 ? ok : status == 409 ? refused : other)++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(refused, 49);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(count_rows(server, "approval"), 1);
  EXPECT_EQ(count_rows(server, "audit_event", "action = 'approval.recorded'"), 1);
  EXPECT_TRUE(owner.get("/api/v1/audit/verify").json["ok"]);
}

TEST(Concurrency, FiftySimultaneousPaymentsWithOneKeyRecordExactlyOne) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const Seeded s = set_up_engagement(owner);
  ApiSession client(server);
  client.use_cookie(accept_invite(client, s.invite_token));
  ASSERT_EQ(approve_as_client(client, s.deliverable).status, 200);
  const std::int64_t invoice = owner.post("/api/v1/projects/" + std::to_string(s.project) + "/invoices",
                                          {{"from_approved_work", true}}).json["id"];
  const std::string inv = "/api/v1/invoices/" + std::to_string(invoice);
  // Fifty sends at once: one number, no gap, the rest refused.
  std::atomic<int> sent{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&] {
      ApiSession c(server);
      c.use_cookie(owner.cookie());
      if (c.post(inv + "/send").status == 200) ++sent;
    });
  }
  for (auto& t : threads) t.join();
  threads.clear();
  EXPECT_EQ(sent, 1);
  EXPECT_EQ(owner.get(inv).json["number"], "INV-0001");
  // Fifty identical payment submissions (one idempotency key): one record.
  std::atomic<int> created{0}, duplicate{0};
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&] {
      ApiSession c(server);
      c.use_cookie(owner.cookie());
      Reply r = c.post(inv + "/payments", {{"amount_minor", 100000}, {"currency", "USD"}, {"idempotency_key", "bank-ref-7781"}});
      if (r.status == 201) ++created;
      if (r.status == 200 && r.json["duplicate"] == true) ++duplicate;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, 1);
  EXPECT_EQ(duplicate, 49);
  EXPECT_EQ(count_rows(server, "payment"), 1);
  EXPECT_EQ(owner.get(inv).json["paid_minor"], 100000);
}

TEST(Durability, AcknowledgedWritesSurviveAKillMidWrite) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const std::int64_t client = owner.post("/api/v1/clients", {{"name", "C"}}).json["id"];
  const std::int64_t project = owner.post("/api/v1/projects", {{"client_id", client}, {"name", "P"}}).json["id"];
  const std::string tasks = "/api/v1/projects/" + std::to_string(project) + "/tasks";
  std::mutex m;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      ApiSession c(server);
      c.use_cookie(owner.cookie());
      for (int i = 0; !stop && i < 5000; ++i) {
        const std::string title = "w" + std::to_string(w) + "-" + std::to_string(i);
        Reply r = c.post(tasks, {{"title", title}});
        if (r.status == 0) break;  // the server is gone
        if (r.status == 201) {
          std::lock_guard<std::mutex> lock(m);
          acknowledged.push_back(title);
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  server.crash();
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_GT(acknowledged.size(), 20u) << "too few writes before the kill to prove anything";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((server.data_dir() + "/handoff.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
  sqlite3_finalize(st);
  std::set<std::string> stored;
  sqlite3_prepare_v2(db, "SELECT title FROM task", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) stored.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  for (const std::string& t : acknowledged) EXPECT_TRUE(stored.count(t)) << "acknowledged but lost: " << t;
  // And the server comes back on the same data.
  server.restart();
  ApiSession again(server);
  again.log_in(kOwnerEmail, kOwnerPassword);
  Reply p = again.get("/api/v1/projects/" + std::to_string(project));
  EXPECT_EQ(p.json["tasks"].size(), stored.size());
  std::printf("[ durability ] %zu acknowledged writes before SIGKILL, %zu rows stored, all acknowledged present\n",
              acknowledged.size(), stored.size());
}

TEST(AppendOnly, ApprovalsAuditEventsAndPaymentsRefuseUpdateAndDelete) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const Seeded s = set_up_engagement(owner);
  ApiSession client(server);
  client.use_cookie(accept_invite(client, s.invite_token));
  ASSERT_EQ(approve_as_client(client, s.deliverable).status, 200);
  const std::int64_t invoice = owner.post("/api/v1/projects/" + std::to_string(s.project) + "/invoices",
                                          {{"from_approved_work", true}}).json["id"];
  ASSERT_EQ(owner.post("/api/v1/invoices/" + std::to_string(invoice) + "/send").status, 200);
  ASSERT_EQ(owner.post("/api/v1/invoices/" + std::to_string(invoice) + "/payments",
                       {{"amount_minor", 100}, {"currency", "USD"}, {"idempotency_key", "key-00000001"}}).status, 201);
  EXPECT_NE(sql_on(server, "UPDATE approval SET typed_name = 'Eve'").find("append-only"), std::string::npos);
  EXPECT_NE(sql_on(server, "DELETE FROM approval").find("append-only"), std::string::npos);
  EXPECT_NE(sql_on(server, "UPDATE audit_event SET payload = 'x'").find("append-only"), std::string::npos);
  EXPECT_NE(sql_on(server, "DELETE FROM audit_event").find("append-only"), std::string::npos);
  EXPECT_NE(sql_on(server, "DELETE FROM payment").find("append-only"), std::string::npos);
  EXPECT_NE(sql_on(server, "UPDATE payment SET amount_minor = 1").find("append-only"), std::string::npos);
  EXPECT_TRUE(owner.get("/api/v1/audit/verify").json["ok"]);
  // Someone with the database file can drop the triggers: the chain still tells.
  ASSERT_EQ(sql_on(server, "DROP TRIGGER approval_no_update; UPDATE approval SET typed_name = 'Eve'"), "");
  Reply tampered = owner.get("/api/v1/audit/verify");
  EXPECT_FALSE(tampered.json["ok"]);
  EXPECT_EQ(tampered.json["broken"]["code"], "record_mismatch");
  ASSERT_EQ(sql_on(server, "DROP TRIGGER audit_no_update; UPDATE audit_event SET at = at + 1 WHERE seq = 1"), "");
  Reply chain = owner.get("/api/v1/audit/verify");
  EXPECT_EQ(chain.json["broken"]["code"], "hash_mismatch");
  EXPECT_EQ(chain.json["broken"]["seq"], 1);
}

TEST(Backup, ACopyTakenWhileRunningRestoresEverything) {
  TestServer server;
  ApiSession owner(server);
  owner.log_in(kOwnerEmail, kOwnerPassword);
  const Seeded s = set_up_engagement(owner);
  const std::string target = server.data_dir() + "-backup";
  ASSERT_EQ(server.run_admin("backup --to '" + target + "'"), 0);
  ASSERT_EQ(server.run_admin("backup --to '" + target + "'") == 0, false) << "a second backup must not overwrite the first";
  // Restore: the backup directory is a data directory.
  std::filesystem::remove_all(server.data_dir());
  std::filesystem::rename(target, server.data_dir());
  server.restart();
  ApiSession again(server);
  again.log_in(kOwnerEmail, kOwnerPassword);
  Reply p = again.get("/api/v1/projects/" + std::to_string(s.project));
  ASSERT_EQ(p.status, 200);
  EXPECT_EQ(p.json["deliverables"][0]["review"], "in_review");
  Reply file = again.get("/api/v1/files/" + std::to_string(s.file));
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, "<svg/>");
}
