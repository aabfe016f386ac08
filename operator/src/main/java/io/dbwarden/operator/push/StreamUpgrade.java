package io.dbwarden.operator.push;

import io.dbwarden.api.push.PushProtocol;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The first request of a stream connection: authenticates it with the {@link StreamEndpoint} of its
 * path, off the event loop (the token review calls the API server), then either answers the refusal
 * as plain HTTP (401, 403...) and closes, or turns the connection into a WebSocket served by the
 * handler the endpoint gave. The connection reads nothing more while the review runs.
 */
final class StreamUpgrade extends SimpleChannelInboundHandler<FullHttpRequest> {

  /** Sidecars ping every 20 seconds; three missed pings mean it is gone. */
  private static final int IDLE_SECONDS = 60;

  private final Map<String, StreamEndpoint> endpoints;
  private final Executor reviews;

  /**
   * @param endpoints what serves each path
   * @param reviews where authentication runs
   */
  StreamUpgrade(Map<String, StreamEndpoint> endpoints, Executor reviews) {
    super(false); // the request is released once answered, maybe on another turn of the loop
    this.endpoints = endpoints;
    this.reviews = reviews;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = new QueryStringDecoder(request.uri()).path();
    StreamEndpoint endpoint = endpoints.get(path);
    if (endpoint == null) {
      refuse(ctx, request, 404, "not found");
      return;
    }
    if (!request
        .headers()
        .containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      refuse(ctx, request, 400, "this endpoint is a WebSocket: send an upgrade request");
      return;
    }
    ctx.channel().config().setAutoRead(false);
    try {
      reviews.execute(
          () -> {
            Runnable answer;
            try {
              ChannelHandler session = endpoint.open(request.headers());
              answer = () -> upgrade(ctx, request, path, session);
            } catch (StreamRefusal refusal) {
              answer = () -> refuse(ctx, request, refusal.status(), refusal.getMessage());
            }
            try {
              ctx.executor().execute(answer);
            } catch (RejectedExecutionException e) {
              request.release(); // the server stopped meanwhile
            }
          });
    } catch (RejectedExecutionException e) {
      refuse(ctx, request, 503, "the operator is shutting down");
    }
  }

  private void upgrade(
      ChannelHandlerContext ctx, FullHttpRequest request, String path, ChannelHandler session) {
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline
        .addAfter(
            ctx.name(),
            "websocket",
            new WebSocketServerProtocolHandler(
                WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath(path)
                    .maxFramePayloadLength(PushProtocol.MAX_MESSAGE_BYTES)
                    .build()))
        .addAfter(
            "websocket", "frames", new WebSocketFrameAggregator(PushProtocol.MAX_MESSAGE_BYTES))
        .addAfter("frames", "idle", new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS))
        .addAfter("idle", "session", session);
    // The protocol handler put its handshake handler right after this one: it answers the upgrade.
    ctx.fireChannelRead(request);
    pipeline.remove(this);
    ctx.channel().config().setAutoRead(true);
  }

  private static void refuse(
      ChannelHandlerContext ctx, FullHttpRequest request, int status, String reason) {
    request.release();
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            Unpooled.copiedBuffer(reason + "\n", StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    HttpUtil.setContentLength(response, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, false);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
