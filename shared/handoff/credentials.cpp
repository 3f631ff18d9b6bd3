#include "handoff/credentials.h"

namespace handoff {

std::optional<std::string> normalize_email(std::string_view input) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!input.empty() && is_space(input.front())) input.remove_prefix(1);
  while (!input.empty() && is_space(input.back())) input.remove_suffix(1);
  if (input.empty() || input.size() > kMaxEmailLength) return std::nullopt;

  std::string out;
  out.reserve(input.size());
  std::size_t at = std::string::npos;
  for (std::size_t i = 0; i < input.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(input[i]);
    if (c <= 0x20 || c == 0x7f) return std::nullopt;
    if (c == '@') {
      if (at != std::string::npos) return std::nullopt;
      at = i;
    }
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
  }
  if (at == std::string::npos || at == 0) return std::nullopt;
  const std::string_view domain = std::string_view(out).substr(at + 1);
  const std::size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == domain.size()) return std::nullopt;
  return out;
}

std::optional<std::string> password_problem(std::string_view password) {
  // Characters, not bytes: "密码密码" is four characters, whatever UTF-8 makes of it.
  std::size_t characters = 0;
  for (unsigned char c : password) characters += (c & 0xc0) != 0x80;
  if (characters < kMinPasswordLength) {
    return "Use at least " + std::to_string(kMinPasswordLength) + " characters.";
  }
  if (password.size() > kMaxPasswordLength) {
    return "Use at most " + std::to_string(kMaxPasswordLength) + " characters.";
  }
  return std::nullopt;
}

}  // namespace handoff
