// SPDX-License-Identifier: MIT
// Prometheus remote write 1.0: points → a snappy-compressed protobuf WriteRequest
// (prometheus/prompb/remote.proto and types.proto). The few messages are encoded by hand:
//   WriteRequest { repeated TimeSeries timeseries = 1; }
//   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
//   Label        { string name = 1; string value = 2; }
//   Sample       { double value = 1; int64 timestamp = 2; }  // ms since the epoch
#pragma once

#include <span>
#include <string>

#include "perfgate/live/point.h"

namespace perfgate::live {

// The Prometheus name of one field of a point: "<measurement>_<field>" ("perf_gate_requests"),
// or the bare measurement for a field called "value" ("perf_gate_events").
std::string series_name(const Point& point, const Field& field);

// The uncompressed WriteRequest: one TimeSeries per distinct name and label set, its samples in
// the order given (callers give points in time order), labels sorted by name (__name__ first).
// Text fields and non-finite values are left out.
std::string encode_write_request(std::span<const Point> points);

// The HTTP body: the WriteRequest in snappy's block format, as remote write 1.0 sends it.
std::string encode_remote_write(std::span<const Point> points);

}  // namespace perfgate::live
