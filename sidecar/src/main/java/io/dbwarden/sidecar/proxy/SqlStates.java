package io.dbwarden.sidecar.proxy;

/**
 * The SQLSTATE codes the proxy answers with itself.
 *
 * @see <a href="https://www.postgresql.org/docs/current/errcodes-appendix.html">Error codes</a>
 */
public final class SqlStates {
  public static final String WARNING = "01000";
  public static final String PROTOCOL_VIOLATION = "08P01";
  public static final String CONNECTION_FAILURE = "08006";
  public static final String INVALID_AUTHORIZATION = "28000";
  public static final String INVALID_PASSWORD = "28P01";
  public static final String INSUFFICIENT_PRIVILEGE = "42501";
  public static final String TOO_MANY_CONNECTIONS = "53300";

  /**
   * {@code insufficient_resources}: in strict audit mode, statements are refused with it while the
   * audit sink cannot write. A resource class rather than a privilege one, because retrying later
   * succeeds once the sink recovers.
   */
  public static final String AUDIT_UNAVAILABLE = "53000";

  public static final String ADMIN_SHUTDOWN = "57P01";
  public static final String IDLE_SESSION_TIMEOUT = "57P05";
  public static final String FEATURE_NOT_SUPPORTED = "0A000";

  private SqlStates() {}
}
