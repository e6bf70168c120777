// SPDX-License-Identifier: MIT
#include "perfgate/report/endpoint_rows.h"

#include <algorithm>
#include <cmath>

#include "perfgate/report/check_text.h"
#include "perfgate/report/root_causes.h"

namespace perfgate::report {
namespace {

SideValues side_from_metrics(const metrics::EndpointMetrics& endpoint,
                             std::chrono::microseconds duration) {
  results::EndpointSummary summary = results::summarize(endpoint, duration);
  SideValues side;
  side.p50_ms = summary.p50_ms;
  side.p95_ms = summary.p95_ms;
  side.p99_ms = summary.p99_ms;
  side.error_rate = summary.error_rate;
  side.rps = summary.rps;
  side.requests = summary.requests;
  side.errors = summary.errors;
  side.phases = endpoint.phases;
  return side;
}

std::optional<double>* side_field(SideValues& side, std::string_view metric) {
  std::optional<stats::MetricId> id = stats::metric_id_from_name(metric);
  if (!id) return nullptr;
  switch (*id) {
    case stats::MetricId::p50:
      return &side.p50_ms;
    case stats::MetricId::p95:
      return &side.p95_ms;
    case stats::MetricId::p99:
      return &side.p99_ms;
    case stats::MetricId::error_rate:
      return &side.error_rate;
    case stats::MetricId::rps:
      return &side.rps;
  }
  return nullptr;
}

// Without runs, the checks still carry values: regression checks both sides, thresholds the
// current one (their `baseline` is the limit).
void fill_from_check(EndpointRow& row, const stats::Check& check) {
  if (std::optional<double>* field = side_field(row.current, check.metric);
      field && !*field && check.current) {
    *field = check.current;
  }
  if (check.kind == stats::CheckKind::threshold) return;
  if (std::optional<double>* field = side_field(row.baseline, check.metric);
      field && !*field && check.baseline) {
    *field = check.baseline;
  }
}

EndpointRow& row_for(std::vector<EndpointRow>& rows, const std::string& name) {
  for (EndpointRow& row : rows) {
    if (row.name == name) return row;
  }
  EndpointRow& row = rows.emplace_back();
  row.name = name;
  row.order = rows.size() - 1;
  return row;
}

void add_run_rows(std::vector<EndpointRow>& rows, const results::RunResult& run,
                  SideValues EndpointRow::*side) {
  for (const metrics::EndpointSeries& series : run.metrics.endpoints) {
    row_for(rows, series.name).*side = side_from_metrics(series.totals, run.meta.duration);
  }
}

void apply_checks(EndpointRow& row, const std::vector<stats::Check>& checks,
                  const RootCauses& causes) {
  bool any = false, all_no_data = true, improved = false, own_failure = false;
  for (size_t i = 0; i < checks.size(); ++i) {
    const stats::Check& check = checks[i];
    if (check.endpoint != row.name) continue;
    any = true;
    fill_from_check(row, check);
    all_no_data = all_no_data && check.status == stats::Status::no_data;
    if (check.status != stats::Status::no_data) row.status = std::max(row.status, check.status);
    if (check.status == stats::Status::fail || check.status == stats::Status::warn) {
      row.flagged_metrics.push_back(check.metric);
    }
    if (check.status == stats::Status::fail || check.status == stats::Status::inconclusive) {
      auto cause = causes.consequences.find(i);
      if (cause == causes.consequences.end()) {
        own_failure = true;
      } else {
        for (const std::string& name : cause->second) {
          if (std::find(row.caused_by.begin(), row.caused_by.end(), name) == row.caused_by.end())
            row.caused_by.push_back(name);
        }
      }
    }
    improved = improved || is_improvement(check);
  }
  if (!any) return;
  if (own_failure) row.caused_by.clear();
  if (all_no_data) {
    row.mark = Mark::no_data;
    row.status = stats::Status::no_data;
  } else if (!row.caused_by.empty() && !own_failure &&
             (row.status == stats::Status::fail || row.status == stats::Status::inconclusive)) {
    row.mark = Mark::consequence;
  } else if (row.status == stats::Status::fail) {
    row.mark = Mark::regression;
  } else if (row.status == stats::Status::inconclusive) {
    row.mark = Mark::inconclusive;
  } else if (row.status == stats::Status::warn) {
    row.mark = Mark::warning;
  } else {
    row.mark = improved ? Mark::improvement : Mark::unchanged;
  }
}

}  // namespace

const char* mark_emoji(Mark mark) {
  switch (mark) {
    case Mark::regression:
      return "❌";
    case Mark::consequence:
      return "🔗";
    case Mark::inconclusive:
      return "❓";
    case Mark::warning:
      return "⚠️";
    case Mark::no_data:
      return "❔";
    case Mark::improvement:
      return "🟢";
    case Mark::unchanged:
      return "⚪";
    case Mark::unchecked:
      return "";
  }
  return "";
}

const char* mark_word(Mark mark) {
  switch (mark) {
    case Mark::regression:
      return "regression";
    case Mark::consequence:
      return "consequence";
    case Mark::inconclusive:
      return "inconclusive";
    case Mark::warning:
      return "warning";
    case Mark::no_data:
      return "no data";
    case Mark::improvement:
      return "improvement";
    case Mark::unchanged:
      return "unchanged";
    case Mark::unchecked:
      return "not checked";
  }
  return "";
}

bool EndpointRow::flagged(stats::MetricId metric) const {
  std::string_view wanted = stats::metric_names(metric).name;
  return std::find(flagged_metrics.begin(), flagged_metrics.end(), wanted) != flagged_metrics.end();
}

std::vector<EndpointRow> endpoint_rows(const ReportInput& input) {
  std::vector<EndpointRow> rows;
  if (input.current != nullptr) add_run_rows(rows, *input.current, &EndpointRow::current);
  if (input.baseline_run != nullptr) {
    add_run_rows(rows, *input.baseline_run, &EndpointRow::baseline);
  }
  for (const stats::Check& check : input.verdict.checks) {
    if (!check.endpoint.empty()) row_for(rows, check.endpoint);
  }
  EndpointRow total;
  if (input.current != nullptr) {
    total.current = side_from_metrics(input.current->metrics.total(), input.current->meta.duration);
  }
  if (input.baseline_run != nullptr) {
    total.baseline =
        side_from_metrics(input.baseline_run->metrics.total(), input.baseline_run->meta.duration);
  }
  RootCauses causes = find_root_causes(input);
  for (EndpointRow& row : rows) apply_checks(row, input.verdict.checks, causes);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const EndpointRow& a, const EndpointRow& b) { return a.mark < b.mark; });
  apply_checks(total, input.verdict.checks, causes);
  total.order = rows.size();
  bool has_total =
      input.current != nullptr || input.baseline_run != nullptr || total.mark != Mark::unchecked;
  if (has_total) rows.push_back(std::move(total));
  return rows;
}

PhaseMeans phase_means(const metrics::PhaseTotals& phases) {
  if (phases.samples <= 0) return {};
  double n = static_cast<double>(phases.samples) * 1000.0;  // µs sums -> ms means
  PhaseMeans means{static_cast<double>(phases.dns_us) / n,
                   static_cast<double>(phases.connect_us) / n,
                   static_cast<double>(phases.tls_us) / n, static_cast<double>(phases.ttfb_us) / n,
                   static_cast<double>(phases.transfer_us) / n};
  means.setup_ms = means.dns_ms + means.connect_ms + means.tls_ms;
  return means;
}

}  // namespace perfgate::report
