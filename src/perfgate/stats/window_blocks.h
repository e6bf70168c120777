// SPDX-License-Identifier: MIT
// Window-level samples of one run for the one-run method: adjacent windows merged into blocks
// big enough for the percentile at hand (a per-window p99 of 50 requests is just the maximum),
// and per-window throughput over the windows that lie wholly inside the run.
#pragma once

#include <cstdint>
#include <vector>

#include "perfgate/metrics/histogram.h"
#include "perfgate/metrics/run_metrics.h"

namespace perfgate::stats {

// Merges the first `usable` windows, in order, into blocks of at least `min_requests` requests;
// a short remainder joins the last block.
std::vector<metrics::CompactHistogram> latency_blocks(
    const std::vector<metrics::EndpointWindow>& windows, size_t usable, int64_t min_requests);

// The percentile of each block, in ms.
std::vector<double> block_percentiles_ms(const std::vector<metrics::CompactHistogram>& blocks,
                                         double percentile);

// Requests per second of each of the first `usable` windows.
std::vector<double> window_rates(const std::vector<metrics::EndpointWindow>& windows, size_t usable,
                                 double window_seconds);

// Requests needed per block for a percentile: `tail_samples` expected beyond it.
int64_t requests_per_block(double percentile, int tail_samples);

}  // namespace perfgate::stats
