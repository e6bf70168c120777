// SPDX-License-Identifier: MIT
#include "perfgate/util/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "perfgate/util/duration.h"
#include "perfgate/util/spelling.h"

namespace perfgate::util {
namespace {

std::string allowed_list(std::initializer_list<std::string_view> allowed) {
  std::string out;
  for (std::string_view key : allowed) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

}  // namespace

const char* describe_node(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Scalar:
      return "a scalar";
    default:
      return "an empty value";
  }
}

const Entry* find_entry(const std::vector<Entry>& entries, std::string_view key) {
  for (const Entry& entry : entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

std::string field_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

std::string index_path(const std::string& parent, size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

YamlReader::YamlReader(std::string file, std::string base_dir)
    : m_file(std::move(file)), m_base_dir(std::move(base_dir)) {}

void YamlReader::error(const YAML::Node& node, const std::string& field, std::string message) {
  YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
  if (node.IsNull()) {
    for (const auto& [value, key_mark] : m_empty_value_keys) {
      if (value.is(node)) mark = key_mark;
    }
  }
  error_at(mark, field, std::move(message));
}

void YamlReader::error_at(const YAML::Mark& mark, const std::string& field, std::string message) {
  if (m_errors.size() >= k_max_errors) return;
  SourceLocation where{m_file, 0, 0};
  if (!mark.is_null()) where = SourceLocation{m_file, mark.line + 1, mark.column + 1};
  m_errors.push_back(Error::at(std::move(where), field, std::move(message)));
}

void YamlReader::add(Error error) {
  if (m_errors.size() < k_max_errors) m_errors.push_back(std::move(error));
}

std::optional<std::vector<Entry>> YamlReader::map(const YAML::Node& node, const std::string& field,
                                                  std::initializer_list<std::string_view> allowed) {
  std::optional<std::vector<Entry>> entries = any_map(node, field);
  if (!entries) return std::nullopt;
  std::erase_if(*entries, [&](const Entry& entry) {
    if (std::find(allowed.begin(), allowed.end(), entry.key) != allowed.end()) return false;
    std::string suggestion = closest_match(entry.key, std::vector<std::string_view>(allowed));
    error(entry.key_node, entry.field,
          suggestion.empty()
              ? fmt::format("unknown key '{}' (allowed: {})", entry.key, allowed_list(allowed))
              : fmt::format("unknown key '{}'; did you mean '{}'?", entry.key, suggestion));
    return true;
  });
  return entries;
}

std::optional<std::vector<Entry>> YamlReader::any_map(const YAML::Node& node,
                                                      const std::string& field) {
  if (!node.IsMap()) {
    error(node, field, fmt::format("expected a mapping (key: value), got {}", describe_node(node)));
    return std::nullopt;
  }
  std::vector<Entry> entries;
  for (const auto& item : node) {
    const YAML::Node& key = item.first;
    if (!key.IsScalar()) {
      error(key, field, "keys must be plain strings");
      continue;
    }
    std::string name = key.Scalar();
    Entry entry{name, key, item.second, field_path(field, name)};
    if (item.second.IsNull()) m_empty_value_keys.emplace_back(item.second, key.Mark());
    if (find_entry(entries, name) != nullptr) {
      error(key, entry.field, fmt::format("duplicate key '{}'", name));
      continue;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<std::string> YamlReader::string(const YAML::Node& node, const std::string& field) {
  if (!node.IsScalar()) {
    error(node, field, fmt::format("expected a string, got {}", describe_node(node)));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<double> YamlReader::number(const YAML::Node& node, const std::string& field) {
  if (!node.IsScalar()) {
    error(node, field, fmt::format("expected a number, got {}", describe_node(node)));
    return std::nullopt;
  }
  const std::string& text = node.Scalar();
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    error(node, field, fmt::format("expected a number, got '{}'", text));
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> YamlReader::integer(const YAML::Node& node, const std::string& field) {
  std::optional<double> value = number(node, field);
  if (!value) return std::nullopt;
  if (*value != std::floor(*value) || std::fabs(*value) > 1e15) {
    error(node, field, fmt::format("expected a whole number, got '{}'", node.Scalar()));
    return std::nullopt;
  }
  return static_cast<int64_t>(*value);
}

std::optional<std::chrono::microseconds> YamlReader::duration(const YAML::Node& node,
                                                              const std::string& field) {
  if (!node.IsScalar()) {
    error(node, field,
          fmt::format("expected a duration (250ms, 5s, 1m30s, 2h), got {}", describe_node(node)));
    return std::nullopt;
  }
  std::optional<std::chrono::microseconds> value = parse_duration(node.Scalar());
  if (!value) {
    error(node, field,
          fmt::format("bad duration '{}' (use e.g. 250ms, 5s, 1m30s, 2h)", node.Scalar()));
  }
  return value;
}

}  // namespace perfgate::util
