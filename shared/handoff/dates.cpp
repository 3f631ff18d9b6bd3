#include "handoff/dates.h"

namespace handoff {

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
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return std::to_string(day) + " " + kMonths[month - 1] + " " + std::to_string(year);
}

}  // namespace handoff
