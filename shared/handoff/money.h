// money.h — amounts, currencies, tax and the one rounding rule.
//
// An amount is an integer count of minor units (cents) with an ISO 4217 code. Nothing
// here uses floating point.
//
// THE ROUNDING RULE (the only one in Handoff): whenever an exact amount falls between two
// minor units — a line's quantity × unit price, a line's tax, a time entry's minutes ×
// hourly rate — it is rounded to the nearest minor unit, halves away from zero. Tax is
// computed per invoice line; an invoice's totals are the sums of its lines' figures, so
// they always equal the sum of the lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace handoff {

// 128-bit intermediates for products of amounts (gcc and clang, native and wasm32).
__extension__ typedef __int128 WideInt;

// Largest amount Handoff accepts anywhere: 10^15 minor units (10 trillion dollars), so
// sums of many amounts stay far from int64 overflow.
inline constexpr std::int64_t kMaxAmountMinor = 1'000'000'000'000'000;

struct CurrencyInfo {
  std::string_view code;    // "USD"
  int minor_digits;         // 2 for USD, 0 for JPY, 3 for KWD
  std::string_view symbol;  // "$"; empty: print the code
};

// The currency for an ISO 4217 code (upper case), or nullopt when Handoff does not know it.
std::optional<CurrencyInfo> find_currency(std::string_view code);

// a / b rounded to nearest, halves away from zero. Precondition: b > 0.
std::int64_t divide_rounded(WideInt a, std::int64_t b);

// quantity_milli / 1000 × unit_price_minor, rounded by the rule. nullopt when the result
// exceeds ±kMaxAmountMinor.
std::optional<std::int64_t> line_amount(std::int64_t quantity_milli, std::int64_t unit_price_minor);

// Tax on `net_minor` at `basis_points` (1 bp = 0.01 %), rounded by the rule.
// Precondition: 0 <= basis_points <= 10000 and |net_minor| <= kMaxAmountMinor.
std::int64_t tax_amount(std::int64_t net_minor, int basis_points);

// minutes / 60 × hourly_rate_minor, rounded by the rule; nullopt past kMaxAmountMinor.
std::optional<std::int64_t> time_amount(std::int64_t minutes, std::int64_t hourly_rate_minor);

// a + b, or nullopt when the sum leaves ±kMaxAmountMinor.
std::optional<std::int64_t> add_amounts(std::int64_t a, std::int64_t b);

// An amount as a person types it, in `currency`'s minor units: "5000", "5,000.00",
// "$5,000.5", "0.99". nullopt for anything else: negative, more decimals than the
// currency has, misplaced separators, more than kMaxAmountMinor.
std::optional<std::int64_t> parse_amount(std::string_view text, std::string_view currency);

// For people: "$1,234.56", "-€0.50", "¥1,235", "CHF 12.00". Unknown codes print the
// code and two decimals.
std::string format_money(std::int64_t minor, std::string_view currency);

}  // namespace handoff
