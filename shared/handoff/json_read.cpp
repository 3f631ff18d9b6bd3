#include "handoff/json_read.h"

namespace handoff {

Result<nlohmann::json> parse_json_object(std::string_view text) {
  // nlohmann stops at a NUL as at the end of input: what follows would go unread, and be
  // read differently by anything else that checks the body.
  if (text.find('\0') != std::string_view::npos) {
    return Error{"malformed_json", "The request body is not valid JSON (it contains a NUL byte).", {}};
  }
  // nlohmann keeps the last of two equal keys; a request naming a field twice is refused
  // instead (a proxy or a check that read the first value would disagree with us).
  std::vector<std::set<std::string>> open_objects;
  std::string duplicate;
  const nlohmann::json::parser_callback_t watch = [&](int, nlohmann::json::parse_event_t event,
                                                      nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (event == E::object_start) {
      open_objects.emplace_back();
    } else if (event == E::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == E::key && !open_objects.empty() && duplicate.empty() && parsed.is_string()) {
      if (!open_objects.back().insert(parsed.get_ref<const std::string&>()).second) {
        duplicate = parsed.get_ref<const std::string&>().substr(0, 64);
      }
    }
    return true;
  };
  nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), watch,
                                               /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    return Error{"malformed_json", "The request body is not valid JSON.", {}};
  }
  if (!duplicate.empty()) {
    return Error{"duplicate_key", "The request body names field '" + duplicate + "' twice; send it once.",
                 {{"duplicate_key", "Field '" + duplicate + "' appears more than once."}}};
  }
  if (!value.is_object()) {
    return Error{"wrong_type", "The request body must be a JSON object.", {}};
  }
  return value;
}

