// SPDX-License-Identifier: MIT
#include "perfgate/report/check_details.h"

#include <fmt/format.h>

#include "perfgate/report/check_text.h"
#include "perfgate/report/escape.h"

namespace perfgate::report {

std::string check_details(const stats::Check& check) {
  MetricInfo info = metric_info(check.metric, check.rule);
  bool threshold = check.kind == stats::CheckKind::threshold;
  std::string text = fmt::format("status: {}\nkind: {}\n", stats::status_name(check.status),
                                 stats::check_kind_name(check.kind));
  text += fmt::format("endpoint: {}\nmetric: {}\n", endpoint_text(check.endpoint, TextStyle::plain),
                      plain_line(check.metric));
  if (!check.rule.empty()) text += fmt::format("rule: {}\n", plain_line(check.rule));
  if (check.baseline) {
    text += fmt::format("{}: {}\n", threshold ? "limit" : "baseline",
                        format_value(*check.baseline, info.unit));
  }
  if (check.current) text += fmt::format("current: {}\n", format_value(*check.current, info.unit));
  if (std::optional<double> change = relative_change(check); change && !threshold) {
    text += fmt::format("change: {}\n", format_change(*change));
  }
  if (check.interval) {
    text += fmt::format("interval: [{}, {}]\n", format_value(check.interval->low, info.unit),
                        format_value(check.interval->high, info.unit));
  }
  if (!check.method.empty()) text += fmt::format("method: {}\n", plain_line(check.method));
  if (check.p_value) text += fmt::format("{}\n", format_p_value(*check.p_value));
  if (check.tolerance) text += fmt::format("tolerance: {}\n", format_ratio(*check.tolerance));
  if (!check.explanation.empty()) {
    text += fmt::format("explanation: {}\n", plain_line(check.explanation, 400));
  }
  return text;
}

std::string check_test_name(const stats::Check& check) {
  std::string subject = check_subject(check, TextStyle::plain);
  switch (check.kind) {
    case stats::CheckKind::threshold:
      return check.rule.empty() ? subject : subject + ": " + plain_line(check.rule);
    case stats::CheckKind::regression:
      return subject;
    case stats::CheckKind::change_point:
      return "change point: " + subject;
  }
  return subject;
}

}  // namespace perfgate::report
