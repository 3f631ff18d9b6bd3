// Header blocks: validation and the gate's own error responses (see header_block.h).
#include "header_block.h"

#include "handoff/result.h"
#include "handoff/wire.h"

namespace handoff::server::gate {

std::string error_response(int status, const char* reason, const char* code, const char* message) {
  const std::string body = wire::error_to_json(Error{code, message, {}}).dump();
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) +
         "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n" + body;
}

const char* header_block_problem(std::string_view head) {
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '\n' && (i == 0 || head[i - 1] != '\r')) return "A header line ends without CR LF.";
    if (head[i] == '\r' && (i + 1 >= head.size() || head[i + 1] != '\n')) return "A header line has a bare CR.";
  }
  std::size_t pos = head.find("\r\n");
  if (pos == std::string_view::npos) return "The request line is malformed.";
  const std::string_view request_line = head.substr(0, pos);
  for (char ch : request_line) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) return "The request line has a control character.";
  }
  const bool http11 = request_line.size() >= 8 && request_line.substr(request_line.size() - 8) == "HTTP/1.1";
  int hosts = 0;
  pos += 2;
  while (pos < head.size()) {
    const std::size_t end = head.find("\r\n", pos);
    const std::string_view line = head.substr(pos, end - pos);
    pos = end + 2;
    if (line.empty()) break;  // the blank line ending the block
    if (line[0] == ' ' || line[0] == '\t') return "Folded header lines are not accepted.";
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return "A header line has no name.";
    for (std::size_t k = 0; k < colon; ++k) {
      const unsigned char ch = static_cast<unsigned char>(line[k]);
      if (ch <= 0x20 || ch >= 0x7f || ch == '"' || ch == '(' || ch == ')' || ch == ',' || ch == '/' || ch == ';' ||
          ch == '<' || ch == '=' || ch == '>' || ch == '?' || ch == '@' || ch == '[' || ch == '\\' || ch == ']' ||
          ch == '{' || ch == '}') {
        return "A header name has white space or a character names may not have.";
      }
    }
    for (std::size_t k = colon + 1; k < line.size(); ++k) {
      const unsigned char ch = static_cast<unsigned char>(line[k]);
      if ((ch < 0x20 && ch != '\t') || ch == 0x7f) return "A header value has a control character.";
    }
    if (colon == 4 && (line[0] | 0x20) == 'h' && (line[1] | 0x20) == 'o' && (line[2] | 0x20) == 's' &&
        (line[3] | 0x20) == 't') {
      ++hosts;
    }
  }
  if (http11 && hosts != 1) return "An HTTP/1.1 request needs exactly one Host header.";
  return nullptr;
}

}  // namespace handoff::server::gate
