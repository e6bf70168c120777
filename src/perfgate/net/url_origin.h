// SPDX-License-Identifier: MIT
// The part of a URL that is safe to print.
#pragma once

#include <string>

namespace perfgate::net {

// "scheme://host[:port]" only: URLs can carry secrets (Slack puts its key in the path, tokens
// hide in queries and userinfo), and messages end up in public CI logs. "<invalid URL>" when
// libcurl cannot parse it.
std::string url_origin(const std::string& url);

}  // namespace perfgate::net
