// json_read.h — exception-free reading of request and response JSON.
//
// Every API body is a JSON object with known fields. ObjectReader reads fields by name,
// checks their types and limits, and collects one Reason per problem, so a client learns
// everything wrong with a request at once. Unknown fields are refused (a typo must not
// silently drop data). Never throws: nlohmann's throwing accessors are not used.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "handoff/result.h"

namespace handoff {

// Parses `text` as one JSON value that must be an object.
// Returns Error{"malformed_json"} for syntax errors, Error{"wrong_type"} for non-objects.
Result<nlohmann::json> parse_json_object(std::string_view text);

class ObjectReader {
 public:
  explicit ObjectReader(const nlohmann::json& object) : object_(object) {}

  // Required string field, 1..max_length bytes of valid UTF-8 after trimming nothing.
  // Records "missing_field", "wrong_type" or "too_long" and returns "" on failure.
  std::string string(const char* name, std::size_t max_length);
  // As string(), but absent or null yields nullopt without a problem.
  std::optional<std::string> optional_string(const char* name, std::size_t max_length);
  // Required integer within [min, max]; "wrong_type" for floats/strings, "out_of_range".
  std::int64_t integer(const char* name, std::int64_t min, std::int64_t max);
  std::optional<std::int64_t> optional_integer(const char* name, std::int64_t min, std::int64_t max);
  // Required boolean.
  bool boolean(const char* name);
  // Optional boolean: absent or null yields nullopt.
  std::optional<bool> optional_boolean(const char* name);
  // Optional list of at most `max_items` strings of at most `max_length` bytes each.
  std::optional<std::vector<std::string>> optional_string_list(const char* name, std::size_t max_items,
                                                               std::size_t max_length);
  // Optional list of at most `max_items` positive integers.
  std::optional<std::vector<std::int64_t>> optional_id_list(const char* name, std::size_t max_items);

  // Records a caller-detected problem with a field.
  void problem(const char* name, std::string code, std::string message);

  // Finishes reading: records "unknown_field" for every field not read above, unless
  // `allow_unknown` (responses: a newer server may add fields). True when no problems.
  bool finish(bool allow_unknown = false);
  // The collected problems as one Error{"invalid_request"}. Meaningful after finish().
  Error error() const;

 private:
  const nlohmann::json* field(const char* name);
  const nlohmann::json& object_;
  std::set<std::string> read_;
  Error error_{"invalid_request", "", {}};
};

}  // namespace handoff
