package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.frontend.FrontendMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/** The client side of an established session: hands client messages to the session. */
final class FrontendRelayHandler extends ChannelInboundHandlerAdapter {

  private final ProxySession session;

  FrontendRelayHandler(ProxySession session) {
    this.session = session;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    session.onClientMessage((FrontendMessage) msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    session.clientReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    session.updateUpstreamReading();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      session.onIdleTimeout();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.clientClosed();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ClientErrors.handle(ctx.channel(), cause);
  }
}
