#include "handoff/dates.h"

#include <cstdint>

namespace handoff {

namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(std::int64_t y, std::int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads 1..`max_digits` decimal digits at `*at`; false when there are none.
bool read_number(std::string_view s, std::size_t* at, std::size_t max_digits, std::int64_t* out) {
  std::size_t n = 0;
  std::int64_t v = 0;
  while (*at + n < s.size() && n < max_digits && s[*at + n] >= '0' && s[*at + n] <= '9') {
    v = v * 10 + (s[*at + n] - '0');
    ++n;
  }
  if (n == 0) return false;
  *at += n;
  *out = v;
  return true;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::optional<Instant> parse_date(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  std::int64_t y = 0, m = 0, d = 0;
  std::size_t at = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    // 2027-01-15
    if (!read_number(text, &at, 4, &y) || at != 4 || text[at++] != '-') return std::nullopt;
    if (!read_number(text, &at, 2, &m) || at != 7 || text[at++] != '-') return std::nullopt;
    if (!read_number(text, &at, 2, &d) || at != 10) return std::nullopt;
  } else {
    // 15 Jan 2027
    if (!read_number(text, &at, 2, &d) || at >= text.size() || text[at++] != ' ') return std::nullopt;
    if (at + 3 > text.size()) return std::nullopt;
    for (int i = 0; i < 12; ++i) {
      const char* name = kMonths[i];
      if (lower(text[at]) == lower(name[0]) && lower(text[at + 1]) == lower(name[1]) && lower(text[at + 2]) == lower(name[2])) {
        m = i + 1;
      }
    }
    at += 3;
    if (m == 0 || at >= text.size() || text[at++] != ' ') return std::nullopt;
    if (!read_number(text, &at, 4, &y) || at != text.size()) return std::nullopt;
  }
  if (y < 2000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return days_from_civil(y, m, d) * 86400;
}

std::string format_date(Instant t) {
  if (t == 0) return "—";
  // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm), exact for all
  // int64 days in range; negative instants round towards the earlier day.
  std::int64_t days = t / 86400 - (t % 86400 < 0 ? 1 : 0);
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return std::to_string(day) + " " + kMonths[month - 1] + " " + std::to_string(year);
}

}  // namespace handoff
