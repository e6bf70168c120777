// SPDX-License-Identifier: MIT
// The little HTTP/1.1 the verdict server needs: parse a request head (request line + headers)
// with bounds, decode the query, and serialize a reply. Pure functions, no sockets.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace perfgate::webhook {

struct RequestHead {
  std::string method;  // "GET", "POST", …
  std::string path;    // percent-decoded path, without the query
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  // The first query parameter / header with this name, or nullptr.
  const std::string* param(std::string_view name) const;
  const std::string* header(std::string_view name) const;
};

// `head` is everything before the blank line (no trailing CRLF CRLF). nullopt when it is not
// an HTTP/1.x request head (the caller answers 400).
std::optional<RequestHead> parse_request_head(std::string_view head);

// "%2F" → "/", "+" → " " when `plus_is_space`; nullopt for a bad escape or a NUL byte.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// The reply on the wire, always with Content-Length and "Connection: close". `head_only`
// (HEAD requests) leaves out the body but keeps its length.
std::string serialize_reply(const Reply& reply, bool head_only = false);

// {"error": message} with the status.
Reply error_reply(int status, std::string_view message);

}  // namespace perfgate::webhook
