// SPDX-License-Identifier: MIT
// The gate on recorded real runs (bench/corpus: nginx on loopback on a busy 2-core machine,
// recorded by bench/record_noise_corpus.py), where a constructed run would only repeat the
// model's assumptions: the runs in which the machine, not the service, was slow.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "perfgate/results/result_file.h"
#include "perfgate/stats/compare.h"
#include "support/test_paths.h"

namespace perfgate::stats {
namespace {

results::RunResult recorded(const std::string& name) {
  auto run = results::read_result_file((test::source_dir() / "bench/corpus" / name).string());
  if (!run) throw std::runtime_error(run.error().describe());
  return std::move(*run);
}

Baseline history_of(const std::string& group, const std::vector<int>& runs) {
  std::optional<Baseline> baseline;
  for (int i : runs) {
    baseline =
        *update_baseline(std::move(baseline), recorded(fmt::format("{}-{:02d}.json", group, i)));
  }
  return *baseline;
}

// hog-10s-00: a CPU hog took the machine for two of its ten seconds (throughput 460 and 540/s
// in those windows, about 1,200/s in the others): the run's throughput is a third lower and
// slow's p95 twice that of ten unchanged runs. Nothing in the service changed.
TEST(RecordedRunsTest, ARunWhoseMachineStalledForTwoSecondsIsNotARegression) {
  // An order bench_accuracy drew, in which this run failed on throughput and slow's p95.
  Baseline baseline = history_of("hog-10s", {4, 6, 7, 11, 10, 9, 8, 5, 3, 2});
  Verdict verdict = *evaluate(recorded("hog-10s-00.json"), &baseline, nullptr, {});
  EXPECT_NE(verdict.verdict, Status::fail);
  for (const Check& check : verdict.checks) {
    EXPECT_NE(check.status, Status::fail) << check.explanation;
  }
}

// Ten runs of history, the stalled one among them, judge a quiet run of the same service.
TEST(RecordedRunsTest, AQuietRunOfTheSameServicePasses) {
  Baseline baseline = history_of("hog-10s", {4, 6, 7, 0, 10, 9, 8, 5, 3, 2});
  Verdict verdict = *evaluate(recorded("hog-10s-11.json"), &baseline, nullptr, {});
  for (const Check& check : verdict.checks) {
    EXPECT_NE(check.status, Status::fail) << check.explanation;
  }
}

}  // namespace
}  // namespace perfgate::stats
