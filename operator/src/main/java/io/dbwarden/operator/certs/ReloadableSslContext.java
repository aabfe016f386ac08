package io.dbwarden.operator.certs;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * The webhook server's TLS context, replaced when the certificate changes. The server asks for it
 * once per accepted connection, so connections already open finish on the old certificate and new
 * ones get the new one: no restart, no dropped request.
 */
public final class ReloadableSslContext implements Supplier<SslContext> {

  private record Loaded(WebhookTls tls, SslContext context) {}

  private final AtomicReference<Loaded> current = new AtomicReference<>();

  /**
   * Serves {@code tls} from now on.
   *
   * @return whether the serving certificate changed
   * @throws IllegalArgumentException when Netty cannot read the certificate or key
   */
  public synchronized boolean update(WebhookTls tls) {
    Loaded loaded = current.get();
    if (loaded != null && loaded.tls().sameServingCertificate(tls)) {
      return false;
    }
    try {
      SslContext context =
          SslContextBuilder.forServer(stream(tls.certificatePem()), stream(tls.keyPem())).build();
      current.set(new Loaded(tls, context));
      return true;
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the webhook certificate or key cannot be loaded", e);
    }
  }

  /**
   * The context for a new connection.
   *
   * @throws IllegalStateException before the first {@link #update}
   */
  @Override
  public SslContext get() {
    Loaded loaded = current.get();
    if (loaded == null) {
      throw new IllegalStateException("no webhook certificate is loaded yet");
    }
    return loaded.context();
  }

  private static ByteArrayInputStream stream(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
