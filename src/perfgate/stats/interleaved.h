// SPDX-License-Identifier: MIT
// The verdict of an interleaved A/B run: base and head alternate in short blocks on one runner
// (ABBA), so drift and neighbours hit both sides alike, and every regression check tests the
// paired per-round differences (Kalibera & Jones, "Rigorous Benchmarking in Reasonable Time",
// ISMM 2013). The verdict is an ordinary Verdict: reports, publishers and the verdict server
// read it as any other; each check's method names the interleaved test.
#pragma once

#include <vector>

#include "perfgate/results/run_result.h"
#include "perfgate/stats/compare.h"
#include "perfgate/stats/thresholds.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::stats {

struct AbRound {
  results::RunResult base;
  results::RunResult head;
};

// `base` and `head` are the rounds' sides joined in sequence (results::join_in_sequence):
// what the checks show as the two values, and what thresholds (when given) are applied to
// (the head). bad_input for no rounds or rounds of different scenarios or profiles.
Result<Verdict> evaluate_interleaved(const std::vector<AbRound>& rounds,
                                     const results::RunResult& base, const results::RunResult& head,
                                     const ThresholdSet* thresholds, const CompareOptions& options);

}  // namespace perfgate::stats
