// SPDX-License-Identifier: MIT
// Escaping of untrusted text (endpoint names, error messages, branch names) for every output
// format, so that no input can break a table, inject HTML, ping someone or fake a marker.
#pragma once

#include <string>
#include <string_view>

namespace perfgate::report {

// Untrusted text longer than this is cut (with "…") in tables and headlines.
inline constexpr size_t k_max_untrusted_chars = 120;

// Plain inline Markdown text, safe in a GFM table cell: control characters and line breaks
// become spaces; Markdown punctuation is backslash-escaped; `<`, `>` and `&` become entities
// (no raw HTML, no fake `<!--` marker); `|` is escaped for tables; a zero-width space follows
// every `@` so that no @mention pings anyone. Cut to `max_chars` code points.
std::string escape_markdown(std::string_view text, size_t max_chars = k_max_untrusted_chars);

// The same text in monospace: `<code>` + escape_markdown(text) + `</code>`. Not a backtick code
// span: a code span keeps its content raw, so one `|` that splits it in a table cell would let
// the rest out as raw HTML; escaped text inside an HTML <code> element is safe everywhere (table
// cells, headings, lists) and renders the same on GitHub.
std::string markdown_code(std::string_view text);

// Text for HTML element content and attribute values: & < > " ' as entities, control
// characters removed.
std::string escape_html(std::string_view text);

// Text for XML 1.0 (JUnit): as escape_html, and also drops the characters XML 1.0 forbids.
std::string escape_xml(std::string_view text);

// One line of plain text (titles, outputs, terminals): control characters (ESC included, so no
// terminal escape sequences) and line breaks become spaces, runs of spaces collapse, invalid
// UTF-8 becomes U+FFFD. Cut to `max_chars` code points with "…".
std::string plain_line(std::string_view text, size_t max_chars = k_max_untrusted_chars);

// A marker id: letters, digits, `.`, `_`, `/` and `-` kept, anything else becomes `-`, runs of
// `-` collapse (so `-->` can never appear), at most 100 characters; "default" when empty.
std::string sanitize_marker_id(std::string_view id);

// The hidden marker that finds perf-gate's comment again: `<!-- perf-gate:<id> -->`, id
// sanitized.
std::string report_marker(const std::string& id);

// Display width of UTF-8 text in terminal columns (code points; wide East Asian and emoji
// count 2). Used to pad console tables.
size_t display_width(std::string_view text);

}  // namespace perfgate::report
