// SPDX-License-Identifier: MIT
#include "perfgate/webhook/verdict_store.h"

#include <fmt/format.h>

#include <system_error>

#include "perfgate/stats/verdict_file.h"
#include "perfgate/util/file.h"
#include "perfgate/util/log.h"

namespace perfgate::webhook {
namespace {

namespace fs = std::filesystem;

struct Candidate {
  std::string time;
  fs::file_time_type modified;
  bool newer_than(const Candidate& other) const {
    if (time != other.time) return time > other.time;
    return modified > other.modified;
  }
};

bool is_candidate_file(const fs::directory_entry& entry, std::uintmax_t& size) {
  std::error_code error;
  // symlink_status: a link is never followed, so it cannot point outside the directory.
  if (!fs::is_regular_file(entry.symlink_status(error)) || error) return false;
  if (entry.path().extension() != ".json") return false;
  size = entry.file_size(error);
  return !error && size <= VerdictStore::k_max_file_bytes;
}

}  // namespace

VerdictStore::VerdictStore(fs::path directory) : m_directory(std::move(directory)) {}

Result<std::optional<VerdictStore::Found>> VerdictStore::latest(const std::string& scenario,
                                                                const std::string& profile) const {
  std::error_code error;
  fs::directory_iterator it(m_directory, error);
  if (error) {
    return Error::runtime(
        fmt::format("cannot list verdict directory {}: {}", m_directory.string(), error.message()));
  }
  std::lock_guard lock(m_mutex);
  std::map<std::string, IndexEntry> fresh;
  std::size_t seen = 0;
  for (; it != fs::directory_iterator(); it.increment(error)) {
    if (error || ++seen > k_max_files) break;
    const fs::directory_entry& entry = *it;
    std::uintmax_t size = 0;
    if (!is_candidate_file(entry, size)) continue;
    std::string name = entry.path().filename().string();
    auto modified = entry.last_write_time(error);
    if (error) continue;
    auto known = m_index.find(name);
    if (known != m_index.end() && known->second.modified == modified &&
        known->second.size == size) {
      fresh.emplace(name, std::move(known->second));
      continue;
    }
    IndexEntry indexed{modified, size, false, {}, {}, {}};
    auto verdict = stats::read_verdict_file(entry.path().string());
    if (verdict) {
      indexed = {modified,
                 size,
                 true,
                 verdict->current.scenario,
                 verdict->current.profile,
                 verdict->current.time};
    } else {
      PG_LOG("serve: skipping {}: {}", entry.path().string(), verdict.error().describe());
    }
    fresh.emplace(name, std::move(indexed));
  }
  m_index = std::move(fresh);  // files that went away leave the index
  const std::string* best_name = nullptr;
  Candidate best_key;
  for (const auto& [name, entry] : m_index) {
    if (!entry.verdict || entry.scenario != scenario) continue;
    if (!profile.empty() && entry.profile != profile) continue;
    Candidate key{entry.time, entry.modified};
    if (best_name != nullptr && !key.newer_than(best_key)) continue;
    best_name = &name;
    best_key = key;
  }
  if (best_name == nullptr) return std::optional<Found>{};
  auto verdict = stats::read_verdict_file((m_directory / *best_name).string());
  if (!verdict) {
    // Replaced or removed since it was indexed: forget it, so the next call re-reads it.
    m_index.erase(*best_name);
    return Error::runtime(
        fmt::format("verdict {} changed while it was read; try again", *best_name));
  }
  return std::optional<Found>{Found{std::move(*verdict), *best_name}};
}

}  // namespace perfgate::webhook
