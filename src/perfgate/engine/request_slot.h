// SPDX-License-Identifier: MIT
// RequestSlot: one reusable libcurl easy handle with the buffers of one virtual user (or one
// open-model iteration runner): the request is configured from a StepPlan once and only its
// templated parts are re-rendered per request, into buffers that keep their capacity, so a
// steady-state request allocates nothing in perf-gate (libcurl still copies the URL when it
// changes). The response body and headers are kept only when captures or checks read them.
#pragma once

#include <curl/curl.h>

#include <string>
#include <vector>

#include "perfgate/engine/curl_loop.h"
#include "perfgate/engine/run_plan.h"
#include "perfgate/engine/transfer.h"
#include "perfgate/engine/transport.h"
#include "perfgate/metrics/endpoint_metrics.h"
#include "perfgate/scenario/template.h"

namespace perfgate::engine {

class RequestSlot {
 public:
  // `owner` is stored as CURLOPT_PRIVATE, to find the slot back from a finished handle; `loop` is
  // told when libcurl closes a socket.
  RequestSlot(const RunPlan& plan, void* owner, CurlLoop* loop);
  ~RequestSlot();
  RequestSlot(const RequestSlot&) = delete;
  RequestSlot& operator=(const RequestSlot&) = delete;

  bool valid() const { return m_easy != nullptr; }
  CURL* easy() const { return m_easy; }

  // Sets the handle up for `step`, rendering its templates with `context`. A value rendered into
  // the URL or a header (a capture, a data column) is checked: Rendered::unsafe when it holds
  // CR, LF or NUL, and the handle must then not be sent.
  Rendered prepare(const StepPlan& step, const scenario::RenderContext& context);

  // Reads what the finished transfer measured.
  Transfer finish(CURLcode code);

  std::string_view body() const { return m_body; }
  std::string_view headers() const { return m_headers; }

 private:
  void configure(const StepPlan& step);
  Rendered render_url(const StepPlan& step, const scenario::RenderContext& context);
  Rendered render_headers(const StepPlan& step, const scenario::RenderContext& context);
  void render_body(const StepPlan& step, const scenario::RenderContext& context);
  static size_t on_body(char* data, size_t size, size_t count, void* self);
  static size_t on_header(char* data, size_t size, size_t count, void* self);

  CURL* m_easy = nullptr;
  const StepPlan* m_configured = nullptr;  // the step the handle is set up for
  bool m_keep_body = false;
  std::string m_url;
  std::string m_request_body;
  std::vector<std::string> m_header_lines;
  std::vector<curl_slist> m_header_nodes;  // our own list nodes: libcurl only reads them
  std::string m_body;
  std::string m_headers;
  int64_t m_body_bytes = 0;
};

}  // namespace perfgate::engine
