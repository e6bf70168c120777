// SPDX-License-Identifier: MIT
#include "perfgate/report/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "perfgate/report/escape.h"

namespace perfgate::report {
namespace {

constexpr double k_width = 600;
constexpr double k_height = 320;
constexpr double k_char_width = 7;  // rough width of a 12 px character, for the legend layout

// Where the plot area is and how values map onto it.
struct Frame {
  double left = 56, right = k_width - 16, top = 56, bottom = k_height - 44;
  double x_min = 0, x_max = 1, y_max = 1, y2_max = 1;
  XScale x_scale = XScale::linear;

  double x_of(double value) const {
    double v = x_scale == XScale::percentile ? -std::log10(std::max(1e-9, 1 - value / 100)) : value;
    double span = x_max > x_min ? x_max - x_min : 1;
    return left + (v - x_min) / span * (right - left);
  }
  double y_of(double value, Axis axis) const {
    double top_value = axis == Axis::left ? y_max : y2_max;
    return bottom - std::clamp(value / top_value, 0.0, 1.0) * (bottom - top);
  }
};

std::string num(double value) {
  return fmt::format("{:.1f}", value);
}

std::string tick_label(double value) {
  if (std::fabs(value) >= 10000) return fmt::format("{:.0f}k", value / 1000);
  return fmt::format("{:g}", value);
}

double transformed(double x, XScale scale) {
  return scale == XScale::percentile ? -std::log10(std::max(1e-9, 1 - x / 100)) : x;
}

Frame make_frame(const SvgChart& chart, double legend_height) {
  Frame frame;
  frame.x_scale = chart.x_scale;
  frame.top = 28 + legend_height + (chart.bands.empty() ? 8 : 22);
  // Tick labels are centred on their tick: the percentile axis ends in "99.999%", which needs
  // about 25 px right of the plot, and category labels (short shas) about as much.
  if (chart.x_scale == XScale::percentile || !chart.x_categories.empty()) {
    frame.right = k_width - 32;
  }
  if (!chart.y2_label.empty()) frame.right = k_width - 56;
  bool first = true;
  double y_max = 0, y2_max = 0;
  for (const SvgSeries& series : chart.series) {
    for (const auto& [x, y] : series.points) {
      double tx = transformed(x, chart.x_scale);
      frame.x_min = first ? tx : std::min(frame.x_min, tx);
      frame.x_max = first ? tx : std::max(frame.x_max, tx);
      first = false;
      (series.axis == Axis::left ? y_max : y2_max) =
          std::max(series.axis == Axis::left ? y_max : y2_max, y);
    }
  }
  if (chart.x_scale == XScale::percentile) frame.x_min = 0;
  if (!chart.x_categories.empty()) {
    // Every category gets a slot, with or without points, and half a slot of room either side.
    frame.x_min = -0.5;
    frame.x_max = static_cast<double>(chart.x_categories.size()) - 0.5;
  }
  frame.y_max = nice_ticks(0, y_max > 0 ? y_max : 1, 5).back();
  frame.y2_max = nice_ticks(0, y2_max > 0 ? y2_max : 1, 5).back();
  return frame;
}

// Legend entries left to right, wrapping; returns the markup and its height.
std::pair<std::string, double> legend(const SvgChart& chart) {
  std::string text;
  double x = 12, y = 40;
  for (const SvgSeries& series : chart.series) {
    double width = 30 + static_cast<double>(display_width(series.label)) * k_char_width + 16;
    if (x + width > k_width - 8 && x > 12) {
      x = 12;
      y += 16;
    }
    text += fmt::format(
        "<g class=\"{}\"><line class=\"line\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>"
        "<text x=\"{}\" y=\"{}\">{}</text></g>",
        escape_html(series.css_class), num(x), num(y - 4), num(x + 24), num(y - 4), num(x + 30),
        num(y), escape_html(series.label));
    x += width;
  }
  return {text, y - 24};
}

// Every n-th category so that about eight fit, counted back from the last (this run).
std::vector<double> category_ticks(size_t count) {
  std::vector<double> ticks;
  size_t step = std::max<size_t>(1, (count + 7) / 8);
  for (size_t i = count; i >= step; i -= step)
    ticks.insert(ticks.begin(), static_cast<double>(i - 1));
  return ticks;
}

std::string x_tick_label(const SvgChart& chart, double tick) {
  if (chart.x_scale == XScale::percentile) return fmt::format("{:g}%", tick);
  if (!chart.x_categories.empty()) {
    auto index = static_cast<size_t>(std::lround(tick));
    return index < chart.x_categories.size() ? escape_html(chart.x_categories[index]) : "";
  }
  return tick_label(tick);
}

std::string x_axis(const SvgChart& chart, const Frame& frame) {
  std::string text = "<g class=\"axis\">";
  std::vector<double> ticks;
  if (!chart.x_categories.empty()) {
    ticks = category_ticks(chart.x_categories.size());
  } else if (chart.x_scale == XScale::percentile) {
    for (double decade = 0; decade <= frame.x_max + 1e-9; ++decade) {
      ticks.push_back(100 * (1 - std::pow(10.0, -decade)));
    }
  } else {
    ticks = nice_ticks(frame.x_min, frame.x_max, 6);
  }
  for (double tick : ticks) {
    double x = frame.x_of(tick);
    if (x < frame.left - 0.5 || x > frame.right + 0.5) continue;
    std::string label = x_tick_label(chart, tick);
    text += fmt::format(
        "<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>"
        "<text x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>",
        num(x), num(frame.top), num(frame.bottom), num(frame.bottom + 16), label);
  }
  text += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                      num((frame.left + frame.right) / 2), num(k_height - 8),
                      escape_html(chart.x_label));
  return text + "</g>";
}

std::string y_axis(const std::string& label, const Frame& frame, Axis axis) {
  double top_value = axis == Axis::left ? frame.y_max : frame.y2_max;
  bool left = axis == Axis::left;
  double x = left ? frame.left - 6 : frame.right + 6;
  std::string text = "<g class=\"axis\">";
  for (double tick : nice_ticks(0, top_value, 5)) {
    double y = frame.y_of(tick, axis);
    if (left) {
      text += fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>",
                          num(frame.left), num(y), num(frame.right));
    }
    text += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>", num(x), num(y + 4),
                        left ? "end" : "start", tick_label(tick));
  }
  double label_x = left ? 14 : k_width - 10;
  double middle = (frame.top + frame.bottom) / 2;
  text += fmt::format(
      "<text class=\"label\" x=\"{0}\" y=\"{1}\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 {0} {1})\">{2}</text>",
      num(label_x), num(middle), escape_html(label));
  return text + "</g>";
}

