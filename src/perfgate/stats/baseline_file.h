// SPDX-License-Identifier: MIT
// Reading and writing baselines: JSON, "schema": "perf-gate/baseline/v1" (docs/gate.md). The
// latest run is embedded as a results object ("perf-gate/results/v1").
#pragma once

#include <string>
#include <string_view>

#include "perfgate/stats/baseline.h"
#include "perfgate/util/result.h"

namespace perfgate::stats {

inline constexpr const char* k_baseline_schema = "perf-gate/baseline/v1";

std::string baseline_to_json(const Baseline& baseline);
// `source` names the file in error messages; another schema or version is rejected clearly.
Result<Baseline> parse_baseline(std::string_view json_text, const std::string& source);

Result<Baseline> read_baseline_file(const std::string& path);
perfgate::Status write_baseline_file(const std::string& path, const Baseline& baseline);

}  // namespace perfgate::stats
