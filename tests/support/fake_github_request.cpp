// SPDX-License-Identifier: MIT
#include "support/fake_github_request.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace perfgate::test {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

void parse_query(std::string_view query, std::map<std::string, std::string>& out) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    out[percent_decode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

}  // namespace

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int value = 0;
      auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec == std::errc() && end == text.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += text[i] == '+' ? ' ' : text[i];
  }
  return out;
}

std::string FakeRequest::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

size_t FakeRequest::content_length() const {
  std::string value = header("content-length");
  size_t length = 0;
  std::from_chars(value.data(), value.data() + value.size(), length);
  return length;
}

std::optional<int64_t> FakeRequest::query_int(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (ec != std::errc() || end != it->second.data() + it->second.size()) return -1;
  return value;
}

std::optional<FakeRequest> parse_request_head(std::string_view head) {
  FakeRequest request;
  request.raw = std::string(head) + "\r\n\r\n";
  size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  size_t sp1 = line.find(' ');
  size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return std::nullopt;
  request.method = std::string(line.substr(0, sp1));
  request.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  size_t question = request.target.find('?');
  request.path = percent_decode(std::string_view(request.target).substr(0, question));
  if (question != std::string::npos)
    parse_query(std::string_view(request.target).substr(question + 1), request.query);
  while (line_end != std::string_view::npos) {
    size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view header = head.substr(
        start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    size_t colon = header.find(':');
    if (colon == std::string_view::npos) continue;
    request.headers[lower_ascii(trim(header.substr(0, colon)))] =
        std::string(trim(header.substr(colon + 1)));
  }
  return request;
}

}  // namespace perfgate::test
