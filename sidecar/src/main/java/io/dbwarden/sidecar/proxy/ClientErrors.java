package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.ProtocolViolationException;
import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;

/**
 * What a client hears when its connection fails: bad bytes get a protocol error (08P01) and the
 * connection closes; the proxy and every other connection carry on.
 */
final class ClientErrors {

  private static final System.Logger LOG = System.getLogger(ClientErrors.class.getName());

  private ClientErrors() {}

  static void handle(Channel client, Throwable cause) {
    if (!client.isActive()) {
      return;
    }
    Throwable root =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (cause instanceof ProtocolViolationException
        || root instanceof ProtocolViolationException
        || root instanceof ProtocolStateException) {
      Connections.fatal(
          client, SqlStates.PROTOCOL_VIOLATION, "dbwarden: invalid message: " + root.getMessage());
    } else if (root instanceof IOException) {
      client.close();
    } else {
      LOG.log(System.Logger.Level.ERROR, "unexpected failure on a client connection", cause);
      Connections.fatal(client, "XX000", "dbwarden: internal error; the connection was closed");
    }
  }
}
