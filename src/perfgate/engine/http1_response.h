// SPDX-License-Identifier: MIT
// Http1Response: one HTTP/1.1 response read off a keep-alive connection, parsed incrementally with
// http_parser (the parser wrk uses) into buffers that keep their capacity from one response to the
// next. The building block of the native HTTP/1.1 client (issue #15); it counts what the libcurl
// path counts: header bytes as received (interim 1xx responses included) plus decoded body bytes.
#pragma once

#include <http_parser.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace perfgate::engine {

// Whether the request was HEAD: its response announces a body that never comes.
enum class HeadRequest { no, yes };
// Whether captures or checks read the part: when not, it is counted but not kept.
enum class Keep { no, yes };

// What feeding bytes achieved.
enum class Parsed {
  more,      // the response is not complete: read on
  complete,  // the final response is complete; bytes after it are left unconsumed
  invalid,   // not HTTP/1.x, or cut short at the end of the stream: the connection is unusable
};

class Http1Response {
 public:
  Http1Response();
  Http1Response(const Http1Response&) = delete;
  Http1Response& operator=(const Http1Response&) = delete;

  // Forgets the previous response (keeping buffer capacity) and expects a new one.
  void start(HeadRequest head, Keep keep_headers, Keep keep_body);

  // Parses the next `data` read from the connection. `consumed` receives how many bytes belonged
  // to this response (all of them unless it completed). REQUIRES: the last result was `more`.
  Parsed feed(std::string_view data, size_t& consumed);
  // The peer closed the connection: completes a body delimited by the close, else `invalid`.
  Parsed feed_eof();

  int status() const { return m_status; }
  // Whether the connection may carry another request (HTTP/1.1 without `Connection: close`, or
  // HTTP/1.0 with keep-alive). Meaningful once complete.
  bool keep_alive() const { return m_keep_alive; }
  // The header blocks as received ("HTTP/1.1 200 OK\r\nName: value\r\n…"), interim responses
  // first, when kept; else empty.
  std::string_view headers() const { return m_headers; }
  // The decoded body (chunked framing removed), up to `k_max_kept_body` bytes, when kept.
  std::string_view body() const { return m_body; }
  int64_t header_bytes() const { return m_header_bytes; }
  int64_t body_bytes() const { return m_body_bytes; }

  // Bodies beyond this are counted but not kept for captures and checks.
  static constexpr size_t k_max_kept_body = 4 << 20;

 private:
  static int on_status(http_parser* parser, const char* at, size_t length);
  static int on_header_field(http_parser* parser, const char* at, size_t length);
  static int on_header_value(http_parser* parser, const char* at, size_t length);
  static int on_headers_complete(http_parser* parser);
  static int on_body(http_parser* parser, const char* at, size_t length);
  static int on_message_complete(http_parser* parser);
  void begin_message();

  http_parser m_parser{};
  http_parser_settings m_settings{};
  HeadRequest m_head = HeadRequest::no;
  bool m_keep_headers = false;
  bool m_keep_body = false;
  enum class Last { none, field, value } m_last = Last::none;
  bool m_in_headers = true;     // before the current message's headers completed
  bool m_headers_done = false;  // paused at the end of a header block (to count its bytes)
  bool m_complete = false;
  int m_status = 0;
  bool m_keep_alive = false;
  std::string m_headers;
  std::string m_body;
  int64_t m_header_bytes = 0;
  int64_t m_body_bytes = 0;
};

}  // namespace perfgate::engine
