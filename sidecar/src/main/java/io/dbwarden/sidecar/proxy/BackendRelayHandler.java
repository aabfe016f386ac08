package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.backend.BackendMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** The database side of an established session: hands database messages to the session. */
final class BackendRelayHandler extends ChannelInboundHandlerAdapter {

  private static final System.Logger LOG = System.getLogger(BackendRelayHandler.class.getName());

  private final ProxySession session;

  BackendRelayHandler(ProxySession session) {
    this.session = session;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    session.onServerMessage((BackendMessage) msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    session.serverReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    session.updateClientReading();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.upstreamLost();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(System.Logger.Level.WARNING, "database connection failed: " + cause.getMessage());
    ctx.close();
  }
}
