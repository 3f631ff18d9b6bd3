// app.h — installing the server's routes (the API and the portal's files) on an
// httplib::Server, and the first start's owner. Handlers see only AppContext
// (app_context.h) and Call (api.h).
#pragma once

#include <cstdint>
#include <string>

#include <httplib.h>

#include "app_context.h"
#include "auth.h"
#include "db.h"
#include "static_files.h"

namespace handoff::server {

// Registers every route on `server`: the API (routes.cpp) and the portal's files.
void install_routes(httplib::Server& server, AppContext& app);

// Creates the first workspace and its owner when the database has no users.
// Returns true when it created them.
bool ensure_owner(Database& db, const std::string& email, const std::string& password,
                  std::int64_t now);

}  // namespace handoff::server
