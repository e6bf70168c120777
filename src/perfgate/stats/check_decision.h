// SPDX-License-Identifier: MIT
// The gate-wide decision over estimated checks: p-values adjusted together per family (Holm by
// default), each check's three-way status, its detectable change and interval, and the one-line
// explanation a person reads. Shared by the baseline comparison and interleaved A/B.
#pragma once

#include <vector>

#include "perfgate/stats/compare.h"
#include "perfgate/stats/regression_methods.h"
#include "perfgate/stats/run_quality.h"

namespace perfgate::stats::detail {

// Whether the check's p-value is adjusted with the family's (and counts in its size): it has an
// estimate, belongs to `family`, and some data could show it worse.
bool in_family(const TestedMetric& tested, Family family);

// Finishes every check that has an estimate; the others keep their status and explanation.
// A disturbed run turns fails into inconclusive; warn-only checks never fail (nor, unable to
// judge, raise the verdict).
void decide_checks(std::vector<TestedMetric>& tested, const CompareOptions& options,
                   const RunQuality& quality);

}  // namespace perfgate::stats::detail
