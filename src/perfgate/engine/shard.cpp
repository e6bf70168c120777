// SPDX-License-Identifier: MIT
#include "perfgate/engine/shard.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "perfgate/util/fingerprint.h"

namespace perfgate::engine {
namespace {

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

void add_data(util::Fingerprint& digest, const scenario::DataFile* data) {
  if (data == nullptr) {
    digest.add(int64_t{-1});
    return;
  }
  digest.add(static_cast<int64_t>(data->order));
  for (const std::string& column : data->columns) digest.add(column);
  digest.add(static_cast<int64_t>(data->rows.size()));
  for (const auto& row : data->rows) {
    for (const std::string& field : row) digest.add(field);
  }
}

}  // namespace

Result<Shard> parse_shard(std::string_view text, std::string_view origin) {
  size_t slash = text.find('/');
  std::optional<int> index =
      slash == std::string_view::npos ? std::nullopt : parse_int(text.substr(0, slash));
  std::optional<int> count =
      slash == std::string_view::npos ? std::nullopt : parse_int(text.substr(slash + 1));
  if (!index || !count) {
    return Error::bad_input(fmt::format(
        "{}: '{}' is not a shard: expected I/N, the shard index (from 0) and the number of "
        "shards, e.g. 0/4",
        origin, text));
  }
  if (*count < 1 || *count > k_max_shards) {
    return Error::bad_input(
        fmt::format("{}: '{}': the number of shards must be 1 to {}", origin, text, k_max_shards));
  }
  if (*index < 0 || *index >= *count) {
    return Error::bad_input(
        fmt::format("{}: '{}': the shard index counts from 0 and must be below {} (0/{} … {}/{})",
                    origin, text, *count, *count, *count - 1, *count));
  }
  return Shard{*index, *count};
}

Result<Shard> shard_from_index(std::string_view index_text, int count, std::string_view origin) {
  if (count < 1 || count > k_max_shards) {
    return Error::bad_input(fmt::format("--shards: {} shards; the number of shards must be 1 to {}",
                                        count, k_max_shards));
  }
  std::optional<int> index = parse_int(index_text);
  if (!index || *index < 0 || *index >= count) {
    return Error::bad_input(fmt::format("{}: '{}' is not a shard index below --shards {} (0 … {})",
                                        origin, index_text, count, count - 1));
  }
  return Shard{*index, count};
}

Lane worker_lane(Shard shard, int thread, int threads) {
  return Lane{shard.index + static_cast<int64_t>(shard.count) * thread,
              static_cast<int64_t>(shard.count) * threads};
}

int64_t lane_share(int64_t total, int64_t index, int64_t count) {
  if (total <= index) return 0;
  return (total - index - 1) / count + 1;
}

int64_t lane_vus_at(const scenario::Profile& profile, scenario::Micros elapsed, int64_t peak_vus,
                    Lane lane) {
  double level = scenario::profile_target_at(profile, elapsed);
  int64_t target = std::clamp<int64_t>(static_cast<int64_t>(std::floor(level + 1e-9)), 0, peak_vus);
  return lane_share(target, lane.index, lane.count);
}

Result<scenario::DataFile> shard_rows(const scenario::DataFile& data, Shard shard) {
  if (static_cast<int64_t>(data.rows.size()) < shard.count) {
    return Error::bad_input(fmt::format(
        "data file {} has {} rows, fewer than the {} shards: each shard needs rows (users) of "
        "its own",
        data.path, data.rows.size(), shard.count));
  }
  scenario::DataFile part;
  part.path = data.path;
  part.order = data.order;
  part.columns = data.columns;
  for (size_t row = static_cast<size_t>(shard.index); row < data.rows.size();
       row += static_cast<size_t>(shard.count)) {
    part.rows.push_back(data.rows[row]);
  }
  return part;
}

std::string load_fingerprint(const scenario::Scenario& scenario, const scenario::Profile& profile,
                             std::optional<int64_t> max_requests) {
  util::Fingerprint digest;
  digest.add(scenario.name).add(scenario.source_digest);
  add_data(digest, scenario.data ? &*scenario.data : nullptr);
  for (const scenario::UserScenario& journey : scenario.scenarios)
    add_data(digest, journey.data ? &*journey.data : nullptr);
  digest.add(profile.name).add(static_cast<int64_t>(profile.model));
  digest.add(profile.start_target);
  for (const scenario::Stage& stage : profile.stages)
    digest.add(static_cast<int64_t>(stage.duration.count())).add(stage.target);
  digest.add(static_cast<int64_t>(profile.warmup.count()));
  digest.add(static_cast<int64_t>(profile.graceful_stop.count()));
  digest.add(static_cast<int64_t>(profile.max_vus.value_or(-1)));
  digest.add(max_requests.value_or(-1));
  return digest.text();
}

}  // namespace perfgate::engine
