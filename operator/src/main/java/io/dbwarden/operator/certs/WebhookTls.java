package io.dbwarden.operator.certs;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the webhook Secret holds, in the layout of a {@code kubernetes.io/tls} Secret as
 * cert-manager writes it: {@code tls.crt}, {@code tls.key} and {@code ca.crt}, plus {@code ca.key}
 * when the operator is its own CA.
 *
 * @param caBundlePem the CAs clients trust, the signing one first; after a CA rotation the previous
 *     CA follows until it expires, so replicas still serving the old certificate stay trusted
 * @param caKeyPem the signing CA's key; null when another party (cert-manager) signs
 * @param certificatePem the serving certificate
 * @param keyPem its key
 */
public record WebhookTls(
    String caBundlePem, String caKeyPem, String certificatePem, String keyPem) {

  static final String CA_BUNDLE = "ca.crt";
  static final String CA_KEY = "ca.key";
  static final String CERTIFICATE = "tls.crt";
  static final String KEY = "tls.key";

  public WebhookTls {
    Objects.requireNonNull(caBundlePem, "caBundlePem must not be null");
    Objects.requireNonNull(certificatePem, "certificatePem must not be null");
    Objects.requireNonNull(keyPem, "keyPem must not be null");
  }

  /** The content of {@code secret}; empty when a key is missing or not PEM of the right kind. */
  public static Optional<WebhookTls> fromSecret(Secret secret) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String caBundle = decode(data.get(CA_BUNDLE));
    String certificate = decode(data.get(CERTIFICATE));
    String key = decode(data.get(KEY));
    if (caBundle == null || certificate == null || key == null) {
      return Optional.empty();
    }
    WebhookTls tls = new WebhookTls(caBundle, decode(data.get(CA_KEY)), certificate, key);
    try {
      tls.certificate();
      tls.signingCa();
      if (tls.caKeyPem() != null) {
        Pem.privateKey(tls.caKeyPem(), CertificateAuthority.KEY_ALGORITHM);
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(tls);
  }

  /** A Secret named {@code name} in {@code namespace} holding this content. */
  public Secret toSecret(String namespace, String name) {
    SecretBuilder builder =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .addToLabels("app.kubernetes.io/managed-by", "dbwarden-operator")
            .endMetadata()
            .withType("kubernetes.io/tls")
            .addToData(CA_BUNDLE, encode(caBundlePem))
            .addToData(CERTIFICATE, encode(certificatePem))
            .addToData(KEY, encode(keyPem));
    if (caKeyPem != null) {
      builder.addToData(CA_KEY, encode(caKeyPem));
    }
    return builder.build();
  }

  /** The serving certificate (the first of {@code tls.crt}). */
  public X509Certificate certificate() {
    return first(certificatePem, CERTIFICATE);
  }

  /** The CA that signs (the first of {@code ca.crt}). */
  public X509Certificate signingCa() {
    return first(caBundlePem, CA_BUNDLE);
  }

  /** Every CA of the bundle. */
  public List<X509Certificate> cas() {
    return Pem.certificates(caBundlePem);
  }

  /** Whether the serving certificate and key are those of {@code other}. */
  public boolean sameServingCertificate(WebhookTls other) {
    return certificatePem.equals(other.certificatePem) && keyPem.equals(other.keyPem);
  }

  private static X509Certificate first(String pem, String key) {
    List<X509Certificate> certificates = Pem.certificates(pem);
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(key + " holds no certificate");
    }
    return certificates.get(0);
  }

  /** Whether {@code certificate} is valid at {@code instant}. */
  static boolean validAt(X509Certificate certificate, Instant instant) {
    return !instant.isBefore(certificate.getNotBefore().toInstant())
        && instant.isBefore(certificate.getNotAfter().toInstant());
  }

  private static String decode(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
