// SPDX-License-Identifier: MIT
// HdrHistogram V2 "compressed histogram" codec: 40-byte big-endian header, ZigZag LEB128 counts
// (9-byte cap) with zero runs as negative lengths, zlib-wrapped, base64'd.
#include "perfgate/metrics/histogram_codec.h"

#include <fmt/format.h>
#include <zlib.h>

#include <array>
#include <bit>
#include <cstring>
#include <optional>

namespace perfgate::metrics {
namespace {

constexpr uint32_t k_v2_encoding_cookie = 0x1c849303 | 0x10;
constexpr uint32_t k_v2_compression_cookie = 0x1c849304 | 0x10;
constexpr uint32_t k_v1_encoding_cookie = 0x1c849301;
constexpr uint32_t k_v1_compression_cookie = 0x1c849302;
constexpr uint32_t k_v0_encoding_cookie = 0x1c849308;
constexpr uint32_t k_v0_compression_cookie = 0x1c849309;
constexpr size_t k_header_size = 40;
constexpr size_t k_max_decoded_size = 64 << 20;  // guards against zlib bombs

uint32_t base_cookie(uint32_t cookie) {
  return cookie & ~0xf0u;
}

void put_u32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}
void put_u64(std::string& out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}
uint64_t get_be(std::string_view bytes, size_t offset, size_t width) {
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[offset + i]);
  return value;
}

void put_zigzag(std::string& out, int64_t signed_value) {
  uint64_t value =
      (static_cast<uint64_t>(signed_value) << 1) ^ static_cast<uint64_t>(signed_value >> 63);
  for (int i = 0; i < 8; ++i) {
    if (value < 0x80) {
      out.push_back(static_cast<char>(value));
      return;
    }
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value & 0xff));  // the 9th byte carries 8 full bits
}

// Returns false on truncated input.
bool get_zigzag(std::string_view bytes, size_t& offset, int64_t& out) {
  uint64_t value = 0;
  for (int i = 0; i < 9; ++i) {
    if (offset >= bytes.size()) return false;
    uint64_t byte = static_cast<uint8_t>(bytes[offset++]);
    if (i == 8) {
      value |= byte << 56;
      break;
    }
    value |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) break;
  }
  out = static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
  return true;
}

template <typename CountAt>
std::string encode_counts(HistogramConfig config, int32_t length, const CountAt& count_at) {
  std::string payload;
  int64_t zeros = 0;
  for (int32_t i = 0; i < length; ++i) {
    int64_t count = count_at(i);
    if (count == 0) {
      ++zeros;
      continue;
    }
    if (zeros > 0) {
      put_zigzag(payload, -zeros);
      zeros = 0;
    }
    put_zigzag(payload, count);
  }
  std::string encoded;
  put_u32(encoded, k_v2_encoding_cookie);
  put_u32(encoded, static_cast<uint32_t>(payload.size()));
  put_u32(encoded, 0);  // normalizing index offset
  put_u32(encoded, static_cast<uint32_t>(config.significant_figures));
  put_u64(encoded, static_cast<uint64_t>(config.lowest_discernible));
  put_u64(encoded, static_cast<uint64_t>(config.highest_trackable));
  put_u64(encoded, std::bit_cast<uint64_t>(1.0));  // integer-valued histogram
  encoded += payload;

  uLongf compressed_size = compressBound(static_cast<uLong>(encoded.size()));
  std::string compressed(compressed_size, '\0');
  int rc =
      compress(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
               reinterpret_cast<const Bytef*>(encoded.data()), static_cast<uLong>(encoded.size()));
  if (rc != Z_OK) throw std::runtime_error("zlib compress failed");
  compressed.resize(compressed_size);
  std::string wrapped;
  put_u32(wrapped, k_v2_compression_cookie);
  put_u32(wrapped, static_cast<uint32_t>(compressed.size()));
  wrapped += compressed;
  return base64_encode(wrapped);
}

