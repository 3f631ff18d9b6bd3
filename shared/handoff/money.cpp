#include "handoff/money.h"

#include <array>

namespace handoff {

namespace {
// Keep sorted by code (binary search is not needed at this size; order is for readers).
constexpr std::array<CurrencyInfo, 16> kCurrencies{{
    {"AUD", 2, "A$"}, {"BRL", 2, "R$"}, {"CAD", 2, "CA$"}, {"CHF", 2, ""},
    {"DKK", 2, ""},   {"EUR", 2, "€"},  {"GBP", 2, "£"},   {"INR", 2, "₹"},
    {"JPY", 0, "¥"},  {"KWD", 3, ""},   {"MXN", 2, "MX$"}, {"NOK", 2, ""},
    {"NZD", 2, "NZ$"}, {"PLN", 2, ""},  {"SEK", 2, ""},    {"USD", 2, "$"},
}};

bool in_range(WideInt v) { return v >= -kMaxAmountMinor && v <= kMaxAmountMinor; }
}  // namespace

std::optional<CurrencyInfo> find_currency(std::string_view code) {
  for (const CurrencyInfo& c : kCurrencies) {
    if (c.code == code) return c;
  }
  return std::nullopt;
}

std::int64_t divide_rounded(WideInt a, std::int64_t b) {
  // Round the magnitude to nearest with halves up, then restore the sign: halves away
  // from zero. (2|a| + b) / 2b is floor(|a|/b + 1/2) in integers.
  const bool negative = a < 0;
  const WideInt m = negative ? -a : a;
  const WideInt r = (2 * m + b) / (2 * static_cast<WideInt>(b));
  return static_cast<std::int64_t>(negative ? -r : r);
}

std::optional<std::int64_t> line_amount(std::int64_t quantity_milli, std::int64_t unit_price_minor) {
  const WideInt exact_milli = static_cast<WideInt>(quantity_milli) * unit_price_minor;
  const std::int64_t rounded = divide_rounded(exact_milli, 1000);
  if (!in_range(exact_milli / 1000) || !in_range(rounded)) return std::nullopt;
  return rounded;
}

std::int64_t tax_amount(std::int64_t net_minor, int basis_points) {
  return divide_rounded(static_cast<WideInt>(net_minor) * basis_points, 10000);
}

std::optional<std::int64_t> time_amount(std::int64_t minutes, std::int64_t hourly_rate_minor) {
  const std::int64_t rounded = divide_rounded(static_cast<WideInt>(minutes) * hourly_rate_minor, 60);
  if (!in_range(static_cast<WideInt>(minutes) * hourly_rate_minor / 60)) return std::nullopt;
  return rounded;
}

std::optional<std::int64_t> add_amounts(std::int64_t a, std::int64_t b) {
  const WideInt s = static_cast<WideInt>(a) + b;
  if (!in_range(s)) return std::nullopt;
  return static_cast<std::int64_t>(s);
}

std::optional<std::int64_t> parse_amount(std::string_view text, std::string_view currency) {
  const std::optional<CurrencyInfo> info = find_currency(currency);
  const int digits = info ? info->minor_digits : 2;
  auto trim = [&] {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  };
  trim();
  if (info && !info->symbol.empty() && text.substr(0, info->symbol.size()) == info->symbol) text.remove_prefix(info->symbol.size());
  if (text.substr(0, currency.size()) == currency) text.remove_prefix(currency.size());
  trim();
  const std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && (frac.empty() || static_cast<int>(frac.size()) > digits))) {
    return std::nullopt;
  }
  // Thousands separators: groups of exactly three digits after the first group.
  std::string digits_only;
  if (whole.find(',') != std::string_view::npos) {
    std::size_t first = whole.find(',');
    if (first == 0 || first > 3) return std::nullopt;
    for (std::size_t i = first; i < whole.size(); i += 4) {
      if (whole[i] != ',' || i + 4 > whole.size()) return std::nullopt;
    }
  }
  for (char c : whole) {
    if (c == ',') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits_only.push_back(c);
  }
  for (char c : frac) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  if (digits_only.size() > 16) return std::nullopt;
  WideInt minor = 0;
  for (char c : digits_only) minor = minor * 10 + (c - '0');
  for (int i = 0; i < digits; ++i) {
    minor = minor * 10 + (i < static_cast<int>(frac.size()) ? frac[static_cast<std::size_t>(i)] - '0' : 0);
  }
  if (minor > kMaxAmountMinor) return std::nullopt;
  return static_cast<std::int64_t>(minor);
}

std::string format_money(std::int64_t minor, std::string_view currency) {
  const std::optional<CurrencyInfo> info = find_currency(currency);
  const int digits = info ? info->minor_digits : 2;
  const bool negative = minor < 0;
  // Magnitude as unsigned: INT64_MIN has no positive int64 counterpart.
  const std::uint64_t m = negative ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  std::uint64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  const std::string whole = std::to_string(m / scale);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(whole[i]);
  }
  std::string out = negative ? "-" : "";
  if (info && !info->symbol.empty()) {
    out += info->symbol;
  } else {
    out += std::string(currency) + " ";
  }
  out += grouped;
  if (digits > 0) {
    std::string frac = std::to_string(m % scale);
    out += "." + std::string(static_cast<std::size_t>(digits) - frac.size(), '0') + frac;
  }
  return out;
}

}  // namespace handoff
