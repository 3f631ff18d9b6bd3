// test_server.h — a real handoff-server for one test: a fresh data directory, a free
// loopback port, readiness awaited, always stopped (also when the test fails).
#pragma once

#include <sys/types.h>

#include <map>
#include <string>

#include <httplib.h>

namespace handoff::testing {

inline constexpr const char* kOwnerEmail = "owner@handoff.local";
inline constexpr const char* kOwnerPassword = "correct-horse-battery";

class TestServer {
 public:
  // Starts the server (fails the test via ADD_FAILURE when it cannot).
  // `web_files` become the web directory (name -> bytes); index.html is always added.
  explicit TestServer(std::map<std::string, std::string> web_files = {});
  ~TestServer();  // SIGTERM, wait, SIGKILL after 5 s; removes the data directory
  TestServer(const TestServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& data_dir() const { return data_dir_; }
  // A client for this server with short timeouts.
  httplib::Client client() const;
  // Stops and restarts on the same data directory (new port).
  void restart();
  // Kills the server with SIGKILL (no cleanup, as in a crash or power cut of the process).
  void crash();
  // Everything the server printed to stdout so far.
  const std::string& output() const { return output_; }
  // Runs `handoff-server ARGS --data <this data dir>` (an admin subcommand) and returns
  // its exit status; HANDOFF_OWNER_PASSWORD is kOwnerPassword.
  int run_admin(const std::string& args) const;
  // SHA-256 over every row of every table of the database (read through SQLite): equal
  // before and after a request iff the request changed nothing.
  std::string fingerprint() const;

 private:
  void start();
  void stop();
  std::string root_;
  std::string data_dir_;
  std::string web_dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string output_;
};

// Runs `sql` on the server's database file directly (as someone holding the file would);
// returns SQLite's error text, or "" when it ran.
std::string sql_on(const TestServer& s, const std::string& sql);

// The first column of the first row `sql` yields on the server's database file (read
// only), or "" when there is no row.
std::string sql_value(const TestServer& s, const std::string& sql);

// Logs in and returns the session cookie pair ("handoff_session=..."), or "" on failure.
std::string log_in(httplib::Client& c, const std::string& email, const std::string& password);

// A TCP connection from `local_ip` (any port; the whole of 127.0.0.0/8 is loopback, so
// tests can be several clients) to 127.0.0.1:`port`; -1 on failure.
int connect_from(const char* local_ip, int port);

// Sends raw bytes over a new connection and returns everything read until the server
// closes or `timeout_ms` passes. For requests httplib's client refuses to make.
std::string raw_exchange(int port, const std::string& bytes, int timeout_ms = 3000);
// The status code of the first response in `raw` (0 if none).
int raw_status(const std::string& raw);

}  // namespace handoff::testing
