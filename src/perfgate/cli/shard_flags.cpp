// SPDX-License-Identifier: MIT
#include "perfgate/cli/shard_flags.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "perfgate/results/time_format.h"
#include "perfgate/util/error.h"
#include "perfgate/util/log.h"

namespace perfgate::cli {
namespace {

constexpr auto k_max_wait = std::chrono::hours(24);
constexpr auto k_max_lateness = std::chrono::hours(1);

std::optional<double> parse_seconds(std::string_view text) {
  if (text.empty() || text.size() > 24) return std::nullopt;
  size_t dots = 0;
  for (char c : text) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return std::nullopt;
    }
  }
  if (dots > 1 || text.front() == '.' || text.back() == '.') return std::nullopt;
  return std::strtod(std::string(text).c_str(), nullptr);
}

}  // namespace

void add_shard_flags(CLI::App& app, ShardFlags& flags) {
  app.add_option("--shard", flags.shard,
                 "Run shard I of N (I from 0, e.g. 0/4): this instance's share of the load "
                 "(also PERFGATE_SHARD)");
  app.add_option("--shards", flags.shards,
                 "Run one of N shards, the index from JOB_COMPLETION_INDEX (a Kubernetes "
                 "Indexed Job)");
  app.add_option("--start-at", flags.start_at,
                 "Start the load at this time (RFC 3339 or unix seconds), so that shards on "
                 "other machines start together");
}

std::optional<std::string> process_env_value(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

void apply_shard_flags(const ShardFlags& flags, const CLI::App& app, const EnvGetter& env,
                       engine::RunOptions& options) {
  bool has_shard = app.count("--shard") > 0;
  bool has_shards = app.count("--shards") > 0;
  if (has_shard && has_shards) {
    throw Fatal(Error::bad_input(
        "--shard and --shards exclude each other: --shard I/N names the shard, --shards N takes "
        "the index from JOB_COMPLETION_INDEX"));
  }
  if (has_shard) {
    options.shard = engine::parse_shard(flags.shard, "--shard").value_or_throw();
  } else if (has_shards) {
    std::optional<std::string> index = env("JOB_COMPLETION_INDEX");
    if (!index) {
      throw Fatal(Error::bad_input(fmt::format(
          "--shards {}: no shard index: JOB_COMPLETION_INDEX is not set (Kubernetes sets it in "
          "an Indexed Job); elsewhere use --shard I/N",
          flags.shards)));
    }
    options.shard =
        engine::shard_from_index(*index, flags.shards, "JOB_COMPLETION_INDEX").value_or_throw();
  } else if (std::optional<std::string> shard = env("PERFGATE_SHARD"); shard && !shard->empty()) {
    options.shard = engine::parse_shard(*shard, "PERFGATE_SHARD").value_or_throw();
  }
  if (app.count("--start-at")) {
    auto now = std::chrono::system_clock::now();
    auto start = parse_start_at(flags.start_at, now);
    if (!start) throw Fatal(start.error());
    options.start_at = *start;
    if (*start > now) {
      util::notice(fmt::format("waiting until {} (--start-at), {:.0f} s from now",
                               results::format_rfc3339(*start),
                               std::chrono::duration<double>(*start - now).count()));
    }
  }
}

Result<std::chrono::system_clock::time_point> parse_start_at(
    std::string_view text, std::chrono::system_clock::time_point now) {
  std::optional<std::chrono::system_clock::time_point> time = results::parse_rfc3339(text);
  if (!time) {
    std::optional<double> seconds = parse_seconds(text);
    // Up to year 2200, as RFC 3339 times are: beyond, the clock's arithmetic would overflow.
    if (seconds && *seconds < 7.3e9) {
      // Rounded, not truncated: 1796212860.123 as a double is a hair under .123.
      time = std::chrono::system_clock::time_point(
          std::chrono::round<std::chrono::microseconds>(std::chrono::duration<double>(*seconds)));
    }
  }
  if (!time) {
    return Error::bad_input(fmt::format(
        "--start-at: '{}' is not a time: expected RFC 3339 (2026-12-02T12:00:00Z) or unix "
        "seconds (1796212800)",
        text));
  }
  if (*time - now > k_max_wait) {
    return Error::bad_input(fmt::format(
        "--start-at: {} is more than a day ahead ({:.0f} h): a unit mix-up, or a wrong date?",
        results::format_rfc3339(*time),
        std::chrono::duration<double, std::ratio<3600>>(*time - now).count()));
  }
  // A late shard is normal (a pod scheduled late says by how much); an hour late is a start
  // time left over from an earlier run, whose shards this one's must not join.
  if (now - *time > k_max_lateness) {
    return Error::bad_input(fmt::format(
        "--start-at: {} is {:.1f} h in the past: a start time left from an earlier run?",
        results::format_rfc3339(*time),
        std::chrono::duration<double, std::ratio<3600>>(now - *time).count()));
  }
  return *time;
}

}  // namespace perfgate::cli
