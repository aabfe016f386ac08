package io.dbwarden.sidecar.proxy.flow;

import io.dbwarden.sidecar.identity.AuthenticationException;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.identity.ScramServerExchange;
import io.dbwarden.sidecar.identity.UsersFile;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationSASL;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationSASLContinue;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationSASLFinal;
import io.dbwarden.sidecar.pg.protocol.frontend.PasswordMessage;
import io.dbwarden.sidecar.pg.protocol.frontend.SaslInitialResponse;
import io.dbwarden.sidecar.pg.protocol.frontend.SaslResponse;
import io.dbwarden.sidecar.proxy.SqlStates;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SCRAM-SHA-256 against the static users file, as PostgreSQL itself runs it: the password never
 * crosses the wire, and an unknown user fails exactly like a wrong password.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sasl-authentication.html">SASL
 *     authentication</a>
 */
final class ScramAuthenticationFlow implements ClientAuthenticationFlow {

  private static final String MECHANISM = "SCRAM-SHA-256";

  private final UsersFile users;
  private final String user;
  private ScramServerExchange exchange;

  ScramAuthenticationFlow(UsersFile users, String user) {
    this.users = users;
    this.user = user;
  }

  @Override
  public Step start() {
    return Step.ask(new AuthenticationSASL(List.of(MECHANISM)));
  }

  @Override
  public Step onResponse(PasswordMessage response) throws AuthenticationException {
    if (exchange == null) {
      SaslInitialResponse initial = SaslInitialResponse.parse(response);
      if (!MECHANISM.equals(initial.mechanism())) {
        throw new AuthenticationException(
            SqlStates.PROTOCOL_VIOLATION,
            "client selected an invalid SASL authentication mechanism");
      }
      exchange = users.scramExchange(user);
      String serverFirst = exchange.handleClientFirst(utf8(initial.data()));
      return Step.ask(new AuthenticationSASLContinue(bytes(serverFirst)));
    }
    String serverFinal = exchange.handleClientFinal(utf8(SaslResponse.parse(response).data()));
    Identity identity = users.find(user).orElseThrow().identity(Identity.Method.SCRAM);
    return Step.done(new AuthenticationSASLFinal(bytes(serverFinal)), identity);
  }

  private static String utf8(byte[] data) {
    return new String(data, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
