// SPDX-License-Identifier: MIT
// Typed field access for perf-gate's JSON files that names the offending field on error
// ("endpoints.login.requests: expected an integer"). Shared by the results, baseline and verdict
// readers. Each reader catches FieldError once at its boundary and turns it into an Error.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "perfgate/util/result.h"

namespace perfgate::results {

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
  // Optional member: nullptr-like empty Field when missing.
  bool is_object() const { return m_value->is_object(); }

  void expect_object() const;
  void expect_array() const;
  int64_t as_int() const;
  double as_number() const;
  bool as_bool() const;
  std::string as_string() const;
  size_t size() const { return m_value->size(); }

  [[noreturn]] void fail(const std::string& message) const { throw FieldError(m_path, message); }

 private:
  const nlohmann::json* m_value;
  std::string m_path;
};

// Parses JSON text; a syntax error becomes an Error with the file, line and column.
Result<nlohmann::json> parse_json_text(std::string_view text, const std::string& source);

// Turns a FieldError into an Error naming the file and field.
Error field_error(const std::string& source, const FieldError& error);

}  // namespace perfgate::results
