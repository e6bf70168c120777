// SPDX-License-Identifier: MIT
// Shards: one run split over N instances (an Actions matrix, a Kubernetes Indexed Job) whose
// results merge into what one instance would have measured (docs/distributed.md). Every unit of
// load is dealt round robin to lanes: shard I of N takes items I, I+N, I+2N, … (VUs by number,
// open-model arrivals by index, data-file rows), and its thread t of T takes every T-th of those,
// so that the shares add up exactly at every instant and the remainder is spread, never dropped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "perfgate/scenario/scenario.h"
#include "perfgate/util/result.h"

namespace perfgate::engine {

// Which part of a run this instance is. `index` counts from 0, as Kubernetes'
// JOB_COMPLETION_INDEX does; count 1 is an unsharded run.
struct Shard {
  int index = 0;
  int count = 1;
  bool sharded() const { return count > 1; }
};

// More shards than this is a typo (or a unit mix-up), not a plan.
inline constexpr int k_max_shards = 10'000;

// Parses "I/N" (0 <= I < N <= k_max_shards). bad_input names `origin` ("--shard",
// "PERFGATE_SHARD") and says what is wrong.
Result<Shard> parse_shard(std::string_view text, std::string_view origin);

// Shard `index_text` (a decimal index, e.g. JOB_COMPLETION_INDEX's value) of `count`. bad_input
// names `origin` when the index is not a number below count.
Result<Shard> shard_from_index(std::string_view index_text, int count, std::string_view origin);

// A worker's place in the whole run: items j with j % count == index are its own.
struct Lane {
  int64_t index = 0;
  int64_t count = 1;
};

// Thread `thread` of `threads` in `shard`: lane I + N·t of N·T. Within the shard, thread t takes
// every T-th of the shard's items, whatever the other shards' thread counts.
Lane worker_lane(Shard shard, int thread, int threads);

// How many of items 0..total-1 fall in lane `index` of `count`: total / count, plus one for the
// first total % count lanes.
int64_t lane_share(int64_t total, int64_t index, int64_t count);

// The closed model's VUs that `lane` runs at `elapsed`: its share of the profile's level then
// (rounded down, capped at `peak_vus`, the whole run's peak). The lanes' counts add up to the
// unsharded count at every instant.
int64_t lane_vus_at(const scenario::Profile& profile, scenario::Micros elapsed, int64_t peak_vus,
                    Lane lane);

// The open model's k-th (0-based) arrival of `lane`: arrival index + k·count of the whole
// profile's schedule (ArrivalSchedule), so that the lanes' arrivals interleave into it.
inline int64_t lane_arrival(Lane lane, int64_t k) {
  return lane.index + k * lane.count;
}

// The data-file rows of `shard`: rows I, I+N, …, in order, so that no two shards use the same
// row (user). bad_input when the file has fewer rows than there are shards.
Result<scenario::DataFile> shard_rows(const scenario::DataFile& data, Shard shard);

// The fingerprint of what a run's load is: the scenario file's text, its data files' rows, and the
// resolved profile (stages, model, warm-up, graceful stop, max VUs, request cap). Shards of one
// run have the same one; `perf-gate merge` refuses results whose fingerprints differ. The target
// is left out: shards may reach one service by different addresses.
std::string load_fingerprint(const scenario::Scenario& scenario, const scenario::Profile& profile,
                             std::optional<int64_t> max_requests);

}  // namespace perfgate::engine
