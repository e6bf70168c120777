// SPDX-License-Identifier: MIT
#include "perfgate/stats/json_reader.h"

#include <fmt/format.h>

namespace perfgate::stats::json_io {
namespace {

const nlohmann::json k_null = nullptr;

SourceLocation location_of(std::string_view text, size_t byte, const std::string& source) {
  int line = 1;
  int column = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {source, line, column};
}

}  // namespace

Result<nlohmann::json> parse_text(std::string_view text, const std::string& source) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    std::string message = e.what();
    if (size_t colon = message.find("syntax error"); colon != std::string::npos) {
      message = message.substr(colon);
    }
    return Error::at(location_of(text, byte, source), "", "invalid JSON: " + message);
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but still unreadable, e.g. a number too large for any type (406).
    return Error::at({source, 0, 0}, "", std::string("invalid JSON: ") + e.what());
  }
}

std::string Reader::join(const char* key) const {
  return m_path.empty() ? std::string(key) : fmt::format("{}.{}", m_path, key);
}

void Reader::fail(const std::string& key, const std::string& message) {
  if (m_error) return;
  m_error = Error::at(SourceLocation{m_source, 0, 0}, key, message);
}

const nlohmann::json* Reader::find(const char* key, const char* expected) {
  if (!m_object.is_object()) {
    fail(m_path, "expected an object");
    return nullptr;
  }
  auto it = m_object.find(key);
  if (it == m_object.end()) {
    fail(join(key), fmt::format("missing field (expected {})", expected));
    return nullptr;
  }
  return &*it;
}

std::string Reader::string(const char* key) {
  const nlohmann::json* value = find(key, "a string");
  if (value == nullptr) return {};
  if (!value->is_string()) {
    fail(join(key), "expected a string");
    return {};
  }
  return value->get<std::string>();
}

double Reader::number(const char* key) {
  const nlohmann::json* value = find(key, "a number");
  if (value == nullptr) return 0;
  if (!value->is_number()) {
    fail(join(key), "expected a number");
    return 0;
  }
  return value->get<double>();
}

int64_t Reader::integer(const char* key) {
  const nlohmann::json* value = find(key, "an integer");
  if (value == nullptr) return 0;
  if (!value->is_number_integer()) {
    fail(join(key), "expected an integer");
    return 0;
  }
  return value->get<int64_t>();
}

std::optional<double> Reader::optional_number(const char* key) {
  if (!m_object.is_object()) return std::nullopt;
  auto it = m_object.find(key);
  if (it == m_object.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) {
    fail(join(key), "expected a number or null");
    return std::nullopt;
  }
  return it->get<double>();
}

const nlohmann::json& Reader::child(const char* key, Presence presence) {
  if (!m_object.is_object()) return k_null;
  auto it = m_object.find(key);
  if (it == m_object.end()) {
    if (presence == Presence::required) fail(join(key), "missing field");
    return k_null;
  }
  return *it;
}

}  // namespace perfgate::stats::json_io
