// SPDX-License-Identifier: MIT
// The gate's baseline store: fetching the baseline from the data branch before the run, folding
// the run into it afterwards (concurrent gates lose no run, a retried write adds no duplicate),
// and the file store for those who commit the file.
#include "perfgate/pipeline/baseline_store.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "perfgate/stats/baseline_file.h"
#include "perfgate/util/file.h"
#include "support/fake_github_server.h"
#include "support/test_paths.h"

namespace perfgate::pipeline {
namespace {

using test::FakeGitHubServer;

constexpr const char* k_path = "baselines/api-baseline.json";

// One endpoint, `requests` requests of 1 ms, started `start_s` seconds after the epoch.
results::RunResult run_at(int start_s, int64_t requests = 100) {
  results::RunResult run;
  run.meta.scenario = "api";
  run.meta.profile = "baseline";
  run.meta.model = "closed";
  run.meta.git_sha = std::string(40, 'c');
  run.meta.start_time = std::chrono::system_clock::time_point(std::chrono::seconds(start_s));
  run.meta.duration = std::chrono::seconds(10);
  auto& series = run.metrics.get_or_add("home");
  series.totals.requests = requests;
  series.totals.status_counts[200] = requests;
  series.totals.latency.record(1000, requests);
  return run;
}

class BaselineStoreTest : public ::testing::Test {
 protected:
  BaselineStoreTest() : m_http(net::make_curl_http_client()) {}

  void TearDown() override {
    for (const std::string& violation : m_server.violations()) ADD_FAILURE() << violation;
  }

  GateRun gate(int start_s) const {
    GateRun run;
    run.config.baseline = k_path;
    run.config.baseline_store = github::BaselineStore::branch;
    run.config.baseline_branch = "perf-gate-data";
    run.config.update_baseline = true;
    run.config.token = m_server.config().token;
    run.runner.api_url = m_server.api_url();
    run.runner.owner = "Codertocat";
    run.runner.repo = "Hello-World";
    run.runner.sha = std::string(40, 'b');
    run.current = run_at(start_s);
    return run;
  }

  stats::Baseline stored() const {
    auto text = m_server.file("perf-gate-data", k_path);
    EXPECT_TRUE(text.has_value());
    return stats::parse_baseline(text.value_or(""), "branch").value();
  }

