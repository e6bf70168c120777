// SPDX-License-Identifier: MIT
#include "perfgate/live/backfill.h"

#include <gtest/gtest.h>

#include "perfgate/live/window_points.h"

namespace perfgate::live {
namespace {

using std::chrono::milliseconds;

const Field* field(const Point& point, const std::string& name) {
  for (const Field& f : point.fields)
    if (f.name == name) return &f;
  return nullptr;
}

std::string tag(const Point& point, const std::string& key) {
  for (const auto& [k, v] : point.tags)
    if (k == key) return v;
  return "";
}

results::RunResult two_window_run() {
  results::RunResult run;
  run.meta.scenario = "api";
  run.meta.profile = "baseline";
  run.meta.start_time = std::chrono::system_clock::time_point{milliseconds{1'000'000}};
  run.meta.duration = std::chrono::seconds(2);
  metrics::EndpointSeries& home = run.metrics.get_or_add("home");
  metrics::Histogram latency;
  latency.record(1500);
  home.windows.resize(2);
  home.windows[0].requests = 1;
  home.windows[0].latency = metrics::CompactHistogram::from(latency);
  run.metrics.load.resize(2);
  run.metrics.load[1].active_vus_max = 3;
  return run;
}

TEST(BackfillTest, OneEntryPerWindowAtItsOriginalTimeAndTheAnnotations) {
  Backfill backfill = run_points(two_window_run());
  ASSERT_EQ(backfill.windows.size(), 2u);
  EXPECT_EQ(backfill.windows[0][0].time, milliseconds{1'000'000});
  EXPECT_EQ(backfill.windows[1][0].time, milliseconds{1'001'000});
  ASSERT_EQ(backfill.extra.size(), 2u);
  EXPECT_EQ(backfill.extra[0].measurement, k_event_measurement);
  EXPECT_EQ(tag(backfill.extra[0], "event"), "start");
  EXPECT_EQ(backfill.extra[0].time, milliseconds{1'000'000});
  EXPECT_EQ(tag(backfill.extra[1], "event"), "end");
  EXPECT_EQ(backfill.extra[1].time, milliseconds{1'002'000});
}

TEST(BackfillTest, WindowsCarryCountsPercentilesAndLoadButNoStatusDetail) {
  auto windows = run_points(two_window_run()).windows;
  const Point& home = windows[0][0];
  EXPECT_EQ(tag(home, "endpoint"), "home");
  EXPECT_EQ(field(home, "requests")->value, 1);
  EXPECT_NE(field(home, "latency_p99_ms"), nullptr);
  EXPECT_EQ(field(home, "errors_timeout"), nullptr);
  const Point& total = windows[1][1];
  EXPECT_EQ(tag(total, "endpoint"), "");
  EXPECT_EQ(field(total, "active_vus")->value, 3);
}

TEST(BackfillTest, TheHistoryGivesOnePointPerRunAndEndpointAtTheRunsStart) {
  stats::Baseline baseline;
  stats::RunSummary run;
  run.scenario = "api";
  run.profile = "baseline";
  run.time = "2026-11-22T04:43:00Z";
  run.total.requests = 100;
  run.total.p95_ms = 12.5;
  stats::EndpointRunSummary home;
  home.name = "home";
  home.requests = 100;
  run.endpoints.push_back(home);
  baseline.history = {run, run};
  baseline.history[1].time = "not a time";  // skipped
  auto points = history_points(baseline);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].measurement, "perf_gate_run");
  EXPECT_EQ(tag(points[0], "endpoint"), "home");
  EXPECT_EQ(tag(points[1], "endpoint"), "");
  EXPECT_EQ(field(points[1], "latency_p95_ms")->value, 12.5);
  EXPECT_EQ(tag(points[1], "run_id"), "2026-11-22T04:43:00.000Z");
}

}  // namespace
}  // namespace perfgate::live
