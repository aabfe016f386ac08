package io.dbwarden.operator.certs;

import java.util.Objects;

/**
 * A serving certificate and its key, as PEM.
 *
 * @param certificatePem the certificate
 * @param keyPem its PKCS#8 private key
 */
public record IssuedCertificate(String certificatePem, String keyPem) {

  public IssuedCertificate {
    Objects.requireNonNull(certificatePem, "certificatePem must not be null");
    Objects.requireNonNull(keyPem, "keyPem must not be null");
  }
}
