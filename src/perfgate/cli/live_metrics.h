// SPDX-License-Identifier: MIT
// `--out-metrics KIND=URL` for `run`, `gate` and `push`: parsing the specs (credentials from the
// environment) and streaming a run's windows to the sinks (perfgate::live).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "perfgate/engine/load_engine.h"
#include "perfgate/live/publisher.h"
#include "perfgate/results/run_result.h"

namespace perfgate::cli {

inline constexpr const char* k_out_metrics_help =
    "Metrics sink, repeatable: influxdb=http://HOST:8086/write?db=NAME (or /api/v2/write) or "
    "prometheus=http://HOST:9090/api/v1/write; credentials from PERFGATE_INFLUXDB_* / "
    "PERFGATE_PROMETHEUS_* (docs/live-metrics.md)";

// Throws Fatal (bad input) naming the spec that is wrong.
std::vector<live::SinkTarget> parse_out_metrics(const std::vector<std::string>& specs);

// A publisher wired into `options.on_window`, or null without specs.
std::unique_ptr<live::Publisher> start_live_metrics(const std::vector<std::string>& specs,
                                                    std::chrono::milliseconds flush_timeout,
                                                    engine::RunOptions& options);

// Flushes (bounded) and prints a warning per sink that dropped windows. Null does nothing.
void finish_live_metrics(live::Publisher* publisher, const results::RunResult& result);

}  // namespace perfgate::cli
