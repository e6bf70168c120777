// SPDX-License-Identifier: MIT
#include "perfgate/importers/summary_endpoint.h"

#include <charconv>
#include <cmath>

namespace perfgate::importers {

std::optional<double> percentile_of_key(std::string_view key) {
  if (key == "min") return 0.0;
  if (key == "med" || key == "median") return 50.0;
  if (key == "max") return 100.0;
  std::string_view digits;
  if (key.starts_with("p(") && key.ends_with(")")) {
    digits = key.substr(2, key.size() - 3);
  } else if (key.size() > 1 && key[0] == 'p') {
    digits = key.substr(1);
    // Artillery: "p999" is 99.9, "p9999" 99.99; "p50", "p75", "p95", "p99" are what they say.
    if (digits.size() > 2 && digits.find('.') == std::string_view::npos) {
      double value = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
      return value / std::pow(10.0, static_cast<double>(digits.size() - 2));
    }
  } else {
    return std::nullopt;
  }
  double value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || value < 0 || value > 100)
    return std::nullopt;
  return value;
}

metrics::EndpointMetrics endpoint_from_percentiles(int64_t requests,
                                                   std::vector<PercentilePoint> points) {
  metrics::EndpointMetrics e;
  e.requests = requests;
  e.latency = histogram_from_percentiles(requests, std::move(points));
  e.latency_uncorrected = e.latency;
  return e;
}

}  // namespace perfgate::importers
