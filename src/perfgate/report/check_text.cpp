// SPDX-License-Identifier: MIT
#include "perfgate/report/check_text.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "perfgate/report/escape.h"
#include "perfgate/stats/metric_id.h"

namespace perfgate::report {
namespace {

std::string_view strip_tags(std::string_view metric) {
  size_t brace = metric.find('{');
  return brace == std::string_view::npos ? metric : metric.substr(0, brace);
}

// k6 latency rules name their statistic: p(95), avg, med, min, max.
std::string latency_label_from_rule(std::string_view rule) {
  if (size_t p = rule.find("p("); p != std::string_view::npos) {
    size_t close = rule.find(')', p);
    if (close != std::string_view::npos) {
      std::string digits;
      for (char c : rule.substr(p + 2, close - p - 2)) {
        if (c != '.') digits += c;
      }
      return "p" + digits;
    }
  }
  if (rule.starts_with("avg")) return "mean";
  if (rule.starts_with("med")) return "p50";
  if (rule.starts_with("min")) return "min";
  if (rule.starts_with("max")) return "max";
  return "latency";
}

bool strip_spaces_starts_with(std::string_view text, std::string_view prefix) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return text.starts_with(prefix);
}

std::string quote(std::string_view text, TextStyle style) {
  return style == TextStyle::markdown ? markdown_code(text) : plain_line(text);
}

}  // namespace

MetricInfo metric_info(std::string_view metric, std::string_view rule) {
  std::string_view name = strip_tags(metric);
  if (std::optional<stats::MetricId> id = stats::metric_id_from_name(name)) {
    const stats::MetricNames& names = stats::metric_names(*id);
    if (*id == stats::MetricId::error_rate)
      return {names.label, Unit::ratio, Direction::lower_is_better};
    if (*id == stats::MetricId::rps)
      return {names.label, Unit::per_second, Direction::higher_is_better};
    return {names.label, Unit::ms, Direction::lower_is_better};
  }
  if (name.ends_with("_ms")) {
    std::string_view stem = name.substr(0, name.size() - 3);
    return {std::string(stem), Unit::ms, Direction::lower_is_better};
  }
  if (name == "http_req_failed") {
    return {"error rate", Unit::ratio, Direction::lower_is_better};
  }
  if (name == "http_reqs" && strip_spaces_starts_with(rule, "count")) {
    return {"requests", Unit::count, Direction::higher_is_better};  // k6's count, not the rate
  }
  if (name == "http_reqs") {
    return {"throughput", Unit::per_second, Direction::higher_is_better};
  }
  if (name == "http_req_duration" || name == "iteration_duration") {
    return {latency_label_from_rule(rule), Unit::ms, Direction::lower_is_better};
  }
  if (name == "checks") return {"checks", Unit::ratio, Direction::higher_is_better};
  if (name == "dropped_iterations") {
    return {"dropped iterations", Unit::count, Direction::lower_is_better};
  }
  if (name == "iterations") return {"iterations", Unit::count, Direction::higher_is_better};
  if (name == "shards") return {"shards", Unit::count, Direction::higher_is_better};
  return {plain_line(name), Unit::none, Direction::lower_is_better};
}

std::string endpoint_text(const std::string& endpoint, TextStyle style) {
  if (endpoint.empty()) return "all requests";
  return quote(endpoint, style);
}

std::string check_subject(const stats::Check& check, TextStyle style) {
  // An incomplete run's shard count is the run's, not a metric of its requests.
  if (check.metric == "shards" && check.endpoint.empty()) return "shards merged";
  MetricInfo info = metric_info(check.metric, check.rule);
  return fmt::format("{} of {}", info.label, endpoint_text(check.endpoint, style));
}

std::optional<double> relative_change(const stats::Check& check) {
  if (check.relative_change) return check.relative_change;
  if (check.baseline && check.current && *check.baseline != 0) {
    return (*check.current - *check.baseline) / *check.baseline;
  }
  return std::nullopt;
}

std::string change_cell(const stats::Check& check, std::string_view none) {
  if (check.kind == stats::CheckKind::threshold) return std::string(none);
  MetricInfo info = metric_info(check.metric, check.rule);
  if (info.unit == Unit::ratio && check.baseline && check.current &&
      *check.baseline != *check.current) {
    return format_points(*check.current - *check.baseline);
  }
  std::optional<double> change = relative_change(check);
  return change ? format_change(*change) : std::string(none);
}

