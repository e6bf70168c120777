// SPDX-License-Identifier: MIT
#include "perfgate/importers/k6_tags.h"

#include <charconv>
#include <string_view>

namespace perfgate::importers {
namespace {

int number_of(const std::string& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : 0;
}

}  // namespace

void K6Tags::set(std::string_view key, std::string value) {
  if (key == "name") name = std::move(value);
  if (key == "url") url = std::move(value);
  if (key == "status") status = std::move(value);
  if (key == "error_code") error_code = std::move(value);
  if (key == "group") group = std::move(value);
  if (key == "scenario") scenario = std::move(value);
  if (key == "check") check = std::move(value);
}

K6Tags k6_tags_from_json(const nlohmann::json& tags) {
  K6Tags out;
  if (!tags.is_object()) return out;
  for (const auto& [key, value] : tags.items()) {
    if (value.is_string()) out.set(key, value.get<std::string>());
    if (value.is_number_integer()) out.set(key, value.dump());  // `"status": 200`, not k6's own
  }
  return out;
}

std::string endpoint_name(const K6Tags& tags) {
  if (!tags.name.empty()) return tags.name;
  if (!tags.url.empty()) return tags.url;
  return "(unnamed)";
}

int status_of(const K6Tags& tags) {
  int status = number_of(tags.status);
  return status >= 0 && status <= 999 ? status : 0;
}

metrics::ErrorKind error_kind_of(const K6Tags& tags) {
  using metrics::ErrorKind;
  int status = status_of(tags);
  if (status >= 500) return ErrorKind::http_5xx;
  if (status >= 400) return ErrorKind::http_4xx;
  if (status > 0) return ErrorKind::other;  // a status the script's responseCallback rejected
  int code = number_of(tags.error_code);
  if (code == 1050 || code == 1211) return ErrorKind::timeout;
  if (code >= 1100 && code < 1300) return ErrorKind::connect;
  if (code >= 1300 && code < 1400) return ErrorKind::tls;
  return ErrorKind::other;
}

}  // namespace perfgate::importers
