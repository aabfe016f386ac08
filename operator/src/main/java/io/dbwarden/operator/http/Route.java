package io.dbwarden.operator.http;

import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Answers the requests for one path. Called on a Netty event loop: it must not block; work that
 * does is for later issues' routes to hand to another executor.
 */
@FunctionalInterface
public interface Route {

  /** The reply to {@code request}, whose body is complete. */
  HttpReply handle(FullHttpRequest request);
}
