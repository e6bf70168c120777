// SPDX-License-Identifier: MIT
#include "perfgate/engine/http1_request.h"

#include <strings.h>

#include <charconv>

namespace perfgate::engine {
namespace {

// CR and LF end a line of the request; NUL is refused as libcurl's path refuses it.
bool is_safe(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// The header name of a "Name: value" (or libcurl's "Name;") line.
std::string_view name_of(std::string_view line) {
  size_t end = line.find_first_of(":;");
  return line.substr(0, end == std::string_view::npos ? line.size() : end);
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view trim_leading_blanks(std::string_view text) {
  size_t start = text.find_first_not_of(" \t");
  return start == std::string_view::npos ? std::string_view() : text.substr(start);
}

bool has_body(const scenario::Step& spec) {
  return spec.body.has_value() || spec.method == scenario::HttpMethod::post;
}

}  // namespace

Http1Request::Http1Request(std::string host, size_t origin_length)
    : m_host(std::move(host)), m_origin_length(origin_length) {}

bool Http1Request::step_sets(const StepPlan& step, std::string_view name) const {
  for (const std::string& line : step.header_lines) {
    if (same_name(name_of(line), name)) return true;
  }
  return false;
}

Rendered Http1Request::append_target(const StepPlan& step, const scenario::RenderContext& context) {
  std::string_view url = step.url;
  if (!step.url_constant) {
    m_scratch.assign(step.url);
    scenario::render(step.step->path, context, m_scratch);
    if (!is_safe(m_scratch)) return Rendered::unsafe;
    url = m_scratch;
  }
  std::string_view target = url.substr(std::min(m_origin_length, url.size()));
  target = target.substr(0, target.find('#'));  // the fragment stays with the client
  if (target.empty() || target.front() != '/') m_bytes += '/';
  m_bytes += target;
  return Rendered::ok;
}

void Http1Request::append_header_line(std::string_view line) {
  // libcurl's rules: "Name: value" is sent, "Name:" with nothing after only removes a default
  // header, "Name;" sends the header with an empty value.
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    if (trim_leading_blanks(line.substr(colon + 1)).empty()) return;
    m_bytes.append(line).append("\r\n");
    return;
  }
  size_t semicolon = line.find(';');
  if (semicolon == std::string_view::npos) return;  // not a header: libcurl skips it too
  if (!trim_leading_blanks(line.substr(semicolon + 1)).empty()) return;
  m_bytes.append(line.substr(0, semicolon)).append(":\r\n");
}

Rendered Http1Request::append_headers(const StepPlan& step,
                                      const scenario::RenderContext& context) {
  const auto& headers = step.step->headers;
  for (size_t i = 0; i < step.header_lines.size(); ++i) {
    if (step.header_constant[i]) {
      append_header_line(step.header_lines[i]);
      continue;
    }
    m_scratch.assign(step.header_lines[i]);
    scenario::render(headers[i].value, context, m_scratch);
    if (!is_safe(m_scratch)) return Rendered::unsafe;
    append_header_line(m_scratch);
  }
  return Rendered::ok;
}

Rendered Http1Request::render(const StepPlan& step, const scenario::RenderContext& context) {
  bool constant = step.url_constant && step.headers_constant && step.body_constant;
  if (constant && m_rendered == &step) return Rendered::ok;
  m_rendered = nullptr;
  const scenario::Step& spec = *step.step;
  m_head = spec.method == scenario::HttpMethod::head ? HeadRequest::yes : HeadRequest::no;
  m_bytes.clear();
  m_bytes.append(scenario::method_name(spec.method)).append(" ");
  if (append_target(step, context) == Rendered::unsafe) return Rendered::unsafe;
  m_bytes.append(" HTTP/1.1\r\n");
  if (!step_sets(step, "Host")) m_bytes.append("Host: ").append(m_host).append("\r\n");
  if (!step_sets(step, "Accept")) m_bytes.append("Accept: */*\r\n");
  if (append_headers(step, context) == Rendered::unsafe) return Rendered::unsafe;
  std::string_view body;
  if (has_body(spec)) {
    body = step.body;
    if (!step.body_constant) {
      m_body.clear();
      scenario::render(*spec.body, context, m_body);
      body = m_body;
    }
    if (!step_sets(step, "Content-Length")) {
      char digits[24];
      auto end = std::to_chars(digits, digits + sizeof digits, body.size()).ptr;
      m_bytes.append("Content-Length: ").append(digits, end).append("\r\n");
    }
    if (!step_sets(step, "Content-Type")) {
      m_bytes.append("Content-Type: application/x-www-form-urlencoded\r\n");
    }
  }
  m_bytes.append("\r\n").append(body);
  if (constant) m_rendered = &step;
  return Rendered::ok;
}

}  // namespace perfgate::engine
