// fake_server.h — the view-model tests' transport: inspects what a view-model queued on
// the ApiClient and answers it, synchronously, as the real server would.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "api_client.h"

namespace handoff::client::testing {

class FakeServer {
 public:
  explicit FakeServer(ApiClient& api) : api_(api) {}

  // GET requests for `path` are answered at once with `status` and `body` and never returned
  // by take() (for background loads a test does not care about).
  void auto_reply(std::string path, int status, std::string body) { auto_[std::move(path)] = {status, std::move(body)}; }

  // Takes the queued requests; the test then answers each with reply().
  std::vector<ApiRequest> take() {
    std::vector<ApiRequest> out;
    for (auto& r : api_.take_outgoing()) {
      auto it = r.method == "GET" ? auto_.find(r.path) : auto_.end();
      if (it != auto_.end()) {
        api_.deliver(r.id, {it->second.first, it->second.second});
        continue;
      }
      pending_.push_back(r);
      out.push_back(std::move(r));
    }
    return out;
  }
  // Exactly one request must be queued: returns it (for asserting method/path/body).
  ApiRequest only() {
    auto out = take();
    EXPECT_EQ(out.size(), 1u);
    return out.empty() ? ApiRequest{} : out.front();
  }
  void reply(const ApiRequest& r, int status, std::string body) { api_.deliver(r.id, {status, std::move(body)}); }

 private:
  ApiClient& api_;
  std::vector<ApiRequest> pending_;
  std::map<std::string, std::pair<int, std::string>> auto_;
};

}  // namespace handoff::client::testing
