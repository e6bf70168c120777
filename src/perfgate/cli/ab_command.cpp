// SPDX-License-Identifier: MIT
// `perf-gate ab SCENARIO --baseline-target URL --target URL`: interleaved A/B on one runner.
// Base and head alternate in short blocks (ABBA: base-head, head-base, …) so that drift and
// neighbours hit both sides alike; the verdict tests the paired per-round differences. Writes
// both sides' results (joined in sequence) and a normal verdict that every report reads.
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "perfgate/cli/command.h"
#include "perfgate/cli/load_flags.h"
#include "perfgate/cli/verdict_flags.h"
#include "perfgate/github/gate_config.h"
#include "perfgate/pipeline/interleaved_run.h"
#include "perfgate/pipeline/load_stage.h"
#include "perfgate/report/console_report.h"
#include "perfgate/results/result_file.h"
#include "perfgate/scenario/scenario_loader.h"
#include "perfgate/stats/interleaved.h"
#include "perfgate/stats/verdict_file.h"
#include "perfgate/util/duration.h"
#include "perfgate/util/error.h"

namespace perfgate::cli {
namespace {

struct AbArgs {
  std::string scenario_path;
  std::string baseline_target;
  std::string target;
  std::string profile;
  int rounds = 10;
  std::string block = "2s";
  int vus = 0;
  double rate = 0;
  int threads = 0;
  std::string thresholds;
  std::string out_dir = "perf-gate-ab";
  std::string out;
  bool insecure = false;
  bool http2 = false;
  std::string http_client = "auto";
  std::string progress = "auto";
  VerdictFlags verdict;
};

engine::RunOptions block_options(const AbArgs& args, const CLI::App& app) {
  engine::RunOptions options;
  options.profile = args.profile;
  auto block = util::parse_duration(args.block);
  if (!block || block->count() <= 0) {
    throw Fatal(Error::bad_input(
        fmt::format("--block: '{}' is not a positive duration (e.g. 2s, 500ms)", args.block)));
  }
  options.duration = *block;
  if (app.count("--vus")) options.vus = args.vus;
  if (app.count("--rate")) options.rate = args.rate;
  options.threads = args.threads;
  // auto: a line per round; plain or tty: each block's live progress too; off: neither.
  options.progress = args.progress == "tty"     ? engine::ProgressMode::tty
                     : args.progress == "plain" ? engine::ProgressMode::plain
                                                : engine::ProgressMode::off;
  options.http_version = args.http2 ? engine::HttpVersion::http2 : engine::HttpVersion::http1_1;
  options.tls_verify = args.insecure ? engine::TlsVerify::insecure : engine::TlsVerify::verify;
  options.http_client = http_client_named(args.http_client);
  return options;
}

void write_results(const std::filesystem::path& path, const results::RunResult& run) {
  if (auto status = results::write_result_file(path.string(), run); !status) {
    throw Fatal(status.error());
  }
}

ExitCode run_ab(const AbArgs& args, const CLI::App& app) {
  scenario::Scenario scenario = scenario::load_scenario(args.scenario_path).value_or_throw();
  std::optional<stats::ThresholdSet> thresholds;
  if (!args.thresholds.empty() && args.thresholds != github::k_no_thresholds) {
    thresholds = stats::load_thresholds(args.thresholds).value_or_throw();
  }
  const stats::ThresholdSet* rules = thresholds ? &*thresholds : nullptr;
  stats::CompareOptions compare = compare_options(args.verdict, rules);
  engine::RunOptions options = block_options(args, app);
  std::filesystem::path dir(args.out_dir);
  std::error_code ignored;
  std::filesystem::create_directories(dir, ignored);
  if (!std::filesystem::is_directory(dir)) {
    throw Fatal(Error::bad_input(
        fmt::format("--out-dir: '{}' is not a directory and cannot be created", args.out_dir)));
  }
  // Every SIGINT/SIGTERM only asks to stop: the block under way ends gracefully, and the
  // complete rounds are still judged and written.
  options.stop_flag = pipeline::install_stop_handlers();
  pipeline::InterleavedRun run = pipeline::run_interleaved(
      scenario, options, {args.baseline_target, args.target, args.rounds, args.progress != "off"});
  if (run.rounds.empty()) {
    fmt::print(stderr, "perf-gate: error: no complete round: nothing to compare\n");
    return pipeline::stop_requested() ? ExitCode::interrupted : ExitCode::runtime_error;
  }
  const results::RunResult& base = run.base;
  const results::RunResult& head = run.head;
  write_results(dir / "base.json", base);
  write_results(dir / "head.json", head);
  stats::Verdict verdict =
      stats::evaluate_interleaved(run.rounds, base, head, rules, compare).value_or_throw();
  std::string verdict_path = args.out.empty() ? (dir / "verdict.json").string() : args.out;
  if (auto written = stats::write_verdict_file(verdict_path, verdict); !written) {
    throw Fatal(written.error());
  }
  report::ReportInput input{verdict, &head, &base, nullptr};
  report::ConsoleOptions console;
  console.color = report::detect_color_mode(stdout);
  fmt::print("{}", report::render_console(input, console));
  fmt::print(stderr, "perf-gate: verdict written to {}; both sides' results in {}\n", verdict_path,
             dir.string());
  return verdict_exit_code(args.verdict, verdict.verdict);
}

}  // namespace

CommandAction setup_ab_command(CLI::App& app) {
  auto args = std::make_shared<AbArgs>();
  app.add_option("scenario", args->scenario_path, "Scenario file (YAML)")->required();
  app.add_option("--baseline-target", args->baseline_target,
                 "Base URL of the baseline (e.g. the main branch's service)")
      ->required();
  app.add_option("--target", args->target, "Base URL of the head (the change under test)")
      ->required();
  app.add_option("--profile", args->profile,
                 "Profile whose load each block runs (default: baseline, or the only one)");
  // Fewer than 5 rounds leave a paired t with 3 or 4 degrees of freedom (and one outlying round
  // set aside may leave 2): even a 3× change could not be shown.
  app.add_option("--rounds", args->rounds,
                 "Rounds of one base and one head block (default 10, at least 5)")
      ->check(CLI::Range(5, 1000));
  app.add_option("--block", args->block, "Length of each block (default 2s)");
  app.add_option("--vus", args->vus, "Closed model: N virtual users per block, flat")
      ->check(CLI::PositiveNumber);
  app.add_option("--rate", args->rate, "Open model: R iterations per second per block, flat")
      ->check(CLI::PositiveNumber);
  app.add_option("--threads", args->threads, "Worker threads (default: CPU cores)")
      ->check(CLI::PositiveNumber);
  app.add_option("--thresholds", args->thresholds,
                 "Thresholds file, applied to the head; none: no thresholds");
  app.add_option("--out-dir", args->out_dir,
                 "Directory for base.json, head.json and verdict.json (default perf-gate-ab)");
  app.add_option("--out", args->out, "Write the verdict here instead of OUT_DIR/verdict.json");
  app.add_flag("--insecure", args->insecure, "Do not verify TLS certificates");
  app.add_flag("--http2", args->http2, "Speak HTTP/2 (ALPN over TLS, prior knowledge over http)");
  add_http_client_flag(app, args->http_client);
  app.add_option("--progress", args->progress,
                 "auto: a line per round on stderr; plain or tty: each block's live progress "
                 "too; off: none")
      ->check(CLI::IsMember({"auto", "tty", "plain", "off"}))
      ->capture_default_str();
  add_verdict_flags(app, args->verdict, ThresholdProfileFlag::omit);
  CLI::App* self = &app;
  return [args, self] { return run_ab(*args, *self); };
}

}  // namespace perfgate::cli
