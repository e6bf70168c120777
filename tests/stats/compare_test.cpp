// SPDX-License-Identifier: MIT
#include "perfgate/stats/compare.h"

#include <gtest/gtest.h>

#include "stats/run_builder.h"

namespace perfgate::stats {
namespace {

// A history of `runs` runs whose speed drifts by a few percent from run to run.
Baseline history_baseline(int runs, double drift_cv = 0.03, uint64_t seed = 100) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> drift(0, drift_cv);
  std::optional<Baseline> baseline;
  for (int i = 0; i < runs; ++i) {
    results::RunResult run =
        test::noisy_run(seed + static_cast<uint64_t>(i), std::exp(drift(rng)), 10, 300);
    baseline = *update_baseline(std::move(baseline), run);
  }
  return *baseline;
}

const Check* find_check(const Verdict& verdict, CheckKind kind, const std::string& endpoint,
                        const std::string& metric) {
  for (const Check& check : verdict.checks) {
    if (check.kind == kind && check.endpoint == endpoint && check.metric == metric) return &check;
  }
  return nullptr;
}

bool has_note(const Verdict& verdict, const std::string& text) {
  for (const std::string& note : verdict.notes) {
    if (note.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(CompareTest, NoBaselineStillAppliesThresholdsAndSaysSo) {
  ThresholdSet thresholds = *parse_thresholds("http_req_duration: [\"p(95)<50\"]\n", "t.yaml");
  Result<Verdict> verdict = evaluate(test::noisy_run(1, 1.0, 5, 100), nullptr, &thresholds, {});
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->verdict, Status::fail);
  EXPECT_FALSE(verdict->baseline.has_value());
  EXPECT_TRUE(has_note(*verdict, "no baseline"));
}

TEST(CompareTest, ScenarioMismatchIsBadInput) {
  Baseline baseline = history_baseline(1);
  results::RunResult other = test::noisy_run(5, 1.0, 10, 300);
  other.meta.scenario = "checkout";
  Result<Verdict> verdict = evaluate(other, &baseline, nullptr, {});
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(verdict.error().field, "scenario");
}

TEST(CompareTest, ProfileMismatchIsBadInput) {
  Baseline baseline = history_baseline(1);
  results::RunResult stress = test::noisy_run(5, 1.0, 10, 300);
  stress.meta.profile = "stress";
  Result<Verdict> verdict = evaluate(stress, &baseline, nullptr, {});
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.error().field, "profile");
}

TEST(CompareTest, ABaselineOfTheOtherHttpClientIsNamedInANote) {
  Baseline baseline = history_baseline(3);
  baseline.latest.meta.http_client = "curl";
  results::RunResult native = test::noisy_run(5, 1.0, 10, 300);
  native.meta.http_client = "native";
  Result<Verdict> verdict = evaluate(native, &baseline, nullptr, {});
  ASSERT_TRUE(verdict.ok());
  EXPECT_TRUE(has_note(*verdict, "used the curl HTTP client and this run the native one"));

  native.meta.http_client = "curl";
  verdict = evaluate(native, &baseline, nullptr, {});
  ASSERT_TRUE(verdict.ok());
  EXPECT_FALSE(has_note(*verdict, "HTTP client"));
  // A baseline written before the field ran libcurl: a native run against it says so.
  baseline.latest.meta.http_client.clear();
  native.meta.http_client = "native";
  verdict = evaluate(native, &baseline, nullptr, {});
  ASSERT_TRUE(verdict.ok());
  EXPECT_TRUE(has_note(*verdict, "used the curl HTTP client and this run the native one"));
  EXPECT_TRUE(has_note(*verdict, "`--http-client curl` (action input `http-client: curl`)"));
  // Imports name no client: nothing to say.
  baseline.latest.meta.source = "k6 --out json";
  verdict = evaluate(native, &baseline, nullptr, {});
  ASSERT_TRUE(verdict.ok());
  EXPECT_FALSE(has_note(*verdict, "HTTP client"));
}

TEST(CompareTest, HistoryModePassesAnUnchangedRun) {
  Baseline baseline = history_baseline(10);
  Result<Verdict> verdict = evaluate(test::noisy_run(999, 1.0, 10, 300), &baseline, nullptr, {});
  ASSERT_TRUE(verdict.ok());
  EXPECT_NE(verdict->verdict, Status::fail);
  const Check* p95 = find_check(*verdict, CheckKind::regression, "login", "p95_ms");
  ASSERT_NE(p95, nullptr);
  EXPECT_EQ(p95->method.rfind("history(n=10, moderated variance", 0), 0u) << p95->method;
  EXPECT_EQ(verdict->baseline->runs, 10);
}

TEST(CompareTest, HistoryModeFailsALargeRegressionAndExplainsIt) {
  Baseline baseline = history_baseline(10);
  Result<Verdict> verdict = evaluate(test::noisy_run(999, 1.5, 10, 300), &baseline, nullptr, {});
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->verdict, Status::fail);
  const Check* p95 = find_check(*verdict, CheckKind::regression, "login", "p95_ms");
  ASSERT_NE(p95, nullptr);
  EXPECT_EQ(p95->status, Status::fail);
  EXPECT_NEAR(*p95->relative_change, 0.5, 0.1);
  EXPECT_LT(*p95->p_value, 0.01);
  EXPECT_NE(p95->explanation.find("p95 of login +"), std::string::npos) << p95->explanation;
  EXPECT_NE(p95->explanation.find("a regression beyond the 10% tolerance"), std::string::npos)
      << p95->explanation;
  // Throughput in a closed-model run is compared too, once for the run (the total).
  EXPECT_NE(find_check(*verdict, CheckKind::regression, "", "rps"), nullptr);
}

TEST(CompareTest, ChangeWithinToleranceDoesNotFail) {
  Baseline baseline = history_baseline(10, 0.005);
  CompareOptions options;
  options.tolerances.default_tolerance = 0.5;
  Result<Verdict> verdict =
      evaluate(test::noisy_run(999, 1.3, 10, 300), &baseline, nullptr, options);
  const Check* p50 = find_check(*verdict, CheckKind::regression, "login", "p50_ms");
  EXPECT_EQ(p50->status, Status::pass);
  EXPECT_NE(p50->explanation.find("beyond 50% is ruled out"), std::string::npos)
      << p50->explanation;
}

TEST(CompareTest, OneRunBaselineJudgesAgainstARangeOfRunToRunNoise) {
  Baseline baseline = history_baseline(1);
  Result<Verdict> same = evaluate(test::noisy_run(999, 1.0, 10, 300), &baseline, nullptr, {});
  ASSERT_TRUE(same.ok());
  EXPECT_NE(same->verdict, Status::fail);
  const Check* p95 = find_check(*same, CheckKind::regression, "login", "p95_ms");
  EXPECT_NE(p95->method.find("one-run(blocks"), std::string::npos) << p95->method;
  ASSERT_TRUE(p95->interval.has_value());
  ASSERT_TRUE(p95->detectable_change.has_value());
  // +50 % could be two runs of the same code 15 % apart each: not shown, not ruled out.
  Result<Verdict> slower = evaluate(test::noisy_run(999, 1.5, 10, 300), &baseline, nullptr, {});
  const Check* p50 = find_check(*slower, CheckKind::regression, "login", "p50_ms");
  EXPECT_EQ(p50->status, Status::inconclusive) << p50->explanation;
  EXPECT_NE(p50->explanation.find("less than"), std::string::npos) << p50->explanation;
  // 3× is a regression under any plausible run-to-run noise; every endpoint slower by the same
  // factor is also what a slower runner looks like, and a note says so.
  Result<Verdict> tripled = evaluate(test::noisy_run(999, 3.0, 10, 300), &baseline, nullptr, {});
  EXPECT_EQ(tripled->verdict, Status::fail);
  EXPECT_EQ(find_check(*tripled, CheckKind::regression, "login", "p50_ms")->status, Status::fail);
  EXPECT_TRUE(has_note(*tripled, "every endpoint is slower"));
}

TEST(CompareTest, TooLittleDataIsInconclusiveWithAReason) {
  Baseline baseline = history_baseline(1);
  // 2 windows of 10 requests: one block of 20 requests for the p50, fewer than 3.
  results::RunResult tiny = test::noisy_run(999, 1.0, 2, 10);
  Result<Verdict> verdict = evaluate(tiny, &baseline, nullptr, {});
  const Check* p50 = find_check(*verdict, CheckKind::regression, "login", "p50_ms");
  EXPECT_EQ(p50->status, Status::inconclusive);
  EXPECT_NE(p50->explanation.find("too little data"), std::string::npos) << p50->explanation;
  // A p99 the run is too short to measure is left out, not reported as missing data.
  EXPECT_EQ(find_check(*verdict, CheckKind::regression, "login", "p99_ms"), nullptr);
}

TEST(CompareTest, ErrorRateRiseFailsAsOverDispersedRates) {
  Baseline baseline = history_baseline(1);
  results::RunResult run = test::noisy_run(999, 1.0, 10, 300);
  for (size_t w = 0; w < 10; ++w) test::add_requests(run, "login", w, 100'000, 20, 20);
  Result<Verdict> verdict = evaluate(run, &baseline, nullptr, {});
  const Check* errors = find_check(*verdict, CheckKind::regression, "login", "error_rate");
  ASSERT_NE(errors, nullptr);
  EXPECT_EQ(errors->status, Status::fail) << errors->explanation;
  EXPECT_EQ(errors->method.rfind("over-dispersed-rates(", 0), 0u) << errors->method;
}

TEST(CompareTest, OpenModelRunsDoNotCompareThroughput) {
  Baseline baseline = history_baseline(1);
  results::RunResult run = test::noisy_run(999, 1.0, 10, 300);
  run.meta.model = "open";
  Result<Verdict> verdict = evaluate(run, &baseline, nullptr, {});
  EXPECT_EQ(find_check(*verdict, CheckKind::regression, "login", "rps"), nullptr);
  EXPECT_EQ(find_check(*verdict, CheckKind::regression, "", "rps"), nullptr);
}

TEST(CompareTest, ChangePointFlagsAShiftInTheHistoryAsWarning) {
  std::optional<Baseline> baseline;
  for (int i = 0; i < 12; ++i) {
    double scale = i < 6 ? 1.0 : 1.25;  // an accepted +25 % six runs ago
    baseline = *update_baseline(std::move(baseline),
                                test::noisy_run(300 + static_cast<uint64_t>(i), scale, 10, 300));
  }
  Result<Verdict> verdict = evaluate(test::noisy_run(999, 1.25, 10, 300), &*baseline, nullptr, {});
  const Check* point = find_check(*verdict, CheckKind::change_point, "login", "p50_ms");
  ASSERT_NE(point, nullptr);
  EXPECT_EQ(point->status, Status::warn) << point->explanation;
  EXPECT_NEAR(*point->relative_change, 0.25, 0.05);
  // The accepted shift also widens the measured run-to-run noise: the verdict is at least warn.
  EXPECT_GE(verdict->verdict, Status::warn);
}

}  // namespace
}  // namespace perfgate::stats
