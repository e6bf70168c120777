// SPDX-License-Identifier: MIT
// `perf-gate run SCENARIO`: drive the scenario's profile against its target, write the results
// file, print a summary, and (with --thresholds) gate on absolute rules.
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "perfgate/cli/command.h"
#include "perfgate/cli/live_metrics.h"
#include "perfgate/cli/load_flags.h"
#include "perfgate/cli/shard_flags.h"
#include "perfgate/cli/verdict_flags.h"
#include "perfgate/engine/load_engine.h"
#include "perfgate/pipeline/load_stage.h"
#include "perfgate/pipeline/output_paths.h"
#include "perfgate/report/escape.h"
#include "perfgate/report/failed_requests.h"
#include "perfgate/results/result_file.h"
#include "perfgate/scenario/scenario_loader.h"
#include "perfgate/stats/thresholds.h"
#include "perfgate/util/duration.h"
#include "perfgate/util/error.h"
#include "perfgate/util/log.h"

namespace perfgate::cli {
namespace {

struct RunArgs {
  std::string scenario_path;
  std::string profile;
  std::string target;
  LoadFlags load;
  ShardFlags shard;
  std::string out = "results.json";
  std::string thresholds;
  bool insecure = false;
  bool http2 = false;
  std::vector<std::string> out_metrics;  // KIND=URL
  std::string metrics_flush_timeout = "5s";
  std::string fail_on_all_errors = "true";
};

engine::RunOptions to_options(const RunArgs& args, const CLI::App& app) {
  engine::RunOptions options;
  options.profile = args.profile;
  if (app.count("--target")) options.target = args.target;
  apply_load_flags(args.load, app, options);
  apply_shard_flags(args.shard, app, process_env_value, options);
  options.http_version = args.http2 ? engine::HttpVersion::http2 : engine::HttpVersion::http1_1;
  options.tls_verify = args.insecure ? engine::TlsVerify::insecure : engine::TlsVerify::verify;
  return options;
}

void print_summary(const results::RunResult& result) {
  fmt::print("{:<24} {:>9} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "endpoint", "requests", "errors",
             "rps", "p50 ms", "p95 ms", "p99 ms", "max ms");
  auto row = [&](const std::string& name, const metrics::EndpointMetrics& metrics) {
    results::EndpointSummary s = results::summarize(metrics, result.meta.duration);
    // Step names are the scenario author's text: no escape sequences or workflow commands.
    fmt::print("{:<24} {:>9} {:>7} {:>9.1f} {:>9.2f} {:>9.2f} {:>9.2f} {:>9.2f}\n",
               util::console_text(report::plain_line(name, 60)), s.requests, s.errors, s.rps,
               s.p50_ms, s.p95_ms, s.p99_ms, s.max_ms);
  };
  for (const auto& series : result.metrics.endpoints) row(series.name, series.totals);
  row("total", result.metrics.total());
  if (result.metrics.dropped_iterations > 0) {
    fmt::print("dropped iterations: {}\n", result.metrics.dropped_iterations);
  }
  if (std::string failures = report::plain_failures(result); !failures.empty()) {
    fmt::print("{}", util::console_text(failures));
  }
}

// Evaluates the thresholds at the end; returns whether any failed (and prints each that did).
bool thresholds_failed(const stats::ThresholdSet& thresholds, const results::RunResult& result) {
  auto checks = stats::evaluate_thresholds(thresholds, result, result.meta.profile);
  if (!checks) throw Fatal(checks.error());
  bool failed = false;
  for (const stats::Check& check : *checks) {
    if (check.status == stats::Status::fail) failed = true;
    if (check.status != stats::Status::pass) {
      fmt::print("threshold {}: {}\n", stats::status_name(check.status),
                 util::console_text(report::plain_line(check.explanation, 400)));
    }
  }
  return failed;
}

ExitCode run(const RunArgs& args, const CLI::App& app) {
  engine::RunOptions options = to_options(args, app);
  scenario::Scenario scenario = scenario::load_scenario(args.scenario_path).value_or_throw();
  std::optional<stats::ThresholdSet> thresholds;
  if (!args.thresholds.empty())
    thresholds = stats::load_thresholds(args.thresholds).value_or_throw();
  pipeline::prepare_output_file(args.out, "--out").value_or_throw();
  pipeline::AllErrors all_errors =
      parse_all_errors(args.fail_on_all_errors, "--fail-on-all-errors");
  auto flush = util::parse_duration(args.metrics_flush_timeout);
  if (!flush) throw Fatal(Error::bad_input("--metrics-flush-timeout: not a duration (e.g. 5s)"));
  auto publisher = start_live_metrics(
      args.out_metrics, std::chrono::duration_cast<std::chrono::milliseconds>(*flush), options);
  results::RunResult result =
      pipeline::run_load(scenario, options, thresholds ? &*thresholds : nullptr).value_or_throw();
  for (const std::string& warning : result.warnings) util::warn(warning);
  if (auto status = results::write_result_file(args.out, result); !status)
    throw Fatal(status.error());
  finish_live_metrics(publisher.get(), result);
  print_summary(result);
  if (result.meta.interrupted) {
    fmt::print(stderr, "perf-gate: run ended early: {}\n", result.meta.interrupt_reason);
  }
  fmt::print(stderr, "perf-gate: results written to {}\n", args.out);
  const metrics::EndpointMetrics total = result.metrics.total();
  if (total.requests == 0) {
    fmt::print(stderr, "perf-gate: error: no request completed: nothing was measured\n");
    return ExitCode::runtime_error;
  }
  if (thresholds && thresholds_failed(*thresholds, result)) return ExitCode::gate_failed;
  // A target that refused or failed every request was not measured either (`gate` and
  // `compare` fail such a run). A signal may cut short at most one request per VU: those
  // failures are the interruption's, not the target's.
  bool only_cut_short = result.meta.interrupted && total.requests <= result.meta.planned_vus;
  if (total.errors == total.requests && !only_cut_short &&
      all_errors == pipeline::AllErrors::fail) {
    fmt::print(stderr,
               "perf-gate: error: every one of the {} requests failed: the target was not "
               "measured (see the errors above; --fail-on-all-errors false leaves the exit code "
               "to the thresholds)\n",
               total.requests);
    return ExitCode::runtime_error;
  }
  return ExitCode::success;
}

}  // namespace

CommandAction setup_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  app.add_option("scenario", args->scenario_path, "Scenario file (YAML)")->required();
  app.add_option("--profile", args->profile, "Profile to run (default: baseline, or the only one)");
  app.add_option("--target", args->target, "Base URL, replacing the scenario's target");
  add_load_flags(app, args->load);
  add_http_client_flag(app, args->load.http_client);
  add_shard_flags(app, args->shard);
  app.add_option("--out", args->out, "Results file to write")->capture_default_str();
  app.add_option("--thresholds", args->thresholds, "Thresholds file: gate on absolute rules");
  app.add_flag("--insecure", args->insecure,
               "Do not verify TLS certificates (self-signed targets)");
  app.add_flag("--http2", args->http2,
               "Speak HTTP/2 (ALPN over TLS, prior knowledge over http://)");
  app.add_option("--out-metrics", args->out_metrics, k_out_metrics_help);
  app.add_option("--fail-on-all-errors", args->fail_on_all_errors,
                 "A run where every request failed exits 3, nothing measured (true), or the "
                 "thresholds decide (false)")
      ->capture_default_str();
  app.add_option("--metrics-flush-timeout", args->metrics_flush_timeout,
                 "At the end, wait at most this long for the metrics sinks")
      ->capture_default_str();
  CLI::App* self = &app;
  return [args, self] { return run(*args, *self); };
}

}  // namespace perfgate::cli
