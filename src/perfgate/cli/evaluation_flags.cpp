// SPDX-License-Identifier: MIT
#include "perfgate/cli/evaluation_flags.h"

#include <fmt/format.h>

#include "perfgate/util/error.h"

namespace perfgate::cli {

void add_comparison_flags(CLI::App& app, pipeline::EvaluationSettings& settings) {
  app.add_option("--tolerance-for", settings.tolerances,
                 "Per-metric or per-endpoint tolerance: p99=0.2, login:p95=25%, login:*=0.15");
  app.add_option("--alpha", settings.alpha,
                 "False-alarm rate of the whole gate's regression checks (default 0.01)")
      ->check(CLI::Range(1e-6, 0.5));
  app.add_option("--correction", settings.correction, "Multiple testing: holm (default), bh, none")
      ->check(CLI::IsMember({"holm", "bh", "none"}));
  app.add_option("--run-cv", settings.run_cv,
                 "One-run baselines: assumed run-to-run variation of a metric (default 0.05)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--seed", settings.seed, "Seed of the bootstrap and permutation tests");
}

pipeline::AllErrors parse_all_errors(const std::string& value, const std::string& field) {
  if (value.empty() || value == "true" || value == "True" || value == "TRUE") {
    return pipeline::AllErrors::fail;
  }
  if (value == "false" || value == "False" || value == "FALSE") {
    return pipeline::AllErrors::checks_decide;
  }
  Error error = Error::bad_input(fmt::format("'{}' is not true or false", value));
  error.field = field;
  throw Fatal(error);
}

}  // namespace perfgate::cli
