// SPDX-License-Identifier: MIT
// Steps: one HTTP request each, with headers, a body, captures and checks.
#include <fmt/format.h>

#include <algorithm>

#include "perfgate/scenario/capture.h"
#include "perfgate/scenario/loader_parts.h"
#include "perfgate/scenario/response_view.h"
#include "perfgate/scenario/scenario_loader.h"

namespace perfgate::scenario::detail {
namespace {

const std::initializer_list<std::string_view> k_step_keys = {
    "name", "get",  "post",    "put",     "patch", "delete",  "head",
    "json", "body", "headers", "capture", "check", "timeout", "think"};

struct MethodKey {
  std::string_view key;
  HttpMethod method;
};
constexpr MethodKey k_methods[] = {{"get", HttpMethod::get},    {"post", HttpMethod::post},
                                   {"put", HttpMethod::put},    {"patch", HttpMethod::patch},
                                   {"delete", HttpMethod::del}, {"head", HttpMethod::head}};

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_variable_name(std::string_view name) {
  Result<Template> parsed = parse_template("{{" + std::string(name) + "}}");
  return parsed && parsed->parts.size() == 1 &&
         parsed->parts[0].kind == TemplatePartKind::variable && parsed->parts[0].text == name;
}

// The method key and the path; reports none or several methods.
const Entry* method_entry(YamlReader& reader, const YAML::Node& node, const std::string& field,
                          const std::vector<Entry>& keys, HttpMethod& method) {
  const Entry* found = nullptr;
  for (const Entry& key : keys) {
    for (const MethodKey& candidate : k_methods) {
      if (key.key != candidate.key) continue;
      if (found != nullptr) {
        reader.error(
            key.key_node, key.field,
            fmt::format("a step has one method, and this one already has '{}'", found->key));
        return nullptr;
      }
      found = &key;
      method = candidate.method;
    }
  }
  if (found == nullptr) {
    reader.error(node, field, "a step needs a method: get, post, put, patch, delete or head");
  }
  return found;
}

std::optional<Template> read_path(YamlReader& reader, const Entry& entry,
                                  std::vector<VariableUse>& uses) {
  std::optional<Template> path = template_value(reader, entry.value, entry.field);
  if (!path) return std::nullopt;
  if (!path->source.starts_with("/")) {
    reader.error(entry.value, entry.field,
                 fmt::format("the path '{}' must start with '/' (the target gives the scheme and "
                             "host)",
                             path->source));
    return std::nullopt;
  }
  bool blank = std::any_of(path->parts.begin(), path->parts.end(), [](const TemplatePart& part) {
    return part.kind == TemplatePartKind::literal &&
           part.text.find_first_of(std::string_view(" \t\r\n\0", 5)) != std::string::npos;
  });
  if (blank) {
    reader.error(entry.value, entry.field, "the path contains white space (encode it as %20)");
    return std::nullopt;
  }
  note_variables(*path, entry.value, entry.field, uses);
  return path;
}

std::optional<Capture> read_capture(YamlReader& reader, const Entry& entry) {
  if (!is_variable_name(entry.key) || is_reserved_variable(entry.key)) {
    reader.error(entry.key_node, entry.field,
                 fmt::format("'{}' cannot be a variable name (use letters, digits, _ and -, and "
                             "not a built-in: vu, iteration, uuid, timestamp, timestamp_ms)",
                             entry.key));
    return std::nullopt;
  }
  CaptureSource source = CaptureSource::json;
  YAML::Node expression = entry.value;
  std::string expression_field = entry.field;
  if (entry.value.IsMap()) {
    size_t errors_before = reader.error_count();
    std::optional<std::vector<Entry>> form =
        reader.map(entry.value, entry.field, {"json", "header", "regex"});
    if (!form || reader.error_count() != errors_before) return std::nullopt;
    if (form->size() != 1) {
      reader.error(entry.value, entry.field, "a capture has exactly one of json, header or regex");
      return std::nullopt;
    }
    const Entry& only = form->front();
    source = only.key == "json"     ? CaptureSource::json
             : only.key == "header" ? CaptureSource::header
                                    : CaptureSource::regex;
    expression = only.value;
    expression_field = only.field;
  }
  std::optional<std::string> text = reader.string(expression, expression_field);
  if (!text) return std::nullopt;
  if (source == CaptureSource::json && !entry.value.IsMap() && !text->starts_with("$")) {
    reader.error(expression, expression_field,
                 fmt::format("'{}' is not a JSONPath (those start with '$'); for a header or a "
                             "regex write {{ header: Name }} or {{ regex: \"id=(\\\\d+)\" }}",
                             *text));
    return std::nullopt;
  }
  Result<Capture> capture = make_capture(entry.key, source, *text);
  if (!capture) {
    reader.error(expression, expression_field, capture.error().message);
    return std::nullopt;
  }
  return std::move(capture.value());
}

std::optional<std::vector<Capture>> read_captures(YamlReader& reader, const Entry& entry) {
  std::optional<std::vector<Entry>> keys = reader.any_map(entry.value, entry.field);
  if (!keys) return std::nullopt;
  std::vector<Capture> captures;
  for (const Entry& key : *keys) {
    if (std::optional<Capture> capture = read_capture(reader, key))
      captures.push_back(std::move(*capture));
  }
  return captures;
}

// A scalar or a sequence of scalars, as strings.
std::vector<std::string> read_string_list(YamlReader& reader, const Entry& entry) {
  std::vector<std::string> out;
  if (!entry.value.IsSequence()) {
    if (std::optional<std::string> one = reader.string(entry.value, entry.field))
      out.push_back(*one);
    return out;
  }
  for (size_t i = 0; i < entry.value.size(); ++i) {
    if (std::optional<std::string> one =
            reader.string(entry.value[i], index_path(entry.field, i))) {
      out.push_back(*one);
    }
  }
  return out;
}

std::vector<int> read_statuses(YamlReader& reader, const Entry& entry) {
  std::vector<int> out;
  auto read_one = [&](const YAML::Node& node, const std::string& field) {
    std::optional<int64_t> status = reader.integer(node, field);
    if (status && (*status < 100 || *status > 599)) {
      reader.error(node, field, fmt::format("{} is not an HTTP status (100-599)", *status));
    } else if (status) {
      out.push_back(static_cast<int>(*status));
    }
  };
  if (!entry.value.IsSequence()) {
    read_one(entry.value, entry.field);
  } else if (entry.value.size() == 0) {
    reader.error(entry.value, entry.field, "expected a status or a non-empty list of statuses");
  } else {
    for (size_t i = 0; i < entry.value.size(); ++i)
      read_one(entry.value[i], index_path(entry.field, i));
  }
  return out;
}

Checks read_checks(YamlReader& reader, const Entry& entry) {
  Checks checks;
  std::optional<std::vector<Entry>> keys = reader.map(
      entry.value, entry.field, {"status", "body_contains", "body_excludes", "max_latency"});
  if (!keys) return checks;
  for (const Entry& key : *keys) {
    if (key.key == "status") checks.status = read_statuses(reader, key);
    if (key.key == "body_contains") checks.body_contains = read_string_list(reader, key);
    if (key.key == "body_excludes") checks.body_excludes = read_string_list(reader, key);
    if (key.key == "max_latency") {
      std::optional<Micros> limit = reader.duration(key.value, key.field);
      if (limit && limit->count() <= 0) {
        reader.error(key.value, key.field, "max_latency must be positive");
      } else if (limit) {
        checks.max_latency = limit;
      }
    }
  }
  return checks;
}

void merge_header(std::vector<Header>& headers, Header header) {
  for (Header& existing : headers) {
    if (equals_ignore_case(existing.name, header.name)) {
      existing = std::move(header);
      return;
    }
  }
  headers.push_back(std::move(header));
}

bool has_header(const std::vector<Header>& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const Header& header) { return equals_ignore_case(header.name, name); });
}

