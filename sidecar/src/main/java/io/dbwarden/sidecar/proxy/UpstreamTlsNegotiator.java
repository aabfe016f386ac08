package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.config.ProxyConfig;
import io.dbwarden.sidecar.config.UpstreamConfig;
import io.dbwarden.sidecar.pg.protocol.backend.BackendMessageDecoder;
import io.dbwarden.sidecar.pg.protocol.frontend.SslRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Promise;
import javax.net.ssl.SSLException;

/**
 * Asks the database for TLS (SSLRequest), reads its one-byte answer, and starts the handshake. Any
 * byte after the answer arrived before encryption and would be trusted as if it came through TLS,
 * so it is refused (CVE-2021-23222).
 */
final class UpstreamTlsNegotiator extends ChannelInboundHandlerAdapter {

  private final SslContext sslContext;
  private final UpstreamConfig config;
  private final Promise<Channel> ready;

  UpstreamTlsNegotiator(SslContext sslContext, UpstreamConfig config, Promise<Channel> ready) {
    this.sslContext = sslContext;
    this.config = config;
    this.ready = ready;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(SslRequest.INSTANCE);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf answer = (ByteBuf) msg;
    try {
      byte response = answer.readByte();
      if (answer.isReadable()) {
        fail(ctx, "the database sent unencrypted data after accepting TLS");
      } else if (response != 'S') {
        fail(ctx, "the database does not accept TLS connections (upstream TLS is required)");
      } else {
        startHandshake(ctx);
      }
    } finally {
      answer.release();
    }
  }

  private void startHandshake(ChannelHandlerContext ctx) {
    String host = config.address().getHostString();
    SslHandler tls = sslContext.newHandler(ctx.alloc(), host, config.address().getPort());
    ctx.pipeline().addFirst(PipelineNames.TLS, tls);
    ctx.pipeline()
        .replace(
            this,
            PipelineNames.DECODER,
            new BackendMessageDecoder(ProxyConfig.Limits.MAX_BACKEND_MESSAGE_LENGTH));
    tls.handshakeFuture()
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ready.trySuccess(ctx.channel());
              } else {
                ready.tryFailure(f.cause());
                ctx.close();
              }
            });
  }

  private void fail(ChannelHandlerContext ctx, String reason) {
    ready.tryFailure(new SSLException(reason));
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ready.tryFailure(cause);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ready.tryFailure(new SSLException("the database closed the connection during TLS setup"));
    ctx.fireChannelInactive();
  }
}
