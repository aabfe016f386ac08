package io.dbwarden.sidecar.proxy.flow;

import io.dbwarden.sidecar.config.UpstreamConfig.Credentials;
import io.dbwarden.sidecar.pg.auth.Md5Password;
import io.dbwarden.sidecar.pg.auth.ScramClientExchange;
import io.dbwarden.sidecar.pg.auth.UpstreamAuthenticationException;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationCleartextPassword;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationMD5Password;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationSASL;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationSASLContinue;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationSASLFinal;
import io.dbwarden.sidecar.pg.protocol.backend.BackendMessage;
import io.dbwarden.sidecar.pg.protocol.frontend.PasswordMessage;
import io.dbwarden.sidecar.pg.protocol.frontend.SaslInitialResponse;
import io.dbwarden.sidecar.pg.protocol.frontend.SaslResponse;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Logs in to the database with the proxy's own credentials: SCRAM-SHA-256 (verifying the server's
 * signature, so a server that does not know the password is not trusted), MD5 or cleartext,
 * whichever the server asks for.
 */
public final class ProxyCredentialsLogin implements UpstreamLogin {

  private static final String SCRAM = "SCRAM-SHA-256";

  private final Credentials credentials;
  private ScramClientExchange scram;
  private boolean serverVerified;

  public ProxyCredentialsLogin(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public void onChallenge(ChannelHandlerContext upstream, BackendMessage challenge)
      throws IOException, UpstreamAuthenticationException {
    if (challenge instanceof AuthenticationSASL sasl) {
      if (!sasl.mechanisms().contains(SCRAM)) {
        throw new IOException(
            "the database offers no supported SASL mechanism: " + sasl.mechanisms());
      }
      scram = new ScramClientExchange(credentials.password());
      upstream.writeAndFlush(
          new SaslInitialResponse(
              SCRAM, scram.clientFirstMessage().getBytes(StandardCharsets.UTF_8)));
    } else if (challenge instanceof AuthenticationSASLContinue cont && scram != null) {
      String serverFirst = new String(cont.data(), StandardCharsets.UTF_8);
      upstream.writeAndFlush(
          new SaslResponse(scram.handleServerFirst(serverFirst).getBytes(StandardCharsets.UTF_8)));
    } else if (challenge instanceof AuthenticationSASLFinal fin && scram != null) {
      scram.verifyServerFinal(new String(fin.data(), StandardCharsets.UTF_8));
      serverVerified = true;
    } else if (challenge instanceof AuthenticationMD5Password md5) {
      byte[] hash = Md5Password.encode(credentials.user(), credentials.password(), md5.salt());
      upstream.writeAndFlush(new PasswordMessage(Arrays.copyOf(hash, hash.length + 1)));
    } else if (challenge instanceof AuthenticationCleartextPassword) {
      upstream.writeAndFlush(PasswordMessage.of(credentials.password()));
    } else {
      throw new IOException(
          "the database asks for an authentication method the proxy does not"
              + " support: "
              + challenge);
    }
  }

  @Override
  public void succeeded() throws IOException {
    if (scram != null && !serverVerified) {
      throw new IOException(
          "the database accepted the login without proving it knows the"
              + " password (SCRAM exchange incomplete)");
    }
  }
}
