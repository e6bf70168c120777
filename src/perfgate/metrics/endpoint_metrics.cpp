// SPDX-License-Identifier: MIT
#include "perfgate/metrics/endpoint_metrics.h"

#include <algorithm>

namespace perfgate::metrics {
namespace {
constexpr std::string_view k_error_kind_names[k_error_kind_count] = {
    "connect", "timeout", "tls", "http_4xx", "http_5xx", "check", "other", "request"};
}

std::string_view error_kind_name(ErrorKind kind) {
  return k_error_kind_names[static_cast<size_t>(kind)];
}

std::optional<ErrorKind> error_kind_from_name(std::string_view name) {
  for (size_t i = 0; i < k_error_kind_count; ++i) {
    if (k_error_kind_names[i] == name) return static_cast<ErrorKind>(i);
  }
  return std::nullopt;
}

void add_saturating(int64_t& into, int64_t value) {
  if (__builtin_add_overflow(into, value, &into)) into = value < 0 ? INT64_MIN : INT64_MAX;
}

void PhaseTotals::merge(const PhaseTotals& other) {
  add_saturating(samples, other.samples);
  add_saturating(dns_us, other.dns_us);
  add_saturating(connect_us, other.connect_us);
  add_saturating(tls_us, other.tls_us);
  add_saturating(ttfb_us, other.ttfb_us);
  add_saturating(transfer_us, other.transfer_us);
}

void EndpointMetrics::add_named_check(std::string_view name, int64_t passed, int64_t failed) {
  auto it = std::find_if(named_checks.begin(), named_checks.end(),
                         [&](const NamedCheck& check) { return check.name == name; });
  if (it == named_checks.end()) it = named_checks.insert(named_checks.end(), {std::string(name)});
  add_saturating(it->passed, passed);
  add_saturating(it->failed, failed);
}

int64_t EndpointMetrics::merge(const EndpointMetrics& other) {
  add_saturating(requests, other.requests);
  add_saturating(errors, other.errors);
  for (size_t i = 0; i < k_error_kind_count; ++i)
    add_saturating(errors_by_kind[i], other.errors_by_kind[i]);
  for (const auto& [status, count] : other.status_counts)
    add_saturating(status_counts[status], count);
  add_saturating(bytes_sent, other.bytes_sent);
  add_saturating(bytes_received, other.bytes_received);
  add_saturating(checks_passed, other.checks_passed);
  add_saturating(checks_failed, other.checks_failed);
  for (size_t i = 0; i < other.named_checks.size(); ++i) {
    const NamedCheck& from = other.named_checks[i];
    // Same scenario: same order, so the index usually matches; otherwise by name.
    if (i < named_checks.size() && named_checks[i].name == from.name) {
      add_saturating(named_checks[i].passed, from.passed);
      add_saturating(named_checks[i].failed, from.failed);
    } else {
      add_named_check(from.name, from.passed, from.failed);
    }
  }
  phases.merge(other.phases);
  int64_t dropped = latency.merge(other.latency);
  add_saturating(dropped, latency_uncorrected.merge(other.latency_uncorrected));
  add_saturating(dropped_samples, other.dropped_samples);
  add_saturating(dropped_samples, dropped);
  return dropped;
}

}  // namespace perfgate::metrics
