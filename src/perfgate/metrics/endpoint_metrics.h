// SPDX-License-Identifier: MIT
// EndpointMetrics: everything counted for one endpoint (or the total) over a run or a window,
// mergeable exactly: counters add, histograms add.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "perfgate/metrics/histogram.h"

namespace perfgate::metrics {

// Why a request counts as an error. Persisted by name (results file), and by number in arrays:
// never renumber.
enum class ErrorKind : uint8_t {
  connect = 0,   // DNS failure, connection refused or reset before a response
  timeout = 1,   // the per-request timeout expired
  tls = 2,       // TLS handshake or certificate failure
  http_4xx = 3,  // a 4xx status (unless a check allowed it)
  http_5xx = 4,  // a 5xx status (unless a check allowed it)
  check = 5,     // a check failed (status, body, latency)
  other = 6,     // anything else: read errors, resets mid-response, protocol errors
  request =
      7,  // the rendered request was unsafe (CR, LF or NUL in its URL or a header): never sent
};
inline constexpr size_t k_error_kind_count = 8;
std::string_view error_kind_name(ErrorKind kind);  // "connect", "timeout", …
std::optional<ErrorKind> error_kind_from_name(std::string_view name);

// into += value, clamped to int64's range instead of overflowing (hostile inputs; see
// results::k_max_count for what a reader accepts).
void add_saturating(int64_t& into, int64_t value);

// Timing phases as libcurl measures them, summed in microseconds over `samples` requests.
// dns: name lookup; connect: TCP connect; tls: handshake; ttfb: request sent to first byte;
// transfer: first byte to last byte. Connection reuse makes dns/connect/tls zero for most requests.
struct PhaseTotals {
  int64_t samples = 0;
  int64_t dns_us = 0;
  int64_t connect_us = 0;
  int64_t tls_us = 0;
  int64_t ttfb_us = 0;
  int64_t transfer_us = 0;
  void merge(const PhaseTotals& other);
};

// One check of the scenario by name (scenario::check_names) and how many responses passed or
// failed it.
struct NamedCheck {
  std::string name;
  int64_t passed = 0;
  int64_t failed = 0;
};

struct EndpointMetrics {
  int64_t requests = 0;  // completed requests, errors included
  int64_t errors = 0;    // = sum of errors_by_kind
  std::array<int64_t, k_error_kind_count> errors_by_kind{};
  std::map<int, int64_t> status_counts;  // HTTP status -> count (0: no response)
  int64_t bytes_sent = 0;
  int64_t bytes_received = 0;
  int64_t checks_passed = 0;  // requests whose checks all passed (requests with checks only)
  int64_t checks_failed = 0;
  std::vector<NamedCheck> named_checks;  // per check, in the scenario's order; merged by name
  PhaseTotals phases;
  Histogram latency;              // gating latency, µs (open model: from the scheduled start)
  Histogram latency_uncorrected;  // µs from the actual send; equals `latency` in the closed model
  int64_t dropped_samples = 0;    // latencies outside the histogram's range

  // Adds `other` in; exact below 2^63 (counts saturate beyond). Returns the histogram samples
  // that did not fit (0 with one config).
  int64_t merge(const EndpointMetrics& other);
  // Adds to the check called `name` (appended when new).
  void add_named_check(std::string_view name, int64_t passed, int64_t failed);
  void count_error(ErrorKind kind) {
    ++errors;
    ++errors_by_kind[static_cast<size_t>(kind)];
  }
};

}  // namespace perfgate::metrics
