// SPDX-License-Identifier: MIT
// `perf-gate run SCENARIO`: drive the scenario's profile against its target, write the results
// file, print a summary, and (with --thresholds) gate on absolute rules.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "perfgate/cli/command.h"
#include "perfgate/cli/stop_signals.h"
#include "perfgate/engine/load_engine.h"
#include "perfgate/report/escape.h"
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
  int vus = 0;
  double rate = 0;
  std::string duration;
  int threads = 0;
  int max_vus = 0;
  int64_t max_requests = 0;
  std::string out = "results.json";
  std::string thresholds;
  std::string progress = "auto";
  bool insecure = false;
  bool http2 = false;
};

std::string command_output(const char* command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command, "r"), pclose);
  if (!pipe) return {};
  std::string text;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe.get()) != nullptr) text += buffer;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

void fill_environment(results::RunMetadata& meta) {
  const char* sha = std::getenv("GITHUB_SHA");
  meta.git_sha = sha != nullptr ? sha : command_output("git rev-parse HEAD 2>/dev/null");
  const char* ref = std::getenv("GITHUB_REF");
  meta.git_ref = ref != nullptr ? ref : command_output("git symbolic-ref -q HEAD 2>/dev/null");
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) meta.host = host;
}

engine::RunOptions to_options(const RunArgs& args, const CLI::App& app) {
  engine::RunOptions options;
  options.profile = args.profile;
  if (app.count("--target")) options.target = args.target;
  if (app.count("--vus")) options.vus = args.vus;
  if (app.count("--rate")) options.rate = args.rate;
  if (app.count("--duration")) {
    auto duration = util::parse_duration(args.duration);
    if (!duration) {
      throw Fatal(Error::bad_input(
          fmt::format("--duration: '{}' is not a duration (e.g. 30s, 2m)", args.duration)));
    }
    options.duration = *duration;
  }
  options.threads = args.threads;
  if (app.count("--max-vus")) options.max_vus = args.max_vus;
  if (app.count("--max-requests")) options.max_requests = args.max_requests;
  options.progress = args.progress == "tty"     ? engine::ProgressMode::tty
                     : args.progress == "plain" ? engine::ProgressMode::plain
                     : args.progress == "off"   ? engine::ProgressMode::off
                                                : engine::ProgressMode::automatic;
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

// The results file's directory must exist and be writable before any load is sent: finding out
// after a long run would lose it.
void check_output_path(const std::string& out) {
  if (out == "-") return;
  std::filesystem::path dir = std::filesystem::path(out).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code error;
  if (std::filesystem::is_directory(out, error)) {
    throw Fatal(Error::bad_input(fmt::format("--out {}: is a directory", out)));
  }
  if (!std::filesystem::is_directory(dir, error) || ::access(dir.c_str(), W_OK) != 0) {
    throw Fatal(Error::bad_input(fmt::format(
        "--out {}: the directory {} does not exist or is not writable", out, dir.string())));
  }
}

ExitCode run(const RunArgs& args, const CLI::App& app) {
  check_output_path(args.out);
  engine::RunOptions options = to_options(args, app);
  scenario::Scenario scenario = scenario::load_scenario(args.scenario_path).value_or_throw();
  std::optional<stats::ThresholdSet> thresholds;
  if (!args.thresholds.empty())
    thresholds = stats::load_thresholds(args.thresholds).value_or_throw();
  if (thresholds) {
    const stats::ThresholdSet& set = *thresholds;
    options.abort_check = [&set](const results::RunResult& partial) {
      return stats::abort_reason(set, partial, partial.meta.profile, partial.meta.duration);
    };
  }
  handle_stop_signals(options);
  results::RunResult result = engine::run_load(scenario, options).value_or_throw();
  fill_environment(result.meta);
  for (const std::string& warning : result.warnings) util::warn(warning);
  if (auto status = results::write_result_file(args.out, result); !status)
    throw Fatal(status.error());
  print_summary(result);
  if (result.meta.interrupted) {
    util::notice("run ended early: " + result.meta.interrupt_reason);
  }
  fmt::print(stderr, "perf-gate: results written to {}\n", args.out);
  if (result.metrics.total().requests == 0) {
    fmt::print(stderr, "perf-gate: error: no request completed: nothing was measured\n");
    return ExitCode::runtime_error;
  }
  if (thresholds && thresholds_failed(*thresholds, result)) return ExitCode::gate_failed;
  return ExitCode::success;
}

}  // namespace

CommandAction setup_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  app.add_option("scenario", args->scenario_path, "Scenario file (YAML)")->required();
  app.add_option("--profile", args->profile, "Profile to run (default: baseline, or the only one)");
  app.add_option("--target", args->target, "Base URL, replacing the scenario's target");
  app.add_option("--vus", args->vus, "Closed model: run N virtual users, flat")
      ->check(CLI::PositiveNumber);
  app.add_option("--rate", args->rate, "Open model: start R iterations per second, flat")
      ->check(CLI::PositiveNumber);
  app.add_option("--duration", args->duration,
                 "Duration of --vus/--rate or of a flat profile (30s, 2m)");
  app.add_option("--threads", args->threads, "Worker threads (default: CPU cores)")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-vus", args->max_vus, "Open model: cap on concurrent iterations")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-requests", args->max_requests, "Stop after this many requests")
      ->check(CLI::PositiveNumber);
  app.add_option("--out", args->out, "Results file to write")->capture_default_str();
  app.add_option("--thresholds", args->thresholds, "Thresholds file: gate on absolute rules");
  app.add_option("--progress", args->progress, "Live progress on stderr")
      ->check(CLI::IsMember({"auto", "tty", "plain", "off"}))
      ->capture_default_str();
  app.add_flag("--insecure", args->insecure,
               "Do not verify TLS certificates (self-signed targets)");
  app.add_flag("--http2", args->http2,
               "Speak HTTP/2 (ALPN over TLS, prior knowledge over http://)");
  CLI::App* self = &app;
  return [args, self] { return run(*args, *self); };
}

}  // namespace perfgate::cli
