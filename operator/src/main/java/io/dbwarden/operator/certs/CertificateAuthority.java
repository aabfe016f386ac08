package io.dbwarden.operator.certs;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed CA that issues the webhook's serving certificates. Keys are ECDSA P-256, which
 * every Kubernetes API server accepts; certificates follow RFC 5280 (the CA is marked as one and
 * may only sign certificates, a serving certificate may only authenticate a TLS server).
 */
public final class CertificateAuthority {

  /** The key algorithm of every key made here, for {@link Pem#privateKey}. */
  public static final String KEY_ALGORITHM = "EC";

  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
    this.certificate = Objects.requireNonNull(certificate, "certificate must not be null");
    this.key = Objects.requireNonNull(key, "key must not be null");
  }

  /** A new CA named {@code commonName}, valid from {@code from} for {@code validity}. */
  public static CertificateAuthority create(String commonName, Instant from, Duration validity) {
    KeyPair pair = newKeyPair();
    X500Name name = new X500Name("CN=" + commonName);
    X509v3CertificateBuilder builder = builder(name, name, pair.getPublic(), from, validity);
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions().createSubjectKeyIdentifier(pair.getPublic()));
    } catch (CertIOException e) {
      throw new IllegalStateException("the CA certificate cannot be built", e);
    }
    return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
  }

  /** The CA stored as PEM, e.g. in the webhook Secret. */
  public static CertificateAuthority fromPem(String certificatePem, String keyPem) {
    List<X509Certificate> certificates = Pem.certificates(certificatePem);
    if (certificates.size() != 1) {
      throw new IllegalArgumentException("a CA needs exactly one certificate");
    }
    return new CertificateAuthority(certificates.get(0), Pem.privateKey(keyPem, KEY_ALGORITHM));
  }

  /**
   * A serving certificate for {@code names}: DNS names, or IP addresses written as literals.
   *
   * @param from the start of its validity
   * @param validity how long it is valid; it never outlives this CA
   */
  public IssuedCertificate issue(List<String> names, Instant from, Duration validity) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a serving certificate needs at least one name");
    }
    KeyPair pair = newKeyPair();
    Instant until = min(from.plus(validity), certificate.getNotAfter().toInstant());
    X509v3CertificateBuilder builder =
        builder(
            X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
            new X500Name("CN=" + names.get(0)),
            pair.getPublic(),
            from,
            Duration.between(from, until));
    GeneralName[] alternatives =
        names.stream().map(CertificateAuthority::generalName).toArray(GeneralName[]::new);
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives))
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              extensions().createAuthorityKeyIdentifier(certificate));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("the serving certificate cannot be built", e);
    }
    X509Certificate issued = sign(builder, key);
    return new IssuedCertificate(Pem.encode(issued), Pem.encode(pair.getPrivate()));
  }

  /** The CA's certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The CA's certificate as PEM. */
  public String certificatePem() {
    return Pem.encode(certificate);
  }

  /** The CA's private key as PKCS#8 PEM. */
  public String keyPem() {
    return Pem.encode(key);
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, PublicKey key, Instant from, Duration validity) {
    // RFC 5280 4.1.2.2: positive, unique per CA, at most 20 octets; 127 random bits are all three.
    BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
    return new JcaX509v3CertificateBuilder(
        issuer, serial, Date.from(from), Date.from(from.plus(validity)), subject, key);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("the certificate cannot be signed", e);
    }
  }

  private static GeneralName generalName(String name) {
    boolean address = name.matches("[0-9.]+") || name.contains(":");
    return new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name);
  }

  private static JcaX509ExtensionUtils extensions() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 for key identifiers is not available", e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 keys are not available", e);
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
