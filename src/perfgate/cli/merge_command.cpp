// SPDX-License-Identifier: MIT
// `perf-gate merge`: shards' results (an Actions matrix, a Kubernetes Indexed Job) into one
// result that is the same as one big run, because histograms and counters add exactly.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "perfgate/cli/command.h"
#include "perfgate/results/result_file.h"
#include "perfgate/util/log.h"

namespace perfgate::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> inputs;  // results files, two or more
  std::string out = "results.json";
};

// The same file twice would double-count every request (copies of one shard are caught by
// merge_results, which knows the shard ids).
void check_distinct(const std::vector<std::string>& inputs) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      std::error_code error;
      if (std::filesystem::equivalent(inputs[i], inputs[j], error)) {
        throw Fatal(Error::bad_input(
            fmt::format("{} and {} are the same file: merging it twice would count its "
                        "requests twice",
                        inputs[j], inputs[i])));
      }
    }
  }
}

ExitCode merge(const MergeOptions& options) {
  check_distinct(options.inputs);
  std::vector<results::RunResult> parts;
  for (const std::string& path : options.inputs) {
    parts.push_back(results::read_result_file(path).value_or_throw());
  }
  results::RunResult merged = results::merge_results(parts, options.inputs).value_or_throw();
  results::write_result_file(options.out, merged).value_or_throw();
  auto total = results::summarize(merged.metrics.total(), merged.meta.duration);
  results::ShardSet shards = results::shard_set(merged.meta);
  std::string what = shards.sharded()
                         ? fmt::format("{} of {} shards", shards.present.size(), shards.count)
                         : fmt::format("{} results", parts.size());
  fmt::print(stderr, "perf-gate: merged {} into {}: {} requests, {} errors, p95 {:.2f} ms\n", what,
             options.out, total.requests, total.errors, total.p95_ms);
  if (!shards.complete()) {
    util::warn(
        fmt::format("incomplete: {}; compare and gate report this run as incomplete (inconclusive)",
                    shards.describe_missing()));
  }
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
