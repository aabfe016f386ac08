package io.dbwarden.sidecar.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the proxy needs to serve connections. Built by the CLI from flags, by the demo, and by
 * tests; immutable once built.
 *
 * @param listen where clients connect
 * @param upstream the database the proxy speaks for
 * @param clientTls TLS towards clients (null: no TLS offered)
 * @param authentication how clients prove who they are
 * @param limits resource limits and timeouts
 */
public record ProxyConfig(
    InetSocketAddress listen,
    UpstreamConfig upstream,
    ClientTlsConfig clientTls,
    AuthenticationConfig authentication,
    Limits limits) {

  public ProxyConfig {
    Objects.requireNonNull(listen, "listen must not be null");
    Objects.requireNonNull(upstream, "upstream must not be null");
    Objects.requireNonNull(authentication, "authentication must not be null");
    Objects.requireNonNull(limits, "limits must not be null");
  }

  /** The same configuration listening elsewhere. */
  public ProxyConfig withListen(InetSocketAddress address) {
    return new ProxyConfig(address, upstream, clientTls, authentication, limits);
  }

  /**
   * TLS offered to clients that send SSLRequest.
   *
   * @param certificateChain PEM certificate chain
   * @param privateKey PEM private key (PKCS#8)
   * @param allowPlaintext whether clients may also connect without TLS
   */
  public record ClientTlsConfig(Path certificateChain, Path privateKey, boolean allowPlaintext) {
    public ClientTlsConfig {
      Objects.requireNonNull(certificateChain, "certificateChain must not be null");
      Objects.requireNonNull(privateKey, "privateKey must not be null");
    }
  }

  /**
   * Resource limits. A zero duration turns a timeout off.
   *
   * @param maxConnections client connections served at once; more are refused with 53300
   * @param startupTimeout time a client has from connecting to being ready for queries
   * @param idleTimeout a connection with no traffic in either direction for this long is closed
   * @param maxMessageLength largest frontend message accepted, in bytes
   * @param shutdownGrace how long a graceful shutdown waits for in-flight statements
   */
  public record Limits(
      int maxConnections,
      Duration startupTimeout,
      Duration idleTimeout,
      int maxMessageLength,
      Duration shutdownGrace) {

    /** Backend messages may legitimately carry values up to PostgreSQL's 1 GB field limit. */
    public static final int MAX_BACKEND_MESSAGE_LENGTH = 0x3fffffff;

    public static Limits defaults() {
      return new Limits(
          1000, Duration.ofSeconds(10), Duration.ZERO, 64 * 1024 * 1024, Duration.ofSeconds(30));
    }

    public Limits {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1");
      }
      if (maxMessageLength < 1024) {
        throw new IllegalArgumentException("maxMessageLength must be at least 1024 bytes");
      }
      Objects.requireNonNull(startupTimeout, "startupTimeout must not be null");
      Objects.requireNonNull(idleTimeout, "idleTimeout must not be null");
      Objects.requireNonNull(shutdownGrace, "shutdownGrace must not be null");
    }
  }
}
