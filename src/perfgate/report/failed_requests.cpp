// SPDX-License-Identifier: MIT
#include "perfgate/report/failed_requests.h"

#include <fmt/format.h>

#include <algorithm>

#include "perfgate/report/escape.h"
#include "perfgate/report/number_format.h"

namespace perfgate::report {
namespace {

template <typename Key>
void sort_by_count(std::vector<std::pair<Key, int64_t>>& counts) {
  std::stable_sort(counts.begin(), counts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
}

std::string count_text(int64_t count) {
  return format_count(static_cast<double>(count));
}

}  // namespace

std::vector<EndpointFailures> endpoint_failures(const results::RunResult& run) {
  std::vector<EndpointFailures> out;
  for (const metrics::EndpointSeries& series : run.metrics.endpoints) {
    const metrics::EndpointMetrics& m = series.totals;
    if (m.errors == 0 && m.checks_failed == 0) continue;
    EndpointFailures f;
    f.endpoint = series.name;
    f.requests = m.requests;
    f.errors = m.errors;
    f.checks_passed = m.checks_passed;
    f.checks_failed = m.checks_failed;
    f.named_checks = m.named_checks;
    for (const auto& [status, count] : m.status_counts) {
      if (count > 0) f.statuses.emplace_back(status, count);
    }
    for (size_t i = 0; i < metrics::k_error_kind_count; ++i) {
      if (m.errors_by_kind[i] > 0) {
        f.kinds.emplace_back(static_cast<metrics::ErrorKind>(i), m.errors_by_kind[i]);
      }
    }
    sort_by_count(f.statuses);
    sort_by_count(f.kinds);
    out.push_back(std::move(f));
  }
  std::stable_sort(
      out.begin(), out.end(),
      [](const EndpointFailures& a, const EndpointFailures& b) { return a.errors > b.errors; });
  return out;
}

std::string error_kind_label(metrics::ErrorKind kind) {
  switch (kind) {
    case metrics::ErrorKind::connect:
      return "connection failed";
    case metrics::ErrorKind::timeout:
      return "timed out";
    case metrics::ErrorKind::tls:
      return "TLS failed";
    case metrics::ErrorKind::http_4xx:
      return "HTTP 4xx";
    case metrics::ErrorKind::http_5xx:
      return "HTTP 5xx";
    case metrics::ErrorKind::check:
      return "check failed";
    case metrics::ErrorKind::other:
      return "other";
    case metrics::ErrorKind::request:
      return "not sent (unsafe request)";
  }
  return "other";
}

std::string status_list(const EndpointFailures& failures, size_t limit) {
  std::vector<std::string> parts;
  for (const auto& [status, count] : failures.statuses) {
    if (parts.size() == limit) {
      parts.push_back("…");
      break;
    }
    std::string code = status == 0 ? std::string("no response") : std::to_string(status);
    parts.push_back(fmt::format("{} ×{}", code, count_text(count)));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string error_kind_list(const EndpointFailures& failures) {
  std::vector<std::string> parts;
  for (const auto& [kind, count] : failures.kinds) {
    parts.push_back(fmt::format("{} ×{}", error_kind_label(kind), count_text(count)));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string check_counts(const EndpointFailures& failures) {
  if (failures.checks_passed + failures.checks_failed == 0) return "";
  return fmt::format("✓ {} / ✗ {}", count_text(failures.checks_passed),
                     count_text(failures.checks_failed));
}

std::string named_check_list(const EndpointFailures& failures,
                             std::string (*escape)(std::string_view)) {
  std::vector<std::string> parts;
  int passed = 0;
  for (const metrics::NamedCheck& check : failures.named_checks) {
    if (check.failed == 0) {
      ++passed;
      continue;
    }
    parts.push_back(fmt::format("✗ {} (✓ {} / ✗ {})", escape(check.name), count_text(check.passed),
                                count_text(check.failed)));
  }
  if (parts.empty()) {
    return passed > 0 ? fmt::format("✓ all {} passed", passed) : check_counts(failures);
  }
  if (passed > 0) parts.push_back(fmt::format("✓ {} more passed", passed));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string plain_failures(const results::RunResult& run, size_t limit) {
  std::vector<EndpointFailures> all = endpoint_failures(run);
  if (all.empty()) return "";
  std::string text = "failed requests:\n";
  size_t shown = std::min(limit, all.size());
  for (size_t i = 0; i < shown; ++i) {
    const EndpointFailures& f = all[i];
    double share = f.requests > 0 ? static_cast<double>(f.errors) / f.requests : 0;
    text += fmt::format("  ✗ {}: {} of {} failed ({})\n", plain_line(f.endpoint, 60),
                        count_text(f.errors), count_text(f.requests), format_ratio(share));
    std::vector<std::string> why;
    if (std::string checks = check_counts(f); !checks.empty()) why.push_back("checks " + checks);
    if (!f.statuses.empty()) why.push_back("status " + status_list(f));
    if (!f.kinds.empty()) why.push_back(error_kind_list(f));
    if (!why.empty()) text += fmt::format("     ↳ {}\n", fmt::join(why, " · "));
    // Each check by name, as k6 prints them.
    for (const metrics::NamedCheck& check : f.named_checks) {
      int64_t total = check.passed + check.failed;
      if (check.failed == 0) {
        text += fmt::format("     ✓ {}\n", plain_line(check.name, 80));
        continue;
      }
      double passed_share = total > 0 ? static_cast<double>(check.passed) / total : 0;
      text += fmt::format("     ✗ {} ↳ {} — ✓ {} / ✗ {}\n", plain_line(check.name, 80),
                          format_ratio(passed_share), count_text(check.passed),
                          count_text(check.failed));
    }
  }
  if (shown < all.size()) {
    text += fmt::format("  … and {} more endpoints with failures\n", all.size() - shown);
  }
  return text;
}

}  // namespace perfgate::report
