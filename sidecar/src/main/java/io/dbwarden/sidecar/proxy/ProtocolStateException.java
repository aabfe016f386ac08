package io.dbwarden.sidecar.proxy;

/** A well-formed message that is not allowed at this point of the conversation. */
final class ProtocolStateException extends RuntimeException {

  ProtocolStateException(String message) {
    super(message);
  }
}
