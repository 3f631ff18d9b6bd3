// Money: the one rounding rule, tax, totals, large amounts, formatting.
#include <gtest/gtest.h>

#include <cstdint>

#include "handoff/money.h"

using namespace handoff;

TEST(Rounding, NearestHalvesAwayFromZero) {
  EXPECT_EQ(divide_rounded(14, 10), 1);
  EXPECT_EQ(divide_rounded(15, 10), 2);   // half: away from zero
  EXPECT_EQ(divide_rounded(16, 10), 2);
  EXPECT_EQ(divide_rounded(-14, 10), -1);
  EXPECT_EQ(divide_rounded(-15, 10), -2);  // half: away from zero, also negative
  EXPECT_EQ(divide_rounded(-16, 10), -2);
  EXPECT_EQ(divide_rounded(0, 7), 0);
  EXPECT_EQ(divide_rounded(10, 3), 3);     // 3.33
  EXPECT_EQ(divide_rounded(11, 3), 4);     // 3.67
}

TEST(Tax, BasisPointsAtBoundaries) {
  EXPECT_EQ(tax_amount(1000, 2000), 200);   // 20 % of $10.00
  EXPECT_EQ(tax_amount(1, 5000), 1);        // 0.5 cent rounds up
  EXPECT_EQ(tax_amount(1, 4999), 0);        // 0.4999 cent rounds down
  EXPECT_EQ(tax_amount(2, 2500), 1);        // exactly 0.5
  EXPECT_EQ(tax_amount(-1, 5000), -1);      // credit: away from zero
  EXPECT_EQ(tax_amount(12345, 0), 0);
  EXPECT_EQ(tax_amount(12345, 10000), 12345);
  EXPECT_EQ(tax_amount(999, 825), 82);      // 8.25 % of 9.99 = 0.824175
  EXPECT_EQ(tax_amount(kMaxAmountMinor, 10000), kMaxAmountMinor);  // no overflow
}

TEST(LineAmount, QuantityInThousandths) {
  EXPECT_EQ(line_amount(1000, 2500), 2500);   // 1 × $25.00
  EXPECT_EQ(line_amount(1500, 333), 500);     // 1.5 × 3.33 = 4.995 → 5.00
  EXPECT_EQ(line_amount(1, 1), 0);            // 0.001 cent
  EXPECT_EQ(line_amount(500, 1), 1);          // 0.5 cent → 1
  EXPECT_EQ(line_amount(2500, -3), -8);       // -7.5 → -8
}

TEST(LineAmount, LargeAmountsWithoutOverflow) {
  EXPECT_EQ(line_amount(1000, kMaxAmountMinor), kMaxAmountMinor);
  EXPECT_FALSE(line_amount(1001, kMaxAmountMinor));
  EXPECT_FALSE(line_amount(INT64_MAX, INT64_MAX));   // the product needs 126 bits
  EXPECT_FALSE(line_amount(INT64_MIN, INT64_MAX));
  EXPECT_FALSE(line_amount(1000, INT64_MIN));
}

TEST(TimeAmount, MinutesTimesHourlyRate) {
  EXPECT_EQ(time_amount(60, 12000), 12000);
  EXPECT_EQ(time_amount(1, 100), 2);        // 1.67 cents
  EXPECT_EQ(time_amount(90, 9999), 14999);  // 149.985 → 149.99
  EXPECT_EQ(time_amount(7, 30), 4);         // 3.5 → 4
  EXPECT_FALSE(time_amount(INT64_MAX, INT64_MAX));
}

TEST(AddAmounts, RefusesLeavingTheRange) {
  EXPECT_EQ(add_amounts(1, 2), 3);
  EXPECT_EQ(add_amounts(kMaxAmountMinor, 0), kMaxAmountMinor);
  EXPECT_FALSE(add_amounts(kMaxAmountMinor, 1));
  EXPECT_FALSE(add_amounts(-kMaxAmountMinor, -1));
  EXPECT_FALSE(add_amounts(INT64_MAX, INT64_MAX));
}

TEST(Currency, KnownCodes) {
  ASSERT_TRUE(find_currency("USD"));
  EXPECT_EQ(find_currency("USD")->minor_digits, 2);
  EXPECT_EQ(find_currency("JPY")->minor_digits, 0);
  EXPECT_EQ(find_currency("KWD")->minor_digits, 3);
  EXPECT_FALSE(find_currency("usd"));
  EXPECT_FALSE(find_currency("XXX"));
}

