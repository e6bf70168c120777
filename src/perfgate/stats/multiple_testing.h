// SPDX-License-Identifier: MIT
// Multiple-testing control over all the checks of one gate: many endpoints × metrics would
// otherwise turn a 1 % false-alarm rate per test into a much larger one per gate.
#pragma once

#include <span>
#include <vector>

namespace perfgate::stats {

// Holm (the default): controls the family-wise error rate — the chance that a gate with no
// real change reports any regression — under any dependence between the tests, and is never
// less powerful than Bonferroni. Benjamini–Hochberg controls the false discovery rate instead
// (more power with many real changes, but no bound on false alarms per gate); none: raw p.
enum class MultipleTesting { holm, benjamini_hochberg, none };
const char* multiple_testing_name(MultipleTesting method);

// Adjusted p-values in the input order (R's p.adjust "holm" / "BH"), each in [0, 1]; a test is
// significant at family level alpha when its adjusted p-value is < alpha.
std::vector<double> holm_adjust(std::span<const double> p_values);
std::vector<double> benjamini_hochberg_adjust(std::span<const double> p_values);
std::vector<double> adjust_p_values(std::span<const double> p_values, MultipleTesting method);

}  // namespace perfgate::stats
