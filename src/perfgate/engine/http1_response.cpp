// SPDX-License-Identifier: MIT
#include "perfgate/engine/http1_response.h"

#include <fmt/format.h>

namespace perfgate::engine {
namespace {

Http1Response& self_of(http_parser* parser) {
  return *static_cast<Http1Response*>(parser->data);
}

}  // namespace

Http1Response::Http1Response() {
  http_parser_settings_init(&m_settings);
  m_settings.on_status = &Http1Response::on_status;
  m_settings.on_header_field = &Http1Response::on_header_field;
  m_settings.on_header_value = &Http1Response::on_header_value;
  m_settings.on_headers_complete = &Http1Response::on_headers_complete;
  m_settings.on_body = &Http1Response::on_body;
  m_settings.on_message_complete = &Http1Response::on_message_complete;
  start(HeadRequest::no, Keep::no, Keep::no);
}

void Http1Response::start(HeadRequest head, Keep keep_headers, Keep keep_body) {
  http_parser_init(&m_parser, HTTP_RESPONSE);
  m_parser.data = this;
  m_head = head;
  m_keep_headers = keep_headers == Keep::yes;
  m_keep_body = keep_body == Keep::yes;
  m_complete = false;
  m_status = 0;
  m_keep_alive = false;
  m_headers.clear();
  m_body.clear();
  m_header_bytes = 0;
  m_body_bytes = 0;
  begin_message();
}

void Http1Response::begin_message() {
  m_in_headers = true;
  m_headers_done = false;
  m_last = Last::none;
}

Parsed Http1Response::feed(std::string_view data, size_t& consumed) {
  consumed = 0;
  while (consumed < data.size() && !m_complete) {
    // A header block's bytes are counted by pausing where it ends. The parser stops there before
    // the block's final LF and reads that LF again when resumed.
    bool in_headers = m_in_headers;
    bool owe_final_lf = m_headers_done;
    m_headers_done = false;
    size_t parsed =
        http_parser_execute(&m_parser, &m_settings, data.data() + consumed, data.size() - consumed);
    if (in_headers) m_header_bytes += static_cast<int64_t>(parsed);
    if (owe_final_lf && parsed > 0) ++m_header_bytes;
    consumed += parsed;
    http_errno error = HTTP_PARSER_ERRNO(&m_parser);
    if (error == HPE_PAUSED) {
      http_parser_pause(&m_parser, 0);
    } else if (error != HPE_OK) {
      return Parsed::invalid;
    } else if (m_parser.upgrade && !m_complete) {
      return Parsed::invalid;  // a protocol switch perf-gate did not ask for
    }
  }
  return m_complete ? Parsed::complete : Parsed::more;
}

Parsed Http1Response::feed_eof() {
  if (m_complete) return Parsed::complete;
  http_parser_execute(&m_parser, &m_settings, nullptr, 0);
  http_errno error = HTTP_PARSER_ERRNO(&m_parser);
  if (error == HPE_PAUSED) http_parser_pause(&m_parser, 0);
  if (m_complete) m_keep_alive = false;  // the peer closed it
  return m_complete ? Parsed::complete : Parsed::invalid;
}

int Http1Response::on_status(http_parser* parser, const char* at, size_t length) {
  Http1Response& self = self_of(parser);
  if (!self.m_keep_headers) return 0;
  if (self.m_last == Last::none) {
    fmt::format_to(std::back_inserter(self.m_headers), "HTTP/{}.{} {} ", parser->http_major,
                   parser->http_minor, static_cast<unsigned>(parser->status_code));
    self.m_last = Last::value;  // the status line ends like a header line
  }
  self.m_headers.append(at, length);
  return 0;
}

int Http1Response::on_header_field(http_parser* parser, const char* at, size_t length) {
  Http1Response& self = self_of(parser);
  if (!self.m_keep_headers) return 0;
  if (self.m_last == Last::none) on_status(parser, at, 0);
  if (self.m_last == Last::value) self.m_headers.append("\r\n");
  self.m_headers.append(at, length);
  self.m_last = Last::field;
  return 0;
}

int Http1Response::on_header_value(http_parser* parser, const char* at, size_t length) {
  Http1Response& self = self_of(parser);
  if (!self.m_keep_headers) return 0;
  if (self.m_last == Last::field) self.m_headers.append(": ");
  self.m_headers.append(at, length);
  self.m_last = Last::value;
  return 0;
}

int Http1Response::on_headers_complete(http_parser* parser) {
  Http1Response& self = self_of(parser);
  if (self.m_keep_headers) {
    if (self.m_last == Last::none) on_status(parser, nullptr, 0);
    self.m_headers.append("\r\n\r\n");
  }
  self.m_status = static_cast<int>(parser->status_code);
  self.m_in_headers = false;
  self.m_headers_done = true;
  http_parser_pause(parser, 1);
  // 1: no body follows (HEAD). http_parser itself knows that 1xx, 204 and 304 have none.
  return self.m_head == HeadRequest::yes ? 1 : 0;
}

int Http1Response::on_body(http_parser* parser, const char* at, size_t length) {
  Http1Response& self = self_of(parser);
  self.m_body_bytes += static_cast<int64_t>(length);
  if (self.m_keep_body && self.m_body.size() < k_max_kept_body) self.m_body.append(at, length);
  return 0;
}

int Http1Response::on_message_complete(http_parser* parser) {
  Http1Response& self = self_of(parser);
  int status = static_cast<int>(parser->status_code);
  if (status >= 100 && status < 200 && status != 101) {
    self.begin_message();  // an interim response (100 Continue, 103 Early Hints): read on
  } else {
    self.m_complete = true;
    self.m_keep_alive = parser->upgrade == 0 && http_should_keep_alive(parser) != 0;
  }
  http_parser_pause(parser, 1);
  return 0;
}

}  // namespace perfgate::engine
