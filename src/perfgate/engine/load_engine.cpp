// SPDX-License-Identifier: MIT
// The coordinating side of a run: plan, start the workers, watch (progress, stop flag, abort
// checks) while they run, then merge what they measured into one RunResult.
#include "perfgate/engine/load_engine.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <new>
#include <thread>

#include "perfgate/engine/live_run.h"
#include "perfgate/engine/progress.h"
#include "perfgate/engine/run_plan.h"
#include "perfgate/engine/self_monitor.h"
#include "perfgate/engine/worker.h"
#include "perfgate/results/time_format.h"
#include "perfgate/util/clock.h"
#include "perfgate/util/version.h"

namespace perfgate::engine {
namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;

constexpr auto k_watch_interval = std::chrono::milliseconds(100);

Status init_curl() {
  static std::once_flag once;
  static CURLcode code = CURLE_OK;
  std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_ALL); });
  if (code != CURLE_OK)
    return Error::runtime(fmt::format("curl_global_init: {}", curl_easy_strerror(code)));
  return ok_status();
}

void add_health_warnings(const std::vector<WorkerOutput>& outputs, results::RunResult& result) {
  const results::GeneratorHealth& health = result.meta.generator;
  for (size_t i = 0; i < outputs.size(); ++i) {
    double busy = outputs[i].wall_us > 0 ? 100.0 * static_cast<double>(outputs[i].cpu_us) /
                                               static_cast<double>(outputs[i].wall_us)
                                         : 0;
    if (busy >= 90) {
      result.warnings.push_back(fmt::format(
          "generator saturated: worker thread {} was on CPU {:.0f}% of the run, so the numbers "
          "may describe perf-gate rather than the target (use more --threads or machines)",
          i, busy));
      break;
    }
  }
  if (health.p99_loop_lag_ms > 10) {
    result.warnings.push_back(fmt::format(
        "generator lagging: its event loops ran timed events up to {:.1f} ms late (p99; max "
        "{:.1f} ms), so the load was not sent as planned",
        health.p99_loop_lag_ms, health.max_loop_lag_ms));
  }
}

void add_result_warnings(const std::vector<WorkerOutput>& outputs, const RunPlan& plan,
                         results::RunResult& result) {
  int64_t abandoned = 0;
  for (const WorkerOutput& output : outputs) abandoned += output.abandoned;
  if (abandoned > 0) {
    result.warnings.push_back(fmt::format(
        "{} requests were still in flight when the graceful stop ({}) ran out; they count as "
        "timeouts",
        abandoned, fmt::format("{}ms", plan.profile.graceful_stop.count() / 1000)));
  }
  if (result.metrics.dropped_iterations > 0) {
    result.warnings.push_back(fmt::format(
        "{} iterations were dropped: all {} max VUs were busy (raise --max-vus, or the target "
        "is too slow for the rate)",
        result.metrics.dropped_iterations, plan.peak_vus));
  }
  int64_t dropped_samples = 0;
  for (const auto& series : result.metrics.endpoints)
    dropped_samples += series.totals.dropped_samples;
  if (dropped_samples > 0) {
    result.warnings.push_back(
        fmt::format("{} latencies were out of the histogram's range", dropped_samples));
  }
}

results::RunMetadata make_metadata(const scenario::Scenario& scenario, const RunPlan& plan) {
  results::RunMetadata meta;
  meta.scenario = scenario.name;
  meta.profile = plan.profile.name.empty() ? "custom" : plan.profile.name;
  meta.model = plan.profile.model == scenario::LoadModel::closed ? "closed" : "open";
  meta.target = plan.target;
  meta.warmup = plan.profile.warmup;
  meta.perf_gate_version = util::k_version;
  meta.planned_vus = plan.peak_vus;
  // This shard's part: every N-th arrival is its own.
  meta.planned_rate = plan.peak_rate / plan.shard.count;
  meta.generator.threads = plan.threads;
  meta.shard_index = plan.shard.index;
  meta.shard_count = plan.shard.count;
  meta.fingerprint = plan.fingerprint;
  meta.http_client = plan.http_client == HttpClient::native ? "native" : "curl";
  return meta;
}

// Sleeps until `start_at` on the wall clock (shards on other machines wait for the same time),
// waking often enough to see the stop flag and a clock that was stepped.
void wait_for_start(std::chrono::system_clock::time_point start_at,
                    const std::atomic<bool>* stop_flag) {
  while (stop_flag == nullptr || !stop_flag->load()) {
    auto left = start_at - util::steady_clock().wall_now();
    if (left <= std::chrono::system_clock::duration::zero()) return;
    std::this_thread::sleep_for(
        std::min<std::chrono::system_clock::duration>(left, std::chrono::milliseconds(50)));
  }
}

