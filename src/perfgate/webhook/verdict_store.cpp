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

bool is_candidate_file(const fs::directory_entry& entry) {
  std::error_code error;
  // symlink_status: a link is never followed, so it cannot point outside the directory.
  if (!fs::is_regular_file(entry.symlink_status(error)) || error) return false;
  if (entry.path().extension() != ".json") return false;
  auto size = entry.file_size(error);
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
  std::optional<Found> best;
  Candidate best_key;
  std::size_t seen = 0;
  for (; it != fs::directory_iterator(); it.increment(error)) {
    if (error || ++seen > k_max_files) break;
    const fs::directory_entry& entry = *it;
    if (!is_candidate_file(entry)) continue;
    auto verdict = stats::read_verdict_file(entry.path().string());
    if (!verdict) {
      PG_LOG("serve: skipping {}: {}", entry.path().string(), verdict.error().describe());
      continue;
    }
    if (verdict->current.scenario != scenario) continue;
    if (!profile.empty() && verdict->current.profile != profile) continue;
    Candidate key{verdict->current.time, entry.last_write_time(error)};
    if (best && !key.newer_than(best_key)) continue;
    best = Found{std::move(*verdict), entry.path().filename().string()};
    best_key = key;
  }
  return best;
}

}  // namespace perfgate::webhook
