// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/interleaved_run.h"

#include <fmt/format.h>

#include <filesystem>

#include "perfgate/engine/run_plan.h"
#include "perfgate/pipeline/gate_run.h"
#include "perfgate/pipeline/load_stage.h"
#include "perfgate/results/result_file.h"
#include "perfgate/results/sequence.h"
#include "perfgate/util/error.h"
#include "perfgate/util/log.h"

namespace perfgate::pipeline {
namespace {

results::RunResult run_block(const scenario::Scenario& scenario, engine::RunOptions options,
                             const std::string& target) {
  options.target = target;
  return engine::run_load(scenario, options).value_or_throw();
}

double p50_ms(const results::RunResult& run) {
  return static_cast<double>(run.metrics.total().latency.value_at_percentile(50)) / 1e3;
}

bool stopped(const engine::RunOptions& options) {
  return options.stop_flag != nullptr && options.stop_flag->load();
}

results::RunResult join_side(const std::vector<stats::AbRound>& rounds,
                             results::RunResult stats::AbRound::*side, const std::string& target) {
  std::vector<results::RunResult> blocks;
  for (const stats::AbRound& round : rounds) blocks.push_back(round.*side);
  results::RunResult joined = results::join_in_sequence(blocks).value_or_throw();
  joined.meta.target = target;
  return joined;
}

// Each client adds its own per-request time (libcurl's is the larger), so both sides must run on
// the same one: `auto` picks native only when it fits both targets.
engine::HttpClient one_client_for_both(const engine::RunOptions& options,
                                       const InterleavedPlan& plan) {
  if (options.http_client != engine::HttpClient::automatic) return options.http_client;
  auto base =
      engine::resolve_http_client(options.http_client, plan.base_target, options.http_version);
  auto head =
      engine::resolve_http_client(options.http_client, plan.head_target, options.http_version);
  if (base && head && *base == *head) return *base;
  util::notice(fmt::format(
      "interleaved A/B: {} and {} need different HTTP clients under auto; both sides run on "
      "libcurl so that neither side's latency carries a different client's cost",
      plan.base_target, plan.head_target));
  return engine::HttpClient::curl;
}

}  // namespace

InterleavedRun run_interleaved(const scenario::Scenario& scenario,
                               const engine::RunOptions& requested, const InterleavedPlan& plan) {
  engine::RunOptions options = requested;
  options.http_client = one_client_for_both(requested, plan);
  InterleavedRun run;
  for (int i = 0; i < plan.rounds && !stopped(options); ++i) {
    stats::AbRound round;
    bool base_first = i % 2 == 0;  // ABBA: linear drift over a pair of rounds cancels
    const std::string& first = base_first ? plan.base_target : plan.head_target;
    const std::string& second = base_first ? plan.head_target : plan.base_target;
    (base_first ? round.base : round.head) = run_block(scenario, options, first);
    if (stopped(options)) break;
    (base_first ? round.head : round.base) = run_block(scenario, options, second);
    if (plan.print_rounds) {
      fmt::print(stderr, "perf-gate: ab round {}/{}: base p50 {:.2f} ms, head p50 {:.2f} ms\n",
                 i + 1, plan.rounds, p50_ms(round.base), p50_ms(round.head));
    }
    run.rounds.push_back(std::move(round));
  }
  if (!run.rounds.empty()) {
    run.base = join_side(run.rounds, &stats::AbRound::base, plan.base_target);
    run.head = join_side(run.rounds, &stats::AbRound::head, plan.head_target);
    if (stopped(options) && static_cast<int>(run.rounds.size()) < plan.rounds) {
      run.head.meta.interrupted = true;
      run.head.meta.interrupt_reason =
          fmt::format("stopped by a signal after {} of {} rounds", run.rounds.size(), plan.rounds);
    }
  }
  return run;
}

void run_gate_interleaved(GateRun& run) {
  if (!run.scenario) return;
  engine::RunOptions options = run.run_options;
  options.duration = run.config.ab_block;
  options.stop_flag = install_stop_handlers();
  InterleavedPlan plan;
  plan.base_target = run.config.baseline_target;
  plan.head_target = options.target.value_or(run.scenario->target);
  plan.rounds = run.config.ab_rounds;
  plan.print_rounds = options.progress != engine::ProgressMode::off;
  util::notice(fmt::format("interleaved A/B: {} rounds of {} s blocks, base {} and head {}",
                           plan.rounds, std::chrono::duration<double>(run.config.ab_block).count(),
                           plan.base_target, plan.head_target));
  InterleavedRun rounds = run_interleaved(*run.scenario, options, plan);
  run.stopped_by_signal = stop_requested();
  if (rounds.rounds.empty()) {
    throw Fatal(Error::runtime("interleaved A/B: no complete round: nothing to compare"));
  }
  fill_run_metadata(rounds.head.meta);
  fill_run_metadata(rounds.base.meta);
  for (const std::string& warning : rounds.head.warnings) util::warn("head: " + warning);
  for (const std::string& warning : rounds.base.warnings) util::warn("base: " + warning);
  std::filesystem::path dir(run.config.report_dir);
  for (auto [name, result] :
       {std::pair{"results.json", &rounds.head}, std::pair{"base-results.json", &rounds.base}}) {
    if (auto written = results::write_result_file((dir / name).string(), *result); !written) {
      util::warn(written.error().describe());
    }
  }
  run.current = std::move(rounds.head);
  run.ab_base = std::move(rounds.base);
  run.ab_rounds = std::move(rounds.rounds);
}

Result<stats::Verdict> evaluate_interleaved(const GateRun& run) {
  auto verdict =
      stats::evaluate_interleaved(run.ab_rounds, *run.ab_base, run.current,
                                  run.evaluation.thresholds_or_null(), run.evaluation.options);
  if (!verdict) return verdict;
  if (run.evaluation.all_errors == AllErrors::fail) {
    fail_when_every_request_failed(run.current, *verdict);
  }
  return verdict;
}

}  // namespace perfgate::pipeline
