// A person holding a certificate recomputes every hash with a short script that is not
// Handoff (scripts/verify_certificate.py, Python's standard library only): the documented
// canonical forms are enough, and a changed record or a changed file is caught.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "api_session.h"
#include "engagement_setup.h"

using namespace handoff;
using namespace handoff::testing;

namespace {

struct ScriptRun {
  int status = -1;
  std::string output;
};

// Runs the script on `certificate` (and `files`, `chain` when given) in a scratch directory.
ScriptRun run_script(const std::string& dir, const nlohmann::json& certificate, const std::vector<std::string>& files,
                     const nlohmann::json& chain = nullptr) {
  std::ofstream(dir + "/cert.json") << certificate.dump();
  std::string cmd = "/usr/bin/python3 " HANDOFF_SOURCE_DIR "/scripts/verify_certificate.py '" + dir + "/cert.json'";
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string path = dir + "/file" + std::to_string(i);
    std::ofstream(path, std::ios::binary) << files[i];
    cmd += " '" + path + "'";
  }
  if (!chain.is_null()) {
    std::ofstream(dir + "/chain.json") << chain.dump();
    cmd += " --chain '" + dir + "/chain.json'";
  }
  ScriptRun run;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return run;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) run.output += buf;
  const int rc = pclose(p);
  run.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return run;
}

}  // namespace

TEST(CertificateScript, RecomputesEveryHashOutsideHandoff) {
  TestServer server;
  BothSides both(server);
  Reply approved = approve_as_client(both.client, both.s.deliverable);
  ASSERT_EQ(approved.status, 200);
  Reply cert = both.client.get("/api/v1/approvals/" + std::to_string(approved.json["approval_id"].get<std::int64_t>()) +
                               "/certificate");
  ASSERT_EQ(cert.status, 200) << cert.body;
  ASSERT_TRUE(cert.json.contains("version"));
  ASSERT_TRUE(cert.json["how_to_verify"].contains("canonical_form"));
  const nlohmann::json chain = both.client.get("/api/v1/audit/chain").json;
  const std::string dir = server.data_dir() + "-script";
  std::filesystem::create_directories(dir);

  ScriptRun ok = run_script(dir, cert.json, {"<svg/>"}, chain);
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("verified"), std::string::npos) << ok.output;

  nlohmann::json renamed = cert.json;
  renamed["approval"]["typed_name"] = "Someone Else";
  ScriptRun bad_record = run_script(dir, renamed, {});
  EXPECT_EQ(bad_record.status, 1) << bad_record.output;
  EXPECT_NE(bad_record.output.find("approval_hash"), std::string::npos) << bad_record.output;

  ScriptRun bad_file = run_script(dir, cert.json, {"<svg />"});
  EXPECT_EQ(bad_file.status, 1) << bad_file.output;
  EXPECT_NE(bad_file.output.find("is not the approved logo.svg"), std::string::npos) << bad_file.output;

  nlohmann::json other_version = cert.json;
  other_version["version"]["files"][0]["size"] = 7;
  EXPECT_EQ(run_script(dir, other_version, {}).status, 1);

  // Every link of the client's view carries what its hash covers, and is recomputed.
  ASSERT_TRUE(chain["links"][0].contains("payload"));
  nlohmann::json altered = chain;
  altered["links"][0]["payload"] = "handoff.approval.v1\n";
  ScriptRun bad_event = run_script(dir, cert.json, {}, altered);
  EXPECT_EQ(bad_event.status, 1) << bad_event.output;
  EXPECT_NE(bad_event.output.find("does not match its hash"), std::string::npos) << bad_event.output;

  nlohmann::json cut = chain;
  cut["links"][0]["hash"] = std::string(64, '0');
  ScriptRun bad_chain = run_script(dir, cert.json, {}, cut);
  EXPECT_EQ(bad_chain.status, 1) << bad_chain.output;
  std::filesystem::remove_all(dir);
}
