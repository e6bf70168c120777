// SPDX-License-Identifier: MIT
// Paths the tests need: the source tree, tests/data, the built binary, and scratch directories.
#pragma once

#include <filesystem>
#include <string>

namespace perfgate::test {

std::filesystem::path source_dir();        // the repository
std::filesystem::path data_dir();          // tests/data in the repository
std::filesystem::path perf_gate_binary();  // the built perf-gate

// A fresh, empty directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  std::string file(const std::string& name) const { return (m_path / name).string(); }

 private:
  std::filesystem::path m_path;
};

}  // namespace perfgate::test
