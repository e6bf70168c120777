// SPDX-License-Identifier: MIT
// The flags that make `run` one shard of a distributed run (docs/distributed.md): --shard I/N
// (or PERFGATE_SHARD), --shards N with Kubernetes' JOB_COMPLETION_INDEX, and --start-at.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "perfgate/engine/load_engine.h"

namespace perfgate::cli {

struct ShardFlags {
  std::string shard;  // "I/N"
  int shards = 0;     // N, the index from JOB_COMPLETION_INDEX
  std::string start_at;
};

// Adds the flags to `app`; they fill `flags`, which must outlive the parse.
void add_shard_flags(CLI::App& app, ShardFlags& flags);

// An environment variable's value, or nullopt when unset (tests pass their own).
using EnvGetter = std::function<std::optional<std::string>(const char* name)>;
std::optional<std::string> process_env_value(const char* name);

// Sets options.shard and options.start_at from the flags and the environment: --shard wins, then
// PERFGATE_SHARD; --shards N takes the index from JOB_COMPLETION_INDEX. Throws Fatal (bad input,
// naming the flag or variable) for a malformed or out-of-range value, --shard with --shards, or
// --shards without an index.
void apply_shard_flags(const ShardFlags& flags, const CLI::App& app, const EnvGetter& env,
                       engine::RunOptions& options);

// --start-at's value: RFC 3339 ("2026-12-02T12:00:00Z") or unix seconds ("1796212800"). bad_input
// for anything else, a time more than a day after `now` (a unit mix-up, not a plan), or more than
// an hour before it (a start time left from an earlier run).
Result<std::chrono::system_clock::time_point> parse_start_at(
    std::string_view text, std::chrono::system_clock::time_point now);

}  // namespace perfgate::cli
