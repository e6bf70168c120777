// SPDX-License-Identifier: MIT
#include "perfgate/net/retry_after.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace perfgate::net {
namespace {

// Waits longer than a day are nonsense for a CI job; clamping also keeps the arithmetic safe.
constexpr std::chrono::seconds k_max_wait{24 * 60 * 60};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    unsigned long long seconds = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error == std::errc::result_out_of_range ||
        seconds > static_cast<unsigned long long>(k_max_wait.count())) {
      return k_max_wait;
    }
    return std::chrono::seconds(seconds);
  }
  // libcurl's date parser reads all three HTTP-date forms (it is the one libcurl uses itself).
  std::string text(value);
  time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  auto wait = std::chrono::system_clock::from_time_t(when) - now;
  if (wait <= decltype(wait)::zero()) return std::chrono::milliseconds{0};
  if (wait > k_max_wait) return k_max_wait;
  return std::chrono::duration_cast<std::chrono::milliseconds>(wait);
}

}  // namespace perfgate::net
