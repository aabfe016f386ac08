package io.dbwarden.sidecar.pg.auth;

/**
 * The proxy's own login to the upstream database failed on the proxy's side: the server sent a
 * malformed SASL message, or could not prove that it knows the password (a wrong SCRAM server
 * signature, so it may be an impostor). The message says what was wrong and holds no secret.
 */
public final class UpstreamAuthenticationException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what was wrong, without secrets
   */
  public UpstreamAuthenticationException(String message) {
    super(message);
  }
}
