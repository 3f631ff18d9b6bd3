// header_block.h — an HTTP/1.1 header block as the connection gate sees it, as pure
// functions of bytes (no sockets, no clocks): where a block ends, whether it is
// unambiguous, and the complete error responses the gate sends itself.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace handoff::server::gate {

// A complete HTTP/1.1 error response with a DESIGN.md §4 JSON body that closes the
// connection (the gate's own refusals: 408, 431, 503).
std::string error_response(int status, const char* reason, const char* code, const char* message);

// Why a complete header block (request line to the blank line) is refused, or nullptr.
// httplib skips header lines it cannot parse; a reverse proxy may read them otherwise and
// disagree about where the body ends. So anything ambiguous is a 400 here: a bare LF or
// CR, a folded line, a header name with white space or a control character, a control
// character in a value, and an HTTP/1.1 request without exactly one Host.
const char* header_block_problem(std::string_view head);

// Finds where a header block ends: just after the first "\n\r\n", i.e. a line that is
// exactly CRLF following a line that ended in LF. httplib's reader stops at the same
// place (it reads the request line, then lines until one is exactly CRLF), so the bytes
// up to there are exactly what it will read before the body. Feed bytes in order; a
// partial match carries over to the next feed.
struct HeaderScanner {
  static constexpr std::size_t npos = std::string::npos;
  int matched = 0;  // how many bytes of "\n\r\n" the bytes fed so far end with (0..2)

  // Returns the offset within [bytes, bytes + n) just past the terminator, or npos.
  std::size_t feed(const char* bytes, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const char c = bytes[i];
      if (c == '\n') {
        if (matched == 2) {
          matched = 0;
          return i + 1;
        }
        matched = 1;
      } else if (c == '\r' && matched == 1) {
        matched = 2;
      } else {
        matched = 0;
      }
    }
    return npos;
  }
};

}  // namespace handoff::server::gate
