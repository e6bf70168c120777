// SPDX-License-Identifier: MIT
// `perf-gate push RESULTS --out-metrics KIND=URL`: backfill a finished run (a results file) or a
// baseline (its latest run and its history) into InfluxDB or Prometheus, with the original
// timestamps, so that a run that streamed nothing (or a past one) shows on the dashboards.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "perfgate/cli/command.h"
#include "perfgate/cli/live_metrics.h"
#include "perfgate/live/backfill.h"
#include "perfgate/results/result_file.h"
#include "perfgate/stats/baseline_file.h"
#include "perfgate/util/duration.h"
#include "perfgate/util/log.h"

namespace perfgate::cli {
namespace {

struct PushArgs {
  std::string input;
  std::vector<std::string> out_metrics;
  std::string timeout = "60s";
};

// A results file's windows, or a baseline's latest run and its history.
live::Backfill load_points(const std::string& path) {
  auto run = results::read_result_file(path);
  if (run) return live::run_points(*run);
  auto baseline = stats::read_baseline_file(path);
  if (!baseline) throw Fatal(run.error());
  live::Backfill backfill = live::run_points(baseline->latest);
  auto history = live::history_points(*baseline);
  backfill.extra.insert(backfill.extra.end(), history.begin(), history.end());
  fmt::print(stderr, "perf-gate: {} is a baseline: its latest run and {} runs of history\n", path,
             baseline->history.size());
  return backfill;
}

ExitCode push(const PushArgs& args) {
  auto timeout = util::parse_duration(args.timeout);
  if (!timeout)
    throw Fatal(Error::bad_input(fmt::format("--timeout: '{}' is not a duration", args.timeout)));
  std::vector<live::SinkTarget> targets = parse_out_metrics(args.out_metrics);
  live::Backfill backfill = load_points(args.input);
  live::SinkOptions options;
  options.queue_windows = backfill.windows.size() + 1;  // nothing is dropped for want of room
  std::vector<std::unique_ptr<live::Sink>> sinks;
  for (const live::SinkTarget& target : targets) {
    sinks.push_back(std::make_unique<live::Sink>(target, options, net::make_curl_http_client()));
    for (const auto& window : backfill.windows) sinks.back()->push(window);
    sinks.back()->push(backfill.extra, live::Entry::extra);
  }
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::milliseconds>(*timeout);
  std::vector<live::SinkReport> reports = live::close_sinks(sinks, deadline);
  for (const live::SinkReport& report : reports) {
    fmt::print(stderr, "perf-gate: {}: {} points in {} windows written\n", report.display,
               report.points_sent, report.windows_sent);
  }
  std::vector<std::string> warnings = live::drop_warnings(reports);
  for (const std::string& warning : warnings) util::warn(warning);
  return warnings.empty() ? ExitCode::success : ExitCode::runtime_error;
}

}  // namespace

CommandAction setup_push_command(CLI::App& app) {
  auto args = std::make_shared<PushArgs>();
  app.add_option("results", args->input, "Results file (or baseline file) to push")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--out-metrics", args->out_metrics, k_out_metrics_help)->required();
  app.add_option("--timeout", args->timeout, "Give up sending after this long")
      ->capture_default_str();
  return [args] { return push(*args); };
}

}  // namespace perfgate::cli
