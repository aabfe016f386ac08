package io.dbwarden.sidecar.proxy;

import java.util.Set;

/**
 * The client encodings the proxy can read statements in. Statement text is read as UTF-8 (which
 * SQL_ASCII clients typing ASCII also produce); a client in another encoding would have its
 * statements judged on misread text, so it is refused instead.
 */
final class ClientEncoding {

  private static final Set<String> SUPPORTED = Set.of("UTF8", "UNICODE", "SQL_ASCII");

  private ClientEncoding() {}

  /** Null when {@code encoding} is supported, else the error message for the client. */
  static String refusal(String encoding) {
    if (encoding == null || SUPPORTED.contains(encoding.toUpperCase(java.util.Locale.ROOT))) {
      return null;
    }
    return "dbwarden: client_encoding " + encoding + " is not supported; use UTF8";
  }
}
