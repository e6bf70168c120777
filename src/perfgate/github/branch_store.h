// SPDX-License-Identifier: MIT
// BranchStore: files on a data branch of the repository (e.g. `perf-gate-data`), read and
// written through the Contents API with nothing but the job's token (docs/github-action.md,
// "Baselines on a data branch"). An update is a compare-and-swap on the file's blob sha: read
// the file and its sha, fold, PUT with that sha; when another writer got there first GitHub
// answers 409 (or 422), and the update reads again and folds again, a bounded number of times,
// so concurrent updates never lose each other's changes.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "perfgate/github/github_client.h"
#include "perfgate/util/result.h"

namespace perfgate::github {

inline constexpr const char* k_default_baseline_branch = "perf-gate-data";

// A file as stored on the branch.
struct StoredFile {
  std::string content;
  std::string sha;  // the blob sha, the compare-and-swap's token
};

// What an update did.
struct StoreOutcome {
  int attempts = 0;             // read-fold-write rounds (1 without conflicts)
  bool created_branch = false;  // the branch did not exist and was created
  bool created_file = false;    // the file did not exist on the branch
  bool unchanged = false;       // the fold returned the content as it was: nothing written
};

// Given the file's current content (nullopt: no file yet), the content to write; an Error stops
// the update (nothing is written).
using FoldFunction = std::function<Result<std::string>(const std::optional<std::string>& current)>;

class BranchStore {
 public:
  // `base_sha` is the commit a missing branch is created at (the run's GITHUB_SHA). Between
  // conflicting rounds the store waits a little, growing and jittered (`sleeper`), so that jobs
  // that collided do not collide again in lockstep and a read just after another job's write
  // has time to see it. REQUIRES: `client` outlives the store.
  BranchStore(GitHubClient& client, Repository repository, std::string branch, std::string base_sha,
              int max_attempts = 8, net::Sleeper sleeper = net::real_sleeper());

  // The file on the branch, or nullopt when the branch or the file does not exist. Beyond 1 MB,
  // where the Contents API returns no content, through the Git blobs API.
  Result<std::optional<StoredFile>> read(const std::string& path);

  // Read, fold, write with the read sha; on a conflict (409, or 422 for a sha that no longer
  // matches) read and fold again, at most max_attempts times. Creates the branch when missing.
  // A runtime Error when the attempts run out or GitHub refuses (e.g. 403: no contents: write).
  Result<StoreOutcome> update(const std::string& path, const std::string& message,
                              const FoldFunction& fold);

  const std::string& branch() const { return m_branch; }

 private:
  std::string contents_path(const std::string& path) const;
  Status create_branch(bool& created);

  GitHubClient& m_client;
  Repository m_repository;
  std::string m_branch;
  std::string m_base_sha;
  int m_max_attempts;
  net::Sleeper m_sleeper;
};

}  // namespace perfgate::github
