package io.dbwarden.sidecar.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthenticatorTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String AUDIENCE = "dbwarden";
  private static final String ISSUER = "https://idp.example.com";

  private static RSAKey rsa;
  private static ECKey ec;
  private static RSAKey otherRsaSameKid;

  @TempDir Path dir;
  private Path jwks;
  private JwtAuthenticator authenticator;

  @BeforeAll
  static void generateKeys() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    otherRsaSameKid = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
  }

  @BeforeEach
  void writeJwks() throws Exception {
    jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
    authenticator = authenticator(JwtSettings.of(jwks.toString(), AUDIENCE));
  }

  private static JwtAuthenticator authenticator(JwtSettings settings) throws Exception {
    return new JwtAuthenticator(settings, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(List.of(AUDIENCE, "other"))
        .subject("00u1abcd")
        .claim("email", "alice@example.com")
        .claim("groups", List.of("analysts", "support"))
        .issueTime(Date.from(NOW.minusSeconds(60)))
        .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))));
  }

  private static String sign(JWTClaimsSet claims) throws Exception {
    return sign(JWSAlgorithm.RS256, rsa.getKeyID(), new RSASSASigner(rsa), claims);
  }

  private static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims)
      throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  /** Asserts an AuthenticationException and returns an assertion on "SQLSTATE: message". */
  private AbstractStringAssert<?> assertFails(String token) {
    Throwable thrown = catchThrowable(() -> authenticator.authenticate(token));
    assertThat(thrown).isInstanceOf(AuthenticationException.class);
    AuthenticationException e = (AuthenticationException) thrown;
    assertThat(e.getMessage()).doesNotContain(token);
    return assertThat(e.sqlState() + ": " + e.getMessage());
  }

  @Test
  void acceptsRs256Token() throws Exception {
    assertThat(authenticator.authenticate(sign(claims().build())))
        .isEqualTo(
            new Identity(
                Identity.Kind.User,
                "alice@example.com",
                List.of("analysts", "support"),
                null,
                Identity.Method.JWT));
  }

  @Test
  void acceptsEs256TokenAndFallsBackToSub() throws Exception {
    String token =
        sign(
            JWSAlgorithm.ES256,
            ec.getKeyID(),
            new ECDSASigner(ec),
            claims().claim("email", null).build());

    Identity identity = authenticator.authenticate(token);

    assertThat(identity.name()).isEqualTo("00u1abcd");
    assertThat(identity.kind()).isEqualTo(Identity.Kind.User);
  }

  @Test
  void rejectsExpiredToken() throws Exception {
    assertFails(sign(claims().expirationTime(Date.from(NOW.minusSeconds(31))).build()))
        .isEqualTo("28P01: token expired");
  }

  @Test
  void toleratesClockSkew() throws Exception {
    String token = sign(claims().expirationTime(Date.from(NOW.minusSeconds(29))).build());

    assertThat(authenticator.authenticate(token).name()).isEqualTo("alice@example.com");
  }

  @Test
  void rejectsTokenWithoutExpiry() throws Exception {
    assertFails(sign(claims().expirationTime(null).build()))
        .isEqualTo("28000: token has no expiry (exp claim)");
  }

  @Test
  void rejectsTokenNotYetValid() throws Exception {
    assertFails(sign(claims().notBeforeTime(Date.from(NOW.plusSeconds(300))).build()))
        .isEqualTo("28P01: token is not yet valid");
  }

  @Test
  void rejectsWrongAudience() throws Exception {
    assertFails(sign(claims().audience("grafana").build()))
        .isEqualTo("28000: token audience does not include \"dbwarden\"");
  }

  @Test
  void checksIssuerWhenConfigured() throws Exception {
    authenticator =
        authenticator(new JwtSettings(jwks.toString(), AUDIENCE, ISSUER, null, null, null));

    assertThat(authenticator.authenticate(sign(claims().build())).name())
        .isEqualTo("alice@example.com");
    assertFails(sign(claims().issuer("https://evil.example.com").build()))
        .isEqualTo("28000: token issuer is not trusted");
  }

  @Test
  void rejectsTokenSignedByAnotherKeyWithSameKid() throws Exception {
    String forged =
        sign(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(otherRsaSameKid), claims().build());

    assertFails(forged).isEqualTo("28P01: token signature is not valid");
  }

  @Test
  void rejectsUnknownKid() throws Exception {
    String token =
        sign(JWSAlgorithm.RS256, "rsa-2", new RSASSASigner(otherRsaSameKid), claims().build());

    assertFails(token).isEqualTo("28P01: token signature is not valid");
  }

  @Test
  void rejectsTamperedPayload() throws Exception {
    String[] parts = sign(claims().build()).split("\\.");
    String otherPayload = sign(claims().claim("email", "root@example.com").build()).split("\\.")[1];

    assertFails(parts[0] + "." + otherPayload + "." + parts[2])
        .isEqualTo("28P01: token signature is not valid");
  }

  @Test
  void rejectsAlgNone() {
    assertFails(new PlainJWT(claims().build()).serialize())
        .isEqualTo("28P01: token algorithm none is not allowed; expected RS256 or ES256");
  }

  @Test
  void rejectsHs256SignedWithThePublicKey() throws Exception {
    byte[] publicKey = rsa.toRSAPublicKey().getEncoded();
    String confused =
        sign(JWSAlgorithm.HS256, rsa.getKeyID(), new MACSigner(publicKey), claims().build());

    assertFails(confused)
        .isEqualTo("28P01: token algorithm HS256 is not allowed; expected RS256 or ES256");
  }

  @Test
  void rejectsOtherRsaAlgorithms() throws Exception {
    String ps256 =
        sign(JWSAlgorithm.PS256, rsa.getKeyID(), new RSASSASigner(rsa), claims().build());

    assertFails(ps256)
        .isEqualTo("28P01: token algorithm PS256 is not allowed; expected RS256 or ES256");
  }

  @Test
  void rejectsMalformedTokens() {
    assertFails("abc.def.ghi").isEqualTo("28P01: password is not a valid token");
    assertFails("not a token").isEqualTo("28P01: password is not a valid token");
  }

  @Test
  void rejectsTokenWithoutSubject() throws Exception {
    assertFails(sign(claims().subject(null).claim("email", null).build()))
        .isEqualTo("28000: token has no subject (email or sub claim)");
  }

  @Test
  void usesConfiguredSubjectClaims() throws Exception {
    authenticator =
        authenticator(
            new JwtSettings(
                jwks.toString(), AUDIENCE, null, List.of("preferred_username"), "roles", null));
    String token =
        sign(claims().claim("preferred_username", "alice").claim("roles", "dba").build());

    Identity identity = authenticator.authenticate(token);

    assertThat(identity.name()).isEqualTo("alice");
    assertThat(identity.groups()).containsExactly("dba");
  }

  @Test
  void treatsAbsentGroupsAsNone() throws Exception {
    assertThat(authenticator.authenticate(sign(claims().claim("groups", null).build())).groups())
        .isEmpty();
  }

  @Test
  void rejectsMalformedGroupsAndSubject() throws Exception {
    assertFails(sign(claims().claim("groups", 42).build()))
        .isEqualTo("28000: token claim groups must be a list of strings");
    assertFails(sign(claims().claim("groups", List.of("a", 1)).build()))
        .isEqualTo("28000: token claim groups must be a list of strings");
    assertFails(sign(claims().claim("email", List.of("a@b.c")).build()))
        .isEqualTo("28000: token claim email must be a string");
  }

  @Test
  void keepsPersonAsNameAndAgentAsActor() throws Exception {
    String token =
        sign(
            claims()
                .claim("act", Map.of("sub", "agent:report-bot", "act", Map.of("sub", "older")))
                .build());

    Identity identity = authenticator.authenticate(token);

    assertThat(identity.name()).isEqualTo("alice@example.com");
    assertThat(identity.groups()).containsExactly("analysts", "support");
    assertThat(identity.actor()).isEqualTo("agent:report-bot");
  }

  @Test
  void rejectsActWithoutSub() throws Exception {
    assertFails(sign(claims().claim("act", Map.of("client_id", "x")).build()))
        .isEqualTo("28000: token claim act must be an object with a sub");
  }

  @Test
  void mapsServiceAccountSubject() throws Exception {
    String token =
        sign(
            claims()
                .claim("email", null)
                .claim("groups", null)
                .subject("system:serviceaccount:orders:api")
                .build());

    assertThat(authenticator.authenticate(token))
        .isEqualTo(
            new Identity(
                Identity.Kind.ServiceAccount, "orders/api", List.of(), null, Identity.Method.JWT));
  }

  @Test
  void recognisesTokenShape() throws Exception {
    assertThat(JwtAuthenticator.looksLikeJwt(sign(claims().build()))).isTrue();
    assertThat(JwtAuthenticator.looksLikeJwt(new PlainJWT(claims().build()).serialize())).isTrue();
    assertThat(JwtAuthenticator.looksLikeJwt("hunter2")).isFalse();
    assertThat(JwtAuthenticator.looksLikeJwt("my.pass.word!")).isFalse();
    assertThat(JwtAuthenticator.looksLikeJwt("a.b")).isFalse();
    assertThat(JwtAuthenticator.looksLikeJwt("")).isFalse();
  }

  @Test
  void refusesInsecureOrMissingKeySources() {
    assertThatThrownBy(() -> new JwtAuthenticator(JwtSettings.of("http://idp/jwks", AUDIENCE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
    assertThatThrownBy(
            () -> new JwtAuthenticator(JwtSettings.of(dir.resolve("none.json").toString(), "a")))
        .isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> JwtSettings.of(jwks.toString(), " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsHttpsJwksUrlLazily() throws Exception {
    ThrowingCallable create =
        () -> new JwtAuthenticator(JwtSettings.of("https://idp.example.com/jwks", AUDIENCE));

    assertThat(catchThrowable(create)).isNull();
  }
}
