// SPDX-License-Identifier: MIT
// k6 end-of-test summaries, in both shapes users have: `k6 run --summary-export=FILE` and the
// data object handed to handleSummary() (`JSON.stringify(data)`). They hold percentiles, not
// histograms: the result is marked LatencyPrecision::percentiles and has no windows.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "perfgate/importers/import_options.h"
#include "perfgate/results/run_result.h"
#include "perfgate/util/result.h"

namespace perfgate::importers {

// Endpoints come from `http_req_duration{name:…}` sub-metrics (k6 keeps a sub-metric only when
// a threshold names it); requests outside them form "(other)", and without any, one endpoint
// "(all)" holds every request. `source` names the file in errors.
Result<results::RunResult> import_k6_summary(std::string_view text, const std::string& source,
                                             const ImportOptions& options);

// The thresholds a summary carries: metric (with tags) → expressions.
Result<std::map<std::string, std::vector<std::string>>> k6_summary_thresholds(
    std::string_view text, const std::string& source);

}  // namespace perfgate::importers