TEST(FormatMoney, ForPeople) {
  EXPECT_EQ(format_money(123456, "USD"), "$1,234.56");
  EXPECT_EQ(format_money(5, "USD"), "$0.05");
  EXPECT_EQ(format_money(0, "USD"), "$0.00");
  EXPECT_EQ(format_money(-50, "EUR"), "-€0.50");
  EXPECT_EQ(format_money(1234567, "JPY"), "¥1,234,567");
  EXPECT_EQ(format_money(1500, "CHF"), "CHF 15.00");
  EXPECT_EQ(format_money(1234, "KWD"), "KWD 1.234");
  EXPECT_EQ(format_money(100, "XYZ"), "XYZ 1.00");
  EXPECT_EQ(format_money(100000000, "GBP"), "£1,000,000.00");
  EXPECT_EQ(format_money(INT64_MIN, "USD"), "-$92,233,720,368,547,758.08");
}

TEST(ParseAmount, AsPeopleTypeIt) {
  EXPECT_EQ(parse_amount("5000", "USD"), 500000);
  EXPECT_EQ(parse_amount("5,000.00", "USD"), 500000);
  EXPECT_EQ(parse_amount(" $5,000.5 ", "USD"), 500050);
  EXPECT_EQ(parse_amount("0.99", "USD"), 99);
  EXPECT_EQ(parse_amount("USD 12", "USD"), 1200);
  EXPECT_EQ(parse_amount("1,234,567", "JPY"), 1234567);
  EXPECT_EQ(parse_amount("1.234", "KWD"), 1234);
  for (const char* bad : {"", "-5", "5.", ".5", "5.001", "1,23", "12,3456", ",123", "5e3", "abc", "1.5", "99999999999999999"}) {
    EXPECT_FALSE(parse_amount(bad, bad == std::string("1.5") ? "JPY" : "USD")) << bad;
  }
  // Whatever format_money prints, parse_amount reads back.
  for (std::int64_t v : std::initializer_list<std::int64_t>{0, 5, 123456, 100000000, kMaxAmountMinor}) {
    EXPECT_EQ(parse_amount(format_money(v, "USD"), "USD"), v);
    EXPECT_EQ(parse_amount(format_money(v, "EUR"), "EUR"), v);
  }
}

#include "handoff/dates.h"

TEST(FormatDate, UtcCalendarDates) {
  EXPECT_EQ(format_date(0), "—");
  EXPECT_EQ(format_date(1), "1 Jan 1970");
  EXPECT_EQ(format_date(1800000000), "15 Jan 2027");
  EXPECT_EQ(format_date(951782400), "29 Feb 2000");    // leap day of a 400-year leap year
  EXPECT_EQ(format_date(4107542399), "28 Feb 2100");  // 2100 is not a leap year
  EXPECT_EQ(format_date(4107542400), "1 Mar 2100");
  EXPECT_EQ(format_date(-1), "31 Dec 1969");
}

TEST(ParseDate, IsoAndPrintedFormsRoundTrip) {
  EXPECT_EQ(parse_date("2027-01-15"), 1800000000 / 86400 * 86400);
  EXPECT_EQ(parse_date("15 Jan 2027"), 1800000000 / 86400 * 86400);
  EXPECT_EQ(parse_date("  15 jan 2027 "), 1800000000 / 86400 * 86400);
  EXPECT_EQ(parse_date("2000-02-29"), 951782400);
  EXPECT_EQ(parse_date("1 Mar 2100"), 4107542400);
  // Every day of four years round-trips through what people see.
  for (Instant t = 946684800; t < 946684800 + 4 * 366 * 86400; t += 86400) {
    ASSERT_EQ(parse_date(format_date(t)), t) << format_date(t);
  }
}

TEST(ParseDate, RefusesWhatIsNotADay) {
  for (const char* bad : {"", " ", "2027-02-29", "2100-02-29", "2027-13-01", "2027-00-10", "2027-01-00", "2027-1-15",
                          "15 Foo 2027", "32 Jan 2027", "15 Jan", "15 Jan 2027x", "1999-12-31", "tomorrow",
                          "2027/01/15", "-2027-01-1", "15  Jan 2027"}) {
    EXPECT_EQ(parse_date(bad), std::nullopt) << bad;
  }
}
