// handoff-bench-seed — fills a running server with a realistic workspace through its
// API, then prints what the load generator needs as JSON on stdout:
//   20 clients (one client user each), 60 projects, 6,000 tasks, 500 deliverables each
//   approved by its client (timed: approvals per second end to end), 2,000 invoices sent.
//
//   handoff-bench-seed PORT OWNER_EMAIL OWNER_PASSWORD [THREADS]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

int g_port = 0;

struct Session {
  httplib::Client http{"127.0.0.1", g_port};
  std::string cookie;

  json call(const std::string& method, const std::string& path, const json& body = nullptr, int expect = 0) {
    httplib::Headers h;
    if (!cookie.empty()) h.emplace("Cookie", cookie);
    httplib::Result r = method == "GET"     ? http.Get(path, h)
                        : method == "PATCH" ? http.Patch(path, h, body.dump(), "application/json")
                        : method == "PUT"   ? http.Put(path, h, body.dump(), "application/json")
                                            : http.Post(path, h, body.is_null() ? "{}" : body.dump(), "application/json");
    if (!r || (expect && r->status != expect) || r->status >= 400) {
      std::fprintf(stderr, "seed: %s %s -> %d %s\n", method.c_str(), path.c_str(), r ? r->status : 0,
                   r ? r->body.c_str() : "(no answer)");
      std::exit(1);
    }
    if (r->has_header("Set-Cookie")) {
      const std::string c = r->get_header_value("Set-Cookie");
      cookie = c.substr(0, c.find(';'));
    }
    return json::parse(r->body, nullptr, false);
  }
};

constexpr int kClients = 20, kProjects = 60, kTasks = 6000, kDeliverables = 500, kInvoices = 2000;
const std::string kProposal(64, 'b');

