// SPDX-License-Identifier: MIT
#include "perfgate/live/line_protocol.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace perfgate::live {
namespace {

Point sample_point() {
  Point point;
  point.tags = {{"endpoint", "home"}, {"scenario", "api"}};
  point.time = std::chrono::milliseconds{1764652200123};
  point.add_integer("requests", 10);
  point.add_real("latency_p95_ms", 1.5);
  return point;
}

TEST(LineProtocolTest, WritesMeasurementTagsFieldsAndMillisecondTime) {
  std::vector<Point> points{sample_point()};
  EXPECT_EQ(encode_line_protocol(points),
            "perf_gate,endpoint=home,scenario=api requests=10i,latency_p95_ms=1.5 "
            "1764652200123\n");
}

TEST(LineProtocolTest, EscapesCommasSpacesAndEqualsInTags) {
  Point point = sample_point();
  point.tags = {{"endpoint", "get a,b=c"}};
  point.fields.resize(1);
  std::vector<Point> points{point};
  EXPECT_EQ(encode_line_protocol(points),
            "perf_gate,endpoint=get\\ a\\,b\\=c requests=10i 1764652200123\n");
}

TEST(LineProtocolTest, QuotesTextFieldsAndFlattensLineBreaks) {
  Point point = sample_point();
  point.fields.clear();
  point.add_text("text", "say \"hi\"\nback\\slash");
  std::vector<Point> points{point};
  EXPECT_EQ(encode_line_protocol(points),
            "perf_gate,endpoint=home,scenario=api text=\"say \\\"hi\\\" back\\\\slash\" "
            "1764652200123\n");
}

TEST(LineProtocolTest, LeavesOutNonFiniteValuesAndEmptyPoints) {
  Point point = sample_point();
  point.fields.clear();
  point.add_real("bad", std::nan(""));
  std::vector<Point> points{point, sample_point()};
  std::string text = encode_line_protocol(points);
  EXPECT_EQ(text.find("bad"), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
}

}  // namespace
}  // namespace perfgate::live
