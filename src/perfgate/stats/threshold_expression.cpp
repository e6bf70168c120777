// SPDX-License-Identifier: MIT
#include "perfgate/stats/threshold_expression.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "perfgate/util/spelling.h"

namespace perfgate::stats {
namespace {

constexpr std::array<MetricInfo, 12> k_metrics{{
    {"http_req_duration", MetricType::trend, true, "ms"},
    {"http_req_failed", MetricType::rate, true, ""},
    {"http_reqs", MetricType::counter, true, ""},
    {"checks", MetricType::rate, true, ""},
    {"dropped_iterations", MetricType::counter, false, ""},
    {"iterations", MetricType::counter, false, ""},
    {"data_received", MetricType::counter, true, "B"},
    {"data_sent", MetricType::counter, true, "B"},
    {"http_req_connecting", MetricType::phase, true, "ms"},
    {"http_req_tls_handshaking", MetricType::phase, true, "ms"},
    {"http_req_waiting", MetricType::phase, true, "ms"},
    {"http_req_receiving", MetricType::phase, true, "ms"},
}};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<double> parse_number(std::string_view text) {
  std::string copy(trim(text));
  if (copy.empty()) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// k6's operator order: the longer spellings first, so "<=" is not read as "<".
struct OperatorSpelling {
  const char* text;
  Comparison comparison;
};
constexpr std::array<OperatorSpelling, 7> k_operators{{{"<=", Comparison::less_equal},
                                                       {"<", Comparison::less},
                                                       {">=", Comparison::greater_equal},
                                                       {">", Comparison::greater},
                                                       {"===", Comparison::equal},
                                                       {"==", Comparison::equal},
                                                       {"!=", Comparison::not_equal}}};

bool parse_aggregation(std::string_view text, ThresholdRule& rule, std::string& error) {
  if (text == "avg")
    rule.aggregation = Aggregation::avg;
  else if (text == "min")
    rule.aggregation = Aggregation::min;
  else if (text == "max")
    rule.aggregation = Aggregation::max;
  else if (text == "med")
    rule.aggregation = Aggregation::med;
  else if (text == "rate")
    rule.aggregation = Aggregation::rate;
  else if (text == "count")
    rule.aggregation = Aggregation::count;
  else if (text == "value")
    rule.aggregation = Aggregation::value;
  else if (text.starts_with("p(") && text.ends_with(")")) {
    std::optional<double> percentile = parse_number(text.substr(2, text.size() - 3));
    if (!percentile || *percentile < 0 || *percentile > 100) {
      error = fmt::format("percentile in '{}' must be a number from 0 to 100", text);
      return false;
    }
    rule.aggregation = Aggregation::percentile;
    rule.percentile = *percentile;
  } else {
    error = fmt::format("unknown aggregation '{}' (avg, min, max, med, p(N), rate, count or value)",
                        text);
    return false;
  }
  return true;
}

}  // namespace

const MetricInfo* find_metric(std::string_view name) {
  for (const MetricInfo& info : k_metrics) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

ParsedExpression parse_expression(std::string_view text) {
  ParsedExpression parsed;
  std::string_view trimmed = trim(text);
  size_t position = trimmed.find_first_of("<>=!");
  if (position == std::string_view::npos) {
    parsed.error = fmt::format("'{}' has no operator (<, <=, >, >=, ==, !=)", trimmed);
    return parsed;
  }
  ThresholdRule rule;
  rule.text = std::string(trimmed);
  if (!parse_aggregation(trim(trimmed.substr(0, position)), rule, parsed.error)) return parsed;
  std::string_view rest = trimmed.substr(position);
  const OperatorSpelling* found = nullptr;
  for (const OperatorSpelling& spelling : k_operators) {
    if (rest.starts_with(spelling.text)) {
      found = &spelling;
      break;
    }
  }
  if (found == nullptr) {
    parsed.error = fmt::format("'{}' has no valid operator (<, <=, >, >=, ==, !=)", trimmed);
    return parsed;
  }
  rule.comparison = found->comparison;
  std::optional<double> limit = parse_number(rest.substr(std::string_view(found->text).size()));
  if (!limit) {
    parsed.error = fmt::format("'{}' must end with a number", trimmed);
    return parsed;
  }
  rule.limit = *limit;
  parsed.rule = std::move(rule);
  return parsed;
}

ParsedSelector parse_selector(std::string_view text) {
  ParsedSelector parsed;
  std::string_view trimmed = trim(text);
  MetricSelector selector;
  selector.text = std::string(trimmed);
  size_t brace = trimmed.find('{');
  selector.metric = std::string(trim(trimmed.substr(0, brace)));
  if (brace != std::string_view::npos) {
    if (!trimmed.ends_with("}")) {
      parsed.error = fmt::format("'{}': tags must end with '}}'", trimmed);
      return parsed;
    }
    std::string_view tags = trimmed.substr(brace + 1, trimmed.size() - brace - 2);
    size_t colon = tags.find(':');
    std::string_view key = trim(tags.substr(0, colon));
    if (colon == std::string_view::npos || key != "name" ||
        tags.find(',') != std::string_view::npos) {
      parsed.error = fmt::format(
          "'{}': perf-gate selects endpoints with one tag, {{name:<endpoint>}}", trimmed);
      return parsed;
    }
    std::string_view value = trim(tags.substr(colon + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    if (value.empty()) {
      parsed.error = fmt::format("'{}': the endpoint name is empty", trimmed);
      return parsed;
    }
    selector.endpoint = std::string(value);
  }
  const MetricInfo* info = find_metric(selector.metric);
  if (info == nullptr) {
    std::vector<std::string_view> names;
    for (const MetricInfo& known : k_metrics) names.push_back(known.name);
    std::string guess = util::closest_match(selector.metric, names);
    parsed.error =
        guess.empty()
            ? fmt::format("unknown metric '{}' ({})", selector.metric, fmt::join(names, ", "))
            : fmt::format("unknown metric '{}'; did you mean '{}'?", selector.metric, guess);
    return parsed;
  }
  if (!selector.endpoint.empty() && !info->per_endpoint) {
    parsed.error =
        fmt::format("'{}': {} is counted per run, not per endpoint", trimmed, selector.metric);
    return parsed;
  }
  parsed.selector = std::move(selector);
  return parsed;
}

std::optional<std::string> aggregation_error(const MetricInfo& metric, const ThresholdRule& rule) {
  Aggregation a = rule.aggregation;
  bool ok = false;
  const char* allowed = "";
  switch (metric.type) {
    case MetricType::trend:
      ok = a == Aggregation::avg || a == Aggregation::min || a == Aggregation::max ||
           a == Aggregation::med || a == Aggregation::percentile;
      allowed = "avg, min, max, med, p(N)";
      break;
    case MetricType::rate:
      ok = a == Aggregation::rate;
      allowed = "rate";
      break;
    case MetricType::counter:
      ok = a == Aggregation::count || a == Aggregation::rate;
      allowed = "count, rate";
      break;
    case MetricType::phase:
      ok = a == Aggregation::avg;
      allowed = "avg";
      break;
  }
  if (ok) return std::nullopt;
  return fmt::format("{} does not support '{}' (it supports {})", metric.name,
                     aggregation_name(rule), allowed);
}

std::string aggregation_name(const ThresholdRule& rule) {
  switch (rule.aggregation) {
    case Aggregation::avg:
      return "avg";
    case Aggregation::min:
      return "min";
    case Aggregation::max:
      return "max";
    case Aggregation::med:
      return "med";
    case Aggregation::percentile:
      return fmt::format("p({:g})", rule.percentile);
    case Aggregation::rate:
      return "rate";
    case Aggregation::count:
      return "count";
    case Aggregation::value:
      return "value";
  }
  return "?";
}

const char* comparison_text(Comparison comparison) {
  switch (comparison) {
    case Comparison::less_equal:
      return "<=";
    case Comparison::less:
      return "<";
    case Comparison::greater_equal:
      return ">=";
    case Comparison::greater:
      return ">";
    case Comparison::equal:
      return "==";
    case Comparison::not_equal:
      return "!=";
  }
  return "?";
}

bool compare(double value, Comparison comparison, double limit) {
  switch (comparison) {
    case Comparison::less_equal:
      return value <= limit;
    case Comparison::less:
      return value < limit;
    case Comparison::greater_equal:
      return value >= limit;
    case Comparison::greater:
      return value > limit;
    case Comparison::equal:
      return value == limit;
    case Comparison::not_equal:
      return value != limit;
  }
  return false;
}

}  // namespace perfgate::stats
