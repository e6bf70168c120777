// SPDX-License-Identifier: MIT
#include "perfgate/engine/request_slot.h"

#include <algorithm>

#include "perfgate/engine/classify.h"

namespace perfgate::engine {
namespace {

// Bodies beyond this are counted but not kept for captures and checks.
constexpr size_t k_max_kept_body = 4 << 20;
// A smaller receive buffer than libcurl's 16 KiB default keeps 10,000 VUs within memory; loopback
// responses of a few KiB need no more.
constexpr long k_receive_buffer = 8 * 1024;
// libcurl's MAX_INITIAL_POST_SIZE: bodies below it go out with the request headers.
constexpr int64_t k_inline_body_limit = 64 * 1024;

int64_t info_offt(CURL* easy, CURLINFO info) {
  curl_off_t value = 0;
  curl_easy_getinfo(easy, info, &value);
  return static_cast<int64_t>(value);
}

// CR and LF end a header line (or the request line) and NUL ends the C string libcurl reads: a
// rendered value holding one could put a second request on the wire.
Rendered check_line(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos
             ? Rendered::ok
             : Rendered::unsafe;
}

}  // namespace

RequestSlot::RequestSlot(const RunPlan& plan, void* owner, CurlLoop* loop) {
  m_easy = curl_easy_init();
  if (m_easy == nullptr) return;
  curl_easy_setopt(m_easy, CURLOPT_CLOSESOCKETFUNCTION, &CurlLoop::close_socket);
  curl_easy_setopt(m_easy, CURLOPT_CLOSESOCKETDATA, loop);
  curl_easy_setopt(m_easy, CURLOPT_OPENSOCKETFUNCTION, &CurlLoop::open_socket);
  curl_easy_setopt(m_easy, CURLOPT_OPENSOCKETDATA, loop);
  // Load goes straight to the target: no proxy from the environment (this also spares libcurl
  // four getenv() calls per request).
  curl_easy_setopt(m_easy, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(m_easy, CURLOPT_PRIVATE, owner);
  curl_easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &RequestSlot::on_body);
  curl_easy_setopt(m_easy, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(m_easy, CURLOPT_BUFFERSIZE, k_receive_buffer);
  curl_easy_setopt(m_easy, CURLOPT_TCP_NODELAY, 1L);
  bool tls_off = plan.tls_verify == TlsVerify::insecure;
  curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYPEER, tls_off ? 0L : 1L);
  curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYHOST, tls_off ? 0L : 2L);
  if (plan.http_version == HttpVersion::http2) {
    bool tls = plan.target.rfind("https:", 0) == 0;
    curl_easy_setopt(m_easy, CURLOPT_HTTP_VERSION,
                     tls ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    curl_easy_setopt(m_easy, CURLOPT_PIPEWAIT, 1L);  // share a connection rather than open more
  } else {
    curl_easy_setopt(m_easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  }
}

RequestSlot::~RequestSlot() {
  if (m_easy != nullptr) curl_easy_cleanup(m_easy);
}

void RequestSlot::configure(const StepPlan& step) {
  const scenario::Step& spec = *step.step;
  curl_easy_setopt(m_easy, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(m_easy, CURLOPT_CUSTOMREQUEST, nullptr);
  curl_easy_setopt(m_easy, CURLOPT_HTTPGET, 1L);
  bool has_body = spec.body.has_value();
  switch (spec.method) {
    case scenario::HttpMethod::get:
      break;
    case scenario::HttpMethod::head:
      curl_easy_setopt(m_easy, CURLOPT_NOBODY, 1L);
      break;
    case scenario::HttpMethod::post:
      has_body = true;
      break;
    case scenario::HttpMethod::put:
    case scenario::HttpMethod::patch:
    case scenario::HttpMethod::del:
      curl_easy_setopt(m_easy, CURLOPT_CUSTOMREQUEST, scenario::method_name(spec.method));
      break;
  }
  if (has_body && step.body_constant) {
    curl_easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(step.body.size()));
    curl_easy_setopt(m_easy, CURLOPT_POSTFIELDS, step.body.c_str());
  }
  curl_easy_setopt(m_easy, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::max<int64_t>(1, spec.timeout.count() / 1000)));
  if (step.url_constant) curl_easy_setopt(m_easy, CURLOPT_URL, step.url.c_str());
  m_header_lines = step.header_lines;
  m_header_nodes.assign(m_header_lines.size(), curl_slist{});
  for (size_t i = 0; i < m_header_nodes.size(); ++i) {
    m_header_nodes[i].data = m_header_lines[i].data();
    m_header_nodes[i].next = i + 1 < m_header_nodes.size() ? &m_header_nodes[i + 1] : nullptr;
  }
  curl_easy_setopt(m_easy, CURLOPT_HTTPHEADER,
                   m_header_nodes.empty() ? nullptr : m_header_nodes.data());
  m_keep_body = step.needs_body;
  if (step.needs_headers) {
    curl_easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, &RequestSlot::on_header);
    curl_easy_setopt(m_easy, CURLOPT_HEADERDATA, this);
  } else {
    curl_easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, nullptr);
    curl_easy_setopt(m_easy, CURLOPT_HEADERDATA, nullptr);
  }
  m_configured = &step;
}

