// portal_view_model.h — the whole portal as state + intents: who is logged in, where
// they are (a hash route), each screen's view-model, and what the browser must do.
//
// The platform layer calls frame() every frame with the location hash and the time,
// performs take_effects() and sets location.hash from take_new_hash(); everything else
// is plain C++, tested natively with a fake server.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api_client.h"
#include "route.h"
#include "screen_view_models.h"
#include "session_view_model.h"

namespace handoff::client {

struct NavItem {
  const char* label;
  Route route;
};

class PortalViewModel {
 public:
  // `new_key` makes random idempotency keys (the browser's crypto in the portal).
  PortalViewModel(ApiClient& api, std::function<std::string()> new_key);

  // Platform -> portal. `hash` is location.hash; `now` unix seconds.
  void start(std::string_view hash, std::int64_t now);
  void frame(std::string_view hash, std::int64_t now);

  // Portal -> platform.
  std::optional<std::string> take_new_hash();
  std::vector<Effect> take_effects();

  // Intents.
  void navigate(Route r);
  void log_out() { session.log_out(); }
  void accept_invite();

  const Route& route() const { return route_; }
  // The areas for the logged-in user's role (team or client).
  std::vector<NavItem> nav() const;
  // Where someone lands after logging in.
  Route home() const;
  // The workspace's brand colour ("#2f5bea"), once loaded after logging in; "" before.
  std::string brand_colour() const;
  // Where the workspace logo downloads from ("/api/v1/files/9"); "" when there is none.
  std::string logo_path() const;
  // The platform reports progress of an upload it POSTs to `target` (an Effect's text);
  // the screen that asked for it follows it.
  void on_upload(const std::string& target, const std::string& name, std::int64_t loaded, std::int64_t total,
                 bool done, const std::string& error);

  ApiClient& api;
  SessionViewModel session;
  ScreenContext ctx;
  // Screens (the one for route() is current).
  DashboardScreen dashboard;
  ClientsScreen clients;
  SettingsScreen settings;
  InvoicesScreen invoices;
  ProjectScreen project;
  DeliverableScreen deliverable;
  NewInvoiceScreen new_invoice;
  InvoiceScreen invoice;
  HomeScreen client_home;
  Resource workspace;  // GET /workspace: name and brand for everyone logged in
  // The invite page (no login needed).
  std::string invite_password;
  Action invite;

 private:
  void open_current();
  std::vector<Effect> effects_;
  Route route_{Page::login};
  std::string last_hash_;
  std::optional<std::string> new_hash_;
  std::optional<Route> after_login_;  // a deep link opened before logging in
  Screen last_screen_ = Screen::starting;
  unsigned seen_settings_version_ = 0;
};

}  // namespace handoff::client
