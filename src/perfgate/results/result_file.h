// SPDX-License-Identifier: MIT
// Reading and writing results files: JSON, "schema": "perf-gate/results/v1".
// The format is described in docs/results-format.md.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "perfgate/results/run_result.h"
#include "perfgate/util/result.h"

namespace perfgate::results {

inline constexpr const char* k_results_schema = "perf-gate/results/v1";

std::string to_json_text(const RunResult& result);
// `source` names the file in error messages ("results.json: endpoints.login.requests: …").
Result<RunResult> parse_result(std::string_view json_text, const std::string& source);

// The same from an already parsed document (a baseline embeds a results object): no second
// parse of a large run.
Result<RunResult> parse_result_json(const nlohmann::json& document, const std::string& source);

Result<RunResult> read_result_file(const std::string& path);
Status write_result_file(const std::string& path, const RunResult& result);

}  // namespace perfgate::results
