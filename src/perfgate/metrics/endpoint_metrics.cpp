// SPDX-License-Identifier: MIT
#include "perfgate/metrics/endpoint_metrics.h"

namespace perfgate::metrics {
namespace {
constexpr std::string_view k_error_kind_names[k_error_kind_count] = {
    "connect", "timeout", "tls", "http_4xx", "http_5xx", "check", "other"};
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

void PhaseTotals::merge(const PhaseTotals& other) {
  samples += other.samples;
  dns_us += other.dns_us;
  connect_us += other.connect_us;
  tls_us += other.tls_us;
  ttfb_us += other.ttfb_us;
  transfer_us += other.transfer_us;
}

int64_t EndpointMetrics::merge(const EndpointMetrics& other) {
  requests += other.requests;
  errors += other.errors;
  for (size_t i = 0; i < k_error_kind_count; ++i) errors_by_kind[i] += other.errors_by_kind[i];
  for (const auto& [status, count] : other.status_counts) status_counts[status] += count;
  bytes_sent += other.bytes_sent;
  bytes_received += other.bytes_received;
  checks_passed += other.checks_passed;
  checks_failed += other.checks_failed;
  phases.merge(other.phases);
  int64_t dropped =
      latency.merge(other.latency) + latency_uncorrected.merge(other.latency_uncorrected);
  dropped_samples += other.dropped_samples + dropped;
  return dropped;
}

}  // namespace perfgate::metrics
