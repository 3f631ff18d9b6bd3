#include "route.h"

#include <charconv>
#include <vector>

namespace handoff::client {

namespace {
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (!part.empty()) out.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

std::int64_t id_of(std::string_view s) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  return ec == std::errc() && end == s.data() + s.size() && id > 0 ? id : 0;
}
}  // namespace

Route parse_route(std::string_view hash) {
  if (hash.substr(0, 1) == "#") hash.remove_prefix(1);
  const std::vector<std::string_view> s = segments(hash);
  if (s.empty()) return {};
  const std::string_view head = s[0];
  const std::int64_t id = s.size() > 1 ? id_of(s[1]) : 0;
  if (head == "invite" && s.size() == 2) return {Page::invite, 0, std::string(s[1])};
  if (head == "home") return {Page::home};
  if (head == "dashboard") return {Page::dashboard};
  if (head == "clients") return {Page::clients};
  if (head == "settings") return {Page::settings};
  if (head == "projects" && s.size() == 1) return {Page::projects};
  if (head == "projects" && id && s.size() == 3 && s[2] == "invoice") return {Page::new_invoice, id};
  if (head == "projects" && id && s.size() == 2) return {Page::project, id};
  if (head == "deliverables" && id && s.size() == 2) return {Page::deliverable, id};
  if (head == "invoices" && s.size() == 1) return {Page::invoices};
  if (head == "invoices" && id && s.size() == 2) return {Page::invoice, id};
  return {};
}

std::string route_hash(const Route& r) {
  const std::string id = std::to_string(r.id);
  switch (r.page) {
    case Page::login: return "";
    case Page::invite: return "#/invite/" + r.token;
    case Page::home: return "#/home";
    case Page::dashboard: return "#/dashboard";
    case Page::clients: return "#/clients";
    case Page::projects: return "#/projects";
    case Page::project: return "#/projects/" + id;
    case Page::new_invoice: return "#/projects/" + id + "/invoice";
    case Page::deliverable: return "#/deliverables/" + id;
    case Page::invoices: return "#/invoices";
    case Page::invoice: return "#/invoices/" + id;
    case Page::settings: return "#/settings";
  }
  return "";
}

}  // namespace handoff::client
