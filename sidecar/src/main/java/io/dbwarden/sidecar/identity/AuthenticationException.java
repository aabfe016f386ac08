package io.dbwarden.sidecar.identity;

import java.util.Objects;

/**
 * A client could not be authenticated. Carries the SQLSTATE and the message the proxy sends in the
 * ErrorResponse that ends the connection; the message is safe to show to the client: it says what
 * was wrong but never contains the password or token, and for the static users file never whether
 * the user exists.
 *
 * <p>SQLSTATEs are the ones PostgreSQL uses (<a
 * href="https://www.postgresql.org/docs/current/errcodes-appendix.html">Appendix A</a>): {@value
 * #INVALID_PASSWORD} for a secret that does not verify (wrong password, bad signature, expired
 * token), {@value #INVALID_AUTHORIZATION_SPECIFICATION} for a login that is refused for another
 * reason (wrong audience, missing claims), {@value #PROTOCOL_VIOLATION} for a malformed SASL
 * message.
 */
public final class AuthenticationException extends Exception {

  /** {@code invalid_password}. */
  public static final String INVALID_PASSWORD = "28P01";

  /** {@code invalid_authorization_specification}. */
  public static final String INVALID_AUTHORIZATION_SPECIFICATION = "28000";

  /** {@code protocol_violation}. */
  public static final String PROTOCOL_VIOLATION = "08P01";

  private static final long serialVersionUID = 1L;

  private final String sqlState;

  /**
   * @param sqlState the five-character SQLSTATE for the ErrorResponse
   * @param message the client-safe message
   */
  public AuthenticationException(String sqlState, String message) {
    super(Objects.requireNonNull(message, "message must not be null"));
    Objects.requireNonNull(sqlState, "sqlState must not be null");
    if (sqlState.length() != 5) {
      throw new IllegalArgumentException("sqlState must have five characters: " + sqlState);
    }
    this.sqlState = sqlState;
  }

  /** {@value #INVALID_PASSWORD}: the presented secret does not verify. */
  public static AuthenticationException invalidPassword(String message) {
    return new AuthenticationException(INVALID_PASSWORD, message);
  }

  /** {@value #INVALID_AUTHORIZATION_SPECIFICATION}: the login is refused for another reason. */
  public static AuthenticationException invalidAuthorization(String message) {
    return new AuthenticationException(INVALID_AUTHORIZATION_SPECIFICATION, message);
  }

  /** {@value #PROTOCOL_VIOLATION}: the client sent a malformed authentication message. */
  public static AuthenticationException protocolViolation(String message) {
    return new AuthenticationException(PROTOCOL_VIOLATION, message);
  }

  /**
   * PostgreSQL's message for a failed password or SCRAM login; the same for a wrong password and an
   * unknown user, so a client cannot probe which users exist.
   */
  public static AuthenticationException passwordFailed(String user) {
    Objects.requireNonNull(user, "user must not be null");
    return invalidPassword("password authentication failed for user \"" + user + "\"");
  }

  /** The five-character SQLSTATE for the ErrorResponse. */
  public String sqlState() {
    return sqlState;
  }
}
