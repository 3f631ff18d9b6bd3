// dates.h — instants for people. All instants are UTC seconds; shown as UTC dates.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "handoff/model.h"

namespace handoff {

// "15 Jan 2027" (UTC). 0 means "no date" and formats as "—".
std::string format_date(Instant t);

// A date a person typed, as the instant of its UTC midnight. Accepts "2027-01-15" and what
// format_date() prints ("15 Jan 2027", month names in any case), with surrounding spaces.
// Returns nullopt for anything else, including impossible days ("2027-02-30") and years
// outside 2000..9999 (so 0, "no date", is never a result). (The empty string is not a date: callers decide what "none" means.)
std::optional<Instant> parse_date(std::string_view text);

}  // namespace handoff
