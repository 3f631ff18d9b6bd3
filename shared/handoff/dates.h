// dates.h — instants for people. All instants are UTC seconds; shown as UTC dates.
#pragma once

#include <string>

#include "handoff/model.h"

namespace handoff {

// "15 Jan 2027" (UTC). 0 means "no date" and formats as "—".
std::string format_date(Instant t);

}  // namespace handoff
