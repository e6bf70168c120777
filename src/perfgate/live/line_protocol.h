// SPDX-License-Identifier: MIT
// InfluxDB line protocol (1.x /write and 2.x /api/v2/write alike), millisecond timestamps:
//   perf_gate,endpoint=home,profile=baseline,run_id=…,scenario=api,shard=0 requests=10i,…
//   1764652200000
#pragma once

#include <span>
#include <string>

#include "perfgate/live/point.h"

namespace perfgate::live {

// One line per point, each ending in '\n'. Tags and names are escaped as the protocol asks
// (commas, spaces, equals signs; quotes in text fields); line breaks in values become spaces.
// Non-finite reals are left out; a point left with no field is left out.
std::string encode_line_protocol(std::span<const Point> points);

}  // namespace perfgate::live
