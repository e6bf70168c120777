// SPDX-License-Identifier: MIT
#include "perfgate/webhook/slack.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "perfgate/webhook/verdict_text.h"

namespace perfgate::webhook {
namespace {

using nlohmann::json;

// Slack rejects section text over 3000 characters; stay well below.
constexpr std::size_t k_max_line = 300;

// Slack's mrkdwn treats only these three as control characters.
std::string escape_mrkdwn(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// "<url|label>", or nothing when there is no URL or it would break out of the link syntax.
std::string link(const std::string& url, std::string_view label) {
  if (url.empty() || url.find_first_of("<>| \n") != std::string::npos) return {};
  return fmt::format("<{}|{}>", url, label);
}

json mrkdwn(const std::string& text) {
  return {{"type", "mrkdwn"}, {"text", text}};
}

std::string checks_text(const stats::Verdict& verdict) {
  auto bad = checks_at_least(verdict, stats::Status::warn);
  std::string text;
  int listed = 0;
  for (const stats::Check* check : bad) {
    if (listed == k_slack_max_checks) break;
    std::string line = check->explanation.empty() ? check->metric : check->explanation;
    text += fmt::format("• *{}* {}\n", stats::status_name(check->status),
                        escape_mrkdwn(clip(line, k_max_line)));
    ++listed;
  }
  if (bad.size() > static_cast<std::size_t>(listed)) {
    text += fmt::format("… and {} more", bad.size() - static_cast<std::size_t>(listed));
  }
  return text;
}

std::string links_text(const RollbackContext& context) {
  std::vector<std::string> parts;
  for (auto [url, label] :
       {std::pair{&context.run_url, "Workflow run"}, std::pair{&context.report_url, "Report"},
        std::pair{&context.deployment_url, "Deployment"}}) {
    if (std::string item = link(*url, label); !item.empty()) parts.push_back(item);
  }
  if (!context.repository.empty()) {
    std::string where = escape_mrkdwn(context.repository);
    if (!context.sha.empty()) where += "@" + escape_mrkdwn(context.sha.substr(0, 7));
    parts.push_back(where);
  }
  if (!context.environment.empty()) parts.push_back("env " + escape_mrkdwn(context.environment));
  return fmt::format("{}", fmt::join(parts, " · "));
}

}  // namespace

std::string build_slack_payload(const stats::Verdict& verdict, const RollbackContext& context,
                                const std::string& rollback_note) {
  std::string headline = clip(verdict_headline(verdict), k_max_line);
  json blocks = json::array();
  blocks.push_back({{"type", "section"}, {"text", mrkdwn("*" + escape_mrkdwn(headline) + "*")}});
  if (std::string checks = checks_text(verdict); !checks.empty()) {
    blocks.push_back({{"type", "section"}, {"text", mrkdwn(checks)}});
  }
  json context_elements = json::array();
  if (std::string links = links_text(context); !links.empty()) {
    context_elements.push_back(mrkdwn(links));
  }
  if (!rollback_note.empty()) {
    context_elements.push_back(mrkdwn(escape_mrkdwn(clip(rollback_note, k_max_line))));
  }
  if (!context_elements.empty()) {
    blocks.push_back({{"type", "context"}, {"elements", context_elements}});
  }
  // "text" is the fallback for notifications and clients without blocks; Slack reads it as
  // mrkdwn too.
  json payload = {{"text", escape_mrkdwn(headline)}, {"blocks", blocks}};
  return payload.dump(-1, ' ', false, json::error_handler_t::replace);
}

DeliveryResult send_slack(net::HttpClient& client, const std::string& url,
                          const std::string& payload, const net::RetryPolicy& policy,
                          const net::Sleeper& sleep) {
  net::HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = payload;
  request.timeout = k_default_attempt_timeout;
  request.follow_redirects = false;
  return deliver(client, request, policy, sleep);
}

}  // namespace perfgate::webhook
