// SPDX-License-Identifier: MIT
// The HTML report: one self-contained file (no script, no network) with the Markdown report
// rendered by cmark-gfm and inline SVG charts; light and dark (prefers-color-scheme), readable
// on a phone.
#pragma once

#include <string>

#include "perfgate/report/report_input.h"

namespace perfgate::report {

struct HtmlOptions {
  std::string id;  // the marker id; empty: "<scenario>/<profile>"
};

std::string render_html(const ReportInput& input, const HtmlOptions& options);

}  // namespace perfgate::report
