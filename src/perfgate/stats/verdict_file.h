// SPDX-License-Identifier: MIT
// Reading and writing verdicts: JSON, "schema": "perf-gate/verdict/v1" (docs/gate.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "perfgate/stats/verdict.h"
#include "perfgate/util/result.h"

namespace perfgate::stats {

inline constexpr const char* k_verdict_schema = "perf-gate/verdict/v1";

// Pretty-printed JSON; optional values are written as null, so every key is always present.
std::string verdict_to_json(const Verdict& verdict);
// The same document as a value, for files that embed the verdict (the JSON report).
nlohmann::json verdict_to_json_value(const Verdict& verdict);
// `source` names the file in error messages. Rejects another schema with a clear message.
Result<Verdict> parse_verdict(std::string_view json_text, const std::string& source);

Result<Verdict> read_verdict_file(const std::string& path);
perfgate::Status write_verdict_file(const std::string& path, const Verdict& verdict);

// The inverse of status_name / check_kind_name; nullopt for an unknown name.
std::optional<Status> status_from_name(std::string_view name);
std::optional<CheckKind> check_kind_from_name(std::string_view name);

}  // namespace perfgate::stats
