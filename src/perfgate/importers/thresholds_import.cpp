// SPDX-License-Identifier: MIT
// Each converted rule is checked by parsing it with perf-gate's own thresholds parser, so what
// is written is exactly what `compare --thresholds` accepts, and a rule it would reject is listed
// as skipped with the parser's reason.
#include "perfgate/importers/thresholds_import.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>

#include "perfgate/stats/thresholds.h"
#include "perfgate/util/json_io.h"
#include "perfgate/util/yaml_limits.h"

namespace perfgate::importers {
namespace {

using nlohmann::json;

// Skipped rules are written as YAML comments: a line break would end the comment.
std::string one_line(std::string text) {
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return text;
}

// A YAML double-quoted scalar (JSON's quoting); bytes that are not UTF-8 become U+FFFD.
std::string yaml_quoted(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

struct Entry {
  std::string selector;            // "http_req_duration{name:login}"
  std::vector<std::string> rules;  // YAML flow scalars: "\"p(95)<500\"" or a JSON object
};

class Builder {
 public:
  explicit Builder(std::string origin) : m_origin(std::move(origin)) {}

  // Adds `rule` (a YAML flow value) under `selector` when perf-gate parses it.
  void add(const std::string& selector, const std::string& rule, const std::string& shown) {
    std::string one = fmt::format("{}: [{}]\n", yaml_quoted(selector), rule);
    auto parsed = stats::parse_thresholds(one, m_origin);
    if (!parsed) {
      skip(selector, shown, parsed.error().message);
      return;
    }
    for (Entry& entry : m_entries) {
      if (entry.selector == selector) {
        entry.rules.push_back(rule);
        ++m_rules;
        return;
      }
    }
    m_entries.push_back({selector, {rule}});
    ++m_rules;
  }
  void skip(const std::string& selector, const std::string& rule, const std::string& why) {
    m_skipped.push_back(one_line(fmt::format("{}: {}: {}", selector, rule, why)));
  }

  ConvertedThresholds finish() const {
    std::string yaml = fmt::format(
        "# perf-gate thresholds converted from {} by perf-gate import\n"
        "# (docs/import.md).\n",
        one_line(m_origin));
    for (const std::string& skipped : m_skipped) yaml += fmt::format("# skipped: {}\n", skipped);
    if (m_entries.empty()) yaml += "{}\n";
    for (const Entry& entry : m_entries) {
      yaml += fmt::format("{}:\n", yaml_quoted(entry.selector));
      for (const std::string& rule : entry.rules) yaml += fmt::format("  - {}\n", rule);
    }
    return {yaml, m_skipped, m_rules};
  }

 private:
  std::string m_origin;
  std::vector<Entry> m_entries;
  std::vector<std::string> m_skipped;
  int m_rules = 0;
};

// ---- k6 ----

void add_k6_rule(Builder& builder, const std::string& selector, const std::string& rule) {
  // A rule given as an object arrives as its JSON text; JSON is YAML.
  auto object = json::parse(rule, nullptr, false);
  if (object.is_object()) {
    auto threshold = object.find("threshold");
    builder.add(
        selector, object.dump(-1, ' ', false, json::error_handler_t::replace),
        threshold != object.end() && threshold->is_string() ? threshold->get<std::string>() : rule);
  } else {
    builder.add(selector, yaml_quoted(rule), rule);
  }
}

// ---- Artillery ----

// An Artillery metric as a k6 selector and aggregation ("http.response_time.p99" →
// http_req_duration, p(99)); nullopt when perf-gate has no such metric.
std::optional<std::pair<std::string, std::string>> k6_equivalent(std::string_view metric) {
  static const std::map<std::string, std::string, std::less<>> k_aggregations = {
      {"min", "min"},   {"max", "max"},   {"mean", "avg"},  {"median", "med"}, {"p50", "med"},
      {"p75", "p(75)"}, {"p90", "p(90)"}, {"p95", "p(95)"}, {"p99", "p(99)"},  {"p999", "p(99.9)"},
  };
  if (metric == "http.requests") return std::pair{std::string("http_reqs"), std::string("count")};
  if (metric == "http.request_rate")
    return std::pair{std::string("http_reqs"), std::string("rate")};
  if (metric == "http.downloaded_bytes")
    return std::pair{std::string("data_received"), std::string("count")};
  size_t dot = metric.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto aggregation = k_aggregations.find(metric.substr(dot + 1));
  if (aggregation == k_aggregations.end()) return std::nullopt;
  std::string_view base = metric.substr(0, dot);
  constexpr std::string_view k_by_endpoint = "plugins.metrics-by-endpoint.response_time.";
  if (base == "http.response_time")
    return std::pair{std::string("http_req_duration"), aggregation->second};
  if (base.starts_with(k_by_endpoint)) {
    return std::pair{fmt::format("http_req_duration{{name:{}}}", base.substr(k_by_endpoint.size())),
                     aggregation->second};
  }
  return std::nullopt;
}

void add_artillery_comparison(Builder& builder, const std::string& metric, const std::string& op,
                              const std::string& value, const std::string& shown) {
  auto k6 = k6_equivalent(metric);
  if (!k6) {
    builder.skip(metric, shown, "perf-gate has no equivalent metric");
    return;
  }
  std::string rule = fmt::format("{}{}{}", k6->second, op == "==" ? "==" : op, value);
  builder.add(k6->first, yaml_quoted(rule), rule);
}

// "a < 1 and b > 2": each comparison that names a known metric; `or` cannot be split.
void add_condition(Builder& builder, const std::string& expression, bool strict) {
  if (!strict) {
    builder.skip("condition", expression,
                 "strict: false (Artillery reports it, never fails on it)");
    return;
  }
  if (std::regex_search(expression, std::regex(R"(\bor\b|\bnot\b|[()])"))) {
    builder.skip("condition", expression, "only comparisons joined by `and` can be converted");
    return;
  }
  static const std::regex k_comparison(
      R"(^\s*([A-Za-z0-9_.\- /{}:]+?)\s*(<=|>=|==|!=|<|>)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$)");
  std::smatch match;
  std::vector<std::string> parts;
  for (size_t from = 0;;) {
    size_t at = expression.find(" and ", from);
    parts.push_back(expression.substr(from, at == std::string::npos ? at : at - from));
    if (at == std::string::npos) break;
    from = at + 5;
  }
  for (const std::string& comparison : parts) {
    if (!std::regex_match(comparison, match, k_comparison)) {
      builder.skip("condition", comparison, "not of the form `metric <op> number`");
      continue;
    }
    add_artillery_comparison(builder, match[1], match[2], match[3], comparison);
  }
}

std::string scalar_text(const YAML::Node& node) {
  return node.IsScalar() ? node.Scalar() : YAML::Dump(node);
}

void add_ensure(Builder& builder, const YAML::Node& ensure) {
  if (!ensure.IsMap()) return;
  static const std::map<std::string, std::string> k_legacy = {
      {"min", "min"}, {"max", "max"}, {"median", "med"}, {"p95", "p(95)"}, {"p99", "p(99)"}};
  for (const auto& item : ensure) {
    std::string key = item.first.Scalar();
    if (key == "thresholds" && item.second.IsSequence()) {
      for (const auto& threshold : item.second) {
        if (!threshold.IsMap()) continue;
        for (const auto& pair : threshold) {
          add_artillery_comparison(
              builder, pair.first.Scalar(), "<", scalar_text(pair.second),
              fmt::format("{}: {}", pair.first.Scalar(), scalar_text(pair.second)));
        }
      }
    } else if (key == "conditions" && item.second.IsSequence()) {
      for (const auto& condition : item.second) {
        bool strict = !condition["strict"] || condition["strict"].as<bool>(true);
        if (condition["expression"])
          add_condition(builder, condition["expression"].Scalar(), strict);
      }
    } else if (key == "maxErrorRate") {
      double percent = item.second.as<double>();
      std::string rule = fmt::format("rate<={}", percent / 100.0);
      builder.add("http_req_failed", yaml_quoted(rule), rule);
    } else if (auto legacy = k_legacy.find(key); legacy != k_legacy.end()) {
      std::string rule = fmt::format("{}<{}", legacy->second, scalar_text(item.second));
      builder.add("http_req_duration", yaml_quoted(rule), rule);
    } else {
      builder.skip(key, scalar_text(item.second), "unknown ensure setting");
    }
  }
}

}  // namespace

ConvertedThresholds convert_k6_thresholds(
    const std::map<std::string, std::vector<std::string>>& thresholds, const std::string& origin) {
  Builder builder(origin);
  for (const auto& [selector, rules] : thresholds)
    for (const std::string& rule : rules) add_k6_rule(builder, selector, rule);
  return builder.finish();
}

Result<ConvertedThresholds> convert_k6_thresholds_file(std::string_view json_text,
                                                       const std::string& source) {
  auto document = json_io::parse_text(json_text, source);
  if (!document) return document.error();
  const json* thresholds = &*document;
  if (document->is_object() && document->contains("thresholds"))
    thresholds = &(*document)["thresholds"];
  if (!thresholds->is_object()) {
    return Error::at(SourceLocation{source, 0, 0}, "thresholds",
                     "expected k6's options.thresholds: an object of metric → list of rules");
  }
  std::map<std::string, std::vector<std::string>> rules;
  for (const auto& [selector, list] : thresholds->items()) {
    const json& items = list.is_array() ? list : json::array({list});
    for (const json& rule : items) {
      if (!rule.is_string() && !rule.is_object()) {
        return Error::at(SourceLocation{source, 0, 0}, fmt::format("thresholds.{}", selector),
                         "expected a rule string (\"p(95)<500\") or {\"threshold\": …}");
      }
      rules[selector].push_back(rule.is_string() ? rule.get<std::string>() : rule.dump());
    }
  }
  return convert_k6_thresholds(rules, source);
}

Result<ConvertedThresholds> convert_artillery_ensure(std::string_view yaml_text,
                                                     const std::string& source) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml_text));
    if (Status size = util::check_yaml_size(root, source); !size) return size.error();
    YAML::Node config = root.IsMap() ? root["config"] : YAML::Node();
    if (!config || !config.IsMap()) {
      return Error::at(SourceLocation{source, 0, 0}, "config",
                       "expected an Artillery script with a `config:` section");
    }
    YAML::Node ensure = config["ensure"];
    YAML::Node plugin = config["plugins"] ? config["plugins"]["ensure"] : YAML::Node();
    if (!ensure && !(plugin && plugin.IsMap() && plugin.size() > 0)) {
      return Error::at(SourceLocation{source, 0, 0}, "config.ensure",
                       "no `ensure` settings (config.ensure or config.plugins.ensure) to convert");
    }
    Builder builder(source);
    if (ensure) add_ensure(builder, ensure);
    if (plugin) add_ensure(builder, plugin);
    return builder.finish();
  } catch (const YAML::Exception& e) {
    return Error::at(SourceLocation{source, e.mark.line + 1, e.mark.column + 1}, "",
                     fmt::format("invalid YAML: {}", e.msg));
  }
}

}  // namespace perfgate::importers
