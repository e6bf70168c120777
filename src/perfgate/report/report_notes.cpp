// SPDX-License-Identifier: MIT
#include "perfgate/report/report_notes.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "perfgate/report/number_format.h"

namespace perfgate::report {
namespace {

bool mentions_baseline(const std::vector<std::string>& notes) {
  return std::any_of(notes.begin(), notes.end(), [](const std::string& note) {
    std::string lower = note;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.find("no baseline") != std::string::npos;
  });
}

void add_run_notes(std::vector<Note>& notes, const results::RunResult& run) {
  const results::RunMetadata& meta = run.meta;
  if (meta.interrupted) {
    std::string reason = meta.interrupt_reason.empty() ? "" : " (" + meta.interrupt_reason + ")";
    notes.push_back(
        {Note::Level::warning, "The run was interrupted" + reason + ": the results are partial."});
  }
  metrics::EndpointMetrics total = run.metrics.total();
  if (total.requests == 0) {
    notes.push_back({Note::Level::warning, "The run recorded no requests."});
  }
  if (run.metrics.dropped_iterations > 0) {
    notes.push_back(
        {Note::Level::warning,
         fmt::format("{} iterations could not start on time (every VU was busy): the target did "
                     "not keep up with the arrival rate, or max VUs is too low.",
                     format_count(static_cast<double>(run.metrics.dropped_iterations)))});
  }
  if (total.dropped_samples > 0) {
    notes.push_back({Note::Level::warning,
                     fmt::format("{} latencies fell outside the histogram's range and are not in "
                                 "the percentiles.",
                                 format_count(static_cast<double>(total.dropped_samples)))});
  }
  const results::GeneratorHealth& generator = meta.generator;
  if (generator.p99_loop_lag_ms > k_saturated_p99_lag_ms ||
      generator.max_loop_lag_ms > k_saturated_max_lag_ms) {
    notes.push_back(
        {Note::Level::warning,
         fmt::format("The load generator fell behind its schedule (loop lag p99 {} ms, max {} "
                     "ms, CPU {}%): the numbers may describe the generator, not the target.",
                     format_ms(generator.p99_loop_lag_ms), format_ms(generator.max_loop_lag_ms),
                     format_count(std::round(generator.cpu_percent)))});
  }
  for (const std::string& warning : run.warnings) {
    // The comparison carries the run's warnings into the verdict's notes: say each once.
    bool said = std::any_of(notes.begin(), notes.end(),
                            [&](const Note& note) { return note.text == warning; });
    if (!said) notes.push_back({Note::Level::warning, warning});
  }
}

}  // namespace

std::vector<Note> report_notes(const ReportInput& input) {
  std::vector<Note> notes;
  const stats::Verdict& verdict = input.verdict;
  if (!verdict.baseline && !mentions_baseline(verdict.notes)) {
    notes.push_back({Note::Level::warning,
                     "No baseline yet: only the thresholds were checked. Store this run as the "
                     "baseline (perf-gate baseline update) to catch regressions next time."});
  }
  for (const std::string& note : verdict.notes) {
    notes.push_back({stats::is_method_note(note) ? Note::Level::info : Note::Level::warning, note});
  }
  if (input.current != nullptr) add_run_notes(notes, *input.current);
  std::stable_sort(notes.begin(), notes.end(),
                   [](const Note& a, const Note& b) { return a.level < b.level; });
  return notes;
}

}  // namespace perfgate::report
