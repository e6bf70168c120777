// SPDX-License-Identifier: MIT
// HdrHistogram's bucket math (see docs/reference/hdrhistogram.md, "Index math").
#include "perfgate/metrics/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "perfgate/util/assert.h"

namespace perfgate::metrics {
namespace {

int32_t count_leading_zeros(int64_t value) {
  return std::countl_zero(static_cast<uint64_t>(value));
}

}  // namespace

Histogram::Histogram(HistogramConfig config) : m_config(config) {
  PG_ASSERT(config.lowest_discernible >= 1);
  PG_ASSERT(config.highest_trackable >= 2 * config.lowest_discernible);
  PG_ASSERT(config.significant_figures >= 1 && config.significant_figures <= 5);
  int64_t largest_single_unit = 2;
  for (int i = 0; i < config.significant_figures; ++i) largest_single_unit *= 10;
  int32_t sub_bucket_count_magnitude =
      static_cast<int32_t>(std::ceil(std::log2(static_cast<double>(largest_single_unit))));
  m_sub_bucket_half_count_magnitude = std::max(sub_bucket_count_magnitude, 1) - 1;
  m_unit_magnitude = 63 - count_leading_zeros(config.lowest_discernible);
  PG_ASSERT(m_unit_magnitude + m_sub_bucket_half_count_magnitude <= 61);
  m_sub_bucket_count = int32_t{1} << (m_sub_bucket_half_count_magnitude + 1);
  m_sub_bucket_half_count = m_sub_bucket_count / 2;
  m_sub_bucket_mask = (int64_t{m_sub_bucket_count} - 1) << m_unit_magnitude;
  int64_t smallest_untrackable = int64_t{m_sub_bucket_count} << m_unit_magnitude;
  int32_t buckets = 1;
  while (smallest_untrackable <= config.highest_trackable) {
    if (smallest_untrackable > INT64_MAX / 2) {
      ++buckets;
      break;
    }
    smallest_untrackable <<= 1;
    ++buckets;
  }
  m_length = (buckets + 1) * m_sub_bucket_half_count;
}

void Histogram::allocate() {
  if (m_counts.empty()) m_counts.assign(static_cast<size_t>(m_length), 0);
}

int32_t Histogram::bucket_index(int64_t value) const {
  int32_t pow2_ceiling = 64 - count_leading_zeros(value | m_sub_bucket_mask);
  return pow2_ceiling - m_unit_magnitude - (m_sub_bucket_half_count_magnitude + 1);
}

int32_t Histogram::index_for(int64_t value) const {
  int32_t bucket = bucket_index(value);
  auto sub_bucket = static_cast<int32_t>(value >> (bucket + m_unit_magnitude));
  return ((bucket + 1) << m_sub_bucket_half_count_magnitude) +
         (sub_bucket - m_sub_bucket_half_count);
}

int64_t Histogram::value_at_index(int32_t index) const {
  int32_t bucket = (index >> m_sub_bucket_half_count_magnitude) - 1;
  int32_t sub_bucket = (index & (m_sub_bucket_half_count - 1)) + m_sub_bucket_half_count;
  if (bucket < 0) {
    sub_bucket -= m_sub_bucket_half_count;
    bucket = 0;
  }
  return int64_t{sub_bucket} << (bucket + m_unit_magnitude);
}

int64_t Histogram::size_of_equivalent_range(int64_t value) const {
  int32_t bucket = bucket_index(value);
  auto sub_bucket = static_cast<int32_t>(value >> (bucket + m_unit_magnitude));
  int32_t adjusted_bucket = sub_bucket >= m_sub_bucket_count ? bucket + 1 : bucket;
  return int64_t{1} << (m_unit_magnitude + adjusted_bucket);
}

int64_t Histogram::lowest_equivalent(int64_t value) const {
  int32_t bucket = bucket_index(value);
  auto sub_bucket = static_cast<int32_t>(value >> (bucket + m_unit_magnitude));
  return int64_t{sub_bucket} << (bucket + m_unit_magnitude);
}

int64_t Histogram::highest_equivalent(int64_t value) const {
  return lowest_equivalent(value) + size_of_equivalent_range(value) - 1;
}

int64_t Histogram::median_equivalent(int64_t value) const {
  return lowest_equivalent(value) + size_of_equivalent_range(value) / 2;
}

bool Histogram::record(int64_t value, int64_t count) {
  if (value < 0 || value > m_config.highest_trackable || count < 0) return false;
  int32_t index = index_for(value);
  if (index < 0 || index >= counts_length()) return false;
  // A slot never exceeds the total, so a total that fits means the slot fits.
  int64_t total = 0;
  if (__builtin_add_overflow(m_total_count, count, &total)) return false;
  if (count == 0) return true;
  allocate();
  m_counts[static_cast<size_t>(index)] += count;
  m_total_count = total;
  if (count > 0) {
    if (value == 0) {
      m_has_zero = true;
    } else {
      m_min_nonzero = std::min(m_min_nonzero, value);
    }
    m_max = std::max(m_max, value);
  }
  return true;
}

bool Histogram::add_at_index(int32_t index, int64_t count) {
  if (index < 0 || index >= counts_length() || count < 0) return false;
  int64_t total = 0;
  if (__builtin_add_overflow(m_total_count, count, &total)) return false;
  if (count == 0) return true;
  allocate();
  m_counts[static_cast<size_t>(index)] += count;
  m_total_count = total;
  int64_t value = value_at_index(index);
  if (value == 0) {
    m_has_zero = true;
  } else {
    m_min_nonzero = std::min(m_min_nonzero, value);
  }
  m_max = std::max(m_max, highest_equivalent(value));
  return true;
}

int64_t Histogram::merge(const Histogram& other) {
  int64_t total = 0;
  if (other.m_config == m_config && !other.m_counts.empty() &&
      !__builtin_add_overflow(m_total_count, other.m_total_count, &total)) {
    allocate();
    for (size_t i = 0; i < m_counts.size(); ++i) m_counts[i] += other.m_counts[i];
    m_total_count = total;
    m_has_zero = m_has_zero || other.m_has_zero;
    m_min_nonzero = std::min(m_min_nonzero, other.m_min_nonzero);
    m_max = std::max(m_max, other.m_max);
    return 0;
  }
  if (other.m_total_count == 0) return 0;
  // Different layouts (or a sum that would overflow): re-record each slot's value, as
  // HdrHistogram's hdr_add does; what does not fit is counted as dropped.
  int64_t dropped = 0;
  for (int32_t i = 0; i < other.counts_length(); ++i) {
    int64_t count = other.count_at_index(i);
    if (count == 0) continue;
    if (!record(other.value_at_index(i), count) && __builtin_add_overflow(dropped, count, &dropped))
      dropped = INT64_MAX;
  }
  return dropped;
}

void Histogram::reset() {
  std::fill(m_counts.begin(), m_counts.end(), 0);  // keeps the allocation: reset means reuse
  m_total_count = 0;
  m_min_nonzero = INT64_MAX;
  m_max = 0;
  m_has_zero = false;
}

int64_t Histogram::min() const {
  if (m_total_count == 0 || m_has_zero) return 0;
  return lowest_equivalent(m_min_nonzero);
}

int64_t Histogram::max() const {
  if (m_total_count == 0) return 0;
  return highest_equivalent(m_max);
}

double Histogram::mean() const {
  if (m_total_count == 0) return 0;
  double sum = 0;
  for (int32_t i = 0; i < counts_length(); ++i) {
    int64_t count = m_counts[static_cast<size_t>(i)];
    if (count != 0)
      sum += static_cast<double>(median_equivalent(value_at_index(i))) * static_cast<double>(count);
  }
  return sum / static_cast<double>(m_total_count);
}

double Histogram::stddev() const {
  if (m_total_count == 0) return 0;
  double average = mean();
  double sum_squares = 0;
  for (int32_t i = 0; i < counts_length(); ++i) {
    int64_t count = m_counts[static_cast<size_t>(i)];
    if (count == 0) continue;
    double deviation = static_cast<double>(median_equivalent(value_at_index(i))) - average;
    sum_squares += deviation * deviation * static_cast<double>(count);
  }
  return std::sqrt(sum_squares / static_cast<double>(m_total_count));
}

int64_t Histogram::value_at_percentile(double percentile) const {
  double single[] = {percentile};
  return values_at_percentiles(single)[0];
}

std::vector<int64_t> Histogram::values_at_percentiles(std::span<const double> percentiles) const {
  std::vector<int64_t> values(percentiles.size(), 0);
  if (m_total_count == 0) return values;
  size_t next = 0;
  int64_t cumulative = 0;
  for (int32_t i = 0; i < counts_length() && next < percentiles.size(); ++i) {
    cumulative += m_counts[static_cast<size_t>(i)];
    while (next < percentiles.size()) {
      double p = std::clamp(percentiles[next], 0.0, 100.0);
      auto wanted = static_cast<int64_t>(p / 100.0 * static_cast<double>(m_total_count) + 0.5);
      wanted = std::max<int64_t>(wanted, 1);
      if (cumulative < wanted) break;
      int64_t value = value_at_index(i);
      values[next] = p == 0.0 ? lowest_equivalent(value) : highest_equivalent(value);
      ++next;
    }
  }
  // Never report beyond the largest value actually recorded.
  for (int64_t& value : values) value = std::min(value, max());
  return values;
}

double Histogram::fraction_at_or_below(int64_t value) const {
  if (m_total_count == 0) return 0;
  if (value < 0) return 0;
  int32_t last = value > m_config.highest_trackable ? counts_length() - 1 : index_for(value);
  int64_t below = 0;
  for (int32_t i = 0; i <= last && i < counts_length(); ++i)
    below += m_counts[static_cast<size_t>(i)];
  return static_cast<double>(below) / static_cast<double>(m_total_count);
}

CompactHistogram CompactHistogram::from(const Histogram& histogram) {
  CompactHistogram compact;
  for (int32_t i = 0; i < histogram.counts_length(); ++i) {
    int64_t count = histogram.count_at_index(i);
    if (count != 0) compact.m_slots.push_back({i, count});
  }
  compact.m_total_count = histogram.total_count();
  return compact;
}

int64_t CompactHistogram::add_to(Histogram& histogram) const {
  int64_t dropped = 0;
  for (const Slot& slot : m_slots) {
    if (!histogram.add_at_index(slot.index, slot.count)) dropped += slot.count;
  }
  return dropped;
}

namespace {
// Index math only: a Histogram allocates its counts on the first count, so this costs nothing.
const Histogram& latency_math() {
  static const Histogram math(k_latency_config);
  return math;
}
}  // namespace

int64_t CompactHistogram::max() const {
  if (m_slots.empty()) return 0;
  const Histogram& math = latency_math();
  return math.highest_equivalent(math.value_at_index(m_slots.back().index));
}

double CompactHistogram::mean() const {
  if (m_total_count == 0) return 0;
  const Histogram& math = latency_math();
  double sum = 0;
  for (const Slot& slot : m_slots) {
    sum += static_cast<double>(math.median_equivalent(math.value_at_index(slot.index))) *
           static_cast<double>(slot.count);
  }
  return sum / static_cast<double>(m_total_count);
}

std::vector<int64_t> CompactHistogram::values_at_percentiles(
    std::span<const double> percentiles) const {
  // Histogram::values_at_percentiles over the non-zero slots: zero slots never satisfy a
  // wanted count that an earlier slot did not.
  std::vector<int64_t> values(percentiles.size(), 0);
  if (m_total_count == 0) return values;
  const Histogram& math = latency_math();
  size_t next = 0;
  int64_t cumulative = 0;
  for (size_t s = 0; s < m_slots.size() && next < percentiles.size(); ++s) {
    cumulative += m_slots[s].count;
    while (next < percentiles.size()) {
      double p = std::clamp(percentiles[next], 0.0, 100.0);
      auto wanted = static_cast<int64_t>(p / 100.0 * static_cast<double>(m_total_count) + 0.5);
      wanted = std::max<int64_t>(wanted, 1);
      if (cumulative < wanted) break;
      int64_t value = math.value_at_index(m_slots[s].index);
      values[next] = p == 0.0 ? math.lowest_equivalent(value) : math.highest_equivalent(value);
      ++next;
    }
  }
  int64_t largest = max();
  for (int64_t& value : values) value = std::min(value, largest);
  return values;
}

CompactHistogram CompactHistogram::from_slots(std::vector<Slot> slots, int64_t total) {
  CompactHistogram compact;
  compact.m_slots = std::move(slots);
  compact.m_total_count = total;
  return compact;
}

Histogram CompactHistogram::expand() const {
  Histogram histogram;
  add_to(histogram);
  return histogram;
}

void CompactHistogram::merge(const CompactHistogram& other) {
  if (other.m_slots.empty()) return;
  std::vector<Slot> merged;
  merged.reserve(m_slots.size() + other.m_slots.size());
  auto a = m_slots.begin();
  auto b = other.m_slots.begin();
  while (a != m_slots.end() || b != other.m_slots.end()) {
    if (b == other.m_slots.end() || (a != m_slots.end() && a->index < b->index)) {
      merged.push_back(*a++);
    } else if (a == m_slots.end() || b->index < a->index) {
      merged.push_back(*b++);
    } else {
      int64_t sum = 0;
      if (__builtin_add_overflow(a->count, b->count, &sum)) sum = INT64_MAX;
      merged.push_back({a->index, sum});
      ++a;
      ++b;
    }
  }
  m_slots = std::move(merged);
  if (__builtin_add_overflow(m_total_count, other.m_total_count, &m_total_count))
    m_total_count = INT64_MAX;
}

}  // namespace perfgate::metrics
