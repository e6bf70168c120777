// SPDX-License-Identifier: MIT
#include "support/fake_github_schema.h"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

namespace perfgate::test {
namespace {

using Json = nlohmann::json;

bool has_type(const Json& value, const std::string& type) {
  if (type == "null") return value.is_null();
  if (type == "boolean") return value.is_boolean();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") {
    if (value.is_number_integer()) return true;
    return value.is_number_float() &&
           value.get<double>() == static_cast<double>(static_cast<int64_t>(value.get<double>()));
  }
  if (type == "number") return value.is_number();
  throw std::runtime_error("schema uses unsupported type " + type);
}

size_t code_points(const std::string& text) {
  size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) == 0x80 ? 0 : 1;
  return count;
}

// Keywords the validator implements or that only annotate; any other keyword is an error in the
// validator (so that a schema using more than the subset is noticed, not silently accepted).
bool known_keyword(const std::string& key) {
  static const char* k_known[] = {"$schema",
                                  "$id",
                                  "$comment",
                                  "$defs",
                                  "$ref",
                                  "title",
                                  "description",
                                  "examples",
                                  "default",
                                  "format",
                                  "deprecated",
                                  "readOnly",
                                  "writeOnly",
                                  "type",
                                  "properties",
                                  "required",
                                  "additionalProperties",
                                  "enum",
                                  "maxLength",
                                  "minLength",
                                  "maxItems",
                                  "items",
                                  "oneOf",
                                  "anyOf",
                                  "allOf"};
  for (const char* known : k_known) {
    if (key == known) return true;
  }
  return false;
}

}  // namespace

JsonSchema JsonSchema::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read schema " + path);
  return JsonSchema(Json::parse(in));
}

std::vector<std::string> JsonSchema::validate(const Json& instance) const {
  std::vector<std::string> errors;
  check(m_root, instance, "$", errors);
  return errors;
}

const Json& JsonSchema::resolve(const Json& schema) const {
  const std::string& ref = schema["$ref"].get_ref<const std::string&>();
  static const std::string k_prefix = "#/$defs/";
  if (ref.rfind(k_prefix, 0) != 0) throw std::runtime_error("unsupported $ref " + ref);
  return m_root.at("$defs").at(ref.substr(k_prefix.size()));
}

void JsonSchema::check(const Json& schema, const Json& value, const std::string& where,
                       std::vector<std::string>& errors) const {
  if (schema.is_boolean()) {
    if (!schema.get<bool>()) errors.push_back(where + ": not allowed here");
    return;
  }
  for (const auto& [key, unused] : schema.items()) {
    if (!known_keyword(key)) throw std::runtime_error("schema keyword not supported: " + key);
  }
  if (schema.contains("$ref")) check(resolve(schema), value, where, errors);
  if (schema.contains("type")) {
    const Json& type = schema["type"];
    bool matched = false;
    if (type.is_string()) matched = has_type(value, type.get<std::string>());
    for (const Json& t : type.is_array() ? type : Json::array())
      matched = matched || has_type(value, t.get<std::string>());
    if (!matched) {
      errors.push_back(
          fmt::format("{}: expected type {}, got {}", where, type.dump(), value.type_name()));
      return;
    }
  }
  if (schema.contains("enum")) {
    bool found = false;
    for (const Json& option : schema["enum"]) found = found || option == value;
    if (!found)
      errors.push_back(
          fmt::format("{}: {} is not one of {}", where, value.dump(), schema["enum"].dump()));
  }
  if (schema.contains("maxLength") && value.is_string() &&
      code_points(value.get<std::string>()) > schema["maxLength"].get<size_t>()) {
    errors.push_back(
        fmt::format("{}: longer than {} characters", where, schema["maxLength"].get<size_t>()));
  }
  if (schema.contains("minLength") && value.is_string() &&
      code_points(value.get<std::string>()) < schema["minLength"].get<size_t>()) {
    errors.push_back(
        fmt::format("{}: shorter than {} characters", where, schema["minLength"].get<size_t>()));
  }

  if (value.is_array()) {
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<size_t>()) {
      errors.push_back(
          fmt::format("{}: more than {} items", where, schema["maxItems"].get<size_t>()));
    }
    if (schema.contains("items")) {
      for (size_t i = 0; i < value.size(); ++i) {
        check(schema["items"], value[i], fmt::format("{}[{}]", where, i), errors);
      }
    }
  }
  if (value.is_object()) check_object(schema, value, where, errors);
  check_combinators(schema, value, where, errors);
}

void JsonSchema::check_object(const Json& schema, const Json& value, const std::string& where,
                              std::vector<std::string>& errors) const {
  static const Json k_empty = Json::object();
  const Json& properties = schema.contains("properties") ? schema["properties"] : k_empty;
  if (schema.contains("required")) {
    for (const Json& name : schema["required"]) {
      if (!value.contains(name.get<std::string>())) {
        errors.push_back(
            fmt::format("{}: missing required property '{}'", where, name.get<std::string>()));
      }
    }
  }
  for (const auto& [name, member] : value.items()) {
    std::string path = where + "." + name;
    if (properties.contains(name)) {
      check(properties[name], member, path, errors);
    } else if (schema.contains("additionalProperties")) {
      check(schema["additionalProperties"], member, path, errors);
    }
  }
}

void JsonSchema::check_combinators(const Json& schema, const Json& value, const std::string& where,
                                   std::vector<std::string>& errors) const {
  if (schema.contains("allOf")) {
    for (const Json& part : schema["allOf"]) check(part, value, where, errors);
  }
  auto matches = [&](const Json& part) {
    std::vector<std::string> sub;
    check(part, value, where, sub);
    return sub.empty();
  };
  if (schema.contains("anyOf")) {
    bool any = false;
    for (const Json& part : schema["anyOf"]) any = any || matches(part);
    if (!any) errors.push_back(where + ": matches none of anyOf");
  }
  if (schema.contains("oneOf")) {
    int count = 0;
    for (const Json& part : schema["oneOf"]) count += matches(part) ? 1 : 0;
    if (count != 1)
      errors.push_back(fmt::format("{}: matches {} of oneOf (exactly 1 required)", where, count));
  }
}

}  // namespace perfgate::test
