package io.dbwarden.operator.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificateRotationTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<String> NAMES =
      CertificateSettings.serviceNames("dbwarden-webhook", "dbwarden-system");

  private static CertificateRotation rotation(List<String> names, Duration caValidity) {
    return new CertificateRotation(
        new CertificateSettings(
            "dbwarden-system",
            "dbwarden-webhook-tls",
            names,
            true,
            "dbwarden",
            caValidity,
            Duration.ofDays(90),
            Duration.ofDays(30),
            Duration.ofHours(1)));
  }

  private static final CertificateRotation ROTATION = rotation(NAMES, Duration.ofDays(3650));

  private static WebhookTls first() {
    return ROTATION.next(Optional.empty(), NOW).orElseThrow();
  }

  @Test
  void aNewSecretGetsACaAndAServingCertificateForTheServiceNames() throws Exception {
    WebhookTls tls = first();
    X509Certificate ca = tls.signingCa();
    X509Certificate serving = tls.certificate();

    assertThat(tls.cas()).hasSize(1);
    assertThat(ca.getBasicConstraints()).isZero();
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    serving.verify(ca.getPublicKey());
    assertThat(serving.getBasicConstraints()).isEqualTo(-1);
    assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(serving.getSubjectAlternativeNames())
        .extracting(n -> String.valueOf(n.get(1)))
        .containsExactlyInAnyOrder(
            "dbwarden-webhook.dbwarden-system.svc",
            "dbwarden-webhook.dbwarden-system.svc.cluster.local");
    assertThat(serving.getNotBefore().toInstant()).isBefore(NOW);
    assertThat(serving.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(89)));
    assertThat(Pem.privateKey(tls.keyPem(), CertificateAuthority.KEY_ALGORITHM)).isNotNull();
  }

  @Test
  void goodCertificatesAreKept() {
    assertThat(ROTATION.next(Optional.of(first()), NOW.plus(Duration.ofDays(59)))).isEmpty();
  }

  @Test
  void aServingCertificateNearExpiryIsRenewedFromTheSameCa() throws Exception {
    WebhookTls old = first();
    WebhookTls renewed =
        ROTATION.next(Optional.of(old), NOW.plus(Duration.ofDays(61))).orElseThrow();

    assertThat(renewed.caBundlePem()).isEqualTo(old.caBundlePem());
    assertThat(renewed.caKeyPem()).isEqualTo(old.caKeyPem());
    assertThat(renewed.certificate().getSerialNumber())
        .isNotEqualTo(old.certificate().getSerialNumber());
    renewed.certificate().verify(old.signingCa().getPublicKey());
  }

  @Test
  void otherNamesGetANewServingCertificate() throws Exception {
    WebhookTls old = first();
    WebhookTls renamed =
        rotation(List.of("dbwarden.other.svc"), Duration.ofDays(3650))
            .next(Optional.of(old), NOW)
            .orElseThrow();
    assertThat(renamed.certificate().getSubjectAlternativeNames())
        .extracting(n -> String.valueOf(n.get(1)))
        .containsExactly("dbwarden.other.svc");
    assertThat(renamed.signingCa()).isEqualTo(old.signingCa());
  }

  @Test
  void aCaNearExpiryIsReplacedAndTheOldOneStaysTrustedUntilItExpires() throws Exception {
    CertificateRotation shortCa = rotation(NAMES, Duration.ofDays(100));
    WebhookTls old = shortCa.next(Optional.empty(), NOW).orElseThrow();
    WebhookTls rotated =
        shortCa.next(Optional.of(old), NOW.plus(Duration.ofDays(75))).orElseThrow();

    assertThat(rotated.signingCa()).isNotEqualTo(old.signingCa());
    assertThat(rotated.cas()).containsExactly(rotated.signingCa(), old.signingCa());
    rotated.certificate().verify(rotated.signingCa().getPublicKey());
    assertThat(shortCa.next(Optional.of(rotated), NOW.plus(Duration.ofDays(75)))).isEmpty();
  }

  @Test
  void serviceNamesAreTheShortAndTheClusterLocalSvcNames() {
    assertThat(CertificateSettings.serviceNames("w", "ns"))
        .containsExactly("w.ns.svc", "w.ns.svc.cluster.local");
  }
}
