// SPDX-License-Identifier: MIT
// Converting other tools' pass/fail rules into perf-gate's thresholds (docs/gate.md, k6 syntax):
// k6 `options.thresholds` given as JSON, and Artillery's `ensure` settings from its YAML.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "perfgate/util/result.h"

namespace perfgate::importers {

struct ConvertedThresholds {
  std::string yaml;                  // a perf-gate thresholds file; parses with stats::
  std::vector<std::string> skipped;  // "api_latency: p(90)<100: <why>", one per rule left out
  int rules = 0;                     // rules written
};

// k6 thresholds: metric (with tags) → expressions (k6 syntax, or a JSON object with
// `threshold`, `abortOnFail`, `delayAbortEval` written as a JSON string). A rule perf-gate cannot
// evaluate (a custom metric, a tag other than `name`) is skipped and said why, never dropped
// silently. `origin` is written in the header comment.
ConvertedThresholds convert_k6_thresholds(
    const std::map<std::string, std::vector<std::string>>& thresholds, const std::string& origin);

// A JSON file holding k6's `options.thresholds` object, or a whole `options` object with one.
Result<ConvertedThresholds> convert_k6_thresholds_file(std::string_view json_text,
                                                       const std::string& source);

// An Artillery script (YAML): `config.ensure` or `config.plugins.ensure` — `thresholds`
// ("http.response_time.p99: 100" is p(99)<100), `maxErrorRate` (percent), the legacy
// `p95: 200`-style keys, and `conditions` whose comparisons name metrics perf-gate has.
Result<ConvertedThresholds> convert_artillery_ensure(std::string_view yaml_text,
                                                     const std::string& source);

}  // namespace perfgate::importers