  FakeGitHubServer m_server;
  std::unique_ptr<net::HttpClient> m_http;
};

TEST_F(BaselineStoreTest, FoldingStartsABaselineThenAddsEachRun) {
  auto first = fold_run(std::nullopt, run_at(1000), "b.json");
  ASSERT_TRUE(first.ok()) << first.error().describe();
  auto second = fold_run(*first, run_at(2000), "b.json");
  ASSERT_TRUE(second.ok()) << second.error().describe();
  auto baseline = stats::parse_baseline(*second, "b.json");
  ASSERT_TRUE(baseline.ok());
  EXPECT_EQ(baseline->history.size(), 2u);
}

TEST_F(BaselineStoreTest, ARunAlreadyInTheHistoryIsNotFoldedTwice) {
  // A write whose response was lost, retried: the run is there; folding it again changes nothing.
  auto once = fold_run(std::nullopt, run_at(1000), "b.json");
  ASSERT_TRUE(once.ok());
  auto twice = fold_run(*once, run_at(1000), "b.json");
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(*twice, *once);
}

TEST_F(BaselineStoreTest, ABrokenStoredBaselineIsAnErrorNotOverwritten) {
  auto folded = fold_run(std::string("{\"schema\": \"something else\"}"), run_at(1), "b.json");
  EXPECT_FALSE(folded.ok());
}

TEST_F(BaselineStoreTest, PushStoresTheRunOnTheBranchAndTheNextGateReadsIt) {
  GateRun push = gate(1000);
  ASSERT_TRUE(update_stored_baseline(push, *m_http).ok());
  EXPECT_TRUE(m_server.has_branch("perf-gate-data"));
  EXPECT_EQ(stored().history.size(), 1u);

  GateRun pr = gate(2000);
  pr.config.update_baseline = false;
  EvaluationSettings settings;
  fetch_baseline(pr, *m_http, settings);
  ASSERT_TRUE(settings.fetched_baseline.has_value());
  ASSERT_TRUE(settings.fetched_baseline->text.has_value());
  EXPECT_EQ(settings.fetched_baseline->source, "perf-gate-data:baselines/api-baseline.json");
  auto evaluation = prepare_evaluation(settings);
  ASSERT_TRUE(evaluation.ok()) << evaluation.error().describe();
  ASSERT_TRUE(evaluation->baseline.has_value());
  EXPECT_EQ(evaluation->baseline->history.size(), 1u);
  ASSERT_TRUE(update_stored_baseline(pr, *m_http).ok());  // update-baseline false: nothing
  EXPECT_EQ(stored().history.size(), 1u);
}

TEST_F(BaselineStoreTest, EachRunOfAConfirmedGateIsARunOfHistory) {
  // confirm-runs joined two runs into run.current; the history keeps them apart, so that its
  // spread still measures the noise of one run.
  GateRun confirmed = gate(1000);
  confirmed.measured_runs = {run_at(1000), run_at(1100)};
  ASSERT_TRUE(update_stored_baseline(confirmed, *m_http).ok());
  stats::Baseline baseline = stored();
  ASSERT_EQ(baseline.history.size(), 2u);
  EXPECT_EQ(baseline.history[0].total.requests, 100);
  EXPECT_EQ(baseline.history[1].total.requests, 100);
}

TEST_F(BaselineStoreTest, NothingStoredYetIsTheFirstRun) {
  EvaluationSettings settings;
  fetch_baseline(gate(1), *m_http, settings);
  ASSERT_TRUE(settings.fetched_baseline.has_value());
  EXPECT_FALSE(settings.fetched_baseline->text.has_value());
  auto evaluation = prepare_evaluation(settings);
  ASSERT_TRUE(evaluation.ok());
  EXPECT_FALSE(evaluation->baseline.has_value());
}

TEST_F(BaselineStoreTest, ConcurrentGatesEachLandTheirRun) {
  constexpr int k_gates = 4;
  std::vector<std::thread> jobs;
  std::vector<std::unique_ptr<net::HttpClient>> clients;
  for (int i = 0; i < k_gates; ++i) clients.push_back(net::make_curl_http_client());
  for (int i = 0; i < k_gates; ++i) {
    jobs.emplace_back([&, i] {
      Status stored_run =
          update_stored_baseline(gate(1000 * (i + 1)), *clients[static_cast<size_t>(i)]);
      EXPECT_TRUE(stored_run.ok()) << stored_run.error().describe();
    });
  }
  for (std::thread& job : jobs) job.join();
  stats::Baseline baseline = stored();
  ASSERT_EQ(baseline.history.size(), static_cast<size_t>(k_gates));
  std::set<std::string> times;
  for (const stats::RunSummary& run : baseline.history) times.insert(run.time);
  EXPECT_EQ(times.size(), static_cast<size_t>(k_gates));
}

TEST_F(BaselineStoreTest, AnInterruptedRunIsNotFoldedIn) {
  GateRun run = gate(1);
  run.stopped_by_signal = true;
  ASSERT_TRUE(update_stored_baseline(run, *m_http).ok());
  EXPECT_FALSE(m_server.has_branch("perf-gate-data"));
}

TEST_F(BaselineStoreTest, TheFileStoreFoldsTheRunIntoTheWorkspaceFile) {
  test::TempDir dir;
  GateRun run = gate(1000);
  run.config.baseline_store = github::BaselineStore::file;
  run.config.baseline = dir.file("baseline.json");
  ASSERT_TRUE(update_stored_baseline(run, *m_http).ok());
  run.current = run_at(2000);
  ASSERT_TRUE(update_stored_baseline(run, *m_http).ok());
  auto baseline = stats::read_baseline_file(dir.file("baseline.json"));
  ASSERT_TRUE(baseline.ok()) << baseline.error().describe();
  EXPECT_EQ(baseline->history.size(), 2u);
  EXPECT_TRUE(m_server.requests().empty()) << "the file store needs no API";
}

}  // namespace
}  // namespace perfgate::pipeline
