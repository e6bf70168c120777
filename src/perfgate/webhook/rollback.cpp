// SPDX-License-Identifier: MIT
#include "perfgate/webhook/rollback.h"

#include <fmt/format.h>

#include "perfgate/net/url_origin.h"
#include "perfgate/webhook/signature.h"

namespace perfgate::webhook {

const char* state_name(RollbackOutcome::State state) {
  switch (state) {
    case RollbackOutcome::State::skipped:
      return "skipped";
    case RollbackOutcome::State::dry_run:
      return "dry-run";
    case RollbackOutcome::State::delivered:
      return "delivered";
    case RollbackOutcome::State::failed:
      return "failed";
  }
  return "?";
}

Status validate_rollback_options(const RollbackOptions& options) {
  if (options.url.empty()) return Error::bad_input("the rollback webhook URL is empty");
  if (!options.url.starts_with("http://") && !options.url.starts_with("https://")) {
    return Error::bad_input("the rollback webhook URL must start with http:// or https://");
  }
  auto key = standard_webhooks_key(options.secret);
  if (!key) return key.error();
  return ok_status();
}

Result<RollbackOutcome> send_rollback(net::HttpClient& client, const stats::Verdict& verdict,
                                      const RollbackContext& context,
                                      const RollbackOptions& options, const net::Sleeper& sleep,
                                      const util::Clock& clock) {
  if (Status valid = validate_rollback_options(options); !valid) return valid.error();
  RollbackOutcome outcome;
  RollbackDecision decision =
      decide_rollback(verdict, options.rollback_on, context.event_kind(), options.events);
  outcome.reason = decision.reason;
  if (!decision.rollback) return outcome;

  outcome.webhook_id = new_message_id();
  outcome.payload = build_rollback_payload(verdict, context, clock.wall_now());
  if (options.dry_run == DryRun::yes) {
    outcome.state = RollbackOutcome::State::dry_run;
    return outcome;
  }
  net::HttpRequest request;
  request.method = "POST";
  request.url = options.url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = outcome.payload;
  request.timeout = options.attempt_timeout;
  request.follow_redirects = false;
  SigningClient signing(client, options.secret, outcome.webhook_id, clock);
  outcome.delivery = deliver(signing, request, options.retry, sleep);
  outcome.state = outcome.delivery.delivered ? RollbackOutcome::State::delivered
                                             : RollbackOutcome::State::failed;
  return outcome;
}

std::vector<std::string> describe_outcome(const RollbackOutcome& outcome,
                                          const RollbackOptions& options) {
  std::string where = net::url_origin(options.url);
  switch (outcome.state) {
    case RollbackOutcome::State::skipped:
      return {"skipped: " + outcome.reason};
    case RollbackOutcome::State::dry_run:
      return {fmt::format("dry run: would POST {} bytes to {} (webhook-id {}): {}",
                          outcome.payload.size(), where, outcome.webhook_id, outcome.reason)};
    default:
      break;
  }
  std::vector<std::string> lines;
  for (const net::Attempt& attempt : outcome.delivery.attempts) {
    lines.push_back(describe_attempt(attempt));
  }
  if (outcome.state == RollbackOutcome::State::delivered) {
    lines.push_back(fmt::format("delivered to {} (webhook-id {}, HTTP {})", where,
                                outcome.webhook_id, outcome.delivery.final_status));
  } else {
    lines.push_back(fmt::format("failed after {} attempt(s) to {} (webhook-id {}): {}",
                                outcome.delivery.attempts.size(), where, outcome.webhook_id,
                                outcome.delivery.error));
  }
  return lines;
}

}  // namespace perfgate::webhook
