// SPDX-License-Identifier: MIT
#include "perfgate/scenario/template.h"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <optional>

namespace perfgate::scenario {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

bool is_name(std::string_view text) {
  if (text.empty() || (text[0] >= '0' && text[0] <= '9') || text[0] == '-') return false;
  for (char c : text) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// GCC 12 warns about std::optional<int64_t> here (maybe-uninitialized), hence the out-parameter.
bool parse_int(std::string_view text, int64_t& value) {
  text = trim(text);
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

void append_literal(Template& tmpl, std::string_view text) {
  if (text.empty()) return;
  if (!tmpl.parts.empty() && tmpl.parts.back().kind == TemplatePartKind::literal) {
    tmpl.parts.back().text += text;
    return;
  }
  TemplatePart part;
  part.text = std::string(text);
  tmpl.parts.push_back(std::move(part));
}

// random(a, b) / random_int(a, b): two integers, a <= b.
Result<TemplatePart> parse_random(std::string_view name, std::string_view args) {
  size_t comma = args.find(',');
  int64_t low = 0;
  int64_t high = 0;
  if (comma == std::string_view::npos || !parse_int(args.substr(0, comma), low) ||
      !parse_int(args.substr(comma + 1), high)) {
    return Error::bad_input(fmt::format("{}() takes two integers: {}(low, high)", name, name));
  }
  if (low > high) {
    return Error::bad_input(fmt::format("{}({}, {}): low is greater than high", name, low, high));
  }
  TemplatePart part;
  part.kind = TemplatePartKind::random_int;
  part.low = low;
  part.high = high;
  return part;
}

std::optional<TemplatePartKind> builtin_kind(std::string_view name) {
  if (name == "vu") return TemplatePartKind::vu;
  if (name == "iteration") return TemplatePartKind::iteration;
  if (name == "uuid") return TemplatePartKind::uuid;
  if (name == "timestamp") return TemplatePartKind::timestamp;
  if (name == "timestamp_ms") return TemplatePartKind::timestamp_ms;
  return std::nullopt;
}

Result<TemplatePart> parse_call(std::string_view expr) {
  size_t open = expr.find('(');
  std::string_view name = trim(expr.substr(0, open));
  if (expr.back() != ')') {
    return Error::bad_input(fmt::format("'{}': missing ')' after the arguments", expr));
  }
  std::string_view args = trim(expr.substr(open + 1, expr.size() - open - 2));
  if (name == "random" || name == "random_int") return parse_random(name, args);
  std::optional<TemplatePartKind> kind = builtin_kind(name);
  if (!kind || *kind == TemplatePartKind::vu || *kind == TemplatePartKind::iteration) {
    return Error::bad_input(fmt::format(
        "unknown function '{}' (known: random(a, b), random_int(a, b), uuid(), timestamp(), "
        "timestamp_ms())",
        name));
  }
  if (!args.empty()) return Error::bad_input(fmt::format("{}() takes no arguments", name));
  TemplatePart part;
  part.kind = *kind;
  return part;
}

// One placeholder's expression, already trimmed; env.NAME comes back as a literal.
Result<TemplatePart> parse_expression(std::string_view expr) {
  if (expr.empty()) return Error::bad_input("empty placeholder '{{ }}'");
  if (expr.find('(') != std::string_view::npos) return parse_call(expr);
  if (expr.starts_with("env.")) {
    std::string name(expr.substr(4));
    if (!is_name(name))
      return Error::bad_input(fmt::format("bad environment variable name '{}'", name));
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return Error::bad_input(fmt::format("environment variable {} is not set", name));
    }
    TemplatePart part;
    part.text = value;
    return part;
  }
  TemplatePart part;
  if (std::optional<TemplatePartKind> kind = builtin_kind(expr)) {
    part.kind = *kind;
    return part;
  }
  if (!is_name(expr)) {
    return Error::bad_input(fmt::format(
        "'{}' is not a variable name or a function call (names use letters, digits, _ and -)",
        expr));
  }
  part.kind = TemplatePartKind::variable;
  part.text = std::string(expr);
  return part;
}

std::mt19937_64& fallback_rng() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}

void append_int(int64_t value, std::string& out) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void append_uuid(std::mt19937_64& rng, std::string& out) {
  uint64_t high = rng();
  uint64_t low = rng();
  high = (high & ~uint64_t{0xF000}) | 0x4000;                    // version 4
  low = (low & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);  // variant 10xx
  static constexpr char k_hex[] = "0123456789abcdef";
  char buffer[36];
  size_t at = 0;
  for (int nibble = 0; nibble < 32; ++nibble) {
    if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20) buffer[at++] = '-';
    uint64_t word = nibble < 16 ? high : low;
    buffer[at++] = k_hex[(word >> (60 - 4 * (nibble % 16))) & 0xF];
  }
  out.append(buffer, sizeof buffer);
}

}  // namespace