namespace {

// How much the value moved: a relative change, but in percentage points for rates (an error
// rate going from 0.01% to 0.07% is not news as "+600%"), and "up from 0" when there is no ratio.
std::string change_words(const stats::Check& check) {
  if (check.baseline && check.current && *check.baseline == *check.current) return "unchanged";
  if (std::string change = change_cell(check, ""); !change.empty()) return change;
  if (check.baseline && check.current && *check.baseline == 0) {
    return *check.current > 0 ? "up from 0" : "down from 0";
  }
  return "changed";
}

std::string regression_finding(const stats::Check& check) {
  MetricInfo info = metric_info(check.metric, check.rule);
  std::string text = change_words(check);
  if (check.baseline && check.current) {
    text += fmt::format(" ({} → {})", format_number(*check.baseline, info.unit),
                        format_value(*check.current, info.unit));
  }
  // A check that could not judge but passes the gate (a warn-only p99; an error rate with no
  // error on either side) says nothing about a regression: it says why not.
  std::string_view not_judged;
  for (std::string_view reason : {stats::k_not_judged, stats::k_not_judged_no_errors}) {
    if (check.status == stats::Status::pass &&
        check.explanation.find(reason) != std::string::npos) {
      not_judged = reason;
    }
  }
  std::string_view verdict = check.kind == stats::CheckKind::change_point  ? "change point"
                             : check.status == stats::Status::fail         ? "beyond noise"
                             : check.status == stats::Status::warn         ? "possible regression"
                             : check.status == stats::Status::inconclusive ? "inconclusive"
                             : !not_judged.empty()                         ? not_judged
                             : is_improvement(check)                       ? "an improvement"
                                                                           : "no regression";
  text += fmt::format(", {}", verdict);
  if ((check.status == stats::Status::inconclusive || !not_judged.empty()) &&
      check.detectable_change) {
    // What the run could have shown: the number a user needs to decide what to do next.
    std::string detectable = detectable_text(check);
    bool a_size = !detectable.starts_with("only") && !detectable.starts_with("no ");
    text += a_size ? fmt::format(" (detects ≥ {})", detectable)
                   : fmt::format(" (detects {})", detectable);
  } else if (check.p_value) {
    text += fmt::format(" ({})", format_p_value(*check.p_value));
  }
  return text;
}

std::string threshold_finding(const stats::Check& check, TextStyle style) {
  MetricInfo info = metric_info(check.metric, check.rule);
  std::string rule = check.rule.empty() ? std::string("the limit") : quote(check.rule, style);
  if (!check.current) return fmt::format("no data for {}", rule);
  // Inconclusive: a breach the gate cannot judge (an incomplete run's, or its shard count).
  const char* verb = check.status == stats::Status::fail || check.status == stats::Status::warn ||
                             check.status == stats::Status::inconclusive
                         ? "breaks"
                         : "meets";
  return fmt::format("{} {} {}", format_value(*check.current, info.unit), verb, rule);
}

}  // namespace

std::string detectable_text(const stats::Check& check) {
  if (!check.detectable_change) return "";
  double detectable = *check.detectable_change;
  if (metric_info(check.metric, check.rule).unit == Unit::ratio) {
    // A rate cannot rise past 100 %: a detectable rise beyond it is none at all.
    if (check.baseline && *check.baseline + detectable > 1) return "no change: too few requests";
    std::string points = format_points(detectable);  // a size: unsigned
    return points.starts_with('+') ? points.substr(1) : points;
  }
  // A drop of 100% or a rise of 10× is no measurement: say so instead of printing 13726%.
  bool drop = metric_info(check.metric, check.rule).direction == Direction::higher_is_better;
  if (drop && detectable >= 0.95) return "only drops of 95% or more";
  if (!drop && detectable > 9) return "only changes beyond 10×";
  return fmt::format("{}{:.0f}%", drop ? "−" : "+", detectable * 100);
}

std::string explanation_detail(const stats::Check& check) {
  // The stats' explanations open with "<subject> <change> (<before> → <after>): "; the finding
  // says that already.
  const std::string& text = check.explanation;
  size_t head_end = text.find("): ");
  if (head_end != std::string::npos && text.substr(0, head_end).find("→") != std::string::npos) {
    return text.substr(head_end + 3);
  }
  return text;
}

bool is_improvement(const stats::Check& check) {
  if (check.kind != stats::CheckKind::regression || check.status != stats::Status::pass) {
    return false;
  }
  double tolerance = check.tolerance.value_or(k_default_tolerance);
  bool significant = !check.p_value || *check.p_value < k_improvement_alpha;
  return significant && check_severity(check) < -tolerance;
}

std::string check_finding(const stats::Check& check, TextStyle style) {
  if (check.status == stats::Status::no_data) {
    return check.kind == stats::CheckKind::threshold ? threshold_finding(check, style)
                                                     : std::string("no data");
  }
  if (check.kind == stats::CheckKind::threshold) return threshold_finding(check, style);
  // Both values known: the finding says itself (the explanation repeats the subject).
  bool both_known = check.baseline && check.current;
  if (!both_known && !relative_change(check) && !check.explanation.empty()) {
    return style == TextStyle::markdown ? escape_markdown(check.explanation)
                                        : plain_line(check.explanation);
  }
  return regression_finding(check);
}

double check_severity(const stats::Check& check) {
  MetricInfo info = metric_info(check.metric, check.rule);
  std::optional<double> change = relative_change(check);
  // Up from 0 (an error rate from none to 7.5 %) is no finite share of its baseline, yet no
  // smaller than any: a check that did not pass on it leads, or the headline named a +32 % p95
  // of 0.4 ms beside it.
  if (!change && check.status != stats::Status::pass && check.baseline && check.current &&
      *check.baseline == 0 && info.direction == Direction::lower_is_better && *check.current > 0) {
    return std::numeric_limits<double>::infinity();
  }
  if (!change || !std::isfinite(*change)) return 0;
  return info.direction == Direction::lower_is_better ? *change : -*change;
}

const char* status_word(stats::Status status) {
  switch (status) {
    case stats::Status::pass:
      return "PASS";
    case stats::Status::no_data:
      return "NO DATA";
    case stats::Status::warn:
      return "WARN";
    case stats::Status::inconclusive:
      return "INCONCLUSIVE";
    case stats::Status::fail:
      return "FAIL";
  }
  return "?";
}

const char* status_emoji(stats::Status status) {
  switch (status) {
    case stats::Status::pass:
      return "✅";
    case stats::Status::no_data:
      return "❔";
    case stats::Status::warn:
      return "⚠️";
    case stats::Status::inconclusive:
      return "❓";
    case stats::Status::fail:
      return "❌";
  }
  return "❔";
}

}  // namespace perfgate::report
