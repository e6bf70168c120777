// SPDX-License-Identifier: MIT
#include "perfgate/net/url_origin.h"

#include <curl/curl.h>
#include <fmt/format.h>

namespace perfgate::net {

std::string url_origin(const std::string& url) {
  CURLU* handle = curl_url();
  std::string origin = "<invalid URL>";
  if (curl_url_set(handle, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char* scheme = nullptr;
    char* host = nullptr;
    char* port = nullptr;
    curl_url_get(handle, CURLUPART_SCHEME, &scheme, 0);
    curl_url_get(handle, CURLUPART_HOST, &host, 0);
    curl_url_get(handle, CURLUPART_PORT, &port, 0);
    origin = fmt::format("{}://{}", scheme ? scheme : "?", host ? host : "?");
    if (port) origin += fmt::format(":{}", port);
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
  }
  curl_url_cleanup(handle);
  return origin;
}

}  // namespace perfgate::net
