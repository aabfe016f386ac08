package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.backend.ErrorResponse;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/** Ending a client connection the way PostgreSQL does: a FATAL ErrorResponse, then close. */
final class Connections {

  private Connections() {}

  static void fatal(Channel client, String sqlState, String message) {
    client
        .writeAndFlush(ErrorResponse.of("FATAL", sqlState, message))
        .addListener(ChannelFutureListener.CLOSE);
  }

  static void fatal(Channel client, ErrorResponse error) {
    client.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
  }
}
