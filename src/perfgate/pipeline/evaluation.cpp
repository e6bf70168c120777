// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/evaluation.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string_view>

#include "perfgate/stats/baseline_file.h"
#include "perfgate/stats/tolerances.h"
#include "perfgate/util/log.h"
#include "perfgate/util/spelling.h"

namespace perfgate::pipeline {
namespace {

// Input files the user named: any failure to read them is theirs (exit 2).
template <typename T>
Result<T> as_bad_input(Result<T> result) {
  if (result) return result;
  Error error = result.error();
  error.kind = ErrorKind::bad_input;
  return error;
}

Result<std::optional<stats::Baseline>> load_baseline(const EvaluationSettings& settings) {
  if (settings.fetched_baseline) {
    const FetchedBaseline& fetched = *settings.fetched_baseline;
    if (!fetched.text) {
      util::notice(
          fmt::format("no baseline stored at {} yet: gating on thresholds only", fetched.source));
      return std::optional<stats::Baseline>{};
    }
    auto baseline = as_bad_input(stats::parse_baseline(*fetched.text, fetched.source));
    if (!baseline) return baseline.error();
    return std::optional<stats::Baseline>{std::move(baseline).value()};
  }
  const std::string& path = settings.baseline_path;
  if (path.empty()) return std::optional<stats::Baseline>{};
  if (!std::filesystem::exists(path)) {
    util::notice(fmt::format("baseline '{}' does not exist yet: gating on thresholds only", path));
    return std::optional<stats::Baseline>{};
  }
  auto baseline = as_bad_input(stats::read_baseline_file(path));
  if (!baseline) return baseline.error();
  return std::optional<stats::Baseline>{std::move(baseline).value()};
}

}  // namespace

Result<stats::CompareOptions> compare_options(const EvaluationSettings& settings,
                                              const stats::ThresholdSet* thresholds) {
  stats::CompareOptions options;
  options.profile = settings.profile;
  if (settings.alpha) options.alpha = *settings.alpha;
  if (settings.seed) options.seed = *settings.seed;
  if (settings.run_cv) options.assumed_run_cv = *settings.run_cv;
  if (settings.min_latency_change_ms) {
    options.min_latency_change_ms = *settings.min_latency_change_ms;
  }
  if (settings.correction == "bh") options.correction = stats::MultipleTesting::benjamini_hochberg;
  if (settings.correction == "none") options.correction = stats::MultipleTesting::none;
  if (thresholds != nullptr && thresholds->tolerances) {
    options.tolerances.override_with(*thresholds->tolerances);
  }
  for (const std::string& spec : settings.tolerances) {
    Status status = stats::apply_tolerance_flag(options.tolerances, spec);
    if (!status) {
      Error error = status.error();
      if (error.field.empty()) error.field = "tolerance";
      return error;
    }
  }
  return options;
}

Result<Evaluation> prepare_evaluation(const EvaluationSettings& settings) {
  Evaluation evaluation;
  if (!settings.thresholds_path.empty()) {
    auto thresholds = as_bad_input(stats::load_thresholds(settings.thresholds_path));
    if (!thresholds) return thresholds.error();
    evaluation.thresholds = std::move(thresholds).value();
  } else if (!settings.thresholds_text.empty()) {
    auto thresholds = stats::parse_thresholds(settings.thresholds_text, settings.thresholds_source);
    if (!thresholds) return thresholds.error();
    evaluation.thresholds = std::move(thresholds).value();
  }
  auto baseline = load_baseline(settings);
  if (!baseline) return baseline.error();
  evaluation.baseline = std::move(baseline).value();
  auto options = compare_options(settings, evaluation.thresholds_or_null());
  if (!options) return options.error();
  evaluation.options = std::move(options).value();
  evaluation.all_errors = settings.all_errors;
  return evaluation;
}

Status check_baseline_fits(const Evaluation& evaluation, const std::string& scenario,
                           const std::string& profile) {
  if (!evaluation.baseline) return ok_status();
  const results::RunMetadata& base = evaluation.baseline->latest.meta;
  auto mismatch = [](const char* what, const std::string& run, const std::string& stored) {
    Error error = Error::bad_input(fmt::format(
        "the run will be of {} '{}' but the baseline is of '{}': keep one baseline per scenario "
        "and profile",
        what, run, stored));
    error.field = "baseline";
    return error;
  };
  if (base.scenario != scenario) return mismatch("scenario", scenario, base.scenario);
  if (base.profile != profile) return mismatch("profile", profile, base.profile);
  return ok_status();
}

bool fail_when_every_request_failed(const results::RunResult& current, stats::Verdict& verdict) {
  const metrics::EndpointMetrics total = current.metrics.total();
  if (total.requests == 0 || total.errors < total.requests) return false;
  std::string kinds;
  for (size_t k = 0; k < metrics::k_error_kind_count; ++k) {
    if (total.errors_by_kind[k] == 0) continue;
    kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", total.errors_by_kind[k],
                         metrics::error_kind_name(static_cast<metrics::ErrorKind>(k)));
  }
  std::string why = fmt::format(
      "every one of the {} requests failed ({}): the target was not measured "
      "(fail-on-all-errors: false makes this no data instead)",
      total.requests, kinds);
  // A run-wide error-rate threshold that failed already says it (the default `rate<0.01`): the
  // reason joins that check rather than a second "error rate of all requests" beside it.
  auto same_subject = std::find_if(verdict.checks.begin(), verdict.checks.end(), [](const auto& c) {
    return c.kind == stats::CheckKind::threshold && c.metric == "http_req_failed" &&
           c.endpoint.empty() && c.status == stats::Status::fail;
  });
  if (same_subject != verdict.checks.end()) {
    same_subject->explanation = fmt::format("{}: {}", same_subject->explanation, why);
    std::rotate(verdict.checks.begin(), same_subject, same_subject + 1);
  } else {
    stats::Check check;
    check.kind = stats::CheckKind::threshold;
    check.metric = "http_req_failed";
    check.rule = "rate<1";
    check.baseline = 1.0;
    check.current = 1.0;
    check.method = "all-errors";
    check.status = stats::Status::fail;
    check.explanation = std::move(why);
    verdict.checks.insert(verdict.checks.begin(), std::move(check));
  }
  verdict.finalize();
  return true;
}

