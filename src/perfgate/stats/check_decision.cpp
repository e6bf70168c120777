// SPDX-License-Identifier: MIT
#include "perfgate/stats/check_decision.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <map>
#include <string>

#include "perfgate/stats/multiple_testing.h"

namespace perfgate::stats::detail {
namespace {

// The estimate a fail is tested on.
const ChangeEstimate& fail_test(const TestedMetric& tested) {
  return tested.fail_estimate ? *tested.fail_estimate : *tested.estimate;
}

// Whether the quickest quarter of blocks is the way that shows the regression: only a change
// the whole run puts beyond the tolerance (a run whose slow seconds got quicker must not fail
// on its quick ones), which the quickest quarter puts beyond it too, more surely.
bool quick_decides(const TestedMetric& tested) {
  if (!tested.quick_estimate) return false;
  const ChangeEstimate& whole = fail_test(tested);
  const ChangeEstimate& quick = *tested.quick_estimate;
  if (!(whole.worse > tested.tolerance) || !(quick.worse > tested.quick_tolerance)) return false;
  return p_worse(quick) < p_worse(whole);
}

// The quickest quarter of blocks beyond its tolerance: then a regression is not ruled out, even
// when the whole run's bound is under the tolerance (a history slow in many of its seconds).
bool quick_beyond_tolerance(const TestedMetric& tested) {
  return tested.quick_estimate && tested.quick_estimate->worse > tested.quick_tolerance;
}

// The one-sided p-value of the check's fail test before the family's correction: the whole
// run's, or with the quickest quarter of blocks the deciding way's at half the level each
// (Bonferroni: a fail needs one way significant at α/2 and beyond the tolerance).
double fail_p(const TestedMetric& tested) {
  double whole = p_worse(fail_test(tested));
  if (!tested.quick_estimate) return whole;
  double shown = quick_decides(tested) ? p_worse(*tested.quick_estimate) : whole;
  return std::min(1.0, 2 * shown);
}

// A change in the check's own terms: "+12.3%" for latency and throughput, "+1.20 pp" for rates.
std::string change_text(const TestedMetric& tested, double change) {
  if (tested.spec->kind == MetricKind::error_rate) return fmt::format("{:+.2f} pp", change * 100);
  return percent(change);
}

// The smallest detectable change; past 10× only its order matters ("more than 10×").
std::string detectable_text(const TestedMetric& tested, double change) {
  if (tested.spec->kind != MetricKind::error_rate && change > 9) return "more than 10×";
  // An error rate cannot rise past 100 %: a detectable rise beyond it is none at all.
  if (tested.spec->kind == MetricKind::error_rate && tested.check.baseline &&
      *tested.check.baseline + change > 1) {
    return "none: too few requests";
  }
  if (tested.spec->kind == MetricKind::rps) {  // throughput is judged on drops
    return change >= 0.95 ? std::string("a drop of 95% or more")
                          : fmt::format("a drop of {:.1f}%", change * 100);
  }
  return change_text(tested, change);
}

std::string tolerance_text(const TestedMetric& tested) {
  if (tested.spec->kind == MetricKind::error_rate) {
    return fmt::format("{:.2g} pp", tested.tolerance * 100);
  }
  if (tested.absolute_tolerance && tested.check.baseline) {
    return fmt::format("{:.3g} ms", *tested.check.baseline * std::expm1(tested.tolerance));
  }
  return fmt::format("{:g}%", *tested.check.tolerance * 100);
}

// The break-even run-to-run variation of a one-run check: below it, the change is a regression.
// The estimate's run-to-run part is that of the baseline run plus the mean of `current_runs`.
std::optional<double> break_even_noise(const TestedMetric& tested, double alpha_each,
                                       int current_runs) {
  if (!tested.quiet_estimate || tested.quiet_estimate->worse <= tested.tolerance) {
    return std::nullopt;
  }
  double z = boost::math::quantile(boost::math::normal(), 1 - alpha_each);
  double needed = tested.quiet_estimate->worse / z;
  double quiet = tested.quiet_estimate->se;
  if (needed <= quiet) return std::nullopt;
  return std::sqrt((needed * needed - quiet * quiet) / (1 + 1.0 / std::max(1, current_runs)));
}

void explain(TestedMetric& tested, double adjusted_p, double alpha_each, int current_runs) {
  Check& check = tested.check;
  const ChangeEstimate& estimate = *tested.estimate;
  std::string values = fmt::format("({} → {})", detail::format_value(*check.baseline, tested.unit),
                                   detail::format_value(*check.current, tested.unit));
  std::string head;
  if (tested.spec->kind == MetricKind::error_rate) {
    head = fmt::format("{} {} {}", tested.subject, change_text(tested, estimate.worse), values);
  } else {
    head =
        fmt::format("{} {} {}", tested.subject,
                    check.relative_change ? percent(*check.relative_change) : "up from 0", values);
  }
  double worst = detail::change_of(*tested.spec, upper_bound(estimate, 0.95));
  std::string bound = fmt::format("worst case {}", change_text(tested, worst));
  std::string quick_values;
  if (tested.quick_estimate) {
    quick_values =
        fmt::format("{} → {}, {}", detail::format_value(tested.quick_baseline_ms, "ms"),
                    detail::format_value(tested.quick_current_ms, "ms"),
                    detail::percent(detail::change_of(*tested.spec, tested.quick_estimate->worse)));
  }
  switch (check.status) {
    case Status::fail:
      check.explanation = fmt::format("{}: a regression beyond the {} tolerance (p = {:.2g}; {})",
                                      head, tolerance_text(tested), adjusted_p,
                                      quick_decides(tested) ? tested.quick_noise : tested.noise);
      if (quick_decides(tested)) {
        check.explanation += fmt::format(
            ", shown by the run's quickest quarter of blocks ({}), in which a busy machine weighs "
            "least",
            quick_values);
      }
      break;
    case Status::pass:
      check.explanation = fmt::format("{}: a regression beyond {} is ruled out ({}; {})", head,
                                      tolerance_text(tested), bound, tested.noise);
      break;
    default: {
      std::string quiet;
      if (auto noise = break_even_noise(tested, alpha_each, current_runs)) {
        quiet = fmt::format(
            "; it is a regression if two runs of the same code differ by less than {:.0f}%",
            *noise * 100);
      }
      if (!quick_values.empty()) {
        quick_values = fmt::format("; the run's quickest quarter of blocks: {}", quick_values);
      }
      check.explanation = fmt::format(
          "{}: inconclusive: a regression beyond {} is neither shown (p = {:.2g}) nor ruled out "
          "({}){}; the smallest change this check could detect is {} ({}){}: {}",
          head, tolerance_text(tested), adjusted_p, bound, quick_values,
          detectable_text(tested, check.detectable_change.value_or(0)), tested.noise, quiet,
          tested.advice);
    }
  }
}

void finish(TestedMetric& tested, double adjusted_p, int family_size, const CompareOptions& options,
            const RunQuality& quality) {
  const ChangeEstimate& estimate = *tested.estimate;
  Check& check = tested.check;
  check.p_value = adjusted_p;
  double alpha_each = options.alpha / std::max(1, family_size);
  double detectable = detectable_change(fail_test(tested), alpha_each, options.power);
  if (tested.quick_estimate) {  // either way at half the level, the likelier to detect
    detectable = std::min(detectable_change(fail_test(tested), alpha_each / 2, options.power),
                          detectable_change(*tested.quick_estimate, alpha_each / 2, options.power));
  }
  check.detectable_change = std::abs(detail::change_of(*tested.spec, detectable));
  double low = detail::change_of(*tested.spec, lower_bound(estimate, 1 - options.pass_alpha));
  double high = detail::change_of(*tested.spec, upper_bound(estimate, 1 - options.pass_alpha));
  double base = *check.baseline;
  if (tested.spec->kind == MetricKind::error_rate) {
    check.interval = Interval{base + std::min(low, high), base + std::max(low, high)};
  } else {
    check.interval = Interval{base * (1 + std::min(low, high)), base * (1 + std::max(low, high))};
  }
  // A fail by the way that shows the change more surely; a pass by the whole run, when the
  // quickest quarter is not beyond its tolerance.
  ThreeWayLevels levels{options.alpha, options.pass_alpha};
  const ChangeEstimate& shown = quick_decides(tested) ? *tested.quick_estimate : fail_test(tested);
  double shown_tolerance = quick_decides(tested) ? tested.quick_tolerance : tested.tolerance;
  bool fails = decide(shown, shown_tolerance, adjusted_p, levels) == Status::fail;
  check.status = fails ? Status::fail : decide(estimate, tested.tolerance, 1, levels);
  if (check.status == Status::pass && quick_beyond_tolerance(tested)) {
    check.status = Status::inconclusive;
  }
  explain(tested, adjusted_p, alpha_each, options.current_runs);
  // Throughput that swung across windows says the machine (or the network) stalled: throughput
  // then cannot tell a slower service from a slower runner. Latency, measured per request with
  // outlying blocks set aside, still can — unless the generator itself was the bottleneck, which
  // taints latency, throughput and the errors it can cause (timeouts, failed latency checks), not
  // refusals or 5xx.
  bool suspect = (quality.generator_limited && !tested.errors_not_the_generators) ||
                 (quality.disturbed && tested.spec->kind == MetricKind::rps);
  if (check.status == Status::fail && suspect) {
    check.status = Status::inconclusive;
    check.explanation = fmt::format(
        "{} — but the run was disturbed ({}), so the change may be the machine's: re-run, or "
        "use `perf-gate ab`",
        check.explanation, quality.reason);
  }
  // A fail that only the run's outlying blocks make (a stalled or throttled second on a shared
  // runner): without them the change is within tolerance, so it may be the machine's. (Not one
  // the quickest quarter of blocks shows: those are the blocks furthest from a stall.)
  bool by_quick = fails && quick_decides(tested);
  if (check.status == Status::fail && !by_quick && tested.change_without_outliers &&
      *tested.change_without_outliers <= tested.tolerance) {
    check.status = Status::inconclusive;
    check.explanation = fmt::format(
        "{} — but it comes from {} outlying block(s) of the run (a stalled second?): without "
        "them the change is {}: re-run, or use `perf-gate ab`",
        check.explanation, tested.outlying_blocks,
        detail::percent(detail::change_of(*tested.spec, *tested.change_without_outliers)));
  }
  // A fail that only the seconds in which throughput swung make: in the windows where it held,
  // the change is within tolerance, so the machine may have set those seconds' latency.
  if (check.status == Status::fail && !by_quick && tested.change_without_swung_windows &&
      *tested.change_without_swung_windows <= tested.tolerance) {
    check.status = Status::inconclusive;
    check.explanation = fmt::format(
        "{} — but it comes from the {} window(s) in which throughput swung ({}): in the others "
        "the change is {}: re-run, or use `perf-gate ab`",
        check.explanation, tested.swung_windows, quality.reason,
        detail::percent(detail::change_of(*tested.spec, *tested.change_without_swung_windows)));
  }
  // An error rate with no error on either side is out of the fail family: no data of this run
  // could show it worse. Too few requests to rule out the tolerance (0.1 pp of a 0 % rate takes
  // about 3,000) leave it not judged, a pass, rather than inconclusive: a gate of a few hundred
  // requests per endpoint would otherwise never pass, and `fail-on: inconclusive` would turn
  // every such run red. The explanation still says how large a rate the run could have shown.
  if (tested.spec->kind == MetricKind::error_rate && !tested.can_show_regression &&
      check.status == Status::inconclusive) {
    check.status = Status::pass;
    constexpr std::string_view marker = ": inconclusive: ";
    if (size_t at = check.explanation.find(marker); at != std::string::npos) {
      check.explanation.replace(at, marker.size(), fmt::format(": {}: ", k_not_judged_no_errors));
    }
    return;
  }
  if (tested.family == Family::warn) {
    if (check.status == Status::fail) {
      check.status = Status::warn;
    } else if (check.status == Status::inconclusive) {
      // A warn-only check that cannot judge: a warning when it looks beyond the tolerance (a
      // 3× p99 must not show a green tick), else nothing raised. A p99 must rise beyond it by
      // more than a shared machine's time slice too (assumed_run_noise_ms, added in ms), and by
      // more than its noise makes likely (p < 5 %, not adjusted): on the corpus, unchanged gates
      // with 3 runs of history warned on a p99 in 40–66 % of gates with the time slice alone,
      // in 2–11.5 % with both (bench_accuracy's "p99 warned").
      double limit = tested.tolerance;
      if (tested.spec->kind == MetricKind::p99 && check.baseline && *check.baseline > 0) {
        limit = std::log1p(std::expm1(tested.tolerance) +
                           options.assumed_run_noise_ms / *check.baseline);
      }
      bool looks_worse = estimate.worse > limit && p_worse(estimate) < 0.05;
      check.status = looks_worse ? Status::warn : Status::pass;
      constexpr std::string_view marker = ": inconclusive: ";
      size_t at = check.explanation.find(marker);
      if (at != std::string::npos) {
        std::string verdict(looks_worse ? k_worth_a_look : k_not_judged);
        if (!looks_worse && estimate.worse > limit) {
          verdict += ", its rise within its noise";
        } else if (!looks_worse && estimate.worse > tested.tolerance) {
          verdict += fmt::format(
              ", its rise within the tolerance plus a shared machine's {:g} ms "
              "time slice",
              options.assumed_run_noise_ms);
        }
        check.explanation.replace(at, marker.size(), fmt::format(": {}: ", verdict));
      }
      return;
    }
    check.explanation += "; p99 only warns";
  }
}

bool is_latency(const TestedMetric& t) {
  MetricKind kind = t.spec->kind;
  return kind == MetricKind::p50 || kind == MetricKind::p95 || kind == MetricKind::p99;
}

// "Slower" for the test below: beyond the tolerance at this one-sided level, before any
// correction (a screen, not a verdict).
constexpr double k_machine_wide_level = 0.05;

// A run whose throughput swung and in which every endpoint got slower beyond its tolerance —
// the 0.3 ms one as much as the 10 ms one — was slowed by its machine (a neighbour's CPU, a
// throttled runner), not by one endpoint's code: its latency fails become inconclusive too.
// A real slowdown of one endpoint leaves the others as they were; a real slowdown of the whole
// service does not make throughput swing across windows, so it still fails.
// Fails shown by the quickest quarter of blocks are screened by the endpoints' quickest quarters:
// a machine that slowed every endpoint in some seconds leaves their quicker seconds alike.
void set_aside_machine_wide_slowdown(std::vector<TestedMetric>& tested, const RunQuality& quality) {
  if (!quality.disturbed || quality.generator_limited) return;
  // endpoint → some latency beyond its tolerance: by the whole run, and by the quickest quarter
  // (an endpoint without one, too few blocks, counts by its whole run)
  std::map<std::string, bool> slower;
  std::map<std::string, bool> quick_slower;
  auto beyond = [](const ChangeEstimate& e, double tolerance) {
    return e.worse > tolerance && p_worse(e) < k_machine_wide_level;
  };
  for (const TestedMetric& t : tested) {
    if (!is_latency(t) || t.check.endpoint.empty() || !t.estimate) continue;
    const ChangeEstimate& steady = t.steady_estimate ? *t.steady_estimate : *t.estimate;
    slower[t.check.endpoint] = slower[t.check.endpoint] || beyond(steady, t.tolerance);
    if (t.quick_estimate) {
      quick_slower[t.check.endpoint] =
          quick_slower[t.check.endpoint] || beyond(*t.quick_estimate, t.quick_tolerance);
    }
  }
  for (const auto& [endpoint, whole] : slower) quick_slower.try_emplace(endpoint, whole);
  auto every_endpoint = [](const std::map<std::string, bool>& endpoints) {
    return endpoints.size() >= 2 &&
           std::all_of(endpoints.begin(), endpoints.end(), [](const auto& e) { return e.second; });
  };
  for (TestedMetric& t : tested) {
    if (!is_latency(t) || t.check.status != Status::fail) continue;
    if (!every_endpoint(quick_decides(t) ? quick_slower : slower)) continue;
    t.check.status = Status::inconclusive;
    t.check.explanation = fmt::format(
        "{} — but every endpoint got slower in a run whose throughput swung ({}), so the "
        "machine may have slowed them all: re-run, or use `perf-gate ab`",
        t.check.explanation, quality.reason);
  }
}

}  // namespace

bool in_family(const TestedMetric& tested, Family family) {
  return tested.estimate && tested.family == family && tested.can_show_regression;
}

void decide_checks(std::vector<TestedMetric>& tested, const CompareOptions& options,
                   const RunQuality& quality) {
  for (Family family : {Family::fail, Family::warn}) {
    std::vector<double> raw;
    for (const TestedMetric& t : tested) {
      if (in_family(t, family)) raw.push_back(fail_p(t));
    }
    std::vector<double> adjusted = adjust_p_values(raw, options.correction);
    size_t next = 0;
    for (TestedMetric& t : tested) {
      if (in_family(t, family)) {
        finish(t, adjusted[next++], static_cast<int>(raw.size()), options, quality);
      } else if (t.estimate && t.family == family) {  // cannot show a regression: p = 1
        finish(t, 1.0, static_cast<int>(std::max<size_t>(raw.size(), 1)), options, quality);
      }
    }
  }
  set_aside_machine_wide_slowdown(tested, quality);
}

}  // namespace perfgate::stats::detail
