// SPDX-License-Identifier: MIT
// The per-endpoint comparison every report shows: baseline vs current summary numbers, timing
// phases, and a mark from the endpoint's checks, ordered worst first with the total last.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "perfgate/metrics/endpoint_metrics.h"
#include "perfgate/report/report_input.h"
#include "perfgate/stats/metric_id.h"

namespace perfgate::report {

// The numbers of one side of one endpoint; a field is empty when that side does not know it.
struct SideValues {
  std::optional<double> p50_ms, p95_ms, p99_ms, error_rate, rps;
  std::optional<int64_t> requests, errors;
  std::optional<metrics::PhaseTotals> phases;
};

// consequence: every failing check of the endpoint follows from another endpoint's latency
// (root_causes.h).
enum class Mark {
  regression,
  consequence,
  inconclusive,
  warning,
  no_data,
  improvement,
  unchanged,
  unchecked
};
const char* mark_emoji(Mark mark);  // ❌ 🔗 ❓ ⚠️ ❔ 🟢 ⚪ and "" for unchecked
const char* mark_word(Mark mark);   // "regression", "warning", …

struct EndpointRow {
  std::string name;  // empty: all requests
  SideValues baseline, current;
  Mark mark = Mark::unchecked;
  stats::Status status = stats::Status::pass;  // worst check of this endpoint
  std::vector<std::string> flagged_metrics;    // metrics with a failing or warning check
  std::vector<std::string> caused_by;          // consequence: the slow endpoints behind it
  size_t order = 0;                            // scenario order (the total: last)

  bool flagged(stats::MetricId metric) const;
};

// Endpoints from the runs when they are given, else from the checks; worst mark first, then
// scenario order; the total ("all requests") is always the last row.
std::vector<EndpointRow> endpoint_rows(const ReportInput& input);

// The mean of each timing phase in ms (DNS, connect, TLS, TTFB, transfer); zeros when no
// samples.
struct PhaseMeans {
  double dns_ms = 0, connect_ms = 0, tls_ms = 0, ttfb_ms = 0, transfer_ms = 0;
  double setup_ms = 0;  // dns + connect + tls: getting a connection ready
};
PhaseMeans phase_means(const metrics::PhaseTotals& phases);

}  // namespace perfgate::report
