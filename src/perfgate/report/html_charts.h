// SPDX-License-Identifier: MIT
// The HTML report's charts, built from the runs: latency percentiles over time (baseline
// overlaid), requests and errors over time with the load profile's stages, and the latency
// distribution as a percentile plot.
#pragma once

#include <string>
#include <vector>

#include "perfgate/report/report_input.h"
#include "perfgate/report/svg_chart.h"
#include "perfgate/report/window_series.h"

namespace perfgate::report {

// The load profile's stages from the active VUs: "ramp-up", "steady" and "ramp-down" spans
// (short wobbles merged into their neighbours). Empty without load data.
std::vector<SvgBand> load_stages(const std::vector<WindowPoint>& points);

// The three charts as <figure> elements in a <section class="charts">, then one latency chart
// per endpoint (the 12 worst, when there are two or more); empty without a run.
std::string html_charts(const ReportInput& input);

// p95 and throughput of the endpoints that rose most across the baseline's stored runs, this
// run marked (html_trend.cpp); empty with fewer than two stored runs.
std::string html_trend_charts(const ReportInput& input);

}  // namespace perfgate::report
