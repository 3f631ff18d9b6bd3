#include "portal_view_model.h"

#include "handoff/api_paths.h"
#include "handoff/json_read.h"

namespace handoff::client {

PortalViewModel::PortalViewModel(ApiClient& a, std::function<std::string()> new_key)
    : api(a), session(a), ctx{a, [this](Route r) { navigate(r); }, effects_, std::move(new_key), 0, "", std::nullopt} {}

void PortalViewModel::start(std::string_view hash, std::int64_t now) {
  ctx.now = now;
  last_hash_ = std::string(hash);
  const Route wanted = parse_route(hash);
  if (wanted.page == Page::invite) {
    route_ = wanted;  // no session needed to accept an invite
    return;
  }
  if (!hash.empty()) after_login_ = wanted;
  session.start();
}

void PortalViewModel::frame(std::string_view hash, std::int64_t now) {
  ctx.now = now;
  // Back/forward buttons and typed URLs change the hash under us.
  if (hash != last_hash_) {
    last_hash_ = std::string(hash);
    const Route r = parse_route(hash);
    if (session.screen() == Screen::app && !(r == route_)) {
      route_ = r;
      open_current();
    } else if (r.page == Page::invite) {
      route_ = r;
    }
  }
  // Session transitions: logged in -> home (or the deep link); logged out -> login.
  if (session.screen() != last_screen_) {
    last_screen_ = session.screen();
    ctx.me = session.me();
    if (session.screen() == Screen::app) {
      workspace.load(api, api::workspace_path());
      navigate(after_login_ && after_login_->page != Page::invite ? *after_login_ : home());
      after_login_.reset();
    } else if (session.screen() == Screen::login && route_.page != Page::invite) {
      route_ = {Page::login};
    }
  }
  // Screens keep their derived state in step with what loaded.
  switch (route_.page) {
    case Page::settings:
      settings.sync();
      // A save or a new logo: the header and brand follow at once.
      if (settings.workspace.version() != seen_settings_version_) {
        seen_settings_version_ = settings.workspace.version();
        if (settings.workspace.data() != workspace.data()) workspace.reload(api);
      }
      break;
    case Page::invoice: invoice.sync(ctx); break;
    case Page::project: project.sync(); break;
    case Page::deliverable: deliverable.sync(ctx); break;
    case Page::new_invoice: new_invoice.sync(); break;
    case Page::home: client_home.sync(ctx); break;
    default: break;
  }
}

std::optional<std::string> PortalViewModel::take_new_hash() {
  std::optional<std::string> h;
  h.swap(new_hash_);
  return h;
}

std::vector<Effect> PortalViewModel::take_effects() {
  std::vector<Effect> out;
  out.swap(effects_);
  return out;
}

void PortalViewModel::navigate(Route r) {
  route_ = r;
  const std::string h = route_hash(r);
  if (h != last_hash_) {
    last_hash_ = h;
    new_hash_ = h;
  }
  open_current();
}

void PortalViewModel::open_current() {
  switch (route_.page) {
    case Page::dashboard: dashboard.open(ctx); break;
    case Page::clients: clients.open(ctx); break;
    case Page::projects: clients.open(ctx); break;
    case Page::settings: settings.open(ctx); break;
    case Page::invoices: invoices.open(ctx); break;
    case Page::project: project.open(ctx, route_.id); break;
    case Page::deliverable: deliverable = DeliverableScreen{}; deliverable.open(ctx, route_.id); break;
    case Page::new_invoice: new_invoice = NewInvoiceScreen{}; new_invoice.open(ctx, route_.id); break;
    case Page::invoice: invoice = InvoiceScreen{}; invoice.open(ctx, route_.id); break;
    case Page::home: client_home = HomeScreen{}; client_home.open(ctx); break;
    case Page::login:
    case Page::invite: break;
  }
}

std::vector<NavItem> PortalViewModel::nav() const {
  if (ctx.me && ctx.me->role == Role::client) {
    return {{"Home", {Page::home}}, {"Invoices", {Page::invoices}}};
  }
  return {{"Dashboard", {Page::dashboard}}, {"Clients", {Page::clients}}, {"Projects", {Page::projects}},
          {"Invoices", {Page::invoices}},   {"Settings", {Page::settings}}};
}

std::string PortalViewModel::brand_colour() const {
  return workspace.loaded() ? workspace.data().value("brand_colour", "") : "";
}

std::string PortalViewModel::logo_path() const {
  const std::int64_t id = workspace.loaded() ? workspace.data().value("logo_file_id", 0) : 0;
  return id ? api::file_path(id) : "";
}

void PortalViewModel::on_upload(const std::string& target, const std::string& name, std::int64_t loaded,
                                std::int64_t total, bool done, const std::string& error) {
  if (target == logo_upload_path()) {
    settings.on_upload(ctx, name, loaded, total, done, error);
  } else if (target == project.upload_path()) {
    project.on_upload(ctx, name, loaded, total, done, error);
  }
  // Otherwise the person has left the screen the upload belongs to; a project's list
  // shows the file when they come back.
}

Route PortalViewModel::home() const {
  return ctx.me && ctx.me->role == Role::client ? Route{Page::home} : Route{Page::dashboard};
}

void PortalViewModel::accept_invite() {
  invite.run(api, "POST", api::invite_accept_path(), {{"token", route_.token}, {"password", invite_password}},
             [this](const nlohmann::json& j) {
               invite_password.clear();
               Result<wire::Me> me = wire::me_from_json(j);
               if (me.ok()) session.enter_app(std::move(me).take());
             });
}

}  // namespace handoff::client
