// SPDX-License-Identifier: MIT
// FakeRequest: one HTTP/1.1 request as the fake GitHub server parsed it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace perfgate::test {

struct FakeRequest {
  std::string method;
  std::string target;                          // as sent: path?query
  std::string path;                            // decoded path
  std::map<std::string, std::string> query;    // decoded
  std::map<std::string, std::string> headers;  // lower-case names, trimmed values
  std::string body;
  std::string raw;  // the bytes received, for leak checks

  // "" when absent.
  std::string header(const std::string& name) const;
  size_t content_length() const;
  std::optional<int64_t> query_int(const std::string& name) const;
};

// Parses the request line and headers (without the final blank line); nullopt when malformed.
std::optional<FakeRequest> parse_request_head(std::string_view head);

std::string lower_ascii(std::string_view text);
std::string percent_decode(std::string_view text);

}  // namespace perfgate::test
