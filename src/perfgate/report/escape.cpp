// SPDX-License-Identifier: MIT
#include "perfgate/report/escape.h"

#include <algorithm>

#include "perfgate/report/utf8.h"

namespace perfgate::report {
namespace {

// U+200B ZERO WIDTH SPACE: invisible, but it breaks `@name` mentions and `<!--` markers.
constexpr std::string_view k_zwsp = "\u200b";

bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

// Bidirectional overrides can make text display differently from what it is ("Trojan
// Source"); untrusted text never needs them.
bool is_bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F;
}

// Calls `emit(cp)` for each code point of `text`, with controls as spaces, bidi controls
// dropped, and at most `max_chars` code points (then an ellipsis, emitted as U+2026).
template <typename Emit>
void for_each_clean(std::string_view text, size_t max_chars, Emit emit) {
  size_t count = 0;
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = next_code_point(text, pos);
    if (is_bidi_control(cp)) continue;
    if (count == max_chars) {
      emit(U'\u2026');
      return;
    }
    emit(is_control(cp) ? U' ' : cp);
    ++count;
  }
}

bool is_markdown_punctuation(char32_t cp) {
  static constexpr std::string_view k_chars = "\\`*_[]~|";
  return cp < 0x80 && k_chars.find(static_cast<char>(cp)) != std::string_view::npos;
}

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFD) || cp == 0x274C || cp == 0x2705 || cp == 0x26A0;
}

bool is_zero_width(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || cp == 0xFE0F ||
         cp == 0xFE0E;
}

}  // namespace

std::string escape_markdown(std::string_view text, size_t max_chars) {
  std::string out;
  out.reserve(text.size() + 8);
  for_each_clean(text, max_chars, [&](char32_t cp) {
    switch (cp) {
      case U'<':
        out += "&lt;";
        return;
      case U'>':
        out += "&gt;";
        return;
      case U'&':
        out += "&amp;";
        return;
      case U'@':
        out += '@';
        out += k_zwsp;
        return;
      default:
        break;
    }
    if (is_markdown_punctuation(cp)) out += '\\';
    append_utf8(out, cp);
  });
  return out;
}

std::string markdown_code(std::string_view text) {
  return "<code>" + escape_markdown(text) + "</code>";
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = next_code_point(text, pos);
    switch (cp) {
      case U'&':
        out += "&amp;";
        break;
      case U'<':
        out += "&lt;";
        break;
      case U'>':
        out += "&gt;";
        break;
      case U'"':
        out += "&quot;";
        break;
      case U'\'':
        out += "&#39;";
        break;
      case U'\n':
      case U'\t':
        out += static_cast<char>(cp);
        break;
      default:
        if (is_control(cp) || is_bidi_control(cp)) break;
        append_utf8(out, cp);
    }
  }
  return out;
}

std::string escape_xml(std::string_view text) {
  std::string html = escape_html(text);
  std::string out;
  out.reserve(html.size());
  for (size_t pos = 0; pos < html.size();) {
    char32_t cp = next_code_point(html, pos);
    bool allowed = cp == 0x9 || cp == 0xA || (cp >= 0x20 && cp <= 0xD7FF) ||
                   (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
    if (allowed) append_utf8(out, cp);
  }
  return out;
}

std::string plain_line(std::string_view text, size_t max_chars) {
  std::string out;
  out.reserve(text.size());
  for_each_clean(text, max_chars, [&](char32_t cp) {
    if (cp == U' ' && (out.empty() || out.back() == ' ')) return;
    append_utf8(out, cp);
  });
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string sanitize_marker_id(std::string_view id) {
  std::string out;
  for (char c : id) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '/';
    char next = keep ? c : '-';
    if (next == '-' && (out.empty() || out.back() == '-')) continue;
    out += next;
    if (out.size() == 100) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "default" : out;
}

std::string report_marker(const std::string& id) {
  return "<!-- perf-gate:" + sanitize_marker_id(id) + " -->";
}

size_t display_width(std::string_view text) {
  size_t width = 0;
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = next_code_point(text, pos);
    if (is_zero_width(cp)) continue;
    width += is_wide(cp) ? 2 : 1;
  }
  return width;
}

}  // namespace perfgate::report
