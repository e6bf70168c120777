// SPDX-License-Identifier: MIT
// Joining runs that followed one another (an A/B run's blocks, a gate's confirmation runs): counts
// and durations add, and each block's cut-short last window shares the next block's first, so a
// joined run has no near-empty window between blocks that would read as a throughput collapse.
#include "perfgate/results/sequence.h"

#include <gtest/gtest.h>

#include <chrono>

#include "stats/run_builder.h"

namespace perfgate::results {
namespace {

// A block as perf-gate records one: `seconds` full 1 s windows of 100 requests, and the last few
// milliseconds of the measured duration in one more window holding `tail` requests.
RunResult block(int seconds, int64_t tail, std::chrono::milliseconds extra) {
  RunResult run = test::make_run("api", "baseline", std::chrono::seconds{seconds});
  run.meta.duration += extra;
  run.metrics.window_length = std::chrono::seconds{1};
  for (int w = 0; w < seconds; ++w)
    test::add_requests(run, "home", static_cast<size_t>(w), 1000, 100);
  if (tail > 0) test::add_requests(run, "home", static_cast<size_t>(seconds), 1000, tail);
  return run;
}

TEST(SequenceTest, ABlocksCutShortLastWindowSharesTheNextBlocksFirst) {
  std::vector<RunResult> blocks(4, block(2, 1, std::chrono::milliseconds{1}));
  RunResult joined = *join_in_sequence(blocks);
  const metrics::EndpointSeries& home = *joined.metrics.find("home");
  EXPECT_EQ(home.totals.requests, 4 * 201);
  EXPECT_EQ(joined.meta.duration, std::chrono::milliseconds{8004});
  // 2 windows per block; the first three blocks' 1-request tails went into the next block's
  // first window, the last block's stays as the joined run's own cut-short last window.
  ASSERT_EQ(home.windows.size(), 9u);
  EXPECT_EQ(home.windows[0].requests, 100);
  EXPECT_EQ(home.windows[2].requests, 101);
  EXPECT_EQ(home.windows[6].requests, 101);
  EXPECT_EQ(home.windows[8].requests, 1);
}

TEST(SequenceTest, ALastWindowHalfFullOrMoreKeepsItsOwnPlace) {
  std::vector<RunResult> blocks(2, block(2, 60, std::chrono::milliseconds{600}));
  RunResult joined = *join_in_sequence(blocks);
  const metrics::EndpointSeries& home = *joined.metrics.find("home");
  ASSERT_EQ(home.windows.size(), 6u);
  EXPECT_EQ(home.windows[2].requests, 60);
  EXPECT_EQ(home.windows[3].requests, 100);
}

TEST(SequenceTest, ALastWindowUnderHalfFullIsShared) {
  std::vector<RunResult> blocks(2, block(2, 40, std::chrono::milliseconds{400}));
  RunResult joined = *join_in_sequence(blocks);
  const metrics::EndpointSeries& home = *joined.metrics.find("home");
  ASSERT_EQ(home.windows.size(), 5u);
  EXPECT_EQ(home.windows[2].requests, 140);
  ASSERT_EQ(joined.joined.size(), 2u);
  EXPECT_EQ(joined.joined[1].first_window, 2u);
  EXPECT_EQ(joined.joined[1].whole_windows, 2u);
}

TEST(SequenceTest, OnlyABlocksLastWindowIsEverShared) {
  // An imported block may hold more windows than its duration covers: they keep their places.
  RunResult imported = block(3, 0, std::chrono::milliseconds{0});
  imported.meta.duration = std::chrono::milliseconds{1200};
  RunResult joined = *join_in_sequence({imported, block(2, 0, std::chrono::milliseconds{0})});
  const metrics::EndpointSeries& home = *joined.metrics.find("home");
  EXPECT_EQ(home.windows[1].requests, 100);
  EXPECT_EQ(home.windows[2].requests, 200);  // the imported block's last, with the next's first
}

TEST(SequenceTest, JoiningNothingOrUnlikeBlocksIsAnError) {
  EXPECT_FALSE(join_in_sequence({}).ok());
  RunResult other = block(2, 0, std::chrono::milliseconds{0});
  other.meta.profile = "spike";
  EXPECT_FALSE(join_in_sequence({block(2, 0, std::chrono::milliseconds{0}), other}).ok());
}

}  // namespace
}  // namespace perfgate::results
