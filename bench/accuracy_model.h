// SPDX-License-Identifier: MIT
// The accuracy benchmark's noise model: simulated runs of a three-endpoint closed-model service,
// with log-normal request latencies, autocorrelated windows (AR(1)), pauses, errors, and
// between-run drift. Windows' histograms are filled directly; nothing goes over the network.
#pragma once

#include <chrono>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "perfgate/metrics/histogram.h"
#include "perfgate/results/run_result.h"

namespace perfgate::bench {

struct NoiseModel {
  double run_cv = 0.05;             // run-to-run drift: sd of the log speed factor of a whole run
  double window_sd = 0.03;          // stationary sd of the per-window log factor (AR(1))
  double window_phi = 0.6;          // AR(1) coefficient between adjacent 1 s windows
  double request_sigma = 0.4;       // per-request log-normal sigma
  double pause_probability = 0.03;  // chance that a window holds a pause (GC, neighbour)
  double pause_fraction = 0.1;      // requests of that window that wait through it
  double pause_ms = 150;
  double error_rate = 0.002;      // per request
  int windows = 30;               // 1 s windows per run
  double rate_per_endpoint = 60;  // requests per second per endpoint at nominal speed
  double think_ms = 500;          // closed model: think time per iteration
};

struct Endpoint {
  const char* name;
  double median_ms;
};
inline const std::vector<Endpoint> k_endpoints{{"login", 40}, {"search", 80}, {"cart", 120}};
inline constexpr const char* k_regressed_endpoint = "search";

// One simulated run. `regression` multiplies every latency of the regressed endpoint by
// (1 + regression); in the closed model the iterations (and so every endpoint's throughput)
// slow down accordingly.
inline results::RunResult simulate_run(const NoiseModel& model, std::mt19937_64& rng,
                                       double regression) {
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> uniform(0, 1);
  results::RunResult run;
  run.meta.scenario = "shop";
  run.meta.profile = "baseline";
  run.meta.model = "closed";
  run.meta.duration = std::chrono::seconds{model.windows};
  double drift = std::exp(model.run_cv * normal(rng));
  double spread = std::exp(model.request_sigma * model.request_sigma / 2);
  double nominal_iteration = model.think_ms;
  double iteration = model.think_ms;
  for (const Endpoint& e : k_endpoints) {
    double factor = std::string(e.name) == k_regressed_endpoint ? 1 + regression : 1;
    nominal_iteration += e.median_ms * spread;
    iteration += e.median_ms * spread * drift * factor;
  }
  double rate = model.rate_per_endpoint * nominal_iteration / iteration;
  double innovation = model.window_sd * std::sqrt(1 - model.window_phi * model.window_phi);
  double level = model.window_sd * normal(rng);
  std::vector<double> window_level(static_cast<size_t>(model.windows));
  std::vector<bool> paused(static_cast<size_t>(model.windows));
  for (size_t w = 0; w < window_level.size(); ++w) {
    level = model.window_phi * level + innovation * normal(rng);
    window_level[w] = level;
    paused[w] = uniform(rng) < model.pause_probability;
  }
  metrics::Histogram window_histogram;
  for (const Endpoint& e : k_endpoints) {
    double factor = std::string(e.name) == k_regressed_endpoint ? 1 + regression : 1;
    metrics::EndpointSeries& series = run.metrics.get_or_add(e.name);
    series.windows.resize(window_level.size());
    std::poisson_distribution<int64_t> arrivals(rate);
    for (size_t w = 0; w < window_level.size(); ++w) {
      int64_t count = arrivals(rng);
      window_histogram.reset();
      int64_t errors = 0;
      double scale = e.median_ms * 1000 * drift * factor * std::exp(window_level[w]);
      for (int64_t i = 0; i < count; ++i) {
        double latency_us = scale * std::exp(model.request_sigma * normal(rng));
        if (paused[w] && uniform(rng) < model.pause_fraction) latency_us += model.pause_ms * 1000;
        window_histogram.record(static_cast<int64_t>(latency_us));
        if (uniform(rng) < model.error_rate) ++errors;
      }
      series.totals.latency.merge(window_histogram);
      series.totals.requests += count;
      for (int64_t i = 0; i < errors; ++i) series.totals.count_error(metrics::ErrorKind::http_5xx);
      series.windows[w].requests = count;
      series.windows[w].errors = errors;
      series.windows[w].latency = metrics::CompactHistogram::from(window_histogram);
    }
  }
  return run;
}

}  // namespace perfgate::bench
