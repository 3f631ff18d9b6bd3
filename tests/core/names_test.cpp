// Every enumerator has exactly one snake_case name, and names parse back to it.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "handoff/names.h"

using namespace handoff;

namespace {

bool snake_case(std::string_view s) {
  return !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos;
}

// For enum E whose enumerators are 0..count-1: each has a distinct snake_case name that
// parses back to it; the table has no extra entries.
template <class E>
void check_names(int count) {
  std::set<std::string_view> seen;
  for (int i = 0; i < count; ++i) {
    const E value = static_cast<E>(i);
    const std::string_view name = name_of(value);
    EXPECT_TRUE(snake_case(name)) << "enumerator " << i << " of " << typeid(E).name() << ": '" << name << "'";
    EXPECT_TRUE(seen.insert(name).second) << name;
    EXPECT_EQ(parse_name<E>(name), value) << name;
  }
  EXPECT_EQ(EnumNames<E>::table.size(), static_cast<std::size_t>(count));
  EXPECT_FALSE(parse_name<E>(""));
  EXPECT_FALSE(parse_name<E>("NOT_A_NAME"));
}

}  // namespace

TEST(Names, EveryEnumHasOneSpellingPerValue) {
  check_names<Role>(3);
  check_names<ClientStatus>(3);
  check_names<ProjectStatus>(4);
  check_names<BillingKind>(2);
  check_names<MilestoneStatus>(6);
  check_names<TaskStatus>(3);
  check_names<ReviewStatus>(4);
  check_names<SubjectKind>(3);
  check_names<Decision>(3);
  check_names<TimesheetStatus>(3);
  check_names<AuthorisationKind>(2);
  check_names<LineKind>(3);
  check_names<InvoiceStatus>(5);
}

TEST(Names, SpellingsThatTheWireAndTheDatabaseRelyOn) {
  EXPECT_EQ(name_of(InvoiceStatus::void_), "void");
  EXPECT_EQ(name_of(ReviewStatus::changes_requested), "changes_requested");
  EXPECT_EQ(parse_name<Role>("Owner"), std::nullopt);  // exact, case-sensitive
}
