// file_names.h — user-supplied file names, made safe to store and to send back.
//
// A file name is display text only: bytes are stored under their SHA-256, never under
// a name. Still, names travel back in Content-Disposition headers and in the portal, so
// they are cleaned once on the way in and encoded per RFC 6266 on the way out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace handoff {

inline constexpr std::size_t kMaxFileNameBytes = 200;

// The last path component of `name` ('/' and '\' both separate), without control
// characters (CR, LF, NUL, C1, ...), invisible text-direction characters (U+202E would
// make "invoice\u202Egpj.exe" look like a .jpg; see text.h), quotes or surrounding dots
// and spaces, cut to at most
// kMaxFileNameBytes on a UTF-8 boundary; invalid UTF-8 bytes become '_'. Never empty:
// nothing usable yields "file".
std::string safe_file_name(std::string_view name);

// A Content-Disposition value that makes browsers save the file as `name` (assumed to
// be safe_file_name() output): attachment; filename="ascii"; filename*=UTF-8''percent.
std::string content_disposition(std::string_view name);

// The image format of `bytes` by its signature: "image/png", "image/jpeg", "image/gif" or
// "image/webp"; "" for anything else (including SVG, which can carry script). Looks only
// at the first bytes: a truncated image passes here and fails to decode in the browser.
std::string_view image_type(std::string_view bytes);

// One byte range of a download (RFC 9110 §14.1.2), for resuming: "bytes=0-99",
// "bytes=100-", "bytes=-100". `kind` is `none` when the header is absent, malformed, not in
// bytes, or asks for several ranges (then the whole file is sent, as the RFC allows —
// never a multipart body), `unsatisfiable` when the one range starts past the end.
struct ByteRange {
  enum class Kind { none, one, unsatisfiable };
  Kind kind = Kind::none;
  std::int64_t first = 0;  // inclusive
  std::int64_t last = 0;   // inclusive, < size
};
ByteRange parse_byte_range(std::string_view header, std::int64_t size);

}  // namespace handoff
