// file_store.h — the content-addressed file store under <data>/files: every blob named by
// the SHA-256 of its bytes, written once, and checked against that name whenever read.
#pragma once

#include <optional>
#include <string>

namespace handoff::server {

// <data>/files/ab/abcdef… : two-level fan-out by hash prefix. `sha256` is 64 hex digits.
std::string blob_path(const std::string& data_dir, const std::string& sha256);

// Writes `bytes` under `sha256` unless already there: temp file, fsync, rename (atomic), so
// a crash never leaves a partial blob under a real name. Throws std::runtime_error when the
// disk refuses.
void store_blob(const std::string& data_dir, const std::string& sha256, const std::string& bytes);

// What reading a blob found.
struct Blob {
  bool present = false;      // the file exists and could be read
  std::string bytes;         // its contents (when present)
  std::string actual_sha256; // SHA-256 hex of `bytes` (when present)
  bool intact(const std::string& expected) const { return present && actual_sha256 == expected; }
};
// Reads the blob stored under `sha256` and hashes what it read. Never throws for a missing
// or unreadable blob (present = false): callers decide how to answer.
Blob read_blob(const std::string& data_dir, const std::string& sha256);

}  // namespace handoff::server
