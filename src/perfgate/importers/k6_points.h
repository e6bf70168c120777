// SPDX-License-Identifier: MIT
// k6 `--out json` (NDJSON of Metric and Point lines, k6 v0.3x..v0.5x): rebuilds per-endpoint
// histograms, counters and 1-second windows from every sample, in one streaming pass.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "perfgate/importers/import_options.h"
#include "perfgate/importers/line_reader.h"
#include "perfgate/results/run_result.h"
#include "perfgate/util/result.h"

namespace perfgate::importers {

// Endpoints are named by the `name` tag, falling back to `url`. More distinct names than this
// is an error (unnamed URLs with ids in them), so that memory stays bounded.
inline constexpr size_t k_max_k6_endpoints = 1000;

// Feeds lines one at a time; memory grows with endpoints and windows, not with samples.
class K6PointsImporter {
 public:
  explicit K6PointsImporter(ImportOptions options);
  K6PointsImporter(K6PointsImporter&&) noexcept;
  ~K6PointsImporter();

  // One NDJSON line. A bad_input error naming `source`, `line` and the field for a line that is
  // not a k6 Metric or Point object (a truncated last line, another tool's file).
  Status add_line(std::string_view text, const std::string& source, int64_t line);
  // The result, once every line is in. bad_input when no HTTP request was seen.
  Result<results::RunResult> finish(const std::string& source);
  // k6 thresholds found in Metric lines: metric (with tags, as written) → expressions.
  const std::map<std::string, std::vector<std::string>>& thresholds() const;

 private:
  struct State;
  static Status silent_gap(const State& state, const std::string& source);
  std::unique_ptr<State> m_state;
};

// Reads a whole file (gzipped or not) through K6PointsImporter.
Result<results::RunResult> import_k6_points(LineReader& reader, const ImportOptions& options);

}  // namespace perfgate::importers
