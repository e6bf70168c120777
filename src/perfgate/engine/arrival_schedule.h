// SPDX-License-Identifier: MIT
// ArrivalSchedule: when the open model starts its iterations. The i-th arrival (0-based) is due
// when the integral of the profile's rate reaches i, so the schedule is fixed before the run and
// never depends on how fast the target answers (wrk2's "usec_to_next_send", without drift).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "perfgate/scenario/scenario.h"

namespace perfgate::engine {

class ArrivalSchedule {
 public:
  // The rate is profile_target_at(): linear within each stage, from start_target.
  explicit ArrivalSchedule(const scenario::Profile& profile);

  // When arrival `index` is due, from the start of the run; nullopt when the profile ends first.
  // O(stages); arrivals are usually asked for in order.
  std::optional<std::chrono::nanoseconds> time_of(int64_t index) const;

  // The number of arrivals in the whole profile.
  int64_t total() const { return m_total; }

 private:
  struct Segment {
    double start_s = 0;  // from the run's start
    double length_s = 0;
    double rate_from = 0;  // iterations per second at the segment's start
    double rate_to = 0;
    double before = 0;  // arrivals due before the segment starts (the integral so far)
  };
  std::vector<Segment> m_segments;
  int64_t m_total = 0;
};

}  // namespace perfgate::engine