std::string bands(const SvgChart& chart, const Frame& frame) {
  std::string text;
  for (size_t i = 0; i < chart.bands.size(); ++i) {
    const SvgBand& band = chart.bands[i];
    double x0 = frame.x_of(band.from), x1 = frame.x_of(band.to);
    text += fmt::format(
        "<rect class=\"band band-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>"
        "<text class=\"band-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
        i % 2, num(x0), num(frame.top), num(std::max(0.0, x1 - x0)), num(frame.bottom - frame.top),
        num((x0 + x1) / 2), num(frame.top - 6), escape_html(band.label));
  }
  return text;
}

bool is_uncertain(const SvgSeries& series, size_t i) {
  return i < series.uncertain.size() && series.uncertain[i];
}

std::string point_at(const SvgSeries& series, const Frame& frame, size_t i) {
  return fmt::format("{},{}", num(frame.x_of(series.points[i].first)),
                     num(frame.y_of(series.points[i].second, series.axis)));
}

// The certain points joined by the series' line; every segment that touches an uncertain point
// in a second, dotted path; hollow markers on the uncertain points.
std::string line_paths(const SvgSeries& series, const Frame& frame) {
  std::string solid, dotted, markers;
  bool pen_down = false;
  for (size_t i = 0; i < series.points.size(); ++i) {
    bool certain = !is_uncertain(series, i);
    if (certain) {
      solid += (pen_down ? " L" : solid.empty() ? "M" : " M") + point_at(series, frame, i);
    }
    pen_down = certain;
    if (i > 0 && (!certain || is_uncertain(series, i - 1))) {
      dotted += fmt::format("{}{} L{}", dotted.empty() ? "M" : " M", point_at(series, frame, i - 1),
                            point_at(series, frame, i));
    }
    if (!certain) {
      markers += fmt::format("<circle class=\"{} marker\" cx=\"{}\" cy=\"{}\" r=\"3\"/>",
                             escape_html(series.css_class), num(frame.x_of(series.points[i].first)),
                             num(frame.y_of(series.points[i].second, series.axis)));
    }
  }
  std::string text;
  if (!solid.empty()) {
    text += fmt::format("<path class=\"{} line\" d=\"{}\"/>", escape_html(series.css_class), solid);
  }
  if (!dotted.empty()) {
    text += fmt::format("<path class=\"{} line uncertain\" d=\"{}\"/>",
                        escape_html(series.css_class), dotted);
  }
  return text + markers;
}

std::string series_path(const SvgSeries& series, const Frame& frame) {
  if (series.points.empty()) return "";
  if (!series.area) return line_paths(series, frame);
  std::string path;
  for (const auto& [x, y] : series.points) {
    path += fmt::format("{}{},{}", path.empty() ? "M" : " L", num(frame.x_of(x)),
                        num(frame.y_of(y, series.axis)));
  }
  path += fmt::format(" L{},{} L{},{} Z", num(frame.x_of(series.points.back().first)),
                      num(frame.bottom), num(frame.x_of(series.points.front().first)),
                      num(frame.bottom));
  return fmt::format("<path class=\"{} area\" d=\"{}\"/>", escape_html(series.css_class), path);
}

}  // namespace

std::vector<double> nice_ticks(double low, double high, int count) {
  if (!(high > low)) high = low + 1;
  double raw = (high - low) / std::max(1, count);
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  // Multiples of the step rather than a running sum, so that rounding errors do not add up.
  double first = std::floor(low / step);
  for (double i = 0; i <= 50; ++i) {
    double tick = (first + i) * step;
    if (tick >= high + step * 0.999) break;
    ticks.push_back(std::fabs(tick) < step * 1e-9 ? 0 : tick);
  }
  return ticks;
}

std::string render_svg_chart(const SvgChart& chart) {
  auto [legend_markup, legend_height] = legend(chart);
  Frame frame = make_frame(chart, legend_height);
  std::string text = fmt::format(
      "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
      k_width, k_height, escape_html(chart.title), escape_html(chart.title));
  text +=
      fmt::format("<text class=\"title\" x=\"12\" y=\"20\">{}</text>", escape_html(chart.title));
  text += legend_markup;
  text += bands(chart, frame);
  text += y_axis(chart.y_label, frame, Axis::left);
  if (!chart.y2_label.empty()) text += y_axis(chart.y2_label, frame, Axis::right);
  text += x_axis(chart, frame);
  for (const SvgSeries& series : chart.series) {
    if (series.area) text += series_path(series, frame);
  }
  for (const SvgSeries& series : chart.series) {
    if (!series.area) text += series_path(series, frame);
  }
  text += fmt::format("<rect class=\"frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                      num(frame.left), num(frame.top), num(frame.right - frame.left),
                      num(frame.bottom - frame.top));
  return text + "</svg>";
}

}  // namespace perfgate::report
