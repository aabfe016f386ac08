package io.dbwarden.operator.certs;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what the webhook Secret should hold next: nothing new while its certificates are good, a
 * new serving certificate from the same CA when the old one nears expiry or names other hosts, and
 * a new CA (with the old one kept in the bundle while it is valid) when the CA nears expiry.
 * Keeping the CA across serving-certificate renewals means the {@code caBundle} rarely changes, so
 * replicas that have not yet reloaded stay trusted.
 */
public final class CertificateRotation {

  /**
   * New certificates start this far in the past: an API server whose clock runs a little behind the
   * operator's must not see them as not yet valid.
   */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final String CA_NAME = "dbwarden-webhook-ca";

  private final CertificateSettings settings;

  public CertificateRotation(CertificateSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
  }

  /**
   * What should replace {@code current} at {@code now}; empty when it is good as it is.
   *
   * @param current the Secret's content, empty when there is none or it cannot be read
   */
  public Optional<WebhookTls> next(Optional<WebhookTls> current, Instant now) {
    Instant from = now.minus(CLOCK_SKEW);
    if (current.isEmpty()
        || current.get().caKeyPem() == null
        || renewDue(current.get().signingCa(), now)) {
      CertificateAuthority ca = CertificateAuthority.create(CA_NAME, from, settings.caValidity());
      String bundle = ca.certificatePem() + stillValidCas(current, now);
      return Optional.of(withServing(ca, bundle, from));
    }
    WebhookTls tls = current.get();
    if (renewDue(tls.certificate(), now)
        || !signedBy(tls.certificate(), tls.signingCa())
        || !names(tls.certificate()).equals(Set.copyOf(settings.names()))) {
      CertificateAuthority ca =
          CertificateAuthority.fromPem(Pem.encode(tls.signingCa()), tls.caKeyPem());
      return Optional.of(withServing(ca, tls.caBundlePem(), from));
    }
    return Optional.empty();
  }

  private WebhookTls withServing(CertificateAuthority ca, String bundle, Instant from) {
    IssuedCertificate serving = ca.issue(settings.names(), from, settings.servingValidity());
    return new WebhookTls(bundle, ca.keyPem(), serving.certificatePem(), serving.keyPem());
  }

  private boolean renewDue(X509Certificate certificate, Instant now) {
    return !WebhookTls.validAt(certificate, now.plus(settings.renewBefore()));
  }

  private static String stillValidCas(Optional<WebhookTls> current, Instant now) {
    if (current.isEmpty()) {
      return "";
    }
    StringBuilder kept = new StringBuilder();
    for (X509Certificate ca : current.get().cas()) {
      if (WebhookTls.validAt(ca, now)) {
        kept.append(Pem.encode(ca));
      }
    }
    return kept.toString();
  }

  private static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static Set<String> names(X509Certificate certificate) {
    Set<String> names = new HashSet<>();
    try {
      var alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alternative : alternatives) {
          names.add(String.valueOf(alternative.get(1)));
        }
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }
}
