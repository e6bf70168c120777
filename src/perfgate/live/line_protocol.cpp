// SPDX-License-Identifier: MIT
#include "perfgate/live/line_protocol.h"

#include <fmt/format.h>

#include <cmath>

namespace perfgate::live {
namespace {

// `special` are the characters escaped with a backslash in this position of a line.
void append_escaped(std::string& out, std::string_view text, std::string_view special) {
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
    if (special.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
}

bool append_field(std::string& out, const Field& field, bool first) {
  if (field.type == FieldType::real && !std::isfinite(field.value)) return false;
  if (!first) out += ',';
  append_escaped(out, field.name, ", =");
  out += '=';
  switch (field.type) {
    case FieldType::integer:
      fmt::format_to(std::back_inserter(out), "{}i", static_cast<int64_t>(field.value));
      break;
    case FieldType::real:
      fmt::format_to(std::back_inserter(out), "{}", field.value);
      break;
    case FieldType::text:
      out += '"';
      append_escaped(out, field.text, "\"\\");
      out += '"';
      break;
  }
  return true;
}

}  // namespace

std::string encode_line_protocol(std::span<const Point> points) {
  std::string out;
  for (const Point& point : points) {
    std::string line;
    append_escaped(line, point.measurement, ", ");
    for (const auto& [key, value] : point.tags) {
      line += ',';
      append_escaped(line, key, ", =");
      line += '=';
      append_escaped(line, value, ", =");
    }
    line += ' ';
    bool any = false;
    for (const Field& field : point.fields) any = append_field(line, field, !any) || any;
    if (!any) continue;
    fmt::format_to(std::back_inserter(line), " {}\n", point.time.count());
    out += line;
  }
  return out;
}

}  // namespace perfgate::live
