// SPDX-License-Identifier: MIT
// The three-way answer of one regression check (equivalence testing, Schuirmann's TOST): `fail`
// when a regression is shown and its estimate is beyond the tolerance, `pass` when the upper
// confidence bound rules out a regression beyond the tolerance, `inconclusive` otherwise; and the
// smallest change the check could have detected at its noise and budget.
#pragma once

#include "perfgate/stats/noise_model.h"
#include "perfgate/stats/verdict.h"

namespace perfgate::stats {

// Which way a metric gets worse.
enum class Direction { higher_is_worse, lower_is_worse };

// An estimated change, signed so that > 0 is worse, in the units of its tolerance: the log
// ratio for latencies and throughput, the difference of rates for error rates.
struct ChangeEstimate {
  double worse = 0;           // point estimate
  double se = 0;              // its standard error
  double df = k_infinite_df;  // Student t degrees of freedom (infinite: normal)
};

// One-sided p-value of "no worse" (H0: worse <= 0).
double p_worse(const ChangeEstimate& estimate);
// One-sided confidence bounds at `level` (0.95: a 95 % upper bound).
double upper_bound(const ChangeEstimate& estimate, double level);
double lower_bound(const ChangeEstimate& estimate, double level);
// The smallest true change a one-sided test at `alpha` detects with probability `power`:
// (q(1 - alpha) + q(power)) · se, in the estimate's units.
double detectable_change(const ChangeEstimate& estimate, double alpha, double power);

struct ThreeWayLevels {
  double fail_alpha = 0.01;  // what adjusted p-values are compared with
  double pass_alpha = 0.05;  // 1 - the confidence of the upper bound a pass needs
};

// fail: adjusted_p < fail_alpha and worse > tolerance; pass: the (1 - pass_alpha) upper bound
// is under the tolerance; otherwise inconclusive.
Status decide(const ChangeEstimate& estimate, double tolerance, double adjusted_p,
              const ThreeWayLevels& levels);

}  // namespace perfgate::stats
