// Files: uploaded as raw bodies, stored once per SHA-256 under <data>/files, never under
// a name from the request; downloaded as attachments with an RFC 6266 file name.
#include <cstdio>

#include "handoff/file_names.h"
#include "handoff/sha256.h"
#include "handoff/text.h"

#include "auth.h"
#include "file_store.h"
#include "handlers.h"
#include "http.h"
#include "store_workspace.h"

namespace handoff::server {

namespace {

nlohmann::json file_json(const FileRow& f) {
  return {{"id", f.id},     {"name", f.name},               {"sha256", f.sha256},
          {"size", f.size}, {"uploaded_by", f.uploaded_by}, {"created_at", f.created_at}};
}

}  // namespace

void get_project_files(Call& call) {
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_or_404(call, *c, call.path_id());
  if (!p) return;
  nlohmann::json out = nlohmann::json::array();
  for (const FileRow& f : project_files(*c, p->id)) out.push_back(file_json(f));
  call.reply(200, {{"files", out}});
}

namespace {

// Stores the request body as a file of `workspace_id` (under `project_id`, or the
// workspace itself when 0) named `name`, inside the caller's open transaction. Returns
// the new file's id, or nullopt after answering 413 when the workspace's quota is full.
std::optional<Id> store_file(Call& call, Connection& c, Id workspace_id, Id project_id, const std::string& name) {
  const std::string& bytes = call.req.body;
  const auto [quota, used] = storage_use(c, workspace_id);
  if (used + static_cast<std::int64_t>(bytes.size()) > quota) {
    send_error(call.res, 413, "quota_exceeded",
               "The workspace's storage is full (" + std::to_string(used >> 20) + " of " +
                   std::to_string(quota >> 20) + " MiB used). Remove files or raise the quota in Settings.");
    return std::nullopt;
  }
  const std::string sha = sha256_hex(bytes);
  store_blob(call.app.data_dir, sha, bytes);  // before the row: a row never points at a missing blob
  return insert_file(c, workspace_id, project_id, sha, name, static_cast<std::int64_t>(bytes.size()),
                     call.caller.user_id, call.now);
}

}  // namespace

void post_project_file(Call& call) {
  const std::string given_name = call.req.get_param_value("name");
  const std::string name = safe_file_name(given_name);
  Database::Lease c = call.app.db.acquire();
  std::optional<ProjectRow> p = project_or_404(call, *c, call.path_id());
  if (!p) return;
  Transaction tx(*c);
  const std::optional<Id> id = store_file(call, *c, p->workspace_id, p->id, name);
  if (!id) return;
  tx.commit();
  nlohmann::json out = {{"id", *id}, {"name", name}, {"sha256", sha256_hex(call.req.body)}, {"size", call.req.body.size()},
                        {"uploaded_by", call.caller.user_id}, {"created_at", call.now}};
  if (text_problem(given_name, TextKind::line, "name")) {
    out["notice"] = "Control or invisible text-direction characters were removed from the file name; it is stored as \"" +
                    name + "\".";
  }
  call.reply(201, out);
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
  set_logo_file(*c, call.caller.workspace_id, *id);
  tx.commit();
  get_workspace(call);
}

void get_file(Call& call) {
  Database::Lease c = call.app.db.acquire();
  const Id id = call.path_id();
  const std::optional<FileRow> row = workspace_file(*c, call.caller.workspace_id, id);
  if (!row) return call.not_found("File " + std::to_string(id));
  const Id project_id = row->project_id;
  const std::string name = row->name, sha = row->sha256;
  // Project files follow the project's visibility; workspace files (the logo) are for all.
  if (project_id && !visible_project(*c, call.caller, project_id)) return call.not_found("File " + std::to_string(id));
  // The bytes are checked against their name on every read: a blob changed on disk is
  // never served as if it were what was uploaded (and approved).
  Blob blob = read_blob(call.app.data_dir, sha);
  if (!blob.intact(sha)) {
    std::fprintf(stderr, "file store: file %lld (%s) is %s\n", static_cast<long long>(id), sha.c_str(),
                 blob.present ? "damaged" : "missing");
    return send_error(call.res, 500, blob.present ? "file_damaged" : "file_missing",
                      "The stored copy of '" + name + "' is " + (blob.present ? "damaged (its bytes no longer match its SHA-256)" : "missing") +
                          "; the workspace owner can see it in the audit check and restore it from a backup.");
  }
  const std::int64_t size = static_cast<std::int64_t>(blob.bytes.size());
  call.res.set_header("Content-Disposition", content_disposition(name));
  call.res.set_header("Cache-Control", "private, no-cache");
  call.res.set_header("ETag", "\"" + sha + "\"");
  call.res.set_header("Accept-Ranges", "bytes");
  // Byte ranges, for resumed downloads: one range only (several, or a stale If-Range,
  // get the whole file); httplib's own range handling is off for every route (http.cpp).
  const std::string range = call.req.get_header_value("Range");
  const std::string if_range = call.req.get_header_value("If-Range");
  if (!range.empty() && (if_range.empty() || if_range == "\"" + sha + "\"")) {
    const ByteRange r = parse_byte_range(range, size);
    if (r.kind == ByteRange::Kind::unsatisfiable) {
      call.res.set_header("Content-Range", "bytes */" + std::to_string(size));
      return send_error(call.res, 416, "range_not_satisfiable",
                        "The requested range lies outside the file's " + std::to_string(size) + " bytes.");
    }
    if (r.kind == ByteRange::Kind::one) {
      call.res.status = 206;
      call.res.set_header("Content-Range", "bytes " + std::to_string(r.first) + "-" + std::to_string(r.last) + "/" +
                                               std::to_string(size));
      call.res.set_content(blob.bytes.substr(static_cast<std::size_t>(r.first), static_cast<std::size_t>(r.last - r.first + 1)),
                           "application/octet-stream");
      return;
    }
  }
  call.res.status = 200;
  call.res.set_content(std::move(blob.bytes), "application/octet-stream");
}

}  // namespace handoff::server
