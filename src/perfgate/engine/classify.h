// SPDX-License-Identifier: MIT
// How a libcurl result maps onto metrics::ErrorKind (before the HTTP status and the checks are
// looked at): the transport-level part of the error classification in docs/engine.md.
#pragma once

#include <curl/curl.h>

#include <optional>

#include "perfgate/metrics/endpoint_metrics.h"

namespace perfgate::engine {

// nullopt when the transfer completed (whatever the status). `status` is 0 when no response
// arrived: a reset or an empty reply before any response is a connect error, after it other.
std::optional<metrics::ErrorKind> transport_error(CURLcode code, int status);

}  // namespace perfgate::engine
