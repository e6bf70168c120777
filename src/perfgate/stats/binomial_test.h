// SPDX-License-Identifier: MIT
// Error rates are counts: exact tests, no normal approximation (error rates are often tiny).
#pragma once

#include <cstdint>

namespace perfgate::stats {

// One-sided Fisher exact test that the current run's error rate is higher than the baseline's:
// the hypergeometric P(X >= current_errors) given both runs' totals (scipy.stats.fisher_exact
// with alternative="greater" on [[current_errors, current_ok], [baseline_errors, baseline_ok]]).
double fisher_exact_greater(int64_t current_errors, int64_t current_requests,
                            int64_t baseline_errors, int64_t baseline_requests);

// One-sided exact binomial test: P(X >= errors) for X ~ Binomial(requests, rate)
// (scipy.stats.binomtest(errors, requests, rate, alternative="greater").pvalue).
double binomial_test_greater(int64_t errors, int64_t requests, double rate);

}  // namespace perfgate::stats