const nlohmann::json* ObjectReader::field(const char* name) {
  read_.insert(name);
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

void ObjectReader::problem(const char* name, std::string code, std::string message) {
  troubled_.insert(name);
  error_.reasons.push_back({std::move(code), std::move(message)});
}

std::optional<std::string> ObjectReader::optional_string(const char* name, std::size_t max_length) {
  return read_string(name, max_length, TextKind::paragraph);
}

std::optional<std::string> ObjectReader::optional_name(const char* field, std::size_t max_length) {
  return read_string(field, max_length, TextKind::line);
}

std::string ObjectReader::name(const char* field, std::size_t max_length) {
  const std::size_t before = error_.reasons.size();
  return required(read_string(field, max_length, TextKind::line), field, before);
}

std::string ObjectReader::required(std::optional<std::string> value, const char* name, std::size_t problems_before) {
  if (value) return std::move(*value);
  if (error_.reasons.size() == problems_before) {
    problem(name, "missing_field", std::string("Field '") + name + "' is required.");
  }
  return {};
}

std::string ObjectReader::exact(const char* field, std::size_t max_length) {
  const std::size_t before = error_.reasons.size();
  return required(read_string(field, max_length, std::nullopt), field, before);
}

std::optional<std::string> ObjectReader::read_string(const char* name, std::size_t max_length,
                                                     std::optional<TextKind> kind) {
  const nlohmann::json* v = field(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    problem(name, "wrong_type", std::string("Field '") + name + "' must be a string.");
    return std::nullopt;
  }
  const std::string& s = v->get_ref<const std::string&>();
  if (s.size() > max_length) {
    problem(name, "too_long", std::string("Field '") + name + "' is longer than " +
                                  std::to_string(max_length) + " bytes.");
    return std::nullopt;
  }
  if (source_ == Source::request && kind) {
    if (std::optional<Reason> bad = text_problem(s, *kind, name)) {
      problem(name, bad->code, bad->message);
      return std::nullopt;
    }
  }
  return s;
}

std::string ObjectReader::string(const char* name, std::size_t max_length) {
  const std::size_t before = error_.reasons.size();
  return required(optional_string(name, max_length), name, before);
}

std::optional<std::int64_t> ObjectReader::optional_integer(const char* name, std::int64_t min,
                                                           std::int64_t max) {
  const nlohmann::json* v = field(name);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    problem(name, "wrong_type", std::string("Field '") + name + "' must be a whole number.");
    return std::nullopt;
  }
  // Unsigned values above INT64_MAX arrive as number_unsigned: out of range by definition.
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    problem(name, "out_of_range", std::string("Field '") + name + "' must be at most " +
                                      std::to_string(max) + ".");
    return std::nullopt;
  }
  const std::int64_t n = v->get<std::int64_t>();
  if (n < min || n > max) {
    problem(name, "out_of_range", std::string("Field '") + name + "' must be between " +
                                      std::to_string(min) + " and " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return n;
}

std::int64_t ObjectReader::integer(const char* name, std::int64_t min, std::int64_t max) {
  const std::size_t before = error_.reasons.size();
  std::optional<std::int64_t> n = optional_integer(name, min, max);
  if (!n) {
    if (error_.reasons.size() == before) {
      problem(name, "missing_field", std::string("Field '") + name + "' is required.");
    }
    return 0;
  }
  return *n;
}

bool ObjectReader::boolean(const char* name) {
  const nlohmann::json* v = field(name);
  if (!v) {
    problem(name, "missing_field", std::string("Field '") + name + "' is required.");
    return false;
  }
  if (!v->is_boolean()) {
    problem(name, "wrong_type", std::string("Field '") + name + "' must be true or false.");
    return false;
  }
  return v->get<bool>();
}

std::optional<bool> ObjectReader::optional_boolean(const char* name) {
  const nlohmann::json* v = field(name);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    problem(name, "wrong_type", std::string("Field '") + name + "' must be true or false.");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> ObjectReader::optional_string_list(const char* name, std::size_t max_items,
                                                                         std::size_t max_length) {
  const nlohmann::json* v = field(name);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->size() > max_items) {
    problem(name, "wrong_type", std::string("Field '") + name + "' must be a list of at most " +
                                    std::to_string(max_items) + " texts.");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const nlohmann::json& item : *v) {
    if (!item.is_string() || item.get_ref<const std::string&>().size() > max_length) {
      problem(name, "wrong_type", std::string("Each item of '") + name + "' must be text of at most " +
                                      std::to_string(max_length) + " bytes.");
      return std::nullopt;
    }
    if (source_ == Source::request) {
      if (std::optional<Reason> bad = text_problem(item.get_ref<const std::string&>(), TextKind::line, name)) {
        problem(name, bad->code, bad->message);
        return std::nullopt;
      }
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<std::vector<std::int64_t>> ObjectReader::optional_id_list(const char* name, std::size_t max_items) {
  const nlohmann::json* v = field(name);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->size() > max_items) {
    problem(name, "wrong_type", std::string("Field '") + name + "' must be a list of at most " +
                                    std::to_string(max_items) + " ids.");
    return std::nullopt;
  }
  std::vector<std::int64_t> out;
  for (const nlohmann::json& item : *v) {
    const bool positive_int64 = item.is_number_integer() &&
                                !(item.is_number_unsigned() && item.get<std::uint64_t>() > INT64_MAX) &&
                                item.get<std::int64_t>() > 0;
    if (!positive_int64) {
      problem(name, "wrong_type", std::string("Each item of '") + name + "' must be a positive whole number.");
      return std::nullopt;
    }
    out.push_back(item.get<std::int64_t>());
  }
  return out;
}

bool ObjectReader::finish(bool allow_unknown) {
  for (auto it = object_.begin(); !allow_unknown && it != object_.end(); ++it) {
    if (!read_.count(it.key())) {
      const std::string key = it.key().substr(0, 64);  // bounded: keys are hostile input
      problem(key.c_str(), "unknown_field", "Field '" + key + "' is not recognised.");
    }
  }
  if (error_.reasons.empty()) return true;
  error_.message = error_.reasons.size() == 1
                       ? error_.reasons.front().message
                       : "The request has " + std::to_string(error_.reasons.size()) + " problems.";
  return false;
}

Error ObjectReader::error() const { return error_; }

}  // namespace handoff
