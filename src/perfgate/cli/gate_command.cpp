// SPDX-License-Identifier: MIT
// `perf-gate gate`: the whole CI job, and the GitHub Action's entry point. Run the profile (or
// read --results), evaluate against thresholds and baseline, write the reports, the job summary
// and annotations, publish to GitHub, trigger the rollback webhook, set the outputs, and exit
// with the gate's code. Configuration: action inputs (INPUT_*) and flags; flags win.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "perfgate/ci/runner_env.h"
#include "perfgate/cli/command.h"
#include "perfgate/cli/live_metrics.h"
#include "perfgate/cli/load_flags.h"
#include "perfgate/cli/report_flags.h"
#include "perfgate/cli/verdict_flags.h"
#include "perfgate/github/gate_config.h"
#include "perfgate/github/workflow_commands.h"
#include "perfgate/net/http_client.h"
#include "perfgate/pipeline/baseline_store.h"
#include "perfgate/pipeline/confirmation.h"
#include "perfgate/pipeline/evaluation.h"
#include "perfgate/pipeline/gate_prepare.h"
#include "perfgate/pipeline/gate_run.h"
#include "perfgate/pipeline/interleaved_run.h"
#include "perfgate/pipeline/publish_stage.h"
#include "perfgate/pipeline/render_stage.h"
#include "perfgate/report/console_report.h"
#include "perfgate/report/markdown_report.h"
#include "perfgate/util/log.h"

