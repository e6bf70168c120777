// SPDX-License-Identifier: MIT
#include "perfgate/scenario/response_view.h"

namespace perfgate::scenario {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::optional<std::string_view> ResponseView::header(std::string_view name) const {
  std::optional<std::string_view> found;
  std::string_view rest = headers;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    if (line.starts_with("HTTP/")) {
      found.reset();  // a new response begins: earlier headers belonged to another one
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    if (equals_ignore_case(trim(line.substr(0, colon)), name)) found = trim(line.substr(colon + 1));
  }
  return found;
}

}  // namespace perfgate::scenario
