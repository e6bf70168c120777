// SPDX-License-Identifier: MIT
#include "perfgate/util/json_io.h"

#include <fmt/format.h>

#include "perfgate/util/result.h"

namespace perfgate::json_io {
namespace {

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

const char* type_name(const nlohmann::json& value) {
  return value.type_name();
}

}  // namespace

bool Field::has(std::string_view key) const {
  return m_value->is_object() && m_value->contains(key);
}

Field Field::operator[](std::string_view key) const {
  expect_object();
  auto it = m_value->find(key);
  if (it == m_value->end()) throw FieldError(join(m_path, key), "missing");
  return Field(*it, join(m_path, key));
}

Field Field::at(size_t index) const {
  expect_array();
  if (index >= m_value->size()) fail(fmt::format("index {} out of range", index));
  return Field((*m_value)[index], fmt::format("{}[{}]", m_path, index));
}

std::optional<Field> Field::find(std::string_view key) const {
  expect_object();
  auto it = m_value->find(key);
  if (it == m_value->end() || it->is_null()) return std::nullopt;
  return Field(*it, join(m_path, key));
}

std::optional<double> Field::as_optional_number() const {
  if (m_value->is_null()) return std::nullopt;
  return as_number();
}

void Field::expect_object() const {
  if (!m_value->is_object()) fail(fmt::format("expected an object, found {}", type_name(*m_value)));
}

void Field::expect_array() const {
  if (!m_value->is_array()) fail(fmt::format("expected an array, found {}", type_name(*m_value)));
}

int64_t Field::as_int() const {
  if (m_value->is_number_integer()) return m_value->get<int64_t>();
  if (m_value->is_number_unsigned() && m_value->get<uint64_t>() <= INT64_MAX) {
    return static_cast<int64_t>(m_value->get<uint64_t>());
  }
  fail(fmt::format("expected an integer, found {}", type_name(*m_value)));
}

double Field::as_number() const {
  if (!m_value->is_number()) fail(fmt::format("expected a number, found {}", type_name(*m_value)));
  return m_value->get<double>();
}

bool Field::as_bool() const {
  if (!m_value->is_boolean())
    fail(fmt::format("expected true or false, found {}", type_name(*m_value)));
  return m_value->get<bool>();
}

std::string Field::as_string() const {
  if (!m_value->is_string()) fail(fmt::format("expected a string, found {}", type_name(*m_value)));
  return m_value->get<std::string>();
}

Result<nlohmann::json> parse_text(std::string_view text, const std::string& source) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // Turn the byte offset into a line and column.
    size_t offset = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    int line = 1;
    int column = 1;
    for (size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string message = e.what();
    if (auto pos = message.find("syntax error"); pos != std::string::npos)
      message = message.substr(pos);
    return Error::at(SourceLocation{source, line, column}, "", "invalid JSON: " + message);
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but still unreadable, e.g. a number too large for any type (406).
    return Error::at(SourceLocation{source, 0, 0}, "", std::string("invalid JSON: ") + e.what());
  }
}

Error field_error(const std::string& source, const FieldError& error) {
  return Error::at(SourceLocation{source, 0, 0}, error.field(), error.what());
}

}  // namespace perfgate::json_io