Result<std::string> inflate_all(std::string_view compressed) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return Error::runtime("zlib inflateInit failed");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  std::array<char, 16384> buffer{};
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
    stream.avail_out = static_cast<uInt>(buffer.size());
    rc = inflate(&stream, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&stream);
      return Error::bad_input("histogram: corrupt zlib data");
    }
    out.append(buffer.data(), buffer.size() - stream.avail_out);
    if (out.size() > k_max_decoded_size) {
      inflateEnd(&stream);
      return Error::bad_input("histogram: decoded size exceeds 64 MiB");
    }
    if (rc == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
      inflateEnd(&stream);
      return Error::bad_input("histogram: truncated zlib data");
    }
  }
  inflateEnd(&stream);
  return out;
}

Error bad(std::string message) {
  return Error::bad_input("histogram: " + std::move(message));
}

// Parses the V2 encoding into `sink`: sink.start(config) returns the slot count (or -1 to refuse
// the configuration), sink.add(index, count) returns false for a count that cannot be added.
template <typename Sink>
Status decode_v2_into(std::string_view encoded, Sink& sink) {
  if (encoded.size() < k_header_size) return bad("encoding header is truncated");
  auto cookie = static_cast<uint32_t>(get_be(encoded, 0, 4));
  if (base_cookie(cookie) == base_cookie(k_v1_encoding_cookie) ||
      base_cookie(cookie) == base_cookie(k_v0_encoding_cookie)) {
    return bad("HdrHistogram V0/V1 encodings are not supported; re-encode with V2");
  }
  if (base_cookie(cookie) != base_cookie(k_v2_encoding_cookie)) {
    return bad(fmt::format("unknown encoding cookie 0x{:08x}", cookie));
  }
  auto payload_length = get_be(encoded, 4, 4);
  // Bytes 8..11 hold a "normalizing index offset" that perf-gate, like HdrHistogram_c's decoder,
  // ignores: nothing writes shifted histograms, and hdr-histogram-js writes 1 there for plain ones
  // (the golden test decodes its blobs exactly this way).
  auto figures = static_cast<int32_t>(get_be(encoded, 12, 4));
  auto lowest = static_cast<int64_t>(get_be(encoded, 16, 8));
  auto highest = static_cast<int64_t>(get_be(encoded, 24, 8));
  if (figures < 1 || figures > 5 || lowest < 1 || highest < 2 * lowest || highest > INT64_MAX / 4) {
    return bad(fmt::format("invalid configuration (L={}, H={}, s={})", lowest, highest, figures));
  }
  if (payload_length > encoded.size() - k_header_size) return bad("payload is truncated");
  int64_t length = sink.start(HistogramConfig{lowest, highest, figures});
  if (length < 0)
    return bad("configuration differs from perf-gate's (µs, 1 µs..1 h, 2 significant figures)");
  std::string_view payload = encoded.substr(k_header_size, payload_length);
  size_t position = 0;
  int64_t index = 0;
  while (position < payload.size()) {
    int64_t value = 0;
    if (!get_zigzag(payload, position, value)) return bad("payload ends inside a count");
    if (value < 0) {
      // Compared without negating: -INT64_MIN is undefined.
      if (value < -length) return bad("zero run beyond the histogram");
      index -= value;
      continue;
    }
    if (index >= length) return bad("counts beyond the histogram's range");
    if (!sink.add(static_cast<int32_t>(index), value)) return bad("invalid count");
    ++index;
  }
  return ok_status();
}

struct HistogramSink {
  std::optional<Histogram> histogram;
  int64_t start(const HistogramConfig& config) {
    histogram.emplace(config);
    return histogram->counts_length();
  }
  bool add(int32_t index, int64_t count) { return histogram->add_at_index(index, count); }
};

