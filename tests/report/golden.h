// SPDX-License-Identifier: MIT
// Golden-file comparison: tests/data/report/<name> holds the expected text. Regenerate all with
// PERFGATE_UPDATE_GOLDEN=1 (then review the diff before committing).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "perfgate/util/version.h"
#include "support/test_paths.h"

namespace perfgate::report::test {

// The version changes with every release; goldens hold a placeholder instead.
inline std::string without_version(std::string text) {
  const std::string version = util::k_version;
  for (size_t pos = text.find(version); pos != std::string::npos; pos = text.find(version, pos)) {
    text.replace(pos, version.size(), "VERSION");
  }
  return text;
}

inline void expect_golden(const std::string& name, const std::string& actual) {
  auto path = perfgate::test::source_dir() / "tests" / "data" / "report" / name;
  std::string text = without_version(actual);
  const char* update = std::getenv("PERFGATE_UPDATE_GOLDEN");
  if (update != nullptr && update[0] != '\0' && update[0] != '0') {
    std::ofstream(path, std::ios::binary) << text;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << " (PERFGATE_UPDATE_GOLDEN=1 creates it)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(expected.str(), text) << "differs from " << path
                                  << " (PERFGATE_UPDATE_GOLDEN=1 regenerates it)";
}

}  // namespace perfgate::report::test
