// SPDX-License-Identifier: MIT
// `perf-gate baseline update RESULTS --baseline FILE [--keep N]` and `perf-gate baseline show`.
#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "perfgate/cli/command.h"
#include "perfgate/results/result_file.h"
#include "perfgate/stats/baseline_file.h"
#include "perfgate/stats/compare.h"
#include "perfgate/stats/run_quality.h"
#include "perfgate/util/file.h"
#include "perfgate/util/log.h"

namespace perfgate::cli {
namespace {

struct BaselineFlags {
  std::string results;
  std::string baseline;
  int keep = 0;  // 0: not given; the baseline's stored value (or the default) applies
};

stats::Baseline read_or_throw(const std::string& path) {
  Result<stats::Baseline> baseline = stats::read_baseline_file(path);
  if (!baseline) {
    Error error = baseline.error();
    error.kind = ErrorKind::bad_input;
    throw Fatal(error);
  }
  return std::move(*baseline);
}

ExitCode run_update(const BaselineFlags& flags) {
  results::RunResult run = results::read_result_file(flags.results).value_or_throw();
  // Part of a run would set the bar at part of the load: every later complete run would look
  // faster, and a later incomplete one normal.
  if (results::incomplete(run.meta)) {
    throw Fatal(Error::bad_input(fmt::format(
        "{}: the run is incomplete ({}): a baseline needs the whole run; merge every shard's "
        "results first (perf-gate merge)",
        flags.results, results::shard_set(run.meta).describe_missing())));
  }
  // Latencies of refusals and timeouts would set the bar for every later run.
  if (results::every_request_failed(run)) {
    throw Fatal(Error::bad_input(fmt::format(
        "{}: every one of its {} requests failed: the target was not measured, so the run "
        "cannot be a baseline",
        flags.results, run.metrics.total().requests)));
  }
  if (auto created = util::create_parent_directories(flags.baseline); !created) {
    throw Fatal(created.error());
  }
  // Concurrent updates of one baseline (CI jobs finishing together) each read, fold and write:
  // without the lock, all but one of the runs would be lost.
  util::DirectoryLock lock = util::DirectoryLock::acquire(flags.baseline).value_or_throw();
  std::optional<stats::Baseline> existing;
  if (std::filesystem::exists(flags.baseline)) existing = read_or_throw(flags.baseline);
  bool created = !existing.has_value();
  int keep = flags.keep > 0 ? flags.keep : existing ? existing->keep : stats::k_default_keep;
  size_t before = existing ? existing->history.size() + 1 : 1;
  stats::Baseline updated = stats::update_baseline(std::move(existing), run, keep).value_or_throw();
  if (updated.history.size() < before) {
    util::warn(fmt::format("the history of {} is trimmed from {} to {} runs (--keep {})",
                           flags.baseline, before, updated.history.size(), keep));
  }
  perfgate::Status written = stats::write_baseline_file(flags.baseline, updated);
  if (!written) throw Fatal(written.error());
  fmt::print("perf-gate: {} baseline {} (scenario {}, profile {}): {} run{} of history\n",
             created ? "created" : "updated", flags.baseline, run.meta.scenario, run.meta.profile,
             updated.history.size(), updated.history.size() == 1 ? "" : "s");
  return ExitCode::success;
}

ExitCode run_show(const BaselineFlags& flags) {
  stats::Baseline baseline = read_or_throw(flags.baseline);
  fmt::print("baseline {}: scenario {}, profile {}, {} run{}\n", flags.baseline,
             baseline.latest.meta.scenario, baseline.latest.meta.profile, baseline.history.size(),
             baseline.history.size() == 1 ? "" : "s");
  // "swung": windows whose throughput was off the run's median by 2× or more, "*" past the
  // share that makes a run disturbed (set aside from a short history, judged by its steady
  // windows in a long one); "-": not recorded.
  fmt::print("{:<26} {:<12} {:>10} {:>10} {:>10} {:>10} {:>9} {:>8}\n", "time", "sha", "requests",
             "p50 ms", "p95 ms", "p99 ms", "errors", "swung");
  bool any_disturbed = false;
  for (const stats::RunSummary& run : baseline.history) {
    bool disturbed = stats::too_many_swings(static_cast<size_t>(run.swings.swung),
                                            static_cast<size_t>(run.swings.windows),
                                            stats::CompareOptions{}.disturbed_window_share);
    any_disturbed = any_disturbed || disturbed;
    std::string swung =
        run.swings.windows > 0
            ? fmt::format("{}/{}{}", run.swings.swung, run.swings.windows, disturbed ? "*" : " ")
            : std::string("- ");
    fmt::print("{:<26} {:<12} {:>10} {:>10.2f} {:>10.2f} {:>10.2f} {:>8.3f}% {:>8}\n", run.time,
               run.git_sha.substr(0, 12), run.total.requests, run.total.p50_ms, run.total.p95_ms,
               run.total.p99_ms, run.total.error_rate * 100, swung);
  }
  if (any_disturbed) {
    fmt::print(
        "* disturbed: throughput off its median by 2× or more in over {:g}% of its windows; set "
        "aside from a 3- or 4-run history whose other runs mostly held steady; in a longer, "
        "mostly steady one, a run whose throughput only fell, in at most a third of its "
        "windows, is judged by the windows in which it held\n",
        stats::CompareOptions{}.disturbed_window_share * 100);
  }
  return ExitCode::success;
}

}  // namespace

CommandAction setup_baseline_command(CLI::App& app) {
  auto flags = std::make_shared<BaselineFlags>();
  auto action = std::make_shared<CommandAction>();
  app.require_subcommand(1);
  CLI::App* update = app.add_subcommand(
      "update", "Create the baseline, or fold a run into it (latest run + history of summaries)");
  update->add_option("results", flags->results, "Results file of the run")->required();
  update->add_option("--baseline", flags->baseline, "Baseline file to create or update")
      ->required();
  update
      ->add_option("--keep", flags->keep,
                   "Runs of history to keep (stored in the baseline; default: the stored value, "
                   "or 30)")
      ->check(CLI::Range(1, 10000));
  update->callback([flags, action] { *action = [flags] { return run_update(*flags); }; });
  CLI::App* show = app.add_subcommand("show", "Print a baseline's history");
  show->add_option("baseline", flags->baseline, "Baseline file")->required();
  show->callback([flags, action] { *action = [flags] { return run_show(*flags); }; });
  return [action] { return (*action)(); };
}

}  // namespace perfgate::cli
