// SPDX-License-Identifier: MIT
// Whole-file reads and crash-safe writes.
#pragma once

#include <string>
#include <string_view>

#include "perfgate/util/result.h"

namespace perfgate::util {

// The file's bytes ("-" is stdin). An error naming the path when it cannot be read: bad_input
// when it does not exist or is a directory, runtime otherwise.
Result<std::string> read_file(const std::string& path);

// Writes through a temporary file in the same directory and renames it into place, so that a
// reader never sees half a file and a crash never loses the previous version ("-" is stdout).
// The temporary file is created exclusively (O_EXCL | O_NOFOLLOW: no planted file or symlink is
// followed), an existing file's permission bits are kept, and the directory is fsynced after
// the rename so that the new name survives a crash.
Status write_file_atomic(const std::string& path, std::string_view content);

// Creates the directories that lead to `path` (a file's), if missing: a first baseline written to
// `perf/baseline.json` of a checkout without `perf/`.
Status create_parent_directories(const std::string& path);

// An exclusive advisory lock (flock) on the directory that holds `path`, held until the object
// dies: serializes read-modify-write cycles of a file (concurrent `baseline update`s) without
// leaving a lock file beside it. Blocks until the lock is free.
class DirectoryLock {
 public:
  static Result<DirectoryLock> acquire(const std::string& path);
  DirectoryLock(DirectoryLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  DirectoryLock& operator=(DirectoryLock&&) = delete;
  DirectoryLock(const DirectoryLock&) = delete;
  ~DirectoryLock();

 private:
  explicit DirectoryLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

// Appends to a file (GitHub's $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT are appended to).
Status append_file(const std::string& path, std::string_view content);

}  // namespace perfgate::util
