// GuardedServer in this process (no handoff-server binary): the request-setup hook runs on
// every request before routing, the request carries the socket's real peer address, and
// stop() ends listen() promptly.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "connection_gate.h"
#include "test_server.h"

using handoff::server::GuardedServer;

namespace {

// GET `target` over a new connection from `local_ip`; returns the raw response ("" on failure).
std::string get_from(const char* local_ip, int port, const std::string& target, const std::string& headers = "") {
  const int fd = handoff::testing::connect_from(local_ip, port);
  std::string out;
  if (fd >= 0) {
    timeval timeout{3, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers + "\r\n";
    send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    char buf[4096];
    for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  return out;
}

}  // namespace

TEST(GuardedServer, SetupHookRunsBeforeRoutingAndPeerAddressIsTheSocket) {
  GuardedServer server(2);
  server.set_request_setup([](httplib::Request& req) {
    req.ranges.clear();  // what the hook is for: e.g. no byte ranges on API routes
    req.set_header("X-Setup-Ran", "yes");
  });
  server.Get("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.get_header_value("X-Setup-Ran") + " ranges=" + std::to_string(req.ranges.size()) +
                        " from=" + req.remote_addr,
                    "text/plain");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread listener([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  const std::string raw = get_from("127.0.0.9", port, "/echo", "Range: bytes=0-1\r\nREMOTE_ADDR: 6.6.6.6\r\n");
  EXPECT_EQ(raw.rfind("HTTP/1.1 200 ", 0), 0u) << raw;  // 200, not 206: the hook cleared the range
  EXPECT_NE(raw.find("\r\n\r\nyes ranges=0 from=127.0.0.9"), std::string::npos) << raw;

  const auto start = std::chrono::steady_clock::now();
  server.stop();
  listener.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

// An exception outside httplib's handler try-block (here from the setup hook) closes that
// connection; the worker survives and the next request is served.
TEST(GuardedServer, ThrowingSetupHookClosesOnlyThatConnection) {
  GuardedServer server(1);  // one worker: if it died, nothing would be served
  server.set_request_setup([](httplib::Request& req) {
    if (req.path == "/boom") throw std::runtime_error("hook failed");
  });
  server.Get("/ok", [](const httplib::Request&, httplib::Response& res) { res.set_content("fine", "text/plain"); });
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread listener([&] { server.listen_after_bind(); });

  EXPECT_EQ(get_from("127.0.0.1", port, "/boom"), "");
  const std::string ok = get_from("127.0.0.1", port, "/ok");
  EXPECT_EQ(ok.rfind("HTTP/1.1 200 ", 0), 0u) << ok;
  server.stop();
  listener.join();
}
