// result.h — how the core says "no": a stable code, a sentence a person can act on, and
// every individual reason. The server maps Error to an HTTP status and the JSON body
// {"error":{"code","message","reasons":[{"code","message"}]}}; the portal shows the
// same sentences before anyone clicks.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace handoff {

struct Reason {
  std::string code;     // stable, snake_case, safe to branch on ("awaiting_approval")
  std::string message;  // one sentence for a person ("Deliverable 'Logo' is awaiting ...")
  friend bool operator==(const Reason&, const Reason&) = default;
};

struct Error {
  std::string code;              // stable, snake_case ("malformed_json", "gate_closed")
  std::string message;           // one sentence summarising the refusal
  std::vector<Reason> reasons;   // every unmet condition; may be empty
};

// A value or the Error that prevented it. The core is exception-free (wasm builds abort
// on throw), so every fallible function returns one of these.
template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}             // NOLINT: implicit by design
  Result(Error error) : error_(std::move(error)) {}          // NOLINT: implicit by design
  bool ok() const { return value_.has_value(); }
  const T& value() const& { return *value_; }               // precondition: ok()
  T& value() & { return *value_; }                          // precondition: ok()
  T&& take() && { return std::move(*value_); }              // precondition: ok()
  const Error& error() const { return error_; }             // meaningful only if !ok()
 private:
  std::optional<T> value_;
  Error error_;
};

}  // namespace handoff
