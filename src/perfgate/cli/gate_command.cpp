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

#include "perfgate/cli/command.h"
#include "perfgate/cli/stop_signals.h"
#include "perfgate/engine/load_engine.h"
#include "perfgate/github/action_env.h"
#include "perfgate/github/gate_config.h"
#include "perfgate/github/gate_publish.h"
#include "perfgate/github/gate_summary.h"
#include "perfgate/github/github_client.h"
#include "perfgate/github/workflow_commands.h"
#include "perfgate/report/markdown_report.h"
#include "perfgate/report/report_files.h"
#include "perfgate/results/result_file.h"
#include "perfgate/scenario/scenario_loader.h"
#include "perfgate/stats/baseline_file.h"
#include "perfgate/stats/compare.h"
#include "perfgate/stats/thresholds.h"
#include "perfgate/util/log.h"
#include "perfgate/webhook/rollback.h"

namespace perfgate::cli {
namespace {

struct GateFlags {
  std::map<std::string, std::string> values;  // storage for every input's flag
  std::vector<std::pair<std::string, CLI::Option*>> options;
  std::map<std::string, std::string> given() const {
    std::map<std::string, std::string> out;
    for (const auto& [name, option] : options) {
      if (option->count() > 0) out[name] = values.at(name);
    }
    return out;
  }
};

// Everything the stages share.
struct GateRun {
  github::GateConfig config;
  github::RunnerContext runner;
  github::EventInfo event;
  results::RunResult current;
  std::optional<stats::Baseline> baseline;
  stats::Verdict verdict;
  report::ReportPaths paths;
  std::string gate_id;
  github::PublishReport published;
};

void print_command(const std::string& line) {
  if (!line.empty()) fmt::print("{}\n", line);
}

// Secrets are registered with the runner's masker first, straight from the inputs and flags, so
// that even a configuration error cannot print one unmasked.
void mask_secrets(const GateFlags& flags, const github::EnvLookup& env,
                  const github::RunnerContext& runner) {
  if (!runner.on_actions) return;
  auto given = flags.given();
  for (const char* name : {"github-token", "rollback-secret", "rollback-webhook"}) {
    std::string value = given.count(name) ? given[name] : github::get_input(env, name);
    if (value.starts_with("${{")) continue;
    print_command(github::format_add_mask(value));
  }
  std::fflush(stdout);
}

github::EventInfo read_event_or_fallback(const github::RunnerContext& runner) {
  auto event = github::read_event(runner);
  if (event) return std::move(*event);
  util::warn(fmt::format("cannot read the event payload ({}); continuing without it",
                         event.error().describe()));
  github::EventInfo info;
  info.name = runner.event_name;
  info.kind = github::event_kind_from_name(runner.event_name);
  info.head_sha = runner.sha;
  return info;
}

results::RunResult run_or_read(const github::GateConfig& config) {
  if (!config.results.empty()) return results::read_result_file(config.results).value_or_throw();
  scenario::Scenario scenario = scenario::load_scenario(config.scenario).value_or_throw();
  engine::RunOptions options;
  options.profile = config.profile;
  if (!config.target.empty()) options.target = config.target;
  options.progress = engine::ProgressMode::automatic;
  handle_stop_signals(options);  // issue 11: a second signal must not lose the run
  results::RunResult run = engine::run_load(scenario, options).value_or_throw();
  std::string path = (std::filesystem::path(config.report_dir) / "results.json").string();
  if (auto written = results::write_result_file(path, run); !written) {
    util::warn(written.error().describe());
  }
  return run;
}

std::optional<stats::Baseline> load_baseline(const std::string& path) {
  if (path.empty()) return std::nullopt;
  if (!std::filesystem::exists(path)) {
    util::notice(fmt::format("baseline '{}' does not exist yet: gating on thresholds only", path));
    return std::nullopt;
  }
  auto baseline = stats::read_baseline_file(path);
  if (!baseline) {
    Error error = baseline.error();
    error.kind = ErrorKind::bad_input;
    throw Fatal(error);
  }
  return std::move(*baseline);
}

void evaluate(GateRun& run) {
  std::optional<stats::ThresholdSet> thresholds;
  if (!run.config.thresholds.empty()) {
    thresholds = stats::load_thresholds(run.config.thresholds).value_or_throw();
  }
  run.baseline = load_baseline(run.config.baseline);
  stats::CompareOptions options;
  options.profile = run.config.profile;
  if (thresholds && thresholds->tolerances)
    options.tolerances.override_with(*thresholds->tolerances);
  if (!run.config.tolerance.empty()) {
    if (auto status = stats::apply_tolerance_flag(options.tolerances, run.config.tolerance);
        !status) {
      Error error = status.error();
      error.field = "tolerance";
      throw Fatal(error);
    }
  }
  run.verdict = stats::evaluate(run.current, run.baseline ? &*run.baseline : nullptr,
                                thresholds ? &*thresholds : nullptr, options)
                    .value_or_throw();
}

report::ReportInput report_input(const GateRun& run) {
  return {run.verdict, &run.current, run.baseline ? &run.baseline->latest : nullptr,
          run.baseline ? &*run.baseline : nullptr};
}

std::string render(const GateRun& run, size_t max_chars) {
  report::MarkdownOptions options;
  options.id = run.gate_id;
  options.max_chars = max_chars;
  if (!run.runner.run_url().empty()) {
    options.full_report_hint = fmt::format("[the workflow run]({})", run.runner.run_url());
  }
  return report::render_markdown(report_input(run), options);
}

// A report directory that is a file (or cannot be created) is bad input, found before any load.
void check_report_dir(const std::string& report_dir) {
  std::error_code ec;
  std::filesystem::create_directories(report_dir, ec);
  if (!std::filesystem::is_directory(report_dir, ec)) {
    throw Fatal(
        Error::bad_input(fmt::format("--report-dir {}: not a directory and cannot be created{}",
                                     report_dir, ec ? ": " + ec.message() : std::string())));
  }
}

void write_report_files(GateRun& run) {
  std::filesystem::path dir(run.config.report_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  run.paths.markdown = (dir / "report.md").string();
  run.paths.html = (dir / "report.html").string();
  run.paths.junit = (dir / "junit.xml").string();
  run.paths.json = (dir / "report.json").string();
  run.paths.id = run.gate_id;
  run.paths.markdown_max_chars = report::k_step_summary_limit;
  if (auto written = report::write_reports(report_input(run), run.paths); !written) {
    util::warn(fmt::format("reports: {}", written.error().describe()));
  }
}

void write_summary_and_annotations(const GateRun& run) {
  if (!run.runner.step_summary_path.empty()) {
    // Leave room for other steps' summaries in the same file.
    auto how = github::append_step_summary(run.runner.step_summary_path,
                                           render(run, report::k_step_summary_limit / 2) + "\n");
    if (!how) util::warn(fmt::format("job summary: {}", how.error().describe()));
  }
  if (!run.runner.on_actions) return;
  for (const github::Annotation& a :
       github::cap_annotations(github::verdict_annotations(run.verdict))) {
    print_command(github::format_annotation(a));
  }
}

bool gate_failed(const GateRun& run) {
  return github::gate_fails(run.config.fail_on, run.verdict.verdict == stats::Status::fail,
                            run.verdict.verdict == stats::Status::warn);
}

void publish(GateRun& run, net::HttpClient& http) {
  github::PublishInput input;
  // Room for the sticky marker and the run link that publishing adds (fit_body's 65,000 bytes).
  input.markdown = render(run, 64'000);
  input.title = report::one_line_summary(run.verdict);
  input.verdict_failed = run.verdict.verdict == stats::Status::fail;
  input.verdict_warned = run.verdict.verdict == stats::Status::warn;
  input.gate_failed = gate_failed(run);
  input.scenario = run.verdict.current.scenario;
  input.profile = run.verdict.current.profile;
  input.gate_id = run.gate_id;
  github::GitHubClientOptions options;
  options.api_url = run.runner.api_url;
  options.token = run.config.token;
  // A job should not sit out long outages: 4 attempts, 0.5 s doubling (rate limits wait longer).
  options.retry.max_attempts = 4;
  options.retry.initial_backoff = std::chrono::milliseconds{500};
  github::GitHubClient client(http, options);
  run.published = github::publish(client, run.config, run.runner, run.event, input);
  for (const std::string& notice : run.published.notices) util::notice("github: " + notice);
  for (const std::string& error : run.published.errors) {
    util::warn("github: " + error);
    if (run.runner.on_actions) {
      print_command(github::format_annotation(
          {github::AnnotationLevel::warning, "perf-gate: publishing failed", error, "", 0}));
    }
  }
}

void roll_back(const GateRun& run, net::HttpClient& http) {
  if (run.config.rollback_webhook.empty()) return;
  webhook::RollbackContext context =
      webhook::context_from_github_environment([](const char* name) { return std::getenv(name); });
  if (context.report_url.empty()) context.report_url = run.published.comment_url;
  webhook::RollbackOptions options;
  options.url = run.config.rollback_webhook;
  options.secret = run.config.rollback_secret;
  options.rollback_on = *webhook::parse_rollback_on(run.config.rollback_on);
  auto outcome = webhook::send_rollback(http, run.verdict, context, options);
  if (!outcome) throw Fatal(outcome.error());
  for (const std::string& line : webhook::describe_outcome(*outcome, options)) {
    util::notice("rollback: " + line);
  }
  if (outcome->state == webhook::RollbackOutcome::State::failed && run.runner.on_actions) {
    print_command(
        github::format_annotation({github::AnnotationLevel::error, "perf-gate: rollback failed",
                                   "the rollback webhook could not be delivered", "", 0}));
  }
}

void write_outputs(const GateRun& run) {
  if (run.runner.output_path.empty()) return;
  github::GateOutputValues values;
  values.verdict = stats::status_name(run.verdict.verdict);
  values.summary = report::one_line_summary(run.verdict);
  results::EndpointSummary total =
      results::summarize(run.current.metrics.total(), run.current.meta.duration);
  if (total.requests > 0) values.p95_ms = total.p95_ms;
  values.failed_checks = run.verdict.summary.failed;
  values.report_dir = run.config.report_dir;
  values.markdown_path = run.paths.markdown;
  values.html_path = run.paths.html;
  values.junit_path = run.paths.junit;
  values.json_path = run.paths.json;
  values.comment_url = run.published.comment_url;
  values.issue_url = run.published.issue_url;
  values.gate_failed = gate_failed(run);
  if (auto written = github::write_outputs(run.runner.output_path, github::gate_outputs(values));
      !written) {
    util::warn(fmt::format("step outputs: {}", written.error().describe()));
  }
}

ExitCode run_gate(const GateFlags& flags) {
  GateRun run;
  github::EnvLookup env = github::process_env();
  run.runner = github::read_runner_context(env);
  mask_secrets(flags, env, run.runner);
  run.config = github::resolve_gate_config(flags.given(), env).value_or_throw();
  check_report_dir(run.config.report_dir);  // issue 11
  run.event = read_event_or_fallback(run.runner);
  run.current = run_or_read(run.config);
  evaluate(run);
  run.gate_id = run.config.id.empty() ? report::default_report_id(run.verdict) : run.config.id;
  write_report_files(run);
  write_summary_and_annotations(run);
  std::unique_ptr<net::HttpClient> http = net::make_curl_http_client();
  publish(run, *http);
  roll_back(run, *http);
  write_outputs(run);
  fmt::print(stderr, "perf-gate: {}\n", report::one_line_summary(run.verdict));
  if (gate_failed(run)) return ExitCode::gate_failed;
  if (!run.published.errors.empty() && run.config.fail_on_publish_error)
    return ExitCode::runtime_error;
  return ExitCode::success;
}

}  // namespace

CommandAction setup_gate_command(CLI::App& app) {
  auto flags = std::make_shared<GateFlags>();
  for (const github::GateInput& input : github::gate_inputs()) {
    std::string& storage = flags->values[input.name];
    CLI::Option* option =
        app.add_option(fmt::format("--{}", input.name), storage,
                       fmt::format("{} (input `{}`)", input.description, input.name));
    flags->options.emplace_back(input.name, option);
  }
  app.footer(
      "Every flag can also come from the action input of the same name (INPUT_<NAME> in the "
      "environment, as the GitHub runner sets it); a flag wins over the input.");
  return [flags] { return run_gate(*flags); };
}

}  // namespace perfgate::cli
