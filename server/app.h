// app.h — the server's routes. Each handler reads: parse, authorize, load, ask the
// core, persist in one transaction, respond.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include <httplib.h>

#include "auth.h"
#include "cache.h"
#include "store.h"
#include "db.h"
#include "static_files.h"

namespace handoff::server {

struct AppContext {
  Database& db;
  const StaticFiles& web;
  LoginThrottle& throttle;
  std::function<std::int64_t()> now;  // unix seconds; the only clock the routes see
  std::string data_dir;                // holds handoff.db and files/ (the file store)
  GenerationCache<Caller> sessions{};         // token hash -> caller (see cache.h)
  GenerationCache<std::string> responses{};   // computed JSON bodies (progress, dashboard)
  std::set<std::string> trusted_proxies{};    // whose X-Forwarded-For names the client (Call::ip)
};

// Registers every route on `server`: the API (routes.cpp) and the portal's files.
void install_routes(httplib::Server& server, AppContext& app);

// The Set-Cookie value for a session token (empty token + max_age 0: log out).
std::string session_cookie(const std::string& token, std::int64_t max_age);

// Creates the first workspace and its owner when the database has no users.
// Returns true when it created them.
bool ensure_owner(Database& db, const std::string& email, const std::string& password,
                  std::int64_t now);

}  // namespace handoff::server
