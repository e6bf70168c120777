// SPDX-License-Identifier: MIT
// Building a results endpoint from an end-of-test summary's figures (k6 summary, Artillery).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "perfgate/importers/percentile_histogram.h"
#include "perfgate/metrics/endpoint_metrics.h"

namespace perfgate::importers {

// The percentile named by a summary key: "min" 0, "med"/"median" 50, "max" 100, "p(95)" and
// "p95" 95, "p999" 99.9, "p(99.9)" 99.9; nullopt for anything else ("avg", "count", …).
std::optional<double> percentile_of_key(std::string_view key);

// An endpoint of `requests` requests whose latency histogram is rebuilt from `points`.
metrics::EndpointMetrics endpoint_from_percentiles(int64_t requests,
                                                   std::vector<PercentilePoint> points);

}  // namespace perfgate::importers
