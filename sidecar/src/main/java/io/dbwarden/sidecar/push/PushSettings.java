package io.dbwarden.sidecar.push;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a sidecar reaches the operator.
 *
 * @param operator the stream's URL, {@code ws://} or {@code wss://host:port/v1/sidecars/stream}
 * @param tokenFile the projected service-account token (audience {@code dbwarden}); read again on
 *     every connection, since the kubelet rotates it
 * @param pod the sidecar's pod, {@code namespace/name}
 * @param caFile PEM certificates to trust for {@code wss://}; null for the JDK's
 * @param auditInterval how often audit summaries are sent
 * @param backoff the delays between reconnection attempts
 */
public record PushSettings(
    URI operator,
    Path tokenFile,
    String pod,
    Path caFile,
    Duration auditInterval,
    Backoff backoff) {

  public PushSettings {
    Objects.requireNonNull(operator, "operator must not be null");
    Objects.requireNonNull(tokenFile, "tokenFile must not be null");
    Objects.requireNonNull(pod, "pod must not be null");
    Objects.requireNonNull(auditInterval, "auditInterval must not be null");
    Objects.requireNonNull(backoff, "backoff must not be null");
    String scheme = operator.getScheme();
    if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
      throw new IllegalArgumentException(
          "the operator URL must be ws:// or wss://, not " + operator);
    }
    if (!pod.matches("[^/]+/[^/]+")) {
      throw new IllegalArgumentException(
          "the pod must be namespace/name (--pod, or POD_NAMESPACE and POD_NAME), not '"
              + pod
              + "'");
    }
  }

  /** The pod's namespace, where its AccessGrants live. */
  public String namespace() {
    return pod.substring(0, pod.indexOf('/'));
  }

  /** Whether the stream runs over TLS. */
  boolean tls() {
    return "wss".equals(operator.getScheme());
  }

  /** The operator's port, the scheme's default when the URL has none. */
  int port() {
    return operator.getPort() > 0 ? operator.getPort() : tls() ? 443 : 80;
  }
}
