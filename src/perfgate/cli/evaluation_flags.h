// SPDX-License-Identifier: MIT
// The comparison flags, the same on `compare` and `gate`: --alpha, --correction, --run-cv,
// --seed, --tolerance-for; and the reading of fail-on-all-errors (a flag of compare, an input of
// gate).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "perfgate/pipeline/evaluation.h"

namespace perfgate::cli {

// Adds the flags to `app`; they fill `settings` (--tolerance-for appends to its tolerances),
// which must outlive the parse.
void add_comparison_flags(CLI::App& app, pipeline::EvaluationSettings& settings);

// "true" (or empty): a run where every request failed fails the gate; "false": the checks
// decide. Throws Fatal (bad input naming `field`) for anything else.
pipeline::AllErrors parse_all_errors(const std::string& value, const std::string& field);

}  // namespace perfgate::cli
