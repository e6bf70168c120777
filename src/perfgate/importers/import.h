// SPDX-License-Identifier: MIT
// Importing other load tools' outputs as perf-gate results (docs/import.md): which kind a file
// is, and reading it into a results::RunResult that compare, baselines and reports take as is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "perfgate/importers/import_options.h"
#include "perfgate/results/run_result.h"
#include "perfgate/util/result.h"

namespace perfgate::importers {

enum class SourceKind {
  k6_summary,  // `--from k6`: --summary-export or handleSummary JSON
  k6_json,     // `--from k6-json`: `--out json` NDJSON, gzipped or not
  artillery,   // `--from artillery`: `artillery run --output report.json`
  perf_gate,   // a perf-gate results file (perf-gate/results/v1)
};

// "k6", "k6-json", "artillery", "perf-gate"; nullopt for anything else.
std::optional<SourceKind> source_kind_from_name(std::string_view name);
std::string_view source_kind_name(SourceKind kind);

// Tells the kind from the file's content (its first line, then its top-level keys). A
// bad_input error naming the file and what was expected when it is none of them.
Result<SourceKind> detect_source_kind(const std::string& path);

// Reads `path` as `kind` (detected when nullopt). k6 NDJSON streams; the others are read whole.
Result<results::RunResult> import_file(const std::string& path, std::optional<SourceKind> kind,
                                       const ImportOptions& options);

}  // namespace perfgate::importers
