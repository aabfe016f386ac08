package io.dbwarden.operator.push;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpHeaders;

/** One path of the stream server: who may open a stream there, and what serves it once open. */
@FunctionalInterface
interface StreamEndpoint {

  /**
   * Authenticates an upgrade request; may call the API server, so it runs off the event loop.
   *
   * @return the handler of the stream's messages
   * @throws StreamRefusal saying why the stream is not opened
   */
  ChannelHandler open(HttpHeaders headers) throws StreamRefusal;
}
