package io.dbwarden.sidecar.proxy.flow;

import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationCleartextPassword;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationMD5Password;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationSASL;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationSASLContinue;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationSASLFinal;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationUnsupported;
import io.dbwarden.sidecar.pg.protocol.backend.BackendMessage;
import io.netty.channel.ChannelHandlerContext;

/** Answers the database's authentication requests while the proxy's upstream connection starts. */
public interface UpstreamLogin {

  /** True for every Authentication message except AuthenticationOk. */
  static boolean isChallenge(BackendMessage msg) {
    return msg instanceof AuthenticationCleartextPassword
        || msg instanceof AuthenticationMD5Password
        || msg instanceof AuthenticationSASL
        || msg instanceof AuthenticationSASLContinue
        || msg instanceof AuthenticationSASLFinal
        || msg instanceof AuthenticationUnsupported;
  }

  /**
   * Answers one request from the database.
   *
   * @param upstream the database connection's context, to write the answer to
   * @throws Exception when the request cannot be answered; the connection fails with it
   */
  void onChallenge(ChannelHandlerContext upstream, BackendMessage challenge) throws Exception;

  /** The database accepted the login (AuthenticationOk). */
  void succeeded() throws Exception;
}
