// Files: uploaded as raw bodies, stored once per SHA-256 under <data>/files, never under
// a name from the request; downloaded as attachments with an RFC 6266 file name.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "handoff/file_names.h"
#include "handoff/sha256.h"

#include "auth.h"
#include "handlers.h"
#include "http.h"

namespace handoff::server {

namespace {

namespace fs = std::filesystem;

// <data>/files/ab/abcdef... : two-level fan-out by hash prefix.
fs::path blob_path(const std::string& data_dir, const std::string& sha256) {
  return fs::path(data_dir) / "files" / sha256.substr(0, 2) / sha256;
}

// Writes `bytes` to the store under `sha256` unless already there: temp file, fsync,
// rename (atomic), so a crash never leaves a partial blob under a real name.
void store_blob(const std::string& data_dir, const std::string& sha256, const std::string& bytes) {
  const fs::path target = blob_path(data_dir, sha256);
  if (fs::exists(target)) return;
  fs::create_directories(target.parent_path());
  const fs::path tmp_dir = fs::path(data_dir) / "files" / "tmp";
  fs::create_directories(tmp_dir);
  const fs::path tmp = tmp_dir / random_hex(16);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + tmp.string());
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) {
      ::close(fd);
      fs::remove(tmp);
      throw std::runtime_error("cannot write " + tmp.string());
    }
    written += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  fs::rename(tmp, target);
}

nlohmann::json file_json(Statement& s) {
  return {{"id", s.integer(0)},  {"name", s.text(1)},       {"sha256", s.text(2)},
          {"size", s.integer(3)}, {"uploaded_by", s.integer(4)}, {"created_at", s.integer(5)}};
}

}  // namespace

void get_project_files(Call& call) {
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_or_404(call, *c, call.path_id());
  if (!p) return;
  Statement s = c->prepare(
      "SELECT id, name, sha256, size, uploaded_by, created_at FROM file WHERE project_id = ? ORDER BY id DESC");
  s.bind(1, p->id);
  nlohmann::json out = nlohmann::json::array();
  while (s.step()) out.push_back(file_json(s));
  call.reply(200, {{"files", out}});
}

namespace {

// Stores the request body as a file of `workspace_id` (under `project_id`, or the
// workspace itself when 0) named `name`, inside the caller's open transaction. Returns
// the new file's id, or nullopt after answering 413 when the workspace's quota is full.
std::optional<Id> store_file(Call& call, Connection& c, Id workspace_id, Id project_id, const std::string& name) {
  const std::string& bytes = call.req.body;
  Statement q = c.prepare(
      "SELECT storage_quota_bytes, (SELECT IFNULL(sum(size), 0) FROM file WHERE workspace_id = ?) FROM workspace "
      "WHERE id = ?");
  q.bind(1, workspace_id).bind(2, workspace_id);
  q.step();
  const std::int64_t quota = q.integer(0), used = q.integer(1);
  if (used + static_cast<std::int64_t>(bytes.size()) > quota) {
    send_error(call.res, 413, "quota_exceeded",
               "The workspace's storage is full (" + std::to_string(used >> 20) + " of " +
                   std::to_string(quota >> 20) + " MiB used). Remove files or raise the quota in Settings.");
    return std::nullopt;
  }
  const std::string sha = sha256_hex(bytes);
  store_blob(call.app.data_dir, sha, bytes);  // before the row: a row never points at a missing blob
  const Id id = next_id(c, "file");
  execute(c,
          "INSERT INTO file(id, workspace_id, project_id, sha256, name, size, uploaded_by, created_at) "
          "VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?)",
          id, workspace_id, project_id, sha, name, static_cast<std::int64_t>(bytes.size()), call.caller.user_id,
          call.now);
  return id;
}

}  // namespace

void post_project_file(Call& call) {
  const std::string name = safe_file_name(call.req.get_param_value("name"));
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_or_404(call, *c, call.path_id());
  if (!p) return;
  Transaction tx(*c);
  const std::optional<Id> id = store_file(call, *c, p->workspace_id, p->id, name);
  if (!id) return;
  tx.commit();
  call.reply(201, {{"id", *id}, {"name", name}, {"sha256", sha256_hex(call.req.body)}, {"size", call.req.body.size()},
                   {"uploaded_by", call.caller.user_id}, {"created_at", call.now}});
}

void post_workspace_logo(Call& call) {
  const std::string_view type = image_type(call.req.body);
  if (type.empty()) {
    return call.fail({"invalid_request", "The logo must be a PNG, JPEG, GIF or WebP image.",
                      {{"not_an_image", "The logo must be a PNG, JPEG, GIF or WebP image."}}});
  }
  const std::string name = safe_file_name(call.req.get_param_value("name"));
  Database::Lease c = call.app.db.acquire();
  Transaction tx(*c);
  const std::optional<Id> id = store_file(call, *c, call.caller.workspace_id, 0, name);
  if (!id) return;
  execute(*c, "UPDATE workspace SET logo_file_id = ? WHERE id = ?", *id, call.caller.workspace_id);
  tx.commit();
  get_workspace(call);
}

void get_file(Call& call) {
  Database::Lease c = call.app.db.acquire();
  const Id id = call.path_id();
  Statement s = c->prepare("SELECT IFNULL(project_id, 0), name, sha256 FROM file WHERE id = ? AND workspace_id = ?");
  s.bind(1, id).bind(2, call.caller.workspace_id);
  if (!s.step()) return call.not_found("File " + std::to_string(id));
  const Id project_id = s.integer(0);
  const std::string name = s.text(1), sha = s.text(2);
  // Project files follow the project's visibility; workspace files (the logo) are for all.
  if (project_id && !visible_project(*c, call.caller, project_id)) return call.not_found("File " + std::to_string(id));
  std::ifstream in(blob_path(call.app.data_dir, sha), std::ios::binary);
  if (!in) throw std::runtime_error("file store is missing blob " + sha);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  call.res.set_header("Content-Disposition", content_disposition(name));
  call.res.set_header("Cache-Control", "private, no-cache");
  call.res.set_header("ETag", "\"" + sha + "\"");
  call.res.set_content(std::move(bytes), "application/octet-stream");
}

}  // namespace handoff::server
