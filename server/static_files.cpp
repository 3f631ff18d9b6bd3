#include "static_files.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "handoff/sha256.h"

namespace handoff::server {

namespace {

std::string content_type_for(const std::string& name) {
  auto ends = [&](const char* ext) { return name.ends_with(ext); };
  // Text types carry a charset so httplib does not recompress them per response; the
  // precompressed copies below are used instead. index.html is the exception (see serve()).
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "application/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".wasm")) return "application/wasm";
  if (ends(".json")) return "application/json; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml; charset=utf-8";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".otf")) return "font/otf";
  if (ends(".ttf")) return "font/ttf";
  if (ends(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

std::string gzip(const std::string& in) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, in.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string brotli(const std::string& in) {
  std::size_t size = BrotliEncoderMaxCompressedSize(in.size());
  if (size == 0) return {};
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, in.size(),
                             reinterpret_cast<const uint8_t*>(in.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return {};
  }
  out.resize(size);
  return out;
}

// Does Accept-Encoding list `coding` with a non-zero q? ("br;q=0" means no.)
bool accepts(const std::string& header, const char* coding) {
  std::stringstream ss(header);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto start = item.find_first_not_of(' ');
    if (start == std::string::npos) continue;
    item = item.substr(start);
    const auto semi = item.find(';');
    std::string name = item.substr(0, semi);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name != coding) continue;
    if (semi == std::string::npos) return true;
    const auto q = item.find("q=", semi);
    return q == std::string::npos || std::stod("0" + item.substr(q + 2)) > 0;
  }
  return false;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const std::string name = e.path().filename().string();
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    StaticFile f;
    f.content_type = content_type_for(name);
    f.raw = bytes.str();
    f.etag = "\"" + sha256_hex(f.raw).substr(0, 32) + "\"";
    // index.html is served as text/html, which httplib compresses itself.
    const bool precompress = name != "index.html" && f.raw.size() > 1024 &&
                             f.content_type.rfind("image/png", 0) != 0;
    if (precompress) {
      f.gzip = gzip(f.raw);
      f.brotli = brotli(f.raw);
      if (f.gzip.size() * 10 > f.raw.size() * 9) f.gzip.clear();      // < 10% saved: not worth it
      if (f.brotli.size() * 10 > f.raw.size() * 9) f.brotli.clear();
    }
    files_.emplace(name, std::move(f));
  }
  if (!files_.count("index.html")) {
    throw std::runtime_error("web directory " + dir + " has no index.html (was the portal built?)");
  }
}

bool StaticFiles::serve(const std::string& name, const httplib::Request& req,
                        httplib::Response& res) const {
  auto it = files_.find(name.empty() ? "index.html" : name);
  if (it == files_.end()) return false;
  const StaticFile& f = it->second;
  res.set_header("ETag", f.etag);
  res.set_header("Cache-Control", "no-cache");  // names are not content-hashed: revalidate
  res.set_header("Vary", "Accept-Encoding");
  if (req.get_header_value("If-None-Match") == f.etag) {
    res.status = 304;
    return true;
  }
  const std::string accept = req.get_header_value("Accept-Encoding");
  const std::string* body = &f.raw;
  if (!f.brotli.empty() && accepts(accept, "br")) {
    body = &f.brotli;
    res.set_header("Content-Encoding", "br");
  } else if (!f.gzip.empty() && accepts(accept, "gzip")) {
    body = &f.gzip;
    res.set_header("Content-Encoding", "gzip");
  }
  res.status = 200;
  res.set_content(*body, f.content_type);
  return true;
}

}  // namespace handoff::server
