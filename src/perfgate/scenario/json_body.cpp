// SPDX-License-Identifier: MIT
// `json:` bodies as templates, target URLs, and the variables templates read.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "perfgate/scenario/loader_parts.h"

namespace perfgate::scenario::detail {
namespace {

// A body this large is a mistake (or an alias bomb), not a request payload.
constexpr size_t k_max_json_body_bytes = 1 << 20;
constexpr int k_max_json_depth = 64;

void append_text(Template& tmpl, std::string_view text, size_t& bytes) {
  bytes += text.size();
  if (!tmpl.parts.empty() && tmpl.parts.back().kind == TemplatePartKind::literal) {
    tmpl.parts.back().text += text;
    return;
  }
  TemplatePart part;
  part.text = std::string(text);
  tmpl.parts.push_back(std::move(part));
}

// YAML 1.2 core schema for plain scalars: null, true/false, numbers; the JSON text or "".
std::string plain_scalar_json(const std::string& text) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
    return "null";
  if (text == "true" || text == "True" || text == "TRUE") return "true";
  if (text == "false" || text == "False" || text == "FALSE") return "false";
  std::string_view digits = text;
  if (digits.starts_with('+')) digits.remove_prefix(1);
  int64_t whole = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), whole);
  if (ec == std::errc() && end == digits.data() + digits.size()) return std::to_string(whole);
  double real = 0;
  auto [real_end, real_ec] = std::from_chars(digits.data(), digits.data() + digits.size(), real);
  if (real_ec == std::errc() && real_end == digits.data() + digits.size() && std::isfinite(real)) {
    return nlohmann::json(real).dump();
  }
  return "";
}

class JsonBodyBuilder {
 public:
  JsonBodyBuilder(YamlReader& reader, std::vector<VariableUse>& uses)
      : m_reader(reader), m_uses(uses) {}

  bool build(const YAML::Node& node, const std::string& field, int depth) {
    if (depth > k_max_json_depth) return fail(node, field, "nested too deeply");
    if (m_bytes > k_max_json_body_bytes) return fail(node, field, "larger than 1 MiB");
    if (node.IsMap()) return build_object(node, field, depth);
    if (node.IsSequence()) {
      append("[");
      for (size_t i = 0; i < node.size(); ++i) {
        if (i > 0) append(",");
        if (!build(node[i], index_path(field, i), depth + 1)) return false;
      }
      append("]");
      return true;
    }
    if (!node.IsScalar()) {
      append("null");
      return true;
    }
    if (node.Tag() == "?") {  // plain (unquoted): may be a number, a boolean or null
      std::string json = plain_scalar_json(node.Scalar());
      if (!json.empty()) {
        append(json);
        return true;
      }
    }
    return build_string(node, field);
  }

  Template take() { return std::move(m_body); }

 private:
  bool fail(const YAML::Node& node, const std::string& field, const std::string& why) {
    m_reader.error(node, field, fmt::format("the json body is {}", why));
    return false;
  }

  bool build_object(const YAML::Node& node, const std::string& field, int depth) {
    append("{");
    bool first = true;
    for (const auto& item : node) {
      if (!item.first.IsScalar()) return fail(item.first, field, "using a non-string key");
      std::string key;
      append_json_escaped(item.first.Scalar(), key);
      append(fmt::format("{}\"{}\":", first ? "" : ",", key));
      first = false;
      if (!build(item.second, field_path(field, item.first.Scalar()), depth + 1)) return false;
    }
    append("}");
    return true;
  }

  // A string value: a template whose placeholders' values are JSON-escaped when rendered.
  bool build_string(const YAML::Node& node, const std::string& field) {
    std::optional<Template> value = template_value(m_reader, node, field);
    if (!value) return false;
    note_variables(*value, node, field, m_uses);
    append("\"");
    for (TemplatePart& part : value->parts) {
      if (part.kind == TemplatePartKind::literal) {
        std::string escaped;
        append_json_escaped(part.text, escaped);
        append(escaped);
      } else {
        part.escape = TemplateEscape::json;
        m_bytes += part.text.size();
        m_body.parts.push_back(std::move(part));
      }
    }
    append("\"");
    return true;
  }

  void append(std::string_view text) { append_text(m_body, text, m_bytes); }

  YamlReader& m_reader;
  std::vector<VariableUse>& m_uses;
  Template m_body;
  size_t m_bytes = 0;
};

}  // namespace

std::optional<Template> read_json_body(YamlReader& reader, const YAML::Node& node,
                                       const std::string& field, std::vector<VariableUse>& uses) {
  JsonBodyBuilder builder(reader, uses);
  if (!builder.build(node, field, 0)) return std::nullopt;
  Template body = builder.take();
  // The source shows the body as it will be sent, placeholders included.
  for (const TemplatePart& part : body.parts) {
    body.source += part.kind == TemplatePartKind::literal ? part.text : "{{ " + part.text + " }}";
  }
  return body;
}

void note_variables(const Template& tmpl, const YAML::Node& node, const std::string& field,
                    std::vector<VariableUse>& uses) {
  for (std::string_view name : template_variables(tmpl)) {
    uses.push_back(VariableUse{std::string(name), node.Mark(), field});
  }
}

std::string target_url_problem(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "expected a URL like http://127.0.0.1:8080";
  std::string scheme(url.substr(0, scheme_end));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https") {
    return fmt::format("the scheme must be http or https, not '{}'", scheme);
  }
  std::string_view rest = url.substr(scheme_end + 3);
  std::string_view authority = rest.substr(0, rest.find('/'));
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return "the target cannot have a query or fragment (put them in the steps' paths)";
  }
  if (authority.find('@') != std::string_view::npos) {
    return "credentials in the URL are not supported (send them in headers)";
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return "unclosed '[' in an IPv6 host";
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return "unexpected text after the IPv6 host";
      port = authority.substr(close + 2);
      if (port.empty()) return "empty port";
    }
  } else if (size_t colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) return "empty port";
  }
  if (host.empty() || host == "[]") return "the URL has no host";
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) &&
        std::string_view(".-_[]:%").find(c) == std::string_view::npos) {
      return fmt::format("'{}' is not a valid host", host);
    }
  }
  if (!port.empty()) {
    int number = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (ec != std::errc() || end != port.data() + port.size() || number < 1 || number > 65535) {
      return fmt::format("'{}' is not a port (1-65535)", port);
    }
  }
  if (rest.find_first_of(" \t\r\n") != std::string_view::npos)
    return "the URL contains white space";
  return "";
}

}  // namespace perfgate::scenario::detail
