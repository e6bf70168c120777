// SPDX-License-Identifier: MIT
// The accuracy benchmark on real noise: recorded runs of one unchanged service
// (bench/record_noise_corpus.py), grouped by condition and run length. Each gate draws a
// baseline of h runs and a distinct current run from one group; changes are injected by scaling
// one endpoint's latency histograms, so every answer is known. Beside each row: an oracle, the
// one-sided z test on that endpoint's p50 with the group's true run-to-run noise (estimated from
// all its runs) at the whole gate's α — a limit the gate may approach but not beat; and, for
// reference, the plain t test that must learn that noise from the history's runs alone.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "perfgate/results/result_file.h"
#include "perfgate/results/sequence.h"
#include "perfgate/stats/compare.h"

namespace perfgate::bench {

inline constexpr const char* k_corpus_endpoint = "slow";

// Runs by group ("quiet-5s"), from files named <condition>-<seconds>s-<n>.json.
inline std::map<std::string, std::vector<results::RunResult>> load_corpus(const std::string& dir) {
  std::map<std::string, std::vector<results::RunResult>> groups;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::string stem = file.stem().string();
    std::string group = stem.substr(0, stem.rfind('-'));
    auto run = results::read_result_file(file.string());
    if (!run) {
      fmt::print(stderr, "bench_accuracy: {}\n", run.error().describe());
      std::exit(2);
    }
    groups[group].push_back(std::move(*run));
  }
  return groups;
}

inline metrics::Histogram scaled(const metrics::Histogram& histogram, double factor) {
  metrics::Histogram out(histogram.config());
  for (int32_t i = 0; i < histogram.counts_length(); ++i) {
    int64_t count = histogram.count_at_index(i);
    if (count == 0) continue;
    int64_t value = histogram.median_equivalent(histogram.value_at_index(i));
    out.record(std::llround(static_cast<double>(value) * factor), count);
  }
  return out;
}

// Every latency of `endpoint` × factor: totals and windows alike.
inline results::RunResult with_slower(results::RunResult run, const std::string& endpoint,
                                      double factor) {
  for (metrics::EndpointSeries& series : run.metrics.endpoints) {
    if (series.name != endpoint) continue;
    series.totals.latency = scaled(series.totals.latency, factor);
    series.totals.latency_uncorrected = scaled(series.totals.latency_uncorrected, factor);
    for (metrics::EndpointWindow& window : series.windows) {
      window.latency = metrics::CompactHistogram::from(scaled(window.latency.expand(), factor));
    }
  }
  return run;
}

inline double log_p50(const results::RunResult& run, const std::string& endpoint) {
  const auto* series = run.metrics.find(endpoint);
  return std::log(static_cast<double>(series->totals.latency.value_at_percentile(50)));
}

// The group's run-to-run SD of log p50 of the endpoint: the noise the oracle knows.
inline double true_sigma(const std::vector<results::RunResult>& runs) {
  double mean = 0;
  for (const auto& run : runs) mean += log_p50(run, k_corpus_endpoint);
  mean /= static_cast<double>(runs.size());
  double squares = 0;
  for (const auto& run : runs) {
    double d = log_p50(run, k_corpus_endpoint) - mean;
    squares += d * d;
  }
  return std::sqrt(squares / static_cast<double>(runs.size() - 1));
}

// Power of the z test that knows sigma: a new run against the mean of h runs, at alpha.
inline double oracle_power(double change, double sigma, int history, double alpha) {
  boost::math::normal normal;
  double se = std::max(sigma, 1e-4) * std::sqrt(1 + 1.0 / history);
  return boost::math::cdf(normal,
                          std::log1p(change) / se - boost::math::quantile(normal, 1 - alpha));
}

// The plain test a gate without pooling would make: the endpoint's p50 in the current run against
// its h history runs (t prediction test, noise from those runs alone, h - 1 degrees of freedom),
// failing when the change is shown beyond the tolerance at the whole α.
inline bool plain_t_test_fails(const std::vector<results::RunResult>& runs,
                               const std::vector<size_t>& order, int history, double change,
                               double alpha, double tolerance) {
  if (history < 2) return false;
  std::vector<double> logs;
  for (int i = 0; i < history; ++i) {
    logs.push_back(log_p50(runs[order[static_cast<size_t>(i)]], k_corpus_endpoint));
  }
  double mean = 0;
  for (double value : logs) mean += value;
  mean /= history;
  double squares = 0;
  for (double value : logs) squares += (value - mean) * (value - mean);
  double sd = std::max(std::sqrt(squares / (history - 1)), 1e-4);
  double current =
      log_p50(runs[order[static_cast<size_t>(history)]], k_corpus_endpoint) + std::log1p(change);
  double t = (current - mean - std::log1p(tolerance)) / (sd * std::sqrt(1 + 1.0 / history));
  boost::math::students_t distribution(history - 1);
  return boost::math::cdf(boost::math::complement(distribution, t)) < alpha;
}

