#include "handoff/file_names.h"

namespace handoff {

namespace {
// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
  }
  if (n == 2 && c < 0xc2) return 0;  // overlong
  return n;
}
}  // namespace

std::string safe_file_name(std::string_view name) {
  const std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    const std::size_t n = utf8_length(name, i);
    if (n == 0) {
      out.push_back('_');
      ++i;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (n == 1 && (c < 0x20 || c == 0x7f || c == '"')) {
      ++i;  // control characters and quotes are dropped
      continue;
    }
    if (out.size() + n > kMaxFileNameBytes) break;
    out.append(name.substr(i, n));
    i += n;
  }
  const std::size_t first = out.find_first_not_of(" .");
  if (first == std::string::npos) return "file";
  const std::size_t last = out.find_last_not_of(" .");
  return out.substr(first, last - first + 1);
}

std::string content_disposition(std::string_view name) {
  std::string ascii;
  std::string encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : name) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '-' || c == '_';
    ascii.push_back(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' && c != ';' ? static_cast<char>(c) : '_');
    if (plain) {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded.push_back('%');
      encoded.push_back(kHex[c >> 4]);
      encoded.push_back(kHex[c & 0xf]);
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

std::string_view image_type(std::string_view b) {
  if (b.starts_with("\x89PNG\r\n\x1a\n")) return "image/png";
  if (b.starts_with("\xff\xd8\xff")) return "image/jpeg";
  if (b.starts_with("GIF87a") || b.starts_with("GIF89a")) return "image/gif";
  if (b.size() >= 12 && b.starts_with("RIFF") && b.substr(8, 4) == "WEBP") return "image/webp";
  return "";
}

}  // namespace handoff
