// SPDX-License-Identifier: MIT
// SinkTarget: where live metrics go, from `--out-metrics KIND=URL` and the environment, and the
// HTTP request that carries a batch of points there. Credentials come only from the environment
// (never the command line) and only ever travel in request headers; `display` is safe to print.
//   influxdb=http://host:8086/write?db=perf          InfluxDB 1.x
//     PERFGATE_INFLUXDB_USERNAME / PERFGATE_INFLUXDB_PASSWORD (basic auth), or
//     PERFGATE_INFLUXDB_TOKEN ("Authorization: Token …", 1.8+ and 2.x)
//   influxdb=http://host:8086/api/v2/write           InfluxDB 2.x
//     PERFGATE_INFLUXDB_ORG, PERFGATE_INFLUXDB_BUCKET (unless in the URL), PERFGATE_INFLUXDB_TOKEN
//   prometheus=http://host:9090/api/v1/write         Prometheus remote write 1.0
//     PERFGATE_PROMETHEUS_TOKEN (bearer) or PERFGATE_PROMETHEUS_USERNAME / _PASSWORD (basic)
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "perfgate/ci/runner_env.h"
#include "perfgate/live/point.h"
#include "perfgate/net/http_client.h"
#include "perfgate/util/result.h"

namespace perfgate::live {

enum class SinkKind { influxdb, prometheus };

struct SinkTarget {
  SinkKind kind = SinkKind::influxdb;
  std::string url;  // with the query parameters perf-gate adds (precision, org, bucket)
  std::vector<std::pair<std::string, std::string>> headers;  // may hold credentials
  std::string display;  // "influxdb=http://host:8086": kind and origin only
};

// Parses "KIND=URL". bad_input names the problem: unknown kind, not http(s), an InfluxDB URL
// without a database (1.x: ?db=) or org and bucket (2.x), a URL that sets its own precision.
Result<SinkTarget> parse_sink_target(std::string_view spec, const ci::EnvLookup& env);

// The POST that writes `points` (InfluxDB: line protocol; Prometheus: snappy protobuf).
net::HttpRequest make_write_request(const SinkTarget& target, std::span<const Point> points);

}  // namespace perfgate::live
