package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.TransactionStatus;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationOk;
import io.dbwarden.sidecar.pg.protocol.backend.BackendKeyData;
import io.dbwarden.sidecar.pg.protocol.backend.BackendMessage;
import io.dbwarden.sidecar.pg.protocol.backend.ErrorResponse;
import io.dbwarden.sidecar.pg.protocol.backend.NegotiateProtocolVersion;
import io.dbwarden.sidecar.pg.protocol.backend.NoticeResponse;
import io.dbwarden.sidecar.pg.protocol.backend.ParameterStatus;
import io.dbwarden.sidecar.pg.protocol.backend.ReadyForQuery;
import io.dbwarden.sidecar.pg.protocol.frontend.StartupMessage;
import io.dbwarden.sidecar.proxy.flow.UpstreamLogin;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the startup exchange with the database: sends the StartupMessage, answers authentication
 * through an {@link UpstreamLogin}, and collects parameters and the cancel key until the first
 * ReadyForQuery, which completes the promise.
 */
final class UpstreamStartupHandler extends SimpleChannelInboundHandler<BackendMessage> {

  private final StartupMessage startup;
  private final UpstreamLogin login;
  private final Promise<UpstreamHandshake> result;
  private final Map<String, String> parameters = new LinkedHashMap<>();
  private final List<NoticeResponse> notices = new ArrayList<>();
  private CancelKey backendKey;

  UpstreamStartupHandler(
      StartupMessage startup, UpstreamLogin login, Promise<UpstreamHandshake> result) {
    this.startup = startup;
    this.login = login;
    this.result = result;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(startup);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, BackendMessage msg) throws Exception {
    if (msg instanceof AuthenticationOk) {
      login.succeeded();
    } else if (UpstreamLogin.isChallenge(msg)) {
      login.onChallenge(ctx, msg);
    } else if (msg instanceof ParameterStatus status) {
      parameters.put(status.name(), status.value());
    } else if (msg instanceof BackendKeyData key) {
      backendKey = new CancelKey(key.processId(), key.secretKey());
    } else if (msg instanceof NoticeResponse notice) {
      notices.add(notice);
    } else if (msg instanceof ErrorResponse error) {
      result.tryFailure(new UpstreamRefusedException(error));
      ctx.close();
    } else if (msg instanceof ReadyForQuery ready) {
      complete(ctx, ready.transactionStatus());
    } else if (!(msg instanceof NegotiateProtocolVersion)) {
      // The proxy asks for protocol 3.0 without options, so a downgrade notice changes nothing.
      throw new IOException("unexpected message from the database during startup: " + msg);
    }
  }

  private void complete(ChannelHandlerContext ctx, TransactionStatus status) {
    ctx.pipeline().remove(this);
    result.trySuccess(
        new UpstreamHandshake(
            Collections.unmodifiableMap(parameters), backendKey, notices, status));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    result.tryFailure(cause);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    result.tryFailure(new IOException("the database closed the connection during startup"));
    ctx.fireChannelInactive();
  }
}