namespace perfgate::cli {
namespace {

using pipeline::GateRun;
using pipeline::print_command;

struct GateFlags {
  std::map<std::string, std::string> values;  // storage for every input's flag
  std::vector<std::pair<std::string, CLI::Option*>> options;
  LoadFlags load;                     // --vus, --duration, … (flags only)
  VerdictFlags comparison;            // --alpha, --seed, … (flags only)
  report::ReportPaths extra_reports;  // --markdown FILE, … beside report-dir's
  const CLI::App* app = nullptr;
  std::map<std::string, std::string> given() const {
    std::map<std::string, std::string> out;
    for (const auto& [name, option] : options) {
      if (option->count() == 0) continue;
      // A bare boolean flag (`--insecure`) means true, as on `run`.
      const std::string& value = values.at(name);
      out[name] = value.empty() && option->get_expected_min() == 0 ? "true" : value;
    }
    return out;
  }
};

// Secrets are registered with the runner's masker first, straight from the inputs and flags, so
// that even a configuration error cannot print one unmasked.
void mask_secrets(const GateFlags& flags, const ci::EnvLookup& env,
                  const ci::RunnerContext& runner) {
  if (!runner.on_actions) return;
  auto given = flags.given();
  for (const char* name : {"github-token", "rollback-secret", "rollback-webhook"}) {
    std::string value = given.count(name) ? given[name] : ci::get_input(env, name);
    if (value.starts_with("${{")) continue;
    print_command(github::format_add_mask(value));
  }
  std::fflush(stdout);
}

ci::EventInfo read_event_or_fallback(const ci::RunnerContext& runner) {
  auto event = ci::read_event(runner);
  if (event) return std::move(*event);
  util::warn(fmt::format("cannot read the event payload ({}); continuing without it",
                         event.error().describe()));
  ci::EventInfo info;
  info.name = runner.event_name;
  info.kind = ci::event_kind_from_name(runner.event_name);
  info.head_sha = runner.sha;
  return info;
}

pipeline::EvaluationSettings evaluation_settings(const GateFlags& flags,
                                                 const github::GateConfig& config) {
  pipeline::EvaluationSettings settings = evaluation_settings(flags.comparison);
  if (config.thresholds.empty()) {
    util::notice(
        fmt::format("no thresholds given: gating on the built-in default ({}); "
                    "thresholds: none turns it off",
                    "http_req_failed rate<0.01"));
    settings.thresholds_text = github::k_default_thresholds;
    settings.thresholds_source = "the built-in default thresholds";
  } else if (config.thresholds != github::k_no_thresholds) {
    settings.thresholds_path = config.thresholds;
  }
  settings.baseline_path = config.baseline;
  settings.profile = config.profile;
  // The tolerance input first, so that --tolerance-for refines it.
  if (!config.tolerance.empty())
    settings.tolerances.insert(settings.tolerances.begin(), config.tolerance);
  settings.all_errors =
      config.fail_on_all_errors ? pipeline::AllErrors::fail : pipeline::AllErrors::checks_decide;
  return settings;
}

// The command line's part of the plan: the load shape, the comparison settings, report copies.
pipeline::GatePlan plan_from(const GateFlags& flags, const github::GateConfig& config) {
  pipeline::GatePlan plan;
  plan.evaluation = evaluation_settings(flags, config);
  engine::RunOptions& options = plan.run_options;
  options.profile = config.profile;
  if (!config.target.empty()) options.target = config.target;
  apply_load_flags(flags.load, *flags.app, options);
  options.http_version = config.http2 ? engine::HttpVersion::http2 : engine::HttpVersion::http1_1;
  options.tls_verify = config.insecure ? engine::TlsVerify::insecure : engine::TlsVerify::verify;
  options.http_client = http_client_named(config.http_client);
  plan.extra_reports = flags.extra_reports;
  return plan;
}

ExitCode run_gate(const GateFlags& flags) {
  GateRun run;
  ci::EnvLookup env = ci::process_env();
  run.runner = ci::read_runner_context(env);
  mask_secrets(flags, env, run.runner);
  run.config = github::resolve_gate_config(flags.given(), env).value_or_throw();
  std::unique_ptr<live::Publisher> live_metrics;
  std::unique_ptr<net::HttpClient> http = net::make_curl_http_client();
  try {
    pipeline::GatePlan plan = plan_from(flags, run.config);
    pipeline::fetch_baseline(run, *http, plan.evaluation);
    pipeline::prepare_gate(run, plan);
    if (run.scenario) {
      live_metrics =
          start_live_metrics(run.config.metrics_urls, std::chrono::seconds(5), run.run_options);
    }
  } catch (const Fatal& fatal) {
    throw Fatal(github::with_input_origin(fatal.error(), run.config));
  }
  run.event = read_event_or_fallback(run.runner);
  bool interleaved = run.scenario && !run.config.baseline_target.empty();
  if (interleaved) {
    pipeline::run_gate_interleaved(run);
  } else {
    pipeline::run_gate_load(run);
  }
  if (run.scenario) finish_live_metrics(live_metrics.get(), run.current);
  run.verdict = interleaved ? pipeline::evaluate_interleaved(run).value_or_throw()
                            : pipeline::evaluate(run.current, run.evaluation).value_or_throw();
  if (!interleaved) pipeline::confirm_gate(run);
  run.gate_id = run.config.id.empty() ? report::default_report_id(run.verdict) : run.config.id;
  pipeline::write_report_files(run);
  pipeline::write_extra_reports(run, flags.extra_reports);
  pipeline::write_summary_and_annotations(run);
  if (run.stopped_by_signal) {
    // A cancelled job: what was measured is written, but nothing is published or rolled back
    // on a run that did not finish.
    util::notice("stopped by a signal: not publishing to GitHub and not rolling back");
  } else {
    pipeline::publish(run, *http);
    pipeline::roll_back(run, *http);
  }
  // After publishing: the verdict is out even when the store cannot be written.
  Status stored = pipeline::update_stored_baseline(run, *http);
  if (!stored) {
    util::warn(fmt::format("baseline not updated: {}", stored.error().describe()));
    if (run.runner.on_actions) {
      print_command(github::format_annotation({github::AnnotationLevel::error,
                                               "perf-gate: baseline not updated",
                                               stored.error().describe(), "", 0}));
    }
  }
  pipeline::write_outputs(run);
  // The log shows what the PR comment shows: every problem check, why requests failed, notes.
  // No colour: console_text (no workflow commands from names) would escape the sequences.
  report::ConsoleOptions console;
  fmt::print(stderr, "perf-gate: {}",
             util::console_text(report::render_console(pipeline::report_input(run), console)));
  util::notice(fmt::format("reports in {} (report.md, report.html, junit.xml, report.json)",
                           run.config.report_dir));
  if (pipeline::gate_failed(run)) return ExitCode::gate_failed;
  if (!stored) return ExitCode::runtime_error;
  if (!run.published.errors.empty() && run.config.fail_on_publish_error)
    return ExitCode::runtime_error;
  return ExitCode::success;
}

}  // namespace

CommandAction setup_gate_command(CLI::App& app) {
  auto flags = std::make_shared<GateFlags>();
  for (const github::GateInput& input : github::gate_inputs()) {
    std::string& storage = flags->values[input.name];
    std::string_view default_value = input.default_value;
    std::string help = default_value.empty()
                           ? fmt::format("{} (input `{}`)", input.description, input.name)
                           : fmt::format("{} (input `{}`, default {})", input.description,
                                         input.name, default_value);
    CLI::Option* option = app.add_option(fmt::format("--{}", input.name), storage, help);
    if (default_value == "true" || default_value == "false") option->expected(0, 1);
    flags->options.emplace_back(input.name, option);
  }
  add_load_flags(app, flags->load);
  add_comparison_flags(app, flags->comparison);
  add_report_flags(app, flags->extra_reports);
  flags->app = &app;
  app.footer(
      "Every flag can also come from the action input of the same name (INPUT_<NAME> in the "
      "environment, as the GitHub runner sets it); a flag wins over the input.");
  return [flags] { return run_gate(*flags); };
}

}  // namespace perfgate::cli