// Issue 11: a profile that is neither the run's nor a thresholds section, or tolerances naming
// an endpoint the run does not have, are typos that would silently apply the defaults.
Status check_settings_fit(const results::RunResult& current, const Evaluation& evaluation) {
  const std::string& profile = evaluation.options.profile;
  const stats::ThresholdSet* thresholds = evaluation.thresholds_or_null();
  if (!profile.empty() && profile != current.meta.profile &&
      (thresholds == nullptr || !thresholds->profiles.contains(profile))) {
    std::vector<std::string> known{current.meta.profile};
    if (thresholds != nullptr) {
      for (const auto& [name, rules] : thresholds->profiles) known.push_back(name);
    }
    return Error::bad_input(fmt::format(
        "--profile '{}' is neither the run's profile nor a section of the thresholds (known: {})",
        profile, fmt::join(known, ", ")));
  }
  std::vector<std::string> endpoints;
  for (const auto& series : current.metrics.endpoints) endpoints.push_back(series.name);
  return stats::check_tolerance_endpoints(evaluation.options.tolerances, endpoints);
}

// A thresholds file with profile sections but none for this run's profile applies only its
// common rules, perhaps none at all: a misspelled section (`basline:`) must not pass silently.
std::optional<std::string> missing_section_note(const results::RunResult& current,
                                                const Evaluation& evaluation) {
  const stats::ThresholdSet* thresholds = evaluation.thresholds_or_null();
  if (thresholds == nullptr || thresholds->profiles.empty()) return std::nullopt;
  const std::string& profile =
      evaluation.options.profile.empty() ? current.meta.profile : evaluation.options.profile;
  if (thresholds->profiles.contains(profile)) return std::nullopt;
  std::vector<std::string_view> sections;
  for (const auto& [name, rules] : thresholds->profiles) sections.push_back(name);
  std::string guess = util::closest_match(profile, sections);
  // A profile without a section of its own under common rules is how such a file is meant to be
  // used (thresholds/default.yaml has none for `demo`); only a likely misspelling, or a gate left
  // with no rule at all, is worth a note.
  if (guess.empty() && !thresholds->common.empty()) return std::nullopt;
  return fmt::format(
      "the thresholds have no section for profile '{}' (sections: {}){}: {}", profile,
      fmt::join(sections, ", "),
      guess.empty() ? "" : fmt::format("; is '{}' a misspelling of '{}'?", guess, profile),
      thresholds->common.empty() ? "no threshold applies" : "only the common rules apply");
}

Result<stats::Verdict> evaluate(const results::RunResult& current, const Evaluation& evaluation) {
  if (Status fits = check_settings_fit(current, evaluation); !fits) return fits.error();
  auto verdict = stats::evaluate(current, evaluation.baseline_or_null(),
                                 evaluation.thresholds_or_null(), evaluation.options);
  if (!verdict) return verdict;
  if (auto note = missing_section_note(current, evaluation)) verdict->notes.push_back(*note);
  if (evaluation.all_errors == AllErrors::fail) fail_when_every_request_failed(current, *verdict);
  return verdict;
}

}  // namespace perfgate::pipeline