// A shard that starts after the shared start time runs its stages that much behind the others:
// it says so, in its results and on screen.
void note_late_start(std::chrono::system_clock::time_point start_at, results::RunResult& result) {
  results::RunMetadata& meta = result.meta;
  meta.scheduled_start = start_at;
  meta.start_late =
      std::max(microseconds(0), duration_cast<microseconds>(meta.start_time - start_at));
  // A few milliseconds are the sleep's granularity, not lateness worth a warning.
  if (meta.start_late < std::chrono::milliseconds(100)) return;
  std::string who = meta.shard_count > 1
                        ? fmt::format("shard {}/{}", meta.shard_index, meta.shard_count)
                        : std::string("the run");
  result.warnings.push_back(fmt::format(
      "late start: {} began {:.3f} s after --start-at {}, so its stages lag the other shards' by "
      "as much",
      who, static_cast<double>(meta.start_late.count()) / 1e6, results::format_rfc3339(start_at)));
}

}  // namespace

Result<results::RunResult> run_load(const scenario::Scenario& scenario, const RunOptions& options) {
  FileLimit files = raise_open_files_limit();
  auto planned = make_plan(scenario, options, files.soft);
  if (!planned) return planned.error();
  const RunPlan& plan = *planned;
  if (auto status = init_curl(); !status) return status.error();

  results::RunResult result;
  result.meta = make_metadata(scenario, plan);
  result.meta.generator.open_files_limit = files.soft;

  if (options.start_at) wait_for_start(*options.start_at, options.stop_flag);
  RunControl control;
  Nanos now = util::steady_clock().now();
  control.start = now;
  control.measure_start = now + Nanos(plan.profile.warmup);
  control.end = now + Nanos(plan.profile.duration());
  control.graceful_stop = Nanos(plan.profile.graceful_stop);
  result.meta.start_time = util::steady_clock().wall_now();
  if (options.start_at) note_late_start(*options.start_at, result);
  int64_t cpu_start = process_cpu_us();

  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < plan.threads; ++i)
    workers.push_back(std::make_unique<Worker>(plan, control, i));
  std::atomic<int> finished{0};
  std::vector<std::thread> threads;
  // A worker that runs out of memory must not terminate the process (its thread would): it is
  // left out, the others stop gracefully, and what they measured is still returned.
  std::vector<char> out_of_memory(workers.size(), 0);
  for (size_t i = 0; i < workers.size(); ++i) {
    threads.emplace_back([&workers, &finished, &out_of_memory, &control, i] {
      try {
        workers[i]->run();
      } catch (const std::bad_alloc&) {
        out_of_memory[i] = 1;
        control.stop.store(true);
      }
      finished.fetch_add(1);
    });
  }

  LiveRun live(plan, control, options, result.meta);
  while (finished.load() < plan.threads) {
    std::this_thread::sleep_for(k_watch_interval);
    live.watch();
  }
  for (auto& thread : threads) thread.join();
  live.finish();

  Nanos end = util::steady_clock().now();
  std::vector<WorkerOutput> outputs;
  metrics::Histogram lag;
  result.metrics.window_length = std::chrono::seconds(1);
  for (const std::string& name : plan.endpoints) result.metrics.get_or_add(name);
  size_t lost = 0;
  for (size_t i = 0; i < workers.size(); ++i) {
    if (out_of_memory[i] != 0) {
      ++lost;
      continue;
    }
    auto& worker = workers[i];
    outputs.push_back(worker->take_output());
    if (!outputs.back().status) return outputs.back().status.error();
    result.metrics.merge(outputs.back().metrics);
    lag.merge(outputs.back().loop_lag_us);
  }
  result.meta.duration = duration_cast<microseconds>(end - control.measure_start);
  result.meta.interrupted = live.interrupted();
  result.meta.interrupt_reason = live.interrupt_reason();
  results::GeneratorHealth& health = result.meta.generator;
  double wall_us = static_cast<double>(duration_cast<microseconds>(end - control.start).count());
  health.cpu_percent =
      wall_us > 0 ? 100.0 * static_cast<double>(process_cpu_us() - cpu_start) / wall_us : 0;
  health.max_loop_lag_ms = static_cast<double>(lag.max()) / 1000.0;
  health.p99_loop_lag_ms = static_cast<double>(lag.value_at_percentile(99)) / 1000.0;
  if (lost == workers.size()) return Error::runtime("out of memory: every load worker failed");
  if (lost > 0) {
    result.warnings.push_back(fmt::format(
        "{} of {} load workers ran out of memory and stopped the run; their requests are missing "
        "from these results",
        lost, workers.size()));
  }
  add_health_warnings(outputs, result);
  add_result_warnings(outputs, plan, result);
  return result;
}

}  // namespace perfgate::engine
