package io.dbwarden.sidecar.pg.protocol;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * The peer sent bytes that are not a valid protocol message: unknown type, impossible or oversized
 * length, or a body that does not parse exactly. The connection cannot be resynchronised after it.
 */
public final class ProtocolViolationException extends CorruptedFrameException {

  private static final long serialVersionUID = 1L;

  public ProtocolViolationException(String message) {
    super(message);
  }

  public ProtocolViolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
