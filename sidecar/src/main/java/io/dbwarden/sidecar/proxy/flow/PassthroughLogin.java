package io.dbwarden.sidecar.proxy.flow;

import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationSASL;
import io.dbwarden.sidecar.pg.protocol.backend.BackendMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;

/**
 * Relays the database's authentication requests to the client, for applications that keep their own
 * database login. The client's answers are relayed back by the client-side startup handler.
 */
public final class PassthroughLogin implements UpstreamLogin {

  private final Channel client;
  private final Runnable onSuccess;

  /**
   * @param client the client connection the requests are relayed to
   * @param onSuccess runs on the event loop when the database accepts the client's login
   */
  public PassthroughLogin(Channel client, Runnable onSuccess) {
    this.client = client;
    this.onSuccess = onSuccess;
  }

  @Override
  public void onChallenge(ChannelHandlerContext upstream, BackendMessage challenge) {
    if (challenge instanceof AuthenticationSASL sasl) {
      // Channel binding ties SCRAM to the TLS session it runs in; the client's TLS session ends
      // at the proxy, so a -PLUS mechanism could never verify end to end.
      List<String> unbound = sasl.mechanisms().stream().filter(m -> !m.endsWith("-PLUS")).toList();
      client.writeAndFlush(new AuthenticationSASL(unbound));
    } else {
      client.writeAndFlush(challenge);
    }
  }

  @Override
  public void succeeded() {
    onSuccess.run();
  }
}
