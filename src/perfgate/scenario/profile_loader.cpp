// SPDX-License-Identifier: MIT
// Profiles: closed {vus, duration} | {stages}, open {rate, duration} | {rate_stages}.
#include <fmt/format.h>

#include <cmath>

#include "perfgate/scenario/loader_parts.h"

namespace perfgate::scenario::detail {
namespace {

const std::initializer_list<std::string_view> k_profile_keys = {
    "vus", "duration", "stages", "rate", "rate_stages", "max_vus", "warmup", "graceful_stop"};

std::optional<std::vector<Stage>> read_stages(YamlReader& reader, const Entry& entry,
                                              LoadModel model) {
  if (!entry.value.IsSequence() || entry.value.size() == 0) {
    reader.error(entry.value, entry.field,
                 "expected a non-empty sequence of { duration: 30s, target: N }");
    return std::nullopt;
  }
  std::vector<Stage> stages;
  size_t errors_before = reader.error_count();
  for (size_t i = 0; i < entry.value.size(); ++i) {
    const YAML::Node& node = entry.value[i];
    std::string field = index_path(entry.field, i);
    std::optional<std::vector<Entry>> keys = reader.map(node, field, {"duration", "target"});
    if (!keys) continue;
    const Entry* duration = find_entry(*keys, "duration");
    const Entry* target = find_entry(*keys, "target");
    if (duration == nullptr || target == nullptr) {
      reader.error(node, field, "a stage needs both duration and target");
      continue;
    }
    std::optional<Micros> length = reader.duration(duration->value, duration->field);
    std::optional<double> level = reader.number(target->value, target->field);
    if (length && length->count() <= 0) {
      reader.error(duration->value, duration->field, "a stage's duration must be positive");
    }
    if (level && *level < 0) {
      reader.error(target->value, target->field, "a stage's target must not be negative");
    } else if (level && model == LoadModel::closed && *level != std::floor(*level)) {
      reader.error(target->value, target->field, "a VU target must be a whole number");
    }
    if (length && level) stages.push_back(Stage{*length, *level});
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return stages;
}

// Which load shape the keys ask for; reports mixed or missing shapes.
std::optional<const Entry*> shape_key(YamlReader& reader, const Entry& profile,
                                      const std::vector<Entry>& keys) {
  const Entry* found = nullptr;
  for (const Entry& key : keys) {
    if (key.key != "vus" && key.key != "stages" && key.key != "rate" && key.key != "rate_stages") {
      continue;
    }
    if (found != nullptr) {
      reader.error(key.key_node, key.field,
                   fmt::format("'{}' and '{}' cannot be combined: a profile is closed (vus or "
                               "stages) or open (rate or rate_stages), with one shape",
                               found->key, key.key));
      return std::nullopt;
    }
    found = &key;
  }
  if (found == nullptr) {
    reader.error(profile.value, profile.field,
                 "a profile needs one of vus (with duration), stages, rate (with duration) or "
                 "rate_stages");
    return std::nullopt;
  }
  return found;
}

// vus/rate + duration: one flat stage held from the start.
std::optional<Stage> read_flat(YamlReader& reader, const Entry& profile, const Entry& level_key,
                               const Entry* duration_key) {
  double level = 0;
  bool level_ok = false;
  if (level_key.key == "vus") {
    std::optional<int64_t> vus = reader.integer(level_key.value, level_key.field);
    level_ok = vus.has_value();
    level = vus.value_or(0);
  } else {
    std::optional<double> rate = reader.number(level_key.value, level_key.field);
    level_ok = rate.has_value();
    level = rate.value_or(0);
  }
  if (level_ok && level <= 0) {
    reader.error(level_key.value, level_key.field,
                 fmt::format("{} must be positive", level_key.key));
    level_ok = false;
  }
  if (duration_key == nullptr) {
    reader.error(profile.value, profile.field,
                 fmt::format("'{}' needs a duration (e.g. duration: 30s)", level_key.key));
    return std::nullopt;
  }
  std::optional<Micros> length = reader.duration(duration_key->value, duration_key->field);
  if (length && length->count() <= 0) {
    reader.error(duration_key->value, duration_key->field, "duration must be positive");
    return std::nullopt;
  }
  if (!level_ok || !length) return std::nullopt;
  return Stage{*length, level};
}

void read_options(YamlReader& reader, const std::vector<Entry>& keys, Profile& profile) {
  for (const Entry& key : keys) {
    if (key.key == "max_vus") {
      if (profile.model == LoadModel::closed) {
        reader.error(key.key_node, key.field,
                     "max_vus applies to the open model (rate, rate_stages); a closed profile's "
                     "VUs are its targets");
      } else if (std::optional<int64_t> cap = reader.integer(key.value, key.field)) {
        if (*cap < 1 || *cap > 10'000'000) {
          reader.error(key.value, key.field, "max_vus must be between 1 and 10000000");
        } else {
          profile.max_vus = static_cast<int>(*cap);
        }
      }
    } else if (key.key == "warmup") {
      if (std::optional<Micros> warmup = reader.duration(key.value, key.field)) {
        if (!profile.stages.empty() && *warmup >= profile.duration()) {
          reader.error(key.value, key.field, "warmup must be shorter than the profile's duration");
        }
        profile.warmup = *warmup;
      }
    } else if (key.key == "graceful_stop") {
      if (std::optional<Micros> stop = reader.duration(key.value, key.field)) {
        profile.graceful_stop = *stop;
      }
    }
  }
}

}  // namespace

std::optional<Profile> read_profile(YamlReader& reader, const Entry& entry) {
  size_t errors_before = reader.error_count();
  std::optional<std::vector<Entry>> keys = reader.map(entry.value, entry.field, k_profile_keys);
  if (!keys) return std::nullopt;
  std::optional<const Entry*> shape = shape_key(reader, entry, *keys);
  if (!shape) return std::nullopt;
  const Entry& level_key = **shape;
  Profile profile;
  profile.name = entry.key;
  profile.model =
      level_key.key == "vus" || level_key.key == "stages" ? LoadModel::closed : LoadModel::open;
  const Entry* duration_key = find_entry(*keys, "duration");
  if (level_key.key == "stages" || level_key.key == "rate_stages") {
    if (duration_key != nullptr) {
      reader.error(duration_key->key_node, duration_key->field,
                   fmt::format("'duration' does not go with '{}': the stages' durations add up to "
                               "the profile's",
                               level_key.key));
    }
    if (std::optional<std::vector<Stage>> stages = read_stages(reader, level_key, profile.model)) {
      profile.stages = std::move(*stages);
    }
  } else if (std::optional<Stage> flat = read_flat(reader, entry, level_key, duration_key)) {
    profile.stages.push_back(*flat);
    profile.start_target = flat->target;
  }
  read_options(reader, *keys, profile);
  if (reader.error_count() != errors_before) return std::nullopt;
  return profile;
}

}  // namespace perfgate::scenario::detail
