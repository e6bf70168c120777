// SPDX-License-Identifier: MIT
// Scenario: the parsed, validated form of a scenario file (docs/scenario-format.md). Plain data;
// scenario_loader.h builds it, the engine runs it. Nothing here knows YAML.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "perfgate/scenario/template.h"

namespace perfgate::scenario {

using Micros = std::chrono::microseconds;

enum class HttpMethod { get, post, put, patch, del, head };
const char* method_name(HttpMethod method);  // "GET", "POST", …

struct Header {
  std::string name;
  Template value;
};

// Where a capture takes its value from.
enum class CaptureSource {
  json,    // a JSONPath subset over the response body: $.a.b[0].c
  header,  // a response header, by case-insensitive name
  regex,   // first capture group (or whole match) of an ECMAScript regex over the body
};

// One step of a compiled JSONPath: an object member or an array element (negative: from the end).
struct JsonPathSegment {
  enum class Kind { key, index };
  Kind kind = Kind::key;
  std::string key;
  int64_t index = 0;
};

struct Capture {
  std::string variable;  // the template variable it sets: {{ token }}
  CaptureSource source = CaptureSource::json;
  std::string expression;  // the JSONPath, header name or regex, as written
  // Compiled at load time (capture.h): the JSONPath's segments ($ alone: none), the regex.
  std::vector<JsonPathSegment> json_path;
  std::shared_ptr<const std::regex> regex;  // shared: compiled once, read-only, thread-safe
};

// Checks on a response; any failure counts the request as an error of kind `check`. A step with
// a `status` check decides for itself which statuses are fine: a 4xx/5xx it lists is not an HTTP
// error (k6: checks are separate from http_req_failed); see checks.h.
struct Checks {
  std::vector<int> status;                 // allowed status codes; empty: no status check
  std::vector<std::string> body_contains;  // substrings the body must contain
  std::vector<std::string> body_excludes;  // substrings the body must not contain
  std::optional<Micros> max_latency;       // the request must complete within this
  bool empty() const {
    return status.empty() && body_contains.empty() && body_excludes.empty() && !max_latency;
  }
};

// One HTTP request of a user scenario; its name is the endpoint name in the results.
struct Step {
  std::string name;
  HttpMethod method = HttpMethod::get;
  Template path;                 // path and query, relative to the target ("/api?x=1")
  std::vector<Header> headers;   // defaults' headers merged in, step's win
  std::optional<Template> body;  // from json: (serialized) or body:
  std::vector<Capture> captures;
  Checks checks;
  Micros timeout{5'000'000};  // per-request timeout (defaults.timeout unless set)
  Micros think{0};            // pause after this step (the scenario's think unless set)
};

// A CSV data file whose rows feed {{ column }} templates.
enum class DataOrder { sequential, random };
struct DataFile {
  std::string path;  // as resolved against the scenario file's directory
  DataOrder order = DataOrder::sequential;
  std::vector<std::string> columns;  // the header row
  std::vector<std::vector<std::string>> rows;
};

// One entry of `scenarios:`: a user journey, run in a loop by a virtual user.
struct UserScenario {
  std::string name;
  double weight = 1;  // share of VUs / iterations, relative to the others
  Micros think{0};    // default pause after each step
  std::vector<Step> steps;
  std::optional<DataFile> data;  // the journey's own data file, else the scenario's
};

struct Stage {
  Micros duration{0};
  double target = 0;  // VUs (closed model) or iterations per second (open)
};

enum class LoadModel {
  closed,  // N virtual users loop over their journey (vus/duration or stages)
  open,    // iterations start at a given rate, whether or not earlier ones finished
};

// A named load shape from `profiles:`. Closed: vus+duration or stages. Open: rate+duration or
// rate_stages. Stages ramp linearly from the previous target to their own; the first stage ramps
// from `start_target`. A flat profile ({vus: 20, duration: 30s} or {rate: 500, duration: 60s}) is
// one stage with start_target == target, so the engine holds the level from the first instant;
// `stages:` and `rate_stages:` start at 0, as in k6.
struct Profile {
  std::string name;
  LoadModel model = LoadModel::closed;
  std::vector<Stage> stages;         // always filled: {vus, duration} becomes one flat stage
  double start_target = 0;           // the level at time 0 (VUs or iterations per second)
  Micros duration() const;           // sum of the stages
  std::optional<int> max_vus;        // open model: concurrent iterations cap (else derived)
  Micros warmup{0};                  // samples in the first `warmup` are discarded
  Micros graceful_stop{10'000'000};  // in-flight requests may finish within this after the end
};

// A flat profile at `target` VUs (closed) or iterations/s (open) for `duration`: what a profile
// {vus, duration} or {rate, duration} loads as, and what the CLI builds from --vus/--rate.
Profile flat_profile(std::string name, LoadModel model, double target, Micros duration);

// The level a profile asks for at `elapsed` since the start (linear within a stage; 0 after the
// end). Closed: VUs (the engine rounds); open: iterations per second.
double profile_target_at(const Profile& profile, Micros elapsed);

struct Scenario {
  std::string name;
  std::string target;       // base URL: scheme://host[:port][/base]
  std::string source_file;  // the file it was loaded from
  // Fingerprint of the file's text (util::Fingerprint), so that shards can prove they ran the
  // same scenario; empty for scenarios built in code.
  std::string source_digest;
  std::vector<UserScenario> scenarios;
  std::map<std::string, Profile> profiles;
  std::optional<DataFile> data;  // top-level data file, shared by all journeys

  // The endpoint (step) names, unique, in order of first appearance.
  std::vector<std::string> endpoint_names() const;
};

}  // namespace perfgate::scenario
