// SPDX-License-Identifier: MIT
// Run quality: was a run disturbed — throughput swinging or stalling across its windows, or a
// generator that was itself the bottleneck? A disturbed run's slowdowns may be the machine's,
// not the service's: the gate says so and does not fail on them.
#pragma once

#include <string>
#include <vector>

#include "perfgate/results/run_result.h"

namespace perfgate::stats {

struct RunQuality {
  bool disturbed = false;
  // The generator itself was the bottleneck: every measurement is suspect, not only throughput.
  bool generator_limited = false;
  std::string reason;  // "throughput swung 10–688/s: 6 of 20 windows off the median by 2× or more"
  // The whole windows whose throughput was off the median by 2× or more (indices), when the
  // swing made the run disturbed: the seconds in which the machine, not the service, may have
  // set the latency.
  std::vector<size_t> swung_windows;
};

// A run's whole windows and those whose total throughput was off the median by 2× or more,
// window by window relative to `reference` when it has as many windows (and none empty).
struct WindowSwings {
  size_t windows = 0;
  std::vector<size_t> swung;  // indices, ascending
  size_t rose = 0;            // how many of them were above twice the median (the rest fell)
};
WindowSwings find_swings(const results::RunResult& run, const results::RunResult* reference);

// Whether `swung` of `windows` make a run disturbed: more than `share` of them, in a run of at
// least 5 windows (fewer cannot tell a swing from the run's shape).
bool too_many_swings(size_t swung, size_t windows, double share);

// Judges `run` by its whole windows' total throughput, relative window by window to `reference`
// (the baseline run: stages and spikes are planned swings, not disturbances) when it has as many
// windows; `share`: the share of windows off the median ratio by 2× or more that is too many.
// `parts` > 1: the run is that many runs joined in sequence (a gate's confirmation runs; their
// bounds are the run's `joined`), each judged on its own and against `reference` (unless that is
// as long as all of them), and disturbed when any of them is. A run of fewer than 5 whole
// windows is never judged disturbed, joined or not.
RunQuality assess_run(const results::RunResult& run, const results::RunResult* reference,
                      double share, int parts = 1);

}  // namespace perfgate::stats
