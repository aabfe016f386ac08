package io.dbwarden.sidecar.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The database behind the proxy and how the proxy logs in to it.
 *
 * @param address host and port of the PostgreSQL server
 * @param tls whether and how the proxy uses TLS towards the database
 * @param caCertificate PEM CA bundle used with {@link TlsMode#VERIFY_FULL} (null: JDK trust store)
 * @param credentials the proxy's own login; null for passthrough of the client's login
 */
public record UpstreamConfig(
    InetSocketAddress address, TlsMode tls, Path caCertificate, Credentials credentials) {

  public UpstreamConfig {
    Objects.requireNonNull(address, "address must not be null");
    Objects.requireNonNull(tls, "tls must not be null");
  }

  /** True when clients log in to the database themselves and the proxy relays their login. */
  public boolean passthrough() {
    return credentials == null;
  }

  /** TLS towards the database, named like libpq's sslmode values they correspond to. */
  public enum TlsMode {
    /** Plaintext. */
    DISABLE,
    /** TLS without verifying the server's certificate. */
    REQUIRE,
    /** TLS with certificate chain and host name verification. */
    VERIFY_FULL
  }

  /**
   * The proxy's database login. Clients never see the password.
   *
   * @param user database role
   * @param password its password (for SCRAM-SHA-256, MD5 or cleartext, whichever the server asks)
   */
  public record Credentials(String user, String password) {
    public Credentials {
      Objects.requireNonNull(user, "user must not be null");
      Objects.requireNonNull(password, "password must not be null");
    }

    @Override
    public String toString() {
      return "Credentials[user=" + user + ", password=***]";
    }
  }
}
