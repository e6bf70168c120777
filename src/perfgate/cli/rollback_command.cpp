// SPDX-License-Identifier: MIT
// `perf-gate rollback`: send the signed rollback webhook (and a Slack notification) for a
// verdict that calls for it. Delivery failures are reported; they fail the command only with
// --fail-on-error, because a broken notification should not mask the verdict itself.
#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "perfgate/ci/runner_env.h"
#include "perfgate/cli/command.h"
#include "perfgate/github/workflow_commands.h"
#include "perfgate/stats/verdict_file.h"
#include "perfgate/util/duration.h"
#include "perfgate/util/log.h"
#include "perfgate/webhook/rollback.h"
#include "perfgate/webhook/slack.h"

namespace perfgate::cli {
namespace {

// The secret may come from the environment so that it never shows in a process list.
constexpr const char* k_secret_variable = "PERFGATE_ROLLBACK_SECRET";

struct RollbackFlags {
  std::string verdict_path;
  std::string url;
  std::string secret;
  std::string slack_url;
  std::string rollback_on = "fail";
  std::string event;  // overrides GITHUB_EVENT_NAME
  std::string timeout = "15s";
  std::string max_time = "2m";
  int max_attempts = 5;
  bool dry_run = false;
  bool fail_on_error = false;
  bool any_event = false;
  std::optional<long long> deployment_id;
  webhook::RollbackContext overrides;  // non-empty fields replace the environment's
};

void log_line(std::string_view line) {
  fmt::print(stderr, "perf-gate: rollback: {}\n", line);
}

void report_failure(std::string_view message) {
  fmt::print(stderr, "perf-gate: error: {}\n", message);
  if (ci::read_runner_context(ci::process_env()).on_actions) {
    github::Annotation annotation;
    annotation.title = "perf-gate rollback";
    annotation.message = std::string(message);
    fmt::print("{}\n", github::format_annotation(annotation));
  }
}

std::chrono::milliseconds duration_flag(const std::string& text, const char* flag) {
  auto duration = util::parse_duration(text);
  if (!duration || duration->count() <= 0) {
    throw Fatal(
        Error::bad_input(fmt::format("{}: '{}' is not a duration (e.g. 15s, 2m)", flag, text)));
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(*duration);
}

void apply_overrides(const RollbackFlags& flags, webhook::RollbackContext& context) {
  const webhook::RollbackContext& o = flags.overrides;
  for (auto [field, value] :
       {std::pair{&context.repository, &o.repository},
        std::pair{&context.environment, &o.environment},
        std::pair{&context.deployment_url, &o.deployment_url}, std::pair{&context.sha, &o.sha},
        std::pair{&context.ref, &o.ref}, std::pair{&context.run_url, &o.run_url},
        std::pair{&context.report_url, &o.report_url}}) {
    if (!value->empty()) *field = *value;
  }
  if (flags.deployment_id) context.deployment_id = flags.deployment_id;
  // A pull request's job never rolls back, whatever the flags: --event names the event outside
  // Actions (or corrects a wrapper's), it cannot turn a pull request into a deployment.
  bool pull_request = context.event_kind() == webhook::EventKind::pull_request;
  if (!flags.event.empty() && !pull_request)
    context.event_name = flags.event == "local" ? "" : flags.event;
}

webhook::RollbackOptions rollback_options(const RollbackFlags& flags) {
  webhook::RollbackOptions options;
  options.url = flags.url;
  options.secret = flags.secret;
  if (options.secret.empty()) {
    if (const char* from_env = std::getenv(k_secret_variable)) options.secret = from_env;
  }
  options.dry_run = flags.dry_run ? webhook::DryRun::yes : webhook::DryRun::no;
  auto on = webhook::parse_rollback_on(flags.rollback_on);
  if (!on) throw Fatal(Error::bad_input("--rollback-on: expected 'fail' or 'warn'"));
  options.rollback_on = *on;
  options.events = flags.any_event ? webhook::EventScope::any_except_pull_requests
                                   : webhook::EventScope::deployments_only;
  options.attempt_timeout = duration_flag(flags.timeout, "--timeout");
  options.retry.max_total = duration_flag(flags.max_time, "--max-time");
  if (flags.max_attempts < 1) throw Fatal(Error::bad_input("--max-attempts: must be at least 1"));
  options.retry.max_attempts = flags.max_attempts;
  return options;
}

// Sends the Slack message; true when it went through (or there was nothing to send).
bool notify_slack(net::HttpClient& client, const RollbackFlags& flags,
                  const stats::Verdict& verdict, const webhook::RollbackContext& context,
                  const std::string& note) {
  if (flags.slack_url.empty()) return true;
  std::string payload = webhook::build_slack_payload(verdict, context, note);
  if (flags.dry_run) {
    log_line(fmt::format("dry run: would POST {} bytes to Slack", payload.size()));
    return true;
  }
  webhook::DeliveryResult result = webhook::send_slack(client, flags.slack_url, payload);
  for (const net::Attempt& attempt : result.attempts) {
    log_line("slack " + webhook::describe_attempt(attempt));
  }
  if (!result.delivered) report_failure("Slack notification failed: " + result.error);
  return result.delivered;
}

ExitCode run_rollback(const RollbackFlags& flags) {
  stats::Verdict verdict = stats::read_verdict_file(flags.verdict_path).value_or_throw();
  webhook::RollbackContext context = webhook::context_from_github_environment(ci::process_env());
  apply_overrides(flags, context);
  webhook::RollbackOptions options = rollback_options(flags);
  auto client = net::make_curl_http_client();
  bool ok = true;
  std::string note;
  if (!flags.url.empty()) {
    if (options.secret.empty()) util::warn("the rollback webhook is sent unsigned (no --secret)");
    webhook::RollbackOutcome outcome =
        webhook::send_rollback(*client, verdict, context, options).value_or_throw();
    for (const std::string& line : webhook::describe_outcome(outcome, options)) log_line(line);
    if (outcome.state == webhook::RollbackOutcome::State::skipped) return ExitCode::success;
    if (outcome.state == webhook::RollbackOutcome::State::dry_run) {
      fmt::print("{}\n", outcome.payload);
    }
    if (outcome.state == webhook::RollbackOutcome::State::failed) {
      report_failure("rollback webhook failed: " + outcome.delivery.error);
      ok = false;
    }
    note = fmt::format("Rollback requested: {} (webhook-id {})", webhook::state_name(outcome.state),
                       outcome.webhook_id);
  } else {
    auto decision = webhook::decide_rollback(verdict, options.rollback_on, context.event_kind(),
                                             options.events);
    if (!decision.rollback) {
      log_line("skipped: " + decision.reason);
      return ExitCode::success;
    }
  }
  ok = notify_slack(*client, flags, verdict, context, note) && ok;
  return ok || !flags.fail_on_error ? ExitCode::success : ExitCode::runtime_error;
}

void add_context_flags(CLI::App& app, RollbackFlags& flags) {
  webhook::RollbackContext& o = flags.overrides;
  app.add_option("--repository", o.repository, "owner/name (default: GITHUB_REPOSITORY)");
  app.add_option("--environment", o.environment,
                 "Deployment environment (default: from the event)");
  app.add_option("--deployment-id", flags.deployment_id, "GitHub deployment id");
  app.add_option("--deployment-url", o.deployment_url, "Deployment URL");
  app.add_option("--sha", o.sha, "Commit (default: GITHUB_SHA)");
  app.add_option("--ref", o.ref, "Git ref (default: GITHUB_REF)");
  app.add_option("--run-url", o.run_url, "Workflow run URL (default: from GITHUB_* variables)");
  app.add_option("--report-url", o.report_url, "Where the report is published");
  app.add_option("--event", flags.event,
                 "CI event name (default: GITHUB_EVENT_NAME; 'local' when run by hand)");
}

}  // namespace

CommandAction setup_rollback_command(CLI::App& app) {
  auto flags = std::make_shared<RollbackFlags>();
  app.add_option("--verdict", flags->verdict_path, "Verdict file (perf-gate/verdict/v1)")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--url", flags->url, "Rollback webhook URL (http or https)");
  app.add_option(
      "--secret", flags->secret,
      fmt::format("Signing secret, whsec_<base64> or raw (default: ${})", k_secret_variable));
  app.add_option("--slack-url", flags->slack_url, "Slack incoming webhook URL");
  app.add_option("--rollback-on", flags->rollback_on, "Least severe verdict that rolls back")
      ->check(CLI::IsMember({"fail", "warn"}))
      ->capture_default_str();
  app.add_flag("--dry-run", flags->dry_run, "Build and print the request; send nothing");
  app.add_flag("--fail-on-error", flags->fail_on_error,
               "Exit 3 when a delivery fails (default: report it and exit 0)");
  app.add_flag("--any-event", flags->any_event,
               "Roll back on any CI event but pull requests (default: deployment events only)");
  app.add_option("--timeout", flags->timeout, "Per attempt")->capture_default_str();
  app.add_option("--max-time", flags->max_time, "Bound on all attempts and waits")
      ->capture_default_str();
  app.add_option("--max-attempts", flags->max_attempts, "Attempts at most")->capture_default_str();
  add_context_flags(app, *flags);
  return [flags] {
    if (flags->url.empty() && flags->slack_url.empty()) {
      throw Fatal(Error::bad_input("rollback: give --url, --slack-url or both"));
    }
    return run_rollback(*flags);
  };
}

}  // namespace perfgate::cli
