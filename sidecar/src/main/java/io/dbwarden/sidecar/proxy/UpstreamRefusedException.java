package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.backend.ErrorResponse;

/** The database answered the proxy's startup with an error. */
final class UpstreamRefusedException extends Exception {

  private final transient ErrorResponse error;

  UpstreamRefusedException(ErrorResponse error) {
    super(error.message());
    this.error = error;
  }

  ErrorResponse error() {
    return error;
  }
}
