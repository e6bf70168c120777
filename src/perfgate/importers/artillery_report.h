// SPDX-License-Identifier: MIT
// Artillery 2.x `artillery run --output report.json`: the aggregate and the intermediate
// reporting periods (10 s by default), per endpoint when the metrics-by-endpoint plugin was on.
// Artillery keeps percentiles, not histograms: the result is marked
// LatencyPrecision::percentiles, and its windows are Artillery's periods.
#pragma once

#include <string>
#include <string_view>

#include "perfgate/importers/import_options.h"
#include "perfgate/results/run_result.h"
#include "perfgate/util/result.h"

namespace perfgate::importers {

// Endpoints are the metrics-by-endpoint names (`plugins.metrics-by-endpoint.response_time.NAME`
// and `plugins.metrics-by-endpoint.NAME.codes.CODE`); without the plugin, one endpoint "(all)".
// Requests = responses + errors; 4xx and 5xx responses count as errors (as perf-gate and k6
// count them), `errors.ETIMEDOUT` as timeout, `errors.ECONNREFUSED` and friends as connect.
Result<results::RunResult> import_artillery_report(std::string_view text, const std::string& source,
                                                   const ImportOptions& options);

}  // namespace perfgate::importers
