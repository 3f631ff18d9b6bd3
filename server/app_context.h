// app_context.h — what every request handler may reach: the database, the clock, the data
// directory and the per-process caches. Kept apart from app.h (which installs the routes)
// so the API layer (api.h) and the handlers depend on this and nothing route-shaped.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "cache.h"
#include "db.h"
#include "store.h"

namespace handoff::server {

class StaticFiles;    // static_files.h
class LoginThrottle;  // auth.h

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

}  // namespace handoff::server
