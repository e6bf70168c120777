// SPDX-License-Identifier: MIT
// Verdicts for the webhook tests.
#pragma once

#include <fmt/format.h>

#include "perfgate/stats/verdict.h"

namespace perfgate::webhook::testing {

// `failed` failing regression checks and `passed` passing ones, finalized.
inline stats::Verdict make_verdict(int failed, int passed = 1, int warned = 0) {
  stats::Verdict verdict;
  verdict.current.scenario = "checkout";
  verdict.current.profile = "stress";
  verdict.current.git_sha = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
  auto add = [&](stats::Status status, int i) {
    stats::Check check;
    check.kind = stats::CheckKind::regression;
    check.endpoint = fmt::format("endpoint-{}", i);
    check.metric = "p95_ms";
    check.baseline = 412;
    check.current = 569;
    check.relative_change = 0.38;
    check.p_value = 0.002;
    check.status = status;
    check.explanation = fmt::format("p95 of endpoint-{} +38% (412 → 569 ms), beyond noise", i);
    verdict.checks.push_back(check);
  };
  for (int i = 0; i < failed; ++i) add(stats::Status::fail, i);
  for (int i = 0; i < warned; ++i) add(stats::Status::warn, 1000 + i);
  for (int i = 0; i < passed; ++i) add(stats::Status::pass, 2000 + i);
  verdict.finalize();
  return verdict;
}

}  // namespace perfgate::webhook::testing
