// SPDX-License-Identifier: MIT
// Small helpers for the stats module's JSON files (verdicts, baselines): typed field access
// that turns a wrong or missing field into an Error naming the file and the JSON path.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "perfgate/util/result.h"

namespace perfgate::stats::json_io {

// Parses text; a syntax error names source:line:column.
Result<nlohmann::json> parse_text(std::string_view text, const std::string& source);

enum class Presence { required, optional };

// Reads fields of an object at `path` ("checks[3]"), remembering the first error.
class Reader {
 public:
  Reader(const nlohmann::json& object, std::string source, std::string path)
      : m_object(object), m_source(std::move(source)), m_path(std::move(path)) {}

  std::string string(const char* key);
  double number(const char* key);
  int64_t integer(const char* key);
  std::optional<double> optional_number(const char* key);
  // The child value (object or array) at `key`; null json when missing (an error is recorded
  // when it is required).
  const nlohmann::json& child(const char* key, Presence presence = Presence::required);
  std::string child_path(const char* key) const { return join(key); }
  const std::string& source() const { return m_source; }

  void fail(const std::string& key, const std::string& message);
  bool ok() const { return !m_error.has_value(); }
  const Error& error() const { return *m_error; }

 private:
  std::string join(const char* key) const;
  const nlohmann::json* find(const char* key, const char* expected);

  const nlohmann::json& m_object;
  std::string m_source;
  std::string m_path;
  std::optional<Error> m_error;
};

inline nlohmann::json optional_to_json(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace perfgate::stats::json_io
