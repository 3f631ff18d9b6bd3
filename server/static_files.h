// static_files.h — the portal's files (index.html, the wasm, its JS, fonts), held in
// memory with precompressed copies, served with ETags.
#pragma once

#include <map>
#include <string>

#include <httplib.h>

namespace handoff::server {

struct StaticFile {
  std::string content_type;
  std::string raw;
  std::string gzip;    // empty when compression does not pay
  std::string brotli;  // empty when compression does not pay
  std::string etag;    // quoted, from the SHA-256 of `raw`
};

class StaticFiles {
 public:
  // Loads every regular file directly inside `dir` (not recursively; names only from the
  // directory listing, never from a request). Throws std::runtime_error when `dir` has
  // no index.html.
  explicit StaticFiles(const std::string& dir);

  // Serves `name` ("" means index.html). Returns false when there is no such file.
  bool serve(const std::string& name, const httplib::Request& req, httplib::Response& res) const;
  std::size_t size() const { return files_.size(); }

 private:
  std::map<std::string, StaticFile> files_;
};

}  // namespace handoff::server
