// SPDX-License-Identifier: MIT
#include "perfgate/metrics/histogram_codec.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "support/test_paths.h"

namespace perfgate::metrics {
namespace {

TEST(HistogramCodecTest, RoundTripPreservesEveryCount) {
  Histogram h;
  std::mt19937_64 rng(1);
  std::lognormal_distribution<double> dist(8, 1.2);
  for (int i = 0; i < 20'000; ++i) h.record(static_cast<int64_t>(dist(rng)));
  std::string blob = encode_histogram(h);
  EXPECT_EQ(blob.rfind("HISTF", 0), 0u) << "V2 blobs start with HISTF, as HdrHistogram's do";
  auto decoded = decode_histogram(blob);
  ASSERT_TRUE(decoded.ok()) << decoded.error().describe();
  EXPECT_EQ(decoded->config(), h.config());
  EXPECT_EQ(decoded->total_count(), h.total_count());
  for (int32_t i = 0; i < h.counts_length(); ++i)
    ASSERT_EQ(decoded->count_at_index(i), h.count_at_index(i));
  EXPECT_EQ(decoded->value_at_percentile(99.9), h.value_at_percentile(99.9));
  EXPECT_EQ(decoded->max(), h.max());
}

TEST(HistogramCodecTest, EmptyHistogramRoundTrips) {
  auto decoded = decode_histogram(encode_histogram(Histogram{}));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->total_count(), 0);
}

TEST(HistogramCodecTest, LargeCountsUseTheNinthLeb128Byte) {
  Histogram h;
  h.record(10, int64_t{1} << 62);
  auto decoded = decode_histogram(encode_histogram(h));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->count_at_index(h.index_for(10)), int64_t{1} << 62);
}

TEST(HistogramCodecTest, CompactEncodingEqualsFullEncoding) {
  Histogram h;
  for (int64_t v = 100; v < 100'000; v *= 3) h.record(v, v % 7 + 1);
  EXPECT_EQ(encode_histogram(CompactHistogram::from(h)), encode_histogram(h));
}

TEST(HistogramCodecTest, RejectsGarbageWithAClearMessage) {
  for (const char* bad : {"", "!!!!", "SGVsbG8=", "HISTFAAAAEV42pN"}) {
    auto decoded = decode_histogram(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_NE(decoded.error().message.find("histogram"), std::string::npos);
  }
}

TEST(HistogramCodecTest, RejectsTruncatedBlobs) {
  Histogram h;
  for (int64_t v = 1; v < 10'000; v += 3) h.record(v);
  std::string blob = encode_histogram(h);
  for (size_t cut : {blob.size() / 2, blob.size() - 8}) {
    EXPECT_FALSE(decode_histogram(blob.substr(0, cut)).ok()) << cut;
  }
}

TEST(Base64Test, MatchesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(*base64_decode("Zm9vYg=="), "foob");
  EXPECT_FALSE(base64_decode("Zm9v*mFy").ok());
}

}  // namespace
}  // namespace perfgate::metrics

namespace perfgate::metrics {
namespace {

// Blobs written by another implementation decode to the same counts and percentiles.
TEST(HistogramCodecTest, DecodesGoldenBlobsFromHdrHistogramJs) {
  std::ifstream in(test::source_dir() / "tests/data/metrics/hdr_histogram_js_v2.txt");
  ASSERT_TRUE(in) << "golden file missing";
  std::string line;
  int decoded_lines = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    int64_t lowest, highest, total, min_nonzero, p50, p99, p999, max;
    int figures;
    std::string blob;
    fields >> lowest >> highest >> figures >> total >> min_nonzero >> p50 >> p99 >> p999 >> max >>
        blob;
    auto h = decode_histogram(blob);
    ASSERT_TRUE(h.ok()) << h.error().describe();
    EXPECT_EQ(h->config(), (HistogramConfig{lowest, highest, figures}));
    EXPECT_EQ(h->total_count(), total);
    EXPECT_EQ(h->value_at_percentile(50), p50);
    EXPECT_EQ(h->value_at_percentile(99), p99);
    EXPECT_EQ(h->value_at_percentile(99.9), p999);
    EXPECT_EQ(h->max(), h->highest_equivalent(max));
    EXPECT_EQ(h->min(), h->lowest_equivalent(min_nonzero));
    // And our own encoding of the decoded histogram decodes to the same thing again.
    auto again = decode_histogram(encode_histogram(*h));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->value_at_percentile(99.9), p999);
    ++decoded_lines;
  }
  EXPECT_EQ(decoded_lines, 3);
}

}  // namespace
}  // namespace perfgate::metrics
