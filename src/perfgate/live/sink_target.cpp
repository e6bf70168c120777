// SPDX-License-Identifier: MIT
#include "perfgate/live/sink_target.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>

#include "perfgate/live/line_protocol.h"
#include "perfgate/live/remote_write.h"
#include "perfgate/metrics/histogram_codec.h"
#include "perfgate/net/url_origin.h"

namespace perfgate::live {
namespace {

std::string percent_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string_view path_of(std::string_view url) {
  auto scheme = url.find("://");
  auto slash = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (slash == std::string_view::npos) return {};
  auto query = url.find('?', slash);
  return url.substr(slash, query == std::string_view::npos ? url.npos : query - slash);
}

bool has_query_param(std::string_view url, std::string_view name) {
  auto query = url.find('?');
  if (query == std::string_view::npos) return false;
  std::string_view rest = url.substr(query + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    if (pair.substr(0, pair.find('=')) == name) return true;
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return false;
}

void add_query_param(std::string& url, std::string_view name, std::string_view value) {
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += fmt::format("{}={}", name, percent_encode(value));
}

void add_basic_auth(SinkTarget& target, const std::string& user, const std::string& password) {
  target.headers.emplace_back("Authorization",
                              "Basic " + metrics::base64_encode(user + ":" + password));
}

Status configure_influxdb(SinkTarget& target, const ci::EnvLookup& env) {
  bool v2 = path_of(target.url).ends_with("/api/v2/write");
  if (has_query_param(target.url, "precision"))
    return Error::bad_input(
        "--out-metrics influxdb: the URL must not set precision "
        "(perf-gate writes millisecond timestamps)");
  if (v2) {
    static constexpr std::pair<const char*, const char*> k_params[] = {
        {"org", "PERFGATE_INFLUXDB_ORG"}, {"bucket", "PERFGATE_INFLUXDB_BUCKET"}};
    for (const auto& [name, variable] : k_params) {
      if (has_query_param(target.url, name)) continue;
      auto value = env(variable);
      if (!value || value->empty()) {
        return Error::bad_input(fmt::format(
            "--out-metrics influxdb: InfluxDB 2.x needs the {} (set {})", name, variable));
      }
      add_query_param(target.url, name, *value);
    }
  } else if (!has_query_param(target.url, "db")) {
    return Error::bad_input(
        "--out-metrics influxdb: the URL names no database: use "
        "http://HOST:8086/write?db=NAME (1.x) or http://HOST:8086/api/v2/write (2.x)");
  }
  add_query_param(target.url, "precision", "ms");
  target.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  auto token = env("PERFGATE_INFLUXDB_TOKEN");
  auto user = env("PERFGATE_INFLUXDB_USERNAME");
  if (token && !token->empty()) {
    target.headers.emplace_back("Authorization", "Token " + *token);
  } else if (user && !user->empty()) {
    add_basic_auth(target, *user, env("PERFGATE_INFLUXDB_PASSWORD").value_or(""));
  }
  return ok_status();
}

void configure_prometheus(SinkTarget& target, const ci::EnvLookup& env) {
  target.headers.emplace_back("Content-Type", "application/x-protobuf");
  target.headers.emplace_back("Content-Encoding", "snappy");
  target.headers.emplace_back("X-Prometheus-Remote-Write-Version", "0.1.0");
  auto token = env("PERFGATE_PROMETHEUS_TOKEN");
  auto user = env("PERFGATE_PROMETHEUS_USERNAME");
  if (token && !token->empty()) {
    target.headers.emplace_back("Authorization", "Bearer " + *token);
  } else if (user && !user->empty()) {
    add_basic_auth(target, *user, env("PERFGATE_PROMETHEUS_PASSWORD").value_or(""));
  }
}

}  // namespace

Result<SinkTarget> parse_sink_target(std::string_view spec, const ci::EnvLookup& env) {
  auto equals = spec.find('=');
  if (equals == std::string_view::npos)
    return Error::bad_input("--out-metrics: expected KIND=URL (influxdb=… or prometheus=…)");
  std::string_view kind = spec.substr(0, equals);
  SinkTarget target;
  target.url = std::string(spec.substr(equals + 1));
  if (!target.url.starts_with("http://") && !target.url.starts_with("https://")) {
    return Error::bad_input(
        fmt::format("--out-metrics {}: the URL must start with http:// or https://", kind));
  }
  target.display = fmt::format("{}={}", kind, net::url_origin(target.url));
  if (kind == "influxdb") {
    target.kind = SinkKind::influxdb;
    if (auto status = configure_influxdb(target, env); !status) return status.error();
  } else if (kind == "prometheus") {
    target.kind = SinkKind::prometheus;
    configure_prometheus(target, env);
  } else {
    return Error::bad_input(
        fmt::format("--out-metrics: unknown kind '{}' (expected influxdb or prometheus)", kind));
  }
  return target;
}

net::HttpRequest make_write_request(const SinkTarget& target, std::span<const Point> points) {
  net::HttpRequest request;
  request.method = "POST";
  request.url = target.url;
  request.headers = target.headers;
  request.body = target.kind == SinkKind::influxdb ? encode_line_protocol(points)
                                                   : encode_remote_write(points);
  return request;
}

}  // namespace perfgate::live