Result<Template> parse_template(std::string_view text) {
  Template tmpl;
  tmpl.source = std::string(text);
  size_t at = 0;
  while (at < text.size()) {
    size_t open = text.find("{{", at);
    if (open == std::string_view::npos) {
      append_literal(tmpl, text.substr(at));
      break;
    }
    append_literal(tmpl, text.substr(at, open - at));
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return Error::bad_input(
          fmt::format("unclosed placeholder: '{{{{' at offset {} has no '}}}}'", open));
    }
    Result<TemplatePart> part = parse_expression(trim(text.substr(open + 2, close - open - 2)));
    if (!part) return part.error();
    if (part->kind == TemplatePartKind::literal) {
      append_literal(tmpl, part->text);  // a resolved env.NAME
    } else {
      tmpl.parts.push_back(std::move(part.value()));
    }
    at = close + 2;
  }
  return tmpl;
}

Template literal_template(std::string text) {
  Template tmpl;
  append_literal(tmpl, text);
  tmpl.source = std::move(text);
  return tmpl;
}

std::vector<std::string_view> template_variables(const Template& tmpl) {
  std::vector<std::string_view> names;
  for (const TemplatePart& part : tmpl.parts) {
    if (part.kind == TemplatePartKind::variable) names.push_back(part.text);
  }
  return names;
}

void append_json_escaped(std::string_view text, std::string& out) {
  static constexpr char k_hex[] = "0123456789abcdef";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += k_hex[byte >> 4];
          out += k_hex[byte & 0xF];
        } else {
          out += c;
        }
    }
  }
}

void render(const Template& tmpl, const RenderContext& context, std::string& out) {
  std::mt19937_64& rng = context.rng != nullptr ? *context.rng : fallback_rng();
  for (const TemplatePart& part : tmpl.parts) {
    switch (part.kind) {
      case TemplatePartKind::literal:
        out += part.text;
        break;
      case TemplatePartKind::variable: {
        const std::string* value =
            context.variables != nullptr ? context.variables->find(part.text) : nullptr;
        if (value == nullptr) break;
        if (part.escape == TemplateEscape::json) {
          append_json_escaped(*value, out);
        } else {
          out += *value;
        }
        break;
      }
      case TemplatePartKind::vu:
        append_int(context.vu, out);
        break;
      case TemplatePartKind::iteration:
        append_int(context.iteration, out);
        break;
      case TemplatePartKind::uuid:
        append_uuid(rng, out);
        break;
      case TemplatePartKind::random_int:
        append_int(std::uniform_int_distribution<int64_t>(part.low, part.high)(rng), out);
        break;
      case TemplatePartKind::timestamp:
      case TemplatePartKind::timestamp_ms: {
        auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
        append_int(part.kind == TemplatePartKind::timestamp
                       ? std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count()
                       : std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count(),
                   out);
        break;
      }
    }
  }
}

}  // namespace perfgate::scenario
