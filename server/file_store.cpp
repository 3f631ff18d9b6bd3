#include "file_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "handoff/sha256.h"

#include "auth.h"

namespace handoff::server {

namespace fs = std::filesystem;

std::string blob_path(const std::string& data_dir, const std::string& sha256) {
  return (fs::path(data_dir) / "files" / sha256.substr(0, 2) / sha256).string();
}

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

Blob read_blob(const std::string& data_dir, const std::string& sha256) {
  Blob out;
  std::ifstream in(blob_path(data_dir, sha256), std::ios::binary);
  if (!in) return out;
  out.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return Blob{};
  out.present = true;
  out.actual_sha256 = sha256_hex(out.bytes);
  return out;
}

}  // namespace handoff::server
