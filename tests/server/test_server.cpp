#include "test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "handoff/sha256.h"

namespace handoff::testing {

namespace fs = std::filesystem;

TestServer::TestServer(std::map<std::string, std::string> web_files) {
  char tmpl[] = "/tmp/handoff-test-XXXXXX";
  root_ = mkdtemp(tmpl);
  data_dir_ = root_ + "/data";
  web_dir_ = root_ + "/web";
  fs::create_directories(web_dir_);
  web_files.emplace("index.html", "<!doctype html><title>Handoff</title>");
  for (const auto& [name, bytes] : web_files) std::ofstream(web_dir_ + "/" + name, std::ios::binary) << bytes;
  start();
}

TestServer::~TestServer() {
  stop();
  std::error_code ec;
  fs::remove_all(root_, ec);
}

void TestServer::start() {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_ = fork();
  ASSERT_GE(pid_, 0);
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    setenv("HANDOFF_OWNER_PASSWORD", kOwnerPassword, 1);
    setenv("HANDOFF_OWNER_EMAIL", kOwnerEmail, 1);
    execl(HANDOFF_SERVER_BIN, HANDOFF_SERVER_BIN, "--host", "127.0.0.1", "--port", "0", "--data",
          data_dir_.c_str(), "--web", web_dir_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  // Wait for "Handoff is running at http://127.0.0.1:PORT/" (up to 20 s).
  const std::regex ready(R"(running at http://127\.0\.0\.1:(\d+)/)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::smatch m;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      char buf[4096];
      const ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;  // the server exited
      output_.append(buf, static_cast<std::size_t>(n));
      if (std::regex_search(output_, m, ready)) {
        port_ = std::stoi(m[1]);
        break;
      }
    }
  }
  close(out[0]);
  ASSERT_GT(port_, 0) << "server did not start; output:\n" << output_;
  httplib::Client c = client();
  for (int i = 0; i < 100; ++i) {
    if (auto r = c.Get("/api/v1/health"); r && r->status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "server never became healthy";
}

void TestServer::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  ADD_FAILURE() << "server ignored SIGTERM for 5 s";
}

void TestServer::crash() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void TestServer::restart() {
  stop();
  port_ = 0;
  output_.clear();
  start();
}

int TestServer::run_admin(const std::string& args) const {
  const std::string cmd = std::string("HANDOFF_OWNER_PASSWORD=") + kOwnerPassword + " " + HANDOFF_SERVER_BIN + " " +
                          args + " --data '" + data_dir_ + "' >/dev/null";
  return std::system(cmd.c_str());
}

std::string sql_on(const TestServer& s, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open((s.data_dir() + "/handoff.db").c_str(), &db);
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string out = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  return out;
}

std::string sql_value(const TestServer& s, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2((s.data_dir() + "/handoff.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  std::string out;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::string TestServer::fingerprint() const {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2((data_dir_ + "/handoff.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "cannot open";
  }
  sqlite3_busy_timeout(db, 5000);
  std::vector<std::string> tables;
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  std::string all;
  for (const std::string& t : tables) {
    all += "table " + t + "\n";
    sqlite3_prepare_v2(db, ("SELECT * FROM \"" + t + "\"").c_str(), -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        const unsigned char* v = sqlite3_column_text(s, i);
        all += v ? reinterpret_cast<const char*>(v) : "NULL";
        all += '\x1f';
      }
      all += '\n';
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return handoff::sha256_hex(all);
}

httplib::Client TestServer::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(5);
  c.set_read_timeout(10);
  c.set_write_timeout(10);
  return c;
}

std::string log_in(httplib::Client& c, const std::string& email, const std::string& password) {
  nlohmann::json body = {{"email", email}, {"password", password}};
  auto r = c.Post("/api/v1/session", body.dump(), "application/json");
  if (!r || r->status != 200) return {};
  const std::string set_cookie = r->get_header_value("Set-Cookie");
  return set_cookie.substr(0, set_cookie.find(';'));
}

int connect_from(const char* local_ip, int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, local_ip, &local.sin_addr);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<uint16_t>(port));
  server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

std::string raw_exchange(int port, const std::string& bytes, int timeout_ms) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return {};
  }
  // Send in slices, stopping as soon as the server answers: a server that refuses a
  // request after its headers must not have to swallow the whole body first.
  timeval send_timeout{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const std::size_t slice = std::min<std::size_t>(bytes.size() - sent, 64 * 1024);
    const ssize_t n = send(fd, bytes.data() + sent, slice, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 0) > 0) break;  // the server already answered
  }
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) {
      if (!out.empty() && out.find("\r\n\r\n") != std::string::npos) {
        // Headers are in; stop once the declared body has arrived.
        const auto cl = out.find("Content-Length: ");
        const auto head_end = out.find("\r\n\r\n") + 4;
        if (cl != std::string::npos && out.size() >= head_end + std::stoul(out.substr(cl + 16))) break;
      }
      continue;
    }
    char buf[8192];
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  return out;
}

int raw_status(const std::string& raw) {
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || raw.size() < 12) return 0;
  return std::atoi(raw.substr(9, 3).c_str());
}

}  // namespace handoff::testing
