// fake_server.h — the view-model tests' transport: inspects what a view-model queued on
// the ApiClient and answers it, synchronously, as the real server would.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api_client.h"

namespace handoff::client::testing {

class FakeServer {
 public:
  explicit FakeServer(ApiClient& api) : api_(api) {}

  // Takes the queued requests; the test then answers each with reply().
  std::vector<ApiRequest> take() {
    auto out = api_.take_outgoing();
    for (const auto& r : out) pending_.push_back(r);
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
};

}  // namespace handoff::client::testing
