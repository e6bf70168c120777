// SPDX-License-Identifier: MIT
#include "perfgate/live/remote_write.h"

#include <snappy.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace perfgate::live {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;
struct Sample {
  double value;
  int64_t timestamp_ms;
};

// Protobuf wire types.
constexpr uint32_t k_varint = 0;
constexpr uint32_t k_fixed64 = 1;
constexpr uint32_t k_length_delimited = 2;

void put_varint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

void put_key(std::string& out, uint32_t field, uint32_t wire_type) {
  put_varint(out, (field << 3) | wire_type);
}

void put_bytes(std::string& out, uint32_t field, std::string_view bytes) {
  put_key(out, field, k_length_delimited);
  put_varint(out, bytes.size());
  out += bytes;
}

std::string encode_label(const std::string& name, const std::string& value) {
  std::string out;
  put_bytes(out, 1, name);
  put_bytes(out, 2, value);
  return out;
}

std::string encode_sample(const Sample& sample) {
  std::string out;
  put_key(out, 1, k_fixed64);
  auto bits = std::bit_cast<uint64_t>(sample.value);
  for (int i = 0; i < 8; ++i) out += static_cast<char>((bits >> (8 * i)) & 0xff);  // little end
  put_key(out, 2, k_varint);
  put_varint(out, static_cast<uint64_t>(sample.timestamp_ms));  // int64: two's complement
  return out;
}

std::string encode_series(const Labels& labels, const std::vector<Sample>& samples) {
  std::string out;
  for (const auto& [name, value] : labels) put_bytes(out, 1, encode_label(name, value));
  for (const Sample& sample : samples) put_bytes(out, 2, encode_sample(sample));
  return out;
}

}  // namespace

std::string series_name(const Point& point, const Field& field) {
  if (field.name == "value") return point.measurement;
  return point.measurement + "_" + field.name;
}

std::string encode_write_request(std::span<const Point> points) {
  // Series in order of first appearance, so that the body is deterministic.
  std::map<Labels, size_t> index;
  std::vector<std::pair<Labels, std::vector<Sample>>> series;
  for (const Point& point : points) {
    for (const Field& field : point.fields) {
      if (field.type == FieldType::text || !std::isfinite(field.value)) continue;
      Labels labels = point.tags;
      labels.emplace_back("__name__", series_name(point, field));
      std::sort(labels.begin(), labels.end());
      auto [it, added] = index.try_emplace(labels, series.size());
      if (added) series.emplace_back(std::move(labels), std::vector<Sample>{});
      series[it->second].second.push_back({field.value, point.time.count()});
    }
  }
  std::string out;
  for (const auto& [labels, samples] : series) put_bytes(out, 1, encode_series(labels, samples));
  return out;
}

std::string encode_remote_write(std::span<const Point> points) {
  std::string request = encode_write_request(points);
  std::string compressed;
  snappy::Compress(request.data(), request.size(), &compressed);
  return compressed;
}

}  // namespace perfgate::live
