// json_read.h — exception-free reading of request and response JSON.
//
// Every API body is a JSON object with known fields. ObjectReader reads fields by name,
// checks their types and limits, and collects one Reason per problem, so a client learns
// everything wrong with a request at once. Unknown fields are refused (a typo must not
// silently drop data), and so are duplicate keys (which value would count?). Every string
// of a request passes the core's text rule (text.h): no control characters and no
// invisible text-direction characters; names (name(), optional_name()) are one line.
// Never throws: nlohmann's throwing accessors are not used.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "handoff/result.h"
#include "handoff/text.h"

namespace handoff {

// Parses `text` as one JSON value that must be an object.
// Returns Error{"malformed_json"} for syntax errors, Error{"duplicate_key"} when any object
// (at any depth) names a key twice, Error{"wrong_type"} for non-objects.
Result<nlohmann::json> parse_json_object(std::string_view text);

class ObjectReader {
 public:
  // Requests are held to the text rules; responses (what a server sent) are read as they
  // are, so that a record stored before a rule existed can still be shown.
  enum class Source { request, response };
  explicit ObjectReader(const nlohmann::json& object, Source source = Source::request)
      : object_(object), source_(source) {}

  // Required string field of at most max_length bytes (UTF-8, as JSON guarantees); in a
  // request, tab/LF/CR are its only control characters and it has no invisible
  // text-direction characters. Records "missing_field", "wrong_type", "too_long",
  // "control_characters" or "hidden_characters" and returns "" on failure.
  std::string string(const char* name, std::size_t max_length);
  // As string(), but absent or null yields nullopt without a problem.
  std::optional<std::string> optional_string(const char* name, std::size_t max_length);
  // As string() / optional_string(), for a one-line name or title: no tab, CR or LF either.
  std::string name(const char* field, std::size_t max_length);
  std::optional<std::string> optional_name(const char* field, std::size_t max_length);
  // A required string taken byte for byte, without the text rules: for what is never shown
  // again but compared exactly (a password, a token, the statement a signer agreed to).
  std::string exact(const char* field, std::size_t max_length);
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
  // Whether a problem was recorded for `field` (so a caller's own check of the value read,
  // e.g. "not blank", does not pile a second reason onto it).
  bool has_problem(const char* field) const { return troubled_.count(field) != 0; }

  // Finishes reading: records "unknown_field" for every field not read above, unless
  // `allow_unknown` (responses: a newer server may add fields). True when no problems.
  bool finish(bool allow_unknown = false);
  // The collected problems as one Error{"invalid_request"}. Meaningful after finish().
  Error error() const;

 private:
  const nlohmann::json* field(const char* name);
  // kind nullopt: no text rule (exact()).
  std::optional<std::string> read_string(const char* name, std::size_t max_length, std::optional<TextKind> kind);
  std::string required(std::optional<std::string> value, const char* name, std::size_t problems_before);
  const nlohmann::json& object_;
  Source source_;
  std::set<std::string> read_;
  std::set<std::string> troubled_;
  Error error_{"invalid_request", "", {}};
};

}  // namespace handoff