// Runs f(i) for i in [0, n) on `threads` threads.
template <class F>
void parallel(int n, int threads, F f) {
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = next++; i < n; i = next++) f(i);
    });
  }
  for (auto& t : pool) t.join();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: handoff-bench-seed PORT OWNER_EMAIL OWNER_PASSWORD [THREADS]\n");
    return 2;
  }
  g_port = std::atoi(argv[1]);
  const int threads = argc > 4 ? std::atoi(argv[4]) : 8;
  Session owner;
  owner.call("POST", "/api/v1/session", {{"email", argv[2]}, {"password", argv[3]}});
  owner.call("PATCH", "/api/v1/workspace", {{"tax_basis_points", 2000}});

  // Clients, each with a client user who accepts the invite.
  std::vector<long long> clients(kClients);
  std::vector<std::string> client_cookies(kClients);
  std::vector<std::string> client_names(kClients);
  parallel(kClients, threads, [&](int i) {
    Session s;
    s.cookie = owner.cookie;
    clients[i] = s.call("POST", "/api/v1/clients", {{"name", "Client " + std::to_string(i + 1)}})["id"];
    client_names[i] = "Client User " + std::to_string(i + 1);
    json invite = s.call("POST", "/api/v1/clients/" + std::to_string(clients[i]) + "/users",
                         {{"email", "user" + std::to_string(i + 1) + "@client.test"}, {"name", client_names[i]}});
    Session c;
    c.call("POST", "/api/v1/invites/accept",
           {{"token", invite["invite_path"].get<std::string>().substr(10)}, {"password", "client-password-1"}});
    client_cookies[i] = c.cookie;
  });

  // Projects: two fixed-fee milestones, a deposit the client signed, 100 tasks each.
  struct P {
    long long id = 0, m1 = 0, m2 = 0, authorisation = 0;
    int client = 0;
  };
  std::vector<P> projects(kProjects);
  parallel(kProjects, threads, [&](int i) {
    Session s;
    s.cookie = owner.cookie;
    P& p = projects[i];
    p.client = i % kClients;
    const std::string base = "/api/v1/projects/";
    p.id = s.call("POST", "/api/v1/projects", {{"client_id", clients[p.client]}, {"name", "Project " + std::to_string(i + 1)}})["id"];
    const std::string pp = base + std::to_string(p.id);
    p.m1 = s.call("POST", pp + "/milestones", {{"name", "Design"}, {"billing", "fixed_fee"}, {"amount_minor", 400000}})["id"];
    p.m2 = s.call("POST", pp + "/milestones", {{"name", "Build"}, {"billing", "fixed_fee"}, {"amount_minor", 900000}})["id"];
    json a = s.call("POST", pp + "/authorisations", {{"kind", "deposit"}, {"description", "Deposit"},
                                                      {"amount_minor", 100000000}, {"proposal_hash", kProposal}});
    p.authorisation = a["authorisations"][0]["id"];
    Session c;
    c.cookie = client_cookies[p.client];
    c.call("POST", pp + "/proposal-signatures", {{"proposal_hash", kProposal}, {"typed_name", client_names[p.client]},
                                                 {"consent", true}, {"statement", "I accept proposal " + kProposal}});
    for (int t = 0; t < kTasks / kProjects; ++t) {
      s.call("POST", pp + "/tasks", {{"title", "Task " + std::to_string(t + 1)}, {"milestone_id", t % 2 ? p.m2 : p.m1},
                                     {"status", t % 3 == 0 ? "done" : t % 3 == 1 ? "doing" : "todo"},
                                     {"client_visible", t % 3 != 2}});
    }
  });

  // Deliverables in review, then approved by their clients: timed end to end.
  struct D {
    long long id = 0;
    int project = 0;
    std::string statement;
  };
  std::vector<D> deliverables(kDeliverables);
  parallel(kDeliverables, threads, [&](int i) {
    Session s;
    s.cookie = owner.cookie;
    D& d = deliverables[i];
    d.project = i % kProjects;
    const P& p = projects[d.project];
    httplib::Headers h{{"Cookie", owner.cookie}};
    auto up = s.http.Post("/api/v1/projects/" + std::to_string(p.id) + "/files?name=work-" + std::to_string(i) + ".pdf", h,
                          "deliverable bytes " + std::to_string(i), "application/octet-stream");
    const long long file = json::parse(up->body)["id"];
    d.id = s.call("POST", "/api/v1/milestones/" + std::to_string((i / kProjects) % 2 ? p.m2 : p.m1) + "/deliverables",
                  {{"name", "Deliverable " + std::to_string(i + 1)}, {"qa", {"Checked"}}})["id"];
    const std::string dd = "/api/v1/deliverables/" + std::to_string(d.id);
    s.call("POST", dd + "/versions", {{"file_ids", {file}}});
    s.call("PUT", dd + "/qa/1", {{"done", true}});
    d.statement = s.call("POST", dd + "/submit")["statement"];
  });
  const auto t0 = std::chrono::steady_clock::now();
  parallel(kDeliverables, threads, [&](int i) {
    const D& d = deliverables[i];
    Session c;
    c.cookie = client_cookies[projects[d.project].client];
    c.call("POST", "/api/v1/deliverables/" + std::to_string(d.id) + "/approve",
           {{"version", 1}, {"typed_name", client_names[projects[d.project].client]}, {"consent", true},
            {"statement", d.statement}});
  });
  const double approve_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // Invoices: each project's two milestones, the rest deposit invoices; all sent.
  std::atomic<int> invoices{0};
  parallel(kProjects, threads, [&](int i) {
    Session s;
    s.cookie = owner.cookie;
    const P& p = projects[i];
    const int count = kInvoices / kProjects + (i < kInvoices % kProjects ? 1 : 0);
    for (int k = 0; k < count; ++k) {
      json lines = k < 2 ? json{{{"kind", "milestone"}, {"source_id", k == 0 ? p.m1 : p.m2}}}
                         : json{{{"kind", "authorisation"}, {"source_id", p.authorisation}, {"unit_price_minor", 10000 + k}}};
      json inv = s.call("POST", "/api/v1/projects/" + std::to_string(p.id) + "/invoices", {{"lines", lines}});
      s.call("POST", "/api/v1/invoices/" + std::to_string(inv["id"].get<long long>()) + "/send");
      ++invoices;
    }
  });

  std::printf("%s\n", json{{"owner_cookie", owner.cookie},
                            {"client_cookie", client_cookies[0]},
                            {"client_project", projects[0].id},
                            {"clients", kClients},
                            {"projects", kProjects},
                            {"tasks", kTasks},
                            {"approvals", kDeliverables},
                            {"invoices", invoices.load()},
                            {"approve_seconds", approve_seconds},
                            {"approvals_per_second", kDeliverables / approve_seconds}}
                          .dump()
                          .c_str());
  return 0;
}
