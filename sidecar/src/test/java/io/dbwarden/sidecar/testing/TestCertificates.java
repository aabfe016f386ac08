package io.dbwarden.sidecar.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA and a server certificate for localhost, written as PEM files. */
public final class TestCertificates {

  private final Path caCertificate;
  private final Path certificate;
  private final Path privateKey;

  private TestCertificates(Path caCertificate, Path certificate, Path privateKey) {
    this.caCertificate = caCertificate;
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  public static TestCertificates create(Path dir) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair caKeys = generator.generateKeyPair();
    KeyPair serverKeys = generator.generateKeyPair();
    X500Name caName = new X500Name("CN=dbwarden test CA");
    Instant now = Instant.now();
    X509Certificate ca =
        sign(
            new JcaX509v3CertificateBuilder(
                    caName,
                    BigInteger.ONE,
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))),
                    caName,
                    caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true)),
            caKeys);
    X509Certificate server =
        sign(
            new JcaX509v3CertificateBuilder(
                    caName,
                    BigInteger.TWO,
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))),
                    new X500Name("CN=localhost"),
                    serverKeys.getPublic())
                .addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(
                        new GeneralName[] {
                          new GeneralName(GeneralName.dNSName, "localhost"),
                          new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                        })),
            caKeys);
    Path caFile = dir.resolve("ca.crt");
    Path certFile = dir.resolve("server.crt");
    Path keyFile = dir.resolve("server.key");
    Files.writeString(caFile, pem(ca));
    Files.writeString(certFile, pem(server));
    Files.writeString(keyFile, pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null)));
    return new TestCertificates(caFile, certFile, keyFile);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  public Path caCertificate() {
    return caCertificate;
  }

  public Path certificate() {
    return certificate;
  }

  public Path privateKey() {
    return privateKey;
  }
}
