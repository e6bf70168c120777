// SPDX-License-Identifier: MIT
// How a transport failure maps onto metrics::ErrorKind (before the HTTP status and the checks are
// looked at): the transport-level part of the error classification in docs/engine.md, shared by
// the libcurl and the native HTTP/1.1 clients.
#pragma once

#include <curl/curl.h>

#include <optional>

#include "perfgate/engine/transfer.h"
#include "perfgate/metrics/endpoint_metrics.h"

namespace perfgate::engine {

// The failure class of a libcurl result.
TransportFailure failure_of(CURLcode code);

// nullopt when the transfer completed (whatever the status). `status` is 0 when no response
// arrived: a broken connection before any response is a connect error, after it other.
std::optional<metrics::ErrorKind> transport_error(TransportFailure failure, int status);

inline std::optional<metrics::ErrorKind> transport_error(CURLcode code, int status) {
  return transport_error(failure_of(code), status);
}

}  // namespace perfgate::engine
