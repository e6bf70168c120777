// SPDX-License-Identifier: MIT
// `perf-gate merge`: shards' results (an Actions matrix, a Kubernetes Indexed Job) into one
// result that is the same as one big run, because histograms and counters add exactly.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "perfgate/cli/command.h"
#include "perfgate/results/result_file.h"

namespace perfgate::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> inputs;  // results files, two or more
  std::string out = "results.json";
};

ExitCode merge(const MergeOptions& options) {
  std::vector<results::RunResult> parts;
  for (const std::string& path : options.inputs) {
    parts.push_back(results::read_result_file(path).value_or_throw());
  }
  results::RunResult merged = results::merge_results(parts).value_or_throw();
  results::write_result_file(options.out, merged).value_or_throw();
  auto total = results::summarize(merged.metrics.total(), merged.meta.duration);
  fmt::print(stderr,
             "perf-gate: merged {} results into {}: {} requests, {} errors, p95 {:.2f} ms\n",
             parts.size(), options.out, total.requests, total.errors, total.p95_ms);
  return ExitCode::success;
}

}  // namespace

CommandAction setup_merge_command(CLI::App& app) {
  auto options = std::make_shared<MergeOptions>();
  app.add_option("results", options->inputs, "Results files of the shards")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("-o,--out", options->out, "Where to write the merged results")
      ->capture_default_str();
  return [options] { return merge(*options); };
}

}  // namespace perfgate::cli
