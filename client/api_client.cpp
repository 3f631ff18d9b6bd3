#include "api_client.h"

#include <utility>

namespace handoff::client {

std::uint64_t ApiClient::send(std::string method, std::string path, std::string body, Handler on_done) {
  const std::uint64_t id = next_id_++;
  outgoing_.push_back({id, std::move(method), std::move(path), std::move(body)});
  handlers_.emplace(id, std::move(on_done));
  return id;
}

std::vector<ApiRequest> ApiClient::take_outgoing() {
  std::vector<ApiRequest> out;
  out.swap(outgoing_);
  return out;
}

void ApiClient::deliver(std::uint64_t id, const ApiResponse& response) {
  auto it = handlers_.find(id);
  if (it == handlers_.end()) return;
  Handler h = std::move(it->second);
  handlers_.erase(it);  // before calling: the handler may send more requests
  ++answered_;
  h(response);
}

}  // namespace handoff::client
