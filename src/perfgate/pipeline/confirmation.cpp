// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/confirmation.h"

#include <fmt/format.h>

#include "perfgate/pipeline/gate_prepare.h"
#include "perfgate/results/sequence.h"
#include "perfgate/util/log.h"

namespace perfgate::pipeline {
namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::steady_clock;

// Why no further run may start now; empty when one may.
std::string budget_refusal(const GateRun& run, microseconds last_run) {
  const github::GateConfig& config = run.config;
  if (run.stopped_by_signal) return "stopped by a signal";
  if (config.max_gate_time) {
    auto spent = duration_cast<microseconds>(steady_clock::now() - run.load_started);
    if (spent + last_run > *config.max_gate_time) {
      return fmt::format("another {} run would exceed max-gate-time ({} of {} spent)",
                         seconds_text(last_run), seconds_text(spent),
                         seconds_text(*config.max_gate_time));
    }
  }
  return {};
}

}  // namespace

void confirm_gate(GateRun& run) {
  if (!run.scenario || !stats::needs_confirmation(run.verdict)) return;
  if (run.config.confirm_runs <= 0) {
    if (!run.confirmation_limit.empty()) {
      run.verdict.notes.push_back("not confirmed by another run: " + run.confirmation_limit);
    }
    return;
  }
  stats::Status first = run.verdict.verdict;
  std::vector<results::RunResult>& parts = run.measured_runs;
  if (parts.empty()) parts.push_back(run.current);
  auto allowed = static_cast<size_t>(1 + run.config.confirm_runs);
  while (parts.size() < allowed && stats::needs_confirmation(run.verdict)) {
    microseconds last_run = parts.back().meta.duration + parts.back().meta.warmup;
    std::string refusal = budget_refusal(run, last_run);
    if (!refusal.empty()) {
      run.verdict.notes.push_back(fmt::format("not confirmed by another run: {}", refusal));
      break;
    }
    util::notice(fmt::format("the gate would be {} after {} run(s): confirming with run {} of {}",
                             stats::status_name(run.verdict.verdict), parts.size(),
                             parts.size() + 1, allowed));
    parts.push_back(measure_once(run));
    run.current = results::join_in_sequence(parts).value_or_throw();
    write_gate_results(run);
    run.evaluation.options.current_runs = static_cast<int>(parts.size());
    run.verdict = evaluate(run.current, run.evaluation).value_or_throw();
    if (run.stopped_by_signal) break;
  }
  if (parts.size() > 1) {
    run.verdict.notes.push_back(
        fmt::format("judged on {} runs of this code together: the first alone was {}", parts.size(),
                    stats::status_name(first)));
  }
}

}  // namespace perfgate::pipeline
