// SPDX-License-Identifier: MIT
// The rollback webhook: decide (rollback_policy.h), build the payload (rollback_payload.h), sign
// it twice (signature.h) and deliver it with retries under one webhook-id (delivery.h). This is
// the library entry point for both `perf-gate rollback` and `perf-gate gate`.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "perfgate/net/http_client.h"
#include "perfgate/stats/verdict.h"
#include "perfgate/util/clock.h"
#include "perfgate/util/result.h"
#include "perfgate/webhook/delivery.h"
#include "perfgate/webhook/rollback_context.h"
#include "perfgate/webhook/rollback_payload.h"
#include "perfgate/webhook/rollback_policy.h"

namespace perfgate::webhook {

enum class DryRun { no, yes };

struct RollbackOptions {
  // Where to POST; http or https. Redirects are never followed.
  std::string url;
  // Signing secret ("whsec_<base64>" or raw, see signature.h); empty sends unsigned (warned).
  std::string secret;
  // Build, sign and print, but send nothing.
  DryRun dry_run = DryRun::no;
  // The least severe verdict that rolls back.
  RollbackOn rollback_on = RollbackOn::fail;
  // Which CI events may roll back at all (pull requests never do).
  EventScope events = EventScope::deployments_only;
  // Per attempt, and the retry schedule with its bound on total time.
  std::chrono::milliseconds attempt_timeout = k_default_attempt_timeout;
  net::RetryPolicy retry = default_webhook_retry_policy();
};

struct RollbackOutcome {
  enum class State {
    skipped,    // the verdict or the event does not call for a rollback (see `reason`)
    dry_run,    // it would have been sent
    delivered,  // a 2xx came back
    failed,     // every attempt failed, or a final 4xx/3xx; `delivery.error` says why
  };
  State state = State::skipped;
  std::string reason;       // why skipped / sent
  std::string webhook_id;   // the same on every attempt; empty when skipped
  std::string payload;      // the body sent (or that a dry run would send)
  DeliveryResult delivery;  // attempts; empty when skipped or dry run
};
const char* state_name(RollbackOutcome::State state);  // "skipped", "dry-run", …

// Checks the options: a missing or non-http(s) URL, or a "whsec_" secret that is not base64,
// is bad_input (exit 2 at the CLI).
Status validate_rollback_options(const RollbackOptions& options);

// Decides, and when the verdict calls for it sends (or dry-runs) the rollback request.
// Never throws for network trouble: a failed delivery is an outcome, and the caller decides
// whether it fails the job. Errors are only bad options (see validate_rollback_options).
Result<RollbackOutcome> send_rollback(net::HttpClient& client, const stats::Verdict& verdict,
                                      const RollbackContext& context,
                                      const RollbackOptions& options,
                                      const net::Sleeper& sleep = net::real_sleeper(),
                                      const util::Clock& clock = util::steady_clock());

// Log lines for an outcome: one per attempt, then the result, naming only the URL's origin
// (never its path, which may be a secret): "attempt 1: HTTP 503 in 12 ms, retrying in 1.0 s",
// "delivered to https://deploy.example.com (webhook-id msg_…)", "skipped: verdict is pass …".
std::vector<std::string> describe_outcome(const RollbackOutcome& outcome,
                                          const RollbackOptions& options);

}  // namespace perfgate::webhook
