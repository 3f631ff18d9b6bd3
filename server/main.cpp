// handoff-server: one process, one port — the API and the portal's files.
//
//   handoff-server [--host H] [--port P] [--data DIR] [--web DIR] [--trusted-proxy ADDR,...]
//   handoff-server backup --to DIR [--data DIR]           consistent copy, safe while running
//   handoff-server create-workspace --name NAME --owner-email EMAIL [--data DIR]
//                                                         another tenant (password: HANDOFF_OWNER_PASSWORD or printed)
//
// Every flag has an environment twin (HANDOFF_HOST, HANDOFF_PORT, HANDOFF_DATA_DIR,
// HANDOFF_WEB_DIR); flags win. On first run it creates the owner (HANDOFF_OWNER_EMAIL,
// default owner@handoff.local; HANDOFF_OWNER_PASSWORD, default: random, printed once).
// --port 0 picks a free port. The line "Handoff is running at URL" is printed once the
// server accepts connections (tests wait for it).
#include <sodium.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <set>
#include <string>
#include <thread>

#include "handoff/credentials.h"

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "connection_gate.h"
#include "db.h"
#include "http.h"
#include "static_files.h"

namespace {

struct Config {
  std::string command;  // "" (serve), "backup", "create-workspace"
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string data_dir = "data";
  std::string web_dir = "web";
  std::string backup_to;
  std::string workspace_name;
  std::string owner_email;
  std::set<std::string> trusted_proxies;
};

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

constexpr const char* kUsage =
    "usage: handoff-server [--host H] [--port P] [--data DIR] [--web DIR] [--trusted-proxy ADDR[,ADDR...]]\n"
    "       handoff-server backup --to DIR [--data DIR]\n"
    "       handoff-server create-workspace --name NAME --owner-email EMAIL [--data DIR]\n"
    "Environment: HANDOFF_HOST, HANDOFF_PORT, HANDOFF_DATA_DIR, HANDOFF_WEB_DIR, HANDOFF_TRUSTED_PROXY,\n"
    "HANDOFF_OWNER_EMAIL, HANDOFF_OWNER_PASSWORD (flags win). See README.md.\n";

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "handoff-server: %s\n%s", why, kUsage);
  std::exit(2);
}

// "a,b , c" -> {"a", "b", "c"}
std::set<std::string> address_list(const std::string& text) {
  std::set<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(pos, end - pos);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.insert(item);
    pos = end + 1;
  }
  return out;
}

Config parse_args(int argc, char** argv) {
  Config c;
  c.host = env_or("HANDOFF_HOST", c.host);
  c.port = std::atoi(env_or("HANDOFF_PORT", std::to_string(c.port)).c_str());
  c.data_dir = env_or("HANDOFF_DATA_DIR", c.data_dir);
  c.web_dir = env_or("HANDOFF_WEB_DIR", c.web_dir);
  c.trusted_proxies = address_list(env_or("HANDOFF_TRUSTED_PROXY", ""));
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::printf("%s", kUsage);
      std::exit(0);
    }
  }
  int first = 1;
  if (argc > 1 && argv[1][0] != '-') {
    c.command = argv[1];
    first = 2;
    if (c.command != "backup" && c.command != "create-workspace") usage(("unknown command " + c.command).c_str());
  }
  for (int i = first; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) usage(("missing value after " + a).c_str());
    const std::string v = argv[++i];
    if (a == "--host") c.host = v;
    else if (a == "--port") c.port = std::atoi(v.c_str());
    else if (a == "--data") c.data_dir = v;
    else if (a == "--web") c.web_dir = v;
    else if (a == "--to") c.backup_to = v;
    else if (a == "--name") c.workspace_name = v;
    else if (a == "--owner-email") c.owner_email = v;
    else if (a == "--trusted-proxy") c.trusted_proxies = address_list(v);
    else usage(("unknown option " + a).c_str());
  }
  if (c.port < 0 || c.port > 65535) usage("port must be 0..65535");
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace handoff::server;
  const Config config = parse_args(argc, argv);
  if (sodium_init() < 0) {
    std::fprintf(stderr, "handoff-server: libsodium failed to initialise\n");
    return 1;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  if (config.command == "backup") {
    if (config.backup_to.empty()) usage("backup needs --to DIR");
    return backup_data_dir(config.data_dir, config.backup_to);
  }
  if (config.command == "create-workspace") {
    if (config.workspace_name.empty() || config.owner_email.empty()) usage("create-workspace needs --name and --owner-email");
    const char* given = std::getenv("HANDOFF_OWNER_PASSWORD");
    const std::string password = given && *given ? given : random_password();
    const int rc = create_workspace(config.data_dir, config.workspace_name, config.owner_email, password, std::time(nullptr));
    if (rc == 0 && !(given && *given)) std::printf("  password: %s (shown once)\n", password.c_str());
    return rc;
  }

  // Signals are handled by one thread with sigwait: block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    std::filesystem::create_directories(config.data_dir);
    ::chmod(config.data_dir.c_str(), 0700);
    Database db(config.data_dir + "/handoff.db", kDatabaseConnections);
    StaticFiles web(config.web_dir);
    LoginThrottle throttle;
    AppContext app{db, web, throttle, [] { return static_cast<std::int64_t>(std::time(nullptr)); }, config.data_dir, {}, {},
                   config.trusted_proxies};

    const std::string email =
        handoff::normalize_email(env_or("HANDOFF_OWNER_EMAIL", "owner@handoff.local")).value_or("owner@handoff.local");
    const char* given_password = std::getenv("HANDOFF_OWNER_PASSWORD");
    const std::string password = given_password && *given_password ? given_password : random_password();
    if (auto problem = handoff::password_problem(password)) {
      std::fprintf(stderr, "handoff-server: HANDOFF_OWNER_PASSWORD: %s\n", problem->c_str());
      return 2;
    }
    if (ensure_owner(db, email, password, app.now())) {
      if (given_password && *given_password) {
        std::printf("First run: created the owner %s with the password from HANDOFF_OWNER_PASSWORD.\n", email.c_str());
      } else {
        std::printf("First run: created the owner.\n  email:    %s\n  password: %s\n"
                    "  (shown once; it is stored only as an argon2id hash)\n", email.c_str(), password.c_str());
      }
    }

    GuardedServer server(kThreads);  // connections held by its gate, not by threads
    configure_server(server);
    server.set_request_setup(drop_ranges);
    server.set_trusted_proxies(config.trusted_proxies);
    install_routes(server, app);
    int port = config.port;
    if (port == 0) {
      port = server.bind_to_any_port(config.host);
    } else if (!server.bind_to_port(config.host, port)) {
      port = -1;
    }
    if (port <= 0) {
      std::fprintf(stderr, "handoff-server: cannot listen on %s:%d (in use? set --port or HANDOFF_PORT)\n",
                   config.host.c_str(), config.port);
      return 1;
    }
    widen_listen_backlog();
    std::thread stopper([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      server.stop();
    });
    std::printf("Handoff is running at http://%s:%d/  (data: %s)\n", config.host.c_str(), port,
                std::filesystem::absolute(config.data_dir).c_str());
    server.listen_after_bind();
    pthread_kill(stopper.native_handle(), SIGTERM);  // wake sigwait if stop came otherwise
    stopper.join();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "handoff-server: %s\n", e.what());
    return 1;
  }
  return 0;
}
