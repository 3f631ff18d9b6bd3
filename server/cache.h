// cache.h — answers that stay valid until the database changes.
//
// Reads that recompute a lot (a project's progress, the dashboard) and the session
// lookup every request makes are kept in memory, tagged with Database::generation()
// read *before* the data was read. An entry is served only while the generation is
// unchanged, so any committed write — by any route, or by another process through
// SQLite — retires every entry at once. Nothing can forget to invalidate.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace handoff::server {

template <class Value>
class GenerationCache {
 public:
  GenerationCache() = default;
  explicit GenerationCache(std::size_t max_entries) : max_entries_(max_entries) {}

  // Serialises computations of the same key: concurrent misses wait for the first one
  // and then hit, instead of all recomputing at once (a stampede on a cold cache).
  std::mutex& compute_lock(const std::string& key) { return compute_locks_[std::hash<std::string>{}(key) % kStripes]; }

  // The value stored for `key` at exactly `generation`, or nullopt.
  std::optional<Value> get(const std::string& key, std::uint64_t generation) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.first != generation) return std::nullopt;
    return it->second.second;
  }

  // Stores `value` for `key`, computed from data read at or after `generation`.
  void put(const std::string& key, std::uint64_t generation, Value value) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (entries_.size() >= max_entries_) entries_.clear();  // bounded; refilled on demand
    entries_[key] = {generation, std::move(value)};
  }

 private:
  static constexpr std::size_t kStripes = 64;
  std::size_t max_entries_ = 4096;
  std::mutex compute_locks_[kStripes];
  std::mutex mutex_;
  std::unordered_map<std::string, std::pair<std::uint64_t, Value>> entries_;
};

}  // namespace handoff::server
