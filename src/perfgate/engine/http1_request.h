// SPDX-License-Identifier: MIT
// Http1Request: the bytes of one HTTP/1.1 request, rendered from a StepPlan into a buffer that
// keeps its capacity (a constant step is rendered once per slot and then re-sent as it is). It
// writes what libcurl writes for the same step — Host, Accept: */*, the step's headers with
// libcurl's rules ("Name:" removes a default header, "Name;" sends it empty), Content-Length and
// the form Content-Type for a body — so that both clients send the same bytes.
#pragma once

#include <string>
#include <string_view>

#include "perfgate/engine/http1_response.h"
#include "perfgate/engine/run_plan.h"
#include "perfgate/engine/transport.h"
#include "perfgate/scenario/template.h"

namespace perfgate::engine {

class Http1Request {
 public:
  // `host`: the Host header's value ("127.0.0.1:8080"); `origin_length`: how many leading bytes
  // of StepPlan::url are the origin ("http://127.0.0.1:8080"), the rest being the request target.
  Http1Request(std::string host, size_t origin_length);

  // Renders `step`. Rendered::unsafe when a rendered URL or header holds CR, LF or NUL: the
  // bytes must then not be sent.
  Rendered render(const StepPlan& step, const scenario::RenderContext& context);

  std::string_view bytes() const { return m_bytes; }
  HeadRequest head() const { return m_head; }

 private:
  Rendered append_target(const StepPlan& step, const scenario::RenderContext& context);
  Rendered append_headers(const StepPlan& step, const scenario::RenderContext& context);
  void append_header_line(std::string_view line);
  bool step_sets(const StepPlan& step, std::string_view name) const;

  std::string m_host;
  size_t m_origin_length;
  std::string m_bytes;
  std::string m_scratch;  // a templated URL or header line, before it is checked
  std::string m_body;
  const StepPlan* m_rendered = nullptr;  // the constant step m_bytes holds, if any
  HeadRequest m_head = HeadRequest::no;
};

}  // namespace perfgate::engine
