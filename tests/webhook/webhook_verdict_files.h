// SPDX-License-Identifier: MIT
// A directory of verdict files for the verdict server tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "perfgate/stats/verdict_file.h"
#include "support/test_paths.h"

namespace perfgate::webhook::testing {

// A finalized verdict for `scenario`/`profile` at `time` with a total p95 check of `status`.
inline stats::Verdict verdict_for(const std::string& scenario, const std::string& profile,
                                  const std::string& time, stats::Status status,
                                  double p95_ms = 250) {
  stats::Verdict verdict;
  verdict.current.scenario = scenario;
  verdict.current.profile = profile;
  verdict.current.time = time;
  verdict.current.git_sha = "abc1234";
  stats::Check check;
  check.kind = stats::CheckKind::regression;
  check.metric = "p95_ms";
  check.baseline = 200;
  check.current = p95_ms;
  check.status = status;
  check.explanation = "p95 of the total";
  verdict.checks.push_back(check);
  verdict.finalize();
  return verdict;
}

inline void write_verdict(const test::TempDir& dir, const std::string& name,
                          const stats::Verdict& verdict) {
  ASSERT_TRUE(stats::write_verdict_file(dir.file(name), verdict).ok());
}

}  // namespace perfgate::webhook::testing
