// SPDX-License-Identifier: MIT
#include "perfgate/engine/arrival_schedule.h"

#include <cmath>

namespace perfgate::engine {

ArrivalSchedule::ArrivalSchedule(const scenario::Profile& profile) {
  double from = profile.start_target;
  double start = 0;
  double integral = 0;
  for (const scenario::Stage& stage : profile.stages) {
    double length = static_cast<double>(stage.duration.count()) / 1e6;
    m_segments.push_back(Segment{start, length, from, stage.target, integral});
    integral += (from + stage.target) / 2 * length;
    start += length;
    from = stage.target;
  }
  // Arrival i is due at integral i: there are ceil(integral) of them (with a guard against
  // rounding: 200/s for 5 s is exactly 1000 arrivals, not 1001).
  m_total = static_cast<int64_t>(std::ceil(integral - 1e-6));
}

std::optional<std::chrono::nanoseconds> ArrivalSchedule::time_of(int64_t index) const {
  if (index < 0 || index >= m_total) return std::nullopt;
  double want = static_cast<double>(index);
  for (size_t i = 0; i < m_segments.size(); ++i) {
    const Segment& segment = m_segments[i];
    double after = segment.before + (segment.rate_from + segment.rate_to) / 2 * segment.length_s;
    bool last = i + 1 == m_segments.size();
    if (want >= after && !last) continue;
    double x = want - segment.before;  // arrivals into this segment
    double slope =
        segment.length_s > 0 ? (segment.rate_to - segment.rate_from) / segment.length_s : 0;
    double offset = 0;
    if (std::abs(slope) < 1e-12) {
      if (segment.rate_from <= 0) continue;  // no arrivals in a segment at rate 0
      offset = x / segment.rate_from;
    } else {
      // rate_from·t + slope·t²/2 = x, the root within the segment.
      double disc = segment.rate_from * segment.rate_from + 2 * slope * x;
      offset = (-segment.rate_from + std::sqrt(std::max(0.0, disc))) / slope;
    }
    offset = std::min(std::max(offset, 0.0), segment.length_s);
    return std::chrono::nanoseconds(static_cast<int64_t>((segment.start_s + offset) * 1e9));
  }
  return std::nullopt;
}

}  // namespace perfgate::engine
