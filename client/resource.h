// resource.h — the two shapes every screen's data takes.
//
// Resource: one JSON document loaded with GET (loading, loaded, error).
// Action:   one state-changing request (busy, error sentence, the core's reasons).
// Both ignore answers that arrive after their owner is gone (the person navigated away).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "handoff/result.h"

#include "api_client.h"

namespace handoff::client {

class Resource {
 public:
  // Starts (or restarts) loading `path`. Keeps the previous data visible while reloading.
  void load(ApiClient& api, std::string path);
  void reload(ApiClient& api) { load(api, path_); }
  bool loading() const { return loading_; }
  bool loaded() const { return loaded_; }
  const std::string& error() const { return error_; }
  const nlohmann::json& data() const { return data_; }
  // Increases with every successful load (screens rebuild derived state when it moves).
  unsigned version() const { return version_; }

 private:
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  unsigned sequence_ = 0;  // answers to superseded loads (an older path) are dropped
  std::string path_;
  bool loading_ = false;
  bool loaded_ = false;
  std::string error_;
  nlohmann::json data_;
  unsigned version_ = 0;
};

class Action {
 public:
  using Done = std::function<void(const nlohmann::json&)>;
  // Sends `method path body`; on 2xx calls `on_ok(response)`; otherwise keeps the error.
  // Ignored while busy (double clicks submit once).
  void run(ApiClient& api, const std::string& method, const std::string& path, const nlohmann::json& body, Done on_ok);
  bool busy() const { return busy_; }
  const std::string& error() const { return error_; }
  const std::vector<Reason>& reasons() const { return reasons_; }
  void clear_error() {
    error_.clear();
    reasons_.clear();
  }
  // Refuses locally, without a request (input the core already says is wrong).
  void refuse(std::string message) {
    if (busy_) return;
    error_ = std::move(message);
    reasons_.clear();
  }

 private:
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  bool busy_ = false;
  std::string error_;
  std::vector<Reason> reasons_;
};

// Things only the browser can do, asked for as data (the platform layer performs them;
// tests read them).
struct Effect {
  enum class Kind {
    copy_text,         // text: put on the clipboard
    download_url,      // text: a same-origin URL whose answer is saved as a file
    download_text,     // text: contents; name: file name (e.g. a certificate)
    pick_files,        // text: upload path; open the file picker, POST each chosen file there
                       //   (name: "image/*" to offer images only; project uploads take several)
    upload_dropped,    // text: upload path; POST the files dropped on the page there
  };
  Kind kind;
  std::string text;
  std::string name;
};

}  // namespace handoff::client