// Straight into slots: a window's histogram never needs its 26 KiB expansion.
struct CompactSink {
  HistogramConfig expected;
  std::vector<CompactHistogram::Slot> slots;
  int64_t total = 0;
  int64_t start(const HistogramConfig& config) {
    return config == expected ? Histogram(config).counts_length() : -1;
  }
  bool add(int32_t index, int64_t count) {
    if (count < 0 || __builtin_add_overflow(total, count, &total)) return false;
    if (count > 0) slots.push_back({index, count});
    return true;
  }
};

Result<Histogram> decode_v2(std::string_view encoded) {
  HistogramSink sink;
  if (Status status = decode_v2_into(encoded, sink); !status) return status.error();
  return std::move(*sink.histogram);
}

}  // namespace

std::string encode_histogram(const Histogram& histogram) {
  int32_t length = histogram.empty() ? 0 : histogram.index_for(histogram.max()) + 1;
  return encode_counts(histogram.config(), std::min(length, histogram.counts_length()),
                       [&](int32_t i) { return histogram.count_at_index(i); });
}

std::string encode_histogram(const CompactHistogram& histogram, HistogramConfig config) {
  const auto& slots = histogram.slots();
  int32_t length = slots.empty() ? 0 : slots.back().index + 1;
  size_t next = 0;
  // Slots ascend, and encode_counts asks for every index in order once.
  return encode_counts(config, length, [&](int32_t i) -> int64_t {
    if (next < slots.size() && slots[next].index == i) return slots[next++].count;
    return 0;
  });
}

namespace {
// base64 → the compressed wrapper → the inflated V2 encoding.
Result<std::string> unwrap(std::string_view text) {
  auto bytes = base64_decode(text);
  if (!bytes) return bytes.error();
  std::string_view wrapped = *bytes;
  if (wrapped.size() < 8) return bad("too short to be a compressed histogram");
  auto cookie = static_cast<uint32_t>(get_be(wrapped, 0, 4));
  if (base_cookie(cookie) == base_cookie(k_v0_compression_cookie) ||
      base_cookie(cookie) == base_cookie(k_v1_compression_cookie)) {
    return bad("HdrHistogram V0/V1 encodings are not supported; re-encode with V2");
  }
  if (base_cookie(cookie) != base_cookie(k_v2_compression_cookie)) {
    return bad(fmt::format("unknown compression cookie 0x{:08x}", cookie));
  }
  auto length = get_be(wrapped, 4, 4);
  if (length > wrapped.size() - 8) return bad("compressed length exceeds the data");
  return inflate_all(wrapped.substr(8, length));
}
}  // namespace

Result<Histogram> decode_histogram(std::string_view text) {
  auto encoded = unwrap(text);
  if (!encoded) return encoded.error();
  return decode_v2(*encoded);
}

Result<CompactHistogram> decode_compact_histogram(std::string_view text, HistogramConfig config) {
  auto encoded = unwrap(text);
  if (!encoded) return encoded.error();
  CompactSink sink{config, {}, 0};
  if (Status status = decode_v2_into(*encoded, sink); !status) return status.error();
  return CompactHistogram::from_slots(std::move(sink.slots), sink.total);
}

namespace {
constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(k_alphabet[(n >> shift) & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
    if (rest == 2) n |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
    out.push_back(k_alphabet[(n >> 18) & 63]);
    out.push_back(k_alphabet[(n >> 12) & 63]);
    out.push_back(rest == 2 ? k_alphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

Result<std::string> base64_decode(std::string_view text) {
  std::array<int, 256> table{};
  table.fill(-1);
  for (int i = 0; i < 64; ++i) table[static_cast<uint8_t>(k_alphabet[i])] = i;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  uint32_t buffer = 0;
  int bits = 0;
  size_t padding = 0;
  for (char c : text) {
    if (c == '=') {
      ++padding;
      continue;
    }
    if (c == '\n' || c == '\r' || c == ' ') continue;
    int value = table[static_cast<uint8_t>(c)];
    if (value < 0 || padding > 0) return bad("not valid base64");
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  if (padding > 2) return bad("not valid base64");
  return out;
}

}  // namespace perfgate::metrics
