// SPDX-License-Identifier: MIT
// Window-level samples of one run, for the within-run spread: adjacent windows merged into blocks
// big enough for the statistic at hand (a per-window p99 of 50 requests is just the maximum) and
// few enough that a 24 h soak costs what a short run does. Only windows that lie wholly inside
// the run are used (the last, partial one would look like a throughput drop).
#pragma once

#include <cstdint>
#include <vector>

#include "perfgate/metrics/histogram.h"
#include "perfgate/metrics/run_metrics.h"

namespace perfgate::stats {

// Merges the first `usable` windows, in order, into at most about `max_blocks` blocks of at
// least `min_requests` requests; a short remainder joins the last block.
std::vector<metrics::CompactHistogram> latency_blocks(
    const std::vector<metrics::EndpointWindow>& windows, size_t usable, int64_t min_requests,
    int max_blocks);

// The percentile of each block, in ms.
std::vector<double> block_percentiles_ms(const std::vector<metrics::CompactHistogram>& blocks,
                                         double percentile);

// The percentile of each latency block of the first `usable` windows, in ms: blocks of at least
// `tail_samples` expected requests beyond the percentile, at most about `max_blocks` of them.
std::vector<double> latency_block_percentiles_ms(
    const std::vector<metrics::EndpointWindow>& windows, size_t usable, double percentile,
    int tail_samples, int max_blocks);

// Requests per second of the first `usable` windows, in at most `max_blocks` equal groups of
// adjacent windows.
std::vector<double> block_rates(const std::vector<metrics::EndpointWindow>& windows, size_t usable,
                                double window_seconds, int max_blocks);

// Errors and requests of the first `usable` windows in at most `max_blocks` groups.
struct CountBlock {
  int64_t errors = 0;
  int64_t requests = 0;
};
std::vector<CountBlock> count_blocks(const std::vector<metrics::EndpointWindow>& windows,
                                     size_t usable, int max_blocks);

// Requests needed per block for a percentile: `tail_samples` expected beyond it.
int64_t requests_per_block(double percentile, int tail_samples);

}  // namespace perfgate::stats