void read_body(YamlReader& reader, const std::vector<Entry>& keys, Step& step,
               std::vector<VariableUse>& uses) {
  const Entry* json = find_entry(keys, "json");
  const Entry* body = find_entry(keys, "body");
  if (json != nullptr && body != nullptr) {
    const Entry& second = json->key_node.Mark().pos > body->key_node.Mark().pos ? *json : *body;
    reader.error(second.key_node, second.field, "a step has json: or body:, not both");
    return;
  }
  if (json != nullptr) {
    step.body = read_json_body(reader, json->value, json->field, uses);
    if (!has_header(step.headers, "Content-Type")) {
      step.headers.push_back(Header{"Content-Type", literal_template("application/json")});
    }
  } else if (body != nullptr) {
    step.body = template_value(reader, body->value, body->field);
    if (step.body) note_variables(*step.body, body->value, body->field, uses);
  }
}

}  // namespace

std::optional<Template> template_value(YamlReader& reader, const YAML::Node& node,
                                       const std::string& field) {
  std::optional<std::string> text = reader.string(node, field);
  if (!text) return std::nullopt;
  Result<Template> parsed = parse_template(*text);
  if (!parsed) {
    reader.error(node, field, parsed.error().message);
    return std::nullopt;
  }
  return std::move(parsed.value());
}