struct CorpusTally {
  int gates = 0, fail = 0, inconclusive = 0, pass = 0, other = 0;
  int caught = 0;                            // the injected endpoint's p50 or p95 check failed
  int misattributed = 0;                     // another endpoint's check failed
  int confirmations = 0;                     // confirmation runs drawn
  int disturbed = 0;                         // the gate found the (joined) current run disturbed
  int caught_steady = 0;                     // caught, of the gates whose run was not disturbed
  int plain_t_test = 0;                      // gates the plain t test failed (see above)
  int p99_warned = 0;                        // gates where some p99 check warned
  std::map<std::string, int> failed_checks;  // "p95_ms of fast": gates where it failed
};

inline CorpusTally run_corpus_point(const std::vector<results::RunResult>& runs, int history,
                                    double change, int gates, uint64_t seed, int confirm_runs) {
  std::mt19937_64 rng(seed);
  // As `gate --confirm-runs` judges: α split across the looks.
  stats::CompareOptions options = stats::split_across_looks({}, 1 + confirm_runs);
  CorpusTally tally;
  std::vector<size_t> order(runs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (int g = 0; g < gates; ++g) {
    std::shuffle(order.begin(), order.end(), rng);
    std::optional<stats::Baseline> baseline;
    for (int i = 0; i < history; ++i) {
      baseline = *stats::update_baseline(std::move(baseline), runs[order[static_cast<size_t>(i)]]);
    }
    // The current run, and as `gate --confirm-runs` does, more distinct runs of the group while
    // the verdict is undecided, judged together.
    std::vector<results::RunResult> parts;
    auto measure = [&] {
      results::RunResult run = runs[order[static_cast<size_t>(history) + parts.size()]];
      if (change > 0) run = with_slower(std::move(run), k_corpus_endpoint, 1 + change);
      parts.push_back(std::move(run));
      options.current_runs = static_cast<int>(parts.size());
      auto verdict = parts.size() == 1 ? stats::evaluate(parts[0], &*baseline, nullptr, options)
                                       : stats::evaluate(*results::join_in_sequence(parts),
                                                         &*baseline, nullptr, options);
      if (!verdict) {
        fmt::print(stderr, "bench_accuracy: {}\n", verdict.error().describe());
        std::exit(3);
      }
      return std::move(*verdict);
    };
    tally.plain_t_test += plain_t_test_fails(
        runs, order, history, change, stats::CompareOptions{}.alpha, stats::Tolerances::k_default);
    stats::Verdict verdict = measure();
    while (stats::needs_confirmation(verdict) &&
           parts.size() < static_cast<size_t>(1 + confirm_runs) &&
           static_cast<size_t>(history) + parts.size() < runs.size()) {
      verdict = measure();
    }
    tally.confirmations += static_cast<int>(parts.size()) - 1;
    ++tally.gates;
    switch (verdict.verdict) {
      case stats::Status::fail:
        ++tally.fail;
        break;
      case stats::Status::inconclusive:
        ++tally.inconclusive;
        break;
      case stats::Status::pass:
        ++tally.pass;
        break;
      default:
        ++tally.other;
    }
    bool caught = false, elsewhere = false;
    for (const stats::Check& check : verdict.checks) {
      if (check.status != stats::Status::fail) continue;
      ++tally.failed_checks[check.metric + " of " +
                            (check.endpoint.empty() ? std::string("the run") : check.endpoint)];
      if (check.endpoint == k_corpus_endpoint &&
          (check.metric == "p50_ms" || check.metric == "p95_ms")) {
        caught = true;
      } else if (check.endpoint != k_corpus_endpoint) {
        elsewhere = true;
      }
    }
    bool disturbed = std::any_of(verdict.notes.begin(), verdict.notes.end(), [](const auto& n) {
      return n.starts_with("run quality: disturbed");
    });
    tally.caught += caught;
    tally.misattributed += elsewhere;
    tally.disturbed += disturbed;
    tally.caught_steady += caught && !disturbed;
    tally.p99_warned += std::any_of(
        verdict.checks.begin(), verdict.checks.end(),
        [](const auto& c) { return c.metric == "p99_ms" && c.status == stats::Status::warn; });
  }
  return tally;
}

inline double percent_of(int part, int whole) {
  return whole > 0 ? 100.0 * part / whole : 0;
}

// Prints one table per group: rows by history size and injected change.
// Every gate a group allows instead of a sample: each set of h runs as the baseline, each other
// run as the current one. The rates are this corpus's exactly, without the sampling noise of
// drawn gates (±3–7 points at 200), and the A/A false alarms are named by check and run.
struct ExhaustiveTally {
  int gates = 0, false_alarms = 0;
  std::map<int, int> caught;                 // injected change in % → gates that caught it
  std::map<std::string, int> alarm_checks;   // "p50_ms of slow" → A/A gates it failed
  std::map<size_t, int> alarm_current_runs;  // current run → A/A gates that failed on it
};

inline ExhaustiveTally run_exhaustive(const std::vector<results::RunResult>& runs, int history,
                                      const std::vector<int>& changes_percent) {
  ExhaustiveTally tally;
  std::vector<bool> chosen(runs.size(), false);
  std::fill(chosen.end() - history, chosen.end(), true);  // the last permutation's first set
  stats::CompareOptions options;
  do {
    std::optional<stats::Baseline> baseline;
    for (size_t i = 0; i < runs.size(); ++i) {
      if (chosen[i]) baseline = *stats::update_baseline(std::move(baseline), runs[i]);
    }
    for (size_t current = 0; current < runs.size(); ++current) {
      if (chosen[current]) continue;
      ++tally.gates;
      stats::Verdict unchanged = *stats::evaluate(runs[current], &*baseline, nullptr, options);
      if (unchanged.verdict == stats::Status::fail) {
        ++tally.false_alarms;
        ++tally.alarm_current_runs[current];
        for (const stats::Check& check : unchanged.checks) {
          if (check.status != stats::Status::fail) continue;
          ++tally.alarm_checks[check.metric + " of " +
                               (check.endpoint.empty() ? std::string("the run") : check.endpoint)];
        }
      }
      for (int change : changes_percent) {
        stats::Verdict slower =
            *stats::evaluate(with_slower(runs[current], k_corpus_endpoint, 1 + change / 100.0),
                             &*baseline, nullptr, options);
        tally.caught[change] +=
            std::any_of(slower.checks.begin(), slower.checks.end(), [](const stats::Check& check) {
              return check.status == stats::Status::fail && check.endpoint == k_corpus_endpoint &&
                     (check.metric == "p50_ms" || check.metric == "p95_ms");
            });
      }
    }
  } while (std::next_permutation(chosen.begin(), chosen.end()));
  return tally;
}

// false: no group had more runs than a history size asked for, so no gate was judged.
inline bool report_exhaustive(const std::string& dir, const std::vector<int>& histories) {
  const std::vector<int> changes{20, 30};
  fmt::print("# perf-gate on every gate of the recorded runs ({})\n\n", dir);
  fmt::print(
      "Each set of h runs of a group as the baseline, each other run as the current one; default "
      "options. `slow` caught: its p50 or p95 failed with every latency scaled.\n\n");
  fmt::print(
      "| group | history | gates | A/A false alarms | +20 % caught | +30 % caught | "
      "A/A alarms by check; by current run |\n|---|---|---|---|---|---|---|\n");
  bool judged = false;
  for (const auto& [group, runs] : load_corpus(dir)) {
    for (int history : histories) {
      if (history < 1 || static_cast<size_t>(history) >= runs.size()) continue;
      judged = true;
      ExhaustiveTally tally = run_exhaustive(runs, history, changes);
      std::string alarms;
      for (const auto& [check, gates] : tally.alarm_checks) {
        alarms += fmt::format("{}{} {}", alarms.empty() ? "" : ", ", check, gates);
      }
      std::string current_runs;
      for (const auto& [run, gates] : tally.alarm_current_runs) {
        current_runs += fmt::format("{}#{:02d} {}", current_runs.empty() ? "" : ", ", run, gates);
      }
      fmt::print("| {} | {} | {} | {:.2f} % ({}) | {:.1f} % | {:.1f} % | {}{} |\n", group, history,
                 tally.gates, percent_of(tally.false_alarms, tally.gates), tally.false_alarms,
                 percent_of(tally.caught[20], tally.gates),
                 percent_of(tally.caught[30], tally.gates), alarms,
                 current_runs.empty() ? "" : "; " + current_runs);
      std::fflush(stdout);
    }
  }
  return judged;
}

inline bool report_corpus(const std::string& dir, int gates, uint64_t seed, int confirm_runs) {
  auto groups = load_corpus(dir);
  double alpha = stats::CompareOptions{}.alpha;
  bool all_met = true;
  fmt::print("# perf-gate accuracy on recorded real runs ({})\n\n", dir);
  fmt::print(
      "Each gate: a baseline of h runs and a distinct current run drawn from one group of "
      "unchanged runs; a change is injected by scaling every latency of `{}` (a 10 ms endpoint). "
      "Default options (α = 1 % per gate, tolerance 10 %). {} gates per row, seed {}. Oracle: the "
      "z test on `{}`'s p50 knowing the group's true run-to-run noise, at the whole α. Plain t "
      "test: the same p50 against the history's runs alone (their own noise, h − 1 degrees of "
      "freedom), failing on a change shown beyond the 10 % tolerance at the whole α: what one "
      "test that must learn the noise catches (on A/A rows, its false alarms).\n",
      k_corpus_endpoint, gates, seed, k_corpus_endpoint);
  if (confirm_runs > 0) {
    fmt::print(
        "\nConfirmation as `gate --confirm-runs {0}` does it: while a gate would fail or cannot "
        "judge, up to {0} more distinct runs of the group (with the same injected change) are "
        "drawn and all are judged together; α is split across the {1} looks. Confirmation runs "
        "per gate are in the last column.\n",
        confirm_runs, confirm_runs + 1);
  }
  for (const auto& [group, runs] : groups) {
    double sigma = true_sigma(runs);
    fmt::print("\n## {} ({} runs; run-to-run sd of log p50 of `{}`: {:.4f})\n\n", group,
               runs.size(), k_corpus_endpoint, sigma);
    fmt::print(
        "| history | injected | fail | inconclusive | pass | `{0}` caught | other endpoint "
        "failed | oracle | plain t test | re-runs | current run disturbed | `{0}` caught when it "
        "was not | p99 warned |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
        k_corpus_endpoint);
    std::map<std::string, int> false_alarms;  // over the group's A/A rows
    for (int history : {1, 2, 3, 5, 10}) {
      if (history + 1 > static_cast<int>(runs.size())) continue;
      for (double change : {0.0, 0.1, 0.2, 0.3, 0.5}) {
        CorpusTally t = run_corpus_point(
            runs, history, change, gates,
            seed * 7919 + static_cast<uint64_t>(history * 100 + change * 100), confirm_runs);
        std::string oracle =
            change > 0 ? fmt::format("{:.0f}%", 100 * oracle_power(change, sigma, history, alpha))
                       : "";
        bool aa = change == 0;
        if (aa && percent_of(t.fail, t.gates) > 1.0) all_met = false;
        if (aa) {
          for (const auto& [subject, count] : t.failed_checks) {
            false_alarms[subject] += count;
          }
        }
        fmt::print(
            "| {} | {} | {:.1f}%{} | {:.1f}% | {:.1f}% | {:.1f}% | {:.1f}% | {} | {} | {:.2f} | "
            "{:.1f}% | {} | {:.1f}% |\n",
            history, aa ? std::string("none (A/A)") : fmt::format("+{:.0f}%", change * 100),
            percent_of(t.fail, t.gates),
            aa ? (percent_of(t.fail, t.gates) <= 1.0 ? " ✓" : " ✗") : "",
            percent_of(t.inconclusive, t.gates), percent_of(t.pass, t.gates),
            percent_of(t.caught, t.gates), percent_of(t.misattributed, t.gates), oracle,
            history >= 2 ? fmt::format("{:.1f}%", percent_of(t.plain_t_test, t.gates)) : "",
            t.gates > 0 ? static_cast<double>(t.confirmations) / t.gates : 0.0,
            percent_of(t.disturbed, t.gates),
            aa ? std::string()
               : fmt::format("{:.1f}%", percent_of(t.caught_steady, t.gates - t.disturbed)),
            percent_of(t.p99_warned, t.gates));
      }
    }
    if (!false_alarms.empty()) {
      std::string list;
      for (const auto& [subject, count] : false_alarms) {
        list += fmt::format("{}{} ({})", list.empty() ? "" : ", ", subject, count);
      }
      fmt::print("\nA/A false alarms came from: {}.\n", list);
    }
  }
  fmt::print("\nA/A target (≤ 1 % of gates fail): {}\n", all_met ? "met" : "NOT met");
  return all_met;
}

}  // namespace perfgate::bench
