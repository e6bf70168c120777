// SPDX-License-Identifier: MIT
// In-memory runs and verdicts for the report tests: deterministic latencies, so that goldens
// stay stable.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "perfgate/metrics/run_metrics.h"
#include "perfgate/results/run_result.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::report::test {

struct EndpointShape {
  std::string name;
  double median_ms = 10;
  int requests_per_window = 50;
  int errors_per_window = 0;
  double slowdown = 1.0;  // latency factor from `slow_from_window` on
  int slow_from_window = 0;
  int64_t ttfb_share_percent = 80;  // of the latency, the rest split over the other phases
};

// A spread of latencies around the median: a fixed, skewed pattern (p99 ≈ 3× median).
inline double latency_ms(double median_ms, int i) {
  double u = static_cast<double>((i * 7919) % 1000) / 1000.0;  // a fixed permutation of [0,1)
  return median_ms * std::exp(1.1 * (u - 0.5) * (u > 0.9 ? 2.0 : 1.0));
}

inline metrics::EndpointSeries make_series(const EndpointShape& shape, int windows) {
  metrics::EndpointSeries series;
  series.name = shape.name;
  for (int w = 0; w < windows; ++w) {
    metrics::Histogram window_histogram;
    double factor = w >= shape.slow_from_window ? shape.slowdown : 1.0;
    for (int i = 0; i < shape.requests_per_window; ++i) {
      auto us = static_cast<int64_t>(latency_ms(shape.median_ms * factor, i + w) * 1000);
      window_histogram.record(us);
      series.totals.latency.record(us);
      series.totals.latency_uncorrected.record(us);
      series.totals.phases.samples += 1;
      series.totals.phases.ttfb_us += us * shape.ttfb_share_percent / 100;
      series.totals.phases.transfer_us += us * (100 - shape.ttfb_share_percent) / 200;
      series.totals.phases.connect_us += us * (100 - shape.ttfb_share_percent) / 400;
      series.totals.phases.dns_us += us * (100 - shape.ttfb_share_percent) / 400;
    }
    series.totals.requests += shape.requests_per_window;
    for (int e = 0; e < shape.errors_per_window; ++e) {
      series.totals.count_error(metrics::ErrorKind::http_5xx);
    }
    series.totals.status_counts[200] += shape.requests_per_window - shape.errors_per_window;
    if (shape.errors_per_window > 0) series.totals.status_counts[503] += shape.errors_per_window;
    metrics::EndpointWindow window;
    window.requests = shape.requests_per_window;
    window.errors = shape.errors_per_window;
    window.latency = metrics::CompactHistogram::from(window_histogram);
    series.windows.push_back(std::move(window));
  }
  return series;
}

// A run of `windows` 1 s windows; VUs ramp up over the first fifth, hold, and ramp down over
// the last fifth.
inline results::RunResult make_run(const std::vector<EndpointShape>& shapes, int windows,
                                   const std::string& git_sha = "0123456789abcdef") {
  results::RunResult run;
  run.meta.scenario = "checkout";
  run.meta.profile = "stress";
  run.meta.model = "open";
  run.meta.target = "http://127.0.0.1:8080";
  run.meta.duration = std::chrono::seconds(windows);
  run.meta.git_sha = git_sha;
  for (const EndpointShape& shape : shapes)
    run.metrics.endpoints.push_back(make_series(shape, windows));
  int ramp = std::max(1, windows / 5);
  for (int w = 0; w < windows; ++w) {
    metrics::LoadWindow load;
    int64_t peak = 50;
    load.active_vus_max = w < ramp              ? peak * (w + 1) / ramp
                          : w >= windows - ramp ? peak * (windows - w) / ramp
                                                : peak;
    load.iterations_started = load.active_vus_max * 2;
    run.metrics.load.push_back(load);
  }
  run.metrics.iterations = windows * 100;
  return run;
}

inline stats::Check regression(std::string endpoint, std::string metric, double baseline,
                               double current, stats::Status status, double p_value) {
  stats::Check check;
  check.kind = stats::CheckKind::regression;
  check.endpoint = std::move(endpoint);
  check.metric = std::move(metric);
  check.baseline = baseline;
  check.current = current;
  check.relative_change = (current - baseline) / baseline;
  check.interval = stats::Interval{baseline * 0.9, baseline * 1.12};
  check.method = "mann-whitney(window p95, n=60)";
  check.p_value = p_value;
  check.tolerance = 0.10;
  check.status = status;
  check.explanation =
      status == stats::Status::fail ? "slower than the baseline beyond noise" : "within tolerance";
  return check;
}

inline stats::Check threshold(std::string endpoint, std::string metric, std::string rule,
                              double limit, double current, stats::Status status) {
  stats::Check check;
  check.kind = stats::CheckKind::threshold;
  check.endpoint = std::move(endpoint);
  check.metric = std::move(metric);
  check.rule = std::move(rule);
  check.baseline = limit;
  check.current = current;
  check.method = "threshold";
  check.status = status;
  check.explanation = status == stats::Status::fail ? "over the limit" : "under the limit";
  return check;
}

inline stats::Verdict failing_verdict() {
  stats::Verdict verdict;
  verdict.current = {"checkout", "stress", "0123456789abcdef", "2026-11-22T04:00:00Z", 1};
  verdict.baseline =
      stats::RunIdentity{"checkout", "stress", "fedcba9876543210", "2026-11-21T04:00:00Z", 12};
  verdict.checks = {
      regression("login", "p95_ms", 412, 569, stats::Status::fail, 0.002),
      regression("search", "p95_ms", 30, 31, stats::Status::pass, 0.6),
      regression("cart", "p95_ms", 50, 40, stats::Status::pass, 0.01),
      regression("", "error_rate", 0.001, 0.0012, stats::Status::pass, 0.5),
      threshold("login", "p95_ms", "p(95)<500", 500, 569, stats::Status::fail),
      threshold("", "error_rate", "rate<0.01", 0.01, 0.0012, stats::Status::pass),
  };
  verdict.finalize();
  return verdict;
}

// How often `needle` occurs in `text` (overlapping occurrences count).
inline size_t count_of(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
    ++count;
  }
  return count;
}

// Baseline and current runs of the failing verdict: login slows down by 40% after 30 s.
struct FailingRuns {
  results::RunResult baseline =
      make_run({{"login", 300}, {"search", 20, 80}, {"cart", 35, 30, 1}}, 90, "fedcba9876543210");
  results::RunResult current =
      make_run({{"login", 300, 50, 0, 1.4, 30}, {"search", 21, 80}, {"cart", 28, 30, 1}}, 90);
};

}  // namespace perfgate::report::test
