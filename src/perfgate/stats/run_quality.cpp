// SPDX-License-Identifier: MIT
#include "perfgate/stats/run_quality.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace perfgate::stats {
namespace {

constexpr size_t k_min_windows = 5;

std::vector<double> whole_window_counts(const results::RunResult& run) {
  std::vector<metrics::EndpointWindow> windows = run.metrics.total_windows();
  auto length = run.metrics.window_length.count();
  size_t whole = windows.size();
  if (length > 0 && run.meta.duration.count() > 0) {
    whole = std::min(whole, static_cast<size_t>(run.meta.duration.count() / length));
  }
  std::vector<double> counts;
  for (size_t i = 0; i < whole; ++i) counts.push_back(static_cast<double>(windows[i].requests));
  return counts;
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

WindowSwings find_swings(const results::RunResult& run, const results::RunResult* reference) {
  WindowSwings swings;
  std::vector<double> ratios = whole_window_counts(run);
  swings.windows = ratios.size();
  if (ratios.empty()) return swings;
  if (reference != nullptr) {
    std::vector<double> planned = whole_window_counts(*reference);
    if (planned.size() == ratios.size() &&
        std::all_of(planned.begin(), planned.end(), [](double c) { return c > 0; })) {
      for (size_t i = 0; i < ratios.size(); ++i) ratios[i] /= planned[i];
    }
  }
  double median = median_of(ratios);
  if (median <= 0) return swings;
  for (size_t i = 0; i < ratios.size(); ++i) {
    bool rose = ratios[i] > median * 2;
    if (rose || ratios[i] < median / 2) swings.swung.push_back(i);
    if (rose) ++swings.rose;
  }
  return swings;
}

bool too_many_swings(size_t swung, size_t windows, double share) {
  return windows >= k_min_windows &&
         static_cast<double>(swung) > share * static_cast<double>(windows);
}

RunQuality assess_run(const results::RunResult& run, const results::RunResult* reference,
                      double share) {
  RunQuality quality;
  for (const std::string& warning : run.warnings) {
    if (warning.starts_with("generator saturated") || warning.starts_with("generator lagging")) {
      quality.disturbed = true;
      quality.generator_limited = true;
      quality.reason = warning.substr(0, warning.find(':'));
      return quality;
    }
  }
  WindowSwings swings = find_swings(run, reference);
  if (!too_many_swings(swings.swung.size(), swings.windows, share)) return quality;
  quality.disturbed = true;
  size_t off = swings.swung.size();
  quality.swung_windows = std::move(swings.swung);
  std::vector<double> counts = whole_window_counts(run);
  double window_s = std::chrono::duration<double>(run.metrics.window_length).count();
  auto [low, high] = std::minmax_element(counts.begin(), counts.end());
  quality.reason =
      fmt::format("throughput swung {:.4g}–{:.4g}/s: {} of {} windows off the median by 2× or more",
                  *low / window_s, *high / window_s, off, counts.size());
  return quality;
}

}  // namespace perfgate::stats
