// SPDX-License-Identifier: MIT
// The interleaved A/B verdict on constructed rounds: what its family counts and how its notes
// are classed.
#include "perfgate/stats/interleaved.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <random>

#include "perfgate/results/sequence.h"
#include "stats/run_builder.h"

namespace perfgate::stats {
namespace {

// One block: `fast` about 0.3 ms and `slow` about 10 ms × slow_scale, two 1 s windows.
results::RunResult block(uint64_t seed, double slow_scale, int64_t slow_errors = 0) {
  results::RunResult run = test::make_run("api", "baseline", std::chrono::seconds{2});
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> jitter(0, 0.1);
  for (size_t w = 0; w < 2; ++w) {
    std::vector<int64_t> fast;
    std::vector<int64_t> slow;
    for (int i = 0; i < 200; ++i) {
      fast.push_back(static_cast<int64_t>(300 * std::exp(jitter(rng))));
      slow.push_back(static_cast<int64_t>(10'000 * slow_scale * std::exp(jitter(rng))));
    }
    test::add_window(run, "fast", w, fast);
    test::add_window(run, "slow", w, slow);
  }
  if (slow_errors > 0) test::add_requests(run, "slow", 0, 10'000, slow_errors, slow_errors);
  return run;
}

Verdict ab_verdict(double slow_scale, int64_t head_errors) {
  std::vector<AbRound> rounds;
  for (uint64_t r = 0; r < 6; ++r) {
    rounds.push_back({block(2 * r, 1.0), block(2 * r + 1, slow_scale, head_errors)});
  }
  std::vector<results::RunResult> bases;
  std::vector<results::RunResult> heads;
  for (const AbRound& round : rounds) {
    bases.push_back(round.base);
    heads.push_back(round.head);
  }
  return *evaluate_interleaved(rounds, *results::join_in_sequence(bases),
                               *results::join_in_sequence(heads), nullptr, {});
}

std::string note_starting(const Verdict& verdict, std::string_view prefix) {
  for (const std::string& note : verdict.notes) {
    if (note.starts_with(prefix)) return note;
  }
  return {};
}

// As in the baseline comparison, an error rate with no error on either side cannot show a
// regression and spends none of the fail budget: per endpoint p50 and p95, and throughput.
TEST(InterleavedTest, ErrorRatesWithoutAnyErrorLeaveTheFailFamily) {
  Verdict clean = ab_verdict(1.0, 0);
  EXPECT_TRUE(note_starting(clean, "regression checks: 5 in the fail family").size() > 0)
      << note_starting(clean, "regression checks:");
  Verdict errors = ab_verdict(1.0, 3);
  EXPECT_TRUE(note_starting(errors, "regression checks: 6 in the fail family").size() > 0)
      << note_starting(errors, "regression checks:");
}

TEST(InterleavedTest, ItsDescriptionIsAMethodNoteNotAWarning) {
  Verdict verdict = ab_verdict(1.3, 0);
  std::string note = note_starting(verdict, "interleaved A/B: ");
  ASSERT_FALSE(note.empty());
  EXPECT_TRUE(is_method_note(note));
  EXPECT_EQ(verdict.verdict, Status::fail);
}

}  // namespace
}  // namespace perfgate::stats
