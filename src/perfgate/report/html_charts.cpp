// SPDX-License-Identifier: MIT
#include "perfgate/report/html_charts.h"

#include <fmt/format.h>

#include <algorithm>

#include "perfgate/report/distribution.h"
#include "perfgate/report/endpoint_rows.h"
#include "perfgate/report/escape.h"

namespace perfgate::report {
namespace {

constexpr size_t k_max_points = 300;
constexpr size_t k_max_endpoint_points = 120;
constexpr size_t k_max_endpoint_charts = 12;
constexpr size_t k_max_title_chars = 70;
constexpr size_t k_max_stages = 8;

enum class Trend { up, hold, down };

const char* trend_label(Trend trend) {
  switch (trend) {
    case Trend::up:
      return "ramp-up";
    case Trend::hold:
      return "steady";
    case Trend::down:
      return "ramp-down";
  }
  return "";
}

using Points = std::vector<std::pair<double, double>>;

template <typename Value>
Points points_of(const std::vector<WindowPoint>& series, Value value) {
  Points points;
  for (const WindowPoint& point : series) points.emplace_back(point.start_s, value(point));
  return points;
}

double per_second(int64_t count, const WindowPoint& point) {
  return point.length_s > 0 ? static_cast<double>(count) / point.length_s : 0;
}

std::string figure(const SvgChart& chart, const std::string& caption) {
  return fmt::format("<figure>{}<figcaption>{}</figcaption></figure>\n", render_svg_chart(chart),
                     escape_html(caption));
}

// A rate is a hint when the run ended inside the window or few requests made it.
std::vector<bool> partial(const std::vector<WindowPoint>& series) {
  std::vector<bool> flags;
  for (const WindowPoint& point : series) flags.push_back(point.partial() || point.few_requests);
  return flags;
}

SvgSeries latency_series(const std::string& label, const std::string& css_class,
                         const std::vector<WindowPoint>& series, double WindowPoint::*field) {
  SvgSeries out{label, css_class, {}, Axis::left, false, {}};
  for (const WindowPoint& point : series) {
    // A window without requests has no latency: leave it out rather than draw a drop to 0.
    if (point.requests == 0) continue;
    out.points.emplace_back(point.start_s, point.*field);
    // Only the request count matters here: a short window's percentiles are as good as its
    // requests are many.
    out.uncertain.push_back(point.few_requests);
  }
  return out;
}

constexpr const char* k_uncertain_note =
    " Dotted, hollow points: a window with few requests or cut short by the end of the run.";

SvgChart latency_svg(const std::string& title, const std::vector<WindowPoint>& current,
                     const std::vector<WindowPoint>& baseline) {
  SvgChart chart{title, "seconds since start", "latency (ms)", "", {}, {}, {}, {}};
  chart.x_scale = XScale::linear;
  if (!baseline.empty()) {
    chart.series.push_back(
        latency_series("p95 baseline", "s-p95 base", baseline, &WindowPoint::p95_ms));
    chart.series.push_back(
        latency_series("p99 baseline", "s-p99 base", baseline, &WindowPoint::p99_ms));
  }
  chart.series.push_back(latency_series("p50", "s-p50", current, &WindowPoint::p50_ms));
  chart.series.push_back(latency_series("p95", "s-p95", current, &WindowPoint::p95_ms));
  chart.series.push_back(latency_series("p99", "s-p99", current, &WindowPoint::p99_ms));
  return chart;
}

std::string latency_chart(const std::vector<WindowPoint>& current,
                          const std::vector<WindowPoint>& baseline) {
  return figure(
      latency_svg("Latency percentiles over time", current, baseline),
      std::string("Per window of the run, all endpoints together; dashed: the baseline.") +
          k_uncertain_note);
}

std::string traffic_chart(const std::vector<WindowPoint>& current,
                          const std::vector<WindowPoint>& baseline) {
  SvgChart chart{"Requests and errors over time",
                 "seconds since start",
                 "per second",
                 "active VUs",
                 {},
                 {},
                 {},
                 {}};
  bool has_load = std::any_of(current.begin(), current.end(),
                              [](const WindowPoint& p) { return p.active_vus > 0; });
  if (has_load) {
    SvgSeries vus{
        "active VUs",
        "s-vus",
        points_of(current, [](const WindowPoint& p) { return static_cast<double>(p.active_vus); }),
        Axis::right,
        true,
        {}};
    chart.series.push_back(std::move(vus));
    chart.bands = load_stages(current);
  } else {
    chart.y2_label.clear();
  }
  auto requests = [](const WindowPoint& p) { return per_second(p.requests, p); };
  auto errors = [](const WindowPoint& p) { return per_second(p.errors, p); };
  if (!baseline.empty()) {
    chart.series.push_back({"requests/s baseline", "s-req base", points_of(baseline, requests),
                            Axis::left, false, partial(baseline)});
  }
  chart.series.push_back(
      {"requests/s", "s-req", points_of(current, requests), Axis::left, false, partial(current)});
  chart.series.push_back(
      {"errors/s", "s-err", points_of(current, errors), Axis::left, false, partial(current)});
  return figure(chart, std::string("Throughput and errors per second of each window's own length; "
                                   "shaded: the load profile's stages.") +
                           k_uncertain_note);
}

// One latency chart per endpoint, worst first (the endpoint table's order).
std::string endpoint_charts(const ReportInput& input) {
  std::vector<const metrics::EndpointSeries*> shown;
  size_t count = 0;
  for (const EndpointRow& row : endpoint_rows(input)) {
    if (row.name.empty()) continue;
    const metrics::EndpointSeries* series = input.current->metrics.find(row.name);
    if (series == nullptr) continue;
    ++count;
    if (shown.size() < k_max_endpoint_charts) shown.push_back(series);
  }
  if (shown.size() < 2) return "";  // one endpoint: the chart of all requests is its chart
  std::string text = fmt::format(
      "<p>Per endpoint{}:</p>\n<section class=\"charts\">\n",
      count > shown.size()
          ? fmt::format(", the {} worst of {} (all in the JSON report)", shown.size(), count)
          : std::string());
  for (const metrics::EndpointSeries* series : shown) {
    std::vector<WindowPoint> current =
        endpoint_series(*input.current, *series, k_max_endpoint_points);
    std::vector<WindowPoint> baseline;
    const metrics::EndpointSeries* base =
        input.baseline_run == nullptr ? nullptr : input.baseline_run->metrics.find(series->name);
    if (base != nullptr) {
      baseline = endpoint_series(*input.baseline_run, *base, k_max_endpoint_points);
    }
    // A title wider than the chart would be clipped; the caption keeps the whole name.
    std::string title = plain_line(series->name, k_max_title_chars);
    text += figure(latency_svg(title, current, baseline),
                   "Latency of " + plain_line(series->name) + " per window" +
                       (baseline.empty() ? "." : "; dashed: the baseline."));
  }
  return text + "</section>\n";
}

Points curve_points(const results::RunResult& run) {
  Points points;
  for (const PercentilePoint& point : percentile_curve(run.metrics.total().latency)) {
    // The percentile axis cannot place p100; the last finite point is the tail.
    if (point.percentile < 100) points.emplace_back(point.percentile, point.latency_ms);
  }
  return points;
}

std::string distribution_chart(const ReportInput& input) {
  SvgChart chart{"Latency distribution", "percentile", "latency (ms)", "", {}, {}, {}, {}};
  chart.x_scale = XScale::percentile;
  if (input.baseline_run != nullptr) {
    chart.series.push_back(
        {"baseline", "s-cur base", curve_points(*input.baseline_run), Axis::left, false, {}});
  }
  chart.series.push_back(
      {"this run", "s-cur", curve_points(*input.current), Axis::left, false, {}});
  return figure(chart, "Latency at each percentile, all requests; the axis stretches the tail.");
}

}  // namespace

std::vector<SvgBand> load_stages(const std::vector<WindowPoint>& points) {
  int64_t peak = 0;
  for (const WindowPoint& point : points) peak = std::max(peak, point.active_vus);
  if (peak == 0 || points.size() < 2) return {};
  double threshold = std::max(1.0, 0.02 * static_cast<double>(peak));
  struct Span {
    Trend trend;
    size_t from, to;  // point indices
  };
  std::vector<Span> spans;
  for (size_t i = 0; i + 1 < points.size(); ++i) {
    double delta = static_cast<double>(points[i + 1].active_vus - points[i].active_vus);
    Trend trend = delta > threshold ? Trend::up : delta < -threshold ? Trend::down : Trend::hold;
    if (!spans.empty() && spans.back().trend == trend) {
      spans.back().to = i + 1;
    } else if (!spans.empty() && spans.back().to - spans.back().from < 2 && spans.size() > 1) {
      // A one-step wobble joins the span before it.
      spans.back().to = i + 1;
    } else {
      spans.push_back({trend, i, i + 1});
    }
  }
  if (spans.size() > k_max_stages) return {};
  std::vector<SvgBand> bands;
  for (const Span& span : spans) {
    bands.push_back({points[span.from].start_s, points[span.to].start_s, trend_label(span.trend)});
  }
  bands.back().to = points.back().start_s;  // the charts plot windows at their start
  return bands;
}

std::string html_charts(const ReportInput& input) {
  if (input.current == nullptr) return "";
  std::vector<WindowPoint> current = total_series(*input.current, k_max_points);
  std::vector<WindowPoint> baseline;
  if (input.baseline_run != nullptr) baseline = total_series(*input.baseline_run, k_max_points);
  if (current.empty()) return "";
  return "<section class=\"charts\">\n" + latency_chart(current, baseline) +
         traffic_chart(current, baseline) + distribution_chart(input) + "</section>\n" +
         endpoint_charts(input);
}

}  // namespace perfgate::report
