package io.dbwarden.operator.certs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookTlsTest {

  private static final WebhookTls TLS =
      new CertificateRotation(
              new CertificateSettings(
                  "ns",
                  "tls",
                  List.of("w.ns.svc"),
                  true,
                  "dbwarden",
                  Duration.ofDays(3650),
                  Duration.ofDays(90),
                  Duration.ofDays(30),
                  Duration.ofHours(1)))
          .next(Optional.empty(), Instant.now())
          .orElseThrow();

  @Test
  void aSecretRoundTrips() {
    Secret secret = TLS.toSecret("ns", "tls");
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(WebhookTls.fromSecret(secret)).contains(TLS);
  }

  @Test
  void aSecretMissingAKeyOrHoldingNoPemIsUnreadable() {
    Secret missing = TLS.toSecret("ns", "tls");
    missing.getData().remove("tls.crt");
    assertThat(WebhookTls.fromSecret(missing)).isEmpty();

    Secret brokenCaKey = TLS.toSecret("ns", "tls");
    brokenCaKey.getData().put("ca.key", Base64.getEncoder().encodeToString("not a key".getBytes()));
    assertThat(WebhookTls.fromSecret(brokenCaKey)).isEmpty();

    Secret notBase64 = TLS.toSecret("ns", "tls");
    notBase64.getData().put("ca.crt", "%%%");
    assertThat(WebhookTls.fromSecret(notBase64)).isEmpty();
  }
}
