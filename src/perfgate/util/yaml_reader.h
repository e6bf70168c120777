// SPDX-License-Identifier: MIT
// YamlReader: perf-gate's one view of yaml-cpp for the files people write (scenarios, thresholds).
// Reads typed values from nodes, checks keys against the allowed set (with a "did you mean"
// suggestion) and for duplicates, and collects errors with file:line:column and a dotted field
// path. Nothing above the scenario and thresholds readers sees yaml-cpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "perfgate/util/error.h"

namespace perfgate::util {

// One `key: value` of a mapping, with both nodes (the key's mark locates "unknown key" errors).
struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
  std::string field;  // the dotted path of the value
};

class YamlReader {
 public:
  YamlReader(std::string file, std::string base_dir);

  const std::string& file() const { return m_file; }
  const std::string& base_dir() const { return m_base_dir; }
  const std::vector<Error>& errors() const { return m_errors; }
  size_t error_count() const { return m_errors.size(); }

  // Records an error at `node` (or at `fallback` when the node has no position).
  void error(const YAML::Node& node, const std::string& field, std::string message);
  void error_at(const YAML::Mark& mark, const std::string& field, std::string message);
  // Records an error found elsewhere (a data file's own line, say).
  void add(Error error);

  // The mapping's entries in order; reports a non-map, keys outside `allowed` and duplicate keys
  // (those entries are left out). nullopt when the node is not a mapping.
  std::optional<std::vector<Entry>> map(const YAML::Node& node, const std::string& field,
                                        std::initializer_list<std::string_view> allowed);
  // Like map() but any scalar key is allowed (headers, captures, profiles).
  std::optional<std::vector<Entry>> any_map(const YAML::Node& node, const std::string& field);

  std::optional<std::string> string(const YAML::Node& node, const std::string& field);
  std::optional<double> number(const YAML::Node& node, const std::string& field);
  std::optional<int64_t> integer(const YAML::Node& node, const std::string& field);
  std::optional<std::chrono::microseconds> duration(const YAML::Node& node,
                                                    const std::string& field);

 private:
  std::string m_file;
  std::string m_base_dir;
  std::vector<Error> m_errors;
  // Empty values (`get:`) carry the position of whatever follows them; errors about them point
  // at their key instead.
  std::vector<std::pair<YAML::Node, YAML::Mark>> m_empty_value_keys;
};

// "a mapping", "a sequence", "a string", "nothing": for "expected X, got Y" messages.
const char* describe_node(const YAML::Node& node);

// The entry named `key`, or nullptr.
const Entry* find_entry(const std::vector<Entry>& entries, std::string_view key);

// Appends ".key" or "[index]" to a field path.
std::string field_path(const std::string& parent, std::string_view key);
std::string index_path(const std::string& parent, size_t index);

// Errors past this many are dropped: one mistake can cascade.
inline constexpr size_t k_max_errors = 20;

}  // namespace perfgate::util
