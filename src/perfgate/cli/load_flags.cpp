// SPDX-License-Identifier: MIT
#include "perfgate/cli/load_flags.h"

#include <fmt/format.h>

#include "perfgate/util/duration.h"
#include "perfgate/util/error.h"

namespace perfgate::cli {

void add_load_flags(CLI::App& app, LoadFlags& flags) {
  app.add_option("--vus", flags.vus, "Closed model: run N virtual users, flat")
      ->check(CLI::PositiveNumber);
  app.add_option("--rate", flags.rate, "Open model: start R iterations per second, flat")
      ->check(CLI::PositiveNumber);
  app.add_option("--duration", flags.duration,
                 "Duration of --vus/--rate or of a flat profile (30s, 2m)");
  app.add_option("--threads", flags.threads, "Worker threads (default: CPU cores)")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-vus", flags.max_vus, "Open model: cap on concurrent iterations")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-requests", flags.max_requests, "Stop after this many requests")
      ->check(CLI::PositiveNumber);
  app.add_option("--progress", flags.progress, "Live progress on stderr")
      ->check(CLI::IsMember({"auto", "tty", "plain", "off"}))
      ->capture_default_str();
}

void add_http_client_flag(CLI::App& app, std::string& client) {
  app.add_option("--http-client", client,
                 "HTTP client: curl (libcurl), native (HTTP/1.1 to http:// only, less CPU per "
                 "request), or auto (native for http:// without --http2; in ab, only when it "
                 "fits both targets)")
      ->check(CLI::IsMember({"curl", "native", "auto"}))
      ->capture_default_str();
}

engine::HttpClient http_client_named(const std::string& name) {
  if (name == "native") return engine::HttpClient::native;
  if (name == "auto") return engine::HttpClient::automatic;
  return engine::HttpClient::curl;
}

void apply_load_flags(const LoadFlags& flags, const CLI::App& app, engine::RunOptions& options) {
  if (app.count("--vus")) options.vus = flags.vus;
  if (app.count("--rate")) options.rate = flags.rate;
  if (app.count("--duration")) {
    auto duration = util::parse_duration(flags.duration);
    if (!duration) {
      throw Fatal(Error::bad_input(
          fmt::format("--duration: '{}' is not a duration (e.g. 30s, 2m)", flags.duration)));
    }
    options.duration = *duration;
  }
  options.threads = flags.threads;
  if (app.count("--max-vus")) options.max_vus = flags.max_vus;
  if (app.count("--max-requests")) options.max_requests = flags.max_requests;
  options.progress = flags.progress == "tty"     ? engine::ProgressMode::tty
                     : flags.progress == "plain" ? engine::ProgressMode::plain
                     : flags.progress == "off"   ? engine::ProgressMode::off
                                                 : engine::ProgressMode::automatic;
  options.http_client = http_client_named(flags.http_client);
}

}  // namespace perfgate::cli
