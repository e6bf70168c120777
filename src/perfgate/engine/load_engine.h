// SPDX-License-Identifier: MIT
// The load engine: runs a scenario's profile against its target with libcurl multi + epoll, one
// event loop per worker thread, and returns everything it measured as a RunResult. See
// docs/engine.md for the load models, the measurement rules and the self-monitoring.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "perfgate/engine/shard.h"
#include "perfgate/results/run_result.h"
#include "perfgate/scenario/scenario.h"
#include "perfgate/util/result.h"

namespace perfgate::engine {

// How live progress is shown on stderr.
enum class ProgressMode {
  automatic,  // a refreshing line on a TTY, else a plain line every ~5 s
  tty,        // one refreshing line ("\r"), about twice a second
  plain,      // one line every ~5 s, for CI logs
  off,
};

// HTTP version to speak. HTTP/2 over TLS is negotiated with ALPN; over cleartext it is h2c with
// prior knowledge (the target must speak it).
enum class HttpVersion { http1_1, http2 };

// Which HTTP client runs the requests (--http-client).
enum class HttpClient {
  curl,       // libcurl: every target, HTTPS, HTTP/2
  native,     // perf-gate's own HTTP/1.1 keep-alive client: http:// targets, HTTP/1.1 only
  automatic,  // native when the run needs nothing it lacks, else libcurl
};

// Certificate verification for https targets.
enum class TlsVerify { verify, insecure };

// One 1-second window of the whole run, every worker's share merged, as RunOptions::on_window
// receives it. The pointers are valid during the call only.
struct ClosedWindow {
  const results::RunMetadata* meta = nullptr;  // scenario, profile, start_time, warmup, shard
  const std::vector<std::string>* endpoint_names = nullptr;
  int64_t index = 0;  // window number: it starts at meta->start_time + warmup + index seconds
  int stage = 1;      // the profile's stage (1-based) running at the window's start
  std::vector<metrics::EndpointMetrics> endpoints;  // in endpoint_names order
  metrics::LoadWindow load;
};
// Called on the coordinating thread, never a worker's; must return quickly (hand the window off).
using WindowCallback = std::function<void(const ClosedWindow& window)>;

// Everything about a run that is not in the scenario file: the CLI's flags. Unset optionals keep
// what the scenario's profile says.
struct RunOptions {
  // The profile to run; empty: "baseline" if present, else the only profile, else an error
  // (unless --vus or --rate describe the load themselves).
  std::string profile;
  // Replaces Scenario::target (scheme://host[:port][/base]).
  std::optional<std::string> target;
  // Closed model at this many VUs, flat, for the profile's (or --duration's) duration.
  std::optional<int> vus;
  // Open model at this many iterations per second, flat.
  std::optional<double> rate;
  // Replaces the duration of a flat profile (or of --vus / --rate).
  std::optional<std::chrono::microseconds> duration;
  // Worker threads, each with its own event loop; 0: the number of hardware threads. Capped at
  // the peak VUs of a closed profile (an idle worker measures nothing).
  int threads = 0;
  // Open model: concurrent iterations cap; replaces the profile's max_vus.
  std::optional<int> max_vus;
  // Stop starting requests after this many (in total, across workers); the run then ends.
  std::optional<int64_t> max_requests;
  // This instance's part of a sharded run (docs/distributed.md): its share of every stage's VUs,
  // of the open model's arrivals (interleaved), of max VUs, --max-requests and data-file rows.
  Shard shard;
  // Wall-clock time at which the load starts (shards on other machines start together); the run
  // waits until then. A start past it is recorded (RunMetadata::start_late) and warned about.
  std::optional<std::chrono::system_clock::time_point> start_at;
  ProgressMode progress = ProgressMode::automatic;
  HttpVersion http_version = HttpVersion::http1_1;
  TlsVerify tls_verify = TlsVerify::verify;
  HttpClient http_client = HttpClient::curl;
  // Called from the coordinating thread about once per second with the results so far; a
  // returned reason ends the run early, gracefully (RunMetadata::interrupted, interrupt_reason).
  // The thresholds' abort_on_fail comes in through here.
  std::function<std::optional<std::string>(const results::RunResult& partial)> abort_check;
  // Set (from any thread or a signal handler) to end the run gracefully, as if its duration were
  // over; the reason is then "interrupted". Not owned; may be nullptr.
  const std::atomic<bool>* stop_flag = nullptr;
  // Set (a second signal) to cut the graceful stop short: requests still in flight a short
  // bounded grace later are counted as timeouts and the run ends. Not owned; may be nullptr.
  const std::atomic<bool>* hurry_flag = nullptr;
  // When set, receives every window in index order once all workers have closed it (about a
  // second after it ends), and the last ones when the run ends: live metrics (perfgate::live).
  WindowCallback on_window;
};

// Runs the load and returns what was measured. Bad option combinations, an unknown profile, a bad
// target URL or more VUs than open files allow are bad_input errors before any request is sent.
// Failing requests are measured, never errors of this function; a runtime error means the engine
// itself could not run (epoll, libcurl initialisation, threads).
Result<results::RunResult> run_load(const scenario::Scenario& scenario, const RunOptions& options);

}  // namespace perfgate::engine
