// SPDX-License-Identifier: MIT
#include "perfgate/report/trend.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace perfgate::report {
namespace {

constexpr size_t k_sha_chars = 7;

// Letters and digits only: the label goes into Mermaid source and SVG text.
std::string run_label(const stats::RunSummary& run, size_t index) {
  std::string label;
  for (char c : run.git_sha) {
    if (label.size() == k_sha_chars) break;
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) label += c;
  }
  return label.empty() ? fmt::format("run {}", index + 1) : label;
}

std::optional<double> median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

// How much the newest p95 rose against the median of the earlier ones (0 when unknown).
double rise(const TrendLine& line) {
  if (line.p95_ms.empty() || !line.p95_ms.back()) return 0;
  std::vector<double> earlier;
  for (size_t i = 0; i + 1 < line.p95_ms.size(); ++i) {
    if (line.p95_ms[i]) earlier.push_back(*line.p95_ms[i]);
  }
  std::optional<double> typical = median(std::move(earlier));
  return typical && *typical > 0 ? *line.p95_ms.back() / *typical - 1 : 0;
}

}  // namespace

bool TrendLine::complete() const {
  auto known = [](const std::optional<double>& value) { return value.has_value(); };
  return std::all_of(p95_ms.begin(), p95_ms.end(), known) &&
         std::all_of(rps.begin(), rps.end(), known);
}

Trend build_trend(const ReportInput& input, size_t max_lines) {
  if (input.baseline == nullptr || input.baseline->history.size() < 2) return {};
  std::vector<stats::RunSummary> runs = input.baseline->history;
  bool current_stored = false;
  if (input.current != nullptr) {
    stats::RunSummary current = stats::summarize_run(*input.current);
    current_stored = runs.back().git_sha == current.git_sha && runs.back().time == current.time;
    if (!current_stored) runs.push_back(std::move(current));
  }
  Trend trend;
  for (size_t i = 0; i < runs.size(); ++i) trend.runs.push_back({run_label(runs[i], i), false});
  if (input.current != nullptr) trend.runs.back() = {"this run", true};
  for (const stats::EndpointRunSummary& endpoint : runs.back().endpoints) {
    TrendLine line{endpoint.name, {}, {}};
    for (const stats::RunSummary& run : runs) {
      const stats::EndpointRunSummary* found = run.find(endpoint.name);
      line.p95_ms.push_back(found ? std::optional(found->p95_ms) : std::nullopt);
      line.rps.push_back(found ? std::optional(found->rps) : std::nullopt);
    }
    trend.lines.push_back(std::move(line));
  }
  std::stable_sort(trend.lines.begin(), trend.lines.end(),
                   [](const TrendLine& a, const TrendLine& b) { return rise(a) > rise(b); });
  if (trend.lines.size() > max_lines) trend.lines.resize(max_lines);
  return trend;
}

}  // namespace perfgate::report
