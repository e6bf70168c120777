// SPDX-License-Identifier: MIT
// HdrHistogram V2 compressed encoding ("HISTF…" base64, docs/reference/hdrhistogram.md §
// "Serialized form"), so that perf-gate results and baselines can be read by HdrHistogram tools
// and golden logs from HdrHistogram can be read by perf-gate.
#pragma once

#include <string>
#include <string_view>

#include "perfgate/metrics/histogram.h"
#include "perfgate/util/result.h"

namespace perfgate::metrics {

// Base64 of the zlib-compressed V2 encoding.
std::string encode_histogram(const Histogram& histogram);
std::string encode_histogram(const CompactHistogram& histogram,
                             HistogramConfig config = k_latency_config);

// Decodes V0, V1 or V2 blobs (base64). The decoded histogram has the blob's configuration.
// A bad_input error describes what is wrong (bad base64, cookie, lengths, zlib, counts).
Result<Histogram> decode_histogram(std::string_view base64);

// The same straight into slots, for the many per-window histograms of a long run; a blob whose
// configuration differs from `config` is a bad_input error.
Result<CompactHistogram> decode_compact_histogram(std::string_view base64,
                                                  HistogramConfig config = k_latency_config);

// Base64 (standard alphabet, padded).
std::string base64_encode(std::string_view bytes);
Result<std::string> base64_decode(std::string_view text);

}  // namespace perfgate::metrics
