// SPDX-License-Identifier: MIT
#include "perfgate/stats/tolerances.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cstdlib>

#include "perfgate/stats/metric_id.h"

namespace perfgate::stats {
std::string tolerance_key(const std::string& metric) {
  if (std::optional<MetricId> id = metric_id_from_name(metric)) return metric_names(*id).key;
  return metric;
}

bool is_compared_metric(const std::string& metric) {
  return metric_id_from_name(metric).has_value();
}

double Tolerances::for_check(const std::string& endpoint, const std::string& metric) const {
  std::string key = tolerance_key(metric);
  if (auto it = by_endpoint_metric.find({endpoint, key}); it != by_endpoint_metric.end()) {
    return it->second;
  }
  if (auto it = by_endpoint.find(endpoint); it != by_endpoint.end()) return it->second;
  if (auto it = by_metric.find(key); it != by_metric.end()) return it->second;
  return default_tolerance.value_or(k_default);
}

void Tolerances::override_with(const Tolerances& other) {
  if (other.default_tolerance) default_tolerance = other.default_tolerance;
  for (const auto& [key, value] : other.by_metric) by_metric[key] = value;
  for (const auto& [key, value] : other.by_endpoint) by_endpoint[key] = value;
  for (const auto& [key, value] : other.by_endpoint_metric) by_endpoint_metric[key] = value;
}

Result<double> parse_tolerance_value(const std::string& text) {
  std::string number = text;
  double scale = 1;
  if (!number.empty() && number.back() == '%') {
    number.pop_back();
    scale = 0.01;
  }
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !(value >= 0)) {
    return Error::bad_input(
        fmt::format("tolerance '{}' is not a fraction (0.1) or a percentage (10%)", text));
  }
  if (scale == 1 && value > 1) {
    // "10" almost always means 10 %, not 1000 %: say so rather than gate on 11×.
    return Error::bad_input(
        fmt::format("tolerance '{}' is {:g}%; write {}% for a percentage, or a fraction like 0.1",
                    text, value * 100, number));
  }
  value *= scale;
  if (value > 10) {
    return Error::bad_input(fmt::format("tolerance '{}' is larger than 1000%", text));
  }
  return value;
}

perfgate::Status apply_tolerance_flag(Tolerances& tolerances, const std::string& spec) {
  size_t equals = spec.rfind('=');
  if (equals == std::string::npos) {
    Result<double> value = parse_tolerance_value(spec);
    if (!value) return value.error();
    tolerances.default_tolerance = *value;
    return ok_status();
  }
  std::string key = spec.substr(0, equals);
  Result<double> value = parse_tolerance_value(spec.substr(equals + 1));
  if (!value) return value.error();
  std::string endpoint;
  std::string metric = key;
  if (size_t colon = key.rfind(':'); colon != std::string::npos) {
    endpoint = key.substr(0, colon);
    metric = key.substr(colon + 1);
  }
  metric = tolerance_key(metric);
  if (metric == "default") metric = "*";
  if (metric != "*" && !is_compared_metric(metric)) {
    return Error::bad_input(fmt::format(
        "tolerance '{}': unknown metric '{}' (p50, p95, p99, error_rate, rps or *)", spec, metric));
  }
  if (endpoint.empty() && metric == "*") {
    tolerances.default_tolerance = *value;
  } else if (endpoint.empty()) {
    tolerances.by_metric[metric] = *value;
  } else if (metric == "*") {
    tolerances.by_endpoint[endpoint] = *value;
  } else {
    tolerances.by_endpoint_metric[{endpoint, metric}] = *value;
  }
  return ok_status();
}

perfgate::Status check_tolerance_endpoints(const Tolerances& tolerances,
                                           const std::vector<std::string>& endpoints) {
  auto known = [&](const std::string& name) {
    return name == "total" || name.empty() ||
           std::find(endpoints.begin(), endpoints.end(), name) != endpoints.end();
  };
  auto unknown = [&](const std::string& name) {
    return Error::at(
        SourceLocation{}, "tolerances.endpoints." + name,
        fmt::format("the run has no endpoint '{}' (it has: {})", name, fmt::join(endpoints, ", ")));
  };
  for (const auto& [name, value] : tolerances.by_endpoint) {
    if (!known(name)) return unknown(name);
  }
  for (const auto& [key, value] : tolerances.by_endpoint_metric) {
    if (!known(key.first)) return unknown(key.first);
  }
  return ok_status();
}

}  // namespace perfgate::stats
