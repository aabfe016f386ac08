package io.dbwarden.sidecar.proxy.flow;

import io.dbwarden.sidecar.identity.AuthenticationException;
import io.dbwarden.sidecar.identity.JwtAuthenticator;
import io.dbwarden.sidecar.identity.UsersFile;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationCleartextPassword;
import io.dbwarden.sidecar.pg.protocol.frontend.PasswordMessage;

/**
 * Asks for the password in clear, which is only ever offered over TLS: this is how a client
 * presents an OIDC/JWT token (every PostgreSQL driver can send a token as its password), and how a
 * static user logs in when tokens are also accepted.
 */
final class PasswordAuthenticationFlow implements ClientAuthenticationFlow {

  private final UsersFile users;
  private final JwtAuthenticator jwt;
  private final String user;

  /**
   * @param users static users, or null
   * @param jwt token verification, or null
   * @param user the user name from the startup message
   */
  PasswordAuthenticationFlow(UsersFile users, JwtAuthenticator jwt, String user) {
    this.users = users;
    this.jwt = jwt;
    this.user = user;
  }

  /** Cleartext passwords go through key derivation, and a JWKS URL may have to be fetched. */
  @Override
  public boolean blocking() {
    return true;
  }

  @Override
  public Step start() {
    return Step.ask(AuthenticationCleartextPassword.INSTANCE);
  }

  @Override
  public Step onResponse(PasswordMessage response) throws AuthenticationException {
    String password = response.password();
    if (jwt != null && JwtAuthenticator.looksLikeJwt(password)) {
      return Step.done(null, jwt.authenticate(password));
    }
    if (users != null) {
      return Step.done(null, users.authenticateCleartext(user, password));
    }
    throw AuthenticationException.passwordFailed(user);
  }
}
