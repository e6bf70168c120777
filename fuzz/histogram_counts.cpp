// SPDX-License-Identifier: MIT
// Fuzzes the decompressed form of HdrHistogram V2 blobs: the fuzzer's bytes are the ZigZag
// LEB128 counts payload itself, behind a valid header, compressed and wrapped as a real blob
// would be. Mutating compressed bytes (fuzz_histogram_codec) almost never reaches the count loop;
// this does, with hostile counts (INT64_MAX, INT64_MIN zero runs) and then merges and
// percentiles of what decodes.
// links: perfgate_metrics
#include <zlib.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>

#include "perfgate/metrics/histogram.h"
#include "perfgate/metrics/histogram_codec.h"

namespace {

void put_be(std::string& out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::string blob(std::string_view payload, const perfgate::metrics::HistogramConfig& config) {
  std::string encoded;
  put_be(encoded, 0x1c849303u | 0x10u, 4);
  put_be(encoded, payload.size(), 4);
  put_be(encoded, 0, 4);
  put_be(encoded, static_cast<uint64_t>(config.significant_figures), 4);
  put_be(encoded, static_cast<uint64_t>(config.lowest_discernible), 8);
  put_be(encoded, static_cast<uint64_t>(config.highest_trackable), 8);
  put_be(encoded, std::bit_cast<uint64_t>(1.0), 8);
  encoded += payload;
  uLongf size = compressBound(static_cast<uLong>(encoded.size()));
  std::string compressed(size, '\0');
  if (compress(reinterpret_cast<Bytef*>(compressed.data()), &size,
               reinterpret_cast<const Bytef*>(encoded.data()),
               static_cast<uLong>(encoded.size())) != Z_OK)
    __builtin_trap();
  compressed.resize(size);
  std::string wrapped;
  put_be(wrapped, 0x1c849304u | 0x10u, 4);
  put_be(wrapped, compressed.size(), 4);
  wrapped += compressed;
  return perfgate::metrics::base64_encode(wrapped);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view payload(reinterpret_cast<const char*>(data), size);
  auto decoded =
      perfgate::metrics::decode_histogram(blob(payload, perfgate::metrics::k_latency_config));
  if (!decoded.ok()) return 0;
  perfgate::metrics::Histogram sum = *decoded;
  sum.merge(*decoded);  // may saturate: counted as dropped, never undefined
  if (sum.total_count() < decoded->total_count()) __builtin_trap();
  volatile int64_t sink = sum.value_at_percentile(99) + sum.max() + sum.min();
  (void)sink;
  volatile double mean = sum.mean() + sum.stddev() + sum.fraction_at_or_below(1000);
  (void)mean;
  auto compact = perfgate::metrics::CompactHistogram::from(*decoded);
  compact.merge(compact);
  auto again = perfgate::metrics::decode_histogram(perfgate::metrics::encode_histogram(*decoded));
  if (!again.ok() || again->total_count() != decoded->total_count()) __builtin_trap();
  return 0;
}