std::optional<std::vector<Header>> read_headers(YamlReader& reader, const YAML::Node& node,
                                                const std::string& field,
                                                std::vector<VariableUse>& uses) {
  std::optional<std::vector<Entry>> keys = reader.any_map(node, field);
  if (!keys) return std::nullopt;
  std::vector<Header> headers;
  for (const Entry& key : *keys) {
    if (key.key.empty() || !std::all_of(key.key.begin(), key.key.end(), is_token_char)) {
      reader.error(key.key_node, key.field,
                   fmt::format("'{}' is not a valid header name", key.key));
      continue;
    }
    std::optional<Template> value = template_value(reader, key.value, key.field);
    if (!value) continue;
    // The literal parts include resolved {{ env.NAME }} values, which the source does not show.
    bool breaks = std::any_of(value->parts.begin(), value->parts.end(), [](const auto& part) {
      return part.kind == TemplatePartKind::literal &&
             part.text.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos;
    });
    if (breaks || value->source.find_first_of("\r\n") != std::string::npos) {
      reader.error(key.value, key.field,
                   "a header value cannot contain a line break or NUL (also from env.*)");
      continue;
    }
    note_variables(*value, key.value, key.field, uses);
    merge_header(headers, Header{key.key, std::move(*value)});
  }
  return headers;
}

std::optional<Step> read_step(YamlReader& reader, const YAML::Node& node, const std::string& field,
                              const StepDefaults& defaults, std::vector<VariableUse>& uses) {
  size_t errors_before = reader.error_count();
  std::optional<std::vector<Entry>> keys = reader.map(node, field, k_step_keys);
  if (!keys) return std::nullopt;
  Step step;
  step.headers = defaults.headers;
  step.timeout = defaults.timeout;
  step.think = defaults.think;
  const Entry* method = method_entry(reader, node, field, *keys, step.method);
  if (method != nullptr) {
    if (std::optional<Template> path = read_path(reader, *method, uses))
      step.path = std::move(*path);
  }
  for (const Entry& key : *keys) {
    if (key.key == "name") {
      std::optional<std::string> name = reader.string(key.value, key.field);
      if (name && name->empty())
        reader.error(key.value, key.field, "a step's name cannot be empty");
      if (name) step.name = *name;
    } else if (key.key == "headers") {
      if (auto headers = read_headers(reader, key.value, key.field, uses)) {
        for (Header& header : *headers) merge_header(step.headers, std::move(header));
      }
    } else if (key.key == "capture") {
      if (auto captures = read_captures(reader, key)) step.captures = std::move(*captures);
    } else if (key.key == "check") {
      step.checks = read_checks(reader, key);
    } else if (key.key == "timeout") {
      std::optional<Micros> timeout = reader.duration(key.value, key.field);
      if (timeout && timeout->count() <= 0)
        reader.error(key.value, key.field, "timeout must be positive");
      if (timeout) step.timeout = *timeout;
    } else if (key.key == "think") {
      if (std::optional<Micros> think = reader.duration(key.value, key.field)) step.think = *think;
    }
  }
  read_body(reader, *keys, step, uses);
  if (step.name.empty() && method != nullptr) {
    step.name = fmt::format("{} {}", method_name(step.method), step.path.source);
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return step;
}

}  // namespace perfgate::scenario::detail
