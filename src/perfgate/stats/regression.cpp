// SPDX-License-Identifier: MIT
// Chooses the noise model per check (measured from the history, or one run's blocks plus a range
// of run-to-run noise), adjusts all fail-family p-values together, and gives each check its
// three-way status and a one-line explanation. p99 checks and change points are warn-only
// families, adjusted among themselves, so that they never spend the fail budget.
#include "perfgate/stats/regression.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <string_view>

#include "perfgate/stats/change_point.h"
#include "perfgate/stats/check_decision.h"
#include "perfgate/stats/multiple_testing.h"
#include "perfgate/stats/regression_methods.h"
#include "perfgate/stats/run_quality.h"

namespace perfgate::stats {
namespace {

using detail::EndpointData;
using detail::Family;
using detail::MetricKind;
using detail::MetricSpec;
using detail::percent;
using detail::TestedMetric;

// A log-linear histogram resolves values to about 0.8 %: the floor of every variance prior.
constexpr double k_resolution_variance = 0.005 * 0.005;
// The latency at which a p50's absolute jitter may weigh as much as its relative noise, in the
// p50s' second prior (see moderate()): a sub-millisecond p50 is allowed the noise of a 1 ms one.
constexpr double k_jitter_scale_ms = 1.0;

struct Inputs {
  std::vector<EndpointData> endpoints;
  std::optional<EndpointData> total;  // with more than one endpoint
  std::vector<metrics::EndpointWindow> current_total_windows;
  std::vector<metrics::EndpointWindow> baseline_total_windows;
  metrics::EndpointMetrics current_total;
  metrics::EndpointMetrics baseline_total;
};

// The runs of history the noise is measured from, oldest first. A run whose throughput swung on
// its own (a CPU hog took the machine for seconds) shows the machine's noise, not the service's;
// in a short history one such run decides the measured noise (in 3 runs it is a third of the
// data, against one run in twelve on the recorded corpus). So it is set aside while the history
// is short, most of its runs held steady (a profile with planned swings has every run swing) and
// enough steady runs remain. From 5 runs on, disturbed runs stay: they then come at about their
// real rate, and the noise they add is the machine's real noise (setting them aside there raised
// false alarms at 10 runs from 0.6 to 1.7 %), judged by the windows in which their throughput
// held when it only fell (a stall, a hog: RunSummary::steady). On recorded real runs
// (bench_accuracy --corpus), +30 % caught with 3 runs of 10 s rose from 60 to 86 % (CPU hog) and 76
// to 87 % (quiet): every miss before had the group's one disturbed run in its history. The
// baseline's level and error counts come from the kept runs too: a disturbed run's are the
// machine's as well.
constexpr size_t k_short_history = 5;

struct HistoryRuns {
  std::vector<const RunSummary*> kept;
  std::vector<const RunSummary*> set_aside;
  // Disturbed runs of a long history, kept by the windows in which their throughput held: the
  // original (for the note) and the copy judged, owned here.
  std::vector<const RunSummary*> steadied;
  std::vector<std::unique_ptr<const RunSummary>> steady_copies;
};

// A disturbed run judged by the windows in which its throughput held.
std::unique_ptr<const RunSummary> steady_copy(const RunSummary& run) {
  auto copy = std::make_unique<RunSummary>(run);
  copy->total = run.steady->total;
  copy->endpoints = run.steady->endpoints;
  return copy;
}

HistoryRuns select_history(const Baseline& baseline, const CompareOptions& options) {
  HistoryRuns runs;
  HistoryRuns all;
  for (const RunSummary& run : baseline.history) {
    all.kept.push_back(&run);
    if (too_many_swings(static_cast<size_t>(run.swings.swung),
                        static_cast<size_t>(run.swings.windows), options.disturbed_window_share)) {
      runs.set_aside.push_back(&run);
    } else {
      runs.kept.push_back(&run);
    }
  }
  auto needed = static_cast<size_t>(std::max(2, options.min_history_for_noise));
  bool most_steady = runs.set_aside.size() * 2 < baseline.history.size();
  bool short_history = baseline.history.size() < k_short_history;
  bool set_aside = !runs.set_aside.empty() && most_steady && short_history;
  if (set_aside && runs.kept.size() >= needed) return runs;
  if (short_history || !most_steady) return all;
  // A long history keeps its disturbed runs, by their steady windows where they were recorded.
  HistoryRuns steadied;
  for (const RunSummary* run : all.kept) {
    bool disturbed =
        std::find(runs.set_aside.begin(), runs.set_aside.end(), run) != runs.set_aside.end();
    if (disturbed && run->steady) {
      steadied.steady_copies.push_back(steady_copy(*run));
      steadied.kept.push_back(steadied.steady_copies.back().get());
      steadied.steadied.push_back(run);
    } else {
      steadied.kept.push_back(run);
    }
  }
  return steadied;
}

EndpointData data_for(const std::string& name, const results::RunResult& current,
                      const Baseline& baseline, const HistoryRuns& history) {
  EndpointData data;
  data.name = name;
  if (const auto* series = current.metrics.find(name)) {
    data.current = &series->totals;
    data.current_windows = &series->windows;
  }
  if (const auto* series = baseline.latest.metrics.find(name)) {
    data.baseline = &series->totals;
    data.baseline_windows = &series->windows;
  }
  for (const RunSummary* run : history.kept) {
    if (const EndpointRunSummary* summary = run->find(name)) data.history.push_back(summary);
  }
  for (const RunSummary& run : baseline.history) {
    if (const EndpointRunSummary* summary = run.find(name)) data.every_history.push_back(summary);
  }
  return data;
}

void collect(Inputs& inputs, const results::RunResult& current, const Baseline& baseline,
             const HistoryRuns& history, std::vector<std::string>& notes) {
  for (const auto& series : current.metrics.endpoints) {
    if (baseline.latest.metrics.find(series.name) == nullptr) {
      notes.push_back(fmt::format("endpoint '{}' is new: it has no baseline yet", series.name));
    }
    inputs.endpoints.push_back(data_for(series.name, current, baseline, history));
  }
  for (const auto& series : baseline.latest.metrics.endpoints) {
    if (current.metrics.find(series.name) == nullptr) {
      notes.push_back(
          fmt::format("endpoint '{}' is in the baseline but not in this run", series.name));
    }
  }
  if (current.metrics.endpoints.size() <= 1) return;
  inputs.current_total = current.metrics.total();
  inputs.baseline_total = baseline.latest.metrics.total();
  inputs.current_total_windows = current.metrics.total_windows();
  inputs.baseline_total_windows = baseline.latest.metrics.total_windows();
  EndpointData total;
  total.current = &inputs.current_total;
  total.current_windows = &inputs.current_total_windows;
  total.baseline = &inputs.baseline_total;
  total.baseline_windows = &inputs.baseline_total_windows;
  for (const RunSummary* run : history.kept) total.history.push_back(&run->total);
  for (const RunSummary& run : baseline.history) total.every_history.push_back(&run.total);
  inputs.total = std::move(total);
}

// One check to make: which data, which metric.
struct Planned {
  const EndpointData* data;
  const MetricSpec* spec;
};

// The family of checks, without repeats: per endpoint p50, p95, p99 (warn only) and the error
// rate; throughput once per run, in the closed model only (the open model sets it). In a closed
// run every endpoint's throughput follows from the journeys' latencies, so testing each endpoint
// and the total would test one quantity many times. The total's latency is a mixture of its
// endpoints (a 0.3 ms and a 10 ms one jump between modes): its endpoints are tested instead.
std::vector<Planned> plan_checks(const Inputs& inputs, const results::RunResult& current) {
  std::vector<Planned> planned;
  for (const EndpointData& data : inputs.endpoints) {
    for (MetricKind kind :
         {MetricKind::p50, MetricKind::p95, MetricKind::p99, MetricKind::error_rate}) {
      planned.push_back({&data, &detail::metric_spec(kind)});
    }
  }
  if (current.meta.model != "open" && !inputs.endpoints.empty()) {
    const EndpointData& whole = inputs.total ? *inputs.total : inputs.endpoints.front();
    planned.push_back({&whole, &detail::metric_spec(MetricKind::rps)});
  }
  return planned;
}

// Fits one variance prior per group of checks whose noise is alike: the p50s of all endpoints,
// the p95s, and alone each p99 (a single pause moves it) and the throughput (a busy generator or
// a CPU hog moves it more than any endpoint's median). Measured on recorded real runs
// (bench_accuracy --corpus), grouping by metric caught more than grouping by endpoint (where a
// p95's or throughput's wider spread inflates the p50's) or no pooling at all, at the same
// false-alarm rate; taking throughput out of the p50s' group raised +30 % caught at 3 runs of
// 10 s from 42 % to 69 % (quiet) and 92 % to 100 % (stall), with no more false alarms.
struct HistoryModel {
  // Per planned check: the whole runs', and latency's quickest quarter of blocks.
  std::vector<std::optional<detail::ModeratedFeature>> whole;
  std::vector<std::optional<detail::ModeratedFeature>> quick;
  // The p50s' prior that fitted best counts absolute jitter (see moderate()): for the whole
  // runs, for the quickest quarters.
  bool whole_jitter = false;
  bool quick_jitter = false;
};

std::string noise_group(const Planned& p) {
  switch (p.spec->kind) {
    case MetricKind::p50:
      return "p50";
    case MetricKind::p95:
      return "p95";
    default:
      return std::string("alone:") + p.spec->name() + ":" + p.data->name;
  }
}

// How much a latency's run-to-run variance on the log scale grows as the latency falls, if its
// noise is relative plus absolute (Rocke & Durbin's two-component error model: the variance of
// log x is σ_rel² + σ_abs²/x²), with σ_abs = σ_rel·k_jitter_scale_ms: 1 + (scale / x)². 1 without
// a level.
double jitter_scale(const detail::HistoryFeature& feature) {
  double level = std::exp(feature.mean_log);
  if (!(level > 0)) return 1;
  double ratio = k_jitter_scale_ms / level;
  return 1 + ratio * ratio;
}

// Each check's feature with the prior fitted over its noise group (none where it has none).
// A group is fitted twice: with noise relative to each latency (the scales all 1), and with
// absolute jitter on top (`latency_scale`, 1 but for p50s). The prior that makes the
// features agree best (more prior df) is kept. Which one holds depends on the machine: on
// nginx over loopback a 0.05 ms endpoint's p50 moved ±25 % between calm runs (jitter of
// 0.02 ms) beside a 10 ms one's ±0.5 %, and a prior fitted over the two as relative noise
// left the 10 ms check t with 1.4 df, blind to +30 % with 2 runs of history; in the corpus's
// runs a 0.15 ms p50 often moved as much, relatively, as the 10 ms one, and either fit wins.
std::vector<std::optional<detail::ModeratedFeature>> moderate(
    std::vector<std::optional<detail::HistoryFeature>> features,
    const std::vector<std::string>& group, const std::vector<double>& latency_scale,
    bool& chose_jitter) {
  std::map<std::string, std::vector<size_t>> groups;
  for (size_t i = 0; i < features.size(); ++i) {
    if (features[i]) groups[group[i]].push_back(i);
  }
  std::map<std::string, VariancePrior> priors;
  for (const auto& [name, members] : groups) {
    std::vector<VarianceFeature> relative;
    std::vector<VarianceFeature> with_jitter;
    for (size_t i : members) {
      relative.push_back(features[i]->variance);
      with_jitter.push_back(features[i]->variance);
      with_jitter.back().prior_scale = latency_scale[i];
    }
    VariancePrior prior = fit_variance_prior(relative, k_resolution_variance);
    VariancePrior jitter_prior = fit_variance_prior(with_jitter, k_resolution_variance);
    if (jitter_prior.df > prior.df) {
      prior = jitter_prior;
      chose_jitter = true;
      for (size_t i : members) features[i]->variance.prior_scale = latency_scale[i];
    }
    priors[name] = prior;
  }
  std::vector<std::optional<detail::ModeratedFeature>> moderated;
  for (size_t i = 0; i < features.size(); ++i) {
    if (features[i]) {
      moderated.push_back(detail::ModeratedFeature{*features[i], priors[group[i]]});
    } else {
      moderated.emplace_back();
    }
  }
  return moderated;
}

HistoryModel fit_history(const std::vector<Planned>& planned) {
  std::vector<std::optional<detail::HistoryFeature>> whole;
  std::vector<std::optional<detail::HistoryFeature>> quick;
  std::vector<std::string> whole_group;
  std::vector<std::string> quick_group;
  std::vector<double> whole_scale;
  std::vector<double> quick_scale;
  for (const Planned& p : planned) {
    bool rate = p.spec->kind == MetricKind::error_rate;
    whole.push_back(rate ? std::nullopt : detail::history_feature(*p.data, *p.spec));
    quick.push_back(detail::quick_history_feature(*p.data, *p.spec));
    whole_group.push_back(noise_group(p));
    quick_group.push_back("quick " + noise_group(p));
    // p95s stay relative: with the jitter model a disturbed run's doubled p95 failed 1 more
    // unchanged corpus gate in 1,000 (quiet 10 s, 5 runs), for no more caught.
    bool p50 = p.spec->kind == MetricKind::p50;
    whole_scale.push_back(p50 && whole.back() ? jitter_scale(*whole.back()) : 1);
    quick_scale.push_back(p50 && quick.back() ? jitter_scale(*quick.back()) : 1);
  }
  HistoryModel model;
  model.whole = moderate(std::move(whole), whole_group, whole_scale, model.whole_jitter);
  model.quick = moderate(std::move(quick), quick_group, quick_scale, model.quick_jitter);
  return model;
}

// "2026-12-02T05:33:54.911Z c99b2478ad67: <what>2 of its 10 windows; …": disturbed runs named
// by their time and commit, with how many of their windows swung.
std::string disturbed_runs(const std::vector<const RunSummary*>& runs, std::string_view what) {
  std::vector<std::string> named;
  for (const RunSummary* run : runs) {
    named.push_back(fmt::format("{}{}: {}{} of its {} windows", run->time,
                                run->git_sha.empty() ? "" : " " + run->git_sha.substr(0, 12), what,
                                run->swings.swung, run->swings.windows));
  }
  return fmt::format("{}", fmt::join(named, "; "));
}

std::string pooled(const HistoryModel& model) {
  std::string which = model.whole_jitter && model.quick_jitter
                          ? "p50s' and their quickest quarters'"
                      : model.whole_jitter ? "p50s'"
                                           : "quickest quarters' p50s'";
  return fmt::format(
      "pooled across endpoints per metric (moderated variances{})",
      model.whole_jitter || model.quick_jitter
          ? fmt::format("; the {} noise as relative plus absolute, a sub-millisecond p50 allowed "
                        "the noise of a {:g} ms one, which fits these endpoints better",
                        which, k_jitter_scale_ms)
          : "");
}

std::string mode_note(const HistoryRuns& history, const HistoryModel* model,
                      const CompareOptions& options) {
  if (model == nullptr) {
    return fmt::format(
        "baseline: one run, so the run-to-run noise cannot be measured: a change fails only if it "
        "is a regression even with up to {:g}% run-to-run variation ({:g}% for a p95 or p99), "
        "and passes only if it is ruled out at that noise; keep 2 or more runs of history, or "
        "use `perf-gate ab`, to judge smaller changes",
        options.assumed_run_cv * 100, options.assumed_run_cv * options.tail_run_cv_factor * 100);
  }
  if (!history.set_aside.empty()) {
    return fmt::format(
        "baseline: {} runs of history; {} set aside as disturbed ({}; over the {:g}% limit: in a "
        "short history one such run would decide the noise); the baseline and its run-to-run "
        "noise come from the other {} runs, {}",
        history.kept.size() + history.set_aside.size(), history.set_aside.size(),
        disturbed_runs(history.set_aside, "throughput off its median by 2× or more in "),
        options.disturbed_window_share * 100, history.kept.size(), pooled(*model));
  }
  std::string steadied;
  if (!history.steadied.empty()) {
    size_t count = history.steadied.size();
    steadied = fmt::format(
        "; {} disturbed run{} judged by the windows in which {} throughput held, the seconds in "
        "which it fell below half its median left out ({})",
        count, count == 1 ? "" : "s", count == 1 ? "its" : "their",
        disturbed_runs(history.steadied, ""));
  }
  return fmt::format(
      "baseline: {} runs of history; the run-to-run noise is measured from them, {}{}",
      history.kept.size(), pooled(*model), steadied);
}

// When every endpoint is slower by about the same factor the cause may be the environment (or a
// global change): say so, and let A/B or a re-run decide.
std::optional<std::string> common_mode_note(const std::vector<TestedMetric>& tested) {
  std::vector<double> changes;
  size_t endpoints = 0;
  for (const TestedMetric& t : tested) {
    if (t.spec->kind != MetricKind::p50) continue;
    ++endpoints;
    if (t.check.status == Status::fail && t.check.relative_change) {
      changes.push_back(*t.check.relative_change);
    }
  }
  if (endpoints < 2 || changes.size() != endpoints) return std::nullopt;
  auto [low, high] = std::minmax_element(changes.begin(), changes.end());
  if ((1 + *high) / (1 + *low) > 1.25) return std::nullopt;
  return fmt::format(
      "every endpoint is slower by about the same factor ({}…{}): that is what a slower machine "
      "or a global change looks like; `perf-gate ab` or a re-run tells them apart",
      percent(*low), percent(*high));
}

std::optional<std::string> judged_note(const std::vector<TestedMetric>& tested) {
  int latency = 0;  // inconclusive latency checks, and the range of their detectable rises
  double smallest = 0;
  double largest = 0;
  std::optional<double> throughput;  // an inconclusive throughput check's detectable drop
  for (const TestedMetric& t : tested) {
    if (t.check.status != Status::inconclusive || t.spec->kind == MetricKind::error_rate ||
        !t.check.detectable_change) {
      continue;
    }
    double d = *t.check.detectable_change;
    if (t.spec->kind == MetricKind::rps) {
      throughput = d;
      continue;
    }
    smallest = latency == 0 ? d : std::min(smallest, d);
    largest = std::max(largest, d);
    ++latency;
  }
  int checks = latency + (throughput ? 1 : 0);
  if (checks == 0) return std::nullopt;
  auto rise = [](double change) {
    return change > 9 ? std::string("more than 10×") : percent(change);
  };
  std::vector<std::string> parts;
  if (latency > 0) {
    parts.push_back(rise(smallest) == rise(largest)
                        ? fmt::format("latency {}", rise(largest))
                        : fmt::format("latency {} to {}", rise(smallest), rise(largest)));
  }
  // Throughput is judged on drops: what it could detect is a drop, never a rise (as the report
  // says it: a drop of 95 % or more is no measurement).
  if (throughput) {
    parts.push_back(*throughput >= 0.95
                        ? std::string("throughput only drops of 95% or more")
                        : fmt::format("throughput drops of {:.0f}% or more", *throughput * 100));
  }
  return fmt::format(
      "{} check{} could not judge a change of the tolerance's size: at this noise the smallest "
      "change{} {} could detect: {}",
      checks, checks == 1 ? "" : "s", checks == 1 ? "" : "s", checks == 1 ? "it" : "they",
      fmt::join(parts, ", "));
}

std::vector<Check> change_point_checks(const Inputs& inputs, const results::RunResult& current,
                                       const CompareOptions& options);

// Whether the run's window throughput swung: window by window relative to the baseline's latest
// run (its stages and spikes are planned swings; a gate's confirmation runs, joined, repeat them),
// and on its own when that run was steady (a steady profile, whose own random swings must not
// hide this run's).
RunQuality assess_current(const results::RunResult& current, const results::RunResult& latest,
                          const RunQuality& latest_alone, const CompareOptions& options) {
  RunQuality quality =
      assess_run(current, &latest, options.disturbed_window_share, options.current_runs);
  if (quality.disturbed || latest_alone.disturbed) return quality;
  RunQuality alone =
      assess_run(current, nullptr, options.disturbed_window_share, options.current_runs);
  return alone.disturbed ? alone : quality;
}

}  // namespace

BaselineComparison compare_with_baseline(const results::RunResult& current,
                                         const Baseline& baseline, const CompareOptions& options) {
  BaselineComparison comparison;
  Inputs inputs;
  HistoryRuns history = select_history(baseline, options);
  collect(inputs, current, baseline, history, comparison.notes);
  std::vector<Planned> planned = plan_checks(inputs, current);
  RunQuality baseline_quality =
      assess_run(baseline.latest, nullptr, options.disturbed_window_share);
  // A latest run set aside as disturbed is no reference for this run's windows: judged alone.
  bool latest_set_aside =
      !history.set_aside.empty() && history.set_aside.back() == &baseline.history.back();
  RunQuality quality =
      latest_set_aside
          ? assess_run(current, nullptr, options.disturbed_window_share, options.current_runs)
          : assess_current(current, baseline.latest, baseline_quality, options);
  detail::MethodContext context{&current, &baseline.latest, &options, &quality};
  bool history_mode =
      static_cast<int>(baseline.history.size()) >= std::max(2, options.min_history_for_noise);
  std::optional<HistoryModel> model;
  if (history_mode) model = fit_history(planned);
  comparison.notes.push_back(mode_note(history, model ? &*model : nullptr, options));
  std::vector<TestedMetric> tested;
  for (size_t i = 0; i < planned.size(); ++i) {
    const Planned& p = planned[i];
    if (p.spec->kind == MetricKind::error_rate) {
      tested.push_back(detail::error_rate_estimate(*p.data, *p.spec, context));
    } else if (model && model->whole[i]) {
      tested.push_back(
          detail::history_estimate(*p.data, *p.spec, context, *model->whole[i], model->quick[i]));
    } else {
      tested.push_back(detail::one_run_estimate(*p.data, *p.spec, context));
    }
  }
  // A p99 that the run is too short to measure is left out rather than reported as no data.
  std::erase_if(tested, [](const TestedMetric& t) {
    return t.family == Family::warn && !t.estimate && t.check.status == Status::inconclusive;
  });
  if (!quality.disturbed && baseline_quality.disturbed && !history_mode) {
    quality.disturbed = true;
    quality.reason = "the baseline run was disturbed: " + baseline_quality.reason;
  }
  if (quality.disturbed) {
    comparison.notes.push_back(fmt::format(
        "run quality: disturbed ({}); {}", quality.reason,
        quality.generator_limited
            ? "regressions it shows are reported as inconclusive"
            : "throughput drops it shows are reported as inconclusive, while latency is still "
              "judged (outlying blocks set aside)"));
  }
  detail::decide_checks(tested, options, quality);
  int fail_family = 0;
  for (const TestedMetric& t : tested) fail_family += detail::in_family(t, Family::fail);
  comparison.notes.push_back(fmt::format(
      "regression checks: {} in the fail family ({}, alpha {:g}): per endpoint p50, p95 and the "
      "error rate (unless neither side had an error), throughput once per run; a fail needs a "
      "significant change beyond its tolerance, a pass an upper bound under it; p99 only warns{}",
      fail_family, multiple_testing_name(options.correction), options.alpha,
      inputs.total ? "; the total is not tested apart from its endpoints" : ""));
  if (auto note = common_mode_note(tested)) comparison.notes.push_back(*note);
  if (auto note = judged_note(tested)) comparison.notes.push_back(*note);
  for (TestedMetric& t : tested) comparison.checks.push_back(std::move(t.check));
  if (static_cast<int>(baseline.history.size()) >= options.min_history && options.change_points) {
    std::vector<Check> points = change_point_checks(inputs, current, options);
    comparison.checks.insert(comparison.checks.end(), points.begin(), points.end());
  }
  return comparison;
}

namespace {

struct PendingPoint {
  Check check;
  double raw_p = 1;
  bool worse_beyond_tolerance = false;
  std::string subject;
  std::string unit;
  size_t index = 0;
  size_t length = 0;
};

std::optional<PendingPoint> change_point_for(const EndpointData& data, const MetricSpec& spec,
                                             const results::RunResult& current,
                                             const CompareOptions& options, uint64_t seed) {
  if (data.current == nullptr || data.current->requests == 0) return std::nullopt;
  std::vector<double> series;
  size_t window = static_cast<size_t>(std::max(options.change_point_window, 4)) - 1;
  size_t first = data.history.size() > window ? data.history.size() - window : 0;
  for (size_t i = first; i < data.history.size(); ++i) {
    double value = detail::summary_value(*data.history[i], spec.kind);
    if (value > 0) series.push_back(std::log(value));
  }
  double seconds = std::chrono::duration<double>(current.meta.duration).count();
  double now = detail::metric_value(*data.current, spec.kind, seconds);
  if (now <= 0 || static_cast<int>(series.size()) < options.min_history) return std::nullopt;
  series.push_back(std::log(now));
  auto point = find_change_point(series, options.permutations, seed);
  if (!point) return std::nullopt;
  PendingPoint pending;
  pending.subject = detail::subject_of(spec, data.name);
  pending.unit = spec.kind == MetricKind::rps ? "/s" : "ms";
  pending.raw_p = point->p_value;
  pending.index = point->index;
  pending.length = series.size();
  Check& check = pending.check;
  check.kind = CheckKind::change_point;
  check.endpoint = data.name;
  check.metric = spec.name();
  check.baseline = std::exp(point->mean_before);
  check.current = std::exp(point->mean_after);
  check.relative_change = std::exp(point->mean_after - point->mean_before) - 1;
  check.tolerance = options.tolerances.for_check(data.name, spec.name());
  check.method = fmt::format("e-divisive(permutations {}, seed {})", options.permutations, seed);
  double change = *check.relative_change;
  pending.worse_beyond_tolerance = spec.direction == Direction::higher_is_worse
                                       ? change > *check.tolerance
                                       : change < -*check.tolerance;
  return pending;
}

std::vector<Check> change_point_checks(const Inputs& inputs, const results::RunResult& current,
                                       const CompareOptions& options) {
  std::vector<PendingPoint> pending;
  uint64_t seed = options.seed;
  for (const EndpointData& data : inputs.endpoints) {
    // p50 and p95 only: p99 is too noisy from run to run to show creep, throughput follows
    // latency in a closed run, and a smaller family keeps the permutation test able to reach
    // significance after adjustment (its smallest p-value is about 1 / C(n, n/2)).
    for (MetricKind kind : {MetricKind::p50, MetricKind::p95}) {
      const MetricSpec& spec = detail::metric_spec(kind);
      if (auto point = change_point_for(data, spec, current, options, seed++)) {
        pending.push_back(std::move(*point));
      }
    }
  }
  std::vector<double> raw;
  for (const PendingPoint& p : pending) raw.push_back(p.raw_p);
  std::vector<double> adjusted = adjust_p_values(raw, options.correction);
  std::vector<Check> checks;
  for (size_t i = 0; i < pending.size(); ++i) {
    PendingPoint& p = pending[i];
    p.check.p_value = adjusted[i];
    bool flagged = adjusted[i] < options.alpha && p.worse_beyond_tolerance;
    p.check.status = flagged ? Status::warn : Status::pass;
    std::string shift =
        fmt::format("{} {} from run {} of the last {} ({} → {}), E-divisive permutation p = {:.2g}",
                    p.subject, percent(*p.check.relative_change), p.index + 1, p.length,
                    detail::format_value(*p.check.baseline, p.unit),
                    detail::format_value(*p.check.current, p.unit), adjusted[i]);
    p.check.explanation = flagged ? shift + ": a shift or slow creep over recent runs"
                                  : fmt::format("{}: no change point in the last {} runs ({})",
                                                p.subject, p.length, shift);
    checks.push_back(std::move(p.check));
  }
  return checks;
}

}  // namespace
}  // namespace perfgate::stats
