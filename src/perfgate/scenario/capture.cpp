// SPDX-License-Identifier: MIT
#include "perfgate/scenario/capture.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

namespace perfgate::scenario {
namespace {

using Json = nlohmann::json;

Error path_error(std::string_view path, size_t at, std::string_view what) {
  return Error::bad_input(
      fmt::format("bad JSONPath '{}' at offset {}: {} (supported: $, .key, ['key'], [0], [-1])",
                  path, at, what));
}

// ['key'] or ["key"], starting at the quote; `at` ends after the closing bracket.
Result<JsonPathSegment> parse_quoted_key(std::string_view path, size_t& at) {
  char quote = path[at++];
  JsonPathSegment segment;
  while (at < path.size() && path[at] != quote) {
    if (path[at] == '\\' && at + 1 < path.size()) ++at;
    segment.key += path[at++];
  }
  if (at + 1 >= path.size() || path[at + 1] != ']') return path_error(path, at, "unclosed ['key']");
  at += 2;
  return segment;
}

Result<JsonPathSegment> parse_index(std::string_view path, size_t& at) {
  size_t close = path.find(']', at);
  if (close == std::string_view::npos) return path_error(path, at, "unclosed '['");
  std::string_view digits = path.substr(at, close - at);
  JsonPathSegment segment;
  segment.kind = JsonPathSegment::Kind::index;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), segment.index);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return path_error(path, at, fmt::format("'{}' is not an array index or a quoted key", digits));
  }
  at = close + 1;
  return segment;
}

const Json* walk(const Json& root, const std::vector<JsonPathSegment>& path) {
  const Json* node = &root;
  for (const JsonPathSegment& segment : path) {
    if (segment.kind == JsonPathSegment::Kind::key) {
      if (!node->is_object()) return nullptr;
      auto found = node->find(segment.key);
      if (found == node->end()) return nullptr;
      node = &*found;
    } else {
      if (!node->is_array()) return nullptr;
      auto size = static_cast<int64_t>(node->size());
      int64_t index = segment.index < 0 ? size + segment.index : segment.index;
      if (index < 0 || index >= size) return nullptr;
      node = &(*node)[static_cast<size_t>(index)];
    }
  }
  return node;
}

std::optional<std::string> json_value(const Json& root, const Capture& capture) {
  const Json* node = walk(root, capture.json_path);
  if (node == nullptr) return std::nullopt;
  if (node->is_string()) return node->get<std::string>();
  // Replace invalid UTF-8 rather than throw: a server's bytes must never end the run.
  return node->dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<std::string> regex_value(const Capture& capture, std::string_view body) {
  if (!capture.regex) return std::nullopt;
  body = body.substr(0, k_regex_max_body_bytes);
  std::cmatch match;
  try {
    if (!std::regex_search(body.data(), body.data() + body.size(), match, *capture.regex)) {
      return std::nullopt;
    }
  } catch (const std::regex_error&) {  // complexity limits: treat as no match
    return std::nullopt;
  }
  size_t group = match.size() > 1 ? 1 : 0;
  if (!match[group].matched) return std::string();
  return match[group].str();
}

std::optional<std::string> simple_value(const Capture& capture, const ResponseView& response) {
  if (capture.source == CaptureSource::header) {
    std::optional<std::string_view> value = response.header(capture.expression);
    if (!value) return std::nullopt;
    return std::string(*value);
  }
  return regex_value(capture, response.body);
}

}  // namespace

Result<std::vector<JsonPathSegment>> compile_json_path(std::string_view path) {
  if (path.empty() || path[0] != '$') return path_error(path, 0, "a JSONPath starts with '$'");
  std::vector<JsonPathSegment> segments;
  size_t at = 1;
  while (at < path.size()) {
    if (path[at] == '.') {
      size_t end = path.find_first_of(".[", at + 1);
      if (end == std::string_view::npos) end = path.size();
      std::string_view key = path.substr(at + 1, end - at - 1);
      if (key.empty()) return path_error(path, at, "empty key after '.'");
      if (key == "*") return path_error(path, at, "wildcards are not supported");
      segments.push_back(JsonPathSegment{JsonPathSegment::Kind::key, std::string(key), 0});
      at = end;
    } else if (path[at] == '[') {
      ++at;
      bool quoted = at < path.size() && (path[at] == '\'' || path[at] == '"');
      Result<JsonPathSegment> segment = quoted ? parse_quoted_key(path, at) : parse_index(path, at);
      if (!segment) return segment.error();
      segments.push_back(std::move(segment.value()));
    } else {
      return path_error(path, at, fmt::format("unexpected '{}'", path[at]));
    }
  }
  return segments;
}

Result<Capture> make_capture(std::string variable, CaptureSource source, std::string expression) {
  Capture capture;
  capture.variable = std::move(variable);
  capture.source = source;
  capture.expression = std::move(expression);
  switch (source) {
    case CaptureSource::json: {
      Result<std::vector<JsonPathSegment>> path = compile_json_path(capture.expression);
      if (!path) return path.error();
      capture.json_path = std::move(path.value());
      break;
    }
    case CaptureSource::header:
      if (capture.expression.empty()) return Error::bad_input("empty header name");
      break;
    case CaptureSource::regex:
      try {
        capture.regex = std::make_shared<const std::regex>(
            capture.expression, std::regex::ECMAScript | std::regex_constants::__polynomial);
        std::regex_search("a", *capture.regex);  // the polynomial executor rejects \1 only here
      } catch (const std::regex_error& e) {
        return Error::bad_input(fmt::format("bad regex '{}': {}", capture.expression, e.what()));
      }
      break;
  }
  return capture;
}

std::optional<std::string> extract(const Capture& capture, const ResponseView& response) {
  if (capture.source != CaptureSource::json) return simple_value(capture, response);
  Json root = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return std::nullopt;
  return json_value(root, capture);
}

void extract_all(const std::vector<Capture>& captures, const ResponseView& response,
                 std::vector<std::optional<std::string>>& values) {
  values.resize(captures.size());
  std::optional<Json> root;
  for (size_t i = 0; i < captures.size(); ++i) {
    const Capture& capture = captures[i];
    if (capture.source != CaptureSource::json) {
      values[i] = simple_value(capture, response);
      continue;
    }
    if (!root) root = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    values[i] = root->is_discarded() ? std::nullopt : json_value(*root, capture);
  }
}

}  // namespace perfgate::scenario
