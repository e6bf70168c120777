// SPDX-License-Identifier: MIT
#include "perfgate/cli/verdict_console.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace perfgate::cli {
namespace {

std::string upper(const char* text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string identity_line(const char* label, const stats::RunIdentity& identity) {
  std::string line =
      fmt::format("{}: scenario {}, profile {}", label, identity.scenario, identity.profile);
  if (!identity.git_sha.empty()) line += fmt::format(", sha {}", identity.git_sha.substr(0, 12));
  if (!identity.time.empty()) line += fmt::format(", {}", identity.time);
  if (identity.runs > 1) line += fmt::format(", {} runs", identity.runs);
  return line;
}

}  // namespace

std::string render_verdict_table(const stats::Verdict& verdict) {
  std::string out =
      fmt::format("perf-gate: verdict {} ({} failed, {} warned, {} passed, {} no data)\n",
                  upper(stats::status_name(verdict.verdict)), verdict.summary.failed,
                  verdict.summary.warned, verdict.summary.passed, verdict.summary.no_data);
  out += "  " + identity_line("current", verdict.current) + "\n";
  if (verdict.baseline) out += "  " + identity_line("baseline", *verdict.baseline) + "\n";
  size_t endpoint_width = 8;
  for (const stats::Check& check : verdict.checks) {
    endpoint_width = std::max(endpoint_width, check.endpoint.size());
  }
  out += fmt::format("\n{:<8} {:<12} {:<{}} {}\n", "STATUS", "KIND", "ENDPOINT", endpoint_width,
                     "EXPLANATION");
  for (const stats::Check& check : verdict.checks) {
    out += fmt::format("{:<8} {:<12} {:<{}} {}\n", upper(stats::status_name(check.status)),
                       stats::check_kind_name(check.kind),
                       check.endpoint.empty() ? "(total)" : check.endpoint, endpoint_width,
                       check.explanation);
  }
  if (!verdict.notes.empty()) {
    out += "\nnotes:\n";
    for (const std::string& note : verdict.notes) out += fmt::format("  - {}\n", note);
  }
  return out;
}

ExitCode exit_code_for_verdict(stats::Status status) {
  return status == stats::Status::fail ? ExitCode::gate_failed : ExitCode::success;
}

}  // namespace perfgate::cli
