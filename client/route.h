// route.h — the portal's places as URL hash routes, so deep links, reload and the
// browser's back/forward buttons work:
//   #/dashboard  #/clients  #/projects  #/projects/7  #/projects/7/invoice
//   #/deliverables/12  #/invoices  #/invoices/3  #/settings  #/home  #/invite/<token>
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace handoff::client {

enum class Page {
  login,        // not a hash: shown whenever nobody is logged in
  invite,       // #/invite/<token>: a client sets a password
  home,         // a client's engagements and what waits on them
  dashboard,    // the team's overview
  clients,
  projects,
  project,      // one project: milestones, tasks, deliverables, files
  new_invoice,  // create an invoice from a project's approved work
  deliverable,  // review and approve (client) or prepare (team)
  invoices,
  invoice,
  settings,
};

struct Route {
  Page page = Page::dashboard;
  std::int64_t id = 0;  // project, deliverable or invoice id
  std::string token;    // invite token
  friend bool operator==(const Route&, const Route&) = default;
};

// Parses a location hash ("#/projects/7", "" or garbage -> nullopt-like default:
// Page::dashboard with id 0). Ids must be positive decimal numbers.
Route parse_route(std::string_view hash);
// The hash for `r` ("#/projects/7"); Page::login has none ("").
std::string route_hash(const Route& r);

}  // namespace handoff::client
