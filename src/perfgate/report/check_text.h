// SPDX-License-Identifier: MIT
// How a check reads: its metric's label, unit and direction, its subject ("p95 of `login`") and
// its change ("+38% (412 → 569 ms), beyond noise (p = 0.002)"), in Markdown or plain text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "perfgate/report/number_format.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::report {

enum class Direction { lower_is_better, higher_is_better };

struct MetricInfo {
  std::string label;  // "p95", "error rate", "throughput", or the metric's own name
  Unit unit = Unit::none;
  Direction direction = Direction::lower_is_better;
};

// perf-gate's metric names ("p95_ms", "error_rate", "rps") and k6's ("http_req_duration",
// "http_req_failed", "http_reqs", "checks", "dropped_iterations"; tags like `{name:x}` ignored).
// `rule` refines k6's latency label ("p(95)<500" -> "p95").
MetricInfo metric_info(std::string_view metric, std::string_view rule = {});

enum class TextStyle { markdown, plain };

// How an endpoint is named: `login` (Markdown code) or login; the total is "all requests".
std::string endpoint_text(const std::string& endpoint, TextStyle style);

// "p95 of `login`".
std::string check_subject(const stats::Check& check, TextStyle style);

// The relative change, from the check or computed from its values; none when unknown.
std::optional<double> relative_change(const stats::Check& check);

// A table's change column: "+38%", or "+0.40 pp" for a rate (an error rate going from 0.01% to
// 0.07% is not "+600%"); `none` when there is no change to show (thresholds, unknown values).
std::string change_cell(const stats::Check& check, std::string_view none);

// What the check found, after its subject: for regressions "+38% (412 → 569 ms), beyond
// noise (p = 0.002)"; for thresholds "569 ms breaks `p(95)<500`"; the explanation otherwise.
std::string check_finding(const stats::Check& check, TextStyle style);

// How bad a non-passing check is, to pick the headline: the relative distance from the
// baseline or limit in the bad direction (0 when unknown; infinite for a check that did not
// pass on a rise from 0).
double check_severity(const stats::Check& check);

// The smallest change a regression check could detect: "+25%", "−40%" for throughput, "0.5 pp"
// for rates, "only changes beyond 10×"; "" when the check has none.
std::string detectable_text(const stats::Check& check);

// The explanation without the subject, change and values the finding already gives ("a
// regression beyond the 10% tolerance (p = 0.002; …)"); the whole explanation otherwise.
std::string explanation_detail(const stats::Check& check);

// A passing regression check whose change goes the good way by more than its tolerance (10%
// when it states none), significantly (p < 0.05) when it has a p-value.
inline constexpr double k_default_tolerance = 0.10;
inline constexpr double k_improvement_alpha = 0.05;
bool is_improvement(const stats::Check& check);

// "PASS", "WARN", "FAIL", "NO DATA"; and the emoji the Markdown shows.
const char* status_word(stats::Status status);
const char* status_emoji(stats::Status status);

}  // namespace perfgate::report