Rendered RequestSlot::render_url(const StepPlan& step, const scenario::RenderContext& context) {
  m_url.assign(step.url);
  scenario::render(step.step->path, context, m_url);
  if (check_line(m_url) == Rendered::unsafe) return Rendered::unsafe;
  curl_easy_setopt(m_easy, CURLOPT_URL, m_url.c_str());
  return Rendered::ok;
}

Rendered RequestSlot::render_headers(const StepPlan& step, const scenario::RenderContext& context) {
  const auto& headers = step.step->headers;
  Rendered verdict = Rendered::ok;
  for (size_t i = 0; i < headers.size(); ++i) {
    if (step.header_constant[i]) continue;
    std::string& line = m_header_lines[i];
    line.assign(step.header_lines[i]);
    scenario::render(headers[i].value, context, line);
    if (check_line(line) == Rendered::unsafe) {
      line.assign(step.header_lines[i]);  // never leave the hostile text where libcurl reads
      verdict = Rendered::unsafe;
    }
    m_header_nodes[i].data = line.data();  // the buffer may have moved
  }
  return verdict;
}

void RequestSlot::render_body(const StepPlan& step, const scenario::RenderContext& context) {
  m_request_body.clear();
  scenario::render(*step.step->body, context, m_request_body);
  curl_easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(m_request_body.size()));
  curl_easy_setopt(m_easy, CURLOPT_POSTFIELDS, m_request_body.c_str());
}

Rendered RequestSlot::prepare(const StepPlan& step, const scenario::RenderContext& context) {
  if (m_configured != &step) configure(step);
  m_body.clear();
  m_headers.clear();
  m_body_bytes = 0;
  Rendered verdict = Rendered::ok;
  if (!step.url_constant && render_url(step, context) == Rendered::unsafe) {
    verdict = Rendered::unsafe;
  }
  if (!step.headers_constant && render_headers(step, context) == Rendered::unsafe) {
    verdict = Rendered::unsafe;
  }
  if (!step.body_constant) render_body(step, context);  // length-delimited: any byte is fine
  return verdict;
}

size_t RequestSlot::on_body(char* data, size_t size, size_t count, void* self) {
  auto* slot = static_cast<RequestSlot*>(self);
  size_t bytes = size * count;
  slot->m_body_bytes += static_cast<int64_t>(bytes);
  if (slot->m_keep_body && slot->m_body.size() < k_max_kept_body) slot->m_body.append(data, bytes);
  return bytes;
}

size_t RequestSlot::on_header(char* data, size_t size, size_t count, void* self) {
  auto* slot = static_cast<RequestSlot*>(self);
  size_t bytes = size * count;
  if (slot->m_headers.size() < k_max_kept_body) slot->m_headers.append(data, bytes);
  return bytes;
}

Transfer RequestSlot::finish(CURLcode code) {
  Transfer transfer;
  transfer.failure = failure_of(code);
  long status = 0;
  curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
  transfer.status = static_cast<int>(status);
  long request_size = 0;
  curl_easy_getinfo(m_easy, CURLINFO_REQUEST_SIZE, &request_size);
  // libcurl sends a body under 64 KiB in the same buffer as the headers and then counts it
  // both in REQUEST_SIZE and in SIZE_UPLOAD; a larger one only in SIZE_UPLOAD.
  int64_t uploaded = info_offt(m_easy, CURLINFO_SIZE_UPLOAD_T);
  bool inline_body = uploaded > 0 && uploaded < k_inline_body_limit && request_size > uploaded;
  transfer.bytes_sent = inline_body ? request_size : request_size + uploaded;
  long header_size = 0;
  curl_easy_getinfo(m_easy, CURLINFO_HEADER_SIZE, &header_size);
  transfer.bytes_received = header_size + m_body_bytes;
  if (status > 0) {
    // Each *_TIME_T is µs from the start of the transfer to the end of that phase.
    int64_t dns = info_offt(m_easy, CURLINFO_NAMELOOKUP_TIME_T);
    int64_t connect = info_offt(m_easy, CURLINFO_CONNECT_TIME_T);
    int64_t tls = info_offt(m_easy, CURLINFO_APPCONNECT_TIME_T);
    int64_t pretransfer = info_offt(m_easy, CURLINFO_PRETRANSFER_TIME_T);
    int64_t first_byte = info_offt(m_easy, CURLINFO_STARTTRANSFER_TIME_T);
    int64_t total = info_offt(m_easy, CURLINFO_TOTAL_TIME_T);
    metrics::PhaseTotals& phases = transfer.phases;
    phases.samples = 1;
    phases.dns_us = dns;
    phases.connect_us = std::max<int64_t>(0, connect - dns);
    phases.tls_us = tls > 0 ? std::max<int64_t>(0, tls - connect) : 0;
    phases.ttfb_us = std::max<int64_t>(0, first_byte - pretransfer);
    phases.transfer_us = std::max<int64_t>(0, total - first_byte);
  }
  return transfer;
}

}  // namespace perfgate::engine
