// SPDX-License-Identifier: MIT
// VerdictStore: finds the latest verdict for a scenario and profile in a directory of verdict
// files, for `perf-gate serve`.
//
// How verdicts are found: every regular file directly in the directory whose name ends in
// ".json" (no subdirectories, no symbolic links, at most k_max_files files of at most
// k_max_file_bytes each) is read as a perf-gate/verdict/v1 file; files that are not verdicts
// are skipped. A verdict matches when its current run's scenario and profile equal the
// requested ones (an empty requested profile matches any). The latest is the one with the
// greatest current.time (RFC 3339 UTC as perf-gate writes it), then the newest file
// modification time. Names from requests are only ever compared with file contents; they never
// become paths, so no request can reach outside the directory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "perfgate/stats/verdict.h"
#include "perfgate/util/result.h"

namespace perfgate::webhook {

class VerdictStore {
 public:
  static constexpr std::size_t k_max_files = 10'000;
  static constexpr std::size_t k_max_file_bytes = 4 * 1024 * 1024;

  explicit VerdictStore(std::filesystem::path directory);

  struct Found {
    stats::Verdict verdict;
    std::string file;  // the file's name (not its path), for the reply
  };

  // The latest matching verdict, nullopt when none matches. A runtime Error when the
  // directory cannot be listed. Lists the directory on every call (verdicts arrive at any
  // time) but parses only files that are new or changed (size or modification time) since the
  // last call, into an index of (scenario, profile, time); then reads only the winner.
  // Thread-safe.
  Result<std::optional<Found>> latest(const std::string& scenario,
                                      const std::string& profile) const;

 private:
  struct IndexEntry {
    std::filesystem::file_time_type modified;
    std::uintmax_t size = 0;
    bool verdict = false;  // false: not a verdict file (skipped until it changes)
    std::string scenario, profile, time;
  };
  std::filesystem::path m_directory;
  mutable std::mutex m_mutex;
  mutable std::map<std::string, IndexEntry> m_index;  // by file name
};

}  // namespace perfgate::webhook
