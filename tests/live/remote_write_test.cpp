// SPDX-License-Identifier: MIT
#include "perfgate/live/remote_write.h"

#include <gtest/gtest.h>
#include <snappy.h>

#include <bit>
#include <cstring>
#include <map>
#include <vector>

namespace perfgate::live {
namespace {

// A minimal protobuf reader for the test: the fields of one message, by number.
struct Fields {
  std::multimap<uint32_t, std::string> bytes;
  std::multimap<uint32_t, uint64_t> numbers;  // varint and fixed64
};

uint64_t read_varint(std::string_view& in) {
  uint64_t value = 0;
  for (int shift = 0; !in.empty(); shift += 7) {
    auto byte = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  return value;
}

Fields parse(std::string_view in) {
  Fields fields;
  while (!in.empty()) {
    uint64_t key = read_varint(in);
    auto number = static_cast<uint32_t>(key >> 3);
    switch (key & 7) {
      case 0:
        fields.numbers.emplace(number, read_varint(in));
        break;
      case 1: {
        uint64_t bits = 0;
        std::memcpy(&bits, in.data(), 8);  // little-endian host
        in.remove_prefix(8);
        fields.numbers.emplace(number, bits);
        break;
      }
      case 2: {
        auto length = read_varint(in);
        fields.bytes.emplace(number, std::string(in.substr(0, length)));
        in.remove_prefix(length);
        break;
      }
      default:
        ADD_FAILURE() << "unexpected wire type";
        return fields;
    }
  }
  return fields;
}

struct Series {
  std::vector<std::pair<std::string, std::string>> labels;
  std::vector<std::pair<double, int64_t>> samples;
};

std::vector<Series> decode(const std::string& body) {
  std::string request;
  EXPECT_TRUE(snappy::Uncompress(body.data(), body.size(), &request));
  std::vector<Series> out;
  for (const auto& [number, bytes] : parse(request).bytes) {
    EXPECT_EQ(number, 1u);
    Series series;
    Fields ts = parse(bytes);
    for (auto [it, end] = ts.bytes.equal_range(1); it != end; ++it) {
      Fields label = parse(it->second);
      series.labels.emplace_back(label.bytes.find(1)->second, label.bytes.find(2)->second);
    }
    for (auto [it, end] = ts.bytes.equal_range(2); it != end; ++it) {
      Fields sample = parse(it->second);
      series.samples.emplace_back(std::bit_cast<double>(sample.numbers.find(1)->second),
                                  static_cast<int64_t>(sample.numbers.find(2)->second));
    }
    out.push_back(std::move(series));
  }
  return out;
}

Point point_at(int64_t time_ms, int64_t requests) {
  Point point;
  point.tags = {{"endpoint", "home"}, {"run_id", "r1"}};
  point.time = std::chrono::milliseconds{time_ms};
  point.add_integer("requests", requests);
  point.add_real("latency_p95_ms", 2.25);
  point.add_text("text", "not a sample");
  return point;
}

TEST(RemoteWriteTest, OneSeriesPerFieldWithSortedLabelsNameFirst) {
  std::vector<Point> points{point_at(1000, 7)};
  auto series = decode(encode_remote_write(points));
  ASSERT_EQ(series.size(), 2u);  // requests and latency; text is no sample
  std::vector<std::pair<std::string, std::string>> labels{
      {"__name__", "perf_gate_requests"}, {"endpoint", "home"}, {"run_id", "r1"}};
  EXPECT_EQ(series[0].labels, labels);
  ASSERT_EQ(series[0].samples.size(), 1u);
  EXPECT_EQ(series[0].samples[0], std::make_pair(7.0, int64_t{1000}));
  EXPECT_EQ(series[1].labels[0].second, "perf_gate_latency_p95_ms");
  EXPECT_EQ(series[1].samples[0].first, 2.25);
}

TEST(RemoteWriteTest, BatchesWindowsOfOneSeriesInTimeOrder) {
  std::vector<Point> points{point_at(1000, 7), point_at(2000, 9)};
  auto series = decode(encode_remote_write(points));
  ASSERT_EQ(series.size(), 2u);
  std::vector<std::pair<double, int64_t>> samples{{7.0, 1000}, {9.0, 2000}};
  EXPECT_EQ(series[0].samples, samples);
}

TEST(RemoteWriteTest, AFieldNamedValueIsTheBareMeasurement) {
  Point point;
  point.measurement = "perf_gate_events";
  point.add_integer("value", 1);
  EXPECT_EQ(series_name(point, point.fields[0]), "perf_gate_events");
}

}  // namespace
}  // namespace perfgate::live
