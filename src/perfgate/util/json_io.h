// SPDX-License-Identifier: MIT
// The one JSON reader of perf-gate's files (results, baselines, verdicts) and of the files it
// imports (k6, Artillery): typed field access that names the offending field on error
// ("endpoints.login.requests: expected an integer, found string"), and parsing that names the
// file, line and column of a syntax error. Each reader catches FieldError once at its boundary
// and turns it into an Error with field_error().
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "perfgate/util/result.h"

namespace perfgate::json_io {

class FieldError : public std::runtime_error {
 public:
  FieldError(std::string field, const std::string& message)
      : std::runtime_error(message), m_field(std::move(field)) {}
  const std::string& field() const { return m_field; }

 private:
  std::string m_field;
};

// A JSON value with the dotted path that led to it.
class Field {
 public:
  Field(const nlohmann::json& value, std::string path) : m_value(&value), m_path(std::move(path)) {}

  const nlohmann::json& json() const { return *m_value; }
  const std::string& path() const { return m_path; }
  bool has(std::string_view key) const;
  // REQUIRES: the key exists (throws FieldError naming it otherwise).
  Field operator[](std::string_view key) const;
  Field at(size_t index) const;
  // The member at `key` when present and not null: for fields added in a later format version
  // or written as null when they have no value.
  std::optional<Field> find(std::string_view key) const;
  bool is_object() const { return m_value->is_object(); }
  bool is_null() const { return m_value->is_null(); }

  void expect_object() const;
  void expect_array() const;
  int64_t as_int() const;
  double as_number() const;
  bool as_bool() const;
  std::string as_string() const;
  // A number, or nullopt for null.
  std::optional<double> as_optional_number() const;
  size_t size() const { return m_value->size(); }

  [[noreturn]] void fail(const std::string& message) const { throw FieldError(m_path, message); }

 private:
  const nlohmann::json* m_value;
  std::string m_path;
};

// Parses JSON text; a syntax error becomes an Error with the file, line and column.
Result<nlohmann::json> parse_text(std::string_view text, const std::string& source);

// Turns a FieldError into an Error naming the file and field.
Error field_error(const std::string& source, const FieldError& error);

// null for nullopt: perf-gate's files write every key, with null when there is no value.
inline nlohmann::json optional_to_json(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace perfgate::json_io
