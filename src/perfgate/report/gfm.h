// SPDX-License-Identifier: MIT
// GitHub-flavoured Markdown to HTML with cmark-gfm, GitHub's own renderer, so that the HTML
// report shows what the pull request shows.
#pragma once

#include <string>
#include <string_view>

namespace perfgate::report {

// Renders with the table, strikethrough, autolink and tagfilter extensions. Raw HTML is kept
// (the reports' own <details>, <sub> and markers) and tagfilter disarms <script>, <style>,
// <iframe> and the like, as on GitHub; untrusted text never reaches it unescaped.
std::string markdown_to_html(std::string_view markdown);

}  // namespace perfgate::report
