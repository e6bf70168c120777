// SPDX-License-Identifier: MIT
// Histogram: a log-linear latency histogram with HdrHistogram's bucket math
// (docs/reference/hdrhistogram.md): bounded relative error, fixed memory, O(1) record, and
// exact merge by adding counts. Values are integers in the configured unit (perf-gate records
// latencies in microseconds). Not thread-safe: each worker records into its own and merges after.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace perfgate::metrics {

struct HistogramConfig {
  int64_t lowest_discernible = 1;             // L >= 1
  int64_t highest_trackable = 3'600'000'000;  // H >= 2L
  int significant_figures = 2;                // s in [1, 5]
  bool operator==(const HistogramConfig&) const = default;
};

// The one configuration of every latency histogram perf-gate writes: microseconds from 1 µs to
// 1 hour, 2 significant figures (relative error <= 1/128 < 1%), 3,328 slots (26 KiB). Fixed so
// that baselines and runs stay comparable and mergeable; stored with the data.
inline constexpr HistogramConfig k_latency_config{};

class Histogram {
 public:
  Histogram() : Histogram(k_latency_config) {}
  // REQUIRES: a valid config (PG_ASSERT).
  explicit Histogram(HistogramConfig config);

  // Records `count` occurrences of `value`. Returns false, and records nothing, when the value is
  // outside [0, highest_trackable] or the total count would overflow int64.
  bool record(int64_t value, int64_t count = 1);
  // Adds another histogram's counts. Same config: element-wise; otherwise value by value.
  // Returns the number of samples that did not fit (counts that would overflow int64 included).
  int64_t merge(const Histogram& other);
  void reset();

  int64_t total_count() const { return m_total_count; }
  bool empty() const { return m_total_count == 0; }
  // The smallest and largest recorded values, at histogram resolution (0 when empty).
  int64_t min() const;
  int64_t max() const;
  double mean() const;
  double stddev() const;  // population standard deviation
  // HdrHistogram's value_at_percentile: the highest equivalent value of the slot where the
  // cumulative count first reaches ceil-ish(p% of total). p in [0, 100]. 0 when empty.
  int64_t value_at_percentile(double percentile) const;
  // Many percentiles in one pass; `percentiles` must be ascending.
  std::vector<int64_t> values_at_percentiles(std::span<const double> percentiles) const;
  // Fraction of samples <= value (for "rate of requests under X ms").
  double fraction_at_or_below(int64_t value) const;

  const HistogramConfig& config() const { return m_config; }

  // Slot-level access, for the codec and for compact copies.
  int32_t counts_length() const { return m_length; }
  int64_t count_at_index(int32_t index) const {
    return m_counts.empty() ? 0 : m_counts[static_cast<size_t>(index)];
  }
  int32_t index_for(int64_t value) const;
  int64_t value_at_index(int32_t index) const;  // lowest equivalent value of the slot
  int64_t highest_equivalent(int64_t value) const;
  int64_t lowest_equivalent(int64_t value) const;
  int64_t median_equivalent(int64_t value) const;
  // Adds `count` at a slot index directly (decoders); returns false when out of range or when
  // the total count would overflow int64.
  bool add_at_index(int32_t index, int64_t count);

 private:
  void allocate();
  int32_t bucket_index(int64_t value) const;
  int64_t size_of_equivalent_range(int64_t value) const;

  HistogramConfig m_config;
  int32_t m_unit_magnitude = 0;
  int32_t m_sub_bucket_half_count_magnitude = 0;
  int32_t m_sub_bucket_count = 0;
  int32_t m_sub_bucket_half_count = 0;
  int64_t m_sub_bucket_mask = 0;
  int64_t m_total_count = 0;
  int64_t m_min_nonzero = INT64_MAX;  // raw recorded extremes
  int64_t m_max = 0;
  bool m_has_zero = false;
  int32_t m_length = 0;           // slots of the configuration
  std::vector<int64_t> m_counts;  // empty until the first count: an idle endpoint costs no 26 KiB
};

// CompactHistogram: only the non-zero slots of a Histogram, for the many per-window histograms
// of a long run (a soak test has thousands of windows per endpoint). Same config, same merge.
class CompactHistogram {
 public:
  CompactHistogram() = default;
  static CompactHistogram from(const Histogram& histogram);
  // Adds these counts into a full histogram (same config); returns the samples that did not fit.
  int64_t add_to(Histogram& histogram) const;
  Histogram expand() const;
  void merge(const CompactHistogram& other);
  // What expand() would answer, from the slots alone (the latency configuration): the cost
  // follows the slots present, not the 3,328 of a full histogram (a 24 h soak has 86,400 windows
  // per endpoint).
  std::vector<int64_t> values_at_percentiles(std::span<const double> percentiles) const;
  double mean() const;
  int64_t max() const;
  int64_t total_count() const { return m_total_count; }
  bool empty() const { return m_total_count == 0; }
  struct Slot {
    int32_t index;
    int64_t count;
    bool operator==(const Slot&) const = default;
  };
  const std::vector<Slot>& slots() const { return m_slots; }
  // REQUIRES: ascending indices within the configuration, counts > 0 summing to `total`.
  static CompactHistogram from_slots(std::vector<Slot> slots, int64_t total);

 private:
  std::vector<Slot> m_slots;  // ascending index
  int64_t m_total_count = 0;
};

}  // namespace perfgate::metrics
