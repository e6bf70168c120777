// SPDX-License-Identifier: MIT
#include "support/test_paths.h"

#include <stdlib.h>

#include <stdexcept>

namespace perfgate::test {

std::filesystem::path source_dir() {
  return PERFGATE_SOURCE_DIR;
}
std::filesystem::path data_dir() {
  return PERFGATE_DATA_DIR;
}
std::filesystem::path perf_gate_binary() {
  return PERFGATE_BINARY;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "perfgate-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  m_path = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

}  // namespace perfgate::test
