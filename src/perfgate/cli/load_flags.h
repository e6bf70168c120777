// SPDX-License-Identifier: MIT
// The flags that shape a run's load, the same on `run` and `gate`: --vus, --rate, --duration,
// --threads, --max-vus, --max-requests, --progress; and --http-client (`gate` takes it as an
// action input, so it adds it with the other inputs).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "perfgate/engine/load_engine.h"

namespace perfgate::cli {

struct LoadFlags {
  int vus = 0;
  double rate = 0;
  std::string duration;
  int threads = 0;
  int max_vus = 0;
  int64_t max_requests = 0;
  std::string progress = "auto";
  std::string http_client = "auto";
};

// Adds the flags to `app`; they fill `flags`, which must outlive the parse.
void add_load_flags(CLI::App& app, LoadFlags& flags);

// --http-client curl|native|auto into `client` (on `run` and `ab`), and the engine's name for a
// value it allows.
void add_http_client_flag(CLI::App& app, std::string& client);
engine::HttpClient http_client_named(const std::string& name);

// Sets in `options` what the given flags say (unset flags keep the profile's values). Throws
// Fatal (bad input) for a --duration that is not one.
void apply_load_flags(const LoadFlags& flags, const CLI::App& app, engine::RunOptions& options);

}  // namespace perfgate::cli
