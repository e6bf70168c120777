// SPDX-License-Identifier: MIT
// RunPlan: a scenario and the run options resolved into what the workers execute — the profile
// with the overrides applied, the per-step request templates, the VU-to-journey assignment — all
// read-only while the run lasts, so every worker thread shares one plan without locks.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "perfgate/engine/load_engine.h"
#include "perfgate/scenario/scenario.h"
#include "perfgate/util/result.h"

namespace perfgate::engine {

// One request of a journey, prepared once: constant parts are pre-rendered.
struct StepPlan {
  const scenario::Step* step = nullptr;
  int endpoint = 0;  // index into RunPlan::endpoints
  bool url_constant = true;
  std::string url;  // the full URL when url_constant, else the base to prefix
  // One "Name: value" line per header; for a templated value only "Name: " (the value follows).
  std::vector<std::string> header_lines;
  std::vector<bool> header_constant;
  bool headers_constant = true;
  bool body_constant = true;
  std::string body;            // the rendered body when body_constant
  bool needs_body = false;     // captures or checks read the response body
  bool needs_headers = false;  // captures read response headers
  bool has_checks = false;
  // Check i of the step (scenario::check_names order) is tallied in the endpoint's slot
  // check_slots[i] (RunPlan::check_names).
  std::vector<uint8_t> check_slots;
};

struct JourneyPlan {
  const scenario::UserScenario* journey = nullptr;
  std::vector<StepPlan> steps;
  const scenario::DataFile* data = nullptr;  // the journey's data file, else the scenario's
};

struct RunPlan {
  scenario::Profile profile;  // overrides applied; stages always filled
  std::string target;         // base URL, no trailing '/'
  std::vector<std::string> endpoints;
  // Per endpoint, the names of its checks (the union over its steps, at most 255).
  std::vector<std::vector<std::string>> check_names;
  std::vector<JourneyPlan> journeys;
  int threads = 1;
  // This instance's share (all of it when not sharded): closed: its highest VU count; open: its
  // part of the max_vus cap.
  int64_t peak_vus = 0;
  double peak_rate = 0;         // open: the whole run's highest iterations per second
  int64_t total_vus = 0;        // closed: the whole run's highest VU target, all shards
  std::vector<int> vu_journey;  // closed: the journey of VU j (0-based, whole run), by weight
  Shard shard;
  std::string fingerprint;  // load_fingerprint()
  // Sharded: this shard's rows of each data file (JourneyPlan::data points into these).
  std::vector<std::unique_ptr<scenario::DataFile>> shard_data;
  std::optional<int64_t> max_requests;
  HttpVersion http_version = HttpVersion::http1_1;
  TlsVerify tls_verify = TlsVerify::verify;
  HttpClient http_client = HttpClient::curl;  // resolved: curl or native, never automatic
};

// The client that runs `target`: the native one speaks HTTP/1.1 over plain TCP, anything else
// needs libcurl; bad_input when `wanted` is native and the target needs libcurl.
Result<HttpClient> resolve_http_client(HttpClient wanted, const std::string& target,
                                       HttpVersion version);

// Resolves `options` against `scenario`. bad_input names the flag or profile at fault, and says
// so when the VUs (one connection each) cannot fit in `open_files_limit`.
Result<RunPlan> make_plan(const scenario::Scenario& scenario, const RunOptions& options,
                          int64_t open_files_limit);

// File descriptors kept free for everything but connections (epoll sets, resolver pipes, stdio).
inline constexpr int64_t k_files_reserve = 64;

// Smooth weighted round robin (nginx's): picks indices in proportion to their weights, and every
// prefix of the sequence is within one pick per index of the exact share.
class WeightedPicker {
 public:
  explicit WeightedPicker(std::vector<double> weights);
  int next();

 private:
  std::vector<double> m_weights;
  std::vector<double> m_current;
  double m_total = 0;
};

}  // namespace perfgate::engine
