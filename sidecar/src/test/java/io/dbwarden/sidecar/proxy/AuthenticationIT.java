package io.dbwarden.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.identity.JwtAuthenticator;
import io.dbwarden.sidecar.identity.JwtSettings;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/**
 * How clients prove who they are to the proxy, and how the proxy logs in to the database: SCRAM
 * against the users file, TLS, JWTs, workload identity, passthrough, and the proxy's own MD5 and
 * SCRAM logins. Every refusal is checked for its SQLSTATE, its message, its audit event, and for
 * not leaking a secret.
 */
@ExtendWith(PostgresExtension.class)
class AuthenticationIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedPostgres postgres;
  @TempDir static Path dir;
  private static TestCertificates certificates;

  @BeforeAll
  static void setUp(EmbeddedPostgres server) throws Exception {
    postgres = server;
    certificates = TestCertificates.create(dir);
  }

  /** The SQLSTATE and message of the ErrorResponse the proxy (or the server) sent. */
  private static PSQLException refusal(ProxyFixture proxy, String user, String password) {
    return refusal(proxy, user, password, "");
  }

  private static PSQLException refusal(
      ProxyFixture proxy, String user, String password, String parameters) {
    PSQLException e =
        catchThrowableOfType(
            PSQLException.class, () -> proxy.connect(user, password, parameters).close());
    assertThat((Throwable) e).as("the login must be refused").isNotNull();
    assertThat(e.getServerErrorMessage()).as("an ErrorResponse from the proxy").isNotNull();
    return e;
  }

  private static String serverMessage(PSQLException e) {
    return e.getServerErrorMessage().getMessage();
  }

  private static List<AuditEvent> connectionEvents(ProxyFixture proxy, String event) {
    return proxy.audit().matching(e -> e.type().equals("connection") && event.equals(e.event()));
  }

  /** Every audit event as the JSON line it would be written as. */
  private static String auditJson(ProxyFixture proxy) throws JsonProcessingException {
    StringBuilder all = new StringBuilder();
    for (AuditEvent event : proxy.audit().events()) {
      all.append(JSON.writeValueAsString(event)).append('\n');
    }
    return all.toString();
  }

  private static void assertNoSecrets(ProxyFixture proxy, Throwable error, String... secrets)
      throws JsonProcessingException {
    String audit = auditJson(proxy);
    String message = error == null ? "" : error.getMessage();
    String serverMessage =
        error instanceof PSQLException p && p.getServerErrorMessage() != null
            ? p.getServerErrorMessage().toString()
            : "";
    for (String secret : secrets) {
      assertThat(audit).as("audit events").doesNotContain(secret);
      assertThat(message).as("client error").doesNotContain(secret);
      assertThat(serverMessage).as("client error fields").doesNotContain(secret);
    }
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ScramAgainstTheUsersFile {

    private ProxyFixture proxy;

    @BeforeAll
    void start() {
      proxy = ProxyFixture.builder(postgres).start();
    }

    @AfterAll
    void stop() {
      proxy.close();
    }

    @BeforeEach
    void clearAudit() {
      proxy.audit().clear();
    }

    @Test
    void aliceLogsInWithScramAndIsAudited() throws SQLException {
      try (Connection connection = proxy.connect()) {
        assertThat(count(connection, "select count(*) from customers")).isEqualTo(500);
      }
      List<AuditEvent> authenticated = connectionEvents(proxy, "authenticated");
      assertThat(authenticated).hasSize(1);
      AuditEvent.IdentityInfo identity = authenticated.get(0).identity();
      assertThat(identity.kind()).isEqualTo("User");
      assertThat(identity.name()).isEqualTo(ProxyFixture.ALICE);
      assertThat(identity.groups()).containsExactly("analysts");
      assertThat(identity.method()).isEqualTo("scram");
      assertThat(authenticated.get(0).database()).isEqualTo(SampleSchema.DATABASE);
    }

    @Test
    void wrongPasswordIsInvalidPassword() throws Exception {
      PSQLException e = refusal(proxy, ProxyFixture.ALICE, "not-alice-secret");
      assertThat(e.getSQLState()).isEqualTo("28P01");
      assertThat(serverMessage(e)).isEqualTo("password authentication failed for user \"alice\"");
      assertNoSecrets(proxy, e, "not-alice-secret", ProxyFixture.ALICE_PASSWORD);
    }

    @Test
    void unknownUserFailsExactlyLikeAWrongPassword() throws Exception {
      String wrongPassword =
          serverMessage(refusal(proxy, ProxyFixture.ALICE, "guess-1"))
              .replace(ProxyFixture.ALICE, "<user>");
      PSQLException unknown = refusal(proxy, "mallory", "guess-2");
      assertThat(unknown.getSQLState()).isEqualTo("28P01");
      assertThat(serverMessage(unknown).replace("mallory", "<user>")).isEqualTo(wrongPassword);
      List<AuditEvent> refused = connectionEvents(proxy, "refused");
      assertThat(refused).hasSize(2);
      assertThat(refused.get(0).result().error().replace(ProxyFixture.ALICE, "<user>"))
          .isEqualTo(refused.get(1).result().error().replace("mallory", "<user>"));
      assertNoSecrets(proxy, unknown, "guess-1", "guess-2");
    }

    @Test
    void refusalsAreAuditedWithTheirSqlStateAndWithoutThePassword() throws Exception {
      PSQLException e = refusal(proxy, ProxyFixture.BOB, "bob-wrong-password");
      List<AuditEvent> refused = connectionEvents(proxy, "refused");
      assertThat(refused).hasSize(1);
      assertThat(refused.get(0).result().sqlstate()).isEqualTo("28P01");
      assertThat(refused.get(0).result().error()).contains("password authentication failed");
      assertThat(refused.get(0).identity()).as("no identity was established").isNull();
      assertThat(connectionEvents(proxy, "authenticated")).isEmpty();
      assertNoSecrets(proxy, e, "bob-wrong-password", ProxyFixture.BOB_PASSWORD);
    }

    @Test
    void bobLogsInWithHisOwnGroups() throws SQLException {
      try (Connection connection = proxy.connect(ProxyFixture.BOB, ProxyFixture.BOB_PASSWORD, "")) {
        assertThat(count(connection, "select 1")).isEqualTo(1);
      }
      AuditEvent.IdentityInfo identity = connectionEvents(proxy, "authenticated").get(0).identity();
      assertThat(identity.name()).isEqualTo(ProxyFixture.BOB);
      assertThat(identity.groups()).containsExactly("dba");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ClientTls {

    private ProxyFixture proxy;

    @BeforeAll
    void start() {
      proxy = ProxyFixture.builder(postgres).clientTls(certificates, false).start();
    }

    @AfterAll
    void stop() {
      proxy.close();
    }

    @Test
    void verifyFullAgainstTheTestCaWorks() throws SQLException {
      try (Connection connection =
          proxy.connect(
              ProxyFixture.ALICE,
              ProxyFixture.ALICE_PASSWORD,
              "sslmode=verify-full&sslrootcert=" + certificates.caCertificate())) {
        assertThat(count(connection, "select count(*) from orders")).isEqualTo(5000);
      }
    }

    @Test
    void plaintextIsRefusedWhenTlsIsRequired() throws Exception {
      proxy.audit().clear();
      PSQLException e =
          refusal(proxy, ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "sslmode=disable");
      assertThat(e.getSQLState()).isEqualTo("28000");
      assertThat(serverMessage(e)).contains("TLS");
      assertThat(connectionEvents(proxy, "refused"))
          .singleElement()
          .satisfies(r -> assertThat(r.result().sqlstate()).isEqualTo("28000"));
      assertNoSecrets(proxy, e, ProxyFixture.ALICE_PASSWORD);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Jwt {

    private static final String AUDIENCE = "dbwarden";

    private RSAKey rsa;
    private ECKey ec;
    private RSAKey forger;
    private JwtAuthenticator authenticator;
    private ProxyFixture proxy;
    private final List<String> tokens = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
      rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
      ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
      forger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
      Path jwks = Files.createTempFile(dir, "jwks", ".json");
      Files.writeString(jwks, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
      authenticator =
          new JwtAuthenticator(new JwtSettings(jwks.toString(), AUDIENCE, null, null, null, null));
      proxy =
          ProxyFixture.builder(postgres).clientTls(certificates, false).jwt(authenticator).start();
    }

    @AfterAll
    void stop() {
      proxy.close();
    }

    @BeforeEach
    void clearAudit() {
      proxy.audit().clear();
    }

    private JWTClaimsSet.Builder claims() {
      Instant now = Instant.now();
      return new JWTClaimsSet.Builder()
          .issuer("https://idp.example.com")
          .audience(AUDIENCE)
          .subject("00u1carol")
          .claim("email", "carol@example.com")
          .claim("groups", List.of("analysts", "support"))
          .issueTime(Date.from(now.minusSeconds(60)))
          .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }

    private String sign(JWSSigner signer, JWSAlgorithm algorithm, String kid, JWTClaimsSet claims)
        throws JOSEException {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
      jwt.sign(signer);
      String token = jwt.serialize();
      tokens.add(token);
      return token;
    }

    private String rs256(JWTClaimsSet claims) throws JOSEException {
      return sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, rsa.getKeyID(), claims);
    }

    /** The token and its signature alone, neither of which may appear anywhere. */
    private String[] secretsOf(String token) {
      return new String[] {token, token.substring(token.lastIndexOf('.') + 1)};
    }

    private void logsInAsCarol(String token) throws SQLException {
      try (Connection connection = proxy.connect("carol", token, "sslmode=require")) {
        assertThat(count(connection, "select count(*) from customers")).isEqualTo(500);
      }
      AuditEvent.IdentityInfo identity = connectionEvents(proxy, "authenticated").get(0).identity();
      assertThat(identity.kind()).isEqualTo("User");
      assertThat(identity.name()).isEqualTo("carol@example.com");
      assertThat(identity.groups()).containsExactly("analysts", "support");
      assertThat(identity.method()).isEqualTo("jwt");
    }

    @Test
    void rs256TokenLogsInAsItsEmail() throws Exception {
      String token = rs256(claims().build());
      logsInAsCarol(token);
      assertNoSecrets(proxy, null, secretsOf(token));
    }

    @Test
    void es256TokenLogsInAsItsEmail() throws Exception {
      String token = sign(new ECDSASigner(ec), JWSAlgorithm.ES256, ec.getKeyID(), claims().build());
      logsInAsCarol(token);
      assertNoSecrets(proxy, null, secretsOf(token));
    }

    @Test
    void staticUsersStillLogInWithTheirPasswordOverTls() throws SQLException {
      try (Connection connection =
          proxy.connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "sslmode=require")) {
        assertThat(count(connection, "select 1")).isEqualTo(1);
      }
      AuditEvent.IdentityInfo identity = connectionEvents(proxy, "authenticated").get(0).identity();
      assertThat(identity.name()).isEqualTo(ProxyFixture.ALICE);
      assertThat(identity.method()).isEqualTo("password");
    }

    private void refused(String token, String sqlState, Consumer<String> message) throws Exception {
      PSQLException e = refusal(proxy, "carol", token, "sslmode=require");
      assertThat(e.getSQLState()).isEqualTo(sqlState);
      message.accept(serverMessage(e));
      assertThat(connectionEvents(proxy, "refused"))
          .singleElement()
          .satisfies(r -> assertThat(r.result().sqlstate()).isEqualTo(sqlState));
      assertThat(connectionEvents(proxy, "authenticated")).isEmpty();
      assertNoSecrets(proxy, e, secretsOf(token));
    }

    @Test
    void expiredTokenIsInvalidPassword() throws Exception {
      Instant past = Instant.now().minus(Duration.ofHours(2));
      String token =
          rs256(
              claims()
                  .issueTime(Date.from(past))
                  .expirationTime(Date.from(past.plus(Duration.ofMinutes(10))))
                  .build());
      refused(token, "28P01", m -> assertThat(m).contains("expired"));
    }

    @Test
    void tokenForgedWithAnotherKeyUnderTheSameKidIsInvalidPassword() throws Exception {
      String token =
          sign(new RSASSASigner(forger), JWSAlgorithm.RS256, forger.getKeyID(), claims().build());
      refused(token, "28P01", m -> assertThat(m).contains("signature"));
    }

    @Test
    void tokenForAnotherAudienceIsInvalidAuthorization() throws Exception {
      String token = rs256(claims().audience("some-other-app").build());
      refused(token, "28000", m -> assertThat(m).contains("audience"));
    }

    @Test
    void tokenWithoutTlsIsRefused() throws Exception {
      try (ProxyFixture plaintext =
          ProxyFixture.builder(postgres)
              .withoutUsers()
              .jwt(authenticator)
              .clientTls(certificates, true)
              .start()) {
        String token = rs256(claims().build());
        PSQLException e = refusal(plaintext, "carol", token, "sslmode=disable");
        assertThat(e.getSQLState()).isEqualTo("28000");
        assertThat(serverMessage(e)).contains("requires TLS");
        assertThat(connectionEvents(plaintext, "refused"))
            .singleElement()
            .satisfies(r -> assertThat(r.result().sqlstate()).isEqualTo("28000"));
        assertNoSecrets(plaintext, e, secretsOf(token));
      }
    }

    @AfterAll
    void noTokenWasEverAudited() throws JsonProcessingException {
      String audit = auditJson(proxy);
      for (String token : tokens) {
        assertThat(audit).doesNotContain(secretsOf(token));
      }
    }
  }

  @Test
  void workloadIdentityNeedsNoPassword() throws SQLException {
    Identity workload =
        new Identity(
            Identity.Kind.ServiceAccount, "shop/api", List.of(), null, Identity.Method.WORKLOAD);
    try (ProxyFixture proxy = ProxyFixture.builder(postgres).workload(workload).start();
        Connection connection = proxy.connect("whoever", "", "")) {
      assertThat(count(connection, "select count(*) from customers")).isEqualTo(500);
      AuditEvent.IdentityInfo identity = connectionEvents(proxy, "authenticated").get(0).identity();
      assertThat(identity.kind()).isEqualTo("ServiceAccount");
      assertThat(identity.name()).isEqualTo("shop/api");
      assertThat(identity.groups()).isEmpty();
      assertThat(identity.method()).isEqualTo("workload");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Passthrough {

    private ProxyFixture proxy;

    @BeforeAll
    void start() {
      proxy = ProxyFixture.builder(postgres).passthrough().start();
    }

    @AfterAll
    void stop() {
      proxy.close();
    }

    @BeforeEach
    void clearAudit() {
      proxy.audit().clear();
    }

    @Test
    void theClientsOwnDatabaseLoginIsRelayed() throws SQLException {
      try (Connection connection =
          proxy.connect(SampleSchema.APP_ROLE, PostgresExtension.APP_PASSWORD, "")) {
        assertThat(count(connection, "select count(*) from customers")).isEqualTo(500);
        try (Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery("select current_user")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo(SampleSchema.APP_ROLE);
        }
      }
      AuditEvent.IdentityInfo identity = connectionEvents(proxy, "authenticated").get(0).identity();
      assertThat(identity.name()).isEqualTo(SampleSchema.APP_ROLE);
      assertThat(identity.method()).isEqualTo("passthrough");
    }

    @Test
    void aWrongPasswordIsRefusedByTheServer() throws Exception {
      PSQLException e = refusal(proxy, SampleSchema.APP_ROLE, "not-the-app-password");
      assertThat(e.getSQLState()).isEqualTo("28P01");
      assertThat(serverMessage(e))
          .isEqualTo("password authentication failed for user \"" + SampleSchema.APP_ROLE + "\"");
      assertThat(connectionEvents(proxy, "refused"))
          .singleElement()
          .satisfies(r -> assertThat(r.result().sqlstate()).isEqualTo("28P01"));
      assertThat(connectionEvents(proxy, "authenticated")).isEmpty();
      assertNoSecrets(proxy, e, "not-the-app-password", PostgresExtension.APP_PASSWORD);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ProxyLoginToTheDatabase {

    private static final String MD5_ROLE = "dbw_auth_md5";
    private static final String MD5_PASSWORD = "md5-role-secret";
    private static final String SCRAM_ROLE = "dbw_auth_scram";
    private static final String SCRAM_PASSWORD = "scram-role-secret";

    @BeforeAll
    void createRoles() throws SQLException {
      createRole(MD5_ROLE, MD5_PASSWORD, "md5");
      createRole(SCRAM_ROLE, SCRAM_PASSWORD, "scram-sha-256");
      try (Connection admin = postgres.connect("postgres");
          PreparedStatement stored =
              admin.prepareStatement("select rolpassword from pg_authid where rolname = ?")) {
        stored.setString(1, MD5_ROLE);
        assertThat(storedPassword(stored)).startsWith("md5");
        stored.setString(1, SCRAM_ROLE);
        assertThat(storedPassword(stored)).startsWith("SCRAM-SHA-256$");
      }
    }

    private static String storedPassword(PreparedStatement stored) throws SQLException {
      try (ResultSet rs = stored.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }

    private static void createRole(String role, String password, String encryption)
        throws SQLException {
      try (Connection admin = postgres.connect("postgres");
          Statement statement = admin.createStatement()) {
        statement.execute("SET password_encryption = '" + encryption + "'");
        statement.execute("DROP ROLE IF EXISTS " + role);
        statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        statement.execute("GRANT CONNECT ON DATABASE " + SampleSchema.DATABASE + " TO " + role);
      }
      try (Connection shop = postgres.connect(SampleSchema.DATABASE);
          Statement statement = shop.createStatement()) {
        statement.execute("GRANT SELECT ON customers TO " + role);
      }
    }

    private void queriesAs(String role, String password) throws SQLException {
      try (ProxyFixture proxy =
              ProxyFixture.builder(postgres).upstreamCredentials(role, password).start();
          Connection connection = proxy.connect()) {
        assertThat(count(connection, "select count(*) from customers")).isEqualTo(500);
        try (Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery("select current_user")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo(role);
        }
      }
    }

    @Test
    void md5StoredPasswordLogsInWithMd5() throws SQLException {
      queriesAs(MD5_ROLE, MD5_PASSWORD);
    }

    @Test
    void scramStoredPasswordLogsInWithScram() throws SQLException {
      queriesAs(SCRAM_ROLE, SCRAM_PASSWORD);
    }

    @Test
    void aWrongUpstreamPasswordIsAConnectionFailureThatNamesNoCredentials() throws Exception {
      for (String role : List.of(MD5_ROLE, SCRAM_ROLE)) {
        String wrong = "wrong-upstream-password-for-" + role.length();
        try (ProxyFixture proxy =
            ProxyFixture.builder(postgres).upstreamCredentials(role, wrong).start()) {
          PSQLException e = refusal(proxy, ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD);
          assertThat(e.getSQLState()).as(role).isEqualTo("08006");
          assertThat(serverMessage(e)).as(role).doesNotContain(role).doesNotContain(wrong);
          assertThat(e.getMessage()).as(role).doesNotContain(role);
          await()
              .untilAsserted(
                  () ->
                      assertThat(connectionEvents(proxy, "refused"))
                          .singleElement()
                          .satisfies(r -> assertThat(r.result().sqlstate()).isEqualTo("08006")));
          assertNoSecrets(proxy, e, wrong, ProxyFixture.ALICE_PASSWORD);
        }
      }
    }
  }
}
