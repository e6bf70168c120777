// SPDX-License-Identifier: MIT
#include "perfgate/stats/baseline.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "perfgate/metrics/histogram.h"
#include "perfgate/stats/baseline_file.h"
#include "stats/run_builder.h"
#include "support/test_paths.h"

namespace perfgate::stats {
namespace {

TEST(BaselineTest, SummaryHoldsTotalsEndpointsAndWindowSpread) {
  results::RunResult run = test::noisy_run(1, 1.0, 10, 100);
  RunSummary summary = summarize_run(run);
  EXPECT_EQ(summary.endpoints.size(), 2u);
  EXPECT_EQ(summary.total.requests, 2000);
  EXPECT_NEAR(summary.total.rps, 200, 1e-9);
  EXPECT_NEAR(summary.endpoints[0].p50_ms, 100, 5);
  EXPECT_EQ(summary.endpoints[0].window_p95_ms.windows, 10);
  EXPECT_NEAR(summary.endpoints[0].window_rps.median, 100, 1e-9);
  EXPECT_DOUBLE_EQ(summary.endpoints[0].window_rps.mad, 0);
  EXPECT_EQ(summary.git_sha, "0123456789abcdef");
}

TEST(BaselineTest, UpdateStartsAndKeepsTheNewestRuns) {
  Result<Baseline> baseline = update_baseline(std::nullopt, test::noisy_run(1, 1.0, 5, 50), 3);
  ASSERT_TRUE(baseline.ok());
  for (int i = 0; i < 4; ++i) {
    results::RunResult run = test::noisy_run(10 + static_cast<uint64_t>(i), 1.0, 5, 50);
    run.meta.git_sha = "sha" + std::to_string(i);
    baseline = update_baseline(std::move(*baseline), run, 3);
    ASSERT_TRUE(baseline.ok());
  }
  ASSERT_EQ(baseline->history.size(), 3u);
  EXPECT_EQ(baseline->history.front().git_sha, "sha1");
  EXPECT_EQ(baseline->history.back().git_sha, "sha3");
  EXPECT_EQ(baseline->latest.meta.git_sha, "sha3");
}

TEST(BaselineTest, UpdateRejectsAnotherProfile) {
  Result<Baseline> baseline = update_baseline(std::nullopt, test::noisy_run(1, 1.0, 5, 50));
  results::RunResult stress = test::noisy_run(2, 1.0, 5, 50);
  stress.meta.profile = "stress";
  Result<Baseline> updated = update_baseline(std::move(*baseline), stress);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().field, "profile");
  EXPECT_NE(updated.error().message.find("one baseline per scenario and profile"),
            std::string::npos);
}

TEST(BaselineTest, UpdateRejectsKeepBelowOne) {
  EXPECT_FALSE(update_baseline(std::nullopt, test::noisy_run(1, 1.0, 5, 50), 0).ok());
}

TEST(BaselineFileTest, RoundTripsThroughAFile) {
  Result<Baseline> baseline = update_baseline(std::nullopt, test::noisy_run(1, 1.0, 5, 50));
  baseline = update_baseline(std::move(*baseline), test::noisy_run(2, 1.1, 5, 50));
  test::TempDir dir;
  ASSERT_TRUE(write_baseline_file(dir.file("b.json"), *baseline).ok());
  Result<Baseline> read = read_baseline_file(dir.file("b.json"));
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(baseline_to_json(*read), baseline_to_json(*baseline));
  EXPECT_EQ(read->history.size(), 2u);
  EXPECT_EQ(read->latest.metrics.endpoints.size(), 2u);
  EXPECT_EQ(read->latest.metrics.endpoints[0].windows.size(), 5u);
  EXPECT_EQ(read->history[1].swings.windows, 5);
  EXPECT_EQ(read->history[1].swings.swung, 0);
}

// Baselines written before the throughput swings were recorded read as "not recorded": their
// runs are never set aside as disturbed.
TEST(BaselineFileTest, ReadsAHistoryWrittenBeforeSwingsWereRecorded) {
  Result<Baseline> baseline = update_baseline(std::nullopt, test::noisy_run(1, 1.0, 5, 50));
  nlohmann::json old = nlohmann::json::parse(baseline_to_json(*baseline));
  ASSERT_TRUE(old["history"][0].contains("throughput_swings"));
  old["history"][0].erase("throughput_swings");
  Result<Baseline> read = parse_baseline(old.dump(), "b.json");
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(read->history[0].swings.windows, 0);
}

TEST(BaselineFileTest, MoreSwungWindowsThanWindowsNamesTheField) {
  Result<Baseline> baseline = update_baseline(std::nullopt, test::noisy_run(1, 1.0, 5, 50));
  nlohmann::json bad = nlohmann::json::parse(baseline_to_json(*baseline));
  bad["history"][0]["throughput_swings"]["swung"] = 9;
  Result<Baseline> read = parse_baseline(bad.dump(), "b.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().field, "history[0].throughput_swings.swung") << read.error().describe();
  EXPECT_NE(read.error().message.find("expected 0 to 5 windows, found 9"), std::string::npos)
      << read.error().describe();
  bad["history"][0]["throughput_swings"]["swung"] = "2";
  read = parse_baseline(bad.dump(), "b.json");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().message.find("expected a whole number of windows, found \"2\""),
            std::string::npos)
      << read.error().describe();
}

TEST(BaselineTest, SummaryCountsTheSecondsWhoseThroughputSwung) {
  results::RunResult run = test::noisy_run(1, 1.0, 10, 100);
  for (auto& series : run.metrics.endpoints) series.windows[3].requests /= 4;  // a stalled second
  RunSummary summary = summarize_run(run);
  EXPECT_EQ(summary.swings.windows, 10);
  EXPECT_EQ(summary.swings.swung, 1);
}

// Two seconds in which a hog took the machine: a tenth of the requests, each a second long.
results::RunResult run_with_two_hogged_seconds() {
  results::RunResult run = test::noisy_run(1, 1.0, 10, 100);
  for (auto& series : run.metrics.endpoints) {
    for (size_t w : {3, 7}) {
      metrics::Histogram slow;
      for (int i = 0; i < 10; ++i) slow.record(1'000'000);
      series.windows[w].requests = 10;
      series.windows[w].latency = metrics::CompactHistogram::from(slow);
    }
  }
  return run;
}

TEST(BaselineTest, SummaryKeepsTheSteadyWindowsOfARunWhoseThroughputFell) {
  RunSummary summary = summarize_run(run_with_two_hogged_seconds());
  EXPECT_EQ(summary.swings.swung, 2);
  ASSERT_TRUE(summary.steady.has_value());
  EXPECT_EQ(summary.steady->windows, 8);
  ASSERT_EQ(summary.steady->endpoints.size(), 2u);
  EXPECT_EQ(summary.steady->endpoints[0].name, "login");
  EXPECT_EQ(summary.steady->endpoints[0].requests, 800);
  EXPECT_NEAR(summary.steady->endpoints[0].rps, 100, 1e-9);
  EXPECT_EQ(summary.steady->total.requests, 1600);
  EXPECT_NEAR(summary.steady->total.p99_ms, 200, 100);  // the hogged seconds' 1 s left out
  EXPECT_EQ(summary.steady->endpoints[0].window_rps.windows, 8);
  // An imported run lists an endpoint's windows up to its last request: a window it lacks is an
  // empty one, not one fewer second.
  results::RunResult imported = run_with_two_hogged_seconds();
  imported.metrics.endpoints[1].windows.resize(9);
  RunSummary short_series = summarize_run(imported);
  ASSERT_TRUE(short_series.steady.has_value());
  EXPECT_EQ(short_series.steady->endpoints[1].requests, 700);
  EXPECT_NEAR(short_series.steady->endpoints[1].rps, 700.0 / 8, 1e-9);
}

TEST(BaselineTest, NoSteadyWindowsWhenThroughputRoseOrFellInOverAThirdOfTheRun) {
  results::RunResult rose = test::noisy_run(1, 1.0, 10, 100);
  for (auto& series : rose.metrics.endpoints) series.windows[3].requests *= 4;
  EXPECT_EQ(summarize_run(rose).swings.swung, 1);
  EXPECT_FALSE(summarize_run(rose).steady.has_value());  // mostly slow: its normal second rose
  results::RunResult fell = test::noisy_run(1, 1.0, 10, 100);
  for (auto& series : fell.metrics.endpoints) {
    for (size_t w : {1, 3, 5, 7}) series.windows[w].requests /= 4;
  }
  EXPECT_EQ(summarize_run(fell).swings.swung, 4);
  EXPECT_FALSE(summarize_run(fell).steady.has_value());  // more than a third: no steady part
  results::RunResult third = test::noisy_run(1, 1.0, 9, 100);
  for (auto& series : third.metrics.endpoints) {
    for (size_t w : {1, 4, 7}) series.windows[w].requests /= 4;
  }
  ASSERT_TRUE(summarize_run(third).steady.has_value());  // exactly a third: still kept
  EXPECT_EQ(summarize_run(third).steady->windows, 6);
  EXPECT_FALSE(summarize_run(test::noisy_run(1, 1.0, 10, 100)).steady.has_value());
}

TEST(BaselineFileTest, SteadyWindowsRoundTripAndOlderFilesReadWithout) {
  Result<Baseline> baseline = update_baseline(std::nullopt, run_with_two_hogged_seconds());
  Result<Baseline> read = parse_baseline(baseline_to_json(*baseline), "b.json");
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(baseline_to_json(*read), baseline_to_json(*baseline));
  ASSERT_TRUE(read->history[0].steady.has_value());
  EXPECT_EQ(read->history[0].steady->total.requests, 1600);
  nlohmann::json old = nlohmann::json::parse(baseline_to_json(*baseline));
  old["history"][0].erase("steady_windows");
  read = parse_baseline(old.dump(), "b.json");
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_FALSE(read->history[0].steady.has_value());
}

// The p50 of a run's quickest quarter of blocks needs 8 blocks (8 windows); older baselines
// read without it, and a bad one names its field.
TEST(BaselineFileTest, QuickestQuarterRoundTripsAndOlderFilesReadWithout) {
  Result<Baseline> baseline = update_baseline(std::nullopt, test::noisy_run(1, 1.0, 10, 100));
  const EndpointRunSummary& endpoint = baseline->history[0].endpoints[0];
  EXPECT_GT(endpoint.quick_p50_ms, 0);
  EXPECT_LE(endpoint.quick_p50_ms, endpoint.p50_ms * 1.05);
  EXPECT_EQ(summarize_run(test::noisy_run(1, 1.0, 5, 100)).endpoints[0].quick_p50_ms, 0);
  Result<Baseline> read = parse_baseline(baseline_to_json(*baseline), "b.json");
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(read->history[0].endpoints[0].quick_p50_ms, endpoint.quick_p50_ms);
  nlohmann::json old = nlohmann::json::parse(baseline_to_json(*baseline));
  old["history"][0]["endpoints"][0].erase("quick_p50_ms");
  read = parse_baseline(old.dump(), "b.json");
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(read->history[0].endpoints[0].quick_p50_ms, 0);
  nlohmann::json bad = nlohmann::json::parse(baseline_to_json(*baseline));
  bad["history"][0]["endpoints"][0]["quick_p50_ms"] = -2;
  read = parse_baseline(bad.dump(), "b.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().field, "history[0].endpoints[0].quick_p50_ms") << read.error().describe();
}

TEST(BaselineFileTest, BadSteadyWindowsNameTheField) {
  Result<Baseline> baseline = update_baseline(std::nullopt, run_with_two_hogged_seconds());
  nlohmann::json good = nlohmann::json::parse(baseline_to_json(*baseline));
  nlohmann::json bad = good;
  bad["history"][0]["steady_windows"]["windows"] = 11;
  Result<Baseline> read = parse_baseline(bad.dump(), "b.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().field, "history[0].steady_windows.windows") << read.error().describe();
  EXPECT_NE(read.error().message.find("expected 1 to 10 windows (the run's), found 11"),
            std::string::npos)
      << read.error().describe();
  bad = good;
  bad["history"][0]["steady_windows"]["endpoints"][1]["name"] = "checkout";
  read = parse_baseline(bad.dump(), "b.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().field, "history[0].steady_windows.endpoints[1].name")
      << read.error().describe();
  bad = good;
  bad["history"][0].erase("throughput_swings");
  read = parse_baseline(bad.dump(), "b.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().field, "history[0].steady_windows") << read.error().describe();
  EXPECT_NE(read.error().message.find("need the run's throughput_swings"), std::string::npos)
      << read.error().describe();
  bad = good;
  bad["history"][0]["steady_windows"]["total"]["p95_ms"] = -1;
  read = parse_baseline(bad.dump(), "b.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().field, "history[0].steady_windows.total.p95_ms")
      << read.error().describe();
}

TEST(BaselineFileTest, RejectsAnotherVersionClearly) {
  Result<Baseline> read = parse_baseline(R"({"schema": "perf-gate/baseline/v2"})", "b.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().field, "schema");
  EXPECT_NE(read.error().message.find("another perf-gate version"), std::string::npos);
  Result<Baseline> other = parse_baseline(R"({"schema": "perf-gate/results/v1"})", "b.json");
  EXPECT_NE(other.error().message.find("not a perf-gate baseline"), std::string::npos);
}

TEST(BaselineFileTest, MissingFieldNamesThePath) {
  Result<Baseline> baseline = update_baseline(std::nullopt, test::noisy_run(1, 1.0, 3, 30));
  std::string text = baseline_to_json(*baseline);
  size_t at = text.find("\"p95_ms\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 8, "\"p96_ms\"");
  Result<Baseline> read = parse_baseline(text, "b.json");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().field.find("p95_ms"), std::string::npos) << read.error().describe();
}

}  // namespace
}  // namespace perfgate::stats
