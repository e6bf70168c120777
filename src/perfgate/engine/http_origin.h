// SPDX-License-Identifier: MIT
// HttpOrigin: where the native HTTP/1.1 client connects for an http:// target — the address,
// resolved once per worker, and the Host header libcurl would send for it.
#pragma once

#include <netdb.h>
#include <sys/socket.h>

#include <string>
#include <vector>

#include "perfgate/util/result.h"

namespace perfgate::engine {

struct HttpOrigin {
  std::string host;          // the Host header's value: "name" or "name:port" (port not 80)
  size_t origin_length = 0;  // the length of "http://name[:port]" at the start of the target
  sockaddr_storage address{};
  socklen_t address_length = 0;
};

// Resolves "http://name[:port][/base]". A name with several addresses connects to the first, IPv4
// first, that accepts a TCP connection when it is resolved (libcurl tries each per connection);
// when none does, to the first. `localhost` is 127.0.0.1 and ::1 whatever the resolver says, as
// libcurl has it. bad_input when the target is not such a URL, runtime when the name does not
// resolve.
Result<HttpOrigin> resolve_origin(const std::string& target);

namespace detail {
// The entry, of the names' getaddrinfo() entries, that resolve_origin() connects to (exposed for
// its tests).
const addrinfo* first_accepting(const std::vector<const addrinfo*>& entries);
}  // namespace detail

}  // namespace perfgate::engine
