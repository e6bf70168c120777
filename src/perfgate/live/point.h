// SPDX-License-Identifier: MIT
// Point: one timestamped set of values with tags — the unit every live-metrics backend is fed
// with. InfluxDB writes it as one line of the measurement; Prometheus as one sample per field,
// in the series "perf_gate_<field>" (docs/live-metrics.md lists every name).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace perfgate::live {

// The fixed names dashboards and checks rely on.
inline constexpr const char* k_measurement = "perf_gate";               // InfluxDB measurement
inline constexpr const char* k_event_measurement = "perf_gate_events";  // run annotations
inline constexpr const char* k_series_prefix = "perf_gate_";            // Prometheus series
inline constexpr const char* k_endpoint_tag = "endpoint";               // absent on the total

enum class FieldType { integer, real, text };

struct Field {
  std::string name;  // [a-z0-9_]: valid as an InfluxDB field and in a Prometheus name
  FieldType type = FieldType::integer;
  double value = 0;  // integer and real (integers are exact up to 2^53)
  std::string text;  // text only; Prometheus has no text samples and skips it
};

struct Point {
  std::string measurement = k_measurement;
  std::vector<std::pair<std::string, std::string>> tags;  // sorted by key; no empty values
  std::vector<Field> fields;
  std::chrono::milliseconds time{0};  // since the Unix epoch: the window's start, not the send

  void add_integer(std::string name, int64_t value) {
    fields.push_back({std::move(name), FieldType::integer, static_cast<double>(value), {}});
  }
  void add_real(std::string name, double value) {
    fields.push_back({std::move(name), FieldType::real, value, {}});
  }
  void add_text(std::string name, std::string value) {
    fields.push_back({std::move(name), FieldType::text, 0, std::move(value)});
  }
};

}  // namespace perfgate::live
