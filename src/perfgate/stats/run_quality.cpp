// SPDX-License-Identifier: MIT
#include "perfgate/stats/run_quality.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string>
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

// The swings of consecutive windows' counts, relative window by window to `planned` when it has
// as many (and none empty).
WindowSwings swings_of(std::vector<double> ratios, const std::vector<double>& planned) {
  WindowSwings swings;
  swings.windows = ratios.size();
  if (ratios.empty()) return swings;
  if (planned.size() == ratios.size() &&
      std::all_of(planned.begin(), planned.end(), [](double c) { return c > 0; })) {
    for (size_t i = 0; i < ratios.size(); ++i) ratios[i] /= planned[i];
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

}  // namespace

WindowSwings find_swings(const results::RunResult& run, const results::RunResult* reference) {
  return swings_of(whole_window_counts(run),
                   reference != nullptr ? whole_window_counts(*reference) : std::vector<double>{});
}

bool too_many_swings(size_t swung, size_t windows, double share) {
  return windows >= k_min_windows &&
         static_cast<double>(swung) > share * static_cast<double>(windows);
}

RunQuality assess_run(const results::RunResult& run, const results::RunResult* reference,
                      double share, int parts) {
  RunQuality quality;
  for (const std::string& warning : run.warnings) {
    if (warning.starts_with("generator saturated") || warning.starts_with("generator lagging")) {
      quality.disturbed = true;
      quality.generator_limited = true;
      quality.reason = warning.substr(0, warning.find(':'));
      return quality;
    }
  }
  std::vector<double> counts = whole_window_counts(run);
  std::vector<double> planned =
      reference != nullptr ? whole_window_counts(*reference) : std::vector<double>{};
  // Runs joined in sequence (a gate's confirmation runs) are judged one by one, each against the
  // reference: a swing in one must not be diluted by the others' steady seconds.
  auto count = static_cast<size_t>(std::max(parts, 1));
  size_t per_part = counts.size() % count == 0 ? counts.size() / count : counts.size();
  std::vector<size_t> swung;
  for (size_t first = 0; per_part > 0 && first < counts.size(); first += per_part) {
    auto begin = counts.begin() + static_cast<std::ptrdiff_t>(first);
    WindowSwings part = swings_of(
        std::vector<double>(begin, begin + static_cast<std::ptrdiff_t>(per_part)), planned);
    quality.disturbed =
        quality.disturbed || too_many_swings(part.swung.size(), part.windows, share);
    for (size_t i : part.swung) swung.push_back(first + i);
  }
  if (!quality.disturbed) return quality;
  size_t off = swung.size();
  quality.swung_windows = std::move(swung);
  double window_s = std::chrono::duration<double>(run.metrics.window_length).count();
  auto [low, high] = std::minmax_element(counts.begin(), counts.end());
  quality.reason = fmt::format(
      "throughput swung {:.4g}–{:.4g}/s: {} of {} windows off the median by 2× or more{}",
      *low / window_s, *high / window_s, off, counts.size(),
      per_part < counts.size() ? fmt::format(" (each of the {} runs judged on its own)", count)
                               : std::string());
  return quality;
}

}  // namespace perfgate::stats
