// SPDX-License-Identifier: MIT
// A JSON Schema (2020-12) validator for the subset that tests/data/github/schemas uses: type
// (one or a list, with "null"), properties, required, additionalProperties, enum, maxLength and
// minLength (code points), maxItems, items, oneOf, anyOf, allOf, and local "$ref":
// "#/$defs/<name>".
// The fake GitHub server checks every request (and its own responses) with it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace perfgate::test {

class JsonSchema {
 public:
  explicit JsonSchema(nlohmann::json schema) : m_root(std::move(schema)) {}
  // Reads a schema file; throws std::runtime_error when it cannot be read or parsed.
  static JsonSchema load(const std::string& path);

  // One message per violation, "$.output.summary: longer than 65535 characters"; empty = valid.
  std::vector<std::string> validate(const nlohmann::json& instance) const;

 private:
  void check(const nlohmann::json& schema, const nlohmann::json& value, const std::string& where,
             std::vector<std::string>& errors) const;
  void check_object(const nlohmann::json& schema, const nlohmann::json& value,
                    const std::string& where, std::vector<std::string>& errors) const;
  void check_combinators(const nlohmann::json& schema, const nlohmann::json& value,
                         const std::string& where, std::vector<std::string>& errors) const;
  const nlohmann::json& resolve(const nlohmann::json& schema) const;

  nlohmann::json m_root;
};

}  // namespace perfgate::test
