// SPDX-License-Identifier: MIT
#include "perfgate/stats/run_quality.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "perfgate/stats/number_text.h"

namespace perfgate::stats {
namespace {

constexpr size_t k_min_windows = 5;

std::vector<double> whole_window_counts(const results::RunResult& run) {
  std::vector<metrics::EndpointWindow> windows = run.metrics.total_windows();
  size_t whole = results::whole_windows(run, windows.size());
  // Joined runs end where the last one's whole windows do (their summed durations may reach
  // into its cut-short last window).
  if (!run.joined.empty()) {
    whole = std::min(whole, run.joined.back().first_window + run.joined.back().whole_windows);
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
  // reference: a swing in one must not be diluted by the others' steady seconds. Not when the
  // reference is as long as all of them together (a baseline that stored joined runs as one).
  std::vector<results::JoinedRun> runs{{0, counts.size()}};
  if (parts > 1 && run.joined.size() == static_cast<size_t>(parts) &&
      planned.size() != counts.size()) {
    runs = run.joined;
  }
  std::vector<size_t> swung;
  for (const results::JoinedRun& part : runs) {
    size_t first = std::min(part.first_window, counts.size());
    size_t last = std::min(first + part.whole_windows, counts.size());
    auto begin = counts.begin();
    WindowSwings swings = swings_of(std::vector<double>(begin + static_cast<std::ptrdiff_t>(first),
                                                        begin + static_cast<std::ptrdiff_t>(last)),
                                    planned);
    quality.disturbed =
        quality.disturbed || too_many_swings(swings.swung.size(), swings.windows, share);
    for (size_t i : swings.swung) swung.push_back(first + i);
  }
  if (!quality.disturbed) return quality;
  size_t off = swung.size();
  quality.swung_windows = std::move(swung);
  double window_s = std::chrono::duration<double>(run.metrics.window_length).count();
  auto [low, high] = std::minmax_element(counts.begin(), counts.end());
  quality.reason = fmt::format(
      "throughput swung {}–{}/s: {} of {} windows off the median by 2× or more{}",
      four_digits(*low / window_s), four_digits(*high / window_s), off, counts.size(),
      runs.size() > 1 ? fmt::format(" (each of the {} runs judged on its own)", runs.size())
                      : std::string());
  return quality;
}

}  // namespace perfgate::stats
