// SPDX-License-Identifier: MIT
#include "perfgate/report/json_report.h"

#include <nlohmann/json.hpp>

#include "perfgate/report/distribution.h"
#include "perfgate/report/endpoint_rows.h"
#include "perfgate/report/failed_requests.h"
#include "perfgate/report/headline.h"
#include "perfgate/report/markdown_report.h"
#include "perfgate/report/report_notes.h"
#include "perfgate/report/utf8.h"
#include "perfgate/report/window_series.h"
#include "perfgate/stats/verdict_file.h"

namespace perfgate::report {
namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json side_json(const SideValues& side) {
  if (!side.p95_ms && !side.requests && !side.error_rate && !side.rps) return nullptr;
  json out = {{"p50_ms", optional_number(side.p50_ms)},
              {"p95_ms", optional_number(side.p95_ms)},
              {"p99_ms", optional_number(side.p99_ms)},
              {"error_rate", optional_number(side.error_rate)},
              {"rps", optional_number(side.rps)},
              {"requests", side.requests ? json(*side.requests) : json(nullptr)},
              {"errors", side.errors ? json(*side.errors) : json(nullptr)},
              {"phases_ms", nullptr}};
  if (side.phases && side.phases->samples > 0) {
    PhaseMeans means = phase_means(*side.phases);
    out["phases_ms"] = {{"dns", means.dns_ms},           {"connect", means.connect_ms},
                        {"tls", means.tls_ms},           {"ttfb", means.ttfb_ms},
                        {"transfer", means.transfer_ms}, {"samples", side.phases->samples}};
  }
  return out;
}

json endpoints_json(const ReportInput& input) {
  json out = json::array();
  for (const EndpointRow& row : endpoint_rows(input)) {
    out.push_back({{"name", row.name},
                   {"mark", mark_word(row.mark)},
                   {"status", stats::status_name(row.status)},
                   {"flagged_metrics", row.flagged_metrics},
                   {"baseline", side_json(row.baseline)},
                   {"current", side_json(row.current)}});
  }
  return out;
}

// Columns rather than an array of objects: a soak test has thousands of windows.
json series_json(const std::vector<WindowPoint>& points, bool with_load) {
  json out = {{"start_s", json::array()}, {"length_s", json::array()}, {"p50_ms", json::array()},
              {"p95_ms", json::array()},  {"p99_ms", json::array()},   {"requests", json::array()},
              {"errors", json::array()}};
  if (with_load) {
    out["active_vus"] = json::array();
    out["dropped_iterations"] = json::array();
  }
  for (const WindowPoint& point : points) {
    out["start_s"].push_back(point.start_s);
    out["length_s"].push_back(point.length_s);
    out["p50_ms"].push_back(point.p50_ms);
    out["p95_ms"].push_back(point.p95_ms);
    out["p99_ms"].push_back(point.p99_ms);
    out["requests"].push_back(point.requests);
    out["errors"].push_back(point.errors);
    if (with_load) {
      out["active_vus"].push_back(point.active_vus);
      out["dropped_iterations"].push_back(point.dropped_iterations);
    }
  }
  return out;
}

json curve_json(const results::RunResult* run) {
  if (run == nullptr) return nullptr;
  json out = json::array();
  for (const PercentilePoint& point : percentile_curve(run->metrics.total().latency)) {
    out.push_back({point.percentile, point.latency_ms});
  }
  return out;
}

json run_json(const results::RunResult* run, const JsonReportOptions& options) {
  if (run == nullptr) return nullptr;
  json endpoints = json::object();
  for (const metrics::EndpointSeries& series : run->metrics.endpoints) {
    endpoints[series.name] =
        series_json(endpoint_series(*run, series, options.max_endpoint_points), false);
  }
  return {{"scenario", run->meta.scenario},
          {"profile", run->meta.profile},
          {"model", run->meta.model},
          {"git_sha", run->meta.git_sha},
          {"git_ref", run->meta.git_ref},
          {"duration_s", static_cast<double>(run->meta.duration.count()) / 1e6},
          {"window_s", static_cast<double>(run->metrics.window_length.count()) / 1e6},
          {"total", series_json(total_series(*run, options.max_total_points), true)},
          {"endpoints", endpoints},
          {"distribution", curve_json(run)}};
}

json history_json(const stats::Baseline* baseline) {
  json out = json::array();
  if (baseline == nullptr) return out;
  for (const stats::RunSummary& run : baseline->history) {
    out.push_back({{"git_sha", run.git_sha},
                   {"time", run.time},
                   {"p50_ms", run.total.p50_ms},
                   {"p95_ms", run.total.p95_ms},
                   {"p99_ms", run.total.p99_ms},
                   {"error_rate", run.total.error_rate},
                   {"rps", run.total.rps}});
  }
  return out;
}

// Untrusted names may hold invalid UTF-8, which JSON writers reject: write a cleaned copy.
stats::Verdict with_valid_utf8(stats::Verdict verdict) {
  auto fix = [](std::string& text) { text = valid_utf8(text); };
  fix(verdict.current.scenario);
  fix(verdict.current.profile);
  fix(verdict.current.git_sha);
  fix(verdict.current.time);
  if (verdict.baseline) {
    fix(verdict.baseline->scenario);
    fix(verdict.baseline->profile);
    fix(verdict.baseline->git_sha);
    fix(verdict.baseline->time);
  }
  for (std::string& note : verdict.notes) fix(note);
  for (stats::Check& check : verdict.checks) {
    for (std::string* text :
         {&check.endpoint, &check.metric, &check.rule, &check.method, &check.explanation}) {
      fix(*text);
    }
  }
  return verdict;
}

// What report/failed_requests.h gives the other renderers.
json failures_json(const results::RunResult* run) {
  json out = json::array();
  if (run == nullptr) return out;
  for (const EndpointFailures& f : endpoint_failures(*run)) {
    json statuses = json::object();
    for (const auto& [status, count] : f.statuses) statuses[std::to_string(status)] = count;
    json kinds = json::object();
    for (const auto& [kind, count] : f.kinds) {
      kinds[std::string(metrics::error_kind_name(kind))] = count;
    }
    json checks = json::array();
    for (const metrics::NamedCheck& check : f.named_checks) {
      checks.push_back({{"name", check.name}, {"passed", check.passed}, {"failed", check.failed}});
    }
    out.push_back({{"endpoint", f.endpoint},
                   {"requests", f.requests},
                   {"errors", f.errors},
                   {"checks_passed", f.checks_passed},
                   {"checks_failed", f.checks_failed},
                   {"checks", checks},
                   {"status", statuses},
                   {"errors_by_kind", kinds}});
  }
  return out;
}

}  // namespace

std::string render_json(const ReportInput& input, const JsonReportOptions& options) {
  json notes = json::array();
  for (const Note& note : report_notes(input)) {
    notes.push_back(
        {{"level", note.level == Note::Level::warning ? "warning" : "info"}, {"text", note.text}});
  }
  std::string id = options.id.empty() ? default_report_id(input.verdict) : options.id;
  json report = {{"schema", k_report_schema},
                 {"id", sanitize_marker_id(id)},
                 {"summary", one_line_summary(input.verdict)},
                 {"verdict", stats::verdict_to_json_value(with_valid_utf8(input.verdict))},
                 {"notes", notes},
                 {"endpoints", endpoints_json(input)},
                 {"failed_requests", failures_json(input.current)},
                 {"current", run_json(input.current, options)},
                 {"baseline", run_json(input.baseline_run, options)},
                 {"history", history_json(input.baseline)}};
  // Replace invalid UTF-8 from untrusted names rather than throw.
  return report.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace perfgate::report
