// SPDX-License-Identifier: MIT
#include "perfgate/results/run_result.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <map>

#include "perfgate/results/time_format.h"

namespace perfgate::results {
namespace {

double to_ms(int64_t micros) {
  return static_cast<double>(micros) / 1000.0;
}

}  // namespace

EndpointSummary summarize(const metrics::EndpointMetrics& endpoint,
                          std::chrono::microseconds duration) {
  EndpointSummary summary;
  summary.requests = endpoint.requests;
  summary.errors = endpoint.errors;
  if (endpoint.requests > 0) {
    summary.error_rate =
        static_cast<double>(endpoint.errors) / static_cast<double>(endpoint.requests);
  }
  if (duration.count() > 0) {
    summary.rps =
        static_cast<double>(endpoint.requests) / (static_cast<double>(duration.count()) / 1e6);
  }
  const metrics::Histogram& latency = endpoint.latency;
  if (latency.empty()) return summary;
  static constexpr std::array<double, 6> k_percentiles = {50, 90, 95, 99, 99.9, 100};
  std::vector<int64_t> values = latency.values_at_percentiles(k_percentiles);
  summary.min_ms = to_ms(latency.min());
  summary.mean_ms = latency.mean() / 1000.0;
  summary.p50_ms = to_ms(values[0]);
  summary.p90_ms = to_ms(values[1]);
  summary.p95_ms = to_ms(values[2]);
  summary.p99_ms = to_ms(values[3]);
  summary.p999_ms = to_ms(values[4]);
  summary.max_ms = to_ms(latency.max());
  return summary;
}

std::vector<int> ShardSet::missing() const {
  std::vector<int> out;
  for (int i = 0; i < count; ++i) {
    if (!std::binary_search(present.begin(), present.end(), i)) out.push_back(i);
  }
  return out;
}

std::string ShardSet::describe_missing() const {
  if (complete()) return "";
  std::vector<int> absent = missing();
  return fmt::format("{} of {} shards (missing: {})", present.size(), count,
                     fmt::join(absent, ", "));
}

size_t whole_windows(const RunResult& run, size_t available) {
  auto length = run.metrics.window_length.count();
  if (length <= 0 || run.meta.duration.count() <= 0) return available;
  return std::min(available, static_cast<size_t>(run.meta.duration.count() / length));
}

bool every_request_failed(const RunResult& run) {
  metrics::EndpointMetrics total = run.metrics.total();
  return total.requests > 0 && total.errors >= total.requests;
}

ShardSet shard_set(const RunMetadata& meta) {
  ShardSet set;
  if (meta.merged_shard_count > 0) {
    set.present = meta.merged_shards;
    set.count = meta.merged_shard_count;
  } else {
    set.present = {meta.shard_count > 1 ? meta.shard_index : 0};
    set.count = meta.shard_count;
  }
  return set;
}

namespace {

std::string shard_text(const ShardSet& set) {
  if (!set.sharded()) return "not a shard (an unsharded run)";
  if (set.present.size() == 1) return fmt::format("shard {} of {}", set.present[0], set.count);
  return fmt::format("shards {} of {}", fmt::join(set.present, ", "), set.count);
}

// Shards of one run run together: a stale file from an earlier run (another --start-at, or a
// time span apart from the others') would stretch the merged run over both and halve its
// throughput. bad_input naming both files.
Status check_same_time(const RunResult& first, const std::string& first_name, const RunResult& part,
                       const std::string& name) {
  const RunMetadata& a = first.meta;
  const RunMetadata& b = part.meta;
  if (a.scheduled_start && b.scheduled_start && *a.scheduled_start != *b.scheduled_start) {
    return Error::bad_input(fmt::format(
        "merge: {} was to start at {} but {} at {} (--start-at): shards of one run start together",
        first_name, format_rfc3339(*a.scheduled_start), name, format_rfc3339(*b.scheduled_start)));
  }
  // Clocks of different machines disagree a little; a minute apart is another run.
  constexpr auto k_skew = std::chrono::seconds(60);
  auto a_end = a.start_time + a.duration;
  auto b_end = b.start_time + b.duration;
  if (b.start_time > a_end + k_skew || a.start_time > b_end + k_skew) {
    return Error::bad_input(fmt::format(
        "merge: {} ran from {} and {} from {}, more than a minute apart: shards of one run run "
        "together",
        first_name, format_rfc3339(a.start_time), name, format_rfc3339(b.start_time)));
  }
  return ok_status();
}

// Whether `part` may join the parts before it; bad_input naming both files when not.
Status check_compatible(const RunResult& first, const std::string& first_name,
                        const RunResult& part, const std::string& name) {
  const RunMetadata& a = first.meta;
  const RunMetadata& b = part.meta;
  if (a.scenario != b.scenario || a.profile != b.profile || a.model != b.model) {
    return Error::bad_input(fmt::format(
        "merge: {} is scenario '{}' profile '{}' ({} model), but {} is scenario '{}' profile '{}' "
        "({} model): results of different runs do not merge",
        name, b.scenario, b.profile, b.model, first_name, a.scenario, a.profile, a.model));
  }
  if (!a.fingerprint.empty() && !b.fingerprint.empty() && a.fingerprint != b.fingerprint) {
    return Error::bad_input(fmt::format(
        "merge: {} and {} ran different loads (fingerprints {} and {}): the scenario file, its "
        "data files or the profile's flags differ",
        first_name, name, a.fingerprint, b.fingerprint));
  }
  if (part.metrics.window_length != first.metrics.window_length) {
    return Error::bad_input(
        fmt::format("merge: {} and {} have different window lengths", first_name, name));
  }
  ShardSet sa = shard_set(a), sb = shard_set(b);
  if (sa.count != sb.count) {
    return Error::bad_input(
        fmt::format("merge: {} is {}, but {} is {}: they are not shards of one run", first_name,
                    shard_text(sa), name, shard_text(sb)));
  }
  if (sa.count > 1) return check_same_time(first, first_name, part, name);
  return ok_status();
}

int64_t window_offset(const RunResult& part, std::chrono::system_clock::time_point origin) {
  auto first_window = part.meta.start_time + part.meta.warmup;
  auto length = part.metrics.window_length.count();
  if (length <= 0 || first_window <= origin) return 0;
  int64_t since =
      std::chrono::duration_cast<std::chrono::microseconds>(first_window - origin).count();
  return (since + length / 2) / length;  // to the nearest window
}

int count_of_shards(const std::vector<RunResult>& parts) {
  return parts.empty() ? 1 : shard_set(parts[0].meta).count;
}

void merge_meta(RunMetadata& meta, const RunMetadata& part) {
  // Shards run side by side: the merged run spans from the first start to the last end.
  auto end = std::max(meta.start_time + meta.duration, part.start_time + part.duration);
  meta.start_time = std::min(meta.start_time, part.start_time);
  meta.duration = std::chrono::duration_cast<std::chrono::microseconds>(end - meta.start_time);
  meta.planned_vus += part.planned_vus;
  meta.planned_rate += part.planned_rate;
  meta.interrupted = meta.interrupted || part.interrupted;
  if (meta.interrupt_reason.empty()) meta.interrupt_reason = part.interrupt_reason;
  meta.generator.threads += part.generator.threads;
  meta.generator.cpu_percent += part.generator.cpu_percent;
  meta.generator.max_loop_lag_ms =
      std::max(meta.generator.max_loop_lag_ms, part.generator.max_loop_lag_ms);
  meta.generator.p99_loop_lag_ms =
      std::max(meta.generator.p99_loop_lag_ms, part.generator.p99_loop_lag_ms);
  // One part rebuilt from percentiles makes the whole merge approximate.
  if (part.latency_precision == LatencyPrecision::percentiles)
    meta.latency_precision = LatencyPrecision::percentiles;
  if (meta.fingerprint.empty()) meta.fingerprint = part.fingerprint;
  // Shards that ran different clients: the merged run names none.
  if (meta.http_client != part.http_client) meta.http_client.clear();
  if (meta.scheduled_start != part.scheduled_start) meta.scheduled_start.reset();
  meta.start_late = std::max(meta.start_late, part.start_late);
}

}  // namespace

Result<RunResult> merge_results(const std::vector<RunResult>& parts,
                                const std::vector<std::string>& names) {
  if (parts.empty()) return Error::bad_input("merge: no results to merge");
  PG_ASSERT(names.size() == parts.size());
  // Which input holds which shard: the same shard twice (or overlapping merged sets) would count
  // its requests twice.
  std::map<int, size_t> holder;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      if (auto status = check_compatible(parts[0], names[0], parts[i], names[i]); !status)
        return status.error();
    }
    ShardSet set = shard_set(parts[i].meta);
    if (!set.sharded()) continue;
    for (int shard : set.present) {
      auto [it, inserted] = holder.emplace(shard, i);
      if (!inserted) {
        return Error::bad_input(fmt::format(
            "merge: {} and {} both hold shard {} of {}: merging them would count its requests "
            "twice",
            names[it->second], names[i], shard, set.count));
      }
    }
  }
  auto origin = parts[0].meta.start_time + parts[0].meta.warmup;
  for (const RunResult& part : parts)
    origin = std::min(origin, part.meta.start_time + part.meta.warmup);

  RunResult merged;
  merged.meta = parts[0].meta;
  merged.metrics.window_length = parts[0].metrics.window_length;
  for (size_t i = 0; i < parts.size(); ++i) {
    const RunResult& part = parts[i];
    if (i > 0) merge_meta(merged.meta, part.meta);
    if (part.meta.interrupted && count_of_shards(parts) > 1) {
      merged.warnings.push_back(fmt::format(
          "merge: {} ended early ({}): its share of the load is partial", names[i],
          part.meta.interrupt_reason.empty() ? "interrupted" : part.meta.interrupt_reason));
    }
    int64_t dropped = merged.metrics.merge(part.metrics, window_offset(part, origin));
    if (dropped > 0) {
      merged.warnings.push_back(
          fmt::format("merge: {} latency samples did not fit the histogram", dropped));
    }
    for (const std::string& warning : part.warnings) {
      if (std::find(merged.warnings.begin(), merged.warnings.end(), warning) ==
          merged.warnings.end()) {
        merged.warnings.push_back(warning);
      }
    }
  }
  merged.meta.shard_index = 0;
  merged.meta.shard_count = 1;
  int count = shard_set(parts[0].meta).count;
  if (count > 1) {
    merged.meta.merged_shard_count = count;
    merged.meta.merged_shards.clear();
    for (const auto& [shard, part] : holder) merged.meta.merged_shards.push_back(shard);
    ShardSet set = shard_set(merged.meta);
    // A merged run's own warning replaces those of the parts it was merged from.
    std::erase_if(merged.warnings,
                  [](const std::string& warning) { return warning.starts_with("incomplete:"); });
    if (!set.complete()) {
      merged.warnings.insert(
          merged.warnings.begin(),
          fmt::format("incomplete: the merged run holds {}: its counts and throughput are only "
                      "part of the planned load",
                      set.describe_missing()));
    }
  }
  return merged;
}

Result<RunResult> merge_results(const std::vector<RunResult>& parts) {
  std::vector<std::string> names;
  for (size_t i = 0; i < parts.size(); ++i) names.push_back(fmt::format("part {}", i + 1));
  return merge_results(parts, names);
}

}  // namespace perfgate::results
