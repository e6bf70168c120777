// SPDX-License-Identifier: MIT
// A set of shard results in place of a run (`gate --results DIR` or a glob): the files are found,
// read and merged with results::merge_results' checks, so that the gate judges the whole run —
// and reports it as incomplete when shards are missing.
#pragma once

#include <string>
#include <vector>

#include "perfgate/results/run_result.h"
#include "perfgate/util/result.h"

namespace perfgate::pipeline {

// Whether `results` names a set of files rather than one: a directory, or a pattern with *, ?
// or [.
bool is_result_set(const std::string& results);

// The files of the set, sorted: a directory's *.json files (not its subdirectories), or what the
// glob pattern matches. bad_input when nothing matches.
Result<std::vector<std::string>> expand_result_set(const std::string& results);

// Reads every file of the set and merges them. bad_input names the file at fault (or both files
// of a mismatched or duplicate pair).
Result<results::RunResult> read_result_set(const std::string& results);

}  // namespace perfgate::pipeline
