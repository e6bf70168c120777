// SPDX-License-Identifier: MIT
// What is sent for one window: a point per endpoint (tag "endpoint" = the step name) and one for
// the whole run (no "endpoint"; it also carries the load: VUs, iterations, stage), each tagged
// with the run's scenario, profile, run id and shard and stamped with the window's start. The
// field names are documented in docs/live-metrics.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "perfgate/live/point.h"
#include "perfgate/metrics/endpoint_metrics.h"
#include "perfgate/metrics/run_metrics.h"
#include "perfgate/results/run_result.h"

namespace perfgate::live {

using Tags = std::vector<std::pair<std::string, std::string>>;

// The run's id: its start time as RFC 3339 with milliseconds (what the results file keeps), so
// that a live run and `perf-gate push` of its results file write the same series.
std::string run_id(const results::RunMetadata& meta);
// scenario, profile, run_id, shard (sorted by key; empty values left out).
Tags run_tags(const results::RunMetadata& meta);
// When window `index` starts: the start time (in whole ms) + warm-up + index seconds.
std::chrono::milliseconds window_time(const results::RunMetadata& meta, int64_t index);

// How much a window knows: the engine's windows have everything; a results file keeps only
// requests, errors and the latency histogram per window.
enum class Detail { full, summary };

struct WindowInput {
  std::chrono::milliseconds time{0};
  std::span<const std::string> names;                   // endpoint names
  std::span<const metrics::EndpointMetrics> endpoints;  // same order
  metrics::LoadWindow load;
  std::optional<int> stage;  // the profile's stage, when known
  Detail detail = Detail::full;
};

// One point per endpoint, then the total. Latency fields only where there were requests.
std::vector<Point> window_points(const Tags& tags, const WindowInput& window);

// A run annotation ("start", "stage", "end") in the measurement perf_gate_events.
Point event_point(const Tags& tags, std::chrono::milliseconds time, const std::string& event,
                  std::string text);

}  // namespace perfgate::live
