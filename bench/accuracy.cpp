// SPDX-License-Identifier: MIT
// Accuracy benchmark: how often the gate cries wolf (A/A) and how often it catches injected
// regressions (A/B), for each baseline mode, beside the statistical limit. See docs/gate.md.
//   bench_accuracy [--gates N] [--cv 0.05] [--seed S]     simulated runs (the gate's own model)
//   bench_accuracy --corpus bench/corpus [--gates N]      recorded real runs (accuracy_corpus.h)
//   bench_accuracy --corpus bench/corpus --confirm-runs 1 ... with gate's confirmation runs
//   bench_accuracy --corpus bench/corpus --percentiles quiet-5s  each run's latency shape
//   bench_accuracy --corpus bench/corpus --exhaustive 1,2,3   every gate of these history sizes
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "accuracy_corpus.h"
#include "accuracy_limits.h"
#include "accuracy_model.h"
#include "perfgate/stats/compare.h"

namespace perfgate::bench {
namespace {

struct Settings {
  std::string corpus;  // recorded real runs: judge the gate on them instead of the simulation
  std::string percentiles_of;   // corpus: print this group's runs' percentiles instead
  std::vector<int> exhaustive;  // corpus: every gate with these history sizes, instead
  int confirm_runs = 0;         // corpus: confirmation runs, as gate --confirm-runs
  int gates = 1000;
  uint64_t seed = 1;
  NoiseModel model;
  int history_runs = 10;
  std::string mode = "both";  // history, single or both
  std::vector<double> regressions{0, 0.05, 0.10, 0.20, 0.35, 0.50};
};

struct Rates {
  int fails = 0;
  int warns = 0;
  int inconclusive = 0;
  int gates = 0;
};

// Wilson score interval, for the precision of a rate from `gates` trials.
std::pair<double, double> wilson(int hits, int trials) {
  double z = 1.96;
  double p = static_cast<double>(hits) / trials;
  double n = trials;
  double center = (p + z * z / (2 * n)) / (1 + z * z / n);
  double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

stats::CompareOptions gate_options() {
  return stats::CompareOptions{};
}

Rates run_point(const Settings& settings, int history_runs, double regression, uint64_t seed) {
  std::mt19937_64 rng(seed);
  stats::CompareOptions options = gate_options();
  Rates rates;
  for (int g = 0; g < settings.gates; ++g) {
    std::optional<stats::Baseline> baseline;
    for (int i = 0; i < history_runs; ++i) {
      baseline =
          *stats::update_baseline(std::move(baseline), simulate_run(settings.model, rng, 0), 30);
    }
    results::RunResult current = simulate_run(settings.model, rng, regression);
    options.seed = seed + static_cast<uint64_t>(g);
    Result<stats::Verdict> verdict = stats::evaluate(current, &*baseline, nullptr, options);
    if (!verdict) {
      fmt::print(stderr, "bench_accuracy: {}\n", verdict.error().describe());
      std::exit(3);
    }
    ++rates.gates;
    if (verdict->verdict == stats::Status::fail) ++rates.fails;
    if (verdict->verdict == stats::Status::warn) ++rates.warns;
    if (verdict->verdict == stats::Status::inconclusive) ++rates.inconclusive;
  }
  return rates;
}

// Between-run SD of the log of the regressed endpoint's p50, p95 and p99 (sampling inside the
// run plus drift), from simulated A/A runs: the noise the limit is computed at.
std::vector<double> metric_sigmas(const Settings& settings) {
  std::mt19937_64 rng(settings.seed ^ 0x5eed);
  std::vector<std::vector<double>> logs(3);
  for (int i = 0; i < 2000; ++i) {
    results::RunResult run = simulate_run(settings.model, rng, 0);
    const auto& latency = run.metrics.find(k_regressed_endpoint)->totals.latency;
    logs[0].push_back(std::log(static_cast<double>(latency.value_at_percentile(50))));
    logs[1].push_back(std::log(static_cast<double>(latency.value_at_percentile(95))));
    logs[2].push_back(std::log(static_cast<double>(latency.value_at_percentile(99))));
  }
  std::vector<double> sigmas;
  for (const auto& values : logs) {
    double mean = 0;
    for (double v : values) mean += v;
    mean /= static_cast<double>(values.size());
    double squares = 0;
    for (double v : values) squares += (v - mean) * (v - mean);
    sigmas.push_back(std::sqrt(squares / static_cast<double>(values.size() - 1)));
  }
  return sigmas;
}

void report_mode(const Settings& settings, const char* title, int history_runs, double sigma,
                 int tests) {
  stats::CompareOptions options = gate_options();
  double alpha = options.alpha;
  double tolerance = options.tolerances.for_check(k_regressed_endpoint, "p50_ms");
  auto start = std::chrono::steady_clock::now();
  fmt::print("\n## {}\n\n", title);
  fmt::print(
      "| injected | gates failed (95% CI) | warned | inconclusive | limit at α/m | gap | "
      "limit at α |\n");
  fmt::print("|---|---|---|---|---|---|---|\n");
  bool ok = true;
  for (size_t i = 0; i < settings.regressions.size(); ++i) {
    double r = settings.regressions[i];
    Rates rates = run_point(settings, history_runs, r,
                            settings.seed * 1000 + i * 7919 + static_cast<uint64_t>(history_runs));
    auto [low, high] = wilson(rates.fails, rates.gates);
    double rate = static_cast<double>(rates.fails) / rates.gates;
    double warned = static_cast<double>(rates.warns) / rates.gates;
    double unjudged = static_cast<double>(rates.inconclusive) / rates.gates;
    if (r == 0) {
      bool target = rate <= 0.01;
      ok = ok && target;
      fmt::print(
          "| A/A (none) | {:.1f}% ({:.1f}–{:.1f}%) false alarms {} | {:.1f}% | {:.1f}% | | | |\n",
          rate * 100, low * 100, high * 100, target ? "✓ ≤ 1%" : "✗ > 1%", warned * 100,
          unjudged * 100);
      continue;
    }
    double split =
        history_runs >= options.min_history_for_noise
            ? history_limit_with_tolerance(r, sigma, history_runs, alpha / tests, tolerance)
            : single_run_limit(r, sigma, alpha / tests, tolerance);
    double full = history_runs >= options.min_history_for_noise
                      ? history_limit_with_tolerance(r, sigma, history_runs, alpha, tolerance)
                      : single_run_limit(r, sigma, alpha, tolerance);
    double gap = (split - rate) * 100;
    bool target = gap <= 10;
    ok = ok && target;
    fmt::print(
        "| +{:.0f}% | {:.1f}% ({:.1f}–{:.1f}%) | {:.1f}% | {:.1f}% | {:.1f}% | {:+.1f} pts {} | "
        "{:.1f}% |\n",
        r * 100, rate * 100, low * 100, high * 100, warned * 100, unjudged * 100, split * 100, -gap,
        target ? "✓" : "✗", full * 100);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("\n{} gates per row, {:.0f} s; targets {}\n", settings.gates, seconds,
             ok ? "met" : "NOT met");
}

[[noreturn]] void usage(int code) {
  fmt::print(code == 0 ? stdout : stderr,
             "usage: bench_accuracy [--corpus DIR [--confirm-runs K | --percentiles GROUP | "
             "--exhaustive 1,2,3]] "
             "[--gates N] [--cv 0.05] [--seed S] [--mode both|history|single]\n");
  std::exit(code);
}

// "1,2,3,5" → {1, 2, 3, 5}; anything else is a usage error.
std::vector<int> history_sizes(const char* text) {
  std::vector<int> sizes;
  for (const char* at = text; *at != '\0';) {
    char* end = nullptr;
    long size = std::strtol(at, &end, 10);
    if (end == at || size < 1 || size > 30 || (*end != ',' && *end != '\0')) usage(2);
    sizes.push_back(static_cast<int>(size));
    at = *end == ',' ? end + 1 : end;
  }
  if (sizes.empty()) usage(2);
  return sizes;
}

Settings parse(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i < argc; i += 2) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) usage(0);
    if (i + 1 >= argc) usage(2);  // an option without its value
    if (std::strcmp(argv[i], "--gates") == 0)
      settings.gates = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--cv") == 0)
      settings.model.run_cv = std::atof(argv[i + 1]);
    else if (std::strcmp(argv[i], "--mode") == 0)
      settings.mode = argv[i + 1];
    else if (std::strcmp(argv[i], "--corpus") == 0)
      settings.corpus = argv[i + 1];
    else if (std::strcmp(argv[i], "--confirm-runs") == 0)
      settings.confirm_runs = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--percentiles") == 0)
      settings.percentiles_of = argv[i + 1];
    else if (std::strcmp(argv[i], "--exhaustive") == 0)
      settings.exhaustive = history_sizes(argv[i + 1]);
    else if (std::strcmp(argv[i], "--seed") == 0)
      settings.seed = std::strtoull(argv[i + 1], nullptr, 10);
    else
      usage(2);
  }
  return settings;
}

// Each run of a corpus group, each endpoint's latency percentiles: what the runs' noise looks
// like (a shift of the whole distribution, or a share of requests moved to a slower mode).
int print_percentiles(const std::string& dir, const std::string& group) {
  auto groups = load_corpus(dir);
  auto found = groups.find(group);
  if (found == groups.end()) {
    fmt::print(stderr, "bench_accuracy: no group '{}' in {}\n", group, dir);
    return 2;
  }
  constexpr std::array<double, 7> k_percentiles{10, 25, 40, 50, 60, 75, 90};
  fmt::print("{} (ms): run, req/s, then per endpoint p10 p25 p40 p50 p60 p75 p90\n", group);
  for (size_t i = 0; i < found->second.size(); ++i) {
    const results::RunResult& run = found->second[i];
    double seconds = std::chrono::duration<double>(run.meta.duration).count();
    fmt::print("{:3} {:6.0f}", i, run.metrics.total().requests / std::max(seconds, 1e-9));
    for (const metrics::EndpointSeries& endpoint : run.metrics.endpoints) {
      fmt::print("  {}", endpoint.name);
      for (double p : k_percentiles)
        fmt::print(" {:6.2f}", endpoint.totals.latency.value_at_percentile(p) / 1000.0);
    }
    fmt::print("\n");
  }
  return 0;
}

}  // namespace
}  // namespace perfgate::bench

