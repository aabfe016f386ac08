package io.dbwarden.operator.certs;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * PEM text of certificates and PKCS#8 private keys (RFC 7468), the form Kubernetes TLS Secrets,
 * {@code caBundle} and Netty's {@code SslContextBuilder} all take.
 */
public final class Pem {

  private static final Base64.Encoder BASE64 =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pem() {}

  /** {@code certificate} as one PEM block. */
  public static String encode(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the certificate cannot be encoded", e);
    }
  }

  /** {@code key} as one PKCS#8 {@code PRIVATE KEY} block. */
  public static String encode(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("the key is " + key.getFormat() + ", not PKCS#8");
    }
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** Every certificate in {@code pem}, in order. */
  public static List<X509Certificate> certificates(String pem) {
    Objects.requireNonNull(pem, "pem must not be null");
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .stream()
          .map(X509Certificate.class::cast)
          .toList();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not PEM certificates", e);
    }
  }

  /** The PKCS#8 key in {@code pem}; {@code algorithm} is its key algorithm, e.g. {@code EC}. */
  public static PrivateKey privateKey(String pem, String algorithm) {
    Objects.requireNonNull(pem, "pem must not be null");
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance(algorithm)
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PKCS#8 " + algorithm + " private key", e);
    }
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + BASE64.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
