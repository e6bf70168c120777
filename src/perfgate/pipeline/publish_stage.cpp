// SPDX-License-Identifier: MIT
#include "perfgate/pipeline/publish_stage.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "perfgate/github/gate_summary.h"
#include "perfgate/github/github_client.h"
#include "perfgate/github/workflow_commands.h"
#include "perfgate/pipeline/baseline_store.h"
#include "perfgate/pipeline/render_stage.h"
#include "perfgate/report/markdown_report.h"
#include "perfgate/util/log.h"
#include "perfgate/webhook/rollback.h"

namespace perfgate::pipeline {
namespace {

// An output names a report file only when it was written.
std::string written_path(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) ? path : "";
}

}  // namespace

void publish(GateRun& run, net::HttpClient& http) {
  github::PublishInput input;
  // Room for the sticky marker and the run link that publishing adds (fit_body's 65,000 bytes).
  input.markdown = render_markdown(run, 64'000);
  input.title = report::one_line_summary(run.verdict);
  input.verdict_failed = run.verdict.verdict == stats::Status::fail;
  input.verdict_warned = run.verdict.verdict == stats::Status::warn ||
                         run.verdict.verdict == stats::Status::inconclusive;
  input.gate_failed = gate_failed(run);
  input.scenario = run.verdict.current.scenario;
  input.profile = run.verdict.current.profile;
  input.gate_id = run.gate_id;
  github::GitHubClient client(http, github_client_options(run));
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
  webhook::RollbackContext context = webhook::rollback_context_from(run.runner, run.event);
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
  values.markdown_path = written_path(run.paths.markdown);
  values.html_path = written_path(run.paths.html);
  values.junit_path = written_path(run.paths.junit);
  values.json_path = written_path(run.paths.json);
  values.comment_url = run.published.comment_url;
  values.issue_url = run.published.issue_url;
  values.gate_failed = gate_failed(run);
  if (auto written = github::write_outputs(run.runner.output_path, github::gate_outputs(values));
      !written) {
    util::warn(fmt::format("step outputs: {}", written.error().describe()));
  }
}

}  // namespace perfgate::pipeline
