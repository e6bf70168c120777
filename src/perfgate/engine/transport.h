// SPDX-License-Identifier: MIT
// Transport: the HTTP client one worker drives — request slots (one per VU or open-model
// iteration runner) and the event loop that runs them. Two implementations: libcurl multi
// (curl_transport.cpp: HTTPS, HTTP/2, everything) and the native HTTP/1.1 keep-alive client
// (native_transport.cpp: http:// only, a fraction of libcurl's CPU per request). The worker's
// logic (VUs, timers, checks, captures, metrics) sits above this seam and is shared.
// Not thread-safe: one transport per worker thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>

#include "perfgate/engine/run_plan.h"
#include "perfgate/engine/transfer.h"
#include "perfgate/scenario/template.h"
#include "perfgate/util/result.h"

namespace perfgate::engine {

using Nanos = std::chrono::nanoseconds;

// Whether a rendered request may go on the wire.
enum class Rendered {
  ok,
  unsafe,  // CR, LF or NUL in the URL or a header line: it would smuggle a second request
};

class Transport {
 public:
  virtual ~Transport() = default;

  // Renders `step` with `context` into slot `slot`'s reusable buffers (slots are numbered from 0
  // and created on first use). Rendered::unsafe: the request must not be started.
  virtual Rendered prepare(size_t slot, const StepPlan& step,
                           const scenario::RenderContext& context) = 0;
  // Starts the prepared request of `slot` (steady clock `now`). It finishes through
  // next_finished(), never synchronously. REQUIRES: the slot is not in flight.
  virtual void start(size_t slot, Nanos now) = 0;
  // Drops the in-flight request of `slot` (the grace period ran out); it never finishes.
  virtual void abandon(size_t slot) = 0;

  // Acts on expired timers (timeouts) and requests started since the last call.
  virtual void run_timers(Nanos now) = 0;
  // Waits for socket activity until `deadline` at the latest (less when a timer of the
  // transport's own is due earlier) and acts on it.
  virtual void wait(Nanos now, Nanos deadline) = 0;
  // The next finished request's slot, or false when none is left. The caller reads it with
  // finish() before asking for the next one, and may start requests in between.
  virtual bool next_finished(size_t& slot) = 0;
  // What the finished request of `slot` measured; body() and headers() hold what was kept
  // (when the step's captures or checks read them) until the slot's next prepare().
  virtual Transfer finish(size_t slot) = 0;
  virtual std::string_view body(size_t slot) const = 0;
  virtual std::string_view headers(size_t slot) const = 0;
};

// `max_connections`: how many keep-alive connections to keep (one per slot).
Result<std::unique_ptr<Transport>> make_curl_transport(const RunPlan& plan, long max_connections);
Result<std::unique_ptr<Transport>> make_native_transport(const RunPlan& plan);

// The transport `plan.http_client` names.
Result<std::unique_ptr<Transport>> make_transport(const RunPlan& plan, long max_connections);

}  // namespace perfgate::engine
