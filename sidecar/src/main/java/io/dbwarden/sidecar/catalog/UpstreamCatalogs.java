package io.dbwarden.sidecar.catalog;

import io.dbwarden.sidecar.config.UpstreamConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Builds the catalog service for the database the proxy fronts, with the proxy's own login. */
public final class UpstreamCatalogs {

  private UpstreamCatalogs() {}

  /**
   * A catalog service logging in as the proxy's role, with the same TLS settings as the proxy's
   * upstream connections. In passthrough mode the proxy has no login of its own, so names resolve
   * without a catalog.
   */
  public static CatalogService forUpstream(UpstreamConfig upstream) {
    if (upstream.passthrough()) {
      return CatalogService.none();
    }
    Properties login = new Properties();
    login.setProperty("user", upstream.credentials().user());
    login.setProperty("password", upstream.credentials().password());
    login.setProperty("ApplicationName", "dbwarden-catalog");
    login.setProperty("sslmode", sslMode(upstream.tls()));
    if (upstream.caCertificate() != null) {
      login.setProperty("sslrootcert", upstream.caCertificate().toString());
    }
    String host = upstream.address().getHostString();
    int port = upstream.address().getPort();
    return CatalogService.jdbc(
        database ->
            "jdbc:postgresql://"
                + (host.contains(":") ? "[" + host + "]" : host)
                + ":"
                + port
                + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8),
        login);
  }

  private static String sslMode(UpstreamConfig.TlsMode mode) {
    return switch (mode) {
      case DISABLE -> "disable";
      case REQUIRE -> "require";
      case VERIFY_FULL -> "verify-full";
    };
  }
}
