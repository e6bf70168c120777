// SPDX-License-Identifier: MIT
#include "perfgate/engine/run_plan.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "perfgate/scenario/checks.h"
#include "perfgate/scenario/scenario_loader.h"

namespace perfgate::engine {
namespace {

using scenario::LoadModel;
using scenario::Profile;

Result<Profile> choose_profile(const scenario::Scenario& scenario, const RunOptions& options) {
  if (!options.profile.empty()) {
    auto found = scenario.profiles.find(options.profile);
    if (found == scenario.profiles.end()) {
      std::string known;
      for (const auto& [name, profile] : scenario.profiles)
        known += (known.empty() ? "" : ", ") + name;
      return Error::bad_input(fmt::format("--profile: no profile '{}' in {} (known: {})",
                                          options.profile, scenario.source_file,
                                          known.empty() ? "none" : known));
    }
    return found->second;
  }
  if (auto found = scenario.profiles.find("baseline"); found != scenario.profiles.end()) {
    return found->second;
  }
  if (scenario.profiles.size() == 1) return scenario.profiles.begin()->second;
  if (options.vus || options.rate) return Profile{};  // the flags describe the load
  return Error::bad_input(
      "no profile chosen: pass --profile NAME (the scenario has no 'baseline' profile), or "
      "--vus/--rate with --duration");
}

bool is_flat(const Profile& profile) {
  return profile.stages.size() == 1 && profile.start_target == profile.stages[0].target;
}

Result<Profile> apply_overrides(Profile profile, const RunOptions& options) {
  if (options.vus && options.rate) {
    return Error::bad_input("--vus and --rate exclude each other (closed vs open model)");
  }
  if (options.vus && *options.vus < 1) return Error::bad_input("--vus must be at least 1");
  if (options.rate && !(*options.rate > 0)) return Error::bad_input("--rate must be positive");
  if (options.duration && options.duration->count() <= 0) {
    return Error::bad_input("--duration must be positive");
  }
  if (options.vus || options.rate) {
    scenario::Micros duration = options.duration ? *options.duration : profile.duration();
    if (duration.count() <= 0) {
      return Error::bad_input("--vus/--rate need --duration (the profile gives none)");
    }
    LoadModel model = options.vus ? LoadModel::closed : LoadModel::open;
    double target = options.vus ? *options.vus : *options.rate;
    std::string name = profile.name.empty() ? "custom" : profile.name;
    Profile flat = scenario::flat_profile(name, model, target, duration);
    flat.warmup = profile.warmup;
    flat.graceful_stop = profile.graceful_stop;
    flat.max_vus = profile.max_vus;
    profile = std::move(flat);
  } else if (options.duration) {
    if (!is_flat(profile)) {
      return Error::bad_input(fmt::format(
          "--duration: profile '{}' has stages; give --vus or --rate with it, or edit the stages",
          profile.name));
    }
    profile.stages[0].duration = *options.duration;
  }
  if (options.max_vus) {
    if (*options.max_vus < 1) return Error::bad_input("--max-vus must be at least 1");
    if (profile.model != LoadModel::open) {
      return Error::bad_input("--max-vus applies to the open model only (--rate or rate_stages)");
    }
    profile.max_vus = *options.max_vus;
  }
  if (profile.stages.empty() || profile.duration().count() <= 0) {
    return Error::bad_input(fmt::format("profile '{}' has no duration", profile.name));
  }
  if (profile.warmup >= profile.duration()) {
    return Error::bad_input(
        fmt::format("profile '{}': warmup must be shorter than the run", profile.name));
  }
  return profile;
}

Status check_target(const std::string& target) {
  // Credentials would be written into the results and the baseline: refused, as the scenario
  // loader refuses them, and without echoing the URL.
  if (std::string problem = scenario::target_url_problem(target); !problem.empty()) {
    if (target.find('@') != std::string::npos) return Error::bad_input("target: " + problem);
    return Error::bad_input(fmt::format("target '{}': {}", target, problem));
  }
  CURLU* url = curl_url();
  CURLUcode code = curl_url_set(url, CURLUPART_URL, target.c_str(), 0);
  char* scheme = nullptr;
  if (code == CURLUE_OK) code = curl_url_get(url, CURLUPART_SCHEME, &scheme, 0);
  bool http = scheme != nullptr &&
              (std::string_view(scheme) == "http" || std::string_view(scheme) == "https");
  curl_free(scheme);
  curl_url_cleanup(url);
  if (code != CURLUE_OK || !http) {
    return Error::bad_input(fmt::format("target '{}' is not an http:// or https:// URL", target));
  }
  return ok_status();
}

bool needs_body(const scenario::Step& step) {
  bool body_capture = std::any_of(step.captures.begin(), step.captures.end(), [](const auto& c) {
    return c.source != scenario::CaptureSource::header;
  });
  return body_capture || !step.checks.body_contains.empty() || !step.checks.body_excludes.empty();
}

StepPlan plan_step(const scenario::Step& step, int endpoint, const std::string& base) {
  StepPlan plan;
  plan.step = &step;
  plan.endpoint = endpoint;
  plan.url_constant = step.path.is_constant();
  plan.url = base;
  if (plan.url_constant) plan.url += step.path.parts.empty() ? "" : step.path.parts[0].text;
  for (const scenario::Header& header : step.headers) {
    bool constant = header.value.is_constant();
    std::string line = header.name + ": ";
    if (constant && !header.value.parts.empty()) line += header.value.parts[0].text;
    // "Name:" with nothing after tells libcurl to remove the header; "Name;" sends it empty.
    if (constant && header.value.parts.empty()) line = header.name + ";";
    plan.header_lines.push_back(std::move(line));
    plan.header_constant.push_back(constant);
    plan.headers_constant = plan.headers_constant && constant;
  }
  if (step.body) {
    plan.body_constant = step.body->is_constant();
    if (plan.body_constant && !step.body->parts.empty()) plan.body = step.body->parts[0].text;
  }
  plan.needs_body = needs_body(step);
  plan.needs_headers = std::any_of(step.captures.begin(), step.captures.end(), [](const auto& c) {
    return c.source == scenario::CaptureSource::header;
  });
  plan.has_checks = !step.checks.empty();
  return plan;
}

// Steps that share a name share an endpoint, and a check name: its tally slot.
void assign_check_slots(StepPlan& step, std::vector<std::string>& endpoint_checks) {
  constexpr size_t k_max_slots = 255;
  for (const std::string& name : scenario::check_names(step.step->checks)) {
    auto it = std::find(endpoint_checks.begin(), endpoint_checks.end(), name);
    if (it == endpoint_checks.end() && endpoint_checks.size() < k_max_slots) {
      it = endpoint_checks.insert(endpoint_checks.end(), name);
    }
    // Past 255 distinct names on one endpoint the rest share the last slot's tally.
    size_t slot = it == endpoint_checks.end() ? k_max_slots - 1
                                              : static_cast<size_t>(it - endpoint_checks.begin());
    step.check_slots.push_back(static_cast<uint8_t>(slot));
  }
}

std::vector<int> assign_vus(const scenario::Scenario& scenario, int64_t count) {
  std::vector<double> weights;
  for (const auto& journey : scenario.scenarios) weights.push_back(journey.weight);
  WeightedPicker picker(weights);
  std::vector<int> journeys(static_cast<size_t>(count));
  for (int& journey : journeys) journey = picker.next();
  return journeys;
}

}  // namespace

Result<HttpClient> resolve_http_client(HttpClient wanted, const std::string& target,
                                       HttpVersion version) {
  bool native_fits = target.rfind("http://", 0) == 0 && version == HttpVersion::http1_1;
  switch (wanted) {
    case HttpClient::curl:
      return HttpClient::curl;
    case HttpClient::automatic:
      return native_fits ? HttpClient::native : HttpClient::curl;
    case HttpClient::native:
      if (native_fits) return HttpClient::native;
      return Error::bad_input(fmt::format(
          "the native HTTP client (--http-client native, action input http-client: native) "
          "speaks HTTP/1.1 to http:// targets only, and '{}'{} needs libcurl: use curl or auto",
          target, version == HttpVersion::http1_1 ? "" : " over HTTP/2"));
  }
  return HttpClient::curl;
}

WeightedPicker::WeightedPicker(std::vector<double> weights)
    : m_weights(std::move(weights)), m_current(m_weights.size(), 0.0) {
  for (double weight : m_weights) m_total += weight;
}

int WeightedPicker::next() {
  size_t best = 0;
  for (size_t i = 0; i < m_weights.size(); ++i) {
    m_current[i] += m_weights[i];
    if (m_current[i] > m_current[best]) best = i;
  }
  m_current[best] -= m_total;
  return static_cast<int>(best);
}

static Status check_file_limit(const RunPlan& plan, int64_t limit) {
  int64_t needed = plan.peak_vus + k_files_reserve;
  if (needed <= limit) return ok_status();
  const char* what = plan.profile.model == LoadModel::closed ? "VUs" : "max VUs";
  return Error::bad_input(fmt::format(
      "{} {} need about {} open files (one connection each), but the open-files limit is {}; "
      "raise it (ulimit -n) or lower the load",
      plan.peak_vus, what, needed, limit));
}

Result<RunPlan> make_plan(const scenario::Scenario& scenario, const RunOptions& options,
                          int64_t open_files_limit) {
  if (scenario.scenarios.empty()) return Error::bad_input("the scenario has no journeys");
  for (const auto& journey : scenario.scenarios) {
    if (journey.steps.empty()) {
      return Error::bad_input(fmt::format("journey '{}' has no steps", journey.name));
    }
    if (!(journey.weight > 0)) {
      return Error::bad_input(fmt::format("journey '{}' needs a positive weight", journey.name));
    }
  }
  if (options.threads < 0) return Error::bad_input("--threads must be at least 1");
  if (options.max_requests && *options.max_requests < 1) {
    return Error::bad_input("max requests must be at least 1");
  }
  if (options.shard.count < 1 || options.shard.index < 0 ||
      options.shard.index >= options.shard.count) {
    return Error::bad_input(fmt::format("--shard {}/{}: the index must be below the count",
                                        options.shard.index, options.shard.count));
  }
  auto chosen = choose_profile(scenario, options);
  if (!chosen) return chosen.error();
  auto profile = apply_overrides(std::move(*chosen), options);
  if (!profile) return profile.error();

  RunPlan plan;
  plan.profile = std::move(*profile);
  plan.target = options.target ? *options.target : scenario.target;
  if (plan.target.empty()) return Error::bad_input("no target: set 'target:' or pass --target");
  if (auto status = check_target(plan.target); !status) return status.error();
  while (!plan.target.empty() && plan.target.back() == '/') plan.target.pop_back();

  double peak = plan.profile.start_target;
  for (const auto& stage : plan.profile.stages) peak = std::max(peak, stage.target);
  if (!(peak > 0))
    return Error::bad_input(fmt::format("profile '{}' never starts any load", plan.profile.name));
  // Beyond this no machine generates the load, and the conversions below would overflow.
  constexpr double k_max_level = 10'000'000;
  if (!(peak <= k_max_level)) {
    return Error::bad_input(fmt::format(
        "profile '{}' asks for {:g} {}; at most {:g} are possible", plan.profile.name, peak,
        plan.profile.model == LoadModel::closed ? "VUs" : "iterations/s", k_max_level));
  }
  const Shard& shard = options.shard;
  plan.shard = shard;
  if (plan.profile.model == scenario::LoadModel::closed) {
    plan.total_vus = static_cast<int64_t>(std::ceil(peak - 1e-9));
    plan.peak_vus = lane_share(plan.total_vus, shard.index, shard.count);
    // Every shard refuses, not only those left without a VU: the others must not load the
    // target for a run that can never be complete.
    if (plan.total_vus < shard.count) {
      return Error::bad_input(fmt::format(
          "--shard {}/{}: profile '{}' peaks at {} VUs, fewer than the {} shards (each needs one)",
          shard.index, shard.count, plan.profile.name, plan.total_vus, shard.count));
    }
  } else {
    plan.peak_rate = peak;
    // Default cap: one second's worth of the shard's arrivals (at least 10): latency beyond 1 s
    // then queues arrivals, which the corrected latency shows, rather than opening ever more
    // connections.
    int64_t derived = std::max<int64_t>(10, static_cast<int64_t>(std::ceil(peak / shard.count)));
    plan.peak_vus = plan.profile.max_vus
                        ? lane_share(*plan.profile.max_vus, shard.index, shard.count)
                        : derived;
    if (plan.peak_vus == 0) {
      return Error::bad_input(
          fmt::format("--shard {}/{}: max VUs {} cannot be split over {} shards (each needs one)",
                      shard.index, shard.count, *plan.profile.max_vus, shard.count));
    }
  }
  if (auto status = check_file_limit(plan, open_files_limit); !status) return status.error();
  if (plan.profile.model == LoadModel::closed)
    plan.vu_journey = assign_vus(scenario, plan.total_vus);
  int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  plan.threads = options.threads > 0 ? options.threads : hardware;
  plan.threads = static_cast<int>(std::min<int64_t>(plan.threads, plan.peak_vus));

  plan.endpoints = scenario.endpoint_names();
  plan.check_names.resize(plan.endpoints.size());
  auto data_of = [&](const scenario::DataFile* data) -> Result<const scenario::DataFile*> {
    if (data == nullptr || !shard.sharded()) return data;
    auto rows = shard_rows(*data, shard);
    if (!rows) return rows.error();
    plan.shard_data.push_back(std::make_unique<scenario::DataFile>(std::move(*rows)));
    return plan.shard_data.back().get();
  };
  auto shared_data = data_of(scenario.data ? &*scenario.data : nullptr);
  if (!shared_data) return shared_data.error();
  for (const auto& journey : scenario.scenarios) {
    JourneyPlan journey_plan;
    journey_plan.journey = &journey;
    journey_plan.data = *shared_data;
    if (journey.data) {
      auto own = data_of(&*journey.data);
      if (!own) return own.error();
      journey_plan.data = *own;
    }
    for (const auto& step : journey.steps) {
      int endpoint =
          static_cast<int>(std::find(plan.endpoints.begin(), plan.endpoints.end(), step.name) -
                           plan.endpoints.begin());
      journey_plan.steps.push_back(plan_step(step, endpoint, plan.target));
      assign_check_slots(journey_plan.steps.back(),
                         plan.check_names[static_cast<size_t>(endpoint)]);
    }
    plan.journeys.push_back(std::move(journey_plan));
  }
  plan.max_requests = options.max_requests;
  if (plan.max_requests) {
    plan.max_requests = lane_share(*options.max_requests, shard.index, shard.count);
    if (*options.max_requests < shard.count) {
      return Error::bad_input(
          fmt::format("--max-requests {} cannot be split over {} shards (each needs one)",
                      *options.max_requests, shard.count));
    }
  }
  plan.fingerprint = load_fingerprint(scenario, plan.profile, options.max_requests);
  plan.http_version = options.http_version;
  plan.tls_verify = options.tls_verify;
  auto client = resolve_http_client(options.http_client, plan.target, plan.http_version);
  if (!client) return client.error();
  plan.http_client = *client;
  return plan;
}

}  // namespace perfgate::engine
