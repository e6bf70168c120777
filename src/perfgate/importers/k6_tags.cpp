// SPDX-License-Identifier: MIT
#include "perfgate/importers/k6_tags.h"

#include <charconv>
#include <string_view>

namespace perfgate::importers {
namespace {

std::string_view string_tag(const nlohmann::json& tags, const char* key) {
  auto it = tags.find(key);
  if (it == tags.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

int number_tag(const nlohmann::json& tags, const char* key) {
  std::string_view text = string_tag(tags, key);
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : 0;
}

}  // namespace

std::string endpoint_name(const nlohmann::json& tags) {
  if (auto name = string_tag(tags, "name"); !name.empty()) return std::string(name);
  if (auto url = string_tag(tags, "url"); !url.empty()) return std::string(url);
  return "(unnamed)";
}

int status_of(const nlohmann::json& tags) {
  int status = number_tag(tags, "status");
  return status >= 0 && status <= 999 ? status : 0;
}

metrics::ErrorKind error_kind_of(const nlohmann::json& tags) {
  using metrics::ErrorKind;
  int status = status_of(tags);
  if (status >= 500) return ErrorKind::http_5xx;
  if (status >= 400) return ErrorKind::http_4xx;
  if (status > 0) return ErrorKind::other;  // a status the script's responseCallback rejected
  int code = number_tag(tags, "error_code");
  if (code == 1050 || code == 1211) return ErrorKind::timeout;
  if (code >= 1100 && code < 1300) return ErrorKind::connect;
  if (code >= 1300 && code < 1400) return ErrorKind::tls;
  return ErrorKind::other;
}

}  // namespace perfgate::importers
