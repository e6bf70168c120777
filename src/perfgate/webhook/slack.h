// SPDX-License-Identifier: MIT
// Notifications for humans: the verdict to a Slack incoming webhook (or anything that takes
// Slack's {"text": …, "blocks": […]} shape): the one-line verdict, the worst checks, and links
// to the run, the report and the deployment.
#pragma once

#include <string>

#include "perfgate/net/http_client.h"
#include "perfgate/stats/verdict.h"
#include "perfgate/webhook/delivery.h"
#include "perfgate/webhook/rollback_context.h"

namespace perfgate::webhook {

// At most this many checks are listed; the message says how many more there are.
inline constexpr int k_slack_max_checks = 5;

// `rollback_note` is one extra line, e.g. "Rollback requested: delivered (msg_…)"; empty for none.
// Text from the verdict is escaped for Slack's mrkdwn (&, <, >), so it cannot forge links.
std::string build_slack_payload(const stats::Verdict& verdict, const RollbackContext& context,
                                const std::string& rollback_note);

// POSTs `payload` to `url` (never following redirects) with the same retry rules as webhooks.
DeliveryResult send_slack(net::HttpClient& client, const std::string& url,
                          const std::string& payload,
                          const net::RetryPolicy& policy = default_webhook_retry_policy(),
                          const net::Sleeper& sleep = net::real_sleeper());

}  // namespace perfgate::webhook
