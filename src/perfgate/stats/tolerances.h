// SPDX-License-Identifier: MIT
// Tolerances: the smallest relative change of a compared metric worth failing on, by default
// 10 %, overridable per metric, per endpoint, and per endpoint and metric (docs/gate.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "perfgate/util/result.h"

namespace perfgate::stats {

struct Tolerances {
  static constexpr double k_default = 0.10;   // relative: 0.10 = 10 %
  std::optional<double> default_tolerance;    // unset: k_default
  std::map<std::string, double> by_metric;    // "p95" -> 0.20 (every endpoint)
  std::map<std::string, double> by_endpoint;  // "login" -> 0.15 (every metric)
  std::map<std::pair<std::string, std::string>, double> by_endpoint_metric;  // (login, p95)

  // The tolerance of one check; the most specific setting wins: endpoint and metric, then
  // endpoint, then metric, then the default. `metric` may carry the "_ms" suffix ("p95_ms").
  double for_check(const std::string& endpoint, const std::string& metric) const;

  // Applies `other`'s explicit settings on top of these (flags over the file).
  void override_with(const Tolerances& other);
};

// The metrics the baseline comparison knows: p50, p95, p99, error_rate, rps.
bool is_compared_metric(const std::string& metric);
// "p95_ms" -> "p95"; other names unchanged.
std::string tolerance_key(const std::string& metric);

// Parses a tolerance value: a fraction ("0.15") or a percentage ("15%"); must be in [0, 10].
Result<double> parse_tolerance_value(const std::string& text);

// Applies one command-line setting: "0.1" (default), "p99=0.2", "login:p95=0.25",
// "login:*=0.15". The endpoint is everything before the last ':' of the key.
perfgate::Status apply_tolerance_flag(Tolerances& tolerances, const std::string& spec);

// bad_input naming the first endpoint the tolerances set that is not in `endpoints` (the run's):
// a misspelt endpoint would otherwise silently leave the default tolerance in force.
perfgate::Status check_tolerance_endpoints(const Tolerances& tolerances,
                                           const std::vector<std::string>& endpoints);

}  // namespace perfgate::stats