int main(int argc, char** argv) {
  using namespace perfgate::bench;
  Settings settings = parse(argc, argv);
  if (!settings.percentiles_of.empty()) {
    if (settings.corpus.empty()) usage(2);
    return print_percentiles(settings.corpus, settings.percentiles_of);
  }
  if (!settings.exhaustive.empty()) {
    if (settings.corpus.empty()) usage(2);
    if (report_exhaustive(settings.corpus, settings.exhaustive)) return 0;
    fmt::print(stderr,
               "bench_accuracy: every history size asked for needs more runs than a group "
               "has (a gate needs a current run besides its history)\n");
    return 2;
  }
  if (!settings.corpus.empty()) {
    return report_corpus(settings.corpus, settings.gates, settings.seed, settings.confirm_runs) ? 0
                                                                                                : 1;
  }
  const NoiseModel& m = settings.model;
  int tests = static_cast<int>(k_endpoints.size() + 1) * 4;  // p50, p95, errors, rps
  fmt::print("# perf-gate accuracy benchmark\n\n");
  fmt::print(
      "Model: {} endpoints (+ total), closed model, {} × 1 s windows, ~{:g} req/s per endpoint; "
      "log-normal requests (σ = {:g}), AR(1) windows (φ = {:g}, sd {:g}%), pauses in {:g}% of "
      "windows (+{:g} ms for {:g}% of their requests), {:g}% errors, run-to-run drift CV {:g}%. "
      "Regression: every latency of `{}` × (1 + r). Gate: α = 1% whole-gate, Holm over m = {} "
      "failing regression checks (p99 only warns), tolerance 10%, default options. Seed {}.\n",
      k_endpoints.size(), m.windows, m.rate_per_endpoint, m.request_sigma, m.window_phi,
      m.window_sd * 100, m.pause_probability * 100, m.pause_ms, m.pause_fraction * 100,
      m.error_rate * 100, m.run_cv * 100, k_regressed_endpoint, tests, settings.seed);
  std::vector<double> sigmas = metric_sigmas(settings);
  double sigma = std::min({sigmas[0], sigmas[1], sigmas[2]});
  fmt::print(
      "\nRun-to-run sd of log p50/p95/p99 of `{}`: {:.4f} / {:.4f} / {:.4f}. The limit is the "
      "power of one optimal test on the least noisy of them (sd {:.4f}) with the gate's "
      "tolerance rule: the t prediction test (history) or the z test with the noise known "
      "(one run); at α/m (the gate's budget per check) and, for reference, at the whole α.\n",
      k_regressed_endpoint, sigmas[0], sigmas[1], sigmas[2], sigma);
  if (settings.mode != "single") {
    report_mode(settings, "Baseline with a history of 10 runs (prediction interval)",
                settings.history_runs, sigma, tests);
  }
  if (settings.mode != "history") {
    report_mode(settings, "Baseline of one run (window tests)", 1, sigma, tests);
  }
  return 0;
}
