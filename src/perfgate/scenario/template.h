// SPDX-License-Identifier: MIT
// Template: text with {{ expression }} placeholders, parsed once at load time and rendered per
// request on the engine's hot path (so rendering must not re-parse, and constant templates are
// returned as they are). Expressions are documented in docs/scenario-format.md: captured and data
// variables by name, vu, iteration, uuid, random(a, b), timestamp, timestamp_ms, env.NAME.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "perfgate/util/result.h"

namespace perfgate::scenario {

enum class TemplatePartKind {
  literal,
  variable,      // a captured value or data column, looked up by name at render time
  vu,            // the virtual user's number (1-based)
  iteration,     // the VU's iteration number (0-based)
  uuid,          // a random version-4 UUID
  random_int,    // random(low, high), inclusive
  timestamp,     // Unix time, seconds
  timestamp_ms,  // Unix time, milliseconds
};

// How a placeholder's value is written: as is, or escaped for the inside of a JSON string (the
// `json:` body of a step is one template whose placeholders all sit inside JSON strings).
enum class TemplateEscape { none, json };

struct TemplatePart {
  TemplatePartKind kind = TemplatePartKind::literal;
  std::string text;  // literal text, or the variable's name
  int64_t low = 0;   // random_int bounds
  int64_t high = 0;
  TemplateEscape escape = TemplateEscape::none;  // applied to variables (other values need none)
};

struct Template {
  std::string source;               // as written
  std::vector<TemplatePart> parts;  // environment variables are substituted at load time
  bool is_constant() const {
    return parts.size() <= 1 && (parts.empty() || parts[0].kind == TemplatePartKind::literal);
  }
};

// Parses "text {{ expr }} text". Environment variables ({{ env.NAME }}) are resolved here;
// an unset one is an error, as is an unknown function or an unclosed placeholder.
Result<Template> parse_template(std::string_view text);

// A template that renders `text` as it is (no placeholders are interpreted).
Template literal_template(std::string text);

// The names of the variables a template reads ({{ token }} -> "token"), in order, repeated.
std::vector<std::string_view> template_variables(const Template& tmpl);

// Appends `text` escaped for the inside of a JSON string (quotes, backslashes, control chars).
void append_json_escaped(std::string_view text, std::string& out);

// Looks up variables (captures, then the current data row) for one VU.
class VariableSource {
 public:
  virtual ~VariableSource() = default;
  // nullptr when the variable is not set (it then renders as empty text).
  virtual const std::string* find(std::string_view name) const = 0;
};

struct RenderContext {
  const VariableSource* variables = nullptr;
  int64_t vu = 0;
  int64_t iteration = 0;
  std::mt19937_64* rng = nullptr;  // per VU or per worker; never shared between threads
                                   // (nullptr: a thread-local generator is used)
};

// Appends the rendered text to `out` (callers reuse one buffer per request slot). Does not parse
// and allocates nothing but the growth of `out`. Thread-safe if `context.rng` is not shared.
void render(const Template& tmpl, const RenderContext& context, std::string& out);

}  // namespace perfgate::scenario
