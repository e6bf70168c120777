// SPDX-License-Identifier: MIT
// Fuzzes the HdrHistogram V2 decoder with arbitrary base64 text and arbitrary (wrapped) bytes.
// links: perfgate_metrics
#include "perfgate/metrics/histogram_codec.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  // As text, and as raw bytes behind base64, so that the zlib and payload decoders are reached.
  for (const std::string& input : {bytes, perfgate::metrics::base64_encode(bytes)}) {
    auto decoded = perfgate::metrics::decode_histogram(input);
    if (decoded.ok()) {
      auto again =
          perfgate::metrics::decode_histogram(perfgate::metrics::encode_histogram(*decoded));
      if (!again.ok() || again->total_count() != decoded->total_count()) __builtin_trap();
    }
  }
  return 0;
}
