// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/evaluation.h"

#include <gtest/gtest.h>

#include "perfgate/util/file.h"
#include "support/test_paths.h"

namespace perfgate::pipeline {
namespace {

// One endpoint with `requests` requests, `errors` of them connection errors.
results::RunResult run_of(int64_t requests, int64_t errors,
                          const std::string& profile = "baseline") {
  results::RunResult run;
  run.meta.scenario = "api";
  run.meta.profile = profile;
  run.meta.model = "closed";
  run.meta.duration = std::chrono::seconds(10);
  auto& series = run.metrics.get_or_add("home");
  series.totals.requests = requests;
  series.totals.errors = errors;
  series.totals.errors_by_kind[static_cast<size_t>(metrics::ErrorKind::connect)] = errors;
  if (requests > errors) series.totals.status_counts[200] = requests - errors;
  if (requests > 0) series.totals.latency.record(1000, requests);
  return run;
}

TEST(EvaluationTest, EveryRequestFailedFailsTheGate) {
  Evaluation evaluation;
  auto verdict = evaluate(run_of(50, 50), evaluation);
  ASSERT_TRUE(verdict.ok()) << verdict.error().describe();
  EXPECT_EQ(verdict->verdict, stats::Status::fail);
  ASSERT_FALSE(verdict->checks.empty());
  EXPECT_EQ(verdict->checks[0].metric, "http_req_failed");
  EXPECT_NE(verdict->checks[0].explanation.find("50 connect"), std::string::npos);
}

TEST(EvaluationTest, EveryRequestFailedJoinsAFailingErrorRateThresholdRatherThanRepeatingIt) {
  Evaluation evaluation;
  // The gate's built-in default (gate_config.h's k_default_thresholds).
  evaluation.thresholds = *stats::parse_thresholds("http_req_failed: [\"rate<0.01\"]\n", "default");
  auto verdict = evaluate(run_of(50, 50), evaluation);
  ASSERT_TRUE(verdict.ok()) << verdict.error().describe();
  EXPECT_EQ(verdict->verdict, stats::Status::fail);
  int error_rate_checks = 0;
  for (const stats::Check& check : verdict->checks) {
    error_rate_checks += check.metric == "http_req_failed" && check.endpoint.empty();
  }
  EXPECT_EQ(error_rate_checks, 1);
  ASSERT_FALSE(verdict->checks.empty());
  EXPECT_EQ(verdict->checks[0].rule, "rate<0.01");
  EXPECT_NE(verdict->checks[0].explanation.find("every one of the 50 requests failed (50 connect)"),
            std::string::npos)
      << verdict->checks[0].explanation;
}

TEST(EvaluationTest, SomeSuccessfulRequestsAreNotAllErrors) {
  Evaluation evaluation;
  auto verdict = evaluate(run_of(50, 49), evaluation);
  ASSERT_TRUE(verdict.ok());
  EXPECT_NE(verdict->verdict, stats::Status::fail);
}

TEST(EvaluationTest, NoRequestsAtAllIsNotAllErrors) {
  stats::Verdict verdict;
  EXPECT_FALSE(fail_when_every_request_failed(run_of(0, 0), verdict));
  EXPECT_TRUE(verdict.checks.empty());
}

TEST(EvaluationTest, ChecksDecideWhenTheUserSaysSo) {
  Evaluation evaluation;
  evaluation.all_errors = AllErrors::checks_decide;
  auto verdict = evaluate(run_of(50, 50), evaluation);
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->verdict, stats::Status::no_data);
}

// The verdict's note that mentions `text`, or "".
std::string note_with(const stats::Verdict& verdict, const std::string& text) {
  for (const std::string& note : verdict.notes) {
    if (note.find(text) != std::string::npos) return note;
  }
  return "";
}

TEST(EvaluationTest, AMisspelledThresholdsSectionIsNotedWithTheLikelyName) {
  Evaluation evaluation;
  evaluation.thresholds = *stats::parse_thresholds(
      "profiles:\n  basline:\n    http_req_failed: ['rate<0.01']\n", "t.yaml");
  auto verdict = evaluate(run_of(50, 0), evaluation);
  ASSERT_TRUE(verdict.ok()) << verdict.error().describe();
  std::string note = note_with(*verdict, "no section for profile 'baseline'");
  EXPECT_NE(note.find("is 'basline' a misspelling of 'baseline'?"), std::string::npos) << note;
  EXPECT_NE(note.find("no threshold applies"), std::string::npos) << note;
}

TEST(EvaluationTest, AProfileWithoutASectionUnderCommonRulesAddsNoNoteUnlessTheNameIsClose) {
  Evaluation evaluation;
  evaluation.thresholds = *stats::parse_thresholds(
      "default:\n  http_req_failed: ['rate<0.01']\nstress:\n  http_req_failed: ['rate<0.05']\n",
      "t.yaml");
  auto verdict = evaluate(run_of(50, 0, "demo"), evaluation);
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(note_with(*verdict, "no section"), "");
  verdict = evaluate(run_of(50, 0, "stres"), evaluation);
  ASSERT_TRUE(verdict.ok());
  EXPECT_NE(note_with(*verdict, "is 'stress' a misspelling of 'stres'?"), "");
}

TEST(EvaluationTest, AThresholdsSectionForTheRunsProfileAddsNoNote) {
  Evaluation evaluation;
  evaluation.thresholds = *stats::parse_thresholds(
      "profiles:\n  baseline:\n    http_req_failed: ['rate<0.01']\n", "t.yaml");
  auto verdict = evaluate(run_of(50, 0), evaluation);
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(note_with(*verdict, "no section"), "");
}

TEST(EvaluationTest, MissingBaselineFileIsTheFirstRun) {
  test::TempDir dir;
  EvaluationSettings settings;
  settings.baseline_path = dir.file("none.json");
  auto evaluation = prepare_evaluation(settings);
  ASSERT_TRUE(evaluation.ok()) << evaluation.error().describe();
  EXPECT_FALSE(evaluation->baseline.has_value());
}

TEST(EvaluationTest, BrokenThresholdsAreBadInputBeforeAnyRun) {
  test::TempDir dir;
  ASSERT_TRUE(
      util::write_file_atomic(dir.file("t.yaml"), "http_req_duration: [\"p(95)<<5\"]\n").ok());
  EvaluationSettings settings;
  settings.thresholds_path = dir.file("t.yaml");
  auto evaluation = prepare_evaluation(settings);
  ASSERT_FALSE(evaluation.ok());
  EXPECT_EQ(evaluation.error().kind, ErrorKind::bad_input);
}

TEST(EvaluationTest, BadToleranceNamesTheField) {
  EvaluationSettings settings;
  settings.tolerances = {"lots"};
  auto evaluation = prepare_evaluation(settings);
  ASSERT_FALSE(evaluation.ok());
  EXPECT_FALSE(evaluation.error().field.empty());
}

TEST(EvaluationTest, BaselineOfAnotherProfileDoesNotFitBeforeTheRun) {
  Evaluation evaluation;
  evaluation.baseline = stats::Baseline{};
  evaluation.baseline->latest = run_of(10, 0, "baseline");
  EXPECT_TRUE(check_baseline_fits(evaluation, "api", "baseline").ok());
  Status fits = check_baseline_fits(evaluation, "api", "smoke");
  ASSERT_FALSE(fits.ok());
  EXPECT_EQ(fits.error().field, "baseline");
  EXPECT_TRUE(fits.error().describe().starts_with("baseline: ")) << fits.error().describe();
  EXPECT_NE(fits.error().message.find("'smoke'"), std::string::npos);
}

}  // namespace
}  // namespace perfgate::pipeline
