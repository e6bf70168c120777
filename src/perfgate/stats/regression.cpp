// SPDX-License-Identifier: MIT
#include "perfgate/stats/regression.h"

namespace perfgate::stats {

BaselineComparison compare_with_baseline(const results::RunResult& /*current*/,
                                         const Baseline& /*baseline*/,
                                         const CompareOptions& /*options*/) {
  BaselineComparison comparison;
  comparison.notes.push_back("baseline comparison: not implemented yet");
  return comparison;
}

}  // namespace perfgate::stats
