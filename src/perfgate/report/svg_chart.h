// SPDX-License-Identifier: MIT
// Inline SVG line charts for the HTML report: no script, no external resource, colours from
// the page's CSS classes (so light and dark themes apply), text escaped.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace perfgate::report {

enum class Axis { left, right };
// How x values map to the plot: linear, or HdrHistogram's percentile axis (x is a percentile in
// [0, 100) and is placed at log10(1 / (1 - x/100)), so p90, p99, p99.9 are evenly spaced).
enum class XScale { linear, percentile };

struct SvgSeries {
  std::string label;
  std::string css_class;  // "s-p95", "s-base", …: colour and dash come from the stylesheet
  std::vector<std::pair<double, double>> points;
  Axis axis = Axis::left;
  bool area = false;  // filled to the axis (the load profile behind the lines)
  // Per point (empty: all certain): a point that stands on too little data — a partial window,
  // a window with few requests. Lines to and from it are dotted and it gets a hollow marker,
  // so that it reads as a hint rather than as a spike or a drop.
  std::vector<bool> uncertain;
};

// A shaded span of x with a label on top: the load profile's stages.
struct SvgBand {
  double from = 0;
  double to = 0;
  std::string label;
};

struct SvgChart {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::string y2_label;  // the right axis; empty: none
  XScale x_scale = XScale::linear;
  std::vector<SvgSeries> series;
  std::vector<SvgBand> bands;
  // Names for x = 0, 1, 2, … (runs of a history, by commit); empty: numeric ticks. Thinned to
  // about eight labels, always keeping the last.
  std::vector<std::string> x_categories;
};

// A responsive <svg> (viewBox, width 100%) with title, legend, axes, grid and the series.
std::string render_svg_chart(const SvgChart& chart);

// Round tick values covering [low, high]: steps of 1, 2 or 5 × 10^k, about `count` of them.
std::vector<double> nice_ticks(double low, double high, int count);

}  // namespace perfgate::report
