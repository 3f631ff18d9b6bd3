#include "handoff/file_names.h"

#include "handoff/text.h"

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
  out = strip_unsafe_text(out);  // C1 controls and invisible direction characters (text.h)
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

ByteRange parse_byte_range(std::string_view h, std::int64_t size) {
  auto number = [](std::string_view s, std::int64_t& out) {
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string_view::npos) return false;
    out = 0;
    for (char c : s) out = out * 10 + (c - '0');
    return true;
  };
  while (!h.empty() && h.front() == ' ') h.remove_prefix(1);
  while (!h.empty() && h.back() == ' ') h.remove_suffix(1);
  if (!h.starts_with("bytes=") || h.find(',') != std::string_view::npos) return {};
  h.remove_prefix(6);
  const std::size_t dash = h.find('-');
  if (dash == std::string_view::npos) return {};
  std::int64_t first = 0, last = 0;
  const std::string_view a = h.substr(0, dash), b = h.substr(dash + 1);
  if (a.empty()) {  // the last b bytes
    if (!number(b, last) || last == 0) return b == "0" ? ByteRange{ByteRange::Kind::unsatisfiable, 0, 0} : ByteRange{};
    if (size == 0) return {ByteRange::Kind::unsatisfiable, 0, 0};
    return {ByteRange::Kind::one, last >= size ? 0 : size - last, size - 1};
  }
  if (!number(a, first)) return {};
  if (b.empty()) {
    last = size - 1;
  } else if (!number(b, last) || last < first) {
    return {};
  }
  if (first >= size) return {ByteRange::Kind::unsatisfiable, 0, 0};
  return {ByteRange::Kind::one, first, last >= size ? size - 1 : last};
}

}  // namespace handoff
