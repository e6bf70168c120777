// SPDX-License-Identifier: MIT
// Shared by the importer tests: the copies of real k6 and Artillery outputs (tests/data/import).
#pragma once

#include <string>

#include "perfgate/util/file.h"
#include "support/test_paths.h"

namespace perfgate::importers::test {

inline std::string data_path(const std::string& name) {
  return (perfgate::test::source_dir() / "tests/data/import" / name).string();
}

inline std::string data_text(const std::string& name) {
  auto text = util::read_file(data_path(name));
  return text ? *text : std::string();
}

// Within `relative` of `expected` (the source's figure), for percentiles read back from a
// histogram whose slots are 1/128 wide.
inline bool near(double actual, double expected, double relative) {
  return actual >= expected * (1 - relative) && actual <= expected * (1 + relative);
}

}  // namespace perfgate::importers::test
