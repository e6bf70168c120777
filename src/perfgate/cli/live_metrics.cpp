// SPDX-License-Identifier: MIT
#include "perfgate/cli/live_metrics.h"

#include "perfgate/util/error.h"
#include "perfgate/util/log.h"

namespace perfgate::cli {

std::vector<live::SinkTarget> parse_out_metrics(const std::vector<std::string>& specs) {
  std::vector<live::SinkTarget> targets;
  ci::EnvLookup env = ci::process_env();
  for (const std::string& spec : specs)
    targets.push_back(live::parse_sink_target(spec, env).value_or_throw());
  return targets;
}

std::unique_ptr<live::Publisher> start_live_metrics(const std::vector<std::string>& specs,
                                                    std::chrono::milliseconds flush_timeout,
                                                    engine::RunOptions& options) {
  if (specs.empty()) return nullptr;
  live::PublisherOptions publisher_options;
  publisher_options.flush_timeout = flush_timeout;
  auto publisher = std::make_unique<live::Publisher>(parse_out_metrics(specs), publisher_options);
  options.on_window = publisher->callback();
  return publisher;
}

void finish_live_metrics(live::Publisher* publisher, const results::RunResult& result) {
  if (publisher == nullptr) return;
  for (const std::string& warning : live::drop_warnings(publisher->finish(result)))
    util::warn(warning);
}

}  // namespace perfgate::cli
