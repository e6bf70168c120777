// SPDX-License-Identifier: MIT
#include "perfgate/engine/classify.h"

namespace perfgate::engine {

TransportFailure failure_of(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return TransportFailure::none;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportFailure::timeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportFailure::resolve;
    case CURLE_COULDNT_CONNECT:
      return TransportFailure::connect;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
      return TransportFailure::tls;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
      return TransportFailure::broken;
    default:
      return TransportFailure::other;
  }
}

std::optional<metrics::ErrorKind> transport_error(TransportFailure failure, int status) {
  using metrics::ErrorKind;
  switch (failure) {
    case TransportFailure::none:
      return std::nullopt;
    case TransportFailure::timeout:
      return ErrorKind::timeout;
    case TransportFailure::resolve:
    case TransportFailure::connect:
      return ErrorKind::connect;
    case TransportFailure::tls:
      return ErrorKind::tls;
    case TransportFailure::broken:
      // The connection broke: before any response it never really served the request.
      return status == 0 ? ErrorKind::connect : ErrorKind::other;
    case TransportFailure::other:
      return ErrorKind::other;
  }
  return ErrorKind::other;
}

}  // namespace perfgate::engine
