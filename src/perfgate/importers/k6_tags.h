// SPDX-License-Identifier: MIT
// What k6's per-request tags say about a request: its endpoint, status and kind of error.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "perfgate/metrics/endpoint_metrics.h"

namespace perfgate::importers {

// The tags the importer reads from a k6 Point; empty when absent or not a string.
struct K6Tags {
  std::string name;
  std::string url;
  std::string status;
  std::string error_code;
  std::string group;
  std::string scenario;
  std::string check;  // a `checks` sample: the check's name

  // Stores `value` when `key` is one of the tags above (the rest are ignored).
  void set(std::string_view key, std::string value);
};

// The tags of a parsed `data.tags` object (anything but an object gives no tags).
K6Tags k6_tags_from_json(const nlohmann::json& tags);

// The `name` tag, else `url`, else "(unnamed)". k6 sets `name` to the URL when a script gives
// none, so URLs with ids in them make one endpoint each unless the script names them.
std::string endpoint_name(const K6Tags& tags);
// The `status` tag as a number; 0 (no response) when missing or not a number.
int status_of(const K6Tags& tags);
// Why a failed request failed: from its status, else from k6's `error_code` tag
// (1050 timeout, 11xx DNS and 12xx TCP connect, 13xx TLS; k6 docs "Error codes").
metrics::ErrorKind error_kind_of(const K6Tags& tags);

}  // namespace perfgate::importers
