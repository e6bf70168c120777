// SPDX-License-Identifier: MIT
#include "perfgate/stats/interleaved.h"

#include <fmt/format.h>

#include "perfgate/results/time_format.h"
#include "perfgate/stats/check_decision.h"
#include "perfgate/stats/regression_methods.h"

namespace perfgate::stats {
namespace {

using detail::MetricKind;

RunIdentity identity_of(const results::RunResult& run, int rounds) {
  RunIdentity identity;
  identity.scenario = run.meta.scenario;
  identity.profile = run.meta.profile;
  identity.git_sha = run.meta.git_sha;
  identity.time = results::format_rfc3339(run.meta.start_time);
  identity.runs = rounds;
  return identity;
}

std::vector<detail::TestedMetric> regression_checks(const std::vector<AbRound>& rounds,
                                                    const results::RunResult& base,
                                                    const results::RunResult& head,
                                                    const CompareOptions& options) {
  std::vector<detail::AbPair> pairs;
  for (const AbRound& round : rounds) pairs.push_back({&round.base, &round.head});
  std::vector<detail::TestedMetric> tested;
  for (const metrics::EndpointSeries& series : head.metrics.endpoints) {
    for (MetricKind kind :
         {MetricKind::p50, MetricKind::p95, MetricKind::p99, MetricKind::error_rate}) {
      tested.push_back(detail::interleaved_estimate(series.name, detail::metric_spec(kind), pairs,
                                                    options, base, head));
    }
  }
  // Throughput once, in the closed model (as in the baseline comparison): the whole run's.
  if (head.meta.model != "open" && !head.metrics.endpoints.empty()) {
    std::string whole = head.metrics.endpoints.size() == 1 ? head.metrics.endpoints[0].name : "";
    tested.push_back(detail::interleaved_estimate(whole, detail::metric_spec(MetricKind::rps),
                                                  pairs, options, base, head));
  }
  std::erase_if(tested, [](const detail::TestedMetric& t) {
    return t.family == detail::Family::warn && !t.estimate;
  });
  return tested;
}

}  // namespace

Result<Verdict> evaluate_interleaved(const std::vector<AbRound>& rounds,
                                     const results::RunResult& base, const results::RunResult& head,
                                     const ThresholdSet* thresholds,
                                     const CompareOptions& options) {
  if (rounds.empty()) return Error::bad_input("ab: no rounds to compare");
  for (const AbRound& round : rounds) {
    if (round.base.meta.scenario != head.meta.scenario ||
        round.head.meta.scenario != head.meta.scenario ||
        round.base.meta.profile != head.meta.profile ||
        round.head.meta.profile != head.meta.profile) {
      return Error::bad_input("ab: rounds of different scenarios or profiles");
    }
  }
  Verdict verdict;
  verdict.current = identity_of(head, static_cast<int>(rounds.size()));
  verdict.baseline = identity_of(base, static_cast<int>(rounds.size()));
  if (thresholds != nullptr) {
    std::string profile = options.profile.empty() ? head.meta.profile : options.profile;
    Result<std::vector<Check>> checks = evaluate_thresholds(*thresholds, head, profile);
    if (!checks) return checks.error();
    verdict.checks = std::move(*checks);
  }
  std::vector<detail::TestedMetric> tested = regression_checks(rounds, base, head, options);
  detail::decide_checks(tested, options, RunQuality{});
  int fail_family = 0;
  for (const detail::TestedMetric& t : tested) {
    fail_family += detail::in_family(t, detail::Family::fail);
  }
  verdict.notes.push_back(fmt::format(
      "interleaved A/B: {} rounds of a base block and a head block on the same runner, in ABBA "
      "order; each check tests the paired per-round differences, so drift and neighbours that "
      "hit both sides cancel",
      rounds.size()));
  verdict.notes.push_back(fmt::format(
      "regression checks: {} in the fail family ({}, alpha {:g}; an error rate without an error "
      "on either side is left out); a fail needs a significant change beyond its tolerance, a "
      "pass an upper bound under it; p99 only warns",
      fail_family, multiple_testing_name(options.correction), options.alpha));
  for (detail::TestedMetric& t : tested) verdict.checks.push_back(std::move(t.check));
  for (const std::string& warning : head.warnings) verdict.notes.push_back("head: " + warning);
  for (const std::string& warning : base.warnings) verdict.notes.push_back("base: " + warning);
  if (head.meta.interrupted) {
    verdict.notes.push_back(fmt::format("the run was interrupted: {}", head.meta.interrupt_reason));
  }
  verdict.finalize();
  return verdict;
}

}  // namespace perfgate::stats
