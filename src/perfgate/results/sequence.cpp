// SPDX-License-Identifier: MIT
#include "perfgate/results/sequence.h"

#include <fmt/format.h>

#include <algorithm>

namespace perfgate::results {
namespace {

size_t held_windows(const RunResult& block) {
  return static_cast<size_t>(std::max<int64_t>(block.metrics.window_count(), 0));
}

// Windows the joined run advances by for a block: its duration in windows, to the nearest whole
// one, or what it holds when it has no duration. A run's last window is cut short (a 6.01 s run's
// seventh window holds its last 10 ms): standing on its own between two blocks it would read as a
// second in which throughput collapsed, one per block, so when it is under half full it shares
// its window with the next block's first. Never fewer than all but the block's last window: only
// that one may be shared (an imported block may hold more windows than its duration).
size_t windows_advanced(const RunResult& block) {
  size_t held = held_windows(block);
  auto length = block.metrics.window_length.count();
  if (length <= 0 || block.meta.duration.count() <= 0) return held;
  auto nearest = static_cast<size_t>((block.meta.duration.count() + length / 2) / length);
  return std::max<size_t>({nearest, held > 0 ? held - 1 : 0, 1});
}

void append(RunResult& joined, const RunResult& block, size_t offset) {
  for (const metrics::EndpointSeries& series : block.metrics.endpoints) {
    metrics::EndpointSeries& ours = joined.metrics.get_or_add(series.name);
    ours.totals.merge(series.totals);
    if (ours.windows.size() < offset + series.windows.size()) {
      ours.windows.resize(offset + series.windows.size());
    }
    for (size_t i = 0; i < series.windows.size(); ++i)
      ours.windows[offset + i].merge(series.windows[i]);
  }
  if (joined.metrics.load.size() < offset + block.metrics.load.size()) {
    joined.metrics.load.resize(offset + block.metrics.load.size());
  }
  for (size_t i = 0; i < block.metrics.load.size(); ++i) {
    joined.metrics.load[offset + i].merge(block.metrics.load[i]);
  }
  joined.metrics.iterations += block.metrics.iterations;
  joined.metrics.dropped_iterations += block.metrics.dropped_iterations;
  joined.meta.duration += block.meta.duration;
  joined.meta.interrupted = joined.meta.interrupted || block.meta.interrupted;
  if (joined.meta.interrupt_reason.empty())
    joined.meta.interrupt_reason = block.meta.interrupt_reason;
  for (const std::string& warning : block.warnings) {
    if (std::find(joined.warnings.begin(), joined.warnings.end(), warning) ==
        joined.warnings.end()) {
      joined.warnings.push_back(warning);
    }
  }
}

}  // namespace

Result<RunResult> join_in_sequence(const std::vector<RunResult>& blocks) {
  if (blocks.empty()) return Error::bad_input("join: no blocks");
  RunResult joined;
  joined.meta = blocks.front().meta;
  joined.meta.duration = {};
  joined.meta.interrupted = false;
  joined.meta.interrupt_reason.clear();
  joined.metrics.window_length = blocks.front().metrics.window_length;
  size_t offset = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const RunResult& block = blocks[i];
    if (block.meta.scenario != joined.meta.scenario || block.meta.profile != joined.meta.profile ||
        block.metrics.window_length != joined.metrics.window_length) {
      return Error::bad_input(
          fmt::format("join: block {} is of another scenario, profile or window length", i + 1));
    }
    append(joined, block, offset);
    joined.joined.push_back(JoinedRun{offset, whole_windows(block, held_windows(block))});
    offset += windows_advanced(block);
  }
  return joined;
}

}  // namespace perfgate::results
