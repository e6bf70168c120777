// SPDX-License-Identifier: MIT
// Transfer: what one finished request measured, in the same terms whichever HTTP client (libcurl
// or the native HTTP/1.1 client) ran it, so that the worker counts both alike.
#pragma once

#include <cstdint>

#include "perfgate/metrics/endpoint_metrics.h"

namespace perfgate::engine {

// What went wrong below HTTP. engine/classify.h maps it onto metrics::ErrorKind.
enum class TransportFailure {
  none,     // a complete response arrived (whatever its status)
  timeout,  // the step's timeout ran out
  resolve,  // the host name did not resolve
  connect,  // the connection could not be opened (refused, unreachable)
  tls,      // the TLS handshake or certificate failed
  broken,   // the connection broke (reset, closed early, send failed)
  other,    // anything else: an invalid response, a libcurl error without a better class
};

struct Transfer {
  TransportFailure failure = TransportFailure::none;
  int status = 0;  // 0: no response (the status line never arrived)
  int64_t bytes_sent = 0;
  int64_t bytes_received = 0;
  metrics::PhaseTotals phases;  // one sample (samples = 0 when there was no response)
};

}  // namespace perfgate::engine
